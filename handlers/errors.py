"""The last line of defence, and the one place where refusals are rendered.

A `Refusal` raised by a service becomes an alert for a button press or a reply to a message.
Anything else is logged with its traceback and the user is told that nothing was changed. Every
button press gets an answer, so that no button is left spinning.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler

from bot.callbacks import CallbackDataError
from bot.refusals import Refusal
from bot.services import updates
from bot.texts import plain
from handlers._context import SpotContext

log = logging.getLogger("spotcheck.errors")

#: Telegram shows at most 200 characters in a callback answer.
ALERT_LIMIT = 200


def _alert(text: str) -> str:
    """An HTML text as an alert shows it (alerts take no markup, 200 characters)."""
    shown = plain(text)
    return shown if len(shown) <= ALERT_LIMIT else shown[: ALERT_LIMIT - 1] + "…"


async def tell(update: Update, context: SpotContext, text: str) -> None:
    """Say `text` (HTML) where the update came from: an alert for a press, else a reply."""
    query = update.callback_query
    if query is not None:
        await query.answer(_alert(text), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)


async def on_error(update: object, context: SpotContext) -> None:
    error = context.error
    if isinstance(update, Update) and await updates.is_duplicate(
        context.session, update.update_id, error
    ):
        # Another process handled this update first; ours was rolled back. Nothing to say,
        # and no later handler group may act on it either.
        log.info("update %d was handled by another process; skipped", update.update_id)
        raise ApplicationHandlerStop
    if isinstance(update, Update) and isinstance(error, CallbackDataError):
        # A forged button, or one from an older version of the bot.
        error = Refusal(lambda t: t.button_unknown)
    if isinstance(update, Update) and isinstance(error, Refusal):
        text = error.text(context.runtime.texts)
        log.info("update %d refused: %s", update.update_id, _alert(text))
        try:
            await tell(update, context, text)
        except TelegramError:
            log.warning("could not deliver a refusal for update %d", update.update_id)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        await tell(update, context, context.runtime.texts.error_generic)
    except TelegramError:
        log.warning("could not tell update %s's chat about the error", update_id)


async def unknown_button(update: Update, context: SpotContext) -> None:
    """A press no handler took: forged, from an old version, or for something long gone."""
    assert update.callback_query is not None
    log.info("unknown button data %r", (update.callback_query.data or "")[:64])
    await update.callback_query.answer(context.runtime.texts.button_unknown, show_alert=True)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_error_handler(on_error)


def register_fallback(app: Application) -> None:  # type: ignore[type-arg]
    """Registered after every feature's handlers."""
    app.add_handler(CallbackQueryHandler(unknown_button))
