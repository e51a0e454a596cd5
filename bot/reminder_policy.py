"""When deadline reminders go out: pure (no Telegram, no database).

Given a task's deadlines, its team, the working-day calendar, the quiet hours and the current
moment, `plan_task` returns every reminder that applies, each with a stable key (what it is
about, for whom, the day it was planned for), so that scheduling again finds the same keys
and never duplicates one. Times are planned in local time (the bureau's zone) and returned
in UTC, the way they are stored.

Holding: a reminder that would fall in quiet hours waits until they end; one on a
non-working day waits for the next working day at the same time of day. Escalations (the
admin digest, overdue reminders) may be configured to go anyway.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.calendar import WorkCalendar

_DAY = timedelta(days=1)
#: How far back overdue reminders are planned when a long-overdue task is scheduled again
#: (only the next one is ever inserted; the earlier keys keep a pending one from being
#: cancelled while the sweep is about to send it).
OVERDUE_LOOKBACK_DAYS = 7
#: Snooze: "2 hours later".
SNOOZE_SHORT = timedelta(hours=2)


class ReminderKind(enum.StrEnum):
    DUE_SOON = "due_soon"  # n working days before the check window ends
    DUE_TODAY = "due_today"  # the window's last day
    OVERDUE = "overdue"  # every working day after it, until the result is submitted
    FOLLOW_UP = "follow_up"  # before and on a 责令改正 deadline (team and admin group)
    DIGEST = "digest"  # the admin group's daily digest

    @property
    def escalation(self) -> bool:
        return self in (ReminderKind.OVERDUE, ReminderKind.DIGEST)


@dataclass(frozen=True, slots=True)
class Policy:
    tz: ZoneInfo
    at: time = time(9, 0)
    days_before: tuple[int, ...] = (3, 1)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    escalations_in_quiet_hours: bool = False
    digest_at: time = time(9, 0)

    def in_quiet_hours(self, moment: time) -> bool:
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end


def hold(policy: Policy, calendar: WorkCalendar, local: datetime, kind: ReminderKind) -> datetime:
    """The first allowed local moment at or after `local` (aware, in policy.tz)."""
    if kind.escalation and policy.escalations_in_quiet_hours:
        return local
    moment = local
    if policy.in_quiet_hours(moment.time()):
        day = moment.date()
        if moment.time() >= policy.quiet_end:  # the quiet hours end tomorrow
            day += _DAY
        moment = datetime.combine(day, policy.quiet_end, policy.tz)
    if not calendar.is_working_day(moment.date()):
        day = calendar.next_working_day(moment.date())
        moment = datetime.combine(day, moment.time(), policy.tz)
    return moment


def _local(policy: Policy, day: date, at: time) -> datetime:
    return datetime.combine(day, at, policy.tz)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def working_days_before(calendar: WorkCalendar, deadline: date, n: int) -> date:
    """The n-th working day before `deadline`."""
    day = deadline
    for _ in range(n):
        day -= _DAY
        for _ in range(31):
            if calendar.is_working_day(day):
                break
            day -= _DAY
    return day


def next_working_day_after(calendar: WorkCalendar, day: date) -> date:
    return calendar.next_working_day(day + _DAY)


@dataclass(frozen=True, slots=True)
class Planned:
    key: str
    kind: ReminderKind
    task_id: int | None
    inspector_id: int | None
    chat_id: int | None
    about_on: date
    due_at: datetime  # UTC


def _key(task_id: int | None, who: str, kind: ReminderKind, day: date) -> str:
    return f"t{task_id}:{who}:{kind.value}:{day.isoformat()}"


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What the policy needs of a task: its state and deadlines, and who is reminded."""

    task_id: int
    #: The result is not submitted yet (task assigned / in progress): window reminders apply.
    open_window: bool
    #: The task is neither cancelled nor published: follow-up reminders apply.
    live: bool
    due_on: date | None
    follow_up_due_on: date | None
    inspector_ids: Sequence[int]
    admin_chat_id: int | None


