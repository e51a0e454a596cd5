"""Who is asking: the role of the sender of an update, and the admin-only guard."""

from __future__ import annotations

import enum
import functools
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType

from handlers._context import SpotContext

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


def admin_only(handler: Handler) -> Handler:
    """Run `handler` only for an administrator of the admin group, in that group."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: SpotContext) -> Any:
        role = await role_of(update, context)
        if role is Role.ADMIN:
            return await handler(update, context)
        texts = context.runtime.texts
        refusal = texts.admin_only if role is Role.GROUP_MEMBER else texts.admin_group_only
        if update.callback_query is not None:
            # A button pressed by someone else: tell only them, not the whole group.
            await update.callback_query.answer(refusal, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(refusal)
        return None

    return guarded
