"""What the inspector's task list, task cards and check-ins read and write (never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    Checkin,
    Draw,
    DrawItem,
    DrawStatus,
    Evidence,
    InspectionItem,
    Inspector,
    MemberStatus,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)

#: Members who are on the team now.
ACTIVE = (MemberStatus.ASSIGNED, MemberStatus.ACCEPTED)


@dataclass(frozen=True, slots=True)
class MemberTask:
    """One task of an inspector as a list or a card needs it."""

    member: TaskMember
    task: Task
    draw_code: str
    draw_status: DrawStatus
    number: int  # position in the draw's order, from 1
    target_name: str


@dataclass(frozen=True, slots=True)
class ItemDetails:
    name: str
    content: str
    legal_basis: str
    methods: tuple[str, ...]


class FieldRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _member_tasks(self) -> Select[TaskMember, Task, str, DrawStatus, int, str]:
        # The draw's order is the order of the tickets (bot.draws.sampling.sample): a task's
        # number is one more than the tasks of its draw with a lower ticket.
        other = aliased(Task)
        number = (
            select(func.count(other.id) + 1)
            .where(other.draw_id == Task.draw_id, other.ticket < Task.ticket)
            .correlate(Task)
            .scalar_subquery()
        )
        return (
            select(TaskMember, Task, Draw.code, Draw.status, number, Target.name)
            .join(Task, Task.id == TaskMember.task_id)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
        )

    @staticmethod
    def _rows(rows: Sequence[tuple[TaskMember, Task, str, DrawStatus, int, str]]) -> list[
        MemberTask
    ]:  # fmt: skip
        return [MemberTask(m, t, code, status, int(n), name)
                for m, t, code, status, n, name in rows]  # fmt: skip

    async def tasks_of(self, inspector_id: int) -> list[MemberTask]:
        """The inspector's tasks in locked draws where they are on the team now, by deadline."""
        query = (
            self._member_tasks()
            .where(
                TaskMember.inspector_id == inspector_id,
                TaskMember.status.in_(ACTIVE),
                Draw.status == DrawStatus.LOCKED,
                Task.status != TaskStatus.CANCELLED,
            )
            .order_by(Task.due_on, Task.draw_id, Task.ticket)
        )
        return self._rows(list((await self._session.execute(query)).all()))

    async def member_task(self, inspector_id: int, task_id: int) -> MemberTask | None:
        """The inspector's member row of the task (any status, the newest), or None."""
        query = (
            self._member_tasks()
            .where(TaskMember.inspector_id == inspector_id, TaskMember.task_id == task_id)
            .order_by(TaskMember.id.desc())
            .limit(1)
        )
        found = self._rows(list((await self._session.execute(query)).all()))
        return found[0] if found else None

    async def inspector(self, inspector_id: int, *, for_update: bool = False) -> Inspector | None:
        query = select(Inspector).where(Inspector.id == inspector_id)
        if for_update:
            query = query.with_for_update()
        return (await self._session.scalars(query)).first()

    async def target(self, target_id: int) -> Target | None:
        return await self._session.get(Target, target_id)

    async def items(self, draw_id: int) -> list[ItemDetails]:
        rows = await self._session.scalars(
            select(InspectionItem)
            .join(DrawItem, DrawItem.item_id == InspectionItem.id)
            .where(DrawItem.draw_id == draw_id)
            .order_by(DrawItem.id)
        )
        return [ItemDetails(i.name, i.content, i.legal_basis,
                            tuple(str(m) for m in i.methods or ())) for i in rows]  # fmt: skip

    async def returned(self, task_ids: Sequence[int]) -> set[int]:
        """Of these tasks, those whose result was sent back (a member objected, or an admin
        returned it) and not yet submitted again: a returned version is superseded then."""
        if not task_ids:
            return set()
        rows = await self._session.scalars(
            select(ResultVersion.task_id).where(
                ResultVersion.task_id.in_(task_ids),
                ResultVersion.status == ResultStatus.RETURNED,
            )
        )
        return set(rows)

    async def evidence_counts(self, task_id: int) -> dict[str, int]:
        rows = await self._session.execute(
            select(Evidence.kind, func.count(Evidence.id))
            .where(Evidence.task_id == task_id)
            .group_by(Evidence.kind)
        )
        return {str(kind): int(count) for kind, count in rows}

    async def latest_checkin(self, task_id: int) -> tuple[Checkin, str] | None:
        """The task's newest check-in and who made it."""
        row = await self._session.execute(
            select(Checkin, Inspector.name)
            .join(Inspector, Inspector.id == Checkin.inspector_id)
            .where(Checkin.task_id == task_id)
            .order_by(Checkin.id.desc())
            .limit(1)
        )
        found = row.first()
        return (found[0], found[1]) if found else None

    def add(self, row: Checkin) -> None:
        self._session.add(row)

    async def flush(self) -> None:
        await self._session.flush()
