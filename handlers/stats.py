"""/stats [plan code or year] in the admin group: a short summary, the charts as photos and
every number as an XLSX. (The fake Telegram has no sendMediaGroup: one sendPhoto each.)"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import stats
from bot.stats.report import scope_name
from bot.texts import echo
from handlers._auth import admin_only
from handlers._context import SpotContext


@admin_only
async def stats_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    runtime = context.runtime
    texts = runtime.texts
    found = await stats.files(context.session, " ".join(context.args or []), runtime.settings,
                              runtime.utcnow(), texts)  # fmt: skip
    scope = scope_name(texts, found.stats.scope)
    if not found.stats.tasks:
        await message.reply_text(texts.stats_empty.format(scope=echo(scope, 120)))
        return
    await message.reply_text(found.summary)
    for picture in found.charts:
        await message.reply_photo(picture)
    await message.reply_document(found.workbook, filename=found.file_name,
                                 caption=texts.stats_file_caption.format(
                                     scope=echo(scope, 120)))  # fmt: skip


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("stats", stats_command))
