"""Writing registers to XLSX: exports that import back unchanged, and empty templates."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.registers.schema import Column, Kind, Register
from storage.models import ItemCategory

_CATEGORY = {ItemCategory.GENERAL: "一般", ItemCategory.KEY: "重点"}
_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def cell_text(column: Column, value: Any) -> Any:
    """A value as it goes into a cell (and as a person would type it)."""
    if value is None:
        return None
    match column.kind:
        case Kind.BOOL:
            return "是" if value else "否"
        case Kind.TAGS:
            return "、".join(value)
        case Kind.CATEGORY:
            return _CATEGORY.get(value, str(value))
        case Kind.DATE:
            return value if isinstance(value, date) else str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _sheet(
    register: Register, title: str, required_marks: bool
) -> tuple[Workbook, WriteOnlyWorksheet]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
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
        value = cell_text(column, values.get(column.field))
        if isinstance(value, date):
            # A real date cell (Excel shows and sorts it as a date), written as midnight.
            cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
            cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        else:
            cells.append(value)
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
    sheet.append([column.example for column in register.columns])
    workbook.save(path)
