"""Each task's deadlines by working days, and their reminders (filled in by issue 9)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import WorkCalendar
from bot.runtime import Runtime


async def recompute_open(session: AsyncSession, runtime: Runtime, calendar: WorkCalendar) -> int:
    """Recompute every open task's working-day deadlines and reschedule its reminders after
    the calendar changed (a year imported). Returns how many tasks changed. Runs inside the
    caller's transaction."""
    return 0
