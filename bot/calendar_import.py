"""A year's 放假安排 (days off and 调休 make-up working days) as a person gives it: typed after
/holidays on a phone, or as a file. Pure: no Telegram, no database.

Typed grammar (whitespace, commas and 、 separate tokens; full-width characters are fine):

    /holidays 2027 放假 元旦 1-1 春节 2-15~2-21 上班 2-14 2-28

- `放假` (or 休, 休息) starts days off; `上班` (or 班, 补班) starts make-up working days;
- a date is `2027-02-15`, `2027/2/15`, `2027年2月15日`, `2-15`, `2/15` or `2月15日`;
- a range joins two dates with `~` or `至` (`2-15~2-21`, `2月15日至21日`: the end may be the day
  alone). `-` is never a range: it already separates month and day;
- any other word without digits is a name (春节) for the dates after it, until the next name
  or keyword.

A file (XLSX or CSV) has a header row with 日期, 类型 (放假 or 上班) and optionally 名称, and
one row per date or range (`2027-02-15~2027-02-21` or `2027-02-15至2027-02-21`).

Every problem is collected with the row or the token it is in; any problem means nothing is
imported (the caller changes nothing).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.registers.reader import FileProblem, sheet_rows
from bot.registers.values import Problem

#: A year's arrangement is a few dozen rows; a bigger file is the wrong file.
MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 1000
#: The header is in the first rows (under a title row, perhaps).
HEADER_SCAN_ROWS = 10
#: A holiday lasts days, not months: a longer range is a typo.
MAX_RANGE_DAYS = 31
MAX_NAME = 30
#: More problems than this are counted, not listed.
KEEP_PROBLEMS = 50

OFF_WORDS = frozenset({"放假", "休", "休息", "假", "off"})
WORK_WORDS = frozenset({"上班", "班", "补班", "调休上班", "work"})
_HEADERS = {
    "日期": "date",
    "date": "date",
    "类型": "kind",
    "type": "kind",
    "名称": "name",
    "节日": "name",
    "name": "name",
}

_FULL = r"(?P<{p}y>\d{{4}})[-/.年](?P<{p}m>\d{{1,2}})[-/.月](?P<{p}d>\d{{1,2}})日?"
_SHORT = r"(?P<{p}m>\d{{1,2}})[-/.月](?P<{p}d>\d{{1,2}})日?"
_DAY_ONLY = r"(?P<{p}d>\d{{1,2}})日?"
_DATE = re.compile(f"^(?:{_FULL.format(p='a')}|{_SHORT.format(p='b')})$")
_RANGE = re.compile(
    f"^(?:{_FULL.format(p='a')}|{_SHORT.format(p='b')})[~至到]"
    f"(?:{_FULL.format(p='c')}|{_SHORT.format(p='d')}|{_DAY_ONLY.format(p='e')})$"
)
_YEAR_IN = re.compile(r"(?<!\d)(\d{4})[-/.年]")
_SEPARATORS = re.compile(r"[\s,;:、]+")


@dataclass(frozen=True, slots=True)
class HolidayDay:
    day: date
    working: bool  # True: a make-up working day (调休上班); False: a day off (放假)
    name: str = ""


@dataclass(frozen=True, slots=True)
class Arrangement:
    """One year's days off and make-up working days, sorted by day."""

    year: int
    days: tuple[HolidayDay, ...]

    @property
    def days_off(self) -> int:
        return sum(not d.working for d in self.days)

    @property
    def weekdays_off(self) -> int:
        return sum(not d.working and d.day.weekday() < 5 for d in self.days)

    @property
    def makeup_days(self) -> int:
        return sum(d.working for d in self.days)


@dataclass(frozen=True, slots=True)
class InputIssue:
    row: int | None  # the file's row, as Excel numbers it
    token: str | None  # what was typed
    problem: Problem


