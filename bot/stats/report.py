"""The statistics as tables (one XLSX sheet each) and as a short text for the group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.results.codes import BY_CODE, ORDER
from bot.stats.collect import Scope, Stats
from bot.texts import Texts, echo, plain
from storage.models import DrawStatus, TaskStatus
from storage.repositories.stats import LateTask

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # a Texts.stats_sheets key
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


DONE = (TaskStatus.REVIEWED, TaskStatus.PUBLISHED)


def scope_name(texts: Texts, scope: Scope) -> str:
    """The scope in words, plain text (the caller escapes it for HTML)."""
    if scope.plan_code is not None:
        return texts.stats_scope_plan.format(code=scope.plan_code, title=scope.plan_title)
    return texts.stats_scope_year.format(year=scope.year)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _day(value: date | datetime | None, stats: Stats) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(stats.at.tzinfo).date().isoformat()
    return value.isoformat()


def _task_code(task: LateTask) -> str:
    return f"{task.draw_code}-{task.number:03d}"


def status_counts(stats: Stats) -> list[tuple[TaskStatus, int]]:
    return [(s, stats.by_status.get(s, 0)) for s in TaskStatus if stats.by_status.get(s)]


def code_counts(stats: Stats) -> list[tuple[str, str, int]]:
    """(code, name, tasks) in the national table's order; unknown codes last."""
    codes = sorted(stats.by_code, key=lambda c: (ORDER.get(c, len(ORDER)), c))
    return [(c, BY_CODE[c].name if c in BY_CODE else c, stats.by_code[c]) for c in codes]


def tables(stats: Stats, texts: Texts) -> list[Table]:
    columns = texts.stats_columns
    sheets = texts.stats_sheets
    blank = texts.stats_blank

    def table(key: str, names: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> Table:
        return Table(key, sheets[key], tuple(columns[n] for n in names), rows)

    overview = texts.stats_overview
    pubs = stats.publications
    status_names = texts.drawn_task_status
    return [
        table("overview", ("item", "value"), [
            (overview["scope"], scope_name(texts, stats.scope)),
            (overview["at"], stats.at.strftime("%Y-%m-%d %H:%M")),
            (overview["locked"], stats.draws.get(DrawStatus.LOCKED, 0)),
            (overview["cancelled"], stats.draws.get(DrawStatus.CANCELLED, 0)),
            (overview["tasks"], stats.tasks),
            (overview["overdue"], stats.overdue_total),
            (overview["ratios_plan"], stats.ratios_plan or ""),
            (overview["estimated"], overview["yes"] if stats.estimated else overview["no"]),
        ]),
        table("status", ("status", "tasks"),
              [(status_names.get(s.value, s.value), n) for s, n in status_counts(stats)]),
        table("results", ("code", "result", "tasks"), list(code_counts(stats))),
        table("regions", ("region", "tasks", "done"),
              [(v or blank, n, d) for v, n, d in stats.regions]),
        table("industries", ("industry", "tasks", "done"),
              [(v or blank, n, d) for v, n, d in stats.industries]),
        table("inspectors",
              ("name", "certificate", "department", "load", "on_time", "late", "rate",
               "recusals"),
              [(i.name, i.certificate, i.department, i.load, i.on_time, i.late,
                percent(i.on_time, i.on_time + i.late), i.recusals) for i in stats.inspectors]),
        table("overdue", ("task", "target", "uscc", "status", "due_on"),
              [(_task_code(t), t.target, t.uscc, status_names.get(t.status.value, t.status.value),
                _day(t.due_on, stats)) for t in stats.overdue]),
        table("publications", ("kind", "tasks"), [
            (texts.stats_publication_kinds[k], v)
            for k, v in (("on_time", pubs.on_time), ("late", pubs.late),
                         ("overdue", pubs.overdue), ("pending", pubs.pending))
        ]),
        table("late_publications",
              ("task", "target", "uscc", "checked_on", "publish_due_on", "published_on"),
              [(_task_code(t), t.target, t.uscc, _day(t.checked_on, stats),
                _day(t.publish_due_on, stats), _day(t.published_at, stats))
               for t in stats.late_publications]),
        table("coverage", ("stratum", "planned", "pool", "drawn", "reached"),
              [(texts.stratum_names.get(c.stratum, c.stratum), c.planned, c.pool, c.drawn,
                None if c.reached is None else round(c.reached, 1)) for c in stats.coverage]),
    ]  # fmt: skip


def summary(stats: Stats, texts: Texts) -> str:
    """The short text sent with the charts (Telegram HTML)."""
    pubs = stats.publications
    done = sum(stats.by_status.get(s, 0) for s in DONE)
    text = texts.stats_summary.format(
        scope=echo(scope_name(texts, stats.scope), 120),
        at=stats.at.strftime("%Y-%m-%d %H:%M"),
        draws=sum(stats.draws.values()),
        cancelled=stats.draws.get(DrawStatus.CANCELLED, 0),
        tasks=stats.tasks, done=done, overdue=stats.overdue_total,
        on_time=pubs.on_time, late=pubs.late, unpublished=pubs.overdue, pending=pubs.pending,
        inspectors=len(stats.inspectors),
        submitted_on_time=sum(i.on_time for i in stats.inspectors),
        submitted_late=sum(i.late for i in stats.inspectors),
        recusals=sum(i.recusals for i in stats.inspectors),
    )  # fmt: skip
    if stats.coverage and stats.ratios_plan is not None:
        strata = " · ".join(
            f"{texts.stratum_names.get(c.stratum, c.stratum)} "
            f"{_percent_text(c.reached)}/{_percent_text(c.planned)}"
            for c in stats.coverage
        )
        text += texts.stats_coverage_line.format(plan=echo(stats.ratios_plan), strata=strata)
    if stats.estimated:
        text += texts.stats_estimated
    return text


def _percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".0%", "%")


def plain_summary(stats: Stats, texts: Texts) -> str:
    return plain(summary(stats, texts))
