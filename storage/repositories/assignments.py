"""What assignment cards, recusals and manual teams read and write (never commits)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Conflict,
    Draw,
    DrawItem,
    DrawStatus,
    InspectionItem,
    Inspector,
    MemberStatus,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)

#: Members who are on the team now.
ACTIVE = (MemberStatus.ASSIGNED, MemberStatus.ACCEPTED)
#: Tasks whose team still has work to do (cards are worth sending).
OPEN_TASKS = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)


class AssignmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def draw(self, draw_id: int, *, for_update: bool = False) -> Draw | None:
        """`for_update`: the draw's record is about to change (a recusal, a manual team);
        on PostgreSQL the row lock keeps two such changes from overwriting each other."""
        if not for_update:
            return await self._session.get(Draw, draw_id)
        return await self._session.scalar(
            select(Draw).where(Draw.id == draw_id).with_for_update()
            .execution_options(populate_existing=True)
        )  # fmt: skip

    async def locked_draw(self, code: str) -> Draw | None:
        """A locked draw by its code, locked for a change of its record."""
        return await self._session.scalar(
            select(Draw).where(Draw.code == code, Draw.status == DrawStatus.LOCKED)
            .with_for_update().execution_options(populate_existing=True)
        )  # fmt: skip

    async def items(self, draw_id: int) -> list[tuple[str, str]]:
        rows = await self._session.execute(
            select(InspectionItem.name, InspectionItem.content)
            .join(DrawItem, DrawItem.item_id == InspectionItem.id)
            .where(DrawItem.draw_id == draw_id)
            .order_by(DrawItem.id)
        )
        return [(name, content) for name, content in rows]

    async def tasks(self, draw_id: int, task_ids: Sequence[int]) -> list[tuple[Task, Target]]:
        rows = await self._session.execute(
            select(Task, Target)
            .join(Target, Target.id == Task.target_id)
            .where(Task.draw_id == draw_id, Task.id.in_(task_ids))
            .order_by(Task.id)
        )
        return [(task, target) for task, target in rows]

    async def members_by_binding(self, draw_id: int) -> tuple[list[int], list[tuple[str, str]]]:
        """The draw's tasks with an active member who has an account, and (name, certificate)
        of the active members who have none (a big draw's cards cost only the bound ones)."""
        rows = await self._session.execute(
            select(Task.id, Inspector.name, Inspector.certificate_no,
                   Inspector.telegram_user_id.is_not(None))
            .join(TaskMember, TaskMember.task_id == Task.id)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .where(Task.draw_id == draw_id, TaskMember.status.in_(ACTIVE))
            .order_by(Task.id, TaskMember.id)
        )  # fmt: skip
        bound: dict[int, None] = {}
        unbound: dict[tuple[str, str], None] = {}
        for task_id, name, certificate, has_account in rows:
            if has_account:
                bound[task_id] = None
            else:
                unbound[(name, certificate)] = None
        return list(bound), list(unbound)

    async def task_of(self, draw_id: int, uscc: str) -> tuple[Task, Target] | None:
        row = await self._session.execute(
            select(Task, Target)
            .join(Target, Target.id == Task.target_id)
            .where(Task.draw_id == draw_id, Target.uscc == uscc)
        )
        found = row.first()
        return (found[0], found[1]) if found else None

    async def members(self, task_ids: Sequence[int]) -> list[tuple[TaskMember, Inspector]]:
        """Every member row of the tasks (any status), in the order they were added."""
        found: list[tuple[TaskMember, Inspector]] = []
        for start in range(0, len(task_ids), 2000):
            rows = await self._session.execute(
                select(TaskMember, Inspector)
                .join(Inspector, Inspector.id == TaskMember.inspector_id)
                .where(TaskMember.task_id.in_(task_ids[start : start + 2000]))
                .order_by(TaskMember.id)
            )
            found.extend((m, i) for m, i in rows)
        return found

    async def member(self, member_id: int) -> tuple[TaskMember, Task, Inspector] | None:
        row = await self._session.execute(
            select(TaskMember, Task, Inspector)
            .join(Task, Task.id == TaskMember.task_id)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .where(TaskMember.id == member_id)
        )
        found = row.first()
        return (found[0], found[1], found[2]) if found else None

    async def open_tasks_of(self, inspector_id: int) -> list[tuple[int, int]]:
        """(draw id, task id) of the locked draws' open tasks where the inspector is active."""
        rows = await self._session.execute(
            select(Task.draw_id, Task.id)
            .join(TaskMember, TaskMember.task_id == Task.id)
            .join(Draw, Draw.id == Task.draw_id)
            .where(
                TaskMember.inspector_id == inspector_id,
                TaskMember.status.in_(ACTIVE),
                Task.status.in_(OPEN_TASKS),
                Draw.status == DrawStatus.LOCKED,
            )
            .order_by(Task.id)
        )
        return [(draw_id, task_id) for draw_id, task_id in rows]

    async def inspectors_by_certificate(self, certificates: Sequence[str]) -> dict[str, Inspector]:
        rows = await self._session.scalars(
            select(Inspector).where(Inspector.certificate_no.in_(certificates))
        )
        return {i.certificate_no: i for i in rows}

    async def conflicts(self, target_id: int, inspector_ids: Sequence[int]) -> list[Conflict]:
        rows = await self._session.scalars(
            select(Conflict).where(
                Conflict.target_id == target_id, Conflict.inspector_id.in_(inspector_ids)
            )
        )
        return list(rows)

    def add(self, row: object) -> None:
        self._session.add(row)

    async def flush(self) -> None:
        await self._session.flush()
