"""The registers' inline buttons (typed callback data; no Telegram here)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData, fit_bytes


@dataclass(frozen=True, slots=True)
class TargetsPage(CallbackData, prefix="tg"):
    """A page of a /targets search."""

    page: int
    query: str

    @classmethod
    def of(cls, page: int, query: str) -> TargetsPage:
        """The button, with the search shortened to fit Telegram's 64 bytes if it must."""
        return cls(page, fit_bytes(query, cls.room_for_last(page=page)))


@dataclass(frozen=True, slots=True)
class MissingRows(CallbackData, prefix="miss"):
    """After an import: deactivate the rows missing from its file, or keep them. The import
    job is the version: once another import or a deactivation follows, the button is stale."""

    job: int
    deactivate: bool
