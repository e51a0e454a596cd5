"""/status: the bot's health for admins."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import __version__
from bot.services.status import status
from handlers._auth import admin_only
from handlers._context import SpotContext


@admin_only
async def status_command(update: Update, context: SpotContext) -> None:
    assert update.effective_message is not None
    runtime = context.runtime
    report = await status(context.session)
    counts = {state.value: n for state, n in report.outbox.items()}
    await update.effective_message.reply_text(
        runtime.texts.status.format(
            version=__version__,
            database="PostgreSQL" if not runtime.db.is_sqlite else "SQLite",
            timezone=runtime.settings.timezone,
            now=runtime.local(report.now).strftime("%Y-%m-%d %H:%M"),
            **counts,
        ),
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("status", status_command))