class InputError(Exception):
    """The input cannot be imported; `issues` says where and why (the first KEEP_PROBLEMS)."""

    def __init__(self) -> None:
        super().__init__("holiday input refused")
        self.issues: list[InputIssue] = []
        self.count = 0

    def add(self, row: int | None, token: str | None, code: str, **params: Any) -> None:
        self.count += 1
        if len(self.issues) < KEEP_PROBLEMS:
            self.issues.append(InputIssue(row, token, Problem.of(code, **params)))


def _normalized(text: str) -> str:
    # NFKC folds full-width digits, ～ and ： into ASCII; a phone keyboard gives either.
    return unicodedata.normalize("NFKC", text).strip()


def _make(year: int, month: str, day: str) -> date | None:
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None


def _dates(token: str, year: int) -> tuple[date, date] | str:
    """The first and last day of a date or range token, or a problem code."""
    text = token.replace("到", "至")
    match = _DATE.match(text)
    if match:
        y = int(match["ay"]) if match["ay"] else year
        day = _make(y, match["am"] or match["bm"], match["ad"] or match["bd"])
        return (day, day) if day else "no_such_day"
    match = _RANGE.match(text)
    if match is None:
        return "bad_date"
    y = int(match["ay"]) if match["ay"] else year
    month = match["am"] or match["bm"]
    first = _make(y, month, match["ad"] or match["bd"])
    if match["cy"]:
        last = _make(int(match["cy"]), match["cm"], match["cd"])
    elif match["dm"]:
        last = _make(y, match["dm"], match["dd"])
    else:
        last = _make(y, month, match["ed"])
    if first is None or last is None:
        return "no_such_day"
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        return "bad_range"
    return first, last


class _Collector:
    def __init__(self, year: int) -> None:
        self.year = year
        self.days: dict[date, HolidayDay] = {}
        self.error = InputError()

    def add(
        self, token: str, working: bool, name: str, *, row: int | None, typed: str | None
    ) -> None:
        span = _dates(token, self.year)
        if isinstance(span, str):
            self.error.add(row, typed, span, value=token, limit=MAX_RANGE_DAYS)
            return
        first, last = span
        if first.year != self.year or last.year != self.year:
            self.error.add(row, typed, "outside_year", value=token, year=self.year)
            return
        day = first
        while day <= last:
            self._day(day, working, name, row=row, typed=typed)
            day += timedelta(days=1)

    def _day(
        self, day: date, working: bool, name: str, *, row: int | None, typed: str | None
    ) -> None:
        if working and day.weekday() < 5:
            self.error.add(row, typed, "makeup_weekday", value=day.isoformat(),
                           weekday=str(day.weekday()))  # fmt: skip
            return
        known = self.days.get(day)
        if known is None:
            self.days[day] = HolidayDay(day, working, name)
        elif known.working != working:
            self.error.add(row, typed, "conflict", value=day.isoformat())
        elif name and not known.name:
            self.days[day] = HolidayDay(day, working, name)

    def result(self) -> Arrangement:
        if not self.days and not self.error.count:
            self.error.add(None, None, "empty")
        if self.error.count:
            raise self.error
        return Arrangement(self.year, tuple(self.days[d] for d in sorted(self.days)))


def parse_text(year: int, text: str) -> Arrangement:
    """The arrangement typed after `/holidays YEAR` (see the module's grammar)."""
    collector = _Collector(year)
    normalized = re.sub(r"\s*([~至到])\s*", r"\1", _normalized(text))
    working: bool | None = None
    name = ""
    named_dates = 0  # dates since the current name: a name with none is a typo
    for raw in _SEPARATORS.split(normalized):
        token = raw.strip().rstrip(":")
        if not token:
            continue
        word = token.lower()
        if word in OFF_WORDS or word in WORK_WORDS:
            if name and not named_dates:
                collector.error.add(None, name, "name_without_dates", value=name)
            working, name, named_dates = word in WORK_WORDS, "", 0
        elif not re.search(r"\d", token):
            if name and not named_dates:
                collector.error.add(None, name, "name_without_dates", value=name)
            if len(token) > MAX_NAME:
                collector.error.add(None, token, "name_too_long", value=token, limit=MAX_NAME)
            name, named_dates = token[:MAX_NAME], 0
        elif working is None:
            collector.error.add(None, token, "no_kind", value=token)
        else:
            collector.add(token, working, name, row=None, typed=token)
            named_dates += 1
    if name and not named_dates:
        collector.error.add(None, name, "name_without_dates", value=name)
    return collector.result()


