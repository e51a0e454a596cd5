"""Deadline reminders: scheduling, the sweep that sends them, snoozes, and listings.

Reminders are rows (storage `reminders`), planned by the pure policy
(`bot.reminder_policy`). `schedule_task` is called wherever a task's deadlines, status or
team change, inside that change's transaction; it is idempotent (keys), so calling it again
never duplicates a reminder. `sweep` runs every minute: due reminders become outbox
messages with the dedupe key "reminder:<id>:<snoozes>" in the same transaction that marks
them sent, so a crash anywhere loses and doubles nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import reminder_texts as render
from bot.calendar import WorkCalendar
from bot.outbox import message_payload
from bot.refusals import Refusal
from bot.reminder_policy import (
    Planned,
    Policy,
    ReminderKind,
    TaskFacts,
    hold,
    next_digest,
    next_overdue,
    plan_task,
    snoozed,
)
from bot.runtime import Runtime
from bot.services import audit, publications
from bot.services import calendar as calendar_service
from bot.settings import Settings
from storage.models import Draw, Task, TaskStatus
from storage.repositories.reminders import (
    CLOSED,
    OPEN_WINDOW,
    DueRow,
    ReminderRepository,
    ScheduleRow,
)

log = logging.getLogger(__name__)

#: Reminders per sweep transaction.
BATCH = 500
#: Tasks per scheduling round of schedule_open.
SCHEDULE_CHUNK = 500
_WINDOW_KINDS = (ReminderKind.DUE_SOON, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE)


def policy_of(settings: Settings) -> Policy:
    return Policy(
        tz=settings.tz,
        at=settings.reminder_time,
        days_before=tuple(settings.reminder_days_before),
        quiet_start=settings.quiet_hours_start,
        quiet_end=settings.quiet_hours_end,
        escalations_in_quiet_hours=settings.escalations_in_quiet_hours,
        digest_at=settings.digest_time,
    )


def _row(planned: Planned) -> dict[str, Any]:
    return {
        "key": planned.key, "kind": planned.kind.value, "task_id": planned.task_id,
        "inspector_id": planned.inspector_id, "chat_id": planned.chat_id,
        "about_on": planned.about_on, "due_at": planned.due_at, "snoozes": 0,
    }  # fmt: skip


# --- scheduling ----------------------------------------------------------------------------


async def _schedule(
    session: AsyncSession, runtime: Runtime, calendar: WorkCalendar, task_ids: Sequence[int]
) -> None:
    repo = ReminderRepository(session)
    policy, now = policy_of(runtime.settings), runtime.utcnow()
    tasks = await repo.tasks(task_ids)
    teams = await repo.teams(task_ids)
    follow_ups = await repo.follow_ups(task_ids)
    existing = await repo.existing(task_ids)
    inserts: list[dict[str, Any]] = []
    cancels: list[int] = []
    revives: list[tuple[int, datetime]] = []
    for task in tasks:
        facts = TaskFacts(
            task_id=task.task_id,
            open_window=task.status in OPEN_WINDOW,
            live=task.status is not TaskStatus.CANCELLED,
            due_on=task.due_on,
            follow_up_due_on=follow_ups.get(task.task_id),
            inspector_ids=teams.get(task.task_id, []),
            admin_chat_id=runtime.settings.admin_chat_id,
        )
        planned = {p.key: p for p in plan_task(policy, calendar, facts, now)}
        rows = {row.key: row for row in existing.get(task.task_id, [])}
        cancels += [r.id for r in rows.values()
                    if not r.sent and not r.cancelled and r.key not in planned]  # fmt: skip
        for key, wanted in planned.items():
            if wanted.due_at < now:
                continue  # its time has passed: a late reminder would only mislead
            row = rows.get(key)
            if row is None:
                inserts.append(_row(wanted))
            elif row.cancelled and not row.sent:
                revives.append((row.id, wanted.due_at))
    await repo.cancel(cancels, now)
    await repo.revive(revives)
    await repo.insert(inserts)


async def schedule_task(
    session: AsyncSession, runtime: Runtime, calendar: WorkCalendar, task_id: int
) -> None:
    """(Re)compute one task's pending reminders from its deadlines, status and team, in the
    caller's transaction: new ones are added, ones that no longer apply cancelled, none
    duplicated."""
    await _schedule(session, runtime, calendar, [task_id])


async def schedule_tasks(session: AsyncSession, runtime: Runtime, task_ids: Sequence[int]) -> None:
    """`schedule_task` for several tasks, with the calendar as it is now."""
    if task_ids:
        calendar = await calendar_service.load(session)
        for start in range(0, len(task_ids), SCHEDULE_CHUNK):
            await _schedule(session, runtime, calendar, task_ids[start : start + SCHEDULE_CHUNK])


async def schedule_open(session: AsyncSession, runtime: Runtime, calendar: WorkCalendar) -> int:
    """Every open task (not cancelled, not published), e.g. after a calendar import, or at
    start-up for draws locked on the command line. Returns how many tasks were scheduled."""
    ids = await ReminderRepository(session).open_task_ids()
    for start in range(0, len(ids), SCHEDULE_CHUNK):
        await _schedule(session, runtime, calendar, ids[start : start + SCHEDULE_CHUNK])
    return len(ids)


async def schedule_draw(session: AsyncSession, runtime: Runtime, code: str) -> None:
    """A draw was just locked: its tasks' reminders (in the locking transaction)."""
    ids = list(
        await session.scalars(
            select(Task.id).join(Draw, Draw.id == Task.draw_id).where(Draw.code == code)
        )
    )
    await schedule_tasks(session, runtime, ids)


