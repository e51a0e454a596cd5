"""Rendering helpers shared by handlers."""

from __future__ import annotations

from collections.abc import Iterator

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.texts import plain

#: Below Telegram's 4096 characters, leaving room for entities.
MESSAGE_BUDGET = 3800


def chunks(lines: list[str], limit: int = MESSAGE_BUDGET) -> Iterator[str]:
    """Join lines into as few messages as fit, never splitting a line."""
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            yield "\n".join(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        yield "\n".join(current)


async def reply_lines(message: Message, lines: list[str]) -> None:
    """Reply with `lines` (HTML), in as many messages as Telegram's limit needs."""
    for chunk in chunks(lines):
        await message.reply_text(chunk)


async def edit_query_message(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Show `text` in the message whose button was pressed. A double tap asks for the same
    content twice; Telegram refuses that as "not modified", which is no error for us."""
    if not isinstance(query.message, Message):
        return
    current = query.message
    if current.text == plain(text) and current.reply_markup == markup:
        return  # already showing it (a double tap)
    try:
        await query.message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
