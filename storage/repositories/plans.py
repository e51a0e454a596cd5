"""Annual plans: the plan of a year, its items, and what was drawn against it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, delete, extract, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Draw,
    DrawStatus,
    InspectionItem,
    Plan,
    PlanItem,
    Target,
    Task,
)


def stratum_of_target() -> ColumnElement[str]:
    """A target's stratum as the draw sees it: the lists first, then the credit class."""
    return case(
        (Target.blacklisted.is_(True), literal("blacklisted")),
        (Target.abnormal_listed.is_(True), literal("abnormal")),
        else_=func.coalesce(Target.credit_class, literal("unclassified")),
    )


class PlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_year(self, year: int) -> Plan | None:
        # Plans are kept one per year (the import updates it); the first one is the plan.
        return await self._session.scalar(
            select(Plan).where(Plan.year == year).order_by(Plan.id).limit(1)
        )

    async def by_code(self, code: str) -> Plan | None:
        return await self._session.scalar(select(Plan).where(Plan.code == code))

    async def items(self, plan_id: int) -> list[tuple[PlanItem, str, str]]:
        """The plan's items with their code and name, in code order."""
        rows = await self._session.execute(
            select(PlanItem, InspectionItem.code, InspectionItem.name)
            .join(InspectionItem, InspectionItem.id == PlanItem.item_id)
            .where(PlanItem.plan_id == plan_id)
            .order_by(InspectionItem.code)
        )
        return [(item, code, name) for item, code, name in rows]

    async def register_items(self, codes: Sequence[str]) -> dict[str, InspectionItem]:
        """Items of the register by code (active or not: the caller tells them apart)."""
        rows = await self._session.scalars(
            select(InspectionItem).where(InspectionItem.code.in_(codes))
        )
        return {item.code: item for item in rows}

    async def active_items(self) -> list[InspectionItem]:
        rows = await self._session.scalars(
            select(InspectionItem)
            .where(InspectionItem.active.is_(True))
            .order_by(InspectionItem.code)
        )
        return list(rows)

    def _year_draws(self, plan_id: int | None, year: int) -> ColumnElement[bool]:
        in_year = extract("year", Draw.check_starts_on) == year
        return or_(Draw.plan_id == plan_id, in_year) if plan_id is not None else in_year

    async def draws_by_status(self, plan_id: int | None, year: int) -> dict[DrawStatus, int]:
        """Draws made under the plan or with a window starting in its year, by status."""
        rows = await self._session.execute(
            select(Draw.status, func.count())
            .where(self._year_draws(plan_id, year))
            .group_by(Draw.status)
        )
        return {status: int(count) for status, count in rows}

    async def drawn_by_stratum(self, plan_id: int | None, year: int) -> dict[str, int]:
        """Distinct targets in locked draws of the year, by their stratum now."""
        drawn = (
            select(Task.target_id)
            .join(Draw, Draw.id == Task.draw_id)
            .where(Draw.status == DrawStatus.LOCKED, self._year_draws(plan_id, year))
        )
        return await self._count_by_stratum(Target.id.in_(drawn))

    async def _count_by_stratum(self, condition: ColumnElement[bool]) -> dict[str, int]:
        # Grouped in an outer query: PostgreSQL does not see a CASE with bound literals in
        # SELECT and in GROUP BY as the same expression.
        strata = select(stratum_of_target().label("stratum")).where(condition).subquery()
        rows = await self._session.execute(
            select(strata.c.stratum, func.count()).group_by(strata.c.stratum)
        )
        return {str(name): int(count) for name, count in rows}

    async def active_by_stratum(self, gone: Sequence[str]) -> dict[str, int]:
        """Targets that may be drawn (active, not deregistered), by stratum."""
        return await self._count_by_stratum(
            and_(Target.active.is_(True), Target.registration_status.not_in(gone))
        )

    async def add(self, plan: Plan) -> Plan:
        self._session.add(plan)
        await self._session.flush()
        return plan

    async def replace_items(self, plan_id: int, items: Sequence[PlanItem]) -> None:
        # Plan items carry no history of their own: the audit entry keeps before and after.
        await self._session.execute(delete(PlanItem).where(PlanItem.plan_id == plan_id))
        self._session.add_all(items)
        await self._session.flush()
