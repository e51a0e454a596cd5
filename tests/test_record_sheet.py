"""The record sheet as XLSX: every field where a person looks for it, all text, printable."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.records.sheet import EvidenceLine, Member, RecordSheet, render_xlsx
from bot.texts import get_texts

SHEET = RecordSheet(
    bureau="西平县财政局",
    task_code="西财双随机〔2026〕第001号-003",
    draw_code="西财双随机〔2026〕第001号",
    target_name="西平县华德招标代理有限公司",
    uscc="91411721707182135J",
    address="柏城街道 1 号",
    legal_representative="张三",
    items=("XPCZ-001 会计信息质量检查",),
    window="2026-12-01 至 2026-12-31",
    check_date="2026-12-03",
    team=(
        Member("张建国", "41172120200001", "会计股", leader=True),
        Member("李秀英", "41172120200002", "监督检查股"),
    ),
    checkin="2026-12-03 09:12 张建国，距对象 120 米（精度 15 米）",
    methods=("实地检查", "书面检查"),
    results=("2 违反工商行政管理相关规定", "B 未按规定公示应当公示的信息"),
    findings="=SUM(A1:A9) 账簿设置不全",
    follow_up="责令改正，期限 2026-12-20",
    evidence=(
        EvidenceLine("照片", "IMG_0001.jpg", 2_400_000, "ab" * 32, "2026-12-03 09:20", "张建国"),
    ),
    version="第 1 版，已通过审核",
    generated_at="2026-12-05 10:00",
)


def test_the_sheet_holds_every_field_as_text() -> None:
    labels = get_texts("zh-CN").record_sheet_labels
    book = load_workbook(io.BytesIO(render_xlsx(SHEET, labels)))
    sheet = book.active
    assert sheet is not None
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "西平县财政局随机抽查情况记录表" in cells
    for expected in (SHEET.uscc, SHEET.task_code, SHEET.findings, "ab" * 32, "检查对象签字（盖章）",
                     "实地检查、书面检查", "张建国（41172120200001） 会计股（组长）\n"
                     "李秀英（41172120200002） 监督检查股"):  # fmt: skip
        assert expected in cells, expected
    findings = next(c for row in sheet.iter_rows() for c in row if c.value == SHEET.findings)
    assert findings.data_type == "s", "a finding that looks like a formula stays text"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1


def test_no_evidence_says_so() -> None:
    labels = get_texts("en").record_sheet_labels
    empty = RecordSheet(bureau="Bureau", task_code="T", draw_code="D", target_name="N", uscc="U")
    sheet = load_workbook(io.BytesIO(render_xlsx(empty, labels))).active
    assert sheet is not None
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert (
        "none" in values and "Evidence (0 items; SHA-256 to compare with the originals)" in values
    )
