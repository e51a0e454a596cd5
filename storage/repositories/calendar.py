"""The bureau's calendar register (never commits)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CalendarDay, CalendarYear


class CalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def imported_years(self) -> list[int]:
        rows = await self.session.scalars(
            select(CalendarYear.year).where(CalendarYear.imported_at.is_not(None))
        )
        return list(rows)

    async def days(self, years: Iterable[int]) -> list[CalendarDay]:
        wanted = list(years)
        if not wanted:
            return []
        rows = await self.session.scalars(
            select(CalendarDay).where(CalendarDay.year.in_(wanted)).order_by(CalendarDay.day)
        )
        return list(rows)

    async def year(self, year: int) -> CalendarYear | None:
        return await self.session.get(CalendarYear, year)
