"""Results: versions of a task's 检查结果, the members' confirmations, proposals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Draw,
    Evidence,
    Inspector,
    ResultConfirmation,
    ResultProposal,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
)
from storage.repositories.assignments import ACTIVE


class ResultRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def inspector_of(self, user_id: int) -> Inspector | None:
        return (
            await self._session.execute(
                select(Inspector).where(Inspector.telegram_user_id == user_id)
            )
        ).scalar_one_or_none()

    async def task(
        self, task_id: int, *, for_update: bool = False
    ) -> tuple[Task, Draw, Target] | None:
        query = (
            select(Task, Draw, Target)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
            .where(Task.id == task_id)
        )
        if for_update:
            query = query.with_for_update(of=Task)
        row = (await self._session.execute(query)).first()
        return None if row is None else (row[0], row[1], row[2])

    async def active_members(self, task_id: int) -> list[tuple[TaskMember, Inspector]]:
        rows = await self._session.execute(
            select(TaskMember, Inspector)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .where(TaskMember.task_id == task_id, TaskMember.status.in_(ACTIVE))
            .order_by(TaskMember.id)
        )
        return [(m, i) for m, i in rows]

    async def open_tasks(self, inspector_id: int) -> list[tuple[Task, Draw, Target]]:
        rows = await self._session.execute(
            select(Task, Draw, Target)
            .join(TaskMember, TaskMember.task_id == Task.id)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
            .where(TaskMember.inspector_id == inspector_id, TaskMember.status.in_(ACTIVE))
            .order_by(Task.id)
        )
        return [(t, d, g) for t, d, g in rows]

    async def versions(self, task_id: int) -> list[ResultVersion]:
        rows = await self._session.execute(
            select(ResultVersion)
            .where(ResultVersion.task_id == task_id)
            .order_by(ResultVersion.number)
        )
        return list(rows.scalars())

    async def latest(self, task_id: int) -> ResultVersion | None:
        versions = await self.versions(task_id)
        return versions[-1] if versions else None

    async def latest_of(self, task_ids: Sequence[int]) -> dict[int, ResultVersion]:
        if not task_ids:
            return {}
        rows = await self._session.execute(
            select(ResultVersion)
            .where(ResultVersion.task_id.in_(task_ids))
            .order_by(ResultVersion.task_id, ResultVersion.number)
        )
        return {v.task_id: v for v in rows.scalars()}

    async def approved_of(self, task_ids: Sequence[int]) -> dict[int, tuple[list[str], Task]]:
        """The latest approved result of each task (codes) with its task (check date)."""
        if not task_ids:
            return {}
        rows = await self._session.execute(
            select(ResultVersion, Task)
            .join(Task, Task.id == ResultVersion.task_id)
            .where(ResultVersion.task_id.in_(task_ids))
            .where(ResultVersion.status == ResultStatus.APPROVED)
            .order_by(ResultVersion.task_id, ResultVersion.number)
        )
        return {v.task_id: (list(v.codes), t) for v, t in rows}

    async def version(self, version_id: int) -> ResultVersion | None:
        return await self._session.get(ResultVersion, version_id)

    async def confirmations(self, version_id: int) -> list[ResultConfirmation]:
        rows = await self._session.execute(
            select(ResultConfirmation).where(ResultConfirmation.version_id == version_id)
        )
        return list(rows.scalars())

    async def evidence_count(self, task_id: int) -> int:
        count = await self._session.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.task_id == task_id)
        )
        return int(count or 0)

    async def proposal(self, proposal_id: int) -> ResultProposal | None:
        return await self._session.get(ResultProposal, proposal_id)

    async def target(self, target_id: int) -> Target | None:
        return await self._session.get(Target, target_id)

    async def inspector(self, inspector_id: int) -> Inspector | None:
        return await self._session.get(Inspector, inspector_id)

    def add(self, row: object) -> None:
        self._session.add(row)

    async def flush(self) -> None:
        await self._session.flush()
