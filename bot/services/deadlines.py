"""Each task's deadlines by working days: the check window's end (set by the draw), the
result's publication (PUBLISH_WITHIN_WORKING_DAYS after the check), and 责令改正's follow-up.

A deadline that falls in a year neither the register nor the package knows is computed by
weekends only, shown as 预估, and the admins are told once to import that year; importing it
recomputes every open deadline (`recompute_open`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import Deadline, WorkCalendar
from bot.runtime import Runtime
from bot.services import calendar as calendar_service
from bot.services import reminders
from storage.models import Task, TaskStatus

#: Checked but not yet published: their publication deadline still matters.
AWAITING_PUBLICATION = (TaskStatus.REVIEWED,)


def publication_due(calendar: WorkCalendar, runtime: Runtime, checked_on: date) -> Deadline:
    within = runtime.settings.publish_within_working_days
    return calendar.add_working_days(checked_on, within)


async def on_checked(session: AsyncSession, runtime: Runtime, task: Task) -> Deadline | None:
    """The result was approved: the publication deadline runs from the check date. In the
    caller's transaction."""
    if task.checked_on is None:
        return None
    calendar = await calendar_service.load(session)
    due = publication_due(calendar, runtime, task.checked_on)
    task.publish_due_on = due.day
    if due.estimated:
        await calendar_service.note_estimated(
            session, runtime, calendar.unknown_years(task.checked_on, due.day)
        )
    return due


async def on_window(session: AsyncSession, runtime: Runtime, ends_on: date | None) -> None:
    """A draw fixed its check window: a countdown to an end in an unknown year is a guess,
    so the admins hear about that year now rather than at the first reminder."""
    if ends_on is None:
        return
    calendar = await calendar_service.load(session)
    if calendar.is_estimated(ends_on):
        await calendar_service.note_estimated(
            session, runtime, calendar.unknown_years(runtime.today(), ends_on)
        )


async def recompute_open(session: AsyncSession, runtime: Runtime, calendar: WorkCalendar) -> int:
    """Recompute every open task's working-day deadlines after the calendar changed (a year
    imported) and reschedule their reminders. Returns how many deadlines changed. Runs inside
    the caller's transaction."""
    tasks = await session.scalars(
        select(Task).where(Task.status.in_(AWAITING_PUBLICATION), Task.checked_on.is_not(None))
    )
    changed = 0
    for task in tasks:
        assert task.checked_on is not None
        due = publication_due(calendar, runtime, task.checked_on).day
        if due != task.publish_due_on:
            task.publish_due_on = due
            changed += 1
    await session.flush()
    await reminders.schedule_open(session, runtime, calendar)
    return changed
