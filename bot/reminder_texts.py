"""Reminder messages, the admin digest and /reminders, rendered (no Telegram here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from bot.callbacks import CallbackData
from bot.outbox import Button
from bot.reminder_policy import ReminderKind
from bot.texts import Texts, echo

#: Lines per section of the digest (the message stays well under Telegram's 4,096).
DIGEST_LINES = 25


@dataclass(frozen=True, slots=True)
class SnoozeReminder(CallbackData, prefix="rmsnz"):
    """稍后提醒 on a reminder: `round` is how often it was snoozed when this copy was sent
    (a second press on the same copy changes nothing); `tomorrow`: 1 for 明天 09:00."""

    reminder: int
    round: int
    tomorrow: int


@dataclass(frozen=True, slots=True)
class Subject:
    target: str
    code: str
    due: date
    days: int  # working days left (the deadline's own day: 0), or overdue (positive)
    estimated: bool


def reminder_text(texts: Texts, kind: ReminderKind, subject: Subject) -> str:
    template = {
        ReminderKind.DUE_SOON: texts.reminder_due_soon,
        ReminderKind.DUE_TODAY: texts.reminder_due_today,
        ReminderKind.OVERDUE: texts.reminder_overdue,
        ReminderKind.FOLLOW_UP: (
            texts.reminder_follow_up if subject.days > 0 else texts.reminder_follow_up_today
        ),
    }[kind]
    return template.format(
        target=echo(subject.target), code=echo(subject.code), due=subject.due.isoformat(),
        days=subject.days, estimated=texts.reminder_estimated if subject.estimated else "",
    )  # fmt: skip


def reminder_buttons(
    texts: Texts, reminder_id: int, task_id: int | None, snoozes: int, at: time
) -> list[list[Button]]:
    """Open the task (the task card of /tasks) and the two snoozes (`at`: the reminder time,
    when 明天 brings it back)."""
    # Imported here: bot.task_cards renders with the field service, which imports the
    # assignment service, which schedules reminders (a cycle at import time).
    from bot.task_cards import OpenTask

    rows: list[list[Button]] = []
    if task_id is not None:
        rows.append([Button(texts.reminder_button_open, OpenTask(task_id).pack())])
    rows.append([
        Button(texts.reminder_button_snooze_short, SnoozeReminder(reminder_id, snoozes, 0).pack()),
        Button(texts.reminder_button_snooze_tomorrow.format(time=at.strftime("%H:%M")),
               SnoozeReminder(reminder_id, snoozes, 1).pack()),
    ])  # fmt: skip
    return rows


@dataclass(frozen=True, slots=True)
class DigestLine:
    target: str
    code: str
    due: date
    days: int  # overdue / late: positive working days; due soon: days left
    estimated: bool


def _section(texts: Texts, header: str, line: str, entries: Sequence[DigestLine]) -> list[str]:
    if not entries:
        return []
    lines = ["", header.format(count=len(entries))]
    for entry in entries[:DIGEST_LINES]:
        lines.append(line.format(
            target=echo(entry.target), code=echo(entry.code), due=entry.due.isoformat(),
            days=entry.days, estimated=texts.reminder_estimated if entry.estimated else "",
        ))  # fmt: skip
    if len(entries) > DIGEST_LINES:
        lines.append(texts.digest_more.format(count=len(entries) - DIGEST_LINES))
    return lines


def digest_text(
    texts: Texts,
    day: date,
    overdue: Sequence[DigestLine],
    soon: Sequence[DigestLine],
    late: Sequence[DigestLine],
    *,
    head: tuple[int, str | None] | None = None,
) -> str | None:
    """The admin group's daily digest; None when there is nothing to report. `head`: the
    audit log's entry count and last hash, written down in the group every time a digest
    goes out, so that a later rewrite of the whole chain cannot match what the group saw."""
    if not (overdue or soon or late):
        return None
    lines = [texts.digest_title.format(day=day.isoformat())]
    lines += _section(texts, texts.digest_overdue_header, texts.digest_overdue_line, overdue)
    lines += _section(texts, texts.digest_late_header, texts.digest_late_line, late)
    lines += _section(texts, texts.digest_publish_header, texts.digest_publish_line, soon)
    if head is not None and head[1] is not None:
        lines += ["", texts.digest_audit_head.format(head=echo(head[1][:16]), count=head[0])]
    return "\n".join(lines)


ReminderState = Literal["pending", "sent", "cancelled"]


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    """One reminder of a task as /reminders and the admin's task card show it."""

    at: datetime  # local
    kind: ReminderKind
    recipient: str | None  # the inspector's name; None: the admin group
    status: ReminderState
    task_id: int | None
    target: str
    code: str


def reminders_list(texts: Texts, entries: Sequence[ScheduleEntry]) -> str:
    """/reminders: an inspector's pending reminders, per task, in local time."""
    if not entries:
        return texts.reminders_none
    lines = [texts.reminders_title.format(count=len(entries))]
    last: int | None = -1
    for entry in entries:
        if entry.task_id != last:
            lines += ["", texts.reminders_task_header.format(target=echo(entry.target),
                                                             code=echo(entry.code))]  # fmt: skip
            last = entry.task_id
        lines.append(texts.reminders_line.format(
            time=entry.at.strftime("%Y-%m-%d %H:%M"),
            kind=texts.reminder_kinds[entry.kind.value]))  # fmt: skip
    return "\n".join(lines)


#: The admin's task card shows at most this many reminders (the latest sent, then what is
#: coming); a long-overdue task's daily reminders would otherwise fill the message.
SCHEDULE_LINES = 12


def schedule_lines(texts: Texts, entries: Sequence[ScheduleEntry]) -> list[str]:
    """A task's reminders for its admin card: when, what, to whom, and sent / pending /
    cancelled; what is pending first."""
    if not entries:
        return [texts.task_schedule_header, texts.task_schedule_none]
    pending = [e for e in entries if e.status == "pending"]
    done = [e for e in entries if e.status != "pending"]
    shown = (pending + done[::-1])[:SCHEDULE_LINES]
    lines = [texts.task_schedule_header]
    for entry in sorted(shown, key=lambda e: e.at):
        lines.append(texts.task_schedule_line.format(
            time=entry.at.strftime("%Y-%m-%d %H:%M"),
            kind=texts.reminder_kinds[entry.kind.value],
            to=echo(entry.recipient) if entry.recipient else texts.task_schedule_group,
            state=texts.task_schedule_states[entry.status],
        ))  # fmt: skip
    if len(entries) > len(shown):
        lines.append(texts.task_schedule_more.format(count=len(entries) - len(shown)))
    return lines
