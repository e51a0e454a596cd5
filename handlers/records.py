"""The record sheet (随机抽查情况记录表): 📄 记录表 on a task card, or /record TASK-CODE."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.records.buttons import GetRecordSheet
from bot.services import records
from bot.texts import echo
from handlers._auth import is_admin
from handlers._context import SpotContext


async def _send(update: Update, context: SpotContext, task_id: int) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    runtime = context.runtime
    admin = bool(await is_admin(context, user.id)) and chat.id == runtime.settings.admin_chat_id
    sheet = await records.record_sheet(context.session, task_id, texts=runtime.texts,
                                       settings=runtime.settings, user_id=user.id,
                                       is_admin=admin)  # fmt: skip
    await context.bot.send_document(
        chat.id, sheet.content, filename=sheet.name,
        caption=runtime.texts.record_caption.format(code=echo(sheet.task_code, 80)),
    )  # fmt: skip


async def pressed(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    button = GetRecordSheet.unpack(query.data)
    await _send(update, context, button.task)
    await query.answer()


async def record_command(update: Update, context: SpotContext) -> None:
    """/record TASK-CODE (e.g. /record 双随机〔2026〕第001号-003), in the group or privately."""
    message = update.effective_message
    assert message is not None
    if not context.args:
        await message.reply_text(context.runtime.texts.record_usage)
        return
    task_id = await records.find_task(context.session, " ".join(context.args))
    await _send(update, context, task_id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("record", record_command))
    app.add_handler(CallbackQueryHandler(pressed, pattern=GetRecordSheet.matches))
