"""The inspector's tasks without Telegram: open and current tasks, 开始检查, the grouping of
/tasks, the task card, and check-ins (distance, flags, forwarded and old locations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from bot.refusals import Refusal
from bot.services import assignments, field
from bot.task_cards import next_steps, task_card_text, tasks_page
from bot.texts import get_texts
from storage.database import Database
from storage.models import (
    AuditEntry,
    Checkin,
    Inspector,
    MemberStatus,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)
from storage.types import utcnow
from tests.assignments_data import Person, lock, members, seed

PEOPLE = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
    Person("赵敏", "41172120200004", "监督检查股", 5004, "13900000004"),
]
TEXTS = get_texts("zh-CN")
LIMITS = field.Limits(max_distance_m=1000, max_accuracy_m=100)


async def _drawn(db: Database) -> tuple[int, list[tuple[TaskMember, Inspector, Task]]]:
    """A locked draw of 4 targets; the inspector with the most tasks and every member row."""
    await seed(db, PEOPLE, targets=8)
    await lock(db, 4)
    rows = await members(db)
    counts: dict[int, int] = {}
    for _m, inspector, _t in rows:
        counts[inspector.id] = counts.get(inspector.id, 0) + 1
    return max(counts, key=lambda i: (counts[i], -i)), rows


async def _accept(db: Database, member: TaskMember, user_id: int) -> None:
    async with db.session() as session:
        await assignments.accept(session, member.id, user_id)


def _refusal(error: pytest.ExceptionInfo[Refusal]) -> str:
    return error.value.text(TEXTS)


async def test_open_tasks_start_and_current(db: Database) -> None:
    inspector_id, rows = await _drawn(db)
    mine = [(m, i, t) for m, i, t in rows if i.id == inspector_id]
    other = next(t for m, i, t in rows if all(t.id != x.id for _m, _i, x in mine))
    async with db.session() as session:
        opened = await field.open_tasks(session, inspector_id)
        assert {r.task_id for r in opened} == {t.id for _m, _i, t in mine}
        assert await field.current_task(session, inspector_id) is None
        first = mine[0]
        # Not accepted yet, someone else's, unknown: refused, nothing changes.
        with pytest.raises(Refusal) as refused:
            await field.start_task(session, inspector_id, first[2].id)
        assert "请先点「接受」" in _refusal(refused)
        with pytest.raises(Refusal) as refused:
            await field.start_task(session, inspector_id, other.id)
        assert "不是您的" in _refusal(refused)
    await _accept(db, first[0], first[1].telegram_user_id or 0)
    async with db.session() as session:
        ref = await field.start_task(session, inspector_id, first[2].id, actor=5001)
        assert ref.task_id == first[2].id and ref.draw_code.startswith("西财双随机")
        assert await field.current_task(session, inspector_id) == ref
        async with session.begin():
            assert (await session.get(Task, first[2].id)).status is TaskStatus.IN_PROGRESS  # type: ignore[union-attr]
            starts = await session.scalar(select(func.count()).select_from(AuditEntry)
                                          .where(AuditEntry.action == "start_task"))  # fmt: skip
        assert starts == 1
        # Cancelled: no longer current, no longer open, cannot be started.
        async with session.begin():
            await session.execute(update(Task).where(Task.id == first[2].id)
                                  .values(status=TaskStatus.CANCELLED))  # fmt: skip
        assert await field.current_task(session, inspector_id) is None
        assert first[2].id not in {r.task_id for r in await field.open_tasks(session, inspector_id)}
        with pytest.raises(Refusal) as refused:
            await field.start_task(session, inspector_id, first[2].id)
        assert "已结束" in _refusal(refused)


async def test_numbers_follow_the_draw_order(db: Database) -> None:
    await seed(db, PEOPLE, targets=8)
    locked = await lock(db, 4)
    rows = await members(db)
    async with db.session() as session:
        refs = {r.task_id: r for _m, i, _t in rows for r in await field.open_tasks(session, i.id)}
        usccs = {t.id: (await session.get(Target, t.target_id)).uscc for _m, _i, t in rows}  # type: ignore[union-attr]
    order = [t.uscc for t in locked.record.sample]
    for task_id, ref in refs.items():
        assert ref.number == order.index(usccs[task_id]) + 1


async def test_tasks_are_grouped_by_state(db: Database) -> None:
    inspector_id, rows = await _drawn(db)
    mine = [(m, t) for m, i, t in rows if i.id == inspector_id]
    assert len(mine) >= 2
    (m0, t0), (m1, t1) = mine[0], mine[1]
    async with db.session() as session, session.begin():
        await session.execute(update(TaskMember).where(TaskMember.id == m0.id)
                              .values(status=MemberStatus.ACCEPTED))  # fmt: skip
    async with db.session() as session:
        entries = await field.task_list(session, inspector_id)
        groups = {e.ref.task_id: e.group for e in entries}
        assert groups[t0.id] is field.Group.TO_DO and groups[t1.id] is field.Group.TO_ACCEPT
        assert [e.group for e in entries] == sorted((e.group for e in entries),
                                                    key=list(field.Group).index)  # fmt: skip
        page = tasks_page(TEXTS, entries, 0)
        assert "待检查" in page.text and "待接受" in page.text
        assert len(page.buttons) == len(entries)
    for status, group in ((TaskStatus.SUBMITTED, field.Group.WAITING),
                          (TaskStatus.CONFIRMED, field.Group.DONE),
                          (TaskStatus.CANCELLED, None)):  # fmt: skip
        async with db.session() as session, session.begin():
            await session.execute(update(Task).where(Task.id == t0.id).values(status=status))
        async with db.session() as session:
            groups = {e.ref.task_id: e.group for e in await field.task_list(session, inspector_id)}
        assert groups.get(t0.id) is group
    # A recused member no longer sees the task.
    async with db.session() as session, session.begin():
        await session.execute(update(TaskMember).where(TaskMember.id == m1.id)
                              .values(status=MemberStatus.RECUSED))  # fmt: skip
    async with db.session() as session:
        assert t1.id not in {e.ref.task_id for e in await field.task_list(session, inspector_id)}
        with pytest.raises(Refusal):
            await field.start_task(session, inspector_id, t1.id)


def test_paging_of_many_tasks() -> None:
    entries = [field.TaskEntry(field.TaskRef(n, "码", n, f"企业{n}"), field.Group.TO_DO, None)
               for n in range(1, 20)]  # fmt: skip
    first = tasks_page(TEXTS, entries, 0)
    assert [b.text for b in first.buttons[-1]] == [TEXTS.page_next]
    last = tasks_page(TEXTS, entries, 2)
    assert len(last.buttons) == 3 + 1 and [b.text for b in last.buttons[-1]] == [TEXTS.page_prev]
    assert tasks_page(TEXTS, [], 0).text == TEXTS.tasks_none


def test_distance_flags_and_unusable_locations() -> None:
    # One degree of latitude is about 111.2 km.
    assert field.distance_m(33.0, 114.0, 34.0, 114.0) == pytest.approx(111_195, rel=1e-3)
    assert field.distance_m(33.0, 114.0, 33.0, 114.0) == 0
    assert field.flags_of(1200, 20, LIMITS) == ["far"]
    assert field.flags_of(50, 150, LIMITS) == ["inaccurate"]
    assert field.flags_of(None, None, LIMITS) == []
    now = utcnow()
    fresh = field.Fix(33.0, 114.0, 10, now - timedelta(seconds=30))
    assert field.unusable(fresh, now) is None
    old = field.Fix(33.0, 114.0, 10, now - timedelta(minutes=10))
    assert field.unusable(old, now) is field.Unusable.OLD
    forwarded = field.Fix(33.0, 114.0, 10, now, forwarded=True)
    assert field.unusable(forwarded, now) is field.Unusable.FORWARDED


async def test_check_in_with_and_without_a_current_task(db: Database) -> None:
    inspector_id, rows = await _drawn(db)
    mine = [(m, i, t) for m, i, t in rows if i.id == inspector_id]
    member, inspector, task = mine[0]
    user_id = inspector.telegram_user_id or 0
    async with db.session() as session, session.begin():
        await session.execute(update(Target).where(Target.id == task.target_id)
                              .values(latitude=33.38, longitude=114.02))  # fmt: skip
    fix = field.Fix(33.39, 114.02, 150, utcnow())
    async with db.session() as session:
        # No current task: the open tasks to choose from; the location waits.
        asked = await field.check_in(session, inspector_id, fix, LIMITS, chat_id=user_id,
                                     user_id=user_id)  # fmt: skip
        assert isinstance(asked, field.ChooseTask)
        assert {r.task_id for r in asked.tasks} == {t.id for _m, _i, t in mine}
        done = await field.check_in_for(session, inspector_id, task.id, asked.version, LIMITS,
                                        chat_id=user_id, user_id=user_id)  # fmt: skip
        assert done.distance_m == pytest.approx(1112, rel=1e-2)
        assert done.flags == ("far", "inaccurate")
        with pytest.raises(Refusal):  # the question was answered: a second press is stale
            await field.check_in_for(session, inspector_id, task.id, asked.version, LIMITS,
                                     chat_id=user_id, user_id=user_id)  # fmt: skip
    await _accept(db, member, user_id)
    async with db.session() as session:
        await field.start_task(session, inspector_id, task.id)
        near = field.Fix(33.3805, 114.02, None, utcnow())
        near_done = await field.check_in(session, inspector_id, near, LIMITS, chat_id=user_id,
                                         user_id=user_id)  # fmt: skip
        assert isinstance(near_done, field.CheckedIn) and near_done.flags == ()
        assert near_done.distance_m == pytest.approx(55.6, rel=1e-2)
        view = await field.task_card(session, inspector_id, task.id)
        assert view.current and view.checkin is not None and view.group is field.Group.TO_DO
        text = task_card_text(TEXTS, view, accepted_at="2026-12-01 09:00",
                              checkin_at="2026-12-02 10:00")  # fmt: skip
        assert "距检查对象约 56 米" in text
        assert "当前的任务" in text
        assert "已接受" in text
        steps = [b.text for row in next_steps(TEXTS, view) for b in row]
        assert steps == [TEXTS.button_checkin, TEXTS.button_record]
        async with session.begin():
            stored = list(await session.scalars(select(Checkin).order_by(Checkin.id)))
            audited = await session.scalar(select(func.count()).select_from(AuditEntry)
                                           .where(AuditEntry.action == "checkin"))  # fmt: skip
    assert len(stored) == 2 and audited == 2
    assert stored[0].flags == ["far", "inaccurate"] and stored[0].horizontal_accuracy == 150
    assert stored[1].horizontal_accuracy is None and stored[1].task_id == task.id


async def test_no_open_task_means_no_check_in(db: Database) -> None:
    await seed(db, PEOPLE, targets=8)
    async with db.session() as session:
        async with session.begin():
            inspector = (await session.scalars(select(Inspector))).first()
        assert inspector is not None
        with pytest.raises(Refusal) as refused:
            await field.check_in(session, inspector.id, field.Fix(33.0, 114.0, 5, utcnow()),
                                 LIMITS, chat_id=5001, user_id=5001)  # fmt: skip
    assert "没有进行中的检查任务" in _refusal(refused)
    async with db.session() as session, session.begin():
        assert await session.scalar(select(func.count()).select_from(Checkin)) == 0


def test_a_returned_result_groups_its_task_as_returned() -> None:
    accepted, working = MemberStatus.ACCEPTED, TaskStatus.IN_PROGRESS
    assert field.group_of(accepted, working, returned=True) is field.Group.RETURNED
    assert field.group_of(accepted, working) is field.Group.TO_DO
    assert field.group_of(accepted, TaskStatus.SUBMITTED, returned=True) is field.Group.WAITING
    assert field.group_of(MemberStatus.RECUSED, working, returned=True) is None
