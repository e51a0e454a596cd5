"""Hostile register files are refused quickly and in bounded memory; real ones still read.

The hostile files are built here the way an attacker would: a tiny XLSX whose merged range
covers most of the sheet, deflate bombs written block by block (no gigabytes are ever held or
compressed by the test), rows with cells far to the right, forged zip directories.
"""

from __future__ import annotations

import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook, load_workbook

from bot.registers import reader
from bot.registers.reader import FileProblem, guess_register, open_table
from bot.registers.schema import CONFLICTS, INSPECTORS, ITEMS, TARGETS, Register
from bot.texts import get_texts
from tests.registers_data import (
    INSPECTOR_HEADER,
    INSPECTOR_ROWS,
    TARGET_HEADER,
    target_rows,
    write_csv,
    write_xlsx,
)

#: A hostile file is refused, reading at most this much memory (the real check: a bomb that
#: were read through would take gigabytes) and long before it could hang the bot. The time is
#: a generous guard, not a speed target: on a loaded 2-core machine the refusal took 3.1 s.
QUICK_SECONDS = 30.0
SMALL_PEAK = 32 * 1024 * 1024

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{RELS}/styles" Target="/xl/styles.xml"/>'
    "</Relationships>"
)
# Cell formats: 0 General, 1 a built-in date (14), 2 a custom date, 3 a custom number.
STYLES = (
    f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="165" formatCode="0.000"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook_xml(date1904: bool = False) -> str:
    return (
        f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'<workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_xml(rows: str, merges: Iterable[str] = (), tail: str = "") -> str:
    refs = list(merges)
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"<sheetData>{rows}</sheetData>"
        + (f'<mergeCells count="{len(refs)}">{merged}</mergeCells>' if refs else "")
        + tail
        + "</worksheet>"
    )


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(number: int, values: Iterable[Any]) -> str:
    from openpyxl.utils import get_column_letter

    cells = "".join(
        _cell(f"{get_column_letter(i)}{number}", v) for i, v in enumerate(values, start=1)
    )
    return f'<row r="{number}">{cells}</row>'


def _rows(header: list[str], rows: list[list[Any]], first: int = 1) -> str:
    return "".join(_row(first + i, r) for i, r in enumerate([header, *rows]))


def _write_xlsx(
    path: Path,
    sheet: str,
    strings: str = f'<sst xmlns="{MAIN}"/>',
    *,
    date1904: bool = False,
    extra: dict[str, bytes] | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook_xml(date1904))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _replace_sheet(path: Path, transform: Any) -> None:
    """Rewrite the first sheet's XML of an existing workbook (openpyxl wrote the rest)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = transform(parts[sheet].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# --- a zip written by hand: entries whose data is given already compressed ---------------------


class _Deflated:
    """A part given as raw deflate blocks (and its true CRC and size), never held whole."""

    def __init__(self, head: bytes, body: bytes, repeat: int, tail: bytes) -> None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.head = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        # After a full flush the compressor starts afresh: the same input, the same bytes.
        self.body = compressor.compress(body) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert compressor.compress(body) + compressor.flush(zlib.Z_FULL_FLUSH) == self.body
        self.tail = compressor.compress(tail) + compressor.flush()
        self.repeat = repeat
        self.size = len(head) + len(body) * repeat + len(tail)
        crc = zlib.crc32(head)
        for _ in range(repeat):
            crc = zlib.crc32(body, crc)
        self.crc = zlib.crc32(tail, crc)
        self.compressed_size = len(self.head) + len(self.body) * repeat + len(self.tail)

    def chunks(self) -> Iterator[bytes]:
        yield self.head
        for _ in range(self.repeat):
            yield self.body
        yield self.tail


def _deflated(data: bytes) -> _Deflated:
    return _Deflated(data, b"", 0, b"")


def _write_zip(path: Path, parts: dict[str, _Deflated]) -> Path:
    central = b""
    with path.open("wb") as stream:
        for name, part in parts.items():
            offset = stream.tell()
            encoded = name.encode()
            sizes = (part.crc, part.compressed_size, part.size, len(encoded), 0)
            stream.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, *sizes))
            stream.write(encoded)
            for chunk in part.chunks():
                stream.write(chunk)
            central += struct.pack(
                "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, offset
            )
            central += encoded
        start = stream.tell()
        stream.write(central)
        count = len(parts)
        stream.write(
            struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
        )
    return path


def _bomb(path: Path, rows: int) -> Path:
    """A workbook whose sheet holds `rows` identical rows: megabytes packed, gigabytes not."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
    body = _BOMB_ROW * 2000
    parts = {
        "[Content_Types].xml": _deflated(CONTENT_TYPES.encode()),
        "_rels/.rels": _deflated(ROOT_RELS.encode()),
        "xl/workbook.xml": _deflated(_workbook_xml().encode()),
        "xl/_rels/workbook.xml.rels": _deflated(WORKBOOK_RELS.encode()),
        "xl/styles.xml": _deflated(STYLES.encode()),
        "xl/sharedStrings.xml": _deflated(f'<sst xmlns="{MAIN}"/>'.encode()),
        "xl/worksheets/sheet1.xml": _Deflated(
            head.encode(), body, rows // 2000, b"</sheetData></worksheet>"
        ),
    }
    return _write_zip(path, parts)


_BOMB_ROW = (
    "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in TARGET_HEADER) + "</row>"
).encode()


# --- measuring ----------------------------------------------------------------------------------


def _read_all(path: Path, register: Register = TARGETS) -> list[tuple[int, list[Any]]]:
    table = open_table(path, register)
    return list(table.rows)


def _refused(path: Path, register: Register = TARGETS) -> tuple[FileProblem, float, int]:
    """The problem reading the whole file raised, how long it took, and the memory peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FileProblem) as caught:
            _read_all(path, register)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return caught.value, seconds, peak


def _assert_refused_quickly(path: Path, code: str, register: Register = TARGETS) -> FileProblem:
    problem, seconds, peak = _refused(path, register)
    assert problem.code == code, problem.params
    assert seconds < QUICK_SECONDS, f"took {seconds:.1f} s"
    assert peak < SMALL_PEAK, f"peak {peak / 1e6:.0f} MB"
    return problem


# --- the zip --------------------------------------------------------------------------------------


def test_deflate_bomb_over_the_unpacked_limit_is_refused_from_the_directory(
    tmp_path: Path,
) -> None:
    rows = reader.MAX_UNPACKED_BYTES // len(_BOMB_ROW) + 2000
    path = _bomb(tmp_path / "bomb.xlsx", rows)
    assert path.stat().st_size < 20 * 1024 * 1024  # small enough to send through Telegram
    problem = _assert_refused_quickly(path, "unpacked_too_big")
    assert problem.params["limit"] == reader.MAX_UNPACKED_BYTES // 1024 // 1024


def test_a_million_identical_rows_are_refused_by_their_compression_ratio(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 1_000_000)  # half a gigabyte of rows in a few MB
    problem = _assert_refused_quickly(path, "too_compressed")
    assert problem.params["part"] == "xl/worksheets/sheet1.xml"
    assert problem.params["ratio"] > reader.MAX_COMPRESSION_RATIO


def test_a_forged_directory_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    parts = {f"xl/media/{i}.xml": _deflated(b"<a/>") for i in range(reader.MAX_PARTS + 1)}
    path = _write_zip(tmp_path / "many.xlsx", parts)
    _assert_refused_quickly(path, "too_many_parts")


def test_a_real_export_is_well_within_the_zip_limits(tmp_path: Path) -> None:
    from bot.registers.exporter import XlsxWriter

    writer = XlsxWriter(TARGETS, "t")
    for row in target_rows(5000):
        writer.append({"uscc": row[0], "name": row[1] * 3, "region": row[2], "phone": row[6]})
    writer.save(tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size / sheet.compress_size < reader.MAX_COMPRESSION_RATIO / 4
    assert len(_read_all(tmp_path / "t.xlsx")) == 5000


# --- merged cells -------------------------------------------------------------------------------


def _small_targets_xlsx(path: Path) -> Path:
    return write_xlsx(path, TARGET_HEADER, target_rows(3), title="西平县检查对象名录")


def test_merged_range_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = _small_targets_xlsx(tmp_path / "merged.xlsx")
    _replace_sheet(path, lambda xml: xml.replace('ref="A1:H1"', 'ref="C3:XFD1048576"'))
    assert path.stat().st_size < 10_000
    problem = _assert_refused_quickly(path, "merged_too_large")
    assert problem.params["range"] == "C3:XFD1048576"


def test_merged_range_within_the_columns_but_too_tall_and_wide_is_refused(tmp_path: Path) -> None:
    path = _small_targets_xlsx(tmp_path / "merged.xlsx")
    _replace_sheet(path, lambda xml: xml.replace('ref="A1:H1"', 'ref="A5:GR1048576"'))
    _assert_refused_quickly(path, "too_many_merged")


def test_too_many_merged_ranges_are_refused(tmp_path: Path) -> None:
    merges = [f"A{r}:B{r}" for r in range(10, 10 + reader.MAX_MERGED_RANGES + 1)]
    sheet = _sheet_xml(_rows(TARGET_HEADER, target_rows(2)), merges)
    _assert_refused_quickly(_write_xlsx(tmp_path / "m.xlsx", sheet), "too_many_merged")


def test_merged_cells_fill_their_range_including_rows_missing_from_the_file(
    tmp_path: Path,
) -> None:
    rows = target_rows(4)
    body = _row(1, ["西平县检查对象名录"]) + _row(2, TARGET_HEADER)
    body += _row(3, rows[0]) + _row(4, rows[1])
    # Row 5 is not in the file at all: the region merged over C4:C6 still covers it.
    body += _row(6, [*rows[2][:2], None, *rows[2][3:]]) + _row(7, rows[3])
    merges = ["A1:H1", "C4:C6", "E7:E9"]  # the last one reaches past the file's end
    path = _write_xlsx(tmp_path / "m.xlsx", _sheet_xml(body, merges))
    table = open_table(path, TARGETS)
    assert table.header_row == 2
    data = dict(table.rows)
    assert sorted(data) == [3, 4, 5, 6, 7]
    assert data[4][2] == data[5][2] == data[6][2] == rows[1][2]
    assert data[5][:2] == [None, None]
    assert data[6][:2] == rows[2][:2]
    assert len(data[3]) == len(TARGET_HEADER)


# --- columns and rows ---------------------------------------------------------------------------


def test_a_value_far_to_the_right_is_refused_without_building_the_row(tmp_path: Path) -> None:
    rows = target_rows(2)
    body = _rows(TARGET_HEADER, rows) + _row(4, rows[0])[:-6] + '<c r="XFD4"><v>1</v></c></row>'
    _assert_refused_quickly(_write_xlsx(tmp_path / "xfd.xlsx", _sheet_xml(body)),
                            "too_many_columns")  # fmt: skip


def test_a_sheet_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    wide = [*TARGET_HEADER, *(f"备注{i}" for i in range(reader.MAX_COLUMNS))]
    sheet = _sheet_xml(_rows(wide, [["x"] * len(wide)]))
    problem = _assert_refused_quickly(_write_xlsx(tmp_path / "wide.xlsx", sheet),
                                      "too_many_columns")  # fmt: skip
    assert problem.params == {"row": 1, "limit": reader.MAX_COLUMNS}


def test_a_row_of_countless_empty_cells_is_refused(tmp_path: Path) -> None:
    rows = _rows(TARGET_HEADER, target_rows(2)) + '<row r="4">' + "<c/>" * 100_000 + "</row>"
    _assert_refused_quickly(_write_xlsx(tmp_path / "c.xlsx", _sheet_xml(rows)), "too_many_columns")


def test_empty_styled_cells_far_to_the_right_are_no_columns(tmp_path: Path) -> None:
    rows = target_rows(2)
    styled = "".join(f'<c r="{c}3" s="1"/>' for c in ("Z", "AZ", "XFD"))
    body = _rows(TARGET_HEADER, rows)
    body = body[: body.rindex("</row>")] + styled + "</row>"  # as formatting leaves them
    data = _read_all(_write_xlsx(tmp_path / "s.xlsx", _sheet_xml(body)))
    assert [len(cells) for _n, cells in data] == [len(TARGET_HEADER)] * 2


def test_a_row_beyond_excels_last_row_is_refused_while_reading(tmp_path: Path) -> None:
    rows = _rows(TARGET_HEADER, target_rows(2)) + _row(reader.MAX_ROWS + 1, target_rows(1)[0])
    table = open_table(_write_xlsx(tmp_path / "r.xlsx", _sheet_xml(rows)), TARGETS)
    data = iter(table.rows)
    assert next(data)[0] == 2  # the header was found; the limit is met further down
    next(data)
    with pytest.raises(FileProblem) as caught:
        next(data)
    assert caught.value.code == "too_many_rows"


def test_csv_with_too_many_columns(tmp_path: Path) -> None:
    header = [*TARGET_HEADER, *(f"备注{i}" for i in range(reader.MAX_COLUMNS))]
    path = write_csv(tmp_path / "wide.csv", header, [["x"] * len(header)])
    problem = _assert_refused_quickly(path, "too_many_columns")
    assert problem.params == {"row": 1, "limit": reader.MAX_COLUMNS}


def test_csv_trailing_empty_fields_are_no_columns(tmp_path: Path) -> None:
    rows = [[*row, *[""] * 300] for row in target_rows(3)]
    data = _read_all(write_csv(tmp_path / "t.csv", TARGET_HEADER, rows))
    assert [cells[:2] for _n, cells in data] == [row[:2] for row in rows]


def test_csv_with_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    line = b",,,,,,,\n"
    with path.open("wb") as stream:
        stream.write(",".join(TARGET_HEADER).encode() + b"\n")
        stream.write(line * reader.MAX_ROWS)
    with pytest.raises(FileProblem) as caught:
        _read_all(path)
    assert caught.value.code == "too_many_rows"


def test_csv_with_an_endless_line(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    path.write_bytes(",".join(TARGET_HEADER).encode() + b"\n" + b"x" * (3 * reader.MAX_LINE_CHARS))
    _assert_refused_quickly(path, "line_too_long")


# --- XML tricks ---------------------------------------------------------------------------------


def _noise(alphabet: str, size: int = 3_000_000) -> str:
    """Text that does not compress much (so that no compression limit is met first)."""
    return "".join(random.Random(size).choices(alphabet, k=size))


@pytest.mark.parametrize(
    "tail",
    [
        "<!-- " + _noise("ab<>") + " -->",  # a comment the parser would hold whole
        "<?x " + _noise("ab>") + "?>",  # a processing instruction
        '<hyperlinks a="' + _noise("ab>") + '"/>',  # one endless tag
    ],
)
def test_xml_the_parser_would_buffer_is_refused(tmp_path: Path, tail: str) -> None:
    sheet = _sheet_xml(_rows(TARGET_HEADER, target_rows(2)), tail=tail)
    problem = _assert_refused_quickly(_write_xlsx(tmp_path / "x.xlsx", sheet), "unreadable")
    assert "XML" in problem.params["reason"]


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + f']><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>'
    )
    sheet = _sheet_xml(_rows(TARGET_HEADER, target_rows(1)))
    path = _write_xlsx(tmp_path / "laughs.xlsx", sheet, strings=laughs)
    _assert_refused_quickly(path, "unreadable")


# --- what the file is ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["random.xlsx", "random.csv", "random.xlsm"])
def test_random_bytes_are_not_a_spreadsheet(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(random.Random(6).randbytes(64 * 1024))
    _assert_refused_quickly(path, "not_spreadsheet")


def test_binary_with_nul_bytes_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(",".join(TARGET_HEADER).encode() + b"\n\x00\x01\x02\x00" * 100)
    _assert_refused_quickly(path, "not_spreadsheet")


def test_a_zip_that_is_no_workbook_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    _assert_refused_quickly(path, "not_spreadsheet")


@pytest.mark.parametrize("name", ["old.xls", "renamed.xlsx", "renamed.csv"])
def test_old_excel_files_are_told_to_be_saved_as_xlsx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    problem = _assert_refused_quickly(path, "unsupported_format")
    assert problem.params == {"ext": ".xls"}


def test_an_xlsx_renamed_to_csv_is_still_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", TARGET_HEADER, target_rows(3))
    renamed = path.rename(tmp_path / "t.csv")
    assert [cells[0] for _n, cells in _read_all(renamed)] == [r[0] for r in target_rows(3)]


def test_utf16_text_from_excel_is_read(tmp_path: Path) -> None:
    rows = target_rows(3)
    text = "\r\n".join("\t".join(row) for row in [TARGET_HEADER, *rows])
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    assert [cells for _n, cells in _read_all(path)] == rows


def test_not_spreadsheet_text() -> None:
    assert "这不是 Excel 或 CSV 表格文件" in get_texts("zh-CN").problems["not_spreadsheet"]


# --- a file for another register ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "requested", "found"),
    [
        (INSPECTOR_HEADER, TARGETS, INSPECTORS),
        (["执法证号", "统一社会信用代码", "回避原因"], TARGETS, CONFLICTS),
        (["统一社会信用代码", "名称", "所属区域"], CONFLICTS, TARGETS),
        (["事项编码", "事项名称", "事项类别"], INSPECTORS, ITEMS),
        (INSPECTOR_HEADER, CONFLICTS, INSPECTORS),
    ],
)
def test_a_file_for_another_register_says_which(
    tmp_path: Path, header: list[str], requested: Register, found: Register
) -> None:
    assert guess_register([["某某局名录"], header], requested) is found
    path = write_xlsx(tmp_path / "f.xlsx", header, [["x"] * len(header)], title="名录")
    with pytest.raises(FileProblem) as caught:
        open_table(path, requested)
    assert caught.value.code == "other_register"
    assert caught.value.params["register"] == found.name
    text = get_texts("zh-CN").problems["other_register"].format(**caught.value.params)
    assert f"/import {found.name}" in text


def test_a_file_for_no_register_still_has_no_header(tmp_path: Path) -> None:
    assert guess_register([["公司", "地方"], ["名称"]], TARGETS) is None
    with pytest.raises(FileProblem) as caught:
        open_table(write_csv(tmp_path / "u.csv", ["公司", "地方"], [["a", "b"]]), TARGETS)
    assert caught.value.code == "no_header"


# --- real files still read as before ------------------------------------------------------------


def _openpyxl_rows(path: Path) -> list[list[Any]]:
    """The sheet's non-empty rows as openpyxl reads them whole, without trailing empties."""
    sheet = load_workbook(path, data_only=True).worksheets[0]
    found = []
    for cells in sheet.iter_rows(values_only=True):
        values = list(cells)
        while values and values[-1] is None:
            values.pop()
        if values:
            found.append(values)
    return found


def _reader_rows(path: Path) -> list[list[Any]]:
    found = []
    for _number, cells in reader._xlsx_rows(path):
        values = list(cells)
        while values and values[-1] is None:
            values.pop()
        if values:
            found.append(values)
    return found


def test_values_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    strings = (
        f'<sst xmlns="{MAIN}" count="4" uniqueCount="4">'
        "<si><t>统一社会信用代码</t></si>"
        '<si><r><t>西平县</t></r><r><rPr><b/></rPr><t xml:space="preserve">恒信 商贸</t></r>'
        '<rPh sb="0" eb="1"><t>XIPING</t></rPh></si>'
        "<si><t>a &amp; b &lt;c&gt;</t></si>"
        "<si><t>名称</t></si></sst>"
    )
    body = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c></row>'
        '<row r="3" spans="1:9"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c>'
        '<c r="C3" s="1"><v>45000</v></c><c r="D3" s="2"><v>45351.5</v></c>'
        '<c r="E3" s="3"><v>114.02</v></c><c r="F3"><v>914403001922038216</v></c>'
        '<c r="G3" t="b"><v>1</v></c><c r="H3"><f>1+1</f><v>2</v></c>'
        '<c r="I3" t="str"><f>A3&amp;"x"</f><v>西平县x</v></c></row>'
        '<row r="4"><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="inlineStr"><is><r><t>行</t></r>'
        '<r><t>内</t></r></is></c><c r="D4" s="1"/><c r="E4"><v>-1.5E-3</v></c></row>'
    )
    path = _write_xlsx(tmp_path / "v.xlsx", _sheet_xml(body), strings)
    expected = _openpyxl_rows(path)
    assert expected[1][2] == datetime(2023, 3, 15)  # the test file means what it says
    assert _reader_rows(path) == expected


