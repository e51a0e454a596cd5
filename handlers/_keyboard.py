"""Keyboards from Telegram-free buttons: (label, typed callback data) rows, as the services'
renderers give them (e.g. bot/services/draw_texts.py)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import CallbackData
from bot.outbox import Button


def markup(rows: Sequence[Sequence[tuple[str, CallbackData]]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard of `rows`; None when there are no buttons (no keyboard at all)."""
    keyboard = [
        [InlineKeyboardButton(label, callback_data=data.pack()) for label, data in row]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def button_markup(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard of the outbox's `Button` rows (as bot.notices renders them)."""
    keyboard = [
        [InlineKeyboardButton(b.text, callback_data=b.callback_data, url=b.url) for b in row]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard) if keyboard else None
