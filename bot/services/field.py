"""The inspector's working day, Telegram-free: the task list (/tasks), the task card, the
current task (开始检查) and check-ins (签到).

For the other field features (evidence, findings):

- `current_task(session, inspector_id)` and `open_tasks(session, inspector_id)` give
  `TaskRef`s, each in its own read-only transaction; `current_task_in` / `open_tasks_in` do
  the same inside the caller's transaction.
- `start_task(session, inspector_id, task_id)` makes a task current (refused unless the
  inspector is an active member who accepted it and the task is open).
- The task card's buttons come from `bot.task_cards.next_steps`; the grouping of /tasks from
  `group_of` here. Both are the one place to extend.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import Countdown, WorkCalendar
from bot.callbacks import CallbackData
from bot.notices import CardView
from bot.refusals import Refusal
from bot.services import audit, flows, results
from bot.services import calendar as calendar_service
from bot.services.assignments import card_of
from bot.texts import Texts
from storage.database import read_only
from storage.models import Checkin, Draw, DrawStatus, MemberStatus, TaskStatus
from storage.repositories.field import ACTIVE, FieldRepository, ItemDetails, MemberTask
from storage.types import utcnow

#: A location older than this when it arrives is no check-in (sent earlier, or queued).
MAX_LOCATION_AGE = timedelta(minutes=5)
#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
#: Task states where the team's work is over (nothing more goes to the task).
FINISHED = (TaskStatus.CONFIRMED, TaskStatus.REVIEWED, TaskStatus.PUBLISHED)


class Group(enum.StrEnum):
    """How /tasks groups an inspector's tasks, in this order (texts: task_groups)."""

    TO_ACCEPT = "to_accept"  # 待接受
    TO_DO = "to_do"  # 待检查
    WAITING = "waiting"  # 等待同组确认
    RETURNED = "returned"  # 已退回
    DONE = "done"  # 已完成


def group_of(member: MemberStatus, task: TaskStatus, returned: bool = False) -> Group | None:
    """The group of a task in /tasks; None: not listed. The one place that maps states
    (`returned`: its result was sent back to the team)."""
    if member not in ACTIVE or task is TaskStatus.CANCELLED:
        return None
    if task in FINISHED:
        return Group.DONE
    if task is TaskStatus.SUBMITTED:
        return Group.WAITING
    if returned:
        return Group.RETURNED
    if member is MemberStatus.ASSIGNED:
        return Group.TO_ACCEPT
    return Group.TO_DO


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task as other features name it: "<target> (<draw code> no. <number>)"."""

    task_id: int
    draw_code: str
    number: int  # position in the draw's order, from 1
    target_name: str


def _ref(row: MemberTask) -> TaskRef:
    return TaskRef(row.task.id, row.draw_code, row.number, row.target_name)


def _open(row: MemberTask) -> bool:
    return (
        row.member.status in ACTIVE
        and row.draw_status is DrawStatus.LOCKED
        and row.task.status is not TaskStatus.CANCELLED
        and row.task.status not in FINISHED
    )


# --- the current task and the open tasks -----------------------------------------------------


async def open_tasks_in(session: AsyncSession, inspector_id: int) -> list[TaskRef]:
    """`open_tasks` in the caller's transaction."""
    rows = await FieldRepository(session).tasks_of(inspector_id)
    return [_ref(row) for row in rows if _open(row)]


async def open_tasks(session: AsyncSession, inspector_id: int) -> list[TaskRef]:
    """Tasks of locked draws where the inspector is an active member (not recused or
    replaced) and the task is neither cancelled nor finished, by deadline."""
    async with read_only(session):
        return await open_tasks_in(session, inspector_id)


async def current_task_in(session: AsyncSession, inspector_id: int) -> TaskRef | None:
    """`current_task` in the caller's transaction."""
    repo = FieldRepository(session)
    inspector = await repo.inspector(inspector_id)
    if inspector is None or inspector.current_task_id is None:
        return None
    row = await repo.member_task(inspector_id, inspector.current_task_id)
    # A task that closed since (recused, cancelled, finished) is current no more.
    return _ref(row) if row is not None and _open(row) else None


async def current_task(session: AsyncSession, inspector_id: int) -> TaskRef | None:
    """The task 开始检查 made current, while it is still open for the inspector."""
    async with read_only(session):
        return await current_task_in(session, inspector_id)


async def _open_member_task(repo: FieldRepository, inspector_id: int, task_id: int) -> MemberTask:
    row = await repo.member_task(inspector_id, task_id)
    if row is None:
        raise Refusal(lambda t: t.card_not_yours)
    if not _open(row):
        raise Refusal(lambda t: t.task_closed)
    return row


