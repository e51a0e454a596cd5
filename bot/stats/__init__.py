"""Statistics of a plan or a year (/stats, `python -m bot export stats`): the numbers
(collect), as tables and a short text (report), as an XLSX (workbook) and as PNG charts
(charts). Telegram-free; the rendering is CPU work and runs in a worker thread."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import CommonSettings
from bot.stats import report as _report
from bot.stats.collect import Scope, Stats, collect, resolve
from bot.texts import Texts

__all__ = ["Scope", "Stats", "StatsFiles", "collect", "files", "resolve", "workbook_bytes"]


@dataclass(frozen=True, slots=True)
class StatsFiles:
    stats: Stats
    summary: str  # Telegram HTML
    charts: list[bytes]  # PNG; none when the scope has no task
    workbook: bytes
    file_name: str


def file_name(scope: Scope) -> str:
    name = scope.plan_code if scope.plan_code is not None else str(scope.year)
    return f"stats-{re.sub(r'[^A-Za-z0-9_-]+', '_', name)}.xlsx"


def workbook_bytes(stats: Stats, texts: Texts) -> bytes:
    from bot.stats.workbook import xlsx

    return xlsx(_report.tables(stats, texts))


def _render(stats: Stats, texts: Texts) -> tuple[list[bytes], bytes]:
    from bot.stats import charts

    pictures = charts.render_all(stats, texts) if stats.tasks else []
    return pictures, workbook_bytes(stats, texts)


async def files(
    session: AsyncSession, scope_text: str, settings: CommonSettings, now: datetime, texts: Texts
) -> StatsFiles:
    """The scope named by `scope_text` (Refusal if none), its numbers, charts and XLSX."""
    scope = await resolve(session, scope_text, now.astimezone(settings.tz).date())
    stats = await collect(session, scope, settings, now)
    charts, workbook = await asyncio.to_thread(_render, stats, texts)
    return StatsFiles(stats, _report.summary(stats, texts), charts, workbook, file_name(scope))
