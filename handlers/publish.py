"""一公开 in the admin group: /publish previews the approved results waiting for publication
and publishes them on 确认公开; /publish draw CODE and /publish items publish a draw's
announcement and the item list. The files reach the group through the outbox."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.publish.buttons import PublishCancel, PublishConfirm
from bot.services import publications
from bot.services.publications import Published
from bot.texts import Texts, echo
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._keyboard import button_markup
from handlers._render import edit_query_message

_DRAW = {"draw", "抽取", "任务"}
_ITEMS = {"items", "事项", "清单"}


def _done(texts: Texts, published: Published) -> str:
    return texts.publish_done.format(title=echo(published.title, 300), count=published.count)


@admin_only
async def publish_command(update: Update, context: SpotContext) -> None:
    """/publish, /publish draw CODE, /publish items."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    runtime, args = context.runtime, context.args or []
    texts = runtime.texts
    if not args:
        shown = await publications.preview(context.session, runtime)
        if not shown.count:
            await message.reply_text(texts.publish_nothing)
            return
        await message.reply_text(
            publications.preview_text(texts, shown),
            reply_markup=button_markup(publications.preview_buttons(texts, shown)),
        )
        return
    what = args[0].lower()
    if what in _DRAW and len(args) > 1:
        code = " ".join(args[1:])
        published = await publications.publish_draw(context.session, runtime, user.id, code)
    elif what in _ITEMS and len(args) == 1:
        published = await publications.publish_items(context.session, runtime, user.id)
    else:
        await message.reply_text(texts.publish_usage)
        return
    await message.reply_text(_done(texts, published))


@admin_only
async def confirm_pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    button = PublishConfirm.unpack(query.data)
    runtime = context.runtime
    published = await publications.publish_results(
        context.session, runtime, user.id, button.count, button.last_version
    )
    await query.answer()
    await edit_query_message(query, _done(runtime.texts, published), None)


@admin_only
async def cancel_pressed(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    PublishCancel.unpack(query.data)
    await query.answer()
    await edit_query_message(query, context.runtime.texts.publish_cancelled, None)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("publish", publish_command))
    app.add_handler(CallbackQueryHandler(confirm_pressed, pattern=PublishConfirm.matches))
    app.add_handler(CallbackQueryHandler(cancel_pressed, pattern=PublishCancel.matches))
