"""The draws' inline buttons (typed callback data; no Telegram here): the wizard's presses
and the views'. A draw is named by its numeric id: its code (双随机〔2026〕第001号) takes up to
60 bytes in UTF-8."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.callbacks import CallbackData


class WizardAction(enum.StrEnum):
    TOGGLE_ITEM = "ti"  # arg: item code
    TOGGLE_REGION = "tr"  # arg: index into the regions offered
    TOGGLE_CLASS = "tc"  # arg: credit class
    NEXT = "nx"
    SIZE_COUNT = "sc"
    SIZE_PERCENT = "sp"
    SIZE_PLAN = "pl"
    TEAM_SIZE = "ts"  # arg: the size
    CROSS = "cd"
    EDIT = "ed"  # arg: the step to go back to
    FREEZE = "fz"
    CRYPTO_SEED = "cs"
    CONFIRM_SEED = "ok"
    RETYPE_SEED = "rs"
    CANCEL = "x"


@dataclass(frozen=True, slots=True)
class WizardPress(CallbackData, prefix="dwz"):
    """A press in the draw wizard. The conversation's version makes a second press, or a
    press on an older screen, stale instead of acting twice."""

    version: int
    #: Whose wizard it is: another admin's press is told so, not treated as stale.
    owner: int
    action: WizardAction
    arg: str = ""


@dataclass(frozen=True, slots=True)
class DrawsPage(CallbackData, prefix="vwlist"):
    """A page of /draws."""

    page: int


@dataclass(frozen=True, slots=True)
class DrawOpen(CallbackData, prefix="vwdraw"):
    """A draw's summary: in a new message (from /draws), or in place of the drawn list."""

    draw: int
    edit: bool


@dataclass(frozen=True, slots=True)
class DrawnPage(CallbackData, prefix="vwpage"):
    """A page of a draw's drawn list, shown by editing the message; `back`: with a button
    back to the draw's summary (not under the wizard's announcement, which has none)."""

    draw: int
    page: int
    back: bool = True


@dataclass(frozen=True, slots=True)
class DrawExport(CallbackData, prefix="vwxlsx"):
    """The drawn list as an XLSX file, sent as a document."""

    draw: int
