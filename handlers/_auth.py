"""Who is asking: the role of the sender of an update, and the admin-only guard."""

from __future__ import annotations

import enum
import functools
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot.services.accounts import Person
from bot.texts import Texts, echo
from handlers._context import SpotContext
from handlers.errors import tell

#: Telegram admin lists change rarely; asking once a minute keeps commands fast.
ADMIN_CACHE_SECONDS = 60.0
_ADMIN_CACHE_KEY = "admin_ids"


class Role(enum.Enum):
    ADMIN = "admin"  # administrator of the admin group, writing in it
    GROUP_MEMBER = "group_member"  # anyone else in the admin group
    UNCONFIGURED_GROUP = "unconfigured_group"  # a group while ADMIN_CHAT_ID is not set
    FOREIGN_GROUP = "foreign_group"  # any other group or channel
    INSPECTOR = "inspector"  # private chat, bound to an inspector
    STRANGER = "stranger"  # private chat, not bound


async def admin_ids(context: SpotContext) -> frozenset[int]:
    admin_chat = context.runtime.settings.admin_chat_id
    if admin_chat is None:
        return frozenset()
    cached: tuple[float, frozenset[int]] | None = context.bot_data.get(_ADMIN_CACHE_KEY)
    if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
        return cached[1]
    members = await context.bot.get_chat_administrators(admin_chat)
    ids = frozenset(m.user.id for m in members if not m.user.is_bot)
    context.bot_data[_ADMIN_CACHE_KEY] = (time.monotonic(), ids)
    return ids


async def is_admin(context: SpotContext, user_id: int) -> bool | None:
    """Whether `user_id` administers the admin group; None while ADMIN_CHAT_ID is unset."""
    if context.runtime.settings.admin_chat_id is None:
        return None
    return user_id in await admin_ids(context)


def person_of(update: Update) -> Person:
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.username, user.first_name, user.last_name, user.language_code)


async def role_of(update: Update, context: SpotContext) -> Role:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return Role.FOREIGN_GROUP
    if chat.type == ChatType.PRIVATE:
        return Role.INSPECTOR if context.inspector is not None else Role.STRANGER
    admin_chat = context.runtime.settings.admin_chat_id
    if admin_chat is None:
        return Role.UNCONFIGURED_GROUP
    if chat.id != admin_chat:
        return Role.FOREIGN_GROUP
    return Role.ADMIN if user.id in await admin_ids(context) else Role.GROUP_MEMBER


Handler = Callable[[Update, SpotContext], Coroutine[Any, Any, Any]]

#: Every handler wrapped by admin_only (the help and menu test reads it).
_ADMIN_ONLY: set[Handler] = set()


def is_admin_only(callback: object) -> bool:
    return callback in _ADMIN_ONLY


def _refusal(texts: Texts, role: Role, chat_id: int, configured: bool) -> str:
    if role is Role.GROUP_MEMBER:
        return texts.admin_only
    if role is Role.UNCONFIGURED_GROUP:
        return texts.start_unconfigured_group.format(chat_id=echo(chat_id))
    return texts.admin_group_only if configured else texts.admin_group_unset


def admin_only(handler: Handler) -> Handler:
    """Run `handler` only for an administrator of the admin group, in that group."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: SpotContext) -> Any:
        role = await role_of(update, context)
        if role is Role.ADMIN:
            return await handler(update, context)
        chat_id = update.effective_chat.id if update.effective_chat else 0
        configured = context.runtime.settings.admin_chat_id is not None
        refusal = _refusal(context.runtime.texts, role, chat_id, configured)
        # A button pressed by someone else gets an alert: only they see it, not the group.
        await tell(update, context, refusal)
        return None

    _ADMIN_ONLY.add(guarded)
    return guarded
