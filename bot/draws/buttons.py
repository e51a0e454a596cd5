"""The draw views' inline buttons (typed callback data; no Telegram here). A draw is named by
its numeric id: its code (双随机〔2026〕第001号) takes up to 60 bytes in UTF-8."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


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
