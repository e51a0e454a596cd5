"""/start and /help: what each role can do."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.texts import Texts
from handlers._auth import Role, role_of
from handlers._context import SpotContext
from handlers.binding import share_phone_keyboard


def _start_text(texts: Texts, role: Role, context: SpotContext, chat_id: int) -> str:
    if role is Role.INSPECTOR and context.inspector is not None:
        return texts.start_inspector.format(name=html.escape(context.inspector.name))
    return {
        Role.ADMIN: texts.start_admin,
        Role.GROUP_MEMBER: texts.start_group_member,
        Role.FOREIGN_GROUP: texts.start_foreign_group,
        Role.UNCONFIGURED_GROUP: texts.start_unconfigured_group.format(chat_id=chat_id),
    }.get(role, texts.start_stranger)


def _help_text(texts: Texts, role: Role, _context: SpotContext, chat_id: int) -> str:
    return {
        Role.ADMIN: texts.help_admin,
        Role.GROUP_MEMBER: texts.help_group_member,
        Role.INSPECTOR: texts.help_inspector,
        Role.FOREIGN_GROUP: texts.start_foreign_group,
        Role.UNCONFIGURED_GROUP: texts.start_unconfigured_group.format(chat_id=chat_id),
    }.get(role, texts.help_stranger)


async def start(update: Update, context: SpotContext) -> None:
    if message := update.effective_message:
        texts = context.runtime.texts
        role = await role_of(update, context)
        text = _start_text(texts, role, context, message.chat_id)
        if role is Role.STRANGER:
            await message.reply_text(
                f"{text}\n\n{texts.share_phone_hint}",
                reply_markup=share_phone_keyboard(texts),
            )
        else:
            await message.reply_text(text)


async def help_command(update: Update, context: SpotContext) -> None:
    if message := update.effective_message:
        text = _help_text(context.runtime.texts, await role_of(update, context), context,
                          message.chat_id)  # fmt: skip
        await message.reply_text(text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