async def start_task(
    session: AsyncSession, inspector_id: int, task_id: int, *, actor: int | None = None
) -> TaskRef:
    """开始检查: the task becomes the inspector's current one (and in progress). Refused for
    a task they are not an active member of, have not accepted, or that is closed."""
    async with session.begin():
        repo = FieldRepository(session)
        row = await _open_member_task(repo, inspector_id, task_id)
        if row.member.status is not MemberStatus.ACCEPTED:
            raise Refusal(lambda t: t.task_not_accepted)
        inspector = await repo.inspector(inspector_id, for_update=True)
        assert inspector is not None
        if inspector.current_task_id != task_id:
            inspector.current_task_id = task_id
            await audit.record(session, actor, "start_task", entity="task",
                               entity_id=str(task_id),
                               details={"certificate": inspector.certificate_no})  # fmt: skip
        if row.task.status is TaskStatus.ASSIGNED:
            row.task.status = TaskStatus.IN_PROGRESS
        await repo.flush()
        return _ref(row)


# --- /tasks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskEntry:
    ref: TaskRef
    group: Group
    due_on: date | None
    #: Working days to `due_on` from the `today` the list was asked for.
    countdown: Countdown | None = None


def _countdown(
    calendar: WorkCalendar | None, today: date | None, due: date | None
) -> Countdown | None:
    if calendar is None or today is None or due is None:
        return None
    return calendar.countdown(today, due)


async def task_list(
    session: AsyncSession, inspector_id: int, today: date | None = None
) -> list[TaskEntry]:
    """The inspector's tasks by group (Group's order), each group by deadline; with `today`,
    each with its countdown in working days."""
    async with read_only(session):
        repo = FieldRepository(session)
        rows = await repo.tasks_of(inspector_id)
        returned = await repo.returned([row.task.id for row in rows])
        calendar = await calendar_service.load(session) if today is not None else None
    entries: list[TaskEntry] = []
    for row in rows:
        if row.draw_status is not DrawStatus.LOCKED:
            continue
        group = group_of(row.member.status, row.task.status, row.task.id in returned)
        if group is not None:
            due = row.task.due_on
            entries.append(TaskEntry(_ref(row), group, due, _countdown(calendar, today, due)))
    order = list(Group)
    entries.sort(key=lambda e: order.index(e.group))  # stable: by deadline within a group
    return entries


# --- the task card -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckinSummary:
    name: str
    at: datetime
    distance_m: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskCard:
    """What the task card shows (bot.task_cards renders it)."""

    card: CardView  # target, items, window, team, the member's own state
    ref: TaskRef
    group: Group | None  # None: closed for this member
    due_on: date | None
    items: tuple[ItemDetails, ...]
    checkin: CheckinSummary | None
    evidence: Mapping[str, int]  # count by EvidenceKind value
    current: bool  # the inspector's current task
    task_status: TaskStatus
    #: Findings' own next steps (录入检查结果, 查看结果, 更正…) as (label, callback data).
    findings: tuple[tuple[str, CallbackData], ...] = ()
    #: Working days to `due_on` from the `today` the card was asked for.
    countdown: Countdown | None = None


async def task_card(
    session: AsyncSession,
    inspector_id: int,
    task_id: int,
    texts: Texts | None = None,
    today: date | None = None,
) -> TaskCard:
    """The card of one of the inspector's tasks (a member who left it sees it as closed);
    with `today`, the deadline's countdown in working days."""
    async with read_only(session):
        repo = FieldRepository(session)
        row = await repo.member_task(inspector_id, task_id)
        if row is None:
            raise Refusal(lambda t: t.card_not_yours)
        draw = await session.get(Draw, row.task.draw_id)
        inspector = await repo.inspector(inspector_id)
        assert draw is not None and inspector is not None
        card = await card_of(session, row.member, draw)
        latest = await repo.latest_checkin(task_id)
        checkin = None
        if latest is not None:
            c, name = latest
            checkin = CheckinSummary(name, c.located_at, c.distance_m, tuple(c.flags or ()))
        locked = row.draw_status is DrawStatus.LOCKED
        returned = task_id in await repo.returned([task_id])
        group = group_of(row.member.status, row.task.status, returned) if locked else None
        findings: tuple[tuple[str, CallbackData], ...] = ()
        started = row.task.status is not TaskStatus.ASSIGNED  # 开始检查 was pressed
        if texts is not None and group is not None and started:
            findings = tuple(await results.card_buttons(session, texts, task_id, inspector))
        calendar = await calendar_service.load(session) if today is not None else None
        due = row.task.due_on
        return TaskCard(
            card, _ref(row), group, due, tuple(await repo.items(draw.id)), checkin,
            await repo.evidence_counts(task_id),
            inspector.current_task_id == task_id and _open(row), row.task.status, findings,
            _countdown(calendar, today, due),
        )  # fmt: skip


# --- check-in ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fix:
    """A location as it arrived."""

    latitude: float
    longitude: float
    accuracy: float | None  # metres
    located_at: datetime  # the message's date (UTC)
    forwarded: bool = False


