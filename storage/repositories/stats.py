"""What the statistics read (read only): tasks of a set of draws counted by the database.

Every count is one GROUP BY over the scope's tasks; nothing loads the rows to count them in
Python. Dates that depend on the working-day calendar (a window's end, a publication due
date) come in as a mapping from the few distinct dates of the scope to the moment they end,
turned into a CASE expression, so the comparison still runs in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Department,
    Draw,
    DrawStatus,
    Inspector,
    MemberStatus,
    Plan,
    Publication,
    PublishedResult,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)
from storage.types import UTCDateTime

#: Members no longer on the team (their rows stay): they carry no load.
OFF_TEAM = (MemberStatus.RECUSED, MemberStatus.REPLACED)
#: Tasks whose check is not done: no result yet, or one the team has not confirmed.
OPEN = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)


@dataclass(frozen=True, slots=True)
class DrawScope:
    """Which draws count: those of a plan, or those locked within [since, until)."""

    plan_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def condition(self) -> ColumnElement[bool]:
        # A cancelled draw was locked once: its tasks count, as cancelled.
        conditions: list[ColumnElement[bool]] = [Draw.locked_at.is_not(None)]
        if self.plan_id is not None:
            conditions.append(Draw.plan_id == self.plan_id)
        if self.since is not None:
            conditions.append(Draw.locked_at >= self.since)
        if self.until is not None:
            conditions.append(Draw.locked_at < self.until)
        return and_(*conditions)


@dataclass(frozen=True, slots=True)
class InspectorCounts:
    name: str
    certificate: str
    department: str
    load: int  # tasks on the team (not cancelled)
    on_time: int  # first result submitted by the end of the window
    late: int  # submitted after it, or still not submitted past it
    recusals: int


@dataclass(frozen=True, slots=True)
class LateTask:
    draw_code: str
    number: int  # place in the draw's order, from 1 (the task code's suffix)
    target: str
    uscc: str
    status: TaskStatus
    due_on: date | None
    checked_on: date | None
    publish_due_on: date | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class PublicationCounts:
    on_time: int  # published by the due date
    late: int  # published after it
    overdue: int  # not published, due date passed
    pending: int  # not published, still in time


def moments(column: Any, ends: Mapping[date, datetime]) -> ColumnElement[Any]:
    """For a date column, the moment (UTC) its mapped date ends; NULL for dates not mapped."""
    if not ends:
        return cast(null(), UTCDateTime())  # typed: comparisons with it are NULL, not errors
    return case(
        *((column == day, literal(moment, UTCDateTime())) for day, moment in ends.items()),
        else_=null(),
    )


class StatsRepository:
    def __init__(self, session: AsyncSession, scope: DrawScope) -> None:
        self._session = session
        self._scope = scope

    def _tasks(self, *columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(Task)
            .join(Draw, Draw.id == Task.draw_id)
            .where(self._scope.condition())
        )

    async def plan(self, plan_id: int) -> Plan | None:
        return await self._session.get(Plan, plan_id)

    async def plan_by_code(self, code: str) -> Plan | None:
        return await self._session.scalar(
            select(Plan).where(func.upper(Plan.code) == code.strip().upper())
        )

    async def plan_of_year(self, year: int) -> Plan | None:
        return await self._session.scalar(
            select(Plan).where(Plan.year == year).order_by(Plan.id).limit(1)
        )

    async def draws(self) -> dict[DrawStatus, int]:
        rows = await self._session.execute(
            select(Draw.status, func.count()).where(self._scope.condition()).group_by(Draw.status)
        )
        return {status: int(count) for status, count in rows}

    async def by_status(self) -> dict[TaskStatus, int]:
        rows = await self._session.execute(
            self._tasks(Task.status, func.count()).group_by(Task.status)
        )
        return {status: int(count) for status, count in rows}

    async def by_target_field(self, field: str) -> list[tuple[str, int, int]]:
        """(value, tasks, done) per region or industry of the target; cancelled tasks left out.
        Done: reviewed or published."""
        column = Target.region if field == "region" else Target.industry
        done = Task.status.in_((TaskStatus.REVIEWED, TaskStatus.PUBLISHED))
        rows = await self._session.execute(
            self._tasks(column, func.count(), func.count().filter(done))
            .join(Target, Target.id == Task.target_id)
            .where(Task.status != TaskStatus.CANCELLED)
            .group_by(column)
            .order_by(func.count().desc(), column)
        )
        return [(str(value or ""), int(total), int(finished)) for value, total, finished in rows]

    async def by_result_code(self) -> dict[str, int]:
        """Tasks whose latest approved result carries each code."""
        latest = (
            select(ResultVersion.task_id, func.max(ResultVersion.number).label("number"))
            .where(ResultVersion.status == ResultStatus.APPROVED)
            .group_by(ResultVersion.task_id)
            .subquery()
        )
        dialect = self._session.get_bind().dialect.name
        code: ColumnElement[Any]
        if dialect == "sqlite":
            elements = func.json_each(ResultVersion.codes).table_valued("value").alias("code")
            code = elements.c.value
        elif dialect == "postgresql":
            elements = (
                func.json_array_elements_text(ResultVersion.codes)
                .table_valued("value")
                .alias("code")
            )
            code = elements.c.value
        else:  # pragma: no cover - the bot runs on SQLite and PostgreSQL only
            raise NotImplementedError(dialect)
        rows = await self._session.execute(
            self._tasks(code, func.count(distinct(Task.id)))
            .join(ResultVersion, ResultVersion.task_id == Task.id)
            .join(
                latest,
                and_(
                    latest.c.task_id == ResultVersion.task_id,
                    latest.c.number == ResultVersion.number,
                ),
            )
            .join(elements, true())
            .where(Task.status != TaskStatus.CANCELLED)
            .group_by(code)
        )
        return {str(value): int(count) for value, count in rows}

    async def due_dates(self) -> list[date]:
        """The distinct window ends of the scope's tasks (a few: one per draw)."""
        rows = await self._session.scalars(
            self._tasks(Task.due_on).distinct().where(Task.due_on.is_not(None))
        )
        return [d for d in rows if d is not None]

    async def check_dates(self) -> list[date]:
        """The distinct check dates of tasks whose publication due date is not stored."""
        rows = await self._session.scalars(
            self._tasks(Task.checked_on)
            .distinct()
            .where(Task.checked_on.is_not(None), Task.publish_due_on.is_(None))
        )
        return [d for d in rows if d is not None]

    async def stored_publish_dates(self) -> list[date]:
        rows = await self._session.scalars(
            self._tasks(Task.publish_due_on).distinct().where(Task.publish_due_on.is_not(None))
        )
        return [d for d in rows if d is not None]

    async def inspectors(
        self, window_ends: Mapping[date, datetime], now: datetime
    ) -> list[InspectorCounts]:
        """Per inspector on a team of the scope: load, results on time and late, recusals."""
        first = (
            select(ResultVersion.task_id, func.min(ResultVersion.submitted_at).label("at"))
            .group_by(ResultVersion.task_id)
            .subquery()
        )
        on_team = and_(TaskMember.status.not_in(OFF_TEAM), Task.status != TaskStatus.CANCELLED)
        ends = moments(Task.due_on, window_ends)
        on_time = and_(on_team, first.c.at.is_not(None), first.c.at < ends)
        late = and_(on_team, ends.is_not(None),
                    or_(first.c.at >= ends, and_(first.c.at.is_(None), ends <= now)))  # fmt: skip
        rows = await self._session.execute(
            self._tasks(
                Inspector.name,
                Inspector.certificate_no,
                func.coalesce(Department.name, ""),
                func.count().filter(on_team),
                func.count().filter(on_time),
                func.count().filter(late),
                func.count().filter(TaskMember.status == MemberStatus.RECUSED),
            )
            .join(TaskMember, TaskMember.task_id == Task.id)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .outerjoin(Department, Department.id == Inspector.department_id)
            .outerjoin(first, first.c.task_id == Task.id)
            .group_by(Inspector.id, Inspector.name, Inspector.certificate_no, Department.name)
            .order_by(func.count().filter(on_team).desc(), Inspector.certificate_no)
        )
        return [
            InspectorCounts(name, certificate, department, int(load), int(ok), int(bad), int(rec))
            for name, certificate, department, load, ok, bad, rec in rows
        ]

    def _numbered(self) -> Any:
        """The scope's tasks with their place in the draw's order (by ticket, as sampled)."""
        number = (
            func.row_number()
            .over(partition_by=Task.draw_id, order_by=(Task.ticket, Target.uscc))
            .label("number")
        )
        return (
            self._tasks(Task.id.label("task_id"), number)
            .join(Target, Target.id == Task.target_id)
            .subquery()
        )

    async def overdue(self, today: date, limit: int) -> tuple[int, list[LateTask]]:
        """Open tasks past the end of their window: how many, and the first `limit`."""
        late = and_(Task.status.in_(OPEN), Task.due_on < today)
        total = await self._session.scalar(self._tasks(func.count()).where(late))
        numbered = self._numbered()
        rows = await self._session.execute(
            self._tasks(
                Draw.code,
                numbered.c.number,
                Target.name,
                Target.uscc,
                Task.status,
                Task.due_on,
                Task.checked_on,
            )
            .join(Target, Target.id == Task.target_id)
            .join(numbered, numbered.c.task_id == Task.id)
            .where(late)
            .order_by(Task.due_on, Draw.code, numbered.c.number)
            .limit(limit)
        )
        found = [LateTask(code, int(n), name, uscc, status, due, checked, None, None)
                 for code, n, name, uscc, status, due, checked in rows]  # fmt: skip
        return int(total or 0), found

    def _publication(self, due_ends: Mapping[date, datetime],
                     check_dues: Mapping[date, date]) -> tuple[Any, Any, Any]:  # fmt: skip
        """(publication due date, the moment it ends, the moment published) expressions."""
        due = (
            func.coalesce(Task.publish_due_on, _dates(Task.checked_on, check_dues))
            if check_dues
            else Task.publish_due_on
        )
        return due, moments(due, due_ends), Publication.created_at

    def _with_publication(self, query: Select[Any]) -> Select[Any]:
        return query.outerjoin(PublishedResult, PublishedResult.task_id == Task.id).outerjoin(
            Publication, Publication.id == PublishedResult.publication_id
        )

    async def publications(
        self, due_ends: Mapping[date, datetime], check_dues: Mapping[date, date], now: datetime
    ) -> PublicationCounts:
        """Approved results (tasks with a check date) against their publication due date."""
        _due, ends, published = self._publication(due_ends, check_dues)
        approved = and_(Task.checked_on.is_not(None), Task.status != TaskStatus.CANCELLED)
        row = (
            await self._session.execute(
                self._with_publication(
                    self._tasks(
                        func.count().filter(published.is_not(None), published < ends),
                        func.count().filter(published.is_not(None), published >= ends),
                        func.count().filter(published.is_(None), ends <= now),
                        func.count().filter(published.is_(None), or_(ends.is_(None), ends > now)),
                    )
                ).where(approved)
            )
        ).one()
        return PublicationCounts(*(int(v) for v in row))

    async def late_publications(
        self,
        due_ends: Mapping[date, datetime],
        check_dues: Mapping[date, date],
        now: datetime,
        limit: int,
    ) -> list[LateTask]:
        due, ends, published = self._publication(due_ends, check_dues)
        numbered = self._numbered()
        late = and_(Task.checked_on.is_not(None), Task.status != TaskStatus.CANCELLED,
                    func.coalesce(published, literal(now, UTCDateTime())) >= ends)  # fmt: skip
        rows = await self._session.execute(
            self._with_publication(
                self._tasks(
                    Draw.code,
                    numbered.c.number,
                    Target.name,
                    Target.uscc,
                    Task.status,
                    Task.due_on,
                    Task.checked_on,
                    due,
                    published,
                )
            )
            .join(Target, Target.id == Task.target_id)
            .join(numbered, numbered.c.task_id == Task.id)
            .where(late)
            .order_by(Task.checked_on, Draw.code, numbered.c.number)
            .limit(limit)
        )
        return [LateTask(code, int(n), name, uscc, status, window, checked, publish_due, at)
                for code, n, name, uscc, status, window, checked, publish_due, at
                in rows]  # fmt: skip

    async def coverage(self) -> tuple[dict[str, int], dict[str, int]]:
        """(pool, drawn) per stratum over the scope's locked draws, as their records hold
        them (the stratum each target had when the draw was frozen)."""
        dialect = self._session.get_bind().dialect.name
        locked = and_(self._scope.condition(), Draw.status == DrawStatus.LOCKED)
        found: list[dict[str, int]] = []
        for key, path in (("pool", "$[1]"), ("sample", "$.stratum")):
            stratum: ColumnElement[Any]
            if dialect == "sqlite":
                part = func.json_each(Draw.record, f"$.{key}").table_valued("value").alias("p")
                stratum = func.json_extract(part.c.value, path)
            elif dialect == "postgresql":
                entries = Draw.record.op("->")(literal(key))
                part = func.json_array_elements(entries).table_valued("value").alias("p")
                index: Any = literal(1) if key == "pool" else literal("stratum")
                stratum = part.c.value.op("->>")(index)
            else:  # pragma: no cover - the bot runs on SQLite and PostgreSQL only
                raise NotImplementedError(dialect)
            rows = await self._session.execute(
                select(stratum, func.count())
                .select_from(Draw)
                .join(part, true())
                .where(locked)
                .group_by(stratum)
            )
            found.append({str(name): int(count) for name, count in rows})
        return found[0], found[1]


def _dates(column: Any, mapping: Mapping[date, date]) -> ColumnElement[Any]:
    return case(
        *((column == key, literal(value, Date())) for key, value in mapping.items()), else_=null()
    )