async def cancel_draw(session: AsyncSession, runtime: Runtime, code: str) -> int:
    """A draw was cancelled: none of its tasks' reminders goes any more."""
    ids = list(
        await session.scalars(
            select(Task.id).join(Draw, Draw.id == Task.draw_id).where(Draw.code == code)
        )
    )
    if not ids:
        return 0
    return await ReminderRepository(session).cancel_pending_of_tasks(ids, runtime.utcnow())


# --- the sweep -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Batch:
    messages: list[tuple[int, dict[str, Any], str]]
    by_key: dict[str, int]  # dedupe key -> reminder id
    silent: list[int]  # sent without a message (no chat, nothing to report)
    cancelled: list[int]
    follow: list[dict[str, Any]]
    #: Due, but now is in quiet hours or a day off (the bot was down when it was due):
    #: held again rather than sent at the wrong time.
    held: list[tuple[int, datetime]]


def _applies(row: DueRow, kind: ReminderKind) -> bool:
    """Whether a due reminder still applies (a missed scheduling call must not let a finished
    task's reminder out)."""
    if kind is ReminderKind.DIGEST:
        return True
    if row.task_status is None or row.task_status in CLOSED:
        return kind is ReminderKind.FOLLOW_UP and row.task_status is TaskStatus.PUBLISHED
    if kind in _WINDOW_KINDS:
        return row.task_status in OPEN_WINDOW
    return True


async def _digest(
    repo: ReminderRepository, runtime: Runtime, calendar: WorkCalendar, today: date
) -> str | None:
    settings = runtime.settings
    overdue = [
        render.DigestLine(t.target_name, t.draw_code, t.day, -c.days, c.estimated)
        for t in await repo.overdue(today)
        if t.day is not None
        for c in [calendar.countdown(today, t.day)]
    ]
    soon: list[render.DigestLine] = []
    late: list[render.DigestLine] = []
    for waiting in await publications.due_for_publication(repo.session, runtime):
        left = calendar.countdown(today, waiting.due.day)
        line = render.DigestLine(waiting.target, waiting.code, waiting.due.day, abs(left.days),
                                 waiting.due.estimated or left.estimated)  # fmt: skip
        if left.days < 0:
            late.append(line)
        elif left.days <= settings.publish_warn_working_days:
            soon.append(line)
    head = await audit.head(repo.session)
    return render.digest_text(runtime.texts, today, overdue, soon, late, head=head)


async def _render(
    repo: ReminderRepository,
    runtime: Runtime,
    calendar: WorkCalendar,
    policy: Policy,
    rows: Sequence[DueRow],
    now: datetime,
) -> _Batch:
    texts = runtime.texts
    today = runtime.local(now).date()
    batch = _Batch([], {}, [], [], [], [])
    local_now = runtime.local(now)
    for row in rows:
        kind = ReminderKind(row.kind)
        if not _applies(row, kind):
            batch.cancelled.append(row.id)
            continue
        if kind is ReminderKind.DIGEST and row.about_on != today:
            batch.silent.append(row.id)  # a missed day's digest: today's says it all
            continue
        allowed = hold(policy, calendar, local_now, kind)
        if allowed != local_now:
            batch.held.append((row.id, allowed.astimezone(UTC)))
            continue
        if kind is ReminderKind.DIGEST:
            text = await _digest(repo, runtime, calendar, today)
            buttons: list[list[Any]] = []
        else:
            assert row.about_on is not None
            left = calendar.countdown(today, row.about_on)
            days = -left.days if kind is ReminderKind.OVERDUE else max(left.days, 0)
            estimated = left.estimated or calendar.is_estimated(row.about_on)
            subject = render.Subject(
                row.target_name or "", row.draw_code or "", row.about_on, days, estimated
            )
            text = render.reminder_text(texts, kind, subject)
            buttons = (render.reminder_buttons(texts, row.id, row.task_id, row.snoozes, policy.at)
                       if row.inspector_id is not None else [])  # fmt: skip
        if kind is ReminderKind.OVERDUE and row.task_id is not None and row.inspector_id:
            # The next working day's, planned from today at the earliest: after a long stop
            # the bot does not send a burst of one per missed day.
            after = max(runtime.local(row.due_at).date(), today)
            about = row.about_on or today
            nxt = next_overdue(policy, calendar, row.task_id, row.inspector_id, about, after)
            batch.follow.append(_row(nxt))
        if text is None or row.chat_id is None:
            batch.silent.append(row.id)
            continue
        key = f"reminder:{row.id}:{row.snoozes}"
        batch.messages.append((row.chat_id, message_payload(text, buttons), key))
        batch.by_key[key] = row.id
    return batch


