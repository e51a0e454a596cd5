"""What a draw reads: the targets in scope, eligible inspectors, conflicts, earlier draws."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    extract,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Conflict,
    CreditClass,
    Department,
    Draw,
    DrawItem,
    DrawStatus,
    InspectionItem,
    Inspector,
    MemberRole,
    MemberStatus,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)


@dataclass(frozen=True, slots=True)
class ScopeFilter:
    """Which part of the directory a draw looks at (empty: no restriction)."""

    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()
    credit_classes: tuple[CreditClass, ...] = ()


class DrawRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _scope(self, scope: ScopeFilter) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        for column, values in (
            (Target.region, scope.regions),
            (Target.industry, scope.industries),
            (Target.entity_type, scope.entity_types),
        ):
            if values:
                conditions.append(column.in_(values))
        if scope.credit_classes:
            conditions.append(Target.credit_class.in_(scope.credit_classes))
        return and_(true(), *conditions)

    def _reasons(
        self, gone: Sequence[str], item_ids: Sequence[int], year: int, since: date
    ) -> list[tuple[str, ColumnElement[bool]]]:
        """Why a target in scope is left out, in order of precedence (one reason each)."""
        drawn = (
            select(Task.target_id)
            .join(Draw, Draw.id == Task.draw_id)
            .join(DrawItem, DrawItem.draw_id == Draw.id)  # every item of a joint check
            .where(
                DrawItem.item_id.in_(item_ids),
                Draw.status == DrawStatus.LOCKED,
                extract("year", Draw.check_starts_on) == year,
            )
        )
        return [
            ("gone", Target.registration_status.in_(gone)),
            ("inactive", Target.active.is_(False)),
            # NULL-safe: a never-inspected target must not make the whole test unknown.
            (
                "recently_checked",
                and_(Target.last_inspected_on.is_not(None), Target.last_inspected_on > since),
            ),
            ("already_drawn", Target.id.in_(drawn)),
        ]

    async def exclusions(
        self, scope: ScopeFilter, gone: Sequence[str], item_ids: Sequence[int], year: int,
        since: date,
    ) -> dict[str, int]:  # fmt: skip
        """How many targets in scope each reason leaves out."""
        reasons = self._reasons(gone, item_ids, year, since)
        whens = [(condition, name) for name, condition in reasons]
        reason = case(*whens, else_=literal("kept"))
        rows = await self._session.execute(
            select(reason, func.count()).where(self._scope(scope)).group_by(reason)
        )
        return {str(name): int(count) for name, count in rows if name != "kept"}

    async def pool(
        self, scope: ScopeFilter, gone: Sequence[str], item_ids: Sequence[int], year: int,
        since: date,
    ) -> AsyncIterator[list[tuple[str, str]]]:  # fmt: skip
        """(USCC, stratum) of every target a draw may sample, in batches, in USCC order. The
        stratum: the lists first (blacklisted, abnormal), then the credit class, else
        unclassified."""
        stratum = case(
            (Target.blacklisted.is_(True), literal("blacklisted")),
            (Target.abnormal_listed.is_(True), literal("abnormal")),
            else_=func.coalesce(Target.credit_class, literal("unclassified")),
        )
        excluded = or_(*(c for _n, c in self._reasons(gone, item_ids, year, since)))
        query = select(Target.uscc, stratum).where(self._scope(scope), ~excluded)
        query = query.order_by(Target.uscc)
        connection = await self._session.connection()
        # A million rows: the driver's own cursor, in batches, is several times quicker than
        # SQLAlchemy's row objects (and its async streaming) for two plain text columns.
        compiled = query.compile(connection.sync_connection, compile_kwargs={"literal_binds": True})
        result = await connection.exec_driver_sql(str(compiled))
        while rows := result.fetchmany(50_000):
            yield cast(list[tuple[str, str]], [tuple(row) for row in rows])

    async def eligible_inspectors(self, valid_through: date) -> list[tuple[Inspector, str | None]]:
        """Active inspectors whose certificate is valid through `valid_through`, with their
        department's name."""
        rows = await self._session.execute(
            select(Inspector, Department.name)
            .outerjoin(Department, Department.id == Inspector.department_id)
            .where(
                Inspector.active.is_(True),
                Inspector.certificate_expires_on.is_not(None),
                Inspector.certificate_expires_on >= valid_through,
            )
            .order_by(Inspector.certificate_no)
        )
        return [(inspector, name) for inspector, name in rows]

    async def conflicts(self, usccs: Sequence[str]) -> dict[str, list[str]]:
        """Declared conflicts of these targets: USCC -> certificates."""
        found: dict[str, list[str]] = {}
        for start in range(0, len(usccs), 2000):
            rows = await self._session.execute(
                select(Target.uscc, Inspector.certificate_no)
                .join(Conflict, Conflict.target_id == Target.id)
                .join(Inspector, Inspector.id == Conflict.inspector_id)
                .where(Conflict.active.is_(True), Target.uscc.in_(usccs[start : start + 2000]))
            )
            for uscc, certificate in rows:
                found.setdefault(uscc, []).append(certificate)
        return found

    async def last_teams(self, usccs: Sequence[str]) -> dict[str, list[str]]:
        """The team (certificates) of each target's latest locked draw, recused excluded."""
        found: dict[str, tuple[int, list[str]]] = {}
        for start in range(0, len(usccs), 2000):
            rows = await self._session.execute(
                select(Target.uscc, Draw.id, Inspector.certificate_no)
                .join(Task, Task.target_id == Target.id)
                .join(Draw, Draw.id == Task.draw_id)
                .join(TaskMember, TaskMember.task_id == Task.id)
                .join(Inspector, Inspector.id == TaskMember.inspector_id)
                .where(
                    Draw.status == DrawStatus.LOCKED,
                    TaskMember.status.not_in((MemberStatus.RECUSED, MemberStatus.REPLACED)),
                    Target.uscc.in_(usccs[start : start + 2000]),
                )
            )
            for uscc, draw_id, certificate in rows:
                latest = found.get(uscc)
                if latest is None or draw_id > latest[0]:
                    found[uscc] = (draw_id, [certificate])
                elif draw_id == latest[0]:
                    latest[1].append(certificate)
        return {uscc: sorted(certs) for uscc, (_d, certs) in found.items()}


