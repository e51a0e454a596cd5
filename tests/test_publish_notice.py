"""The notice writers: each file reads back with the rows as given, Chinese intact, a
formula-like value stays text, the HTML page is standalone and escapes everything."""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser

import openpyxl

from bot.publish import Notice, csv_bytes, file_name, html_bytes, xlsx_bytes

TITLE = "西平县财政局2026年度第003号抽查任务检查结果公告"
HEADERS = ("任务编号", "检查对象名称", "统一社会信用代码", "检查完成日期", "检查结果", "备注")
ROWS = (
    ("双随机〔2026〕第001号-001", "西平县测试企业1有限公司", "91411721MA44XXXX1A", "2026-12-03",
     "未发现问题", "=HYPERLINK(\"http://evil\",\"点我\")"),
    ("双随机〔2026〕第001号-002", "<script>alert(1)</script>公司", "91411721MA44XXXX2B",
     "2026-12-04", "发现问题待后续处理；违反其他部门相关规定", "@SUM(1+1)"),
    ("双随机〔2026〕第001号-003", "西平县\"引号\"&商行", "91411721MA44XXXX3C", "2026-12-05",
     "未发现问题", ""),
)  # fmt: skip
NOTICE = Notice(TITLE, HEADERS, ROWS, facts=(("抽查事项", "会计信息质量检查"),),
                footer=("西平县财政局", "发布日期：2026-12-28"), sheet="公告")  # fmt: skip


def test_xlsx_reads_back_with_text_cells_and_a4_print_setup() -> None:
    content = xlsx_bytes(NOTICE)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    values = [tuple(v or "" for v in row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == TITLE
    header = values.index(HEADERS)
    assert values[header + 1 : header + 4] == list(ROWS)
    # Written as strings, never as formulas.
    for row in sheet.iter_rows(min_row=header + 2, max_row=header + 4):
        assert all(cell.data_type == "s" for cell in row if cell.value is not None)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.cell(row=header + 1, column=1).font.bold
    assert int(sheet.page_setup.paperSize or 0) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows is not None
    assert (sheet.column_dimensions["B"].width or 0) > 10


def test_csv_has_bom_crlf_and_the_rows() -> None:
    content = csv_bytes(NOTICE)
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == [TITLE]
    header = rows.index(list(HEADERS))
    body = rows[header + 1 : header + 4]
    assert [r[:5] for r in body] == [list(r[:5]) for r in ROWS]
    # A formula-like value is kept as text: Excel shows it, it does not run it.
    assert body[0][5] == "'" + ROWS[0][5] and body[1][5] == "'@SUM(1+1)"
    assert rows[-1] == ["发布日期：2026-12-28"]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self.title = ""
        self._cell: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_title:
            self.title += data


def test_html_is_standalone_escaped_and_printable() -> None:
    content = html_bytes(NOTICE)
    text = content.decode("utf-8")
    page = _Page()
    page.feed(text)
    page.close()
    assert text.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "zh-CN"}) in page.tags
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert page.title == TITLE
    assert page.rows[0] == list(HEADERS)
    assert page.rows[1:] == [list(r) for r in ROWS]
    names = {tag for tag, _attrs in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object"}
    assert not any("src" in attrs or "href" in attrs for _tag, attrs in page.tags)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@media print" in text and "Noto Sans CJK SC" in text


def test_file_names_keep_no_path_separators() -> None:
    assert file_name("结果公告", 2026, 3, "xlsx") == "结果公告-2026-003.xlsx"
    name = file_name("../公告/x\\y", 2026, 12, "csv")
    assert "/" not in name and "\\" not in name and name.endswith("-2026-012.csv")
