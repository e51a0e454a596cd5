"""Reading the files bureaus really have: XLSX, and CSV in UTF-8, UTF-8 with BOM, GBK or UTF-16.

The header row is found rather than assumed (exports often start with a merged title row),
merged cells are filled with their anchor's value, empty rows are skipped, and row numbers are
the ones a person sees in Excel.

Files come from anyone with admin rights in a chat, so they are read as if hostile: the XLSX
zip directory is checked before anything is unpacked, the sheet is streamed (never loaded as a
whole) through a parser that keeps no tree, and every size that could grow memory or time is
capped by a named limit below and refused with a `FileProblem` that names it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import posixpath
import re
import struct
import zipfile
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from pathlib import Path
from typing import IO, Any, Literal
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from bot.registers.schema import REGISTERS, Column, Register

HEADER_SCAN_ROWS = 15

# --- limits ---------------------------------------------------------------------------------
# A register has at most 17 columns and, for the biggest bureaus, about a million rows. The
# limits leave such files importable with room to spare and refuse what no register needs.

#: Highest row number (Excel's own limit; a CSV with more rows cannot be opened in Excel).
MAX_ROWS = 1_048_576
#: Columns holding a value in any row (registers use up to 17; Excel allows 16,384).
MAX_COLUMNS = 200
#: Cells written in one XLSX row, with or without a value (Excel's column count, A…XFD).
MAX_ROW_CELLS = 16_384
#: Merged ranges in the sheet, and the cells they cover together (a whole column merged from
#: top to bottom by mistake is 1,048,576 cells; a title row is a handful).
MAX_MERGED_RANGES = 100_000
MAX_MERGED_CELLS = 10_000_000
#: Entries in the zip (a workbook has about ten) and the size of its directory (zipfile keeps
#: an object per entry it lists there).
MAX_PARTS = 10_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
#: All parts unpacked together. A million rows of 17 columns are about 1 GB of sheet XML.
MAX_UNPACKED_BYTES = 3 * 1024**3
#: The shared strings part: it is the one part kept in memory (compactly, about its own size).
MAX_SHARED_STRINGS_BYTES = 1024**3
#: Unpacked/packed size of one part (Apache POI refuses beyond 100 as well). Sheets compress
#: about 10:1; a deflate bomb reaches 1000:1. Parts under RATIO_GRACE_BYTES are not checked.
MAX_COMPRESSION_RATIO = 100
RATIO_GRACE_BYTES = 1024 * 1024
#: Characters kept of one cell (Excel's own limit); longer ones still fail a length check.
MAX_CELL_CHARS = 32_767
#: Bytes between two tags in XML. Bounds what the XML parser buffers for one token.
MAX_MARKUP_BYTES = 1024 * 1024
#: Characters in one CSV line (a register row is well under 100,000).
MAX_LINE_CHARS = 1_000_000

_CHUNK = 256 * 1024  # smaller than MAX_MARKUP_BYTES: see _guarded_chunks

FileCode = Literal[
    "unsupported_format",
    "not_spreadsheet",
    "unreadable",
    "missing_columns",
    "no_header",
    "other_register",
    "too_many_rows",
    "too_many_columns",
    "line_too_long",
    "too_many_merged",
    "merged_too_large",
    "too_many_parts",
    "unpacked_too_big",
    "too_compressed",
]


class FileProblem(Exception):
    """The file as a whole cannot be imported; `code` names the text to show."""

    def __init__(self, code: FileCode, **params: Any) -> None:
        super().__init__(code)
        self.code: FileCode = code
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


def _match_headers(register: Register, cells: Sequence[Any]) -> tuple[dict[int, Column], list[str]]:
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


#: For files that are not one register table (an annual plan) but use the same headers' rules.
normalize_header = _normalize_header
match_headers = _match_headers


def guess_register(rows: Iterable[Sequence[Any]], requested: Register) -> Register | None:
    """Another register whose header (all its required columns) is one of `rows`, if any.

    Tells "this is the inspector directory" from "this is not a register" when a file was
    sent with the wrong /import command. The best match (most columns) wins.
    """
    best: Register | None = None
    best_count = 0
    for cells in rows:
        for other in REGISTERS.values():
            if other is requested:
                continue
            columns, _unknown = _match_headers(other, cells)
            found = set(columns.values())
            if all(c in found for c in other.required) and len(found) > best_count:
                best, best_count = other, len(found)
    return best


def _is_empty(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


_Rows = Generator[tuple[int, list[Any]], None, None]
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_CSV_SUFFIXES = (".csv", ".txt")
_OLE2 = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and any other OLE2 compound file)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip


def open_table(path: Path, register: Register) -> Table:
    """Find the header in `path`; FileProblem if the file cannot serve `register`.

    Synchronous and without side effects; `rows` is consumed lazily and may raise
    FileProblem (a limit reached further down the file) while it is iterated.
    """
    rows, pad = _rows_of(path)
    try:
        return _find_header(rows, register, pad)
    except BaseException:
        rows.close()
        raise


def sheet_rows(path: Path) -> _Rows:
    """Every row of the file's first sheet as (number, cells), empty rows included, merged
    cells filled, under the same limits: for files that are not one table (an annual plan)."""
    return _rows_of(path)[0]


def _rows_of(path: Path) -> tuple[_Rows, bool]:
    """The rows, and whether they need padding to the header's width (XLSX)."""
    suffix = path.suffix.lower()
    if suffix not in (*_XLSX_SUFFIXES, *_CSV_SUFFIXES, ".xls"):
        raise FileProblem("unsupported_format", ext=suffix or "?")
    with path.open("rb") as stream:
        head = stream.read(8)
    # What the bytes are decides, not the name: a renamed file still gets the right answer.
    if head.startswith(_OLE2):
        raise FileProblem("unsupported_format", ext=".xls")
    if head.startswith(_ZIP):
        return _xlsx_rows(path), True
    if suffix in _XLSX_SUFFIXES:
        raise FileProblem("not_spreadsheet")
    if suffix == ".xls":
        raise FileProblem("unsupported_format", ext=".xls")
    return _csv_rows(path), False


