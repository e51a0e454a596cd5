"""/start and /help: what each role can do."""

from __future__ import annotations

import html

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler

from handlers._auth import Role, role_of
from handlers._context import SpotContext


async def start(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    texts = context.runtime.texts
    role = await role_of(update, context)
    text = {
        Role.ADMIN: texts.start_admin,
        Role.GROUP_MEMBER: texts.start_group_member,
        Role.FOREIGN_GROUP: texts.start_foreign_group,
        Role.STRANGER: texts.start_stranger,
    }.get(role)
    if role is Role.INSPECTOR and context.inspector is not None:
        text = texts.start_inspector.format(name=html.escape(context.inspector.name))
    elif role is Role.UNCONFIGURED_GROUP:
        text = texts.start_unconfigured_group.format(chat_id=message.chat_id)
    assert text is not None
    await message.reply_text(text, parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    texts = context.runtime.texts
    role = await role_of(update, context)
    text = {
        Role.ADMIN: texts.help_admin,
        Role.GROUP_MEMBER: texts.help_group_member,
        Role.INSPECTOR: texts.help_inspector,
        Role.STRANGER: texts.help_stranger,
        Role.FOREIGN_GROUP: texts.start_foreign_group,
        Role.UNCONFIGURED_GROUP: texts.start_unconfigured_group.format(chat_id=message.chat_id),
    }[role]
    await message.reply_text(text, parse_mode=ParseMode.HTML)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
