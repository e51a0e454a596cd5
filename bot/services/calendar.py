"""The working-day calendar as the bot believes it now: the package plus the register."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import HOLIDAY_NAMES_ZH, PACKAGE_YEARS, WorkCalendar, YearView, holiday_name
from bot.calendar_import import HolidayDay, InputError, InputIssue
from bot.runtime import Runtime
from bot.services import audit
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import CalendarDay, CalendarYear
from storage.repositories.calendar import CalendarRepository

_DAY = timedelta(days=1)


async def load(session: AsyncSession) -> WorkCalendar:
    """The calendar with every imported year of the register (a few rows per year), read in
    the caller's transaction."""
    repo = CalendarRepository(session)
    years = await repo.imported_years()
    days = await repo.days(years)
    return WorkCalendar({day.day: day.working for day in days}, years)


async def note_estimated(session: AsyncSession, runtime: Runtime, years: Iterable[int]) -> None:
    """A deadline fell in years neither the register nor the package knows: tell the admin
    group, once per year ever, to import that year's 放假安排 (outbox, in the caller's
    transaction). Idempotent."""
    chat_id = runtime.settings.admin_chat_id
    if chat_id is None:
        return  # nobody to tell; the notice goes out once the group is configured
    repo = CalendarRepository(session)
    for year in sorted(set(years) - PACKAGE_YEARS):
        row = await repo.year(year)
        if row is not None and (row.imported_at is not None or row.unknown_noticed_at is not None):
            continue
        if row is None:
            row = CalendarYear(year=year)
            session.add(row)
        row.unknown_noticed_at = runtime.utcnow()
        text = runtime.texts.holidays_unknown_notice.format(year=year)
        # The key makes "once per year" hold even if the row were lost with a later import.
        await runtime.outbox(session).message(chat_id, text, dedupe_key=f"calendar-unknown:{year}")


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    year: int
    days_off: int  # every day listed as 放假, weekends included
    weekdays_off: int  # of which Monday to Friday: the ones that change a count
    makeup_days: int
    replaced: bool  # the year had been imported before (its days were replaced)
    recomputed: int  # open tasks whose deadlines changed


