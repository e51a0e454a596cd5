"""The calendar register in the database: the once-per-year notice of an unknown year, a
year's import (replacing, audited, recomputing the open deadlines), and what /holidays shows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.calendar import WorkCalendar
from bot.calendar_import import HolidayDay, parse_text, read_file
from bot.runtime import Runtime
from bot.services import calendar, deadlines
from bot.settings import Settings
from storage.database import Database, read_only
from storage.models import AuditEntry, CalendarDay, CalendarYear, OutboxMessage

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "holidays-2026.csv"


@pytest.fixture
def runtime(settings: Settings, db: Database) -> Runtime:
    return Runtime.create(settings, db)


async def _notices(db: Database) -> list[OutboxMessage]:
    async with db.session() as session, session.begin():
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_an_unknown_year_is_told_once(db: Database, runtime: Runtime) -> None:
    for _ in range(2):  # e.g. two deadlines, in two transactions
        async with db.session() as session, session.begin():
            await calendar.note_estimated(session, runtime, [2026, 2027, 2027])
    async with db.session() as session, session.begin():
        await calendar.note_estimated(session, runtime, [2028, 2027])
    notices = await _notices(db)
    assert [n.dedupe_key for n in notices] == ["calendar-unknown:2027", "calendar-unknown:2028"]
    assert notices[0].chat_id == runtime.settings.admin_chat_id
    text = notices[0].payload["text"]
    assert "预估" in text and "/holidays 2027" in text
    async with db.session() as session:
        row = await session.get(CalendarYear, 2027)
        assert row is not None and row.unknown_noticed_at is not None and row.imported_at is None
        await session.rollback()
        # An imported year is known: no notice for it, ever.
        await calendar.import_year(session, runtime, 2029, [HolidayDay(date(2029, 1, 1), False)],
                                   user_id=None)  # fmt: skip
        async with session.begin():
            await calendar.note_estimated(session, runtime, [2029])
    assert len(await _notices(db)) == 2


async def test_no_admin_group_no_notice(db: Database, settings: Settings) -> None:
    runtime = Runtime.create(settings.model_copy(update={"admin_chat_id": None}), db)
    async with db.session() as session, session.begin():
        await calendar.note_estimated(session, runtime, [2027])
    assert await _notices(db) == []


async def test_import_replaces_the_year_audits_and_recomputes(
    db: Database, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[WorkCalendar] = []

    async def recompute(session: object, runtime: object, cal: WorkCalendar) -> int:
        seen.append(cal)
        return 3

    monkeypatch.setattr(deadlines, "recompute_open", recompute)
    first = parse_text(2027, "放假 春节 2-15~2-21 上班 2-14")
    async with db.session() as session:
        outcome = await calendar.import_year(session, runtime, 2027, first.days, user_id=1001)
    assert (outcome.days_off, outcome.weekdays_off, outcome.makeup_days) == (7, 5, 1)
    assert outcome.recomputed == 3 and not outcome.replaced
    assert seen[-1].source(2027) == "register" and not seen[-1].is_working_day(date(2027, 2, 15))

    second = parse_text(2027, "放假 元旦 1-1")
    async with db.session() as session:
        outcome = await calendar.import_year(session, runtime, 2027, second.days, user_id=1001)
        assert outcome.replaced
        days = await session.scalars(select(CalendarDay.day).where(CalendarDay.year == 2027))
        assert list(days) == [date(2027, 1, 1)]
        year = await session.get(CalendarYear, 2027)
        assert year is not None and year.imported_by == 1001 and year.imported_at is not None
        entries = list(await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "calendar.import")
            .order_by(AuditEntry.id)))  # fmt: skip
    assert len(entries) == 2 and entries[1].details["before_off"][0] == "2027-02-15"
    assert seen[-1].is_working_day(date(2027, 2, 15))

    # All or nothing: an import that fails half-way leaves the year as it was.
    async def broken(session: object, runtime: object, cal: WorkCalendar) -> int:
        raise RuntimeError("recompute failed")

    monkeypatch.setattr(deadlines, "recompute_open", broken)
    with pytest.raises(RuntimeError, match="recompute failed"):
        async with db.session() as session:
            await calendar.import_year(session, runtime, 2027, first.days, user_id=1001)
    async with db.session() as session, session.begin():
        count = await session.scalar(select(func.count()).select_from(CalendarDay))
        assert count == 1


async def test_the_example_file_imported_equals_the_package(db: Database, runtime: Runtime) -> None:
    arrangement = read_file(EXAMPLE)
    async with db.session() as session:
        await calendar.import_year(session, runtime, 2026, arrangement.days, user_id=None)
    async with db.session() as session:
        async with read_only(session):
            loaded = await calendar.load(session)
        shown = await calendar.show_year(session, 2026)
    package = WorkCalendar()
    assert loaded.source(2026) == "register"
    for offset in range(365):
        day = date(2026, 1, 1) + timedelta(days=offset)
        assert loaded.is_working_day(day) == package.is_working_day(day), day
    assert shown.view.weekdays_off == package.year(2026).weekdays_off
    spring = next(b for b in shown.days_off if b.name == "春节")
    assert (spring.first, spring.last) == (date(2026, 2, 15), date(2026, 2, 23))


async def test_show_year_names_the_package_holidays_in_chinese(db: Database) -> None:
    async with db.session() as session:
        shown = await calendar.show_year(session, 2026)
        unknown = await calendar.show_year(session, 2027)
    assert shown.view.source == "package"
    names = [(b.first, b.last, b.name) for b in shown.days_off]
    assert (date(2026, 10, 1), date(2026, 10, 7), "国庆节") in names
    assert (date(2026, 1, 1), date(2026, 1, 3), "元旦") in names
    assert [(b.first, b.name) for b in shown.makeup][:2] == [
        (date(2026, 1, 4), "元旦"),
        (date(2026, 2, 14), "春节"),
    ]
    assert unknown.view.estimated and unknown.days_off == () and unknown.imported_at is None


def test_the_command_line_imports_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert main(["import", "holidays", str(EXAMPLE)]) == 0
    assert (
        "2026 年放假安排已导入：放假 33 天（其中工作日 19 天），调休上班 6 天"
        in capsys.readouterr().out
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型\n2027-01-04,上班\n", encoding="utf-8")
    assert main(["import", "放假安排", str(bad), "--year", "2027"]) == 1
    out = capsys.readouterr().out
    assert "没有作任何改动" in out and "第 2 行：2027-01-04 是星期一" in out
    assert main(["template", "holidays", str(tmp_path / "x.xlsx")]) == 2


def test_problems_are_sentences_naming_the_row_or_token(tmp_path: Path) -> None:
    from bot.calendar_import import InputError
    from bot.texts import get_texts

    texts = get_texts("zh-CN")
    with pytest.raises(InputError) as typed:
        parse_text(2027, "放假 <b>1-1 上班 2-15")
    assert calendar.issue_lines(texts, typed.value, 10) == [
        "「&lt;b&gt;1-1」：无法识别的日期「&lt;b&gt;1-1」：请写作 2027-02-15、2-15 或 2月15日，"
        "连续几天用 ~ 或 至 连接",
        "「2-15」：2027-02-15 是星期一：调休上班日应是周六或周日",
    ]
    other = tmp_path / "arrangement.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError) as filed:
        read_file(other)
    assert calendar.issue_lines(texts, filed.value, 1) == [
        texts.problems["unsupported_format"].format(ext=".pdf")
    ]