def _find_header(rows: _Rows, register: Register, pad: bool) -> Table:
    scanned: list[list[Any]] = []
    for number, cells in rows:
        if number > HEADER_SCAN_ROWS:
            break
        scanned.append(cells)
        columns, unknown = _match_headers(register, cells)
        if not any(c.required for c in columns.values()):
            continue
        missing = [c.header for c in register.required if c not in columns.values()]
        if missing:
            _refuse_other_register(scanned, register)
            raise FileProblem("missing_columns", columns="、".join(missing))
        width = max(i for i, c in enumerate(cells) if c not in (None, "")) + 1
        data = ((n, c) for n, c in rows if not _is_empty(c))
        return Table(number, width, columns, unknown, _padded(data, width) if pad else data)
    _refuse_other_register(scanned, register)
    raise FileProblem("no_header", register=register.name)


def _refuse_other_register(scanned: list[list[Any]], register: Register) -> None:
    other = guess_register(scanned, register)
    if other is not None:
        raise FileProblem("other_register", register=other.name, requested=register.name)


def _padded(rows: Iterator[tuple[int, list[Any]]], width: int) -> Iterator[tuple[int, list[Any]]]:
    # An XLSX row ends at its last written cell; only a CSV row can really be cut short.
    for number, cells in rows:
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        yield number, cells


# --- XLSX: the zip ----------------------------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


def _zip_directory(path: Path) -> tuple[int, int] | None:
    """(entries, directory bytes) from the end of the zip, before zipfile reads the directory.

    zipfile builds an object per entry; a forged directory of millions of entries would take
    gigabytes before any other check ran. None when there is no end record (zipfile says why).
    """
    with path.open("rb") as stream:
        size = stream.seek(0, 2)
        tail_size = min(size, _EOCD.size + 0xFFFF)
        stream.seek(size - tail_size)
        tail = stream.read(tail_size)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _EOCD.size > len(tail):
            return None
        fields = _EOCD.unpack_from(tail, at)
        entries, directory = fields[4], fields[5]
        if entries != 0xFFFF and directory != 0xFFFFFFFF:
            return entries, directory
        if at < _ZIP64_LOCATOR.size:
            return None
        locator = _ZIP64_LOCATOR.unpack_from(tail, at - _ZIP64_LOCATOR.size)
        if locator[0] != b"PK\x06\x07":
            return None
        stream.seek(locator[2])
        record = stream.read(_ZIP64_EOCD.size)
        if len(record) < _ZIP64_EOCD.size or record[:4] != b"PK\x06\x06":
            return None
        fields64 = _ZIP64_EOCD.unpack(record)
        return fields64[7], fields64[8]


