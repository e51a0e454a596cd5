"""One task as an admin sees it (/task CODE in the group): where it stands, its deadlines
with their countdowns in working days, and what the bot will send about it and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import Countdown, WorkCalendar
from bot.countdown import due_text
from bot.refusals import Refusal
from bot.reminder_texts import ScheduleEntry, schedule_lines
from bot.runtime import Runtime
from bot.services import calendar as calendar_service
from bot.services import reminders
from bot.services.deadlines import publication_due
from bot.services.records import find_task, task_code
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import ResultStatus, TaskStatus
from storage.repositories.records import RecordRepository, TeamRow


@dataclass(frozen=True, slots=True)
class Due:
    day: date
    countdown: Countdown | None  # None once the deadline no longer matters (met)


@dataclass(frozen=True, slots=True)
class Overview:
    task_id: int
    code: str
    target: str
    uscc: str
    status: TaskStatus
    team: tuple[TeamRow, ...]
    window: Due | None
    result: ResultStatus | None
    checked_on: date | None
    publication: Due | None
    follow_up: Due | None
    schedule: tuple[ScheduleEntry, ...] = ()


def _due(day: date | None, counting: bool, calendar: WorkCalendar, today: date) -> Due | None:
    if day is None:
        return None
    return Due(day, calendar.countdown(today, day) if counting else None)


async def overview(session: AsyncSession, runtime: Runtime, code: str) -> Overview:
    task_id = await find_task(session, code)
    today = runtime.today()
    async with read_only(session):
        repo = RecordRepository(session)
        head = await repo.head(task_id)
        if head is None:
            raise Refusal(lambda t: t.record_unknown_task)
        team = tuple(await repo.team(task_id))
        version = await repo.result(task_id)
        calendar = await calendar_service.load(session)
        schedule = tuple(await reminders.task_schedule(session, runtime, task_id))
    task = head.task
    open_ = task.status in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
    window = _due(task.due_on, open_, calendar, today)
    publish_day = task.publish_due_on
    if publish_day is None and task.checked_on is not None:
        publish_day = publication_due(calendar, runtime, task.checked_on).day
    awaiting = task.status is TaskStatus.REVIEWED
    publication = _due(publish_day, awaiting, calendar, today)
    approved = version is not None and version.status is ResultStatus.APPROVED
    follow_day = version.follow_up_due_on if approved and version is not None else None
    follow_up = _due(follow_day, True, calendar, today)
    return Overview(
        task_id, task_code(head), head.target.name, head.target.uscc, task.status, team, window,
        version.status if version is not None else None, task.checked_on, publication, follow_up,
        schedule,
    )  # fmt: skip


def _due_line(texts: Texts, template: str, due: Due | None, today: date) -> list[str]:
    if due is None:
        return []
    return [template.format(due=echo(due_text(texts, due.day, due.countdown, today)))]


def overview_text(texts: Texts, view: Overview, today: date) -> str:
    team = "、".join(
        texts.task_overview_leader.format(name=echo(m.name)) if m.leader else echo(m.name)
        for m in view.team
    )
    lines = [texts.task_overview.format(
        code=echo(view.code, 80), target=echo(view.target), uscc=echo(view.uscc),
        status=texts.task_status_names[view.status.value], team=team or texts.none_value,
    )]  # fmt: skip
    lines += _due_line(texts, texts.task_overview_window, view.window, today)
    if view.result is not None:
        lines.append(texts.task_overview_result.format(
            status=texts.result_status_names[view.result.value]))  # fmt: skip
    if view.checked_on is not None:
        lines.append(texts.task_overview_checked.format(day=view.checked_on.isoformat()))
    if view.status is TaskStatus.PUBLISHED:
        lines.append(texts.task_overview_published)
    else:
        lines += _due_line(texts, texts.task_overview_publish, view.publication, today)
    lines += _due_line(texts, texts.task_overview_follow_up, view.follow_up, today)
    lines += schedule_lines(texts, view.schedule)
    return "\n".join(lines)