@dataclass(frozen=True, slots=True)
class Limits:
    max_distance_m: float
    max_accuracy_m: float


class Unusable(enum.StrEnum):
    FORWARDED = "forwarded"
    OLD = "old"


def unusable(fix: Fix, now: datetime) -> Unusable | None:
    """Why a location cannot count as a check-in (None: it can)."""
    if fix.forwarded:
        return Unusable.FORWARDED
    if now - fix.located_at > MAX_LOCATION_AGE:
        return Unusable.OLD
    return None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def flags_of(distance: float | None, accuracy: float | None, limits: Limits) -> list[str]:
    flags: list[str] = []
    if distance is not None and distance > limits.max_distance_m:
        flags.append("far")
    if accuracy is not None and accuracy > limits.max_accuracy_m:
        flags.append("inaccurate")
    return flags


@dataclass(frozen=True, slots=True)
class CheckedIn:
    ref: TaskRef
    fix: Fix
    distance_m: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChooseTask:
    """No current task: which of these is the location for (buttons carry `version`)."""

    tasks: tuple[TaskRef, ...]
    version: int


def _fix_data(fix: Fix) -> dict[str, Any]:
    return {"latitude": fix.latitude, "longitude": fix.longitude, "accuracy": fix.accuracy,
            "located_at": fix.located_at.isoformat()}  # fmt: skip


def _fix_from(data: Mapping[str, Any]) -> Fix:
    accuracy = data.get("accuracy")
    return Fix(float(data["latitude"]), float(data["longitude"]),
               None if accuracy is None else float(accuracy),
               datetime.fromisoformat(str(data["located_at"])))  # fmt: skip


async def _store(
    session: AsyncSession, repo: FieldRepository, inspector_id: int, row: MemberTask, fix: Fix,
    limits: Limits, actor: int | None,
) -> CheckedIn:  # fmt: skip
    target = await repo.target(row.task.target_id)
    assert target is not None
    distance = None
    if target.latitude is not None and target.longitude is not None:
        distance = distance_m(fix.latitude, fix.longitude, target.latitude, target.longitude)
    flags = flags_of(distance, fix.accuracy, limits)
    checkin = Checkin(task_id=row.task.id, inspector_id=inspector_id, latitude=fix.latitude,
                      longitude=fix.longitude, horizontal_accuracy=fix.accuracy,
                      located_at=fix.located_at, received_at=utcnow(), distance_m=distance,
                      flags=flags)  # fmt: skip
    repo.add(checkin)
    if row.task.checkin_at is None:
        # The task keeps its first check-in: an approved result dates the inspection by it.
        task = row.task
        task.checkin_latitude, task.checkin_longitude = fix.latitude, fix.longitude
        task.checkin_at = fix.located_at
    await repo.flush()
    await audit.record(session, actor, "checkin", entity="checkin", entity_id=str(checkin.id),
                       details={"task": row.task.id, "latitude": fix.latitude,
                                "longitude": fix.longitude, "accuracy": fix.accuracy,
                                "distance_m": distance, "flags": flags})  # fmt: skip
    return CheckedIn(_ref(row), fix, distance, tuple(flags))


async def check_in(
    session: AsyncSession, inspector_id: int, fix: Fix, limits: Limits, *, chat_id: int,
    user_id: int,
) -> CheckedIn | ChooseTask:  # fmt: skip
    """A location from the inspector's private chat (already found usable): a check-in for
    the current task; with none, the open tasks to choose from (the location waits in the
    conversation), or a refusal when there are none."""
    async with session.begin():
        repo = FieldRepository(session)
        current = await current_task_in(session, inspector_id)
        if current is not None:
            row = await repo.member_task(inspector_id, current.task_id)
            assert row is not None
            return await _store(session, repo, inspector_id, row, fix, limits, user_id)
        tasks = await open_tasks_in(session, inspector_id)
        if not tasks:
            raise Refusal(lambda t: t.checkin_no_task)
        state = await flows.start(session, flows.CHECKIN, chat_id, user_id,
                                  flows.CheckinStep.TASK, _fix_data(fix))  # fmt: skip
        return ChooseTask(tuple(tasks), state.version)


async def check_in_for(
    session: AsyncSession, inspector_id: int, task_id: int, version: int, limits: Limits, *,
    chat_id: int, user_id: int,
) -> CheckedIn:  # fmt: skip
    """The task chosen for a waiting location (once: the question ends)."""
    async with session.begin():
        state = await flows.expect(session, flows.CHECKIN, chat_id, user_id, version)
        repo = FieldRepository(session)
        row = await _open_member_task(repo, inspector_id, task_id)
        await flows.finish(session, state)
        return await _store(session, repo, inspector_id, row, _fix_from(state.data), limits,
                            user_id)  # fmt: skip
