"""What a task's record sheet and evidence export read (never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Checkin,
    Department,
    Draw,
    DrawItem,
    Evidence,
    EvidenceStatus,
    InspectionItem,
    Inspector,
    MemberRole,
    MemberStatus,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
)

#: Members who stand behind the record: on the team now (not recused, not replaced).
ON_TEAM = (MemberStatus.ASSIGNED, MemberStatus.ACCEPTED)


@dataclass(frozen=True, slots=True)
class TaskHead:
    task: Task
    draw: Draw
    target: Target
    number: int  # position in the draw's order, from 1


@dataclass(frozen=True, slots=True)
class TeamRow:
    name: str
    certificate: str
    department: str
    leader: bool


class RecordRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def head(self, task_id: int) -> TaskHead | None:
        row = (
            await self._session.execute(
                select(Task, Draw, Target)
                .join(Draw, Draw.id == Task.draw_id)
                .join(Target, Target.id == Task.target_id)
                .where(Task.id == task_id)
            )
        ).one_or_none()
        if row is None:
            return None
        task, draw, target = row
        # The draw's order is the order of its sample (by ticket), as the cards number it.
        sample = (draw.record or {}).get("sample", [])
        number = next((n for n, t in enumerate(sample, 1) if t.get("uscc") == target.uscc), 0)
        return TaskHead(task, draw, target, number)

    async def task_by_code(self, draw_code: str, number: int) -> int | None:
        """The task of the `number`-th target (from 1) in the draw's order."""
        draw = await self._session.scalar(select(Draw).where(Draw.code == draw_code))
        sample = (draw.record or {}).get("sample", []) if draw is not None else []
        if draw is None or not 1 <= number <= len(sample):
            return None
        return await self._session.scalar(
            select(Task.id)
            .join(Target, Target.id == Task.target_id)
            .where(Task.draw_id == draw.id, Target.uscc == sample[number - 1].get("uscc"))
        )

    async def was_on_team(self, task_id: int, telegram_user_id: int) -> bool:
        found = await self._session.scalar(
            select(TaskMember.id)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .where(TaskMember.task_id == task_id, Inspector.telegram_user_id == telegram_user_id)
            .limit(1)
        )
        return found is not None

    async def items(self, draw_id: int) -> list[tuple[str, str]]:
        rows = await self._session.execute(
            select(InspectionItem.code, InspectionItem.name)
            .join(DrawItem, DrawItem.item_id == InspectionItem.id)
            .where(DrawItem.draw_id == draw_id)
            .order_by(DrawItem.id)
        )
        return [(code, name) for code, name in rows]

    async def team(self, task_id: int) -> list[TeamRow]:
        rows = await self._session.execute(
            select(Inspector.name, Inspector.certificate_no, Department.name, TaskMember.role)
            .join(TaskMember, TaskMember.inspector_id == Inspector.id)
            .outerjoin(Department, Department.id == Inspector.department_id)
            .where(TaskMember.task_id == task_id, TaskMember.status.in_(ON_TEAM))
            .order_by(TaskMember.role != MemberRole.LEADER, TaskMember.id)
        )
        return [TeamRow(n, c, d or "", role is MemberRole.LEADER) for n, c, d, role in rows]

    async def latest_checkin(self, task_id: int) -> tuple[Checkin, str] | None:
        row = (
            await self._session.execute(
                select(Checkin, Inspector.name)
                .join(Inspector, Inspector.id == Checkin.inspector_id)
                .where(Checkin.task_id == task_id)
                .order_by(Checkin.located_at.desc(), Checkin.id.desc())
                .limit(1)
            )
        ).one_or_none()
        return None if row is None else (row[0], row[1])

    async def result(self, task_id: int) -> ResultVersion | None:
        """The approved version if there is one (the newest), else the newest version."""
        versions = list(
            await self._session.scalars(
                select(ResultVersion)
                .where(ResultVersion.task_id == task_id)
                .order_by(ResultVersion.number)
            )
        )
        approved = [v for v in versions if v.status is ResultStatus.APPROVED]
        chosen = approved or versions
        return chosen[-1] if chosen else None

    async def evidence(self, task_id: int) -> Sequence[tuple[Evidence, str]]:
        rows = await self._session.execute(
            select(Evidence, Inspector.name)
            .join(Inspector, Inspector.id == Evidence.inspector_id)
            .where(Evidence.task_id == task_id, Evidence.status == EvidenceStatus.STORED)
            .order_by(Evidence.sent_at, Evidence.id)
        )
        return [(e, name) for e, name in rows]
