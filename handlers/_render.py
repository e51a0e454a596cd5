"""Rendering helpers shared by handlers."""

from __future__ import annotations

from collections.abc import Iterator

from telegram import Message

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
