"""检查结果: the findings form, the team's two-person confirmation, the admin's review, and
what an approved result changes on its target.

A result is a chain of versions (storage.models.ResultVersion), never overwritten: each
submission is a new version and supersedes the open one before it; an approved version is
final, and a later correction is a new version with its reason, kept beside it. Every other
active member confirms the very version (confirmations belong to a version, so an edit starts
them again); one objection returns it to the submitter. Confirmed versions go to the admin
group as review cards (通过 / 退回 with a typed note). Messages to others are outbox rows in
the transaction of their cause; every step is in the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CallbackData
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.results import codes, render
from bot.results.buttons import CorrectResult, OpenForm, ShowResult
from bot.results.codes import Draft, Problem
from bot.results.render import FormScreen, TaskLabel
from bot.runtime import Runtime
from bot.services import audit, deadlines, flows, reminders
from bot.services.flows import FindingsStep
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import (
    Decision,
    Draw,
    DrawStatus,
    Inspector,
    ProposalStatus,
    ResultConfirmation,
    ResultProposal,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)
from storage.repositories import ConversationRepository
from storage.repositories.results import ResultRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

_METHODS = {m.value for m in codes.Method}
_FOLLOW_UPS = {f.value for f in codes.FollowUp}
#: Versions still on their way: a new submission supersedes them.
OPEN = (ResultStatus.SUBMITTED, ResultStatus.RETURNED, ResultStatus.CONFIRMED)


# --- shared lookups ------------------------------------------------------------------------


def _covers(version: ResultVersion) -> tuple[audit.Covered, str]:
    """The version as the audit chain covers it: its content's hash goes into the entry."""
    return audit.Covered.RESULT_VERSION, f"{version.task_id}:{version.number}"


def _label(task: Task, draw: Draw, target: Target) -> TaskLabel:
    sample = (draw.record or {}).get("sample", [])
    number = next((n for n, t in enumerate(sample, 1) if t.get("uscc") == target.uscc), 0)
    return TaskLabel(task.id, draw.code, number, target.name, target.uscc)


async def _inspector(repo: ResultRepository, user_id: int) -> Inspector:
    inspector = await repo.inspector_of(user_id)
    if inspector is None:
        raise Refusal(lambda t: t.result_not_member)
    return inspector


@dataclass
class _Team:
    task: Task
    draw: Draw
    target: Target
    members: list[tuple[TaskMember, Inspector]]

    @property
    def label(self) -> TaskLabel:
        return _label(self.task, self.draw, self.target)

    def others(self, inspector_id: int) -> list[Inspector]:
        return [i for _m, i in self.members if i.id != inspector_id]


async def _team(repo: ResultRepository, task_id: int, *, for_update: bool = False) -> _Team:
    found = await repo.task(task_id, for_update=for_update)
    if found is None:
        raise Refusal(lambda t: t.result_not_member)
    task, draw, target = found
    if draw.status is not DrawStatus.LOCKED or task.status is TaskStatus.CANCELLED:
        raise Refusal(lambda t: t.result_task_closed)
    return _Team(task, draw, target, await repo.active_members(task_id))


async def _member_team(
    repo: ResultRepository, task_id: int, user_id: int, *, for_update: bool = False
) -> tuple[_Team, Inspector]:
    inspector = await _inspector(repo, user_id)
    team = await _team(repo, task_id, for_update=for_update)
    if all(i.id != inspector.id for _m, i in team.members):
        raise Refusal(lambda t: t.result_not_member)
    return team, inspector


def _draft(version: ResultVersion) -> Draft:
    return render.draft_of(version.methods, version.codes, version.findings, version.follow_up,
                           version.follow_up_due_on, version.remarks)  # fmt: skip


def _data(task_id: int, draft: Draft, *, reviewed: bool, correction: str | None) -> dict[str, Any]:
    return {"task": task_id, "methods": list(draft.methods), "codes": list(draft.codes),
            "findings": draft.findings, "follow_up": draft.follow_up, "due": draft.due_on,
            "remarks": draft.remarks, "reviewed": reviewed, "correction": correction}  # fmt: skip


def _draft_from(data: Mapping[str, Any]) -> Draft:
    return Draft(tuple(data.get("methods", ())), tuple(data.get("codes", ())),
                 str(data.get("findings", "")), data.get("follow_up"), data.get("due"),
                 str(data.get("remarks", "")))  # fmt: skip


