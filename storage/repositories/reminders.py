"""Reminders: set-based reads and writes (the sweep handles hundreds at a time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Draw,
    Inspector,
    MemberStatus,
    OutboxMessage,
    OutboxStatus,
    PublishedResult,
    Reminder,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)

ACTIVE_MEMBERS = (MemberStatus.ASSIGNED, MemberStatus.ACCEPTED)
#: Tasks whose result is not submitted yet: the window reminders apply.
OPEN_WINDOW = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
#: Tasks with nothing more to remind of.
CLOSED = (TaskStatus.CANCELLED, TaskStatus.PUBLISHED)


@dataclass(frozen=True, slots=True)
class TaskRow:
    task_id: int
    status: TaskStatus
    due_on: date | None
    published: bool


@dataclass(frozen=True, slots=True)
class ExistingRow:
    id: int
    key: str
    due_at: datetime
    sent: bool
    cancelled: bool


@dataclass(frozen=True, slots=True)
class DueRow:
    id: int
    task_id: int | None
    kind: str
    key: str
    inspector_id: int | None
    #: The recipient's chat: the inspector's bound account, or the reminder's chat.
    chat_id: int | None
    about_on: date | None
    due_at: datetime
    snoozes: int
    task_status: TaskStatus | None
    draw_code: str | None
    target_name: str | None


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    id: int
    task_id: int | None
    kind: str
    due_at: datetime
    sent_at: datetime | None
    cancelled_at: datetime | None
    recipient: str | None  # the inspector's name; None for a chat (the admin group)
    draw_code: str | None
    target_name: str | None
    about_on: date | None


@dataclass(frozen=True, slots=True)
class DigestTask:
    task_id: int
    draw_code: str
    target_name: str
    day: date | None  # the window's end, or the publication due date (None: to compute)
    checked_on: date | None


def _insert_new(session: AsyncSession, table: Any, key: str) -> Executable:
    """An INSERT that skips rows whose unique `key` exists (both dialects)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[key])
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[key])


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @property
    def session(self) -> AsyncSession:
        """For services that read alongside (the digest's publication list)."""
        return self._session

    # --- scheduling -------------------------------------------------------------------------

    async def tasks(self, task_ids: Sequence[int]) -> list[TaskRow]:
        published = exists().where(PublishedResult.task_id == Task.id)
        rows = await self._session.execute(
            select(Task.id, Task.status, Task.due_on, published).where(Task.id.in_(task_ids))
        )
        return [TaskRow(*row) for row in rows]

    async def open_task_ids(self) -> list[int]:
        published = exists().where(PublishedResult.task_id == Task.id)
        rows = await self._session.scalars(
            select(Task.id).where(Task.status.not_in(CLOSED), ~published).order_by(Task.id)
        )
        return list(rows)

    async def teams(self, task_ids: Sequence[int]) -> dict[int, list[int]]:
        rows = await self._session.execute(
            select(TaskMember.task_id, TaskMember.inspector_id)
            .where(TaskMember.task_id.in_(task_ids), TaskMember.status.in_(ACTIVE_MEMBERS))
            .order_by(TaskMember.id)
        )
        teams: dict[int, list[int]] = {}
        for task_id, inspector_id in rows:
            teams.setdefault(task_id, []).append(inspector_id)
        return teams

    async def follow_ups(self, task_ids: Sequence[int]) -> dict[int, date]:
        """The follow-up (责令改正) deadline of each task's approved result."""
        rows = await self._session.execute(
            select(ResultVersion.task_id, ResultVersion.follow_up_due_on).where(
                ResultVersion.task_id.in_(task_ids),
                ResultVersion.status == ResultStatus.APPROVED,
                ResultVersion.follow_up_due_on.is_not(None),
            )
        )
        return {task_id: day for task_id, day in rows if day is not None}

    async def existing(self, task_ids: Sequence[int]) -> dict[int, list[ExistingRow]]:
        rows = await self._session.execute(
            select(
                Reminder.task_id,
                Reminder.id,
                Reminder.key,
                Reminder.due_at,
                Reminder.sent_at.is_not(None),
                Reminder.cancelled_at.is_not(None),
            ).where(Reminder.task_id.in_(task_ids))
        )
        found: dict[int, list[ExistingRow]] = {}
        for task_id, reminder_id, key, due_at, sent, cancelled in rows:
            assert task_id is not None
            found.setdefault(task_id, []).append(
                ExistingRow(reminder_id, key, due_at, sent, cancelled)
            )
        return found

    async def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """New reminders; a key that exists already is left as it is."""
        if rows:
            statement = _insert_new(self._session, Reminder, "key")
            await self._session.execute(statement, list(rows))

    async def cancel(self, ids: Sequence[int], now: datetime) -> None:
        if ids:
            await self._session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids), Reminder.sent_at.is_(None))
                .values(cancelled_at=now)
            )

    async def revive(self, moves: Sequence[tuple[int, datetime]]) -> None:
        """Cancelled, never sent reminders that apply again (a result returned), at their
        planned time."""
        for reminder_id, due_at in moves:
            await self._session.execute(
                update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.sent_at.is_(None))
                .values(cancelled_at=None, due_at=due_at)
            )

    async def cancel_pending_of_tasks(self, task_ids: Sequence[int], now: datetime) -> int:
        result = await self._session.execute(
            update(Reminder)
            .where(
                Reminder.task_id.in_(task_ids),
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
        )
        return cast("CursorResult[Any]", result).rowcount

    # --- the sweep ------------------------------------------------------------------------

    async def due(self, now: datetime, limit: int) -> list[DueRow]:
        """Due, unsent, not cancelled reminders, oldest first, with what their texts need;
        locked against a second sweeper on PostgreSQL (others skip them)."""
        query = (
            select(
                Reminder.id,
                Reminder.task_id,
                Reminder.kind,
                Reminder.key,
                Reminder.inspector_id,
                func.coalesce(Inspector.telegram_user_id, Reminder.chat_id),
                Reminder.about_on,
                Reminder.due_at,
                Reminder.snoozes,
                Task.status,
                Draw.code,
                Target.name,
            )
            .outerjoin(Inspector, Inspector.id == Reminder.inspector_id)
            .outerjoin(Task, Task.id == Reminder.task_id)
            .outerjoin(Draw, Draw.id == Task.draw_id)
            .outerjoin(Target, Target.id == Task.target_id)
            .where(
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
                Reminder.due_at <= now,
            )
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=Reminder)
        rows = await self._session.execute(query)
        return [DueRow(*tuple(row)) for row in rows]

    async def add_messages(self, rows: Sequence[tuple[int, dict[str, Any], str]]) -> dict[str, int]:
        """Outbox messages (chat, payload, dedupe key) in one statement; returns each key's
        message id, also for a key that was queued before (nothing is queued twice)."""
        if not rows:
            return {}
        values = [
            {"chat_id": chat, "method": "sendMessage", "payload": payload, "dedupe_key": key,
             "status": OutboxStatus.PENDING, "attempts": 0}
            for chat, payload, key in rows
        ]  # fmt: skip
        statement = _insert_new(self._session, OutboxMessage, "dedupe_key")
        await self._session.execute(statement, values)
        found = await self._session.execute(
            select(OutboxMessage.dedupe_key, OutboxMessage.id).where(
                OutboxMessage.dedupe_key.in_([key for _c, _p, key in rows])
            )
        )
        return {key: message_id for key, message_id in found if key is not None}

    async def mark_sent(self, sent: Sequence[tuple[int, int | None]], now: datetime) -> None:
        """(reminder id, outbox id or None when nothing was sent: no chat, nothing to say)."""
        if sent:
            await self._session.execute(
                update(Reminder),
                [{"id": rid, "sent_at": now, "outbox_id": oid} for rid, oid in sent],
            )

    async def mark_cancelled(self, ids: Sequence[int], now: datetime) -> None:
        if ids:
            await self._session.execute(
                update(Reminder), [{"id": rid, "cancelled_at": now} for rid in ids]
            )

    async def move(self, moves: Sequence[tuple[int, datetime]]) -> None:
        if moves:
            await self._session.execute(
                update(Reminder), [{"id": rid, "due_at": due_at} for rid, due_at in moves]
            )

    # --- one reminder (snooze) and listings ----------------------------------------------------

    async def get(self, reminder_id: int, *, for_update: bool = False) -> Reminder | None:
        query = select(Reminder).where(Reminder.id == reminder_id)
        if for_update:
            query = query.with_for_update()
        return (await self._session.scalars(query)).first()

    async def inspector_by_user(self, user_id: int) -> Inspector | None:
        return (
            await self._session.scalars(
                select(Inspector).where(Inspector.telegram_user_id == user_id)
            )
        ).first()

    def _schedule(self) -> Any:
        return (
            select(
                Reminder.id,
                Reminder.task_id,
                Reminder.kind,
                Reminder.due_at,
                Reminder.sent_at,
                Reminder.cancelled_at,
                Inspector.name,
                Draw.code,
                Target.name,
                Reminder.about_on,
            )
            .outerjoin(Inspector, Inspector.id == Reminder.inspector_id)
            .outerjoin(Task, Task.id == Reminder.task_id)
            .outerjoin(Draw, Draw.id == Task.draw_id)
            .outerjoin(Target, Target.id == Task.target_id)
        )

    async def pending_for(self, inspector_id: int) -> list[ScheduleRow]:
        rows = await self._session.execute(
            self._schedule()
            .where(
                Reminder.inspector_id == inspector_id,
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
            )
            .order_by(Reminder.task_id, Reminder.due_at, Reminder.id)
        )
        return [ScheduleRow(*row) for row in rows]

    async def of_task(self, task_id: int) -> list[ScheduleRow]:
        rows = await self._session.execute(
            self._schedule()
            .where(Reminder.task_id == task_id)
            .order_by(Reminder.due_at, Reminder.id)
        )
        return [ScheduleRow(*row) for row in rows]

    # --- the digest ----------------------------------------------------------------------------

    async def overdue(self, today: date) -> list[DigestTask]:
        rows = await self._session.execute(
            select(Task.id, Draw.code, Target.name, Task.due_on, Task.checked_on)
            .join(Draw, Draw.id == Task.draw_id)
            .join(Target, Target.id == Task.target_id)
            .where(Task.status.in_(OPEN_WINDOW), Task.due_on < today)
            .order_by(Task.due_on, Draw.code, Task.ticket)
        )
        return [DigestTask(*row) for row in rows]