@dataclass(frozen=True, slots=True)
class DrawHead:
    id: int
    status: DrawStatus
    check_ends_on: date | None
    pool_digest: str


class DrawWriter:
    """Writes of a locked draw: the draw, its items, its tasks and teams (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def items_by_code(self, codes: Sequence[str]) -> list[tuple[int, str, str | None]]:
        """(id, code, department name) of active items, in the order of `codes`."""
        rows = await self._session.execute(
            select(InspectionItem.id, InspectionItem.code, Department.name)
            .outerjoin(Department, Department.id == InspectionItem.department_id)
            .where(InspectionItem.code.in_(codes), InspectionItem.active.is_(True))
        )
        found = {code: (item_id, code, department) for item_id, code, department in rows}
        return [found[c] for c in codes if c in found]

    async def codes_this_year(self, prefix: str) -> int:
        return int(
            await self._session.scalar(
                select(func.count()).select_from(Draw).where(Draw.code.startswith(prefix))
            )
            or 0
        )

    async def add(self, draw: Draw, item_ids: Sequence[int]) -> Draw:
        self._session.add(draw)
        await self._session.flush()
        self._session.add_all(DrawItem(draw_id=draw.id, item_id=i) for i in item_ids)
        return draw

    async def ids_by_uscc(self, usccs: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(usccs), 2000):
            rows = await self._session.execute(
                select(Target.uscc, Target.id).where(Target.uscc.in_(usccs[start : start + 2000]))
            )
            found.update(dict(rows.all()))
        return found

    async def inspector_ids(self, certificates: Sequence[str]) -> dict[str, int]:
        rows = await self._session.execute(
            select(Inspector.certificate_no, Inspector.id).where(
                Inspector.certificate_no.in_(certificates)
            )
        )
        return dict(rows.all())

    async def add_tasks(self, tasks: Sequence[Task], teams: Sequence[Sequence[int]]) -> list[int]:
        """Tasks with their teams (inspector ids; the first one leads), inserted in bulk: a
        draw of 20,000 targets writes 60,000 rows. Returns the tasks' ids in order."""
        if not tasks:
            return []
        columns = ("draw_id", "target_id", "ticket", "status", "due_on")
        rows = [{c: getattr(task, c) for c in columns} for task in tasks]
        # Plain executemany, then the ids by (draw, target), which is unique: RETURNING in
        # parameter order makes SQLite insert one row per statement.
        for start in range(0, len(rows), 5000):
            await self._session.execute(insert(Task), rows[start : start + 5000])
        by_target: dict[int, int] = {}
        for draw_id in {task.draw_id for task in tasks}:
            found = await self._session.execute(
                select(Task.target_id, Task.id).where(Task.draw_id == draw_id)
            )
            by_target.update((target_id, task_id) for target_id, task_id in found)
        ids = [by_target[task.target_id] for task in tasks]
        members = [
            {"task_id": task_id, "inspector_id": inspector_id,
             "role": MemberRole.LEADER if n == 0 else MemberRole.MEMBER}
            for task_id, team in zip(ids, teams, strict=True)
            for n, inspector_id in enumerate(team)
        ]  # fmt: skip
        for start in range(0, len(members), 5000):
            await self._session.execute(insert(TaskMember), members[start : start + 5000])
        return ids

    async def by_code(self, code: str) -> Draw | None:
        return await self._session.scalar(select(Draw).where(Draw.code == code))

    async def lock(self, code: str) -> DrawHead | None:
        """The draw's id and status, its row locked for this transaction (on PostgreSQL;
        SQLite's BEGIN IMMEDIATE already serialises writers). The record is not loaded: a
        draw of a million targets carries its whole pool."""
        row = (
            await self._session.execute(
                select(Draw.id, Draw.status, Draw.check_ends_on, Draw.pool_digest)
                .where(Draw.code == code)
                .with_for_update()
            )
        ).one_or_none()
        return None if row is None else DrawHead(*row)

    async def change(self, draw_id: int, **values: Any) -> None:
        await self._session.execute(update(Draw).where(Draw.id == draw_id).values(**values))

    async def unbound_names(self, certificates: Sequence[str]) -> list[str]:
        """Names of these inspectors who have no Telegram account bound (no cards yet)."""
        rows = await self._session.scalars(
            select(Inspector.name)
            .where(
                Inspector.certificate_no.in_(certificates),
                Inspector.telegram_user_id.is_(None),
            )
            .order_by(Inspector.certificate_no)
        )
        return list(rows)

    async def cancel_tasks(self, draw_id: int) -> int:
        tasks = list(await self._session.scalars(select(Task).where(Task.draw_id == draw_id)))
        for task in tasks:
            task.status = TaskStatus.CANCELLED
        return len(tasks)