def test_1904_dates(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>366</v></c></row>'
    path = _write_xlsx(tmp_path / "mac.xlsx", _sheet_xml(body), date1904=True)
    assert _reader_rows(path) == _openpyxl_rows(path) == [[datetime(1904, 1, 2),
                                                          datetime(1905, 1, 1)]]  # fmt: skip


def test_openpyxl_workbooks_read_the_same(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["西平县检查对象名录"])
    sheet.merge_cells("A1:E1")
    sheet.append(INSPECTOR_HEADER)
    for row in INSPECTOR_ROWS:
        sheet.append([*row[:4], datetime.fromisoformat(row[4]), int(row[5]), row[6]])
    sheet.append([])
    sheet.append(["文字", True, 3.25, None, None, None, "末列"])
    workbook.save(tmp_path / "o.xlsx")
    expected = _openpyxl_rows(tmp_path / "o.xlsx")
    expected[0] = ["西平县检查对象名录"] * 5  # the reader fills merged ranges
    assert _reader_rows(tmp_path / "o.xlsx") == expected


def test_streaming_keeps_memory_flat(tmp_path: Path) -> None:
    """Reading 25,000 rows holds about one chunk of them at a time, not the sheet."""
    rows = target_rows(25_000)
    sheet = _sheet_xml(_rows(TARGET_HEADER, rows))
    path = _write_xlsx(tmp_path / "big.xlsx", sheet)
    assert len(sheet.encode()) > 10 * 1024 * 1024
    tracemalloc.start()
    try:
        count = sum(1 for _ in open_table(path, TARGETS).rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 25_000
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"  # the sheet is over 10 MB


def test_shared_strings_are_kept_in_about_their_own_size(tmp_path: Path) -> None:
    count = 200_000
    strings = (
        f'<sst xmlns="{MAIN}">'
        + "".join(f"<si><t>西平县测试企业{i}有限公司</t></si>" for i in range(count))
        + "</sst>"
    )
    sheet = _sheet_xml(_rows(TARGET_HEADER, [])[:-6] + '<c r="I1" t="s"><v>199999</v></c></row>')
    path = _write_xlsx(tmp_path / "s.xlsx", sheet, strings)
    with zipfile.ZipFile(path) as archive:
        book = reader._workbook(archive)
        assert book.strings is not None
        tracemalloc.start()
        try:
            table = reader._shared_strings(archive, book.strings)
            kept = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
    assert table[count - 1] == f"西平县测试企业{count - 1}有限公司"
    assert kept < len(strings.encode()), "a Python object per string would take several times more"