async def _ensure_digest(
    repo: ReminderRepository, runtime: Runtime, calendar: WorkCalendar, now: datetime
) -> None:
    chat = runtime.settings.admin_chat_id
    if chat is not None:
        await repo.insert([_row(next_digest(policy_of(runtime.settings), calendar, chat, now))])


async def sweep(runtime: Runtime) -> int:
    """Send every due reminder (in batches, one transaction each) and plan what follows
    (the next overdue reminder, the next digest). Returns how many reminders were handled."""
    now = runtime.utcnow()
    policy = policy_of(runtime.settings)
    handled = 0
    async with runtime.db.session() as session, session.begin():
        calendar = await calendar_service.load(session)
        await _ensure_digest(ReminderRepository(session), runtime, calendar, now)
    while True:
        async with runtime.db.session() as session, session.begin():
            repo = ReminderRepository(session)
            rows = await repo.due(now, BATCH)
            if not rows:
                break
            batch = await _render(repo, runtime, calendar, policy, rows, now)
            ids = await repo.add_messages(batch.messages)
            sent = [(rid, ids.get(key)) for key, rid in batch.by_key.items()]
            sent += [(rid, None) for rid in batch.silent]
            await repo.mark_sent(sent, now)
            await repo.mark_cancelled(batch.cancelled, now)
            await repo.insert(batch.follow)
        if batch.messages:
            runtime.wake_outbox()
        handled += len(rows)
        if len(rows) < BATCH:
            break
    if handled:
        log.info("reminder sweep: %d due reminders handled", handled)
    return handled


# --- snooze and listings -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snoozed:
    at: str  # local time, formatted
    moved: bool  # False: a second press; it had been moved already


def _when(runtime: Runtime, moment: datetime) -> str:
    return runtime.local(moment).strftime("%Y-%m-%d %H:%M")


async def snooze(
    session: AsyncSession, runtime: Runtime, user_id: int, reminder_id: int, round_: int,
    tomorrow: bool,
) -> Snoozed:  # fmt: skip
    """稍后提醒: the reminder comes back in 2 hours or tomorrow at the reminder time (held
    past quiet hours and non-working days). Only its recipient may; pressing the same copy
    twice moves it once."""
    async with session.begin():
        repo = ReminderRepository(session)
        reminder = await repo.get(reminder_id, for_update=True)
        inspector = await repo.inspector_by_user(user_id)
        if reminder is None or inspector is None or reminder.inspector_id != inspector.id:
            raise Refusal(lambda t: t.reminder_snooze_not_yours)
        if reminder.cancelled_at is not None:
            raise Refusal(lambda t: t.reminder_snooze_gone)
        if reminder.sent_at is None or reminder.snoozes != round_:
            return Snoozed(_when(runtime, reminder.due_at), False)
        kind = ReminderKind(reminder.kind)
        if kind in _WINDOW_KINDS and reminder.task_id is not None:
            status = await session.scalar(select(Task.status).where(Task.id == reminder.task_id))
            if status not in OPEN_WINDOW:
                raise Refusal(lambda t: t.reminder_snooze_gone)
        calendar = await calendar_service.load(session)
        at = snoozed(policy_of(runtime.settings), calendar, kind, runtime.utcnow(), tomorrow)
        reminder.due_at, reminder.sent_at, reminder.outbox_id = at, None, None
        reminder.snoozes += 1
        log.info("reminder %d snoozed to %s by inspector %d", reminder.id, at, inspector.id)
        return Snoozed(_when(runtime, at), True)


def _entry(runtime: Runtime, row: ScheduleRow) -> render.ScheduleEntry:
    status: render.ReminderState = (
        "cancelled" if row.cancelled_at else "sent" if row.sent_at else "pending"
    )
    at = row.sent_at if row.sent_at and not row.cancelled_at else row.due_at
    return render.ScheduleEntry(
        runtime.local(at), ReminderKind(row.kind), row.recipient, status, row.task_id,
        row.target_name or "", row.draw_code or "",
    )  # fmt: skip


async def pending_for_user(
    session: AsyncSession, runtime: Runtime, inspector_id: int
) -> list[render.ScheduleEntry]:
    """/reminders: the inspector's pending reminders, per task, in time order."""
    rows = await ReminderRepository(session).pending_for(inspector_id)
    return [_entry(runtime, row) for row in rows]


async def task_schedule(
    session: AsyncSession, runtime: Runtime, task_id: int
) -> list[render.ScheduleEntry]:
    """A task's reminders (pending, sent, cancelled) for the admin's task card: local time,
    kind, recipient (None: the admin group) and status."""
    rows = await ReminderRepository(session).of_task(task_id)
    return [_entry(runtime, row) for row in rows]