def _screen(
    state: flows.State[FindingsStep], label: TaskLabel, problem: Problem | None = None
) -> FormScreen:
    return FormScreen(label, state.step, state.version, _draft_from(state.data),
                      bool(state.data.get("reviewed")), state.data.get("correction"),
                      problem)  # fmt: skip


# --- the inspector's entry points ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskChoice:
    task_id: int
    label: TaskLabel


async def tasks_for_form(
    session: AsyncSession, user_id: int, *, approved: bool
) -> list[TaskChoice]:
    """/result (approved=False: tasks whose result is not approved yet) and /correct
    (approved=True: tasks with an approved result) list these as buttons."""
    async with read_only(session):
        repo = ResultRepository(session)
        inspector = await repo.inspector_of(user_id)
        if inspector is None:
            return []
        found = await repo.open_tasks(inspector.id)
        latest = await repo.latest_of([t.id for t, _d, _g in found])
    choices = []
    for task, draw, target in found:
        if draw.status is not DrawStatus.LOCKED or task.status is TaskStatus.CANCELLED:
            continue
        done = task.id in latest and latest[task.id].status is ResultStatus.APPROVED
        if done == approved:
            choices.append(TaskChoice(task.id, _label(task, draw, target)))
    return choices


async def open_form(session: AsyncSession, chat_id: int, user_id: int, task_id: int) -> FormScreen:
    """录入检查结果 / 继续录入: the open form of this task where it was left, else a new one,
    filled in from the last version (returned or waiting) if there is one."""
    async with session.begin():
        repo = ResultRepository(session)
        team, _inspector = await _member_team(repo, task_id, user_id)
        state = await flows.get(session, flows.FINDINGS, chat_id, user_id)
        if state is not None and state.data.get("task") == task_id:
            return _screen(state, team.label)
        latest = await repo.latest(task_id)
        if latest is not None and latest.status is ResultStatus.APPROVED:
            raise Refusal(lambda t: t.result_approved_locked)
        if latest is None:
            data = _data(task_id, Draft(), reviewed=False, correction=None)
            state = await flows.start(session, flows.FINDINGS, chat_id, user_id,
                                      FindingsStep.METHODS, data)  # fmt: skip
        else:
            data = _data(task_id, _draft(latest), reviewed=True,
                         correction=latest.correction_reason)  # fmt: skip
            state = await flows.start(session, flows.FINDINGS, chat_id, user_id,
                                      FindingsStep.SUMMARY, data)  # fmt: skip
        return _screen(state, team.label)


async def open_correction(
    session: AsyncSession, chat_id: int, user_id: int, task_id: int
) -> FormScreen:
    """更正: a correction of an approved result starts with its reason."""
    async with session.begin():
        repo = ResultRepository(session)
        team, _inspector = await _member_team(repo, task_id, user_id)
        latest = await repo.latest(task_id)
        if latest is None or latest.status is not ResultStatus.APPROVED:
            raise Refusal(lambda t: t.result_not_approved)
        data = _data(task_id, _draft(latest), reviewed=True, correction=None)
        state = await flows.start(session, flows.FINDINGS, chat_id, user_id,
                                  FindingsStep.REASON, data)  # fmt: skip
        return _screen(state, team.label)


_NEXT = {
    FindingsStep.METHODS: FindingsStep.CODES,
    FindingsStep.CODES: FindingsStep.FINDINGS,
    FindingsStep.FINDINGS: FindingsStep.FOLLOW_UP,
    FindingsStep.DUE: FindingsStep.REMARKS,
    FindingsStep.REMARKS: FindingsStep.SUMMARY,
    FindingsStep.REASON: FindingsStep.SUMMARY,
}
_EDIT = {
    "methods": FindingsStep.METHODS,
    "codes": FindingsStep.CODES,
    "findings": FindingsStep.FINDINGS,
    "follow_up": FindingsStep.FOLLOW_UP,
    "remarks": FindingsStep.REMARKS,
}


def _after(step: FindingsStep, data: Mapping[str, Any]) -> FindingsStep:
    """The step after `step`: back to the summary once it was reached (a change of one step),
    except that 责令改正 always asks its deadline."""
    if step is FindingsStep.FOLLOW_UP:
        if data.get("follow_up") == codes.FollowUp.ORDER:
            return FindingsStep.DUE
        return FindingsStep.SUMMARY if data.get("reviewed") else FindingsStep.REMARKS
    if data.get("reviewed") and step is not FindingsStep.REMARKS:
        return FindingsStep.SUMMARY
    return _NEXT[step]