def _mb(size: int) -> int:
    return -(-size // (1024 * 1024))


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The archive, once its directory shows nothing a workbook would not have."""
    directory = _zip_directory(path)
    if directory is not None:
        entries, size = directory
        if entries > MAX_PARTS:
            raise FileProblem("too_many_parts", count=entries, limit=MAX_PARTS)
        if size > MAX_DIRECTORY_BYTES:
            raise FileProblem("unreadable", reason="zip directory too large")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem("unreadable", reason=type(exc).__name__) from exc
    try:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise FileProblem("too_many_parts", count=len(infos), limit=MAX_PARTS)
        total = sum(info.file_size for info in infos)
        if total > MAX_UNPACKED_BYTES:
            raise FileProblem("unpacked_too_big", size=_mb(total), limit=_mb(MAX_UNPACKED_BYTES))
        for info in infos:
            # zipfile never unpacks more than the directory declares, so these sizes hold.
            if info.file_size > RATIO_GRACE_BYTES and (
                info.file_size > MAX_COMPRESSION_RATIO * info.compress_size
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise FileProblem("too_compressed", part=info.filename[:60], ratio=ratio,
                                  limit=MAX_COMPRESSION_RATIO)  # fmt: skip
    except BaseException:
        archive.close()
        raise
    return archive


def _guarded_chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes, refusing XML that would make the parser buffer without bound.

    Expat holds a whole tag (with its attributes), comment, CDATA section or processing
    instruction in memory until it ends. Spreadsheet XML has none of the last three, so a
    `<!` or a `<?` after the declaration is refused, and then the bytes between two `<` bound
    every token (attribute values cannot contain `<`; text between tags is streamed anyway).
    """
    try:
        stream = archive.open(name)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        raise FileProblem("unreadable", reason=type(exc).__name__) from exc
    run = 0  # bytes since the last "<"
    previous = b""  # the last byte of the previous chunk
    first = True
    with stream:
        while True:
            try:
                chunk = stream.read(_CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
                raise FileProblem("unreadable", reason=type(exc).__name__) from exc
            if not chunk:
                return
            start = 0
            if first:
                first = False
                if chunk.startswith(codecs.BOM_UTF8):
                    start = 3
                if chunk.startswith(b"<?xml", start):
                    start = chunk.find(b"?>", start) + 2
                    if start < 2:
                        raise FileProblem("unreadable", reason="XML declaration")
            if (
                b"<!" in chunk
                or b"<?" in chunk[start:]
                or (previous == b"<" and chunk[:1] in (b"!", b"?"))
            ):
                raise FileProblem("unreadable", reason="XML markup")
            lt = chunk.find(b"<")
            if lt < 0:
                run += len(chunk)
            else:
                run += lt
                if run > MAX_MARKUP_BYTES:
                    raise FileProblem("unreadable", reason="XML token too long")
                run = len(chunk) - chunk.rfind(b"<")
            if run > MAX_MARKUP_BYTES:
                raise FileProblem("unreadable", reason="XML token too long")
            previous = chunk[-1:]
            yield chunk


class _Stop(Exception):
    """Raised inside an expat handler to stop reading a part early."""


def _parse_part(
    archive: zipfile.ZipFile,
    name: str,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        for chunk in _guarded_chunks(archive, name):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        raise FileProblem("unreadable", reason=f"XML: {expat.ErrorString(exc.code)}") from exc


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type's last word, part name) of a part's relationships."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    found: dict[str, tuple[str, str]] = {}
    if rels not in archive.NameToInfo:
        return found

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and len(found) < MAX_PARTS:
            target = attrs.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], target)

    _parse_part(archive, rels, start)
    return found


@dataclass
class _Workbook:
    sheet: str
    strings: str | None
    styles: str | None
    date1904: bool


def _workbook(archive: zipfile.ZipFile) -> _Workbook:
    """Where the first sheet, the shared strings and the styles are, as the rels say."""
    package = _relationships(archive, "")
    main = next((t for kind, t in package.values() if kind == "officeDocument"), None)
    main = main or "xl/workbook.xml"
    if main not in archive.NameToInfo:
        raise FileProblem("not_spreadsheet")  # a zip, but not a workbook (e.g. a .docx)
    first_sheet: list[str] = []
    date1904: list[bool] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "workbookPr":
            date1904.append(attrs.get("date1904", "0").lower() in ("1", "true"))
        elif local == "sheet":
            first_sheet.extend(v for k, v in attrs.items() if _local(k) == "id" and ":" in k)
            raise _Stop

    _parse_part(archive, main, start)
    relations = _relationships(archive, main)
    sheet = relations.get(first_sheet[0]) if first_sheet else None
    if sheet is None or sheet[1] not in archive.NameToInfo:
        raise FileProblem("not_spreadsheet")
    parts = dict(relations.values())
    strings = parts.get("sharedStrings")
    styles = parts.get("styles")
    return _Workbook(
        sheet=sheet[1],
        strings=strings if strings in archive.NameToInfo else None,
        styles=styles if styles in archive.NameToInfo else None,
        date1904=bool(date1904 and date1904[0]),
    )


class _Strings:
    """The shared strings, kept as UTF-8 in blocks with offsets: about the part's own size
    instead of a Python object per string."""

    _BLOCK = 4096

    def __init__(self) -> None:
        self._blobs: list[bytes] = []
        self._offsets: list[array[int]] = []
        self._pending: list[bytes] = []

    def add(self, text: str) -> None:
        self._pending.append(text.encode())
        if len(self._pending) == self._BLOCK:
            self._seal()

    def _seal(self) -> None:
        self._blobs.append(b"".join(self._pending))
        self._offsets.append(array("I", accumulate(map(len, self._pending), initial=0)))
        self._pending = []

    def finish(self) -> _Strings:
        if self._pending:
            self._seal()
        return self

    def __getitem__(self, index: int) -> str:
        block, at = divmod(index, self._BLOCK)
        if index < 0 or block >= len(self._blobs):
            raise IndexError(index)
        offsets = self._offsets[block]
        if at + 1 >= len(offsets):
            raise IndexError(index)
        return self._blobs[block][offsets[at] : offsets[at + 1]].decode()


class _StringsParser:
    """Handlers for sharedStrings.xml: each <si> is the text of its <t>s, without phonetics."""

    def __init__(self) -> None:
        self.strings = _Strings()
        self._pieces: list[str] = []
        self._phonetic = 0
        self._in_text = False
        self._chars = 0

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "t":
            self._in_text = not self._phonetic
        elif local == "si":
            self._pieces = []
            self._chars = 0
        elif local == "rPh":  # the phonetic guide (pinyin, furigana) is not part of the text
            self._phonetic += 1

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "t":
            self._in_text = False
        elif local == "si":
            self.strings.add("".join(self._pieces))
        elif local == "rPh":
            self._phonetic -= 1

    def text(self, data: str) -> None:
        if self._in_text and self._chars <= MAX_CELL_CHARS:
            self._pieces.append(data)
            self._chars += len(data)


def _shared_strings(archive: zipfile.ZipFile, part: str) -> _Strings:
    size = archive.getinfo(part).file_size
    if size > MAX_SHARED_STRINGS_BYTES:
        raise FileProblem("unpacked_too_big", size=_mb(size),
                          limit=_mb(MAX_SHARED_STRINGS_BYTES))  # fmt: skip
    handlers = _StringsParser()
    _parse_part(archive, part, handlers.start, handlers.end, handlers.text)
    return handlers.strings.finish()


#: Cell formats beyond Excel's own limit (64,000) are not looked at.
_MAX_STYLES = 65_536


def _date_styles(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    """Indices of the cell formats that show a number as a date (as openpyxl decides)."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt" and len(custom) < _MAX_STYLES:
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"] and len(formats) < _MAX_STYLES:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            depth["cellXfs"] -= 1

    _parse_part(archive, part, start, end)
    dates = set()
    for index, number in enumerate(formats):
        code = custom.get(number, BUILTIN_FORMATS.get(number))
        if code is not None and is_date_format(code):
            dates.add(index)
    return frozenset(dates)


# --- XLSX: merged cells -----------------------------------------------------------------------

_MERGE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"'<>]*)""")


@dataclass(slots=True)
class _Merged:
    min_row: int
    min_col: int
    max_row: int
    max_col: int
    value: Any = None


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[_Merged]:
    """The sheet's merged ranges, found by scanning its bytes (they follow the cells).

    Read-only parsing has no merged-cell list, and the ranges are needed before the first
    row. The scan also runs the markup guard over the whole sheet before it is parsed.
    """
    ranges: list[_Merged] = []
    cells = 0
    carry = b""
    for chunk in _guarded_chunks(archive, part):
        buffer = carry + chunk
        # A tag cut by the chunk's end is completed by the next chunk; '<' starts every tag.
        cut = buffer.rfind(b"<")
        carry = buffer[cut:] if cut >= 0 else b""
        if b"ergeCell" not in buffer:
            continue
        for match in _MERGE.finditer(buffer, 0, cut if cut >= 0 else len(buffer)):
            merged = _merged(match.group(1).decode("ascii", "replace"))
            if merged is None:
                continue
            ranges.append(merged)
            cells += (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1)
            if len(ranges) > MAX_MERGED_RANGES or cells > MAX_MERGED_CELLS:
                raise FileProblem("too_many_merged", ranges=MAX_MERGED_RANGES,
                                  cells=MAX_MERGED_CELLS)  # fmt: skip
    ranges.sort(key=lambda m: m.min_row)
    return ranges


def _merged(ref: str) -> _Merged | None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return None  # not a range: nothing to fill
    # A whole column ("A:A") or row ("3:3") reaches the sheet's end; "B5:A1" means "A1:B5".
    rows = sorted((min_row or 1, max_row or MAX_ROWS))
    columns = sorted((min_col or 1, max_col or MAX_ROW_CELLS))
    merged = _Merged(rows[0], columns[0], rows[1], columns[1])
    if merged.max_row > MAX_ROWS or merged.max_col > MAX_COLUMNS:
        raise FileProblem("merged_too_large", range=ref[:40], rows=MAX_ROWS, columns=MAX_COLUMNS)
    if (merged.min_row, merged.min_col) == (merged.max_row, merged.max_col):
        return None
    return merged


def _fill_merged(
    rows: Iterator[tuple[int, list[Any]]], ranges: list[_Merged]
) -> Iterator[tuple[int, list[Any]]]:
    """Give each merged range its top-left cell's value, as the sheet shows it.

    Rows missing from the file inside a range are produced too (the range covers them);
    nothing is produced after the last row of the file. The work is bounded by the cells
    the ranges cover (MAX_MERGED_CELLS).
    """
    if not ranges:
        yield from rows
        return
    waiting = iter(ranges)
    upcoming = next(waiting, None)
    active: list[_Merged] = []
    previous = 0

    def fill(number: int, cells: list[Any]) -> list[Any]:
        for merged in active:
            if merged.min_row <= number <= merged.max_row:
                if len(cells) < merged.max_col:
                    cells.extend([None] * (merged.max_col - len(cells)))
                cells[merged.min_col - 1 : merged.max_col] = [merged.value] * (
                    merged.max_col - merged.min_col + 1
                )
        return cells

    for number, cells in rows:
        if active:
            active = [m for m in active if m.max_row > previous]
            end = min(number - 1, max(m.max_row for m in active)) if active else previous
            for gap in range(previous + 1, end + 1):
                yield gap, fill(gap, [])
        while upcoming is not None and upcoming.min_row <= number:
            if upcoming.min_row == number and upcoming.min_col <= len(cells):
                upcoming.value = cells[upcoming.min_col - 1]
                if upcoming.value is not None:
                    active.append(upcoming)
            upcoming = next(waiting, None)
        active = [m for m in active if m.max_row >= number]
        yield number, fill(number, cells) if active else cells
        previous = number


# --- XLSX: the sheet --------------------------------------------------------------------------

_COLUMN_INDEX: dict[str, int] = {}


def _column_index(letters: str) -> int:
    index = _COLUMN_INDEX.get(letters)
    if index is not None:
        return index
    if not letters or len(letters) > 3 or not letters.isascii() or not letters.isalpha():
        raise FileProblem("unreadable", reason=f"cell reference {letters[:10]!r}")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    if letters.isupper():  # as Excel writes them: at most 18,278 entries
        _COLUMN_INDEX[letters] = index
    return index


class _SheetParser:
    """Rows of a worksheet's XML as (number, values), fed in chunks; keeps no tree.

    Values are what Excel last computed (formulas are not evaluated): text, int, float,
    bool, datetime for numbers shown as dates, and error codes such as "#N/A" as text.
    """

    def __init__(self, strings: _Strings | None, date_styles: frozenset[int],
                 date1904: bool) -> None:  # fmt: skip
        self.ready: list[tuple[int, list[Any]]] = []
        self.finished = False
        #: Raised once the rows before it are read: a limit is met where it is in the sheet.
        self.problem: FileProblem | None = None
        self._strings = strings
        self._dates = date_styles
        self._epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        self._row = 0
        self._cells: list[Any] = []
        self._count = 0  # <c> elements in this row
        self._column = 0
        self._type = "n"
        self._style = 0
        self._text: list[str] | None = None  # collecting the cell's text
        self._value: str | None = None
        self._chars = 0
        self._phonetic = 0
        self._in_data = False
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars_in
        self._parser = parser

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self._parser.Parse(chunk, final)
        except _Stop:
            self.finished = True
        except FileProblem as exc:
            self.problem = exc
            self.finished = True
        except expat.ExpatError as exc:
            reason = f"XML: {expat.ErrorString(exc.code)}"
            raise FileProblem("unreadable", reason=reason) from exc

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            self._count += 1
            if self._count > MAX_ROW_CELLS:
                raise FileProblem("too_many_columns", row=self._row, limit=MAX_COLUMNS)
            ref = attrs.get("r")
            self._column = _column_index(ref.rstrip("0123456789")) if ref else self._column + 1
            self._type = attrs.get("t", "n")
            style = attrs.get("s")
            self._style = int(style) if style and style.isdigit() else 0
            self._value = None
        elif name == "v" or (name == "t" and self._type == "inlineStr" and not self._phonetic):
            self._text = []
            self._chars = 0
        elif name == "row":
            number = attrs.get("r")
            row = int(number) if number and number.isdigit() else self._row + 1
            if row <= self._row:
                raise FileProblem("unreadable", reason=f"row {row} out of order")
            if row > MAX_ROWS:
                raise FileProblem("too_many_rows", limit=MAX_ROWS)
            self._row = row
            self._cells = []
            self._count = 0
            self._column = 0
        elif name == "rPh":
            self._phonetic += 1
        elif name == "sheetData":
            self._in_data = True

    def _chars_in(self, data: str) -> None:
        if self._text is not None and self._chars <= MAX_CELL_CHARS:
            self._text.append(data)
            self._chars += len(data)

    def _end(self, name: str) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v" or name == "t":
            if self._text is not None:
                text = "".join(self._text)
                self._value = text if self._value is None else self._value + text
                self._text = None
        elif name == "c":
            if self._value is not None:
                value = self._convert(self._value)
                if value is not None:
                    self._place(value)
        elif name == "row":
            self.ready.append((self._row, self._cells))
        elif name == "rPh":
            self._phonetic -= 1
        elif name == "sheetData" and self._in_data:
            raise _Stop  # nothing after the cells is needed

    def _place(self, value: Any) -> None:
        column = self._column
        if column > MAX_COLUMNS:
            raise FileProblem("too_many_columns", row=self._row, limit=MAX_COLUMNS)
        cells = self._cells
        if column > len(cells):
            if column > len(cells) + 1:
                cells.extend([None] * (column - 1 - len(cells)))
            cells.append(value)
        else:
            cells[column - 1] = value

    def _convert(self, text: str) -> Any:
        kind = self._type
        try:
            if kind == "n":
                if not text:
                    return None
                number: int | float = (
                    int(text) if len(text) < 20 and "." not in text and "E" not in text
                    and "e" not in text else float(text)
                )  # fmt: skip
                if self._style in self._dates:
                    try:
                        return from_excel(number, self._epoch)
                    except (OverflowError, ValueError):
                        return number
                return number
            if kind == "s":
                if self._strings is None:
                    raise FileProblem("unreadable", reason="no shared strings")
                return self._strings[int(text)]
            if kind == "b":
                return text.strip() in ("1", "true")
            if kind == "d":
                return datetime.fromisoformat(text.strip())
        except (ValueError, IndexError) as exc:
            cell = f"row {self._row}, column {self._column}"
            raise FileProblem("unreadable", reason=cell) from exc
        return text  # inlineStr, str (a formula's text), e (an error such as #N/A)


def _sheet_rows(
    archive: zipfile.ZipFile, book: _Workbook, strings: _Strings | None,
    date_styles: frozenset[int],
) -> _Rows:  # fmt: skip
    parser = _SheetParser(strings, date_styles, book.date1904)
    for chunk in _guarded_chunks(archive, book.sheet):
        parser.feed(chunk)
        yield from parser.ready
        parser.ready.clear()
        if parser.problem is not None:
            raise parser.problem
        if parser.finished:
            return
    parser.feed(b"", final=True)
    yield from parser.ready
    if parser.problem is not None:
        raise parser.problem


def _xlsx_rows(path: Path) -> _Rows:
    archive = _open_zip(path)
    try:
        book = _workbook(archive)
        merged = _merged_ranges(archive, book.sheet)
        strings = _shared_strings(archive, book.strings) if book.strings else None
        dates = _date_styles(archive, book.styles) if book.styles else frozenset()
        yield from _fill_merged(_sheet_rows(archive, book, strings, dates), merged)
    finally:
        archive.close()


# --- CSV --------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """The text's encoding: a BOM's, else UTF-8 if the whole file decodes as such, else
    GB18030 (GBK) if its start does. Anything else is no text (FileProblem not_spreadsheet).
    """
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"  # Excel's "Unicode text"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := stream.read(1 << 20):
                if b"\0" in block:
                    raise FileProblem("not_spreadsheet")
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
        stream.seek(0)
        block = stream.read(1 << 20)
    if b"\0" in block:
        raise FileProblem("not_spreadsheet")
    try:
        codecs.getincrementaldecoder("gb18030")().decode(block)  # may end inside a character
    except UnicodeDecodeError:
        raise FileProblem("not_spreadsheet") from None
    return "gb18030"


def _lines(stream: IO[str]) -> Iterator[str]:
    number = 0
    while line := stream.readline(MAX_LINE_CHARS):
        number += 1
        if len(line) == MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise FileProblem("line_too_long", row=number, limit=MAX_LINE_CHARS)
        yield line


def _csv_rows(path: Path) -> _Rows:
    encoding = detect_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as stream:
            first = stream.readline(MAX_LINE_CHARS)
            delimiter = max(",\t;", key=first.count)
            stream.seek(0)
            reader = csv.reader(_lines(stream), delimiter=delimiter)
            for cells in reader:
                number = reader.line_num
                if number > MAX_ROWS:
                    raise FileProblem("too_many_rows", limit=MAX_ROWS)
                if len(cells) > MAX_COLUMNS:
                    # Trailing empty fields (Excel writes its whole used range) are no columns.
                    if any(cell.strip() for cell in cells[MAX_COLUMNS:]):
                        raise FileProblem("too_many_columns", row=number, limit=MAX_COLUMNS)
                    del cells[MAX_COLUMNS:]
                yield number, list(cells)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileProblem("unreadable", reason=str(exc)) from exc
