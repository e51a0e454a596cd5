"""The working-day calendar as the bot believes it now: the package plus the register."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import WorkCalendar
from bot.runtime import Runtime
from storage.repositories.calendar import CalendarRepository


async def load(session: AsyncSession) -> WorkCalendar:
    """The calendar with every imported year of the register (a few rows per year)."""
    repo = CalendarRepository(session)
    years = await repo.imported_years()
    days = await repo.days(years)
    return WorkCalendar({day.day: day.working for day in days}, years)


async def note_estimated(session: AsyncSession, runtime: Runtime, years: Iterable[int]) -> None:
    """A deadline fell in years neither the register nor the package knows: tell the admin
    group, once per year ever, to import that year's 放假安排 (outbox, in the caller's
    transaction). Idempotent."""
    del session, runtime, years  # filled in by the calendar register work