@dataclass(frozen=True, slots=True)
class Left:
    """稍后继续: the draft stays in the database."""

    task_id: int


@dataclass(frozen=True, slots=True)
class Submitted:
    screen: FormScreen
    number: int
    #: Who is asked to confirm (names); empty: nobody else, it went to review.
    waiting: tuple[str, ...]


async def press(
    session: AsyncSession, chat_id: int, user_id: int, version: int, action: str,
    runtime: Runtime,
) -> FormScreen | Left | Submitted:  # fmt: skip
    async with session.begin():
        state = await flows.expect(session, flows.FINDINGS, chat_id, user_id, version)
        repo = ResultRepository(session)
        task_id = int(state.data["task"])
        team, inspector = await _member_team(repo, task_id, user_id, for_update=True)
        data = dict(state.data)
        kind, _sep, value = action.partition(":")
        step = state.step
        if action == "later":
            return Left(task_id)
        if action == "submit" and step is FindingsStep.SUMMARY:
            return await _submit(session, runtime, repo, state, team, inspector)
        if kind == "m" and step is FindingsStep.METHODS and value in _METHODS:
            chosen = set(data["methods"]) ^ {value}
            data["methods"] = [m.value for m in codes.Method if m.value in chosen]
            nxt: FindingsStep = step
        elif kind == "c" and step is FindingsStep.CODES and value in codes.BY_CODE:
            data["codes"] = codes.toggle(data["codes"], value)
            nxt = step
        elif kind == "f" and step is FindingsStep.FOLLOW_UP and value in _FOLLOW_UPS:
            data["follow_up"] = value
            if value != codes.FollowUp.ORDER:
                data["due"] = None
            nxt = _after(step, data)
        elif action == "next" and step in (FindingsStep.METHODS, FindingsStep.CODES,
                                           FindingsStep.FINDINGS):  # fmt: skip
            problem = _step_problem(step, _draft_from(data))
            if problem is not None:
                return _screen(state, team.label, problem)
            nxt = _after(step, data)
        elif action == "skip" and step is FindingsStep.REMARKS:
            nxt = FindingsStep.SUMMARY
        elif kind == "edit" and step is FindingsStep.SUMMARY and value in _EDIT:
            nxt = _EDIT[value]
        elif action == "summary" and data.get("reviewed") and step is not FindingsStep.REASON:
            nxt = FindingsStep.SUMMARY
        else:
            raise flows.stale()
        if nxt is FindingsStep.SUMMARY:
            data["reviewed"] = True
        state = await flows.advance(session, state, nxt, data)
        return _screen(state, team.label)


def _step_problem(step: FindingsStep, draft: Draft) -> Problem | None:
    if step is FindingsStep.METHODS and not draft.methods:
        return Problem.NO_METHOD
    if step is FindingsStep.CODES:
        return codes.code_problem(draft.codes)
    if step is FindingsStep.FINDINGS and codes.has_problem(draft.codes) and not draft.findings:
        return Problem.NO_FINDINGS
    return None


@dataclass(frozen=True, slots=True)
class TypedReply:
    """Private text a findings step, an objection or nothing took."""

    screen: FormScreen | None = None
    #: An objection was recorded: the submitter's name.
    objected_to: str | None = None
    #: What was waiting for the text is gone (e.g. the version was superseded, the member
    #: recused): the question is closed, so that the next text is not refused again.
    closed: Refusal | None = None


