"""Many open tasks with their teams, written in bulk (for the reminder sweep's kill -9 test
and bench/reminders.py): one locked draw, `tasks` targets, a team of two bound inspectors
each (inspectors shared round-robin), and reminders due at one moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select

from storage.database import Database
from storage.models import (
    Draw,
    DrawStatus,
    InspectionItem,
    Inspector,
    MemberRole,
    MemberStatus,
    Reminder,
    Target,
    Task,
    TaskMember,
    TaskStatus,
    TelegramAccount,
)

#: Telegram user ids of the bulk inspectors start here.
FIRST_USER = 20_000_000
_CHUNK = 2000


async def _bulk(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    async with db.session() as session, session.begin():
        for start in range(0, len(rows), _CHUNK):
            await session.execute(insert(model), rows[start : start + _CHUNK])


async def open_tasks(
    db: Database, tasks: int, inspectors: int, due_on: date | Sequence[date]
) -> list[int]:
    """The tasks' ids, in order. Inspector n is bound to user FIRST_USER + n; task n is due
    on `due_on` (or the n-th of the dates, round-robin)."""
    dates = [due_on] if isinstance(due_on, date) else list(due_on)
    async with db.session() as session, session.begin():
        item = InspectionItem(code="BULK-001", name="会计信息质量检查")
        session.add(item)
        await session.flush()
        draw = Draw(code="西财双随机〔2026〕第900号", item_id=item.id,
                    status=DrawStatus.LOCKED, seed="bulk", check_starts_on=date(2026, 9, 1),
                    check_ends_on=max(dates))  # fmt: skip
        session.add(draw)
        await session.flush()
        draw_id = draw.id
    await _bulk(db, TelegramAccount, [
        {"user_id": FIRST_USER + n, "first_name": f"检查员{n}"} for n in range(inspectors)
    ])  # fmt: skip
    await _bulk(db, Inspector, [
        {"name": f"检查员{n}", "certificate_no": f"4117{n:010d}",
         "telegram_user_id": FIRST_USER + n, "phone": "", "active": True}
        for n in range(inspectors)
    ])  # fmt: skip
    await _bulk(db, Target, [
        {"uscc": f"91411721{n:010d}", "name": f"西平县批量企业{n}有限公司"} for n in range(tasks)
    ])  # fmt: skip
    async with db.session() as session:
        target_ids = list(await session.scalars(select(Target.id).order_by(Target.id)))
        inspector_ids = list(await session.scalars(select(Inspector.id).order_by(Inspector.id)))
    await _bulk(db, Task, [
        {"draw_id": draw_id, "target_id": target_id, "ticket": f"{n:08d}",
         "status": TaskStatus.ASSIGNED, "due_on": dates[n % len(dates)]}
        for n, target_id in enumerate(target_ids[-tasks:])
    ])  # fmt: skip
    async with db.session() as session:
        task_ids = list(
            await session.scalars(select(Task.id).where(Task.draw_id == draw_id).order_by(Task.id))
        )
    members = []
    for n, task_id in enumerate(task_ids):
        for k, role in enumerate((MemberRole.LEADER, MemberRole.MEMBER)):
            members.append({
                "task_id": task_id, "inspector_id": inspector_ids[(2 * n + k) % len(inspector_ids)],
                "role": role, "status": MemberStatus.ACCEPTED, "ticket": "",
            })  # fmt: skip
    await _bulk(db, TaskMember, members)
    return task_ids


async def due_reminders(
    db: Database, task_ids: list[int], due_at: datetime, about_on: date | None = None
) -> int:
    """One reminder per task (to its leader) due at `due_at`, about the window ending on
    `about_on` (default: that day); returns how many."""
    async with db.session() as session:
        leaders = dict(
            (
                await session.execute(
                    select(TaskMember.task_id, TaskMember.inspector_id).where(
                        TaskMember.task_id.in_(task_ids), TaskMember.role == MemberRole.LEADER
                    )
                )
            ).all()
        )
    await _bulk(db, Reminder, [
        {"task_id": t, "kind": "due_soon", "key": f"bulk:{t}", "inspector_id": leaders[t],
         "about_on": about_on or due_at.date(), "due_at": due_at, "snoozes": 0}
        for t in task_ids
    ])  # fmt: skip
    return len(task_ids)