async def import_year(
    session: AsyncSession,
    runtime: Runtime,
    year: int,
    days: Sequence[HolidayDay],
    user_id: int | None,
) -> ImportOutcome:
    """Replace the register's `year` with `days`, audit it, and recompute every open deadline
    against the new calendar: one transaction, all or nothing."""
    # Imported here, not at the top: the deadlines service uses this module's `load` and
    # `note_estimated`, so a module-level import both ways would be a cycle.
    from bot.services import deadlines

    if not days:
        raise ValueError("an imported year needs at least one day")
    outside = [d.day for d in days if d.day.year != year]
    if outside:
        raise ValueError(f"days outside {year}: {outside[:3]}")
    async with session.begin():
        repo = CalendarRepository(session)
        row = await repo.year(year)
        replaced = row is not None and row.imported_at is not None
        # As plain values: the rows themselves are deleted below.
        before = [(d.day, d.working) for d in await repo.days([year])] if replaced else []
        if row is None:
            row = CalendarYear(year=year)
            session.add(row)
        await session.execute(
            delete(CalendarDay)
            .where(CalendarDay.year == year)
            .execution_options(synchronize_session="fetch")
        )
        session.add_all(
            CalendarDay(day=d.day, year=year, working=d.working, name=d.name) for d in days
        )
        row.imported_at = runtime.utcnow()
        row.imported_by = user_id
        await session.flush()
        outcome = ImportOutcome(
            year=year,
            days_off=sum(not d.working for d in days),
            weekdays_off=sum(not d.working and d.day.weekday() < 5 for d in days),
            makeup_days=sum(d.working for d in days),
            replaced=replaced,
            recomputed=0,
        )
        await audit.record(
            session,
            user_id,
            "calendar.import",
            entity="calendar_year",
            entity_id=str(year),
            details={
                "off": [d.day.isoformat() for d in days if not d.working],
                "makeup": [d.day.isoformat() for d in days if d.working],
                "names": sorted({d.name for d in days if d.name}),
                "replaced": replaced,
                "before_off": [day.isoformat() for day, working in before if not working],
                "before_makeup": [day.isoformat() for day, working in before if working],
            },
        )
        calendar = await load(session)
        recomputed = await deadlines.recompute_open(session, runtime, calendar)
    return dataclasses.replace(outcome, recomputed=recomputed)


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive days shown as one line: a holiday with the weekend days inside or next to
    it, or make-up working days."""

    first: date
    last: date
    name: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class YearShown:
    """What the bot believes about a year, for `/holidays 2027`."""

    view: YearView
    days_off: tuple[Block, ...]
    makeup: tuple[Block, ...]
    imported_at: datetime | None
    imported_by: int | None


async def show_year(session: AsyncSession, year: int) -> YearShown:
    async with read_only(session):
        calendar = await load(session)
        view = calendar.year(year)
        row = await CalendarRepository(session).year(year)
        stored = await CalendarRepository(session).days([year]) if view.source == "register" else []
    names = {d.day: d.name for d in stored if d.name}

    def name_of(day: date) -> str:
        if view.source == "register":
            return names.get(day, "")
        if view.source == "package":
            found = holiday_name(day)
            return HOLIDAY_NAMES_ZH.get(found, found) if found else ""
        return ""

    off: list[Block] = []
    for day in view.weekdays_off:
        if off and off[-1].last >= day:
            continue  # inside the block already made
        first, last = day, day
        while first - _DAY >= date(year, 1, 1) and not calendar.is_working_day(first - _DAY):
            first -= _DAY
        while last + _DAY <= date(year, 12, 31) and not calendar.is_working_day(last + _DAY):
            last += _DAY
        off.append(Block(first, last, _first_name(name_of, first, last)))
    makeup: list[Block] = []
    for day in view.weekend_workdays:
        if makeup and makeup[-1].last == day - _DAY:
            previous = makeup.pop()
            makeup.append(Block(previous.first, day, previous.name or name_of(day)))
        else:
            makeup.append(Block(day, day, name_of(day)))
    return YearShown(
        view=view,
        days_off=tuple(off),
        makeup=tuple(makeup),
        imported_at=row.imported_at if row is not None else None,
        imported_by=row.imported_by if row is not None else None,
    )


def _first_name(name_of: Callable[[date], str], first: date, last: date) -> str:
    day = first
    while day <= last:
        name = name_of(day)
        if name:
            return name
        day += _DAY
    return ""


@dataclass(frozen=True, slots=True)
class YearSource:
    year: int
    source: str  # "register", "package" or "weekends"
    imported_at: datetime | None


async def sources(session: AsyncSession, years: Iterable[int]) -> list[YearSource]:
    """Where each year's answers come from (for `/holidays` without a year)."""
    found: list[YearSource] = []
    async with read_only(session):
        calendar = await load(session)
        repo = CalendarRepository(session)
        for year in years:
            row = await repo.year(year)
            at = row.imported_at if row else None
            found.append(YearSource(year, calendar.source(year), at))
    return found


def issue_lines(texts: Texts, error: InputError, shown: int) -> list[str]:
    """Each problem of a refused import as a line naming its row or token."""
    lines = [_describe(texts, issue) for issue in error.issues[:shown]]
    if error.count > len(lines):
        lines.append(texts.holidays_more.format(more=error.count - len(lines)))
    return lines


def _describe(texts: Texts, issue: InputIssue) -> str:
    params = dict(issue.problem.params)
    template = texts.holidays_problems.get(issue.problem.code)
    if template is None:  # the file as a whole (the registers' reader): its own wording
        template = texts.problems[issue.problem.code]
    # What the input held (a value, a reader's reason) is shown as text, never as markup.
    params = {k: echo(v, 40 if k == "value" else 200) if isinstance(v, str) and k != "weekday"
              else v for k, v in params.items()}  # fmt: skip
    if "weekday" in params:
        params["weekday"] = texts.holidays_weekdays[str(params["weekday"])]
    reason = template.format(**params)
    if issue.row is not None:
        return texts.issue_row.format(row=issue.row, reason=reason)
    if issue.token is not None:
        return texts.holidays_issue_token.format(token=echo(issue.token, 40), reason=reason)
    return reason
