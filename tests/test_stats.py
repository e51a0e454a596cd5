"""The statistics' numbers on a small real database, the XLSX read back, and the command
line's `export stats`."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot import stats
from bot.cli import main
from bot.refusals import Refusal
from bot.services import calendar as calendar_service
from bot.settings import CommonSettings
from bot.stats.collect import Scope
from bot.texts import get_texts
from storage.database import Database
from storage.models import DrawStatus, TaskStatus
from tests.stats_data import NOW, PLAN_CODE, RATIOS, build

TEXTS = get_texts("zh-CN")


def _settings(url: str) -> CommonSettings:
    return CommonSettings(database_url=url, _env_file=None)


async def test_the_numbers_of_a_plan(db: Database, database_url: tuple[str, str | None]) -> None:
    year = await build(db)
    settings = _settings(database_url[0])
    async with db.session() as session:
        scope = await stats.resolve(session, PLAN_CODE.lower(), date(2027, 3, 1))
        found = await stats.collect(session, scope, settings, NOW)
        calendar = await calendar_service.load(session)
    assert scope.plan_code == PLAN_CODE and scope.year == 2026
    assert found.draws == {DrawStatus.LOCKED: 1}
    assert found.by_status == {TaskStatus.PUBLISHED: 2, TaskStatus.REVIEWED: 1,
                               TaskStatus.IN_PROGRESS: 1, TaskStatus.CANCELLED: 1}  # fmt: skip
    # The latest approved version of each task; the corrected one's old code 8 is gone.
    assert found.by_code == {"1": 2, "A": 1, "5": 1}
    # Cancelled tasks are left out; done = reviewed or published.
    assert sum(n for _, n, _ in found.regions) == 4
    assert sum(d for _, _, d in found.regions) == 3
    assert {v for v, _, _ in found.industries} <= {"餐饮业", "零售业"}
    # Teams of two: 4 live tasks, one member recused. On time: the results of 12-10 and
    # 12-03 (the first submission counts); late: 2027-01-05 and the one never submitted.
    assert sum(i.load for i in found.inspectors) == 7
    assert sum(i.on_time for i in found.inspectors) == 4
    assert sum(i.late for i in found.inspectors) == 3
    assert sum(i.recusals for i in found.inspectors) == 1
    assert {i.department for i in found.inspectors} <= {"会计科", "监督检查局"}
    # Overdue: the one in progress (the cancelled one is not open).
    assert found.overdue_total == 1
    (overdue,) = found.overdue
    assert overdue.status is TaskStatus.IN_PROGRESS and overdue.due_on == date(2026, 12, 31)
    assert overdue.draw_code == year.code and 1 <= overdue.number <= 5
    # Publication: 12-10 published 12-15 (on time), 12-01 published 2027-02-20 (late),
    # 2027-01-05 unpublished on 2027-03-01 (20 working days have passed).
    pubs = found.publications
    assert (pubs.on_time, pubs.late, pubs.overdue, pubs.pending) == (1, 1, 1, 0)
    late = {t.checked_on: t for t in found.late_publications}
    assert set(late) == {date(2026, 12, 1), date(2027, 1, 5)}
    for checked, task in late.items():
        assert checked is not None
        assert task.publish_due_on == calendar.add_working_days(checked, 20).day
    assert late[date(2026, 12, 1)].published_at is not None
    assert late[date(2027, 1, 5)].published_at is None
    # 2027 is a year the package does not know: its due date is an estimate.
    assert found.estimated is not calendar.knows(2027)
    # Coverage as the draw recorded it, against the plan's ratios.
    coverage = {c.stratum: c for c in found.coverage}
    assert {s: (c.pool, c.drawn) for s, c in coverage.items()} == {
        "A": (4, 2), "B": (0, 0), "C": (4, 2), "unclassified": (4, 1),
    }  # fmt: skip
    assert {s: c.planned for s, c in coverage.items()} == RATIOS
    assert coverage["A"].reached == 50 and coverage["B"].reached is None


async def test_scopes(db: Database, database_url: tuple[str, str | None]) -> None:
    await build(db)
    settings = _settings(database_url[0])
    async with db.session() as session:
        by_year = await stats.collect(session, Scope(2026), settings, NOW)
        assert by_year.tasks == 5 and by_year.ratios_plan == PLAN_CODE
        assert (await stats.collect(session, Scope(2025), settings, NOW)).tasks == 0
        assert await stats.resolve(session, "", date(2026, 5, 1)) == Scope(2026)
        assert await stats.resolve(session, "2025年", date(2026, 5, 1)) == Scope(2025)
        with pytest.raises(Refusal) as refused:
            await stats.resolve(session, "PLAN-1999<b>", date(2026, 5, 1))
        assert "PLAN-1999&lt;b&gt;" in refused.value.text(TEXTS)


async def test_the_workbook_reads_back(db: Database, database_url: tuple[str, str | None]) -> None:
    await build(db)
    async with db.session() as session:
        found = await stats.collect(session, Scope(2026), _settings(database_url[0]), NOW)
    book = openpyxl.load_workbook(io.BytesIO(stats.workbook_bytes(found, TEXTS)))
    assert book.sheetnames == list(TEXTS.stats_sheets.values())
    for sheet in book.worksheets:
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
    rows: dict[str, list[tuple[Any, ...]]] = {
        s.title: list(s.iter_rows(min_row=2, values_only=True)) for s in book.worksheets
    }
    assert ("已公示", 2) in rows["任务状态"]
    assert ("1", "未发现问题", 2) in rows["检查结果"]
    assert sum(r[3] for r in rows["检查人员"]) == 7  # load
    assert rows["结果公示"] == [("按时公示", 1), ("逾期公示", 1), ("逾期未公示", 1),
                            ("待公示（未到期）", 0)]  # fmt: skip
    assert len(rows["逾期公示"]) == 2 and len(rows["逾期任务"]) == 1
    assert ("A 类", 50, 4, 2, 50) in rows["信用分类覆盖"]


def test_export_stats_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command line runs its own event loop on a database of its own (SQLite here: it has
    # no per-test schema); the numbers themselves are checked on both databases above.
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    async def prepare() -> None:
        db = Database(url)
        try:
            await db.migrate()
            await build(db)
        finally:
            await db.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", url)
    out = tmp_path / "stats.xlsx"
    assert main(["export", "stats", str(out), "--plan", PLAN_CODE]) == 0
    assert str(out) in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    rows: list[tuple[Any, ...]] = list(book["概况"].iter_rows(min_row=2, values_only=True))
    overview = {row[0]: row[1] for row in rows}
    assert overview["检查任务"] == 5 and overview["比例依据的年度计划"] == PLAN_CODE
    assert main(["export", "stats", str(out), "--year", "2025"]) == 0
    assert main(["export", "stats", str(out), "--plan", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert main(["export", "stats", str(out), "--plan", PLAN_CODE, "--year", "2026"]) == 2
