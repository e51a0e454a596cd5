"""Texts and buttons of the findings form, the partner's confirmation, the review card and
the proposals: Telegram-free (rows of (label, typed callback data))."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.callbacks import CallbackData
from bot.outbox import Button
from bot.records.buttons import FetchEvidence, GetRecordSheet
from bot.results import codes
from bot.results.buttons import ConfirmResult, DecideProposal, FormPress, ObjectResult, ReviewResult
from bot.results.codes import Draft, Method, Problem
from bot.services.flows import FindingsStep
from bot.texts import Texts, echo

Rows = list[list[tuple[str, CallbackData]]]

#: Longest findings, remarks or reason, in characters (a message holds 4096).
TEXT_LIMIT = 1000
FINDINGS_ECHO = 400


@dataclass(frozen=True, slots=True)
class TaskLabel:
    task_id: int
    draw_code: str
    number: int
    target: str
    uscc: str


@dataclass(frozen=True, slots=True)
class FormScreen:
    """What the form shows: its step, the draft so far, and buttons for `version`."""

    task: TaskLabel
    step: FindingsStep
    version: int
    draft: Draft
    #: The summary was reached once: a changed step leads back to it.
    reviewed: bool = False
    correction: str | None = None
    problem: Problem | None = None
    #: A typed step: the form waits for text in the private chat.
    typed: bool = field(init=False)

    def __post_init__(self) -> None:
        typed = self.step in (FindingsStep.FINDINGS, FindingsStep.DUE, FindingsStep.REMARKS,
                              FindingsStep.REASON)  # fmt: skip
        object.__setattr__(self, "typed", typed)


def code_label(texts: Texts, code: str) -> str:
    return f"{code} {texts.result_code_names.get(code, codes.BY_CODE[code].name)}"


def summary(texts: Texts, draft: Draft) -> str:
    none = texts.none_value
    methods = "、".join(texts.result_method_names[m] for m in draft.methods) or none
    chosen = "；".join(code_label(texts, c) for c in draft.codes) or none
    follow = none
    if draft.follow_up is not None:
        follow = texts.result_follow_up_names[draft.follow_up]
        if draft.follow_up == codes.FollowUp.ORDER and draft.due_on:
            follow = texts.result_follow_up_due.format(name=follow, date=draft.due_on)
    return texts.result_summary.format(
        methods=echo(methods, 200), codes=echo(chosen, 600),
        findings=echo(draft.findings, FINDINGS_ECHO) if draft.findings else none,
        follow_up=echo(follow, 100),
        remarks=echo(draft.remarks, FINDINGS_ECHO) if draft.remarks else none,
    )  # fmt: skip


def title(texts: Texts, task: TaskLabel) -> str:
    return texts.result_task_line.format(code=echo(task.draw_code), number=task.number,
                                         target=echo(task.target))  # fmt: skip


_PROMPTS = {
    FindingsStep.METHODS: "result_step_methods",
    FindingsStep.CODES: "result_step_codes",
    FindingsStep.FINDINGS: "result_step_findings",
    FindingsStep.FOLLOW_UP: "result_step_follow_up",
    FindingsStep.DUE: "result_step_due",
    FindingsStep.REMARKS: "result_step_remarks",
    FindingsStep.SUMMARY: "result_step_summary",
    FindingsStep.REASON: "result_step_reason",
}


def form_text(texts: Texts, screen: FormScreen) -> str:
    parts = [texts.result_form_title, title(texts, screen.task)]
    if screen.correction:
        parts.append(texts.result_correction_line.format(reason=echo(screen.correction, 300)))
    parts += ["", summary(texts, screen.draft), ""]
    if screen.problem is not None:
        parts.append("⚠️ " + texts.result_problems[screen.problem.value])
    parts.append(getattr(texts, _PROMPTS[screen.step]))
    return "\n".join(parts)


def _mark(on: bool) -> str:
    return "☑️ " if on else ""


def form_buttons(texts: Texts, screen: FormScreen) -> Rows:
    v, draft, step = screen.version, screen.draft, screen.step

    def press(label: str, action: str) -> tuple[str, CallbackData]:
        return label, FormPress(v, action)

    rows: Rows = []
    if step is FindingsStep.METHODS:
        rows = [[press(_mark(m.value in draft.methods) + texts.result_method_names[m.value],
                       f"m:{m.value}")] for m in Method]  # fmt: skip
        rows.append([press(texts.button_result_next, "next")])
    elif step is FindingsStep.CODES:
        rows = [
            [press(_mark(c.code in draft.codes) + "　" * codes.depth(c.code)
                   + code_label(texts, c.code), f"c:{c.code}")]
            for c in codes.CODES
        ]  # fmt: skip
        rows.append([press(texts.button_result_next, "next")])
    elif step is FindingsStep.FOLLOW_UP:
        rows = [[press(_mark(draft.follow_up == f.value) + texts.result_follow_up_names[f.value],
                       f"f:{f.value}")] for f in codes.FollowUp]  # fmt: skip
    elif step is FindingsStep.FINDINGS and draft.findings:
        rows = [[press(texts.button_result_keep, "next")]]
    elif step is FindingsStep.FINDINGS and not codes.has_problem(draft.codes):
        rows = [[press(texts.button_result_skip, "next")]]
    elif step is FindingsStep.REMARKS:
        rows = [[press(texts.button_result_skip, "skip")]]
    elif step is FindingsStep.SUMMARY:
        rows = [
            [press(texts.button_result_edit_methods, "edit:methods"),
             press(texts.button_result_edit_codes, "edit:codes")],
            [press(texts.button_result_edit_findings, "edit:findings"),
             press(texts.button_result_edit_follow_up, "edit:follow_up")],
            [press(texts.button_result_edit_remarks, "edit:remarks")],
            [press(texts.button_result_submit, "submit")],
        ]  # fmt: skip
    if step is not FindingsStep.SUMMARY and screen.reviewed and step is not FindingsStep.REASON:
        rows.append([press(texts.button_result_back, "summary")])
    rows.append([press(texts.button_result_later, "later")])
    return rows


def outbox_rows(rows: Rows) -> list[list[Button]]:
    return [[Button(label, data.pack()) for label, data in row] for row in rows]


def confirm_buttons(texts: Texts, version_id: int) -> list[list[Button]]:
    return outbox_rows([[(texts.button_result_confirm, ConfirmResult(version_id)),
                         (texts.button_result_object, ObjectResult(version_id))]])  # fmt: skip


def review_buttons(texts: Texts, version_id: int, task_id: int) -> list[list[Button]]:
    """通过 / 退回, and what an admin looks at before deciding: the evidence and the sheet."""
    return outbox_rows(
        [
            [
                (texts.button_review_approve, ReviewResult(version_id, True)),
                (texts.button_review_return, ReviewResult(version_id, False)),
            ],
            [
                (texts.evidence_fetch_button, FetchEvidence(task_id)),
                (texts.button_record, GetRecordSheet(task_id)),
            ],
        ]
    )


def proposal_buttons(texts: Texts, proposal_id: int) -> list[list[Button]]:
    return outbox_rows(
        [
            [
                (texts.button_proposal_apply, DecideProposal(proposal_id, True)),
                (texts.button_proposal_dismiss, DecideProposal(proposal_id, False)),
            ]
        ]
    )


def draft_of(methods: Sequence[str], chosen: Sequence[str], findings: str, follow_up: str | None,
             due_on: date | None, remarks: str) -> Draft:  # fmt: skip
    return Draft(tuple(methods), tuple(chosen), findings, follow_up,
                 due_on.isoformat() if due_on else None, remarks)  # fmt: skip
