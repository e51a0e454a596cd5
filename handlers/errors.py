"""The last line of defence: log every failure and tell the user something useful."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from handlers._context import SpotContext

log = logging.getLogger("spotcheck.errors")


async def on_error(update: object, context: SpotContext) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(
            update.effective_chat.id, context.runtime.texts.error_generic
        )
    except TelegramError:
        log.warning("could not tell chat %s about the error", update.effective_chat.id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_error_handler(on_error)
