"""Draws in the admin group: /draws lists them all, /draw CODE shows one, with its drawn list
in pages and as an XLSX. (A bare /draw is the wizard's: this module only takes /draw with a
code.)"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.draws.buttons import DrawExport, DrawnPage, DrawOpen, DrawsPage
from bot.services import draw_texts, draw_views
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._keyboard import markup
from handlers._render import edit_query_message


@admin_only
async def draws_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    listing = await draw_views.listing(context.session, 1)
    text, buttons = draw_texts.listing_view(context.runtime.texts, listing)
    await message.reply_text(text, reply_markup=markup(buttons))


@admin_only
async def draws_page(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    listing = await draw_views.listing(context.session, DrawsPage.unpack(query.data).page)
    text, buttons = draw_texts.listing_view(context.runtime.texts, listing)
    await query.answer()
    await edit_query_message(query, text, markup(buttons))


@admin_only
async def draw_command(update: Update, context: SpotContext) -> None:
    """/draw CODE: the code as typed, or its number in this year (第001号, 001, 1)."""
    message = update.effective_message
    assert message is not None
    runtime = context.runtime
    summary = await draw_views.summary(context.session, " ".join(context.args or []),
                                       year=runtime.today().year)  # fmt: skip
    await message.reply_text(draw_texts.summary_text(runtime.texts, summary, runtime.settings.tz),
                             reply_markup=markup(draw_texts.summary_buttons(runtime.texts,
                                                                            summary)))  # fmt: skip


@admin_only
async def open_draw(update: Update, context: SpotContext) -> None:
    """A draw's summary: a new message from /draws, in place of its drawn list otherwise."""
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    runtime = context.runtime
    button = DrawOpen.unpack(query.data)
    summary = await draw_views.summary(context.session, button.draw)
    text = draw_texts.summary_text(runtime.texts, summary, runtime.settings.tz)
    buttons = markup(draw_texts.summary_buttons(runtime.texts, summary))
    await query.answer()
    if button.edit:
        await edit_query_message(query, text, buttons)
    else:
        await query.message.reply_text(text, reply_markup=buttons)


@admin_only
async def drawn_page(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    texts = context.runtime.texts
    button = DrawnPage.unpack(query.data)
    page = await draw_views.drawn_page(context.session, button.draw, button.page)
    await query.answer()
    buttons = draw_texts.drawn_page_buttons(texts, page, back=button.back)
    await edit_query_message(query, draw_texts.drawn_page_text(texts, page), markup(buttons))


@admin_only
async def export_drawn(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    texts = context.runtime.texts
    drawn = await draw_views.drawn_xlsx(context.session, DrawExport.unpack(query.data).draw, texts)
    await query.answer()
    caption = draw_texts.drawn_file_caption(texts, drawn)
    await query.message.reply_document(drawn.content, filename=drawn.file_name, caption=caption)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("draws", draws_command))
    # With a code only: the wizard takes the bare /draw.
    app.add_handler(CommandHandler("draw", draw_command, has_args=True))
    app.add_handler(CallbackQueryHandler(draws_page, pattern=DrawsPage.matches))
    app.add_handler(CallbackQueryHandler(open_draw, pattern=DrawOpen.matches))
    app.add_handler(CallbackQueryHandler(drawn_page, pattern=DrawnPage.matches))
    app.add_handler(CallbackQueryHandler(export_drawn, pattern=DrawExport.matches))
