"""Typed callback data of the findings form, the confirmation and the review (prefix "rs…")."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


@dataclass(frozen=True, slots=True)
class OpenForm(CallbackData, prefix="rsopen"):
    """录入检查结果 / 继续录入 for a task (the task card, /result, a returned result)."""

    task: int


@dataclass(frozen=True, slots=True)
class ShowResult(CallbackData, prefix="rsshow"):
    """查看结果: the task's result and its versions."""

    task: int


@dataclass(frozen=True, slots=True)
class CorrectResult(CallbackData, prefix="rscor"):
    """更正 an approved result: a new version with its reason."""

    task: int


@dataclass(frozen=True, slots=True)
class FormPress(CallbackData, prefix="rsf"):
    """A button of the form; `version` is the conversation's, `action` e.g. "m:site",
    "c:A", "f:order", "next", "skip", "edit:codes", "submit", "quit"."""

    version: int
    action: str


@dataclass(frozen=True, slots=True)
class ConfirmResult(CallbackData, prefix="rscf"):
    """确认无误 on the summary a partner received."""

    version: int  # the result version's id


@dataclass(frozen=True, slots=True)
class ObjectResult(CallbackData, prefix="rsob"):
    """有异议: asks the reason in the private chat."""

    version: int


@dataclass(frozen=True, slots=True)
class ReviewResult(CallbackData, prefix="rsrv"):
    """通过 (approve) or 退回 (return, asks a note) on a review card in the admin group."""

    version: int
    approve: bool


@dataclass(frozen=True, slots=True)
class DecideProposal(CallbackData, prefix="rspp"):
    """执行 / 不执行 a proposed credit-record consequence."""

    proposal: int
    apply: bool


@dataclass(frozen=True, slots=True)
class CancelObjection(CallbackData, prefix="rsocx"):
    """Cancels the question for an objection's reason (the conversation's version)."""

    version: int
