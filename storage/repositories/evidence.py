"""What evidence intake and its views read and write (never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Draw,
    DrawStatus,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    Inspector,
    Target,
    Task,
    TaskMember,
)
from storage.repositories.assignments import ACTIVE, OPEN_TASKS

#: Evidence that is kept (file on disk): what duplicates are checked against and cards count.
KEPT = (EvidenceStatus.STORED, EvidenceStatus.PENDING)


class EvidenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_tasks(self, inspector_id: int) -> list[tuple[int, str]]:
        """(task id, target name) of the tasks the inspector works on now, oldest first."""
        rows = await self.session.execute(
            select(Task.id, Target.name)
            .join(TaskMember, TaskMember.task_id == Task.id)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
            .where(
                TaskMember.inspector_id == inspector_id,
                TaskMember.status.in_(ACTIVE),
                Draw.status == DrawStatus.LOCKED,
                Task.status.in_(OPEN_TASKS),
            )
            .order_by(Task.id)
        )
        return [(row[0], row[1]) for row in rows]

    async def target_name(self, task_id: int) -> str:
        name = await self.session.scalar(
            select(Target.name).join(Task, Task.target_id == Target.id).where(Task.id == task_id)
        )
        return name or ""

    async def target_names(self, task_ids: Sequence[int]) -> dict[int, str]:
        rows = await self.session.execute(
            select(Task.id, Target.name)
            .join(Target, Target.id == Task.target_id)
            .where(Task.id.in_(task_ids))
        )
        return {row[0]: row[1] for row in rows}

    async def is_member(self, task_id: int, inspector_id: int) -> bool:
        found = await self.session.scalar(
            select(TaskMember.id).where(
                TaskMember.task_id == task_id, TaskMember.inspector_id == inspector_id
            )
        )
        return found is not None

    async def duplicate(
        self,
        *,
        task_id: int | None,
        inspector_id: int,
        file_unique_id: str | None = None,
        sha256: str | None = None,
    ) -> Evidence | None:
        """Kept evidence of the same task (or, without a task yet, of the same inspector's
        pending files) with this Telegram file or these bytes."""
        query = select(Evidence).where(Evidence.status.in_(KEPT))
        if task_id is None:
            query = query.where(Evidence.task_id.is_(None), Evidence.inspector_id == inspector_id)
        else:
            query = query.where(Evidence.task_id == task_id)
        if file_unique_id is not None:
            query = query.where(Evidence.telegram_file_unique_id == file_unique_id)
        elif sha256 is not None:
            query = query.where(Evidence.sha256 == sha256)
        else:
            return None
        return (await self.session.scalars(query.order_by(Evidence.id).limit(1))).first()

    async def counts(self, task_id: int) -> dict[EvidenceKind, int]:
        rows = await self.session.execute(
            select(Evidence.kind, func.count())
            .where(Evidence.task_id == task_id, Evidence.status == EvidenceStatus.STORED)
            .group_by(Evidence.kind)
        )
        return {row[0]: row[1] for row in rows}

    async def of_task(self, task_id: int) -> Sequence[Evidence]:
        rows = await self.session.scalars(
            select(Evidence)
            .where(Evidence.task_id == task_id, Evidence.status == EvidenceStatus.STORED)
            .order_by(Evidence.id)
        )
        return rows.all()

    async def pending_batch(self, evidence_id: int, inspector_id: int) -> Sequence[Evidence]:
        """The pending evidence `evidence_id` and the rest of its album, if any."""
        first = await self.session.get(Evidence, evidence_id)
        if first is None or first.inspector_id != inspector_id:
            return []
        query = select(Evidence).where(
            Evidence.inspector_id == inspector_id,
            Evidence.status == EvidenceStatus.PENDING,
            Evidence.task_id.is_(None),
        )
        if first.media_group_id is not None:
            query = query.where(Evidence.media_group_id == first.media_group_id)
        else:
            query = query.where(Evidence.id == evidence_id)
        return (await self.session.scalars(query.order_by(Evidence.id))).all()

    async def unacknowledged_albums(self, media_group_id: str | None) -> Sequence[Evidence]:
        query = select(Evidence).where(
            Evidence.media_group_id.is_not(None), Evidence.acknowledged_at.is_(None)
        )
        if media_group_id is not None:
            query = query.where(Evidence.media_group_id == media_group_id)
        return (await self.session.scalars(query.order_by(Evidence.id))).all()

    async def acknowledge(self, ids: Sequence[int], at: datetime) -> int:
        """Marks these rows acknowledged; the count tells whether this caller got there first."""
        result = await self.session.execute(
            update(Evidence)
            .where(Evidence.id.in_(ids), Evidence.acknowledged_at.is_(None))
            .values(acknowledged_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def claim_tip(self, inspector_id: int, at: datetime) -> bool:
        """True once per inspector: the first caller marks the "as file" tip as shown."""
        result = await self.session.execute(
            update(Inspector)
            .where(Inspector.id == inspector_id, Inspector.evidence_tip_at.is_(None))
            .values(evidence_tip_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
