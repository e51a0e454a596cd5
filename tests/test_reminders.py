"""The reminder policy, pure: when reminders go, across 调休 and the National Day holiday.

2026: 09-25 (Mid-Autumn) and 10-01..07 are days off; Sunday 09-20 and Saturday 10-10 are
make-up working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from bot.calendar import WorkCalendar
from bot.reminder_policy import (
    Planned,
    Policy,
    ReminderKind,
    TaskFacts,
    hold,
    next_digest,
    next_overdue,
    plan_task,
    snoozed,
    working_days_before,
)
from bot.reminder_texts import SnoozeReminder, Subject, digest_text, reminder_text
from bot.runtime import Runtime
from bot.services import reminders
from bot.services.calendar import load as load_calendar
from bot.settings import Settings
from bot.texts import get_texts
from storage.database import Database
from storage.models import (
    Inspector,
    MemberStatus,
    OutboxMessage,
    Reminder,
    ResultStatus,
    ResultVersion,
    Task,
    TaskMember,
    TaskStatus,
)
from tests.reminders_data import open_tasks

TZ = ZoneInfo("Asia/Shanghai")
POLICY = Policy(tz=TZ)
CALENDAR = WorkCalendar()


def local(day: str, at: str = "09:00") -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(at), TZ)


def facts(**changes: object) -> TaskFacts:
    base: dict[str, object] = {
        "task_id": 7, "open_window": True, "live": True, "due_on": date(2026, 10, 10),
        "follow_up_due_on": None, "inspector_ids": (1, 2), "admin_chat_id": -100,
    }  # fmt: skip
    base.update(changes)
    return TaskFacts(**base)  # type: ignore[arg-type]


def times(planned: list[Planned], kind: ReminderKind, inspector: int | None = 1) -> list[str]:
    return sorted(
        p.due_at.astimezone(TZ).strftime("%m-%d %H:%M")
        for p in planned
        if p.kind is kind and p.inspector_id == inspector
    )


def test_window_reminders_follow_the_holiday_calendar() -> None:
    now = local("2026-09-15", "10:00").astimezone(UTC)
    planned = plan_task(POLICY, CALENDAR, facts(), now)
    # 3 working days before Saturday 10-10 (a make-up working day): 10-09, 10-08, then the
    # holiday, then 09-30.
    assert times(planned, ReminderKind.DUE_SOON) == ["09-30 09:00", "10-09 09:00"]
    assert times(planned, ReminderKind.DUE_TODAY) == ["10-10 09:00"]
    # Overdue: the next working day after Saturday is Monday (Sunday 10-11 is off); only the
    # first one is planned, the sweep plans each next one.
    assert times(planned, ReminderKind.OVERDUE) == ["10-12 09:00"]
    # Each member has their own, with keys that differ.
    assert times(planned, ReminderKind.DUE_SOON, 2) == times(planned, ReminderKind.DUE_SOON)
    assert len({p.key for p in planned}) == len(planned)
    # The same facts plan the same keys (scheduling again duplicates nothing).
    again = plan_task(POLICY, CALENDAR, facts(), now)
    assert [p.key for p in again] == [p.key for p in planned]


def test_make_up_sunday_and_holiday_counting() -> None:
    assert working_days_before(CALENDAR, date(2026, 9, 21), 1) == date(2026, 9, 20)
    assert working_days_before(CALENDAR, date(2026, 10, 8), 1) == date(2026, 9, 30)
    assert working_days_before(CALENDAR, date(2026, 9, 28), 1) == date(2026, 9, 24)


def test_quiet_hours_and_days_off_hold_a_reminder() -> None:
    kind = ReminderKind.DUE_SOON
    # 22:30 on a working day: to 08:00 the next working day.
    assert hold(POLICY, CALENDAR, local("2026-09-29", "22:30"), kind) == local(
        "2026-09-30", "08:00"
    )
    # 22:30 on the eve of the holiday: after the quiet hours it is a day off, so 10-08 08:00.
    assert hold(POLICY, CALENDAR, local("2026-09-30", "22:30"), kind) == local(
        "2026-10-08", "08:00"
    )
    # Early morning: until the quiet hours end.
    assert hold(POLICY, CALENDAR, local("2026-09-29", "06:00"), kind) == local(
        "2026-09-29", "08:00"
    )
    # A day off at 09:00: the next working day at 09:00 (Sunday 10-11 -> Monday 10-12).
    assert hold(POLICY, CALENDAR, local("2026-10-11"), kind) == local("2026-10-12")
    # Allowed times stay.
    assert hold(POLICY, CALENDAR, local("2026-10-10", "20:59"), kind) == local(
        "2026-10-10", "20:59"
    )


def test_escalations_may_go_anyway() -> None:
    anyway = Policy(tz=TZ, escalations_in_quiet_hours=True)
    late = local("2026-10-03", "23:00")
    assert hold(anyway, CALENDAR, late, ReminderKind.OVERDUE) == late
    assert hold(anyway, CALENDAR, late, ReminderKind.DUE_SOON) == local("2026-10-08", "08:00")
    # The digest then comes every day, holidays included.
    now = local("2026-10-02", "10:00").astimezone(UTC)
    assert next_digest(anyway, CALENDAR, -100, now).due_at == local("2026-10-03").astimezone(UTC)
    assert next_digest(POLICY, CALENDAR, -100, now).due_at == local("2026-10-08").astimezone(UTC)


def test_digest_once_a_working_day() -> None:
    before = next_digest(POLICY, CALENDAR, -100, local("2026-09-30", "08:59").astimezone(UTC))
    after = next_digest(POLICY, CALENDAR, -100, local("2026-09-30", "09:01").astimezone(UTC))
    assert before.due_at == local("2026-09-30").astimezone(UTC)
    assert after.due_at == local("2026-10-08").astimezone(UTC)
    assert before.key != after.key


def test_overdue_series_and_lookback() -> None:
    nxt = next_overdue(POLICY, CALENDAR, 7, 1, date(2026, 10, 10), date(2026, 10, 12))
    assert nxt.due_at == local("2026-10-13").astimezone(UTC)
    # Scheduled again long after: overdue reminders run up to the next one only, and the
    # earlier keys of the last days are there (a pending one is not cancelled).
    now = local("2026-10-20", "10:00").astimezone(UTC)
    planned = plan_task(POLICY, CALENDAR, facts(), now)
    overdue = [p for p in planned if p.kind is ReminderKind.OVERDUE and p.inspector_id == 1]
    assert overdue[-1].due_at == local("2026-10-21").astimezone(UTC)
    assert all(p.due_at <= now for p in overdue[:-1])


def test_finished_and_follow_up() -> None:
    now = local("2026-09-15", "10:00").astimezone(UTC)
    assert plan_task(POLICY, CALENDAR, facts(open_window=False), now) == []
    planned = plan_task(
        POLICY, CALENDAR, facts(open_window=False, follow_up_due_on=date(2026, 10, 9)), now
    )
    team = times(planned, ReminderKind.FOLLOW_UP)
    admins = times(planned, ReminderKind.FOLLOW_UP, None)
    assert team == admins == ["09-29 09:00", "10-08 09:00", "10-09 09:00"]
    assert {p.chat_id for p in planned if p.inspector_id is None} == {-100}
    assert plan_task(POLICY, CALENDAR, facts(live=False, open_window=False), now) == []


def test_snooze_times() -> None:
    kind = ReminderKind.DUE_SOON
    two_hours = snoozed(POLICY, CALENDAR, kind, local("2026-09-29", "09:00").astimezone(UTC), False)
    assert two_hours == local("2026-09-29", "11:00").astimezone(UTC)
    # 20:00 + 2 h is in the quiet hours: the next morning at 08:00.
    evening = snoozed(POLICY, CALENDAR, kind, local("2026-09-29", "20:00").astimezone(UTC), False)
    assert evening == local("2026-09-30", "08:00").astimezone(UTC)
    # Tomorrow 09:00 on the eve of the holiday: the first working day after it.
    tomorrow = snoozed(POLICY, CALENDAR, kind, local("2026-09-30", "09:05").astimezone(UTC), True)
    assert tomorrow == local("2026-10-08").astimezone(UTC)


def test_texts_and_buttons() -> None:
    texts = get_texts("zh-CN")
    subject = Subject("西平<县>企业", "西财双随机〔2026〕第001号", date(2026, 10, 10), 3, False)
    text = reminder_text(texts, ReminderKind.DUE_SOON, subject)
    assert "西平&lt;县&gt;企业" in text and "2026-10-10" in text and "<b>3</b>" in text
    assert "预估" in reminder_text(
        texts, ReminderKind.OVERDUE, Subject("a", "b", date(2027, 1, 5), 2, True)
    )
    data = SnoozeReminder(123456789, 3, 1)
    assert SnoozeReminder.unpack(data.pack()) == data
    assert digest_text(texts, date(2026, 10, 8), [], [], []) is None


# --- scheduling against the database ----------------------------------------------------------


async def _pending(db: Database) -> list[tuple[int | None, str]]:
    async with db.session() as session:
        rows = await session.execute(
            select(Reminder.inspector_id, Reminder.kind).where(
                Reminder.sent_at.is_(None),
                Reminder.cancelled_at.is_(None),
                Reminder.task_id.is_not(None),
            )
        )
        return sorted((i, k) for i, k in rows)


async def _schedule(db: Database, runtime: Runtime, task_id: int) -> None:
    async with db.session() as session, session.begin():
        await reminders.schedule_task(session, runtime, await load_calendar(session), task_id)


async def test_schedule_task_follows_status_and_team(db: Database, settings: Settings) -> None:
    (task_id,) = await open_tasks(db, 1, 3, date(2026, 10, 10))
    runtime = Runtime.create(settings, db)
    runtime.clock = lambda: local("2026-09-15", "10:00").astimezone(UTC)
    async with db.session() as session:
        ids = list(await session.scalars(select(Inspector.id).order_by(Inspector.id)))
    first, second, third = ids
    await _schedule(db, runtime, task_id)
    await _schedule(db, runtime, task_id)  # again: nothing doubles
    window = ["due_soon", "due_soon", "due_today", "overdue"]
    assert await _pending(db) == sorted((i, k) for i in (first, second) for k in window)
    async with db.session() as session:
        count = await session.scalar(select(func.count()).select_from(Reminder))
    assert count == 8

    # A recusal: the second member is replaced by the third.
    async with db.session() as session, session.begin():
        await session.execute(update(TaskMember).where(TaskMember.inspector_id == second)
                              .values(status=MemberStatus.RECUSED))  # fmt: skip
        session.add(TaskMember(task_id=task_id, inspector_id=third, status=MemberStatus.ASSIGNED))
    await _schedule(db, runtime, task_id)
    assert await _pending(db) == sorted((i, k) for i in (first, third) for k in window)

    # Submitted: none left; returned: the same reminders come back (no new rows).
    for status, expected in ((TaskStatus.SUBMITTED, 0), (TaskStatus.IN_PROGRESS, 8)):
        async with db.session() as session, session.begin():
            await session.execute(update(Task).where(Task.id == task_id).values(status=status))
        await _schedule(db, runtime, task_id)
        assert len(await _pending(db)) == expected
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Reminder)) == 12
        schedule = await reminders.task_schedule(session, runtime, task_id)
    assert {e.status for e in schedule} == {"pending", "cancelled"}
    assert schedule[0].at.tzinfo is not None and schedule[0].at.strftime("%H:%M") == "09:00"


async def test_digest_lists_overdue_and_publication_once_a_day(
    db: Database, settings: Settings
) -> None:
    tasks = await open_tasks(db, 5, 4, date(2026, 10, 10))
    overdue, soon, late, computed, published = tasks
    async with db.session() as session, session.begin():
        reviewed = {"status": TaskStatus.REVIEWED, "checked_on": date(2026, 9, 1)}
        # Due 10-14 (2 working days after 10-12): soon. Due 10-09: late (1 working day).
        await session.execute(update(Task).where(Task.id == soon)
                              .values(**reviewed, publish_due_on=date(2026, 10, 14)))  # fmt: skip
        await session.execute(update(Task).where(Task.id == late)
                              .values(**reviewed, publish_due_on=date(2026, 10, 9)))  # fmt: skip
        # No stored date: 20 working days after 09-01 is 09-29 (09-25 is a holiday): late.
        await session.execute(update(Task).where(Task.id == computed).values(**reviewed))
        await session.execute(update(Task).where(Task.id == published)
                              .values(status=TaskStatus.PUBLISHED))  # fmt: skip
        # Reviewed means an approved result (what a results notice would publish).
        for task_id in (soon, late, computed):
            team = select(TaskMember.inspector_id).where(TaskMember.task_id == task_id)
            member = await session.scalar(team.limit(1))
            assert member is not None
            session.add(ResultVersion(
                task_id=task_id, number=1, methods=["现场检查"], codes=["1"], findings="",
                follow_up="none", remarks="", submitted_by=member, status=ResultStatus.APPROVED,
            ))  # fmt: skip
    del overdue
    runtime = Runtime.create(settings, db)
    assert settings.admin_chat_id is not None
    for moment in (("2026-10-12", "08:00"), ("2026-10-12", "09:00:30"), ("2026-10-12", "09:05")):
        runtime.clock = lambda moment=moment: local(*moment).astimezone(UTC)  # type: ignore[misc]
        await reminders.sweep(runtime)
    async with db.session() as session:
        query = select(OutboxMessage.payload).where(OutboxMessage.chat_id == settings.admin_chat_id)
        texts = [payload["text"] for payload in await session.scalars(query)]
    assert len(texts) == 1
    digest = texts[0]
    assert "超期未提交结果</b>（1 项）" in digest  # the open task, overdue since 10-10
    assert "已超过公示期限</b>（2 项）" in digest and "2026-09-29" in digest
    assert "即将到公示期限</b>（1 项）" in digest and "还有 2 个工作日" in digest
    assert digest.count("西平县批量企业") == 4  # the published task is not there
