"""The task card of /tasks and the task list, rendered (no Telegram here).

The card is the assignment card (`bot.notices.card_text`: target, items, window, team) with
what the field needs below it: legal basis and check method, the deadline, what is done so
far, and the next step as buttons. `next_steps` is the one place that decides the buttons:
other features add theirs there (say 录入结果 once a task is in progress), as rows of
`bot.outbox.Button`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.callbacks import CallbackData
from bot.countdown import due_text
from bot.notices import AcceptCard, RecuseCard, StartTask, card_text
from bot.outbox import Button
from bot.records.buttons import FetchEvidence, GetRecordSheet
from bot.services.field import CheckinSummary, Group, TaskCard, TaskEntry
from bot.texts import Texts, echo
from storage.models import EvidenceKind, TaskStatus

#: Tasks per page of /tasks (one button each).
PAGE_SIZE = 8


# --- buttons -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TasksPage(CallbackData, prefix="ftpage"):
    """A page of /tasks."""

    page: int


@dataclass(frozen=True, slots=True)
class OpenTask(CallbackData, prefix="ftopen"):
    """Opens the task card (sent as a new message, so the list stays)."""

    task: int


@dataclass(frozen=True, slots=True)
class CheckinKeyboard(CallbackData, prefix="ftcin"):
    """📍 签到 on the card: brings back the reply keyboard that sends the location."""

    task: int


@dataclass(frozen=True, slots=True)
class CheckinFor(CallbackData, prefix="ftfor"):
    """The task a location without a current task is for; `version`: the conversation's."""

    task: int
    version: int


# --- the card ------------------------------------------------------------------------------


def _metres(value: float) -> str:
    return f"{value:,.0f}"


def distance_text(texts: Texts, distance: float | None) -> str:
    if distance is None:
        return texts.checkin_distance_unknown
    return texts.checkin_distance.format(meters=_metres(distance))


def _checkin_line(texts: Texts, checkin: CheckinSummary | None, when: str) -> str:
    if checkin is None:
        return texts.task_card_checkin_none
    distance = distance_text(texts, checkin.distance_m)
    return texts.task_card_checkin.format(name=echo(checkin.name), time=echo(when),
                                          distance=distance)  # fmt: skip


def _evidence_line(texts: Texts, counts: dict[str, int]) -> str:
    shown = [f"{texts.task_evidence_kinds.get(kind.value, kind.value)} {counts[kind.value]}"
             for kind in EvidenceKind if counts.get(kind.value)]  # fmt: skip
    if not shown:
        return texts.task_card_evidence_none
    return texts.task_card_evidence.format(counts=echo("，".join(shown)))


def task_card_text(
    texts: Texts, view: TaskCard, *, accepted_at: str, checkin_at: str, today: date | None = None
) -> str:
    """The card in HTML (`accepted_at`, `checkin_at`: local times, already formatted); with
    `today`, the deadline's countdown (the view's, in working days)."""
    lines = [card_text(texts, view.card, accepted_at)]
    countdown = view.countdown if view.group is not None else None  # closed: no countdown
    due = due_text(texts, view.due_on, countdown, today)
    lines.append(texts.task_card_due.format(due=echo(due)))
    methods = list(dict.fromkeys(m for item in view.items for m in item.methods))
    if methods:
        lines.append(texts.task_card_methods.format(methods=echo("、".join(methods))))
    if view.items:
        lines.append(texts.task_card_basis_header)
        for item in view.items:
            lines.append(texts.task_card_basis_line.format(
                name=echo(item.name), content=echo(item.content or texts.none_value),
                basis=echo(item.legal_basis or texts.none_value),
            ))  # fmt: skip
    lines += ["", texts.task_card_progress_header]
    if view.group is not None:
        lines.append(texts.task_card_state.format(state=echo(texts.task_groups[view.group])))
    accepted = view.card.state == "accepted"
    lines.append(texts.task_card_accepted_yes if accepted else texts.task_card_accepted_no)
    lines.append(_checkin_line(texts, view.checkin, checkin_at))
    lines.append(_evidence_line(texts, dict(view.evidence)))
    if view.group is None:
        lines.append(texts.task_card_closed)
    elif view.current:
        lines.append(texts.task_card_current)
    return "\n".join(lines)


def next_steps(texts: Texts, view: TaskCard) -> list[list[Button]]:
    """The card's next step as button rows: the ONE place to extend (findings, evidence, the
    record sheet add their rows here, decided from `view`)."""
    rows: list[list[Button]] = []
    if view.group is None:
        return rows
    member = view.card.member_id
    if view.card.state == "assigned":
        rows.append([Button(texts.button_accept, AcceptCard(member).pack()),
                     Button(texts.button_recuse, RecuseCard(member).pack())])  # fmt: skip
        return rows
    if view.group in (Group.TO_DO, Group.RETURNED):
        if view.current:
            rows.append([Button(texts.button_checkin, CheckinKeyboard(view.ref.task_id).pack())])
        else:
            rows.append([Button(texts.button_start_task, StartTask(view.ref.task_id).pack())])
    if view.findings:
        rows.append([Button(label, data.pack()) for label, data in view.findings])
    last: list[Button] = []
    if sum(view.evidence.values()):
        last.append(Button(texts.evidence_fetch_button, FetchEvidence(view.ref.task_id).pack()))
    if view.task_status is not TaskStatus.ASSIGNED:  # the check has started: there is a record
        last.append(Button(texts.button_record, GetRecordSheet(view.ref.task_id).pack()))
    if last:
        rows.append(last)
    return rows


# --- the list ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListPage:
    text: str
    buttons: list[list[Button]]


def tasks_page(
    texts: Texts, entries: Sequence[TaskEntry], page: int, today: date | None = None
) -> ListPage:
    """One page of /tasks: the page's tasks under their group headers, one button each; with
    `today`, each line with its countdown in working days (buttons keep the bare date)."""
    if not entries:
        return ListPage(texts.tasks_none, [])
    pages = (len(entries) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [texts.tasks_title.format(count=len(entries))]
    if pages > 1:
        lines[0] += " " + texts.tasks_page.format(page=page + 1, pages=pages)
    buttons: list[list[Button]] = []
    counts = {g: sum(1 for e in entries if e.group is g) for g in Group}
    last: Group | None = None
    for n, entry in enumerate(shown, page * PAGE_SIZE + 1):
        group_name = texts.task_groups[entry.group]
        if entry.group is not last:
            lines += ["", texts.tasks_group_header.format(group=echo(group_name),
                                                          count=counts[entry.group])]  # fmt: skip
            last = entry.group
        due = entry.due_on.isoformat() if entry.due_on else texts.tasks_no_due
        counted = due_text(texts, entry.due_on, entry.countdown, today)
        ref = entry.ref
        lines.append(texts.tasks_line.format(n=n, target=echo(ref.target_name),
                                             code=echo(ref.draw_code), number=ref.number,
                                             due=echo(counted)))  # fmt: skip
        # Button labels are plain text: no echo.
        label = texts.tasks_button.format(group=group_name, target=ref.target_name, due=due)
        buttons.append([Button(label, OpenTask(ref.task_id).pack())])
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(texts.page_prev, TasksPage(page - 1).pack()))
    if page < pages - 1:
        nav.append(Button(texts.page_next, TasksPage(page + 1).pack()))
    if nav:
        buttons.append(nav)
    return ListPage("\n".join(lines), buttons)
