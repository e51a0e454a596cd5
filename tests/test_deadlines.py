"""Deadlines in working days: the countdown as people read it, the publication deadline set
when a result is approved (across 2026's National Day with its 调休 weekends), estimates for a
year nobody knows yet, and the recomputation once the bureau imports that year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from bot.calendar import Countdown, WorkCalendar
from bot.calendar_import import HolidayDay
from bot.countdown import due_text
from bot.runtime import Runtime
from bot.services import calendar as calendar_service
from bot.services import deadlines, field
from bot.settings import Settings
from bot.task_cards import task_card_text, tasks_page
from bot.texts import get_texts
from storage.database import Database
from storage.models import OutboxMessage, Task, TaskStatus
from tests.assignments_data import Person, lock, members, seed

TEXTS = get_texts("zh-CN")
PEOPLE = [
    Person("张建国", "41172120200001", "会计股", 5001),
    Person("李秀英", "41172120200002", "监督检查股", 5002),
]


@pytest.fixture
def runtime(settings: Settings, db: Database) -> Runtime:
    return Runtime.create(settings, db)


def test_due_text_counts_working_days_and_marks_estimates() -> None:
    due, today = date(2026, 10, 9), date(2026, 9, 29)
    assert due_text(TEXTS, due, Countdown(3, False), today) == "2026-10-09（还剩 3 个工作日）"
    assert due_text(TEXTS, due, Countdown(0, False), due) == "2026-10-09（今天截止）"
    late = due_text(TEXTS, due, Countdown(-2, False), date(2026, 10, 13))
    assert late == "2026-10-09（已逾期 2 个工作日）"
    # A Saturday deadline seen on Sunday: late, though no working day has passed.
    assert due_text(TEXTS, date(2026, 10, 17), Countdown(0, False), date(2026, 10, 18)) == (
        "2026-10-17（已逾期）"
    )
    guessed = due_text(TEXTS, date(2027, 1, 8), Countdown(5, True), date(2026, 12, 31))
    assert guessed.startswith("2027-01-08（还剩 5 个工作日）") and "预估" in guessed
    assert due_text(TEXTS, None, None, today) == TEXTS.tasks_no_due
    assert due_text(TEXTS, due, Countdown(3, False), None) == "2026-10-09"


async def test_cards_and_lists_count_down_across_national_day(db: Database) -> None:
    await seed(db, PEOPLE, targets=4)
    await lock(db, 2)
    rows = await members(db)
    inspector_id = rows[0][1].id
    async with db.session() as session, session.begin():
        await session.execute(update(Task).values(due_on=date(2026, 10, 9)))
    today = date(2026, 9, 29)  # Tuesday; 9-30 works, 10-01..07 off, 10-08 and 10-09 work
    async with db.session() as session:
        entries = await field.task_list(session, inspector_id, today)
        assert entries and all(e.countdown == Countdown(3, False) for e in entries)
        page = tasks_page(TEXTS, entries, 0, today)
        assert "截止 2026-10-09（还剩 3 个工作日）" in page.text
        # Buttons keep the bare date: labels stay short on a phone.
        assert all("工作日" not in b.text for row in page.buttons for b in row)
        view = await field.task_card(session, inspector_id, entries[0].ref.task_id, today=today)
        text = task_card_text(TEXTS, view, accepted_at="", checkin_at="", today=date(2026, 10, 12))
        # The card's countdown was taken on 9-29; rendered "today" only decides the wording.
        assert "2026-10-09" in text
        late = await field.task_card(session, inspector_id, entries[0].ref.task_id,
                                     today=date(2026, 10, 12))  # fmt: skip
        # Two working days since the deadline: the make-up Saturday 10-10, and Monday 10-12.
        assert late.countdown == Countdown(-2, False)
        text = task_card_text(TEXTS, late, accepted_at="", checkin_at="", today=date(2026, 10, 12))
        assert "已逾期 2 个工作日" in text


async def _checked(db: Database, runtime: Runtime, checked_on: date) -> int:
    await seed(db, PEOPLE, targets=4)
    await lock(db, 1)
    async with db.session() as session, session.begin():
        task = (await session.scalars(select(Task))).one()
        task.status, task.checked_on = TaskStatus.REVIEWED, checked_on
        await deadlines.on_checked(session, runtime, task)
        return task.id


async def test_publication_due_twenty_working_days_after_the_check(
    db: Database, runtime: Runtime
) -> None:
    # Checked Friday 2026-09-25: 9-28, 9-29, 9-30 (3), the holiday 10-01..07 (five weekdays
    # off), the make-up Saturday 10-10 counts: the 20th working day is 10-29, not 10-23.
    task_id = await _checked(db, runtime, date(2026, 9, 25))
    async with db.session() as session:
        task = await session.get(Task, task_id)
        assert task is not None and task.publish_due_on == date(2026, 10, 29)
    weekends_only = WorkCalendar(package=False).add_working_days(date(2026, 9, 25), 20)
    assert weekends_only.day == date(2026, 10, 23) and weekends_only.estimated


async def test_unknown_year_is_estimated_then_recomputed_on_import(
    db: Database, runtime: Runtime
) -> None:
    # Checked 2026-12-24: the 20th working day falls in 2027, which the package does not know.
    task_id = await _checked(db, runtime, date(2026, 12, 24))
    async with db.session() as session:
        task = await session.get(Task, task_id)
        assert task is not None
        guessed = task.publish_due_on
    assert guessed == date(2027, 1, 21)  # weekends only: 12-25 .. 2027-01-21 (New Year works)
    # The admins were told once that 2027 is a guess.
    async with db.session() as session:
        notices = list(await session.scalars(select(OutboxMessage.dedupe_key)))
    assert notices.count("calendar-unknown:2027") == 1
    # The bureau imports 2027 with New Year's Day and the Monday after it off.
    days = [
        HolidayDay(date(2027, 1, 1), False, "元旦"),
        HolidayDay(date(2027, 1, 4), False, "元旦"),
    ]
    async with db.session() as session:
        outcome = await calendar_service.import_year(session, runtime, 2027, days, user_id=1001)
    assert outcome.recomputed == 1
    async with db.session() as session, session.begin():
        calendar = await calendar_service.load(session)
        assert calendar.knows(2027)
        assert await deadlines.recompute_open(session, runtime, calendar) == 0  # idempotent
    async with db.session() as session:
        task = await session.get(Task, task_id)
        assert task is not None and task.publish_due_on == date(2027, 1, 25)
