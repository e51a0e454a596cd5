"""The draw wizard's inline buttons (typed callback data; no Telegram here)."""

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
    action: WizardAction
    arg: str = ""
