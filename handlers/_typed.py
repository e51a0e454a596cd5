"""Typed text that several features wait for, in one place.

Telegram gives a text message to the first matching handler of a group, and whether a
feature waits for text is in the database (its open flow), not in anything a filter sees.
So one handler per kind of chat takes the text (handlers.assignments in private chats,
handlers.draw in the group) and, when its own flow is not open, offers the text to the
features registered here, in order; a conversation has at most one open flow, so at most
one of them takes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Message

from handlers._context import SpotContext

#: Returns True when it took the text.
Taker = Callable[[Message, SpotContext], Awaitable[bool]]

_private: dict[str, Taker] = {}
_group: dict[str, Taker] = {}


def on_private_text(name: str, taker: Taker) -> None:
    _private[name] = taker


def on_group_text(name: str, taker: Taker) -> None:
    _group[name] = taker


async def private_text(message: Message, context: SpotContext) -> bool:
    for taker in _private.values():
        if await taker(message, context):
            return True
    return False


async def group_text(message: Message, context: SpotContext) -> bool:
    for taker in _group.values():
        if await taker(message, context):
            return True
    return False
