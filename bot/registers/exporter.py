"""Writing registers to XLSX: exports that import back unchanged, and empty templates."""

from __future__ import annotations

import enum
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.registers.schema import Column, Kind, Register
from storage.models import ItemCategory

_CATEGORY = {ItemCategory.GENERAL: "一般", ItemCategory.KEY: "重点"}
_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_TEXT = "@"  # Excel's "Text" number format


def cell_text(column: Column, value: Any) -> str | None:
    """A value as the text that goes into its cell, as a person would type it.

    Every value is text: the reader turns "114.02" and "2026-03-01" back into the number and
    the date, while a text cell can never turn into a formula, a date serial number or a
    rounded 18-digit number.
    """
    if value is None:
        return None
    match column.kind:
        case Kind.BOOL:
            return "是" if value else "否"
        case Kind.TAGS:
            return "、".join(value) or None
        case Kind.CATEGORY:
            return _CATEGORY.get(value, str(value))
        case Kind.DATE:
            if isinstance(value, datetime):
                value = value.date()
            return value.isoformat() if isinstance(value, date) else str(value) or None
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    return str(value) or None


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    # XML cannot carry control characters such as \x01: leave them out rather than fail.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    # openpyxl turns text starting with "=" into a formula, and "#N/A" into an error.
    cell.data_type = "s"
    cell.number_format = _TEXT  # Excel keeps it text when someone edits the cell
    return cell


def _sheet(
    register: Register, title: str, required_marks: bool
) -> tuple[Workbook, WriteOnlyWorksheet]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index in range(1, len(register.columns) + 1):
        # New cells typed into the columns are text as well.
        sheet.column_dimensions[get_column_letter(index)].number_format = _TEXT
    header = []
    for column in register.columns:
        cell = WriteOnlyCell(
            sheet, value=column.header + ("*" if required_marks and column.required else "")
        )
        cell.font = _BOLD
        if column.required:
            cell.fill = _REQUIRED_FILL
        header.append(cell)
    sheet.append(header)
    return workbook, sheet


def _row(sheet: WriteOnlyWorksheet, register: Register, values: dict[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for column in register.columns:
        text = cell_text(column, values.get(column.field))
        cells.append(None if text is None else _text_cell(sheet, text))
    return cells


class XlsxWriter:
    """Rows (field -> value) under the register's headers, appended as they come."""

    def __init__(self, register: Register, title: str) -> None:
        self._register = register
        self._workbook, self._sheet = _sheet(register, title, required_marks=False)
        self.count = 0

    def append(self, values: dict[str, Any]) -> None:
        self._sheet.append(_row(self._sheet, self._register, values))
        self.count += 1

    def save(self, path: Path) -> None:
        self._workbook.save(path)


def write_template(register: Register, title: str, path: Path) -> None:
    """Headers (required ones marked *) and one example row."""
    workbook, sheet = _sheet(register, title, required_marks=True)
    sheet.append([_text_cell(sheet, column.example) if column.example else None
                  for column in register.columns])  # fmt: skip
    workbook.save(path)