def plan_task(
    policy: Policy, calendar: WorkCalendar, facts: TaskFacts, now: datetime
) -> list[Planned]:
    """Every reminder that applies to the task now. Past ones are included (their keys keep
    a pending one alive until the sweep sends it); overdue reminders run up to the first one
    after `now` only, since the sweep plans each next one as it sends the last."""
    planned: list[Planned] = []

    def add(kind: ReminderKind, day: date, about: date, who: str, inspector: int | None,
            chat: int | None, at: time) -> None:  # fmt: skip
        due = _utc(hold(policy, calendar, _local(policy, day, at), kind))
        planned.append(Planned(_key(facts.task_id, who, kind, day), kind, facts.task_id,
                               inspector, chat, about, due))  # fmt: skip

    team = [(f"i{i}", i) for i in facts.inspector_ids]
    if facts.open_window and facts.due_on is not None:
        due_on = facts.due_on
        for n in policy.days_before:
            day = working_days_before(calendar, due_on, n)
            for who, inspector in team:
                add(ReminderKind.DUE_SOON, day, due_on, who, inspector, None, policy.at)
        for who, inspector in team:
            add(ReminderKind.DUE_TODAY, due_on, due_on, who, inspector, None, policy.at)
        local_today = now.astimezone(policy.tz).date()
        start = max(due_on, local_today - OVERDUE_LOOKBACK_DAYS * _DAY)
        day = next_working_day_after(calendar, start)
        for _ in range(OVERDUE_LOOKBACK_DAYS + 31 if team else 0):
            for who, inspector in team:
                add(ReminderKind.OVERDUE, day, due_on, who, inspector, None, policy.at)
            if planned[-1].due_at > now:
                break
            day = next_working_day_after(calendar, day)
    if facts.live and facts.follow_up_due_on is not None:
        follow = facts.follow_up_due_on
        recipients: list[tuple[str, int | None, int | None]] = [(w, i, None) for w, i in team]
        if facts.admin_chat_id is not None:
            recipients.append(("admins", None, facts.admin_chat_id))
        days = [working_days_before(calendar, follow, n) for n in policy.days_before] + [follow]
        for day in days:
            for who, recipient, chat in recipients:
                add(ReminderKind.FOLLOW_UP, day, follow, who, recipient, chat, policy.at)
    return planned


def next_overdue(
    policy: Policy, calendar: WorkCalendar, task_id: int, inspector_id: int, due_on: date,
    after: date,
) -> Planned:  # fmt: skip
    """The overdue reminder of the working day after `after` (the day of the one just sent)."""
    day = next_working_day_after(calendar, after)
    due = _utc(hold(policy, calendar, _local(policy, day, policy.at), ReminderKind.OVERDUE))
    return Planned(_key(task_id, f"i{inspector_id}", ReminderKind.OVERDUE, day),
                   ReminderKind.OVERDUE, task_id, inspector_id, None, due_on, due)  # fmt: skip


def next_digest(policy: Policy, calendar: WorkCalendar, chat_id: int, now: datetime) -> Planned:
    """The admin group's next daily digest at or after `now`: working days only, unless
    escalations go anyway (then every day)."""
    day = now.astimezone(policy.tz).date()
    for _ in range(40):
        every_day = policy.escalations_in_quiet_hours
        if every_day or calendar.is_working_day(day):
            local = hold(policy, calendar, _local(policy, day, policy.digest_at),
                         ReminderKind.DIGEST)  # fmt: skip
            if _utc(local) >= now and local.date() == day:
                return Planned(_key(None, "admins", ReminderKind.DIGEST, day),
                               ReminderKind.DIGEST, None, None, chat_id, day,
                               _utc(local))  # fmt: skip
        day += _DAY
    raise ValueError("no digest day within 40 days")


def snoozed(
    policy: Policy, calendar: WorkCalendar, kind: ReminderKind, now: datetime, tomorrow: bool
) -> datetime:
    """When a snoozed reminder comes back (UTC): in 2 hours, or tomorrow at the reminder
    time; held like any other."""
    local = now.astimezone(policy.tz)
    later = local + SNOOZE_SHORT
    wanted = _local(policy, local.date() + _DAY, policy.at) if tomorrow else later
    return _utc(hold(policy, calendar, wanted, kind))
