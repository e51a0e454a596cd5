"""Reading the files bureaus really have: XLSX, and CSV in UTF-8, UTF-8 with BOM or GBK.

The header row is found rather than assumed (exports often start with a merged title row),
merged cells are filled with their anchor's value, empty rows are skipped, and row numbers are
the ones a person sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from bot.registers.schema import Column, Register

HEADER_SCAN_ROWS = 15


class FileProblem(Exception):
    """The file as a whole cannot be imported; `code` names the text to show."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    """A register's view of one file: which column is which, then the data rows."""

    header_row: int
    width: int  # cells in the header row
    columns: dict[int, Column]  # cell index -> column
    unknown_headers: list[str]
    rows: Iterator[tuple[int, list[Any]]] = field(repr=False)


def _normalize_header(text: str) -> str:
    text = text.replace("（", "(").replace("）", ")")
    return re.sub(r"[\s*＊:：]|\(.*?\)", "", text).lower()


def _match_headers(register: Register, cells: list[Any]) -> tuple[dict[int, Column], list[str]]:
    lookup: dict[str, Column] = {}
    for column in register.columns:
        for name in (column.header, *column.aliases):
            lookup.setdefault(_normalize_header(name), column)
    matched: dict[int, Column] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        found = lookup.get(_normalize_header(text))
        if found is not None and found not in matched.values():
            matched[index] = found
        else:
            unknown.append(text)
    return matched, unknown


def _is_empty(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def open_table(path: Path, register: Register) -> Table:
    """Find the header in `path`; FileProblem if the file cannot serve `register`."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise FileProblem("unsupported_format", ext=suffix or "?")
    for number, cells in rows:
        if number > HEADER_SCAN_ROWS:
            break
        columns, unknown = _match_headers(register, cells)
        if not any(c.required for c in columns.values()):
            continue
        missing = [c.header for c in register.required if c not in columns.values()]
        if missing:
            raise FileProblem("missing_columns", columns="、".join(missing))
        data = ((n, c) for n, c in rows if not _is_empty(c))
        width = max(i for i, c in enumerate(cells) if c not in (None, "")) + 1
        return Table(number, width, columns, unknown, data)
    raise FileProblem("no_header", register=register.name)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileProblem("unreadable", reason=type(exc).__name__) from exc
    sheet = workbook.worksheets[0]
    # A merged cell keeps its value in the top-left cell only; give it to the whole range.
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, col).value = value
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, list(cells)


def detect_encoding(path: Path) -> str:
    """utf-8-sig for a BOM, utf-8 if the whole file decodes as such, else GB18030 (GBK)."""
    with path.open("rb") as stream:
        if stream.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := stream.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = detect_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as stream:
            first = stream.readline()
            delimiter = max(",\t;", key=first.count)
            stream.seek(0)
            reader = csv.reader(stream, delimiter=delimiter)
            for cells in reader:
                yield reader.line_num, list(cells)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileProblem("unreadable", reason=str(exc)) from exc
