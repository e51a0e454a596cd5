"""The statistics as an XLSX: one sheet per table, the header bold."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.stats.report import Cell as Value
from bot.stats.report import Table

_BOLD = Font(bold=True)
_TEXT = "@"
#: Excel's limit on a sheet name, and the characters it refuses in one.
_SHEET_NAME = 31
_NOT_IN_NAME = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _cell(sheet: WriteOnlyWorksheet, value: Value, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Names come from the registers: "=..." stays text, never a formula.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        cell.number_format = _TEXT
    if bold:
        cell.font = _BOLD
    return cell


def xlsx(tables: Sequence[Table]) -> bytes:
    book = Workbook(write_only=True)
    for table in tables:
        sheet: WriteOnlyWorksheet = book.create_sheet(
            table.title.translate(_NOT_IN_NAME)[:_SHEET_NAME]
        )
        sheet.append([_cell(sheet, header, bold=True) for header in table.headers])
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
