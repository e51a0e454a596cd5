"""Assignment cards in the private chat (接受, 申请回避 and its reason), and /recuse and
/assign in the admin group."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.notices import (
    REASON_LIMIT,
    AcceptCard,
    CancelRecusal,
    RecuseCard,
    card_buttons,
    card_text,
)
from bot.services import assignments
from bot.services.accounts import display_name
from bot.texts import echo
from handlers import _typed
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._keyboard import button_markup
from handlers._people import anything_else
from handlers._render import edit_query_message


async def accept_pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    texts = context.runtime.texts
    data = AcceptCard.unpack(query.data)
    done = await assignments.accept(context.session, data.member, user.id)
    if done.first:
        # A double tap leaves the card as the first press made it.
        when = assignments.accepted_at(done.card, context.runtime)
        markup = button_markup(card_buttons(texts, done.card))  # 开始检查 comes next
        await edit_query_message(query, card_text(texts, done.card, when), markup)
    await query.answer(texts.card_accept_ok if done.first else texts.card_already_accepted)


async def recuse_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    texts = context.runtime.texts
    data = RecuseCard.unpack(query.data)
    asked = await assignments.ask_reason(context.session, data.member, user.id, chat.id)
    await query.answer()
    cancel = InlineKeyboardButton(texts.button_recuse_cancel,
                                  callback_data=CancelRecusal(asked.version).pack())  # fmt: skip
    await context.bot.send_message(
        chat.id,
        texts.recuse_ask.format(limit=REASON_LIMIT, target=echo(asked.target)),
        reply_markup=InlineKeyboardMarkup([[cancel]]),
    )


async def cancel_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    data = CancelRecusal.unpack(query.data)
    await assignments.cancel_reason(context.session, chat.id, user.id, data.version)
    await edit_query_message(query, context.runtime.texts.recuse_cancelled, None)
    await query.answer()


async def reason_typed(update: Update, context: SpotContext) -> None:
    """Private text: the reason for a recusal if one is waiting, else the usual answer."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    texts = context.runtime.texts
    done = await assignments.give_reason(context.session, message.chat_id, user.id,
                                         message.text, context.runtime)  # fmt: skip
    if done is None:
        # No recusal question open: another feature's typed step, or nothing.
        if not await _typed.private_text(message, context):
            await anything_else(message, context)
        return
    outcome = (texts.recuse_outcome_waiting if done.replacement is None
               else texts.recuse_outcome_replaced.format(name=echo(done.replacement)))  # fmt: skip
    await message.reply_text(texts.recuse_done.format(target=echo(done.target), outcome=outcome))


def _admin_name(update: Update) -> str:
    user = update.effective_user
    assert user is not None
    return display_name(user.first_name, user.last_name)


@admin_only
async def recuse_command(update: Update, context: SpotContext) -> None:
    """/recuse CODE USCC CERTIFICATE reason…"""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    args = list(context.args or [])
    if len(args) < 4:
        await message.reply_text(context.runtime.texts.recuse_usage)
        return
    code, uscc, certificate = args[:3]
    done = await assignments.admin_recuse(
        context.session, code, uscc.upper(), certificate, " ".join(args[3:]),
        actor=user.id, admin=_admin_name(update), runtime=context.runtime,
    )  # fmt: skip
    await message.reply_text(done.notice)


@admin_only
async def assign_command(update: Update, context: SpotContext) -> None:
    """/assign CODE USCC CERT1,CERT2[,…] reason…"""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    args = list(context.args or [])
    if len(args) < 4:
        await message.reply_text(context.runtime.texts.assign_usage)
        return
    code, uscc, team = args[:3]
    notice = await assignments.assign_team(
        context.session, code, uscc.upper(), team.replace("，", ",").split(","),
        " ".join(args[3:]), actor=user.id, admin=_admin_name(update), runtime=context.runtime,
    )  # fmt: skip
    await message.reply_text(notice)


def register(app: Application) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    app.add_handler(CallbackQueryHandler(accept_pressed, pattern=AcceptCard.matches))
    app.add_handler(CallbackQueryHandler(recuse_pressed, pattern=RecuseCard.matches))
    app.add_handler(CallbackQueryHandler(cancel_pressed, pattern=CancelRecusal.matches))
    app.add_handler(CommandHandler("recuse", recuse_command))
    app.add_handler(CommandHandler("assign", assign_command))
    typed = private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED
    app.add_handler(MessageHandler(typed, reason_typed))
