"""/task CODE in the admin group: one task's progress, deadlines and reminder schedule."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.services import task_overview
from handlers._auth import admin_only
from handlers._context import SpotContext


@admin_only
async def task_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    runtime = context.runtime
    if not context.args:
        await message.reply_text(runtime.texts.task_overview_usage)
        return
    view = await task_overview.overview(context.session, runtime, " ".join(context.args))
    await message.reply_text(task_overview.overview_text(runtime.texts, view, runtime.today()))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("task", task_command))
