"""Binding inspectors' Telegram accounts: invite links, shared phone numbers, /whoami, /unbind."""

from __future__ import annotations

import html

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.services import accounts
from bot.services.registers import eligibility
from bot.texts import Texts
from handlers._auth import Role, admin_only, role_of
from handlers._context import SpotContext


def person_of(update: Update) -> accounts.Person:
    user = update.effective_user
    assert user is not None
    return accounts.Person(user.id, user.username, user.first_name, user.last_name,
                           user.language_code)  # fmt: skip


def share_phone_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    # The contact button works in private chats only, which is where strangers are.
    button = KeyboardButton(texts.share_phone_button, request_contact=True)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


def refusal_text(texts: Texts, refusal: accounts.AccountRefusal) -> str:
    params = {k: html.escape(v) for k, v in refusal.params.items()}
    return str(getattr(texts, refusal.code)).format(**params)


async def redeem_invite(update: Update, context: SpotContext) -> None:
    """/start <payload> from an invite link."""
    message = update.effective_message
    assert message is not None and context.args
    texts = context.runtime.texts
    try:
        inspector = await accounts.redeem(
            context.session, context.args[0], person_of(update), context.runtime
        )
    except accounts.AccountRefusal as refusal:
        await message.reply_text(refusal_text(texts, refusal))
        return
    context.inspector = inspector
    await message.reply_text(
        texts.bind_ok.format(name=html.escape(inspector.name)),
        reply_markup=ReplyKeyboardRemove(),
    )


async def shared_contact(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and message.contact is not None
    texts = context.runtime.texts
    if message.contact.user_id != person_of(update).user_id:
        # Anyone can forward someone else's contact card; only one's own number proves anything.
        await message.reply_text(texts.phone_not_own, reply_markup=share_phone_keyboard(texts))
        return
    try:
        inspector = await accounts.bind_by_phone(
            context.session, message.contact.phone_number, person_of(update), context.runtime
        )
    except accounts.AccountRefusal as refusal:
        await message.reply_text(
            refusal_text(texts, refusal),
            reply_markup=ReplyKeyboardRemove(),
        )
        return
    await message.reply_text(
        texts.bind_ok.format(name=html.escape(inspector.name)),
        reply_markup=ReplyKeyboardRemove(),
    )


@admin_only
async def invite(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts = context.runtime.texts
    args = list(context.args or [])
    if len(args) != 1:
        await message.reply_text(texts.invite_usage)
        return
    try:
        invitation = await accounts.invite(context.session, args[0], actor=update.effective_user.id)
    except accounts.AccountRefusal as refusal:
        await message.reply_text(refusal_text(texts, refusal))
        return
    link = f"https://t.me/{context.bot.username}?start={invitation.payload}"
    name = html.escape(invitation.inspector_name)
    text = texts.invite_created.format(
        name=name,
        certificate=html.escape(invitation.certificate),
        days=accounts.INVITE_VALIDITY.days,
        link=html.escape(link),
    )
    if invitation.rebinds:
        text += texts.invite_rebind_note.format(name=name)
    await message.reply_text(text)


@admin_only
async def unbind(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts = context.runtime.texts
    if len(context.args or []) != 1:
        await message.reply_text(texts.unbind_usage)
        return
    certificate = (context.args or [""])[0]
    try:
        name = await accounts.unbind(
            context.session, certificate, actor=update.effective_user.id, runtime=context.runtime
        )
    except accounts.AccountRefusal as refusal:
        await message.reply_text(refusal_text(texts, refusal))
        return
    await message.reply_text(
        texts.unbind_done.format(name=html.escape(name), certificate=html.escape(certificate))
    )


async def whoami(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    texts = context.runtime.texts
    role = await role_of(update, context)
    if role is Role.ADMIN:
        text = texts.whoami_admin.format(user_id=user.id)
    elif role is Role.GROUP_MEMBER:
        text = texts.whoami_member.format(user_id=user.id)
    elif role in (Role.INSPECTOR, Role.STRANGER):
        found = await accounts.whoami(context.session, user.id)
        if found is None:
            text = texts.whoami_stranger.format(user_id=user.id)
        else:
            inspector, department = found
            status = eligibility(inspector, context.runtime.today())
            expires = inspector.certificate_expires_on
            text = texts.whoami_inspector.format(
                name=html.escape(inspector.name),
                department=html.escape(department or texts.none_value),
                certificate=html.escape(inspector.certificate_no),
                expires=expires.isoformat() if expires else texts.none_value,
                eligibility=eligibility_text(texts, status),
                user_id=user.id,
            )
    else:
        return
    await message.reply_text(text)


def eligibility_text(texts: Texts, status: str) -> str:
    return {
        "eligible": texts.eligible,
        "expired": texts.not_eligible_expired,
        "no_expiry": texts.not_eligible_no_expiry,
        "inactive": texts.not_eligible_inactive,
    }[status]


async def private_fallback(update: Update, context: SpotContext) -> None:
    """Anything else in a private chat: strangers learn how to join, and nothing more."""
    message = update.effective_message
    if message is None:
        return
    texts = context.runtime.texts
    if context.inspector is None:
        await message.reply_text(
            f"{texts.start_stranger}\n\n{texts.share_phone_hint}",
            reply_markup=share_phone_keyboard(texts),
        )
    else:
        await message.reply_text(texts.unknown_message)


def register(app: Application) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("start", redeem_invite, filters=private, has_args=True))
    app.add_handler(MessageHandler(filters.CONTACT & private, shared_contact))
    app.add_handler(CommandHandler("invite", invite))
    app.add_handler(CommandHandler("unbind", unbind))
    app.add_handler(CommandHandler("whoami", whoami))


def register_fallback(app: Application) -> None:  # type: ignore[type-arg]
    """Registered last, after every feature's own handlers."""
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, private_fallback)
    )
