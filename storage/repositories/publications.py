"""Publications (一公开): what waits to be published, what was, and the notices' numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer

from storage.models import (
    Draw,
    DrawItem,
    InspectionItem,
    Plan,
    Publication,
    PublicationKind,
    PublishedResult,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskStatus,
)


@dataclass(frozen=True, slots=True)
class PendingResult:
    task: Task
    draw: Draw
    target: Target
    version: ResultVersion


class PublicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pending_results(self, *, for_update: bool = False) -> list[PendingResult]:
        """Reviewed tasks with their newest approved version, not yet in a results notice,
        oldest check first. `for_update` locks the tasks: a concurrent publication waits,
        then finds them published (their status changed) and takes none of them."""
        newer = aliased(ResultVersion)
        newest_approved = (
            select(func.max(newer.id))
            .where(newer.task_id == Task.id, newer.status == ResultStatus.APPROVED)
            .scalar_subquery()
        )
        published = select(PublishedResult.id).where(PublishedResult.task_id == Task.id)
        query = (
            select(Task, Draw, Target, ResultVersion)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
            .join(ResultVersion, ResultVersion.id == newest_approved)
            .where(Task.status == TaskStatus.REVIEWED, ~published.exists())
            .options(defer(Draw.record))
            .order_by(Task.checked_on, Task.id)
        )
        if for_update:
            query = query.with_for_update(of=Task)
        rows = await self._session.execute(query)
        return [PendingResult(t, d, g, v) for t, d, g, v in rows]

    async def samples(self, draw_ids: Sequence[int]) -> dict[int, list[Any]]:
        """The drawn order (the public record's sample) of each draw."""
        found: dict[int, list[Any]] = {}
        for draw_id in set(draw_ids):
            sample = await self._session.scalar(
                select(Draw.record["sample"]).where(Draw.id == draw_id)
            )
            found[draw_id] = list(sample or [])
        return found

    async def next_number(self, kind: PublicationKind, year: int) -> int:
        last = await self._session.scalar(
            select(func.max(Publication.number)).where(
                Publication.kind == kind, Publication.year == year
            )
        )
        return int(last or 0) + 1

    async def of_draw(self, draw_id: int) -> Publication | None:
        found: Publication | None = await self._session.scalar(
            select(Publication)
            .where(Publication.kind == PublicationKind.DRAW, Publication.draw_id == draw_id)
            .order_by(Publication.id)
            .limit(1)
        )
        return found

    async def lock_draw(self, draw_id: int) -> Draw | None:
        """The draw, locked, so that two announcements of it cannot both be written."""
        found: Draw | None = await self._session.scalar(
            select(Draw).where(Draw.id == draw_id).options(defer(Draw.record)).with_for_update()
        )
        return found

    async def draw_targets(self, usccs: Sequence[str]) -> dict[str, Target]:
        found: dict[str, Target] = {}
        for start in range(0, len(usccs), 2000):
            rows = await self._session.scalars(
                select(Target).where(Target.uscc.in_(usccs[start : start + 2000]))
            )
            found.update({t.uscc: t for t in rows})
        return found

    async def draw_items(self, draw_id: int) -> list[InspectionItem]:
        """A draw's items, in the order they were given."""
        rows = await self._session.scalars(
            select(InspectionItem)
            .join(DrawItem, DrawItem.item_id == InspectionItem.id)
            .where(DrawItem.draw_id == draw_id)
            .order_by(DrawItem.id)
        )
        return list(rows)

    async def active_items(self) -> list[InspectionItem]:
        rows = await self._session.scalars(
            select(InspectionItem).where(InspectionItem.active).order_by(InspectionItem.code)
        )
        return list(rows)

    async def plan_code(self, plan_id: int) -> str | None:
        code: str | None = await self._session.scalar(select(Plan.code).where(Plan.id == plan_id))
        return code

    def add(self, row: object) -> None:
        self._session.add(row)

    async def flush(self) -> None:
        await self._session.flush()
