"""/reminders in the private chat, and 稍后提醒 on a reminder."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.reminder_texts import SnoozeReminder, reminders_list
from bot.services import reminders
from bot.texts import plain
from handlers._context import SpotContext
from handlers._people import inspector_in_private


async def reminders_command(update: Update, context: SpotContext) -> None:
    texts = context.runtime.texts
    if not await inspector_in_private(update, context, texts.reminders_private_only):
        return
    message, inspector = update.effective_message, context.inspector
    assert message is not None and inspector is not None
    entries = await reminders.pending_for_user(context.session, context.runtime, inspector.id)
    await message.reply_text(reminders_list(texts, entries))


async def snooze_pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = SnoozeReminder.unpack(query.data)
    done = await reminders.snooze(context.session, context.runtime, user.id, data.reminder,
                                  data.round, bool(data.tomorrow))  # fmt: skip
    texts = context.runtime.texts
    template = texts.reminder_snoozed if done.moved else texts.reminder_snooze_already
    await query.answer(plain(template.format(time=done.at)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("reminders", reminders_command))
    app.add_handler(CallbackQueryHandler(snooze_pressed, pattern=SnoozeReminder.matches))
