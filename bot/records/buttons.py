"""The paper trail's buttons: the record sheet and a task's evidence (typed callback data;
no Telegram here, so cards and review cards anywhere can carry them)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


@dataclass(frozen=True, slots=True)
class GetRecordSheet(CallbackData, prefix="rsheet"):
    """📄 记录表 on a task card: the sheet as an XLSX document."""

    task: int


@dataclass(frozen=True, slots=True)
class FetchEvidence(CallbackData, prefix="evget"):
    """Send a task's evidence again (team members and admins)."""

    task: int