def read_file(path: Path, year: int | None = None) -> Arrangement:
    """The arrangement in an XLSX or CSV file; `year` None takes it from the dates (which must
    then all be in one year). Synchronous: run it in a thread for big files."""
    if path.stat().st_size > MAX_FILE_BYTES:
        error = InputError()
        error.add(None, None, "file_too_big", limit=MAX_FILE_BYTES // 1024)
        raise error
    try:
        rows = _rows(path)
    except FileProblem as exc:
        error = InputError()
        error.add(None, None, exc.code, **exc.params)
        raise error from None
    header_at, columns = _header(rows)
    if header_at is None:
        error = InputError()
        error.add(None, None, "no_header")
        raise error
    body = [(n, cells) for n, cells in rows if n > header_at]
    cell = _cell_reader(columns)
    if not body:
        error = InputError()
        error.add(None, None, "empty")
        raise error
    if year is None:
        year = _year_of(body, cell)
    collector = _Collector(year)
    for number, cells in body:
        when, kind, name = cell(cells, "date"), cell(cells, "kind"), cell(cells, "name")
        if not when and not kind and not name:
            continue
        if isinstance(when, datetime | date):
            when = (when.date() if isinstance(when, datetime) else when).isoformat()
        when_text = _normalized(str(when or ""))
        kind_text = _normalized(str(kind or "")).lower()
        if not when_text:
            collector.error.add(number, None, "missing_date")
            continue
        if kind_text not in OFF_WORDS and kind_text not in WORK_WORDS:
            collector.error.add(number, None, "bad_kind", value=str(kind or ""))
            continue
        name_text = _normalized(str(name or ""))
        if len(name_text) > MAX_NAME:
            collector.error.add(number, None, "name_too_long", value=name_text, limit=MAX_NAME)
            continue
        when_text = re.sub(r"\s*([~至到])\s*", r"\1", when_text)
        collector.add(when_text, kind_text in WORK_WORDS, name_text, row=number, typed=None)
    return collector.result()


def _rows(path: Path) -> list[tuple[int, list[Any]]]:
    kept: list[tuple[int, list[Any]]] = []
    with contextlib.closing(sheet_rows(path)) as rows:
        for number, cells in rows:
            if number > MAX_ROWS:
                raise FileProblem("too_many_rows", limit=MAX_ROWS)
            if any(c is not None and str(c).strip() for c in cells):
                kept.append((number, cells))
    return kept


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int | None, dict[str, int]]:
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        columns: dict[str, int] = {}
        for index, value in enumerate(cells):
            key = _HEADERS.get(_normalized(str(value or "")).lower())
            if key is not None and key not in columns:
                columns[key] = index
        if "date" in columns and "kind" in columns:
            return number, columns
    return None, {}


_Cell = Callable[[list[Any], str], Any]


def _cell_reader(columns: dict[str, int]) -> _Cell:
    def cell(cells: list[Any], key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    return cell


def _year_of(body: Iterable[tuple[int, list[Any]]], cell: _Cell) -> int:
    """The one year the file's dates are in (a file imported without a year)."""
    years: dict[int, int] = {}  # year -> first row with it
    for number, cells in body:
        when = cell(cells, "date")
        found = [when.year] if isinstance(when, datetime | date) else []
        found += [int(y) for y in _YEAR_IN.findall(_normalized(str(when or "")))]
        for year in found:
            years.setdefault(year, number)
    error = InputError()
    if not years:
        error.add(None, None, "no_year")
        raise error
    if len(years) > 1:
        (first, _), (other, row) = sorted(years.items(), key=lambda item: item[1])[:2]
        error.add(row, None, "mixed_years", year=first, other=other)
        raise error
    return next(iter(years))
