"""What the draw views read: draws, their items, tasks and teams (read only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from storage.models import (
    Draw,
    DrawItem,
    InspectionItem,
    Inspector,
    MemberRole,
    MemberStatus,
    Plan,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)

#: Members no longer on the team: their rows stay (nothing is deleted), struck in the views.
GONE = (MemberStatus.RECUSED, MemberStatus.REPLACED)
#: Rows per IN (...) list: well under SQLite's bound-parameter limit.
CHUNK = 2000


@dataclass(frozen=True, slots=True)
class TaskRow:
    task_id: int
    uscc: str
    name: str
    region: str
    industry: str
    status: TaskStatus


@dataclass(frozen=True, slots=True)
class MemberRow:
    task_id: int
    name: str
    certificate: str
    role: MemberRole
    status: MemberStatus
    replaces_id: int | None


@dataclass(frozen=True, slots=True)
class DrawCounts:
    tasks: int
    teamless: int  # tasks with nobody on the team (recused members do not count)
    recusals: int


class DrawViewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _draws(self) -> Any:
        # The record holds the whole pool (a million pairs in a large draw): never loaded with
        # the row; the views ask for the parts they need.
        return select(Draw).options(defer(Draw.record))

    async def by_id(self, draw_id: int) -> Draw | None:
        result: Draw | None = await self._session.scalar(self._draws().where(Draw.id == draw_id))
        return result

    async def by_code(self, code: str) -> Draw | None:
        result: Draw | None = await self._session.scalar(self._draws().where(Draw.code == code))
        return result

    async def codes_ending(self, suffix: str) -> list[str]:
        rows = await self._session.scalars(
            select(Draw.code).where(Draw.code.endswith(suffix, autoescape=True)).limit(10)
        )
        return list(rows)

    async def record_part(self, draw_id: int, key: str) -> Any:
        """One top-level entry of a draw's public record (None if there is none)."""
        return await self._session.scalar(select(Draw.record[key]).where(Draw.id == draw_id))

    async def pool_strata(self, draw_id: int) -> dict[str, int] | None:
        """How many targets of each stratum the draw's recorded pool holds, counted by the
        database (a pool of a million pairs takes seconds to parse in Python); None where the
        database has no JSON table functions (then the caller counts)."""
        dialect = self._session.get_bind().dialect.name
        stratum: ColumnElement[Any]
        if dialect == "sqlite":
            pairs = func.json_each(Draw.record, "$.pool").table_valued("value").alias("pair")
            stratum = func.json_extract(pairs.c.value, "$[1]")
        elif dialect == "postgresql":
            pool = Draw.record.op("->")(literal("pool"))
            pairs = func.json_array_elements(pool).table_valued("value").alias("pair")
            stratum = pairs.c.value.op("->>")(literal(1))
        else:
            return None
        rows = await self._session.execute(
            select(stratum, func.count())
            .select_from(Draw)
            .join(pairs, true())
            .where(Draw.id == draw_id)
            .group_by(stratum)
        )
        return {str(name): int(count) for name, count in rows}

    async def items(self, draw_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """(code, name) of each draw's items, in the order they were given."""
        rows = await self._session.execute(
            select(DrawItem.draw_id, InspectionItem.code, InspectionItem.name)
            .join(InspectionItem, InspectionItem.id == DrawItem.item_id)
            .where(DrawItem.draw_id.in_(draw_ids))
            .order_by(DrawItem.draw_id, DrawItem.id)
        )
        found: dict[int, list[tuple[str, str]]] = {}
        for draw_id, code, name in rows:
            found.setdefault(draw_id, []).append((code, name))
        return found

    async def plan_code(self, plan_id: int) -> str | None:
        code: str | None = await self._session.scalar(select(Plan.code).where(Plan.id == plan_id))
        return code

    async def counts(self, draw_id: int) -> DrawCounts:
        on_team = exists().where(TaskMember.task_id == Task.id, TaskMember.status.not_in(GONE))
        tasks, teamless = (
            await self._session.execute(
                select(func.count(), func.count().filter(~on_team)).where(Task.draw_id == draw_id)
            )
        ).one()
        recusals = await self._session.scalar(
            select(func.count())
            .select_from(TaskMember)
            .join(Task, Task.id == TaskMember.task_id)
            .where(Task.draw_id == draw_id, TaskMember.status == MemberStatus.RECUSED)
        )
        return DrawCounts(int(tasks), int(teamless), int(recusals or 0))

    async def tasks(self, draw_id: int, usccs: Sequence[str] | None = None) -> list[TaskRow]:
        """The draw's tasks (only those of `usccs`, if given), in no particular order."""
        query = (
            select(Task.id, Target.uscc, Target.name, Target.region, Target.industry, Task.status)
            .join(Target, Target.id == Task.target_id)
            .where(Task.draw_id == draw_id)
        )
        if usccs is None:
            return [TaskRow(*row) for row in await self._session.execute(query)]
        found: list[TaskRow] = []
        for start in range(0, len(usccs), CHUNK):
            part = query.where(Target.uscc.in_(usccs[start : start + CHUNK]))
            found += [TaskRow(*row) for row in await self._session.execute(part)]
        return found

    async def members(self, task_ids: Sequence[int]) -> dict[int, list[MemberRow]]:
        """Each task's members, leader first, then in the order they joined (replacements
        last); recused members included."""
        found: dict[int, list[MemberRow]] = {}
        for start in range(0, len(task_ids), CHUNK):
            rows = await self._session.execute(
                select(TaskMember.task_id, Inspector.name, Inspector.certificate_no,
                       TaskMember.role, TaskMember.status, TaskMember.replaces_id)
                .join(Inspector, Inspector.id == TaskMember.inspector_id)
                .where(TaskMember.task_id.in_(task_ids[start : start + CHUNK]))
                .order_by(TaskMember.task_id, TaskMember.role != MemberRole.LEADER,
                          TaskMember.id)
            )  # fmt: skip
            for row in rows:
                found.setdefault(row[0], []).append(MemberRow(*row))
        return found

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(Draw)) or 0)

    async def newest(self, offset: int, limit: int) -> list[Draw]:
        rows = await self._session.scalars(
            self._draws().order_by(Draw.id.desc()).offset(offset).limit(limit)
        )
        return list(rows)

    async def of_target(self, uscc: str, limit: int) -> list[tuple[Draw, int]]:
        """The draws a target was drawn in, newest first, with its task there."""
        condition: ColumnElement[bool] = and_(Target.uscc == uscc, Task.target_id == Target.id)
        rows = await self._session.execute(
            self._draws()
            .add_columns(Task.id)
            .join(Task, Task.draw_id == Draw.id)
            .join(Target, condition)
            .order_by(Draw.id.desc())
            .limit(limit)
        )
        return [(draw, task_id) for draw, task_id in rows]
