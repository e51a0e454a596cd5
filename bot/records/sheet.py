"""The record sheet (随机抽查情况记录表) of one task as an XLSX to print and sign: task, target,
team, dates, check-in, methods, results, findings, follow-up, and the evidence with hashes.

Telegram-free and database-free: a service gathers a `RecordSheet`, this writes it. Every cell
is text (a finding that starts with "=" stays words), printed on A4 at the page's width.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

#: Columns: a label, then the value over the other three (the evidence table uses all four).
_WIDTHS = {"A": 16.0, "B": 30.0, "C": 16.0, "D": 52.0}
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"  # what a Chinese office printer has; Excel substitutes where it does not


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    certificate: str
    department: str = ""
    leader: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    kind: str  # as shown: 照片, 视频, 文件…
    name: str
    size: int | None
    sha256: str
    sent_at: str  # local time, as shown
    sender: str


@dataclass(frozen=True, slots=True)
class RecordSheet:
    bureau: str
    task_code: str
    draw_code: str
    target_name: str
    uscc: str
    address: str = ""
    legal_representative: str = ""
    phone: str = ""
    items: tuple[str, ...] = ()
    window: str = ""
    check_date: str = ""
    team: tuple[Member, ...] = ()
    checkin: str = ""
    methods: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    findings: str = ""
    follow_up: str = ""
    remarks: str = ""
    evidence: tuple[EvidenceLine, ...] = field(default=())
    #: The result's version and state, e.g. "第 2 版，已通过审核".
    version: str = ""
    generated_at: str = ""


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(sheet: Worksheet, row: int, column: int, value: str, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = _text(value)
    cell.data_type = "s"  # text, never a formula
    cell.number_format = "@"
    cell.font = Font(name=_FONT, size=11, bold=bold)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.border = _BOX


def _field(sheet: Worksheet, row: int, label: str, value: str) -> int:
    _put(sheet, row, 1, label, bold=True)
    _put(sheet, row, 2, value)
    for column in (3, 4):
        _put(sheet, row, column, "")
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
    # Merged cells do not grow by themselves: room for the lines the text will wrap into.
    lines = sum(1 + len(part) // 50 for part in value.split("\n")) if value else 1
    sheet.row_dimensions[row].height = max(18.0, 15.0 * lines)
    return row + 1


def _size(size: int | None) -> str:
    if size is None:
        return ""
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size, 1) // 1024 or 1} KB"


def render_xlsx(sheet_data: RecordSheet, labels: Mapping[str, str]) -> bytes:
    """The sheet as XLSX bytes. `labels`: the catalog's record-sheet labels."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = labels["sheet"]
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    setup = sheet.sheet_properties.pageSetUpPr
    if setup is not None:
        setup.fitToPage = True
    sheet.print_options.horizontalCentered = True

    title = sheet.cell(row=1, column=1)
    title.value = _text(f"{sheet_data.bureau}{labels['title']}")
    title.data_type = "s"  # BUREAU_NAME is configured text: "=..." must not become a formula
    title.font = Font(name=_FONT, size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells("A1:D1")
    sheet.row_dimensions[1].height = 30.0

    d = sheet_data
    team = "\n".join(
        f"{m.name}（{m.certificate}）{' ' + m.department if m.department else ''}"
        f"{labels['leader'] if m.leader else ''}"
        for m in d.team
    )
    rows: Sequence[tuple[str, str]] = [
        ("task", d.task_code), ("draw", d.draw_code), ("target", d.target_name),
        ("uscc", d.uscc), ("address", d.address), ("legal_representative", d.legal_representative),
        ("phone", d.phone), ("items", "\n".join(d.items)), ("window", d.window),
        ("check_date", d.check_date), ("team", team), ("checkin", d.checkin),
        ("methods", "、".join(d.methods)), ("results", "\n".join(d.results)),
        ("findings", d.findings), ("follow_up", d.follow_up), ("remarks", d.remarks),
        ("version", d.version),
    ]  # fmt: skip
    row = 2
    for key, value in rows:
        row = _field(sheet, row, labels[key], value)

    row += 1
    headers = [labels["evidence_kind"], labels["evidence_name"], labels["evidence_sent"],
               labels["evidence_sha256"]]  # fmt: skip
    _put(sheet, row, 1, labels["evidence"].format(count=len(d.evidence)), bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    row += 1
    for column, header in enumerate(headers, 1):
        _put(sheet, row, column, header, bold=True)
    for line in d.evidence:
        row += 1
        _put(sheet, row, 1, line.kind)
        _put(sheet, row, 2, " ".join(p for p in (line.name, _size(line.size)) if p))
        _put(sheet, row, 3, f"{line.sent_at}\n{line.sender}")
        _put(sheet, row, 4, line.sha256)
        sheet.row_dimensions[row].height = 30.0
    if not d.evidence:
        row += 1
        _put(sheet, row, 1, labels["evidence_none"])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)

    row += 2
    for key in ("sign_inspectors", "sign_target"):
        _put(sheet, row, 1, labels[key], bold=True)
        _put(sheet, row, 2, "")
        _put(sheet, row, 3, labels["sign_date"], bold=True)
        _put(sheet, row, 4, "")
        sheet.row_dimensions[row].height = 40.0
        row += 1
    footer = sheet.cell(row=row + 1, column=1)
    footer.value = _text(labels["footer"].format(at=d.generated_at))
    footer.data_type = "s"
    footer.font = Font(name=_FONT, size=9, italic=True)
    sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=4)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
