"""What several features show about people: eligibility, standing, the share-phone button."""

from __future__ import annotations

from datetime import date

from telegram import KeyboardButton, Message, ReplyKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.services import accounts
from bot.services.registers import Eligibility
from bot.texts import Texts, echo
from handlers._context import SpotContext


def share_phone_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    # The contact button works in private chats only, which is where strangers are.
    button = KeyboardButton(texts.share_phone_button, request_contact=True)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


def eligibility_text(texts: Texts, status: Eligibility) -> str:
    return {
        "eligible": texts.eligible,
        "expired": texts.not_eligible_expired,
        "no_expiry": texts.not_eligible_no_expiry,
        "inactive": texts.not_eligible_inactive,
    }[status]


def status_line(texts: Texts, status: Eligibility, expires: date | None) -> str:
    """The inspector's standing, told on /start and on binding (HTML)."""
    shown = expires.isoformat() if expires else texts.none_value
    return texts.inspector_status[status].format(date=shown)


async def greet_stranger(message: Message, context: SpotContext) -> None:
    """A private chat with someone not bound: finish an opened invite, or how to join."""
    texts = context.runtime.texts
    assert message.from_user is not None
    pending = await accounts.pending_binding(context.session, message.chat_id,
                                             message.from_user.id)  # fmt: skip
    if pending is not None:
        text = texts.bind_confirm_phone.format(name=echo(pending))
    else:
        text = f"{texts.start_stranger}\n\n{texts.share_phone_hint}"
    await message.reply_text(text, reply_markup=share_phone_keyboard(texts))


async def anything_else(message: Message, context: SpotContext) -> None:
    """Private text no feature took: strangers learn how to join, inspectors get a hint."""
    if context.inspector is None:
        await greet_stranger(message, context)
    else:
        await message.reply_text(context.runtime.texts.unknown_message)


async def inspector_in_private(update: Update, context: SpotContext, elsewhere: str) -> bool:
    """An inspector's own command (/tasks, /reminders): True when it may go on; otherwise it
    answered — `elsewhere` in a group, how to join for a stranger."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await message.reply_text(elsewhere)
        return False
    if context.inspector is None:
        await anything_else(message, context)
        return False
    return True
