"""A public notice: a title, a few labelled facts, a table, a footer; written as XLSX, CSV
(UTF-8 with BOM, CRLF: what Excel on Windows opens without asking) and a standalone printable
HTML page (inline CSS only, nothing fetched, every value escaped).

Values come from registers people typed or imported: a value starting with = + - @ is kept as
text everywhere (never a formula in Excel), and file names never carry path separators."""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

#: What makes Excel (and LibreOffice) read a cell of a CSV as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters no file name may carry (Windows' set, which includes both path separators).
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_MAX_WIDTH = 60
_TEXT_FORMAT = "@"


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: (label, value) lines between the title and the table (a draw's task facts).
    facts: tuple[tuple[str, str], ...] = ()
    #: Lines under the table (who publishes it, when).
    footer: tuple[str, ...] = field(default=())
    #: The XLSX sheet's name.
    sheet: str = "Notice"


def file_name(prefix: str, year: int, number: int, extension: str) -> str:
    """E.g. 结果公告-2026-003.xlsx; anything that could leave the folder is replaced."""
    # The prefix is cut so that the name stays under the 255 bytes of any disk.
    stem = _UNSAFE_NAME.sub("_", f"{prefix[:60]}-{year}-{number:03d}").strip(" .") or "notice"
    return f"{stem}.{extension}"


# --- XLSX -------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    # Wide (CJK) characters take two columns of Excel's default font.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_cell(sheet: Worksheet, row: int, column: int, value: str, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    # Set as a string explicitly: openpyxl would take "=..." for a formula.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    cell.number_format = _TEXT_FORMAT
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)


def xlsx_bytes(notice: Notice) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = _UNSAFE_NAME.sub("_", notice.sheet)[:31] or "Notice"
    columns = max(len(notice.headers), 2)
    _text_cell(sheet, 1, 1, notice.title, bold=True)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    row = 2
    for label, value in notice.facts:
        _text_cell(sheet, row, 1, label, bold=True)
        _text_cell(sheet, row, 2, value)
        if columns > 2:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=columns)
        row += 1
    if notice.facts:
        row += 1
    header_row = row
    for column, header in enumerate(notice.headers, 1):
        _text_cell(sheet, row, column, header, bold=True)
    for values in notice.rows:
        row += 1
        for column, value in enumerate(values, 1):
            if value:
                _text_cell(sheet, row, column, value)
    row += 1
    for line in notice.footer:
        row += 1
        _text_cell(sheet, row, 1, line)
    for column in range(1, len(notice.headers) + 1):
        cells = [
            notice.headers[column - 1],
            *(r[column - 1] for r in notice.rows if len(r) >= column),
        ]
        width = max((_display_width(v) for v in cells), default=8) + 2
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), _MAX_WIDTH)
    # A4, landscape, one page wide, the header row repeated on every printed page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.freeze_panes = f"A{header_row + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- CSV --------------------------------------------------------------------------------------


def _csv_value(value: str) -> str:
    # Excel evaluates "=..." even in a CSV; a leading apostrophe makes it show as text.
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_bytes(notice: Notice) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: the title, the facts, the table, the footer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_value(notice.title)])
    for label, value in notice.facts:
        writer.writerow([_csv_value(label), _csv_value(value)])
    writer.writerow([_csv_value(h) for h in notice.headers])
    for values in notice.rows:
        writer.writerow([_csv_value(v) for v in values])
    for line in notice.footer:
        writer.writerow([_csv_value(line)])
    return out.getvalue().encode("utf-8-sig")


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", sans-serif; margin: 2em auto;
  max-width: 1100px; padding: 0 1em; color: #000; line-height: 1.5; }
h1 { font-size: 1.4em; text-align: center; margin: 0 0 1em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0 0 1em; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { border: 1px solid #444; padding: .3em .5em; text-align: left; vertical-align: top;
  word-break: break-all; }
th { background: #eee; }
p.footer { margin: .3em 0; text-align: right; }
@page { size: A4 landscape; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  th { background: none; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
}
""".strip()


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def html_bytes(notice: Notice) -> bytes:
    """A standalone page: UTF-8, lang zh-CN, inline CSS, no script, nothing external."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(notice.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(notice.title)}</h1>",
    ]
    if notice.facts:
        parts.append('<dl class="facts">')
        parts.extend(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in notice.facts)
        parts.append("</dl>")
    parts.append("<table>")
    parts.append(
        "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in notice.headers) + "</tr></thead>"
    )
    parts.append("<tbody>")
    for values in notice.rows:
        parts.append("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in values) + "</tr>")
    parts.append("</tbody>")
    parts.append("</table>")
    parts.extend(f'<p class="footer">{_e(line)}</p>' for line in notice.footer)
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts).encode("utf-8")


def all_formats(notice: Notice) -> Sequence[tuple[str, bytes]]:
    """(extension, content) of the three files, in the order they are sent."""
    return (("xlsx", xlsx_bytes(notice)), ("csv", csv_bytes(notice)), ("html", html_bytes(notice)))
