"""The record sheet's button (typed callback data; no Telegram here)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


@dataclass(frozen=True, slots=True)
class GetRecordSheet(CallbackData, prefix="rsheet"):
    """📄 记录表 on a task card: the sheet as an XLSX document."""

    task: int