async def typed(
    session: AsyncSession, chat_id: int, user_id: int, text: str, runtime: Runtime
) -> TypedReply | None:
    """Private text: a typed step of the findings form, or the reason of an objection;
    None when neither is waiting (another feature's text, or none)."""
    async with session.begin():
        row = await ConversationRepository(session).get(chat_id, user_id)
        if row is None:
            return None
        if row.flow == flows.FlowName.OBJECTION:
            objection = await flows.get(session, flows.OBJECTION, chat_id, user_id)
            if objection is None:
                return None
            repo = ResultRepository(session)
            try:
                answering = await _answering(repo, int(objection.data["version"]), user_id)
            except Refusal as refusal:
                await flows.finish(session, objection)
                return TypedReply(closed=refusal)
            name = await _object(session, runtime, objection, answering, text)
            return TypedReply(objected_to=name)
        state = await flows.get(session, flows.FINDINGS, chat_id, user_id)
        if state is None or state.step not in (
            FindingsStep.FINDINGS,
            FindingsStep.DUE,
            FindingsStep.REMARKS,
            FindingsStep.REASON,
        ):
            return None
        repo = ResultRepository(session)
        try:
            team, _inspector = await _member_team(repo, int(state.data["task"]), user_id)
        except Refusal as refusal:
            await flows.finish(session, state)
            return TypedReply(closed=refusal)
        text = text.strip()
        if len(text) > render.TEXT_LIMIT:
            limit = render.TEXT_LIMIT
            raise Refusal(lambda t: t.result_text_too_long.format(limit=limit))
        data = dict(state.data)
        if state.step is FindingsStep.FINDINGS:
            data["findings"] = text
        elif state.step is FindingsStep.REMARKS:
            data["remarks"] = text
        elif state.step is FindingsStep.REASON:
            data["correction"] = text
        else:
            due = _date(text)
            if due is None or due < runtime.today():
                raise Refusal(lambda t: t.result_bad_date)
            data["due"] = due.isoformat()
        nxt = _after(state.step, data)
        if nxt is FindingsStep.SUMMARY:
            data["reviewed"] = True
        state = await flows.advance(session, state, nxt, data)
        return TypedReply(_screen(state, team.label))


