"""The buttons under the /publish preview."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


@dataclass(frozen=True, slots=True)
class PublishConfirm(CallbackData, prefix="pubok"):
    """确认公开 of the results the preview showed: their number and the newest result version
    among them, so a preview that no longer matches (published meanwhile, a new approval, a
    second press) is recognised."""

    count: int
    last_version: int


@dataclass(frozen=True, slots=True)
class PublishCancel(CallbackData, prefix="pubno"):
    pass
