"""The numbers of /stats and `export stats`: what a scope (a plan, or a year) holds.

Telegram-free. The database counts (storage.repositories.stats); this module picks the scope,
turns calendar dates into the moments they end in the bureau's time zone, and puts the
counts together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.sampling import STRATA
from bot.refusals import Refusal
from bot.services import calendar as calendar_service
from bot.settings import CommonSettings
from bot.texts import echo
from storage.database import read_only
from storage.models import DrawStatus, TaskStatus
from storage.repositories.stats import (
    DrawScope,
    InspectorCounts,
    LateTask,
    PublicationCounts,
    StatsRepository,
)

#: Rows of the lists of late tasks (the counts are always complete).
LIST_LIMIT = 2000

_YEAR = re.compile(r"(20\d\d)(?:年度|年)?")


@dataclass(frozen=True, slots=True)
class Scope:
    year: int
    plan_id: int | None = None
    plan_code: str | None = None
    plan_title: str = ""


async def resolve(session: AsyncSession, text: str, today: date) -> Scope:
    """The scope named by `text`: a year (2026, 2026年), a plan's code, or nothing (this
    year). Refused when it names neither."""
    text = text.strip()
    if not text:
        return Scope(today.year)
    match = _YEAR.fullmatch(re.sub(r"\s+", "", text))
    if match is not None:
        return Scope(int(match[1]))
    async with read_only(session):
        plan = await StatsRepository(session, DrawScope()).plan_by_code(text)
    if plan is None:
        raise Refusal(lambda t: t.stats_unknown_scope.format(scope=echo(text, 40)))
    return Scope(plan.year, plan.id, plan.code, plan.title)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    stratum: str
    planned: float | None  # percent of the plan; None where it names none
    pool: int  # targets of the stratum in the pools of the scope's locked draws
    drawn: int  # of them drawn

    @property
    def reached(self) -> float | None:
        return 100 * self.drawn / self.pool if self.pool else None


@dataclass(frozen=True, slots=True)
class Stats:
    scope: Scope
    at: datetime  # when the numbers were read, local time
    draws: dict[DrawStatus, int]
    by_status: dict[TaskStatus, int]
    by_code: dict[str, int]
    regions: list[tuple[str, int, int]]
    industries: list[tuple[str, int, int]]
    inspectors: list[InspectorCounts]
    overdue_total: int
    overdue: list[LateTask]
    publications: PublicationCounts
    late_publications: list[LateTask]
    #: The plan whose ratios the coverage compares with (the scope's, or the year's).
    ratios_plan: str | None
    coverage: list[CoverageRow]
    #: Some publication due date lies in a year no calendar knows: weekends only.
    estimated: bool

    @property
    def tasks(self) -> int:
        return sum(self.by_status.values())


def _year_bounds(year: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return (datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz))


def _end_of(day: date, tz: ZoneInfo) -> datetime:
    """The moment a local calendar day is over (midnight after it)."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)


async def collect(
    session: AsyncSession, scope: Scope, settings: CommonSettings, now: datetime
) -> Stats:
    """Every number of the scope, read in one read-only transaction."""
    tz = settings.tz
    today = now.astimezone(tz).date()
    if scope.plan_id is not None:
        draws = DrawScope(plan_id=scope.plan_id)
    else:
        since, until = _year_bounds(scope.year, tz)
        draws = DrawScope(since=since, until=until)
    async with read_only(session):
        repo = StatsRepository(session, draws)
        calendar = await calendar_service.load(session)
        window_ends = {d: _end_of(d, tz) for d in await repo.due_dates()}
        deadlines = {
            d: calendar.add_working_days(d, settings.publish_within_working_days)
            for d in await repo.check_dates()
        }
        check_dues = {d: deadline.day for d, deadline in deadlines.items()}
        due_days = set(check_dues.values()) | set(await repo.stored_publish_dates())
        due_ends = {d: _end_of(d, tz) for d in due_days}
        overdue_total, overdue = await repo.overdue(today, LIST_LIMIT)
        plan = (
            await repo.plan(scope.plan_id)
            if scope.plan_id is not None
            else await repo.plan_of_year(scope.year)
        )
        pool, drawn = await repo.coverage()
        return Stats(
            scope=scope,
            at=now.astimezone(tz),
            draws=await repo.draws(),
            by_status=await repo.by_status(),
            by_code=await repo.by_result_code(),
            regions=await repo.by_target_field("region"),
            industries=await repo.by_target_field("industry"),
            inspectors=await repo.inspectors(window_ends, now),
            overdue_total=overdue_total,
            overdue=overdue,
            publications=await repo.publications(due_ends, check_dues, now),
            late_publications=await repo.late_publications(due_ends, check_dues, now, LIST_LIMIT),
            ratios_plan=plan.code if plan is not None else None,
            coverage=_coverage(plan.ratios if plan is not None else {}, pool, drawn),
            estimated=any(d.estimated for d in deadlines.values()),
        )


def _coverage(
    ratios: dict[str, object], pool: dict[str, int], drawn: dict[str, int]
) -> list[CoverageRow]:
    rows = []
    for stratum in STRATA:
        planned = ratios.get(stratum)
        if planned is None and not pool.get(stratum) and not drawn.get(stratum):
            continue
        percent = float(planned) if isinstance(planned, int | float) else None
        rows.append(CoverageRow(stratum, percent, pool.get(stratum, 0), drawn.get(stratum, 0)))
    return rows
