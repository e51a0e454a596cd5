"""The annual plan on the command line: template and import round trip, the file's errors
with row and label, a draw by the plan's ratios, and a change after draws on record."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.registers.plan import read_plan
from bot.services import plans
from storage.database import Database
from storage.models import AuditEntry, Draw, OutboxMessage, Plan, PlanItem

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ADMIN_CHAT_ID = -1001234567890


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _query(url: str, check: Callable[[AsyncSession], Awaitable[None]]) -> None:
    async def run() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                await check(session)
        finally:
            await db.dispose()

    asyncio.run(run())


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> str:  # fmt: skip
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("items", "targets", "inspectors", "conflicts"):
        path = next(EXAMPLES.glob(f"{name}.*"))
        assert _run(["import", name, str(path)], capsys)[0] == 0
    return url


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


SETTINGS = [
    ["年度", "2026"],
    ["计划名称", "西平县财政局2026年度抽查计划"],
    ["A类抽查比例（%）", "3"],
    ["B类抽查比例（%）", "5%"],
    ["C类抽查比例（%）", "20"],
    ["D类抽查比例（%）", "60"],
    ["未分类抽查比例（%）", "5"],
    ["严重违法失信名单抽查比例（%）", "100"],
    ["经营异常名录抽查比例（%）", "30"],
    ["两次检查最短间隔（天）", "180"],
]


def test_template_import_round_trip(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "plan.xlsx"
    code, out, err = _run(["template", "plan", str(template), "--year", "2026"], capsys)
    assert code == 0, err
    assert "模板" in out
    # The template lists every item of the register, with the register's frequency.
    sheet = load_workbook(template).active
    assert sheet is not None
    codes = [row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("XP")]
    assert codes == [f"XPCZ-00{n}" for n in range(1, 7)]

    code, out, err = _run(["import", "plan", str(template)], capsys)
    assert code == 0, err
    assert "2026 年度抽查计划已导入" in out and "抽查事项 6 项" in out
    code, out, _err = _run(["import", "plan", str(template)], capsys)
    assert code == 0 and "未作改动" in out

    async def stored(session: AsyncSession) -> None:
        plan = await session.scalar(select(Plan))
        assert plan is not None and plan.year == 2026 and plan.min_days_between_checks == 365
        assert plan.ratios == plans.DEFAULT_RATIOS
        assert await session.scalar(select(func.count()).select_from(PlanItem)) == 6
        item = await session.scalar(select(PlanItem).order_by(PlanItem.id).limit(1))
        assert item is not None and item.methods == ["实地检查", "书面检查"]

    _query(loaded, stored)

    # With a plan, the template is the plan itself: it reads back the same.
    again = tmp_path / "again.xlsx"
    assert _run(["template", "plan", str(again), "--year", "2026"], capsys)[0] == 0
    parsed, report = read_plan(again)
    assert report.ok and parsed.year == 2026 and parsed.ratios == plans.DEFAULT_RATIOS
    assert [i.code for i in parsed.items] == codes


def test_csv_plan_with_its_own_frequency(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_csv(tmp_path / "plan.csv", [
        ["2026年度抽查计划"], *SETTINGS, [],
        ["事项编码", "抽查频次", "抽查方式", "备注"],
        ["XPCZ-001", "每季度 1 次", "实地检查", "重点检查代理记账"],
        ["XPCZ-006", "", "", ""],
    ])  # fmt: skip
    code, out, err = _run(["import", "plan", str(path)], capsys)
    assert code == 0, err
    assert "B类 5%" in out and "最短间隔 180 天" in out

    async def stored(session: AsyncSession) -> None:
        rows = (await session.scalars(select(PlanItem).order_by(PlanItem.id))).all()
        assert [(r.frequency, r.methods, r.note) for r in rows] == [
            ("每季度 1 次", ["实地检查"], "重点检查代理记账"),
            ("每年不少于 1 次", ["书面检查"], ""),  # empty: the register's
        ]

    _query(loaded, stored)


def test_errors_name_row_and_label_and_change_nothing(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = [list(row) for row in SETTINGS]
    settings[0][1] = "26"  # the year
    settings[3][1] = "120"  # B
    del settings[8]  # no abnormal-list ratio
    path = _write_csv(tmp_path / "bad.csv", [
        *settings, [],
        ["事项编码", "抽查频次"],
        ["XPCZ-001", "每年"],
        ["NOPE-9", ""],
        ["XPCZ-001", ""],
    ])  # fmt: skip
    code, out, _err = _run(["import", "plan", str(path)], capsys)
    assert code == 1
    assert "导入失败" in out and "未导入任何内容" in out
    assert "第 1 行「年度」：「26」不是有效的年度" in out
    assert "第 4 行「B类抽查比例（%）」：120 超出范围（0～100）" in out
    assert "缺少「经营异常名录抽查比例（%）」这一行" in out
    assert "第 14 行「事项编码」：与第 12 行重复" in out
    assert "第 13 行「事项编码」：事项编码 NOPE-9 不在抽查事项清单中" in out

    # A register file sent as a plan is named for what it is.
    code, out, _err = _run(["import", "plan", str(next(EXAMPLES.glob("targets.*")))], capsys)
    assert code == 1 and "/import targets" in out

    async def nothing(session: AsyncSession) -> None:
        assert await session.scalar(select(func.count()).select_from(Plan)) == 0

    _query(loaded, nothing)


def _plan_file(tmp_path: Path, name: str, a_ratio: str) -> Path:
    settings = [list(row) for row in SETTINGS]
    settings[2][1] = a_ratio
    settings[9][1] = "1000"  # more than the default 365 days: more targets left out
    return _write_csv(tmp_path / name, [*settings, [], ["事项编码"], ["XPCZ-001"], ["XPCZ-002"]])


def test_draw_by_plan_ratios_and_a_change_after_it(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    draw = ["draw", "--item", "XPCZ-001", "--plan-ratios", "--start", "2026-12-01", "--end",
            "2026-12-31", "--seed", "计划 2026", "--yes"]  # fmt: skip
    code, _out, err = _run(draw, capsys)
    assert code == 1 and "2026 年度还没有抽查计划" in err

    assert _run(["import", "plan", str(_plan_file(tmp_path, "p.csv", "3"))], capsys)[0] == 0
    code, out, err = _run(draw, capsys)
    assert code == 0, err
    draw_code = out.strip().splitlines()[-1]
    # The plan's minimum interval decides who was checked too recently.
    recent = int(out.split("recently_checked ")[1].split(",")[0].split()[0])
    code, other, err = _run(["draw", "--item", "XPCZ-002", "--percent", "1", *draw[4:]], capsys)
    assert code == 0, err
    assert recent > int(other.split("recently_checked ")[1].split(",")[0].split()[0])
    record_path = tmp_path / "draw.json"
    assert _run(["export", "draw", draw_code, str(record_path)], capsys)[0] == 0
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["ratios"] == {"A": 3.0, "B": 5.0, "C": 20.0, "D": 60.0, "unclassified": 5.0,
                                "blacklisted": 100.0, "abnormal": 30.0}  # fmt: skip
    code, out, _err = _run(["verify", str(record_path)], capsys)
    assert code == 0 and out.strip().endswith("verified")

    async def drawn(session: AsyncSession) -> None:
        plan = await session.scalar(select(Plan))
        row = await session.scalar(select(Draw).order_by(Draw.id).limit(1))
        assert plan is not None and row is not None and row.plan_id == plan.id
        sample_size = row.sample_size
        await session.rollback()  # the service runs its own transaction
        view = await plans.overview(session, 2026)
        assert view is not None and view.locked == 2  # the one by percent started in 2026 too
        assert sum(s.drawn for s in view.strata) >= sample_size

    _query(loaded, drawn)

    # The plan changes after the draw: on record with both ratios, and the group is told.
    monkeypatch.setenv("ADMIN_CHAT_ID", str(ADMIN_CHAT_ID))
    code, out, err = _run(["import", "plan", str(_plan_file(tmp_path, "p2.csv", "4"))], capsys)
    assert code == 0, err
    assert "本年度已有 2 次抽取" in out and "并已通知管理群" in out

    async def audited(session: AsyncSession) -> None:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "plan_changed_after_draws")
        )
        assert entry is not None and entry.entity_id == "PLAN-2026"
        assert entry.details["before"]["ratios"]["A"] == 3.0
        assert entry.details["after"]["ratios"]["A"] == 4.0
        notice = await session.scalar(select(OutboxMessage))
        assert notice is not None and notice.chat_id == ADMIN_CHAT_ID
        assert "在已有抽取后被修改" in notice.payload["text"]
        assert "A类 3%" in notice.payload["text"] and "A类 4%" in notice.payload["text"]

    _query(loaded, audited)


def test_reader_warnings_and_missing_parts(tmp_path: Path) -> None:
    rows = [list(row) for row in SETTINGS]
    rows = [[label, "0.05" if "比例" in label else value] for label, value in rows]
    rows[9][1] = "400天"
    path = _write_csv(tmp_path / "p.csv", [
        ["说明：本计划经局务会审议通过"],  # one cell: a note, ignored
        *rows, ["负责人", "张三"], ["年度", "2027"], [], ["事项编码"], ["XPCZ-001"],
    ])  # fmt: skip
    parsed, report = read_plan(path)
    assert [(i.row, i.problem.code) for i in report.errors] == [(13, "duplicate")]
    assert parsed.year == 2026 and parsed.min_days == 400 and parsed.ratios["A"] == 0.05
    assert {i.problem.code for i in report.warnings} == {"plan_unknown_row", "plan_small_ratios"}

    only_settings = _write_csv(tmp_path / "s.csv", SETTINGS)
    _parsed, report = read_plan(only_settings)
    assert [i.problem.code for i in report.errors] == ["plan_no_items_header"]
    empty = _write_csv(tmp_path / "e.csv", [*SETTINGS, ["事项编码", "备注"]])
    _parsed, report = read_plan(empty)
    assert [i.problem.code for i in report.errors] == ["plan_no_items"]
