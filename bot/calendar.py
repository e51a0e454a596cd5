"""Working days in mainland China: weekends, public holidays and 调休 make-up days.

Pure: no Telegram, no database. A `WorkCalendar` answers from three sources, in this order:

1. the bureau's own calendar register (`overrides`, for the `years` it was imported for):
   an imported year is authoritative, so a correction of the package is possible;
2. the `chinese-calendar` package, for the years its release knows;
3. otherwise weekends only, and every answer for that year is marked *estimated*: the State
   Council announces a year's 放假安排 late in the year before, and no guess can replace it.

Counting convention (the rules' "within N working days after the check ends"): the day an
event happens is day 0; the deadline is the N-th working day after it. A countdown is the number
of working days after today up to and including the deadline (0 on the deadline itself,
negative once overdue).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

#: Years the installed `chinese-calendar` release knows (it raises for any other year).
PACKAGE_YEARS: frozenset[int] = frozenset(
    day.year for table in (chinese_calendar.holidays, chinese_calendar.workdays) for day in table
)
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date computed by working days, and whether an unknown year made it a guess."""

    day: date
    estimated: bool


@dataclass(frozen=True, slots=True)
class Countdown:
    """Working days from today to a deadline (0 on the day, negative once overdue)."""

    days: int
    estimated: bool

    @property
    def overdue(self) -> bool:
        return self.days < 0


@functools.cache
def _package_is_workday(day: date) -> bool:
    return bool(chinese_calendar.is_workday(day))


class WorkCalendar:
    """Which days are working days, from the register, the package, or weekends only."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        years: Iterable[int] = (),
        *,
        package: bool = True,
    ) -> None:
        #: date -> True for a (make-up) working day, False for a day off; only for `years`.
        self._overrides = dict(overrides or {})
        self._register_years = frozenset(years)
        self._package_years = PACKAGE_YEARS if package else frozenset()

    @property
    def register_years(self) -> frozenset[int]:
        return self._register_years

    def source(self, year: int) -> str:
        """Where the answers for a year come from: "register", "package" or "weekends"."""
        if year in self._register_years:
            return "register"
        if year in self._package_years:
            return "package"
        return "weekends"

    def knows(self, year: int) -> bool:
        return year in self._register_years or year in self._package_years

    def is_estimated(self, day: date) -> bool:
        return not self.knows(day.year)

    def is_working_day(self, day: date) -> bool:
        if day.year in self._register_years:
            return self._overrides.get(day, day.weekday() < 5)
        if day.year in self._package_years:
            return _package_is_workday(day)
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, else the first working day after it."""
        for _ in range(31):
            if self.is_working_day(day):
                return day
            day += _DAY
        raise ValueError(f"no working day within a month of {day}")

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start` (n ≥ 0; n = 0 is the next working day from
        `start` on, `start` itself when it is one)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            day = self.next_working_day(start)
            # Every day looked at decides: start itself may be the answer.
            return Deadline(day, any(map(self.is_estimated, _span(start, day))))
        # Only the days after `start` count, so only they can make the answer a guess.
        day, estimated = start, False
        for _ in range(n):
            day += _DAY
            while not self.is_working_day(day):
                estimated = estimated or self.is_estimated(day)
                day += _DAY
            estimated = estimated or self.is_estimated(day)
        return Deadline(day, estimated)

    def working_days_between(self, start: date, end: date) -> Countdown:
        """Working days after `start` up to and including `end`; negative when `end` is
        before `start` (the working days after `end` up to and including `start`)."""
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        if (end - start).days > 366 * 20:
            raise ValueError("span too long")
        count, estimated, day = 0, False, start
        while day < end:
            day += _DAY
            estimated = estimated or self.is_estimated(day)
            count += self.is_working_day(day)
        return Countdown(sign * count, estimated)

    def countdown(self, today: date, deadline: date) -> Countdown:
        """Working days left until `deadline` (0 on the day). Once the deadline has passed
        the count is negative even when no working day has come since (a deadline on a
        Saturday is overdue on the Sunday): `overdue` must never say "not yet" too late."""
        counted = self.working_days_between(today, deadline)
        if deadline < today and counted.days == 0:
            return Countdown(-1, counted.estimated)
        return counted

    def unknown_years(self, start: date, end: date) -> list[int]:
        """Years between two dates (inclusive) that neither the register nor the package
        knows: the years a deadline in that span would be an estimate for."""
        low, high = sorted((start.year, end.year))
        return [year for year in range(low, high + 1) if not self.knows(year)]

    def year(self, year: int) -> YearView:
        """What the calendar believes about a year: its days off on weekdays and its make-up
        working days on weekends (for `/holidays 2027`)."""
        off: list[date] = []
        makeup: list[date] = []
        day, end = date(year, 1, 1), date(year, 12, 31)
        while day <= end:
            working, weekend = self.is_working_day(day), day.weekday() >= 5
            if weekend and working:
                makeup.append(day)
            elif not weekend and not working:
                off.append(day)
            day += _DAY
        return YearView(year, self.source(year), tuple(off), tuple(makeup))


@dataclass(frozen=True, slots=True)
class YearView:
    year: int
    source: str  # "register", "package" or "weekends"
    weekdays_off: tuple[date, ...]
    weekend_workdays: tuple[date, ...]

    @property
    def estimated(self) -> bool:
        return self.source == "weekends"


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


#: The package's English holiday names in Chinese (what the bureau's notices call them).
HOLIDAY_NAMES_ZH: Mapping[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def holiday_name(day: date) -> str | None:
    """The package's name of the holiday a day belongs to (English, e.g. "Spring Festival"),
    for years it knows; None otherwise."""
    if day.year not in PACKAGE_YEARS:
        return None
    _, name = chinese_calendar.get_holiday_detail(day)
    return str(name) if name else None