def _date(text: str) -> date | None:
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        cleaned = cleaned.replace(sep, "-")
    cleaned = cleaned.replace("日", "")
    try:
        year, month, day = (int(p) for p in cleaned.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


# --- submit and confirm --------------------------------------------------------------------


async def _submit(
    session: AsyncSession,
    runtime: Runtime,
    repo: ResultRepository,
    state: flows.State[FindingsStep],
    team: _Team,
    inspector: Inspector,
) -> Submitted:
    draft = _draft_from(state.data)
    problem = codes.form_problem(draft)
    if problem is not None:
        key = problem.value
        raise Refusal(lambda t: t.result_refused.format(reason=t.result_problems[key]))
    versions = await repo.versions(team.task.id)
    correction = state.data.get("correction")
    if versions and versions[-1].status is ResultStatus.APPROVED and not correction:
        raise Refusal(lambda t: t.result_approved_locked)
    superseded = [old for old in versions if old.status in OPEN]
    for old in superseded:
        old.status = ResultStatus.SUPERSEDED
    number = versions[-1].number + 1 if versions else 1
    due = date.fromisoformat(draft.due_on) if draft.due_on else None
    others = team.others(inspector.id)
    version = ResultVersion(
        task_id=team.task.id, number=number, methods=list(draft.methods),
        codes=codes.ordered(draft.codes), findings=draft.findings,
        follow_up=draft.follow_up or codes.FollowUp.NONE.value, follow_up_due_on=due,
        remarks=draft.remarks, submitted_by=inspector.id, submitted_at=utcnow(),
        status=ResultStatus.SUBMITTED if others else ResultStatus.CONFIRMED,
        correction_reason=correction,
    )  # fmt: skip
    repo.add(version)
    await repo.flush()
    team.task.status = TaskStatus.SUBMITTED if others else TaskStatus.CONFIRMED
    # Submitted: the window's reminders stop (they come back if the result is returned).
    await reminders.schedule_tasks(session, runtime, [team.task.id])
    await audit.record(session, inspector.telegram_user_id, "result_submit", entity="task",
                       entity_id=str(team.task.id),
                       details={"version": number, "codes": version.codes,
                                "methods": version.methods, "follow_up": version.follow_up,
                                "correction": correction},
                       covers=[_covers(version), *map(_covers, superseded)])  # fmt: skip
    texts, outbox = runtime.texts, runtime.outbox(session)
    evidence = await repo.evidence_count(team.task.id)
    label = team.label
    for other in others:
        if other.telegram_user_id is None:
            continue
        text = texts.result_confirm_request.format(
            task=render.title(texts, label), submitter=echo(inspector.name), version=number,
            correction=_correction(texts, correction), summary=render.summary(texts, draft),
            evidence=evidence,
        )  # fmt: skip
        await outbox.message(other.telegram_user_id, text,
                             buttons=render.confirm_buttons(texts, version.id))  # fmt: skip
    if not others:
        await _to_review(session, runtime, repo, team, version, inspector)
    await flows.finish(session, state)
    log.info("result v%d of task %d submitted by inspector %d", number, team.task.id, inspector.id)
    screen = FormScreen(label, FindingsStep.SUMMARY, 0, draft, True, correction)
    return Submitted(screen, number, tuple(o.name for o in others))


def _correction(texts: Texts, reason: str | None) -> str:
    return texts.result_correction_line.format(reason=echo(reason, 300)) + "\n" if reason else ""


async def _to_review(
    session: AsyncSession,
    runtime: Runtime,
    repo: ResultRepository,
    team: _Team,
    version: ResultVersion,
    submitter: Inspector,
) -> None:
    chat = runtime.settings.admin_chat_id
    if chat is None:
        log.warning("result v%d of task %d is confirmed, but no admin group is set",
                    version.number, team.task.id)  # fmt: skip
        return
    texts = runtime.texts
    await runtime.outbox(session).message(
        chat, review_card(texts, team, version, submitter, await repo.evidence_count(team.task.id)),
        buttons=render.review_buttons(texts, version.id, team.task.id),
        dedupe_key=f"review:{version.id}",
    )  # fmt: skip


def review_card(
    texts: Texts, team: _Team, version: ResultVersion, submitter: Inspector, evidence: int
) -> str:
    names = "、".join(i.name for _m, i in team.members)
    return texts.result_review_card.format(
        task=render.title(texts, team.label), uscc=echo(team.target.uscc), team=echo(names, 200),
        version=version.number, submitter=echo(submitter.name),
        correction=_correction(texts, version.correction_reason),
        summary=render.summary(texts, _draft(version)), evidence=evidence,
    )  # fmt: skip


async def _answering(
    repo: ResultRepository, version_id: int, user_id: int
) -> tuple[ResultVersion, _Team, Inspector]:
    version = await repo.version(version_id)
    if version is None:
        raise Refusal(lambda t: t.result_not_waiting)
    team, inspector = await _member_team(repo, version.task_id, user_id, for_update=True)
    if version.status is not ResultStatus.SUBMITTED:
        raise Refusal(lambda t: t.result_not_waiting)
    if version.submitted_by == inspector.id:
        raise Refusal(lambda t: t.result_own_version)
    if any(c.inspector_id == inspector.id for c in await repo.confirmations(version.id)):
        raise Refusal(lambda t: t.result_already_answered)
    return version, team, inspector


@dataclass(frozen=True, slots=True)
class Confirmed:
    number: int
    #: Every other member has confirmed: it went to review.
    complete: bool


async def confirm(
    session: AsyncSession, runtime: Runtime, user_id: int, version_id: int
) -> Confirmed:
    """确认无误 on the summary: once every other active member confirmed this very version,
    it is confirmed and goes to the admin group for review."""
    async with session.begin():
        repo = ResultRepository(session)
        version, team, inspector = await _answering(repo, version_id, user_id)
        repo.add(ResultConfirmation(version_id=version.id, inspector_id=inspector.id,
                                    decision=Decision.CONFIRM, at=utcnow()))  # fmt: skip
        await repo.flush()
        confirmed = {c.inspector_id for c in await repo.confirmations(version.id)
                     if c.decision is Decision.CONFIRM}  # fmt: skip
        complete = all(o.id in confirmed for o in team.others(version.submitted_by))
        if complete:  # before the entry: it records the version's status
            version.status = ResultStatus.CONFIRMED
        await audit.record(session, user_id, "result_confirm", entity="result_version",
                           entity_id=str(version.id),
                           details={"task": team.task.id, "version": version.number,
                                    "complete": complete},
                           covers=[_covers(version)])  # fmt: skip
        submitter = await repo.inspector(version.submitted_by)
        assert submitter is not None
        texts, outbox = runtime.texts, runtime.outbox(session)
        if complete:
            team.task.status = TaskStatus.CONFIRMED
            await _to_review(session, runtime, repo, team, version, submitter)
        if submitter.telegram_user_id is not None:
            text = texts.result_confirmed_notice.format(
                name=echo(inspector.name), target=echo(team.target.name), version=version.number,
                outcome=texts.result_sent_to_review if complete else "",
            )  # fmt: skip
            await outbox.message(submitter.telegram_user_id, text)
        return Confirmed(version.number, complete)


@dataclass(frozen=True, slots=True)
class Asked:
    version: int  # the conversation's (for a cancel button)
    target: str
    number: int


async def ask_objection(
    session: AsyncSession, chat_id: int, user_id: int, version_id: int
) -> Asked:
    """有异议: the reason is typed next, in the private chat."""
    async with session.begin():
        repo = ResultRepository(session)
        version, team, _inspector = await _answering(repo, version_id, user_id)
        state = await flows.start(session, flows.OBJECTION, chat_id, user_id,
                                  flows.ReasonStep.REASON, {"version": version.id})  # fmt: skip
        return Asked(state.version, team.target.name, version.number)


async def _object(
    session: AsyncSession,
    runtime: Runtime,
    state: flows.State[flows.ReasonStep],
    answering: tuple[ResultVersion, _Team, Inspector],
    reason: str,
) -> str:
    reason = reason.strip()[: render.TEXT_LIMIT]
    repo = ResultRepository(session)
    version, team, inspector = answering
    user_id = inspector.telegram_user_id
    repo.add(ResultConfirmation(version_id=version.id, inspector_id=inspector.id,
                                decision=Decision.OBJECT, reason=reason, at=utcnow()))  # fmt: skip
    version.status = ResultStatus.RETURNED
    team.task.status = TaskStatus.IN_PROGRESS
    await reminders.schedule_tasks(session, runtime, [team.task.id])
    await audit.record(session, user_id, "result_object", entity="result_version",
                       entity_id=str(version.id),
                       details={"task": team.task.id, "version": version.number,
                                "reason": reason},
                       covers=[_covers(version)])  # fmt: skip
    submitter = await repo.inspector(version.submitted_by)
    assert submitter is not None
    texts = runtime.texts
    if submitter.telegram_user_id is not None:
        text = texts.result_objected_notice.format(
            name=echo(inspector.name), target=echo(team.target.name), version=version.number,
            reason=echo(reason, 300),
        )  # fmt: skip
        buttons = render.outbox_rows([[(texts.button_result_continue, OpenForm(team.task.id))]])
        await runtime.outbox(session).message(submitter.telegram_user_id, text, buttons=buttons)
    await flows.finish(session, state)
    return submitter.name


async def cancel_objection(session: AsyncSession, chat_id: int, user_id: int, version: int) -> None:
    async with session.begin():
        state = await flows.expect(session, flows.OBJECTION, chat_id, user_id, version)
        await flows.finish(session, state)


# --- review in the admin group -------------------------------------------------------------


async def _in_review(repo: ResultRepository, version_id: int) -> tuple[ResultVersion, _Team]:
    version = await repo.version(version_id)
    if version is None:
        raise Refusal(lambda t: t.result_not_in_review)
    team = await _team(repo, version.task_id, for_update=True)
    if version.status is not ResultStatus.CONFIRMED:
        raise Refusal(lambda t: t.result_not_in_review)
    return version, team


async def _tell_team(
    outbox: Outbox, team: _Team, text: str, buttons: Sequence[Sequence[Any]] = ()
) -> None:
    for _m, inspector in team.members:
        if inspector.telegram_user_id is not None:
            await outbox.message(inspector.telegram_user_id, text, buttons=buttons)


@dataclass(frozen=True, slots=True)
class Reviewed:
    card: str  # the review card as it now reads
    proposals: int


async def approve(
    session: AsyncSession, runtime: Runtime, admin_id: int, admin: str, version_id: int
) -> Reviewed:
    """通过: final. The task is reviewed, its target inspected on the check date, and problem
    codes propose credit-record consequences (separate cards an admin decides on)."""
    async with session.begin():
        repo = ResultRepository(session)
        version, team = await _in_review(repo, version_id)
        now = utcnow()
        version.status = ResultStatus.APPROVED
        version.reviewed_by, version.reviewed_at = admin_id, now
        checked = runtime.local(team.task.checkin_at or version.submitted_at).date()
        team.task.status, team.task.checked_on = TaskStatus.REVIEWED, checked
        await deadlines.on_checked(session, runtime, team.task)
        # Approved: the follow-up deadline (责令改正), if any, is reminded of from now on.
        await reminders.schedule_tasks(session, runtime, [team.task.id])
        target = team.target
        if target.last_inspected_on is None or target.last_inspected_on < checked:
            target.last_inspected_on = checked
        texts, outbox = runtime.texts, runtime.outbox(session)
        proposed = []
        for consequence in codes.consequences(version.codes):
            proposal = ResultProposal(
                version_id=version.id,
                target_id=target.id,
                kind=consequence.value,
                status=ProposalStatus.PROPOSED,
            )
            repo.add(proposal)
            await repo.flush()
            proposed.append(consequence.value)
            chat = runtime.settings.admin_chat_id
            if chat is not None:
                await outbox.message(
                    chat,
                    proposal_card(texts, target, version, consequence.value),
                    buttons=render.proposal_buttons(texts, proposal.id),
                )
        await audit.record(session, admin_id, "result_approve", entity="result_version",
                           entity_id=str(version.id),
                           details={"task": team.task.id, "version": version.number,
                                    "checked_on": checked.isoformat(),
                                    "proposals": proposed},
                           covers=[_covers(version)])  # fmt: skip
        await _tell_team(outbox, team, texts.result_approved_notice.format(
            target=echo(target.name), version=version.number))  # fmt: skip
        submitter = await repo.inspector(version.submitted_by)
        assert submitter is not None
        card = review_card(texts, team, version, submitter, await repo.evidence_count(team.task.id))
        return Reviewed(texts.result_approved_card.format(card=card, admin=echo(admin)),
                        len(proposed))  # fmt: skip


def proposal_card(texts: Texts, target: Target, version: ResultVersion, kind: str) -> str:
    chosen = "；".join(render.code_label(texts, c) for c in version.codes)
    return texts.result_proposal_card.format(
        target=echo(target.name), uscc=echo(target.uscc), codes=echo(chosen, 600),
        consequence=texts.result_consequence_names[kind],
    )  # fmt: skip


async def ask_note(session: AsyncSession, chat_id: int, admin_id: int, version_id: int) -> str:
    """退回: the note is typed next by this admin, in the group; returns the target's name."""
    async with session.begin():
        repo = ResultRepository(session)
        version, team = await _in_review(repo, version_id)
        row = await ConversationRepository(session).get(chat_id, admin_id)
        busy = (row is not None and row.flow != flows.FlowName.REVIEW_NOTE
                and row.expires_at is not None and row.expires_at > utcnow())  # fmt: skip
        if busy:
            # The conversation of (group, admin) is the draw wizard's: it is not thrown away.
            raise Refusal(lambda t: t.result_admin_busy)
        await flows.start(session, flows.REVIEW_NOTE, chat_id, admin_id,
                          flows.ReasonStep.REASON, {"version": version.id})  # fmt: skip
        return team.target.name


@dataclass(frozen=True, slots=True)
class ReturnedByAdmin:
    target: str
    number: int


async def give_note(
    session: AsyncSession, runtime: Runtime, chat_id: int, admin_id: int, admin: str, text: str
) -> ReturnedByAdmin | Refusal | None:
    """Group text: the note of a 退回 this admin pressed; None when none is waiting, a
    refusal when the result no longer waits for review (the question is then closed)."""
    async with session.begin():
        state = await flows.get(session, flows.REVIEW_NOTE, chat_id, admin_id)
        if state is None:
            return None
        note = text.strip()[: render.TEXT_LIMIT]
        repo = ResultRepository(session)
        try:
            version, team = await _in_review(repo, int(state.data["version"]))
        except Refusal as refusal:
            # Another admin decided meanwhile: the question is closed, the text left alone.
            await flows.finish(session, state)
            return refusal
        version.status = ResultStatus.RETURNED
        version.reviewed_by, version.reviewed_at, version.review_note = admin_id, utcnow(), note
        team.task.status = TaskStatus.IN_PROGRESS
        await reminders.schedule_tasks(session, runtime, [team.task.id])
        await audit.record(session, admin_id, "result_return", entity="result_version",
                           entity_id=str(version.id),
                           details={"task": team.task.id, "version": version.number,
                                    "note": note},
                           covers=[_covers(version)])  # fmt: skip
        texts = runtime.texts
        text = texts.result_returned_notice.format(
            target=echo(team.target.name), version=version.number, admin=echo(admin),
            note=echo(note, 300),
        )  # fmt: skip
        buttons = render.outbox_rows([[(texts.button_result_continue, OpenForm(team.task.id))]])
        await _tell_team(runtime.outbox(session), team, text, buttons)
        await flows.finish(session, state)
        return ReturnedByAdmin(team.target.name, version.number)


async def decide_proposal(
    session: AsyncSession, runtime: Runtime, admin_id: int, admin: str, proposal_id: int,
    apply: bool,
) -> str:  # fmt: skip
    """执行 / 不执行 a proposed consequence; returns the card as it now reads."""
    async with session.begin():
        repo = ResultRepository(session)
        proposal = await repo.proposal(proposal_id)
        if proposal is None or proposal.status is not ProposalStatus.PROPOSED:
            raise Refusal(lambda t: t.result_proposal_done)
        target = await repo.target(proposal.target_id)
        version = await repo.version(proposal.version_id)
        assert target is not None and version is not None
        proposal.status = ProposalStatus.APPLIED if apply else ProposalStatus.DISMISSED
        proposal.decided_by, proposal.decided_at = admin_id, utcnow()
        before = target.abnormal_listed
        if apply and proposal.kind == codes.Consequence.ABNORMAL_LIST:
            target.abnormal_listed = True
        await audit.record(session, admin_id, "proposal_apply" if apply else "proposal_dismiss",
                           entity="target", entity_id=target.uscc,
                           details={"proposal": proposal.id, "kind": proposal.kind,
                                    "version": version.id, "abnormal_before": before,
                                    "abnormal_after": target.abnormal_listed})  # fmt: skip
        texts = runtime.texts
        card = proposal_card(texts, target, version, proposal.kind)
        done = texts.result_proposal_applied if apply else texts.result_proposal_dismissed
        return done.format(card=card, admin=echo(admin))


# --- views ---------------------------------------------------------------------------------


async def show(session: AsyncSession, runtime: Runtime, user_id: int, task_id: int) -> str:
    """查看结果: the latest version and the list of all versions, for a team member."""
    async with read_only(session):
        repo = ResultRepository(session)
        team, _inspector = await _member_team(repo, task_id, user_id)
        versions = await repo.versions(task_id)
        if not versions:
            raise Refusal(lambda t: t.result_no_result)
        names = {i.id: i.name for _m, i in team.members}
        for v in versions:
            if v.submitted_by not in names:
                found = await repo.inspector(v.submitted_by)
                names[v.submitted_by] = found.name if found else "?"
    texts = runtime.texts
    lines = []
    for v in versions:
        extra = ""
        if v.correction_reason:
            extra += texts.result_version_correction.format(reason=echo(v.correction_reason))
        if v.review_note:
            extra += texts.result_version_note.format(note=echo(v.review_note))
        lines.append(texts.result_version_line.format(
            number=v.number, status=texts.result_status_names[v.status.value],
            at=runtime.local(v.submitted_at).strftime("%Y-%m-%d %H:%M"),
            name=echo(names[v.submitted_by]), extra=extra,
        ))  # fmt: skip
    latest = versions[-1]
    return texts.result_view.format(task=render.title(texts, team.label),
                                    summary=render.summary(texts, _draft(latest)),
                                    versions="\n".join(lines))  # fmt: skip


async def card_buttons(
    session: AsyncSession, texts: Texts, task_id: int, inspector: Inspector
) -> list[tuple[str, CallbackData]]:
    """The task card's next steps for findings (the card's service calls it in its own
    transaction): 录入检查结果 before any, 继续录入 while a draft or an unapproved version
    exists, 查看结果 once submitted, 更正 once approved."""
    repo = ResultRepository(session)
    latest = await repo.latest(task_id)
    drafting = False
    if inspector.telegram_user_id is not None:
        state = await flows.get(session, flows.FINDINGS, inspector.telegram_user_id,
                                inspector.telegram_user_id)  # fmt: skip
        drafting = state is not None and state.data.get("task") == task_id
    if latest is None:
        label = texts.button_result_continue if drafting else texts.button_result_open
        return [(label, OpenForm(task_id))]
    shown: list[tuple[str, CallbackData]] = [(texts.button_result_show, ShowResult(task_id))]
    if latest.status is ResultStatus.APPROVED:
        return [*shown, (texts.button_result_correct, CorrectResult(task_id))]
    return [(texts.button_result_continue, OpenForm(task_id)), *shown]
