"""Annual plans (年度抽查计划) as services: template, import, the year's view and progress,
and what a draw takes from the plan. The CLI and the admin group call the same functions.

One plan per year: importing a file for a year that has a plan updates it, in one
transaction. A change made after draws of that year is audited with the ratios before and
after, and the admin group is told.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.sampling import Stratum
from bot.outbox import Outbox
from bot.registers.plan import (
    DEFAULT_MIN_DAYS,
    PLAN_STRATA,
    PlanItemRow,
    PlanSheet,
    read_plan,
    write_plan,
)
from bot.registers.report import ImportReport, Issue
from bot.registers.values import Problem
from bot.services import audit
from bot.services.draws import GONE, Size
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import DrawStatus, Plan, PlanItem, PlanStatus
from storage.repositories.plans import PlanRepository

log = logging.getLogger(__name__)

#: A new template's ratios (percent): within the published ranges by class (A ≤5, B 5–20,
#: C 21–60, D 61–100), the lists checked the most.
DEFAULT_RATIOS: dict[str, float] = {
    "A": 3, "B": 10, "C": 30, "D": 65, "unclassified": 5, "blacklisted": 100, "abnormal": 50,
}  # fmt: skip


def plan_code(year: int) -> str:
    return f"PLAN-{year}"


# --- the file -------------------------------------------------------------------------------


async def write_template(session: AsyncSession, year: int, title: str, path: Path) -> bool:
    """The year's plan as a file to edit and import again, or, without one, a template with
    the default ratios and every active item of the register. True if a plan was written."""
    async with read_only(session):
        repo = PlanRepository(session)
        plan = await repo.for_year(year)
        if plan is not None:
            items = [
                PlanItemRow(0, code, name, item.frequency, tuple(item.methods), item.note)
                for item, code, name in await repo.items(plan.id)
            ]
            sheet = PlanSheet(plan.year, plan.title, dict(plan.ratios),
                              plan.min_days_between_checks, items)  # fmt: skip
        else:
            items = [
                PlanItemRow(0, i.code, i.name, i.frequency, tuple(i.methods))
                for i in await repo.active_items()
            ]
            sheet = PlanSheet(year, f"{year}年度“双随机、一公开”抽查工作计划",
                              dict(DEFAULT_RATIOS), DEFAULT_MIN_DAYS, items)  # fmt: skip
    await asyncio.to_thread(write_plan, sheet, title, path)
    return plan is not None


@dataclass
class PlanImport:
    """What a plan import found and did."""

    report: ImportReport
    year: int | None = None
    title: str = ""
    min_days: int = DEFAULT_MIN_DAYS
    created: bool = False
    changed: bool = False
    items: int = 0
    #: Draws of the year that existed when the plan was changed (0: none, nothing to flag).
    draws_before: int = 0
    ratios_before: dict[str, float] = field(default_factory=dict)
    ratios_after: dict[str, float] = field(default_factory=dict)
    #: The admin group was told of the change (through the outbox).
    group_told: bool = False


def _snapshot(plan: Plan, items: dict[str, tuple[str, list[str], str]]) -> dict[str, Any]:
    return {
        "title": plan.title,
        "ratios": {s: float(plan.ratios[s]) for s in PLAN_STRATA if s in plan.ratios},
        "min_days": plan.min_days_between_checks,
        "items": {code: list(values) for code, values in sorted(items.items())},
    }


async def import_plan(
    session: AsyncSession,
    path: Path,
    *,
    actor: int | None,
    texts: Texts,
    outbox: Callable[[AsyncSession], Outbox] | None = None,
    admin_chat_id: int | None = None,
) -> PlanImport:
    """Import a plan file: all of it or nothing. `outbox` and `admin_chat_id` tell the admin
    group when a plan changes after draws were made for its year."""
    if session.in_transaction():
        await session.rollback()  # start from a clean slate of our own
    parsed, report = await asyncio.to_thread(read_plan, path)
    result = PlanImport(report, year=parsed.year, title=parsed.title, min_days=parsed.min_days)
    if not parsed.items:
        return result
    # Unknown item codes are reported along with the file's other errors, all in one go.
    async with read_only(session):
        known = await PlanRepository(session).register_items([i.code for i in parsed.items])
    for row in parsed.items:
        item = known.get(row.code)
        if item is None:
            report.error(row.row, parsed.code_header, Problem.of("plan_unknown_item",
                                                                 value=row.code))  # fmt: skip
        elif not item.active:
            report.error(row.row, parsed.code_header, Problem.of("plan_inactive_item",
                                                                 value=row.code))  # fmt: skip
    if not report.ok:
        return result
    assert parsed.year is not None
    year = parsed.year
    # Frequency and method left empty in the file: the register's.
    wanted = {
        row.code: (row.frequency or known[row.code].frequency,
                   list(row.methods) or list(known[row.code].methods), row.note)
        for row in parsed.items
    }  # fmt: skip
    ratios: dict[str, float] = {s: float(parsed.ratios[s]) for s in PLAN_STRATA}
    result.items = len(wanted)
    result.ratios_after = ratios
    after = {
        "title": parsed.title,
        "ratios": ratios,
        "min_days": parsed.min_days,
        "items": {code: list(values) for code, values in sorted(wanted.items())},
    }
    try:
        async with session.begin():
            repo = PlanRepository(session)
            plan = await repo.for_year(year)
            before: dict[str, Any] | None = None
            if plan is not None:
                stored = {code: (i.frequency, list(i.methods), i.note)
                          for i, code, _name in await repo.items(plan.id)}  # fmt: skip
                before = _snapshot(plan, stored)
                result.ratios_before = before["ratios"]
                if before == after:
                    return result  # the same plan again: nothing to write or to flag
                plan.title = parsed.title
                plan.ratios = ratios
                plan.min_days_between_checks = parsed.min_days
                plan.status = PlanStatus.ACTIVE
            else:
                plan = await repo.add(Plan(code=plan_code(year), year=year, title=parsed.title,
                                           status=PlanStatus.ACTIVE, ratios=ratios,
                                           min_days_between_checks=parsed.min_days,
                                           created_by=actor))  # fmt: skip
                result.created = True
            result.changed = True
            await repo.replace_items(plan.id, [
                PlanItem(plan_id=plan.id, item_id=known[code].id, frequency=frequency,
                         methods=methods, note=note)
                for code, (frequency, methods, note) in wanted.items()
            ])  # fmt: skip
            details = {"file": path.name, "year": year, "created": result.created,
                       "items": len(wanted)}  # fmt: skip
            await audit.record(session, actor, "import", entity="plan", entity_id=plan.code,
                               details=details)  # fmt: skip
            if before is not None:
                draws = await repo.draws_by_status(plan.id, year)
                result.draws_before = sum(draws.values())
                if result.draws_before:
                    await _flag_change(session, texts, actor, plan, before, after, result,
                                       outbox, admin_chat_id)  # fmt: skip
    except IntegrityError as exc:
        # Two imports of a new year's plan at once: the other one won; nothing was written.
        log.warning("plan import for %d hit a database constraint: %s", year, exc)
        report.error(None, None, Problem.of("constraint"))
        result.created = result.changed = False
        result.draws_before = 0
    return result


async def _flag_change(
    session: AsyncSession, texts: Texts, actor: int | None, plan: Plan,
    before: dict[str, Any], after: dict[str, Any], result: PlanImport,
    outbox: Callable[[AsyncSession], Outbox] | None, admin_chat_id: int | None,
) -> None:  # fmt: skip
    """A plan changed after draws of its year: on record, and the group is told."""
    await audit.record(session, actor, "plan_changed_after_draws", entity="plan",
                       entity_id=plan.code, details={
                           "year": plan.year, "draws": result.draws_before,
                           "before": before, "after": after,
                       })  # fmt: skip
    if outbox is None or admin_chat_id is None:
        log.warning("plan %s changed after draws; no admin group to tell", plan.code)
        return
    result.group_told = True
    await outbox(session).message(admin_chat_id, texts.plan_changed_notice.format(
        year=plan.year, title=echo(plan.title, 100), draws=result.draws_before,
        before=ratios_text(texts, before["ratios"]), after=ratios_text(texts, after["ratios"]),
        min_before=before["min_days"], min_after=after["min_days"],
    ))  # fmt: skip


def ratios_text(texts: Texts, ratios: dict[str, float]) -> str:
    """ "A类 3% · B类 10% · …" (no markup, nothing from a person)."""
    return " · ".join(
        f"{texts.plan_strata[s]} {percent(ratios[s])}%" for s in PLAN_STRATA if s in ratios
    )


def percent(value: float) -> str:
    return f"{value:g}"


def describe(issue: Issue, texts: Texts) -> str:
    """One problem of a plan file as a sentence (plan problems first, then the registers')."""
    template = texts.plan_problems.get(issue.problem.code) or texts.problems[issue.problem.code]
    reason = template.format(**dict(issue.problem.params))
    if issue.row is None and issue.column is None:
        return reason
    if issue.row is None:
        return f"「{issue.column}」：{reason}"
    if issue.column is None:
        return texts.issue_row.format(row=issue.row, reason=reason)
    return texts.issue_cell.format(row=issue.row, column=issue.column, reason=reason)


def report_lines(texts: Texts, result: PlanImport, shown: int) -> list[str]:
    """The outcome of a plan import, for the group (HTML) and the CLI (made plain)."""
    report = result.report
    if not report.ok:
        lines = [texts.plan_import_failed.format(count=report.error_count)]
        lines += [echo(describe(i, texts), 300) for i in report.errors[:shown]]
        if report.error_count > shown:
            lines.append(texts.import_more.format(more=report.error_count - shown))
    elif not result.changed:
        lines = [texts.plan_import_unchanged.format(year=result.year)]
    else:
        template = texts.plan_import_created if result.created else texts.plan_import_updated
        lines = [template.format(year=result.year, title=echo(result.title, 200),
                                 items=result.items, min_days=result.min_days,
                                 ratios=ratios_text(texts, result.ratios_after))]  # fmt: skip
        if result.draws_before:
            lines.append(texts.plan_import_after_draws.format(
                draws=result.draws_before, told=texts.plan_group_told if result.group_told else "",
                before=ratios_text(texts, result.ratios_before)))  # fmt: skip
    if report.warning_count:
        lines += ["", texts.import_warnings.format(count=report.warning_count)]
        lines += [echo(describe(i, texts), 300) for i in report.warnings[:shown]]
    return lines


# --- the year's plan and its progress -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StratumProgress:
    stratum: Stratum
    ratio: float | None  # percent; None when the plan names no ratio for it
    drawn: int  # distinct targets in locked draws of the year
    active: int  # targets that may be drawn now

    @property
    def share(self) -> float | None:
        """Percent of the stratum drawn so far (None for an empty stratum)."""
        return 100 * self.drawn / self.active if self.active else None


@dataclass(frozen=True, slots=True)
class PlanItemView:
    code: str
    name: str
    frequency: str
    methods: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class PlanOverview:
    year: int
    code: str
    title: str
    ratios: dict[str, float]
    min_days: int
    items: list[PlanItemView]
    locked: int
    cancelled: int
    strata: list[StratumProgress]


async def overview(session: AsyncSession, year: int) -> PlanOverview | None:
    """The year's plan with its progress; None when the year has no plan."""
    async with read_only(session):
        repo = PlanRepository(session)
        plan = await repo.for_year(year)
        if plan is None:
            return None
        items = await repo.items(plan.id)
        draws = await repo.draws_by_status(plan.id, year)
        drawn = await repo.drawn_by_stratum(plan.id, year)
        active = await repo.active_by_stratum(sorted(GONE))
    ratios = {s: float(v) for s, v in plan.ratios.items()}
    return PlanOverview(
        year=plan.year, code=plan.code, title=plan.title, ratios=ratios,
        min_days=plan.min_days_between_checks,
        items=[PlanItemView(code, name, i.frequency, tuple(i.methods), i.note)
               for i, code, name in items],
        locked=draws.get(DrawStatus.LOCKED, 0), cancelled=draws.get(DrawStatus.CANCELLED, 0),
        strata=[StratumProgress(s, ratios.get(s), drawn.get(s, 0), active.get(s, 0))
                for s in PLAN_STRATA],
    )  # fmt: skip


# --- what a draw takes from the plan --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanForDraw:
    plan_id: int
    code: str
    year: int
    size: Size  # kind "ratios": percent per stratum
    min_interval_days: int


async def for_draw(session: AsyncSession, year: int) -> PlanForDraw | None:
    """The year's plan as a draw uses it (its ratios and minimum interval); None if none."""
    async with read_only(session):
        plan = await PlanRepository(session).for_year(year)
    if plan is None:
        return None
    ratios = tuple((s, float(plan.ratios[s])) for s in PLAN_STRATA if s in plan.ratios)
    return PlanForDraw(plan.id, plan.code, plan.year, Size("ratios", ratios=ratios),
                       plan.min_days_between_checks)  # fmt: skip
