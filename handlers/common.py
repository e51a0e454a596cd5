"""/start and /help: what each role can do."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot.services.registers import eligibility
from bot.texts import Texts, echo
from handlers._auth import Role, is_admin, role_of
from handlers._context import SpotContext
from handlers._people import greet_stranger, status_line

log = logging.getLogger(__name__)


def _group_text(texts: Texts, role: Role, chat_id: int, *, help_: bool) -> str:
    if role is Role.UNCONFIGURED_GROUP:
        return texts.start_unconfigured_group.format(chat_id=echo(chat_id))
    if role is Role.ADMIN:
        return texts.help_admin if help_ else texts.start_admin
    if role is Role.GROUP_MEMBER:
        return texts.help_group_member if help_ else texts.start_group_member
    return texts.start_foreign_group


async def _admin_in_private(update: Update, context: SpotContext) -> bool:
    """An admin of the group who is no inspector, in their private chat with the bot."""
    user = update.effective_user
    try:
        return user is not None and bool(await is_admin(context, user.id))
    except TelegramError:  # the group cannot be asked (bot removed?): greet as anyone else
        log.warning("could not ask the admin group for its administrators", exc_info=True)
        return False


async def start(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    texts = context.runtime.texts
    role = await role_of(update, context)
    inspector = context.inspector
    if role is Role.INSPECTOR and inspector is not None:
        status = eligibility(inspector, context.runtime.today())
        await message.reply_text(texts.start_inspector.format(
            name=echo(inspector.name),
            status=status_line(texts, status, inspector.certificate_expires_on)))  # fmt: skip
    elif role is Role.STRANGER and await _admin_in_private(update, context):
        await message.reply_text(texts.start_admin_private)
    elif role is Role.STRANGER:
        await greet_stranger(message, context)
    else:
        await message.reply_text(_group_text(texts, role, message.chat_id, help_=False))


async def help_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    texts = context.runtime.texts
    role = await role_of(update, context)
    if role is Role.INSPECTOR:
        text = f"{texts.help_inspector}\n\n{texts.help_results}"
    elif role is Role.STRANGER and await _admin_in_private(update, context):
        text = texts.start_admin_private
    elif role is Role.STRANGER:
        text = texts.help_stranger
    else:
        text = _group_text(texts, role, message.chat_id, help_=True)
    await message.reply_text(text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
