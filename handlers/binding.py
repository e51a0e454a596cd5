"""Binding inspectors' Telegram accounts: invite links, shared phone numbers, /whoami, /unbind."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.services import accounts
from bot.texts import Texts, echo
from handlers._auth import admin_only, is_admin, person_of
from handlers._context import SpotContext
from handlers._people import anything_else, eligibility_text, share_phone_keyboard, status_line

#: Longer than any deep link (t.me/<32-character username>?start=<32 characters>).
LINK_LIMIT = 200


def _bound_text(texts: Texts, bound: accounts.Bound) -> str:
    info = bound.inspector
    if bound.already:
        return texts.bind_same.format(name=echo(info.name))
    status = status_line(texts, info.eligibility, info.expires_on)
    return texts.bind_ok.format(name=echo(info.name), status=status)


async def redeem_invite(update: Update, context: SpotContext) -> None:
    """/start <payload> from an invite link."""
    message = update.effective_message
    assert message is not None and context.args
    texts = context.runtime.texts
    outcome = await accounts.redeem(
        context.session, context.args[0], person_of(update), message.chat_id, context.runtime
    )
    if isinstance(outcome, accounts.PhoneNeeded):
        await message.reply_text(
            texts.bind_confirm_phone.format(name=echo(outcome.inspector_name)),
            reply_markup=share_phone_keyboard(texts),
        )
        return
    await message.reply_text(_bound_text(texts, outcome), reply_markup=ReplyKeyboardRemove())


async def shared_contact(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and message.contact is not None
    texts = context.runtime.texts
    person = person_of(update)
    if message.contact.user_id != person.user_id:
        # Anyone can forward someone else's contact card; only one's own number proves anything.
        await message.reply_text(texts.phone_not_own, reply_markup=share_phone_keyboard(texts))
        return
    bound = await accounts.share_contact(
        context.session, message.contact.phone_number, person, message.chat_id, context.runtime
    )
    await message.reply_text(_bound_text(texts, bound), reply_markup=ReplyKeyboardRemove())


def _invite_warning(texts: Texts, info: accounts.InspectorInfo) -> str | None:
    name = echo(info.name)
    if info.eligibility == "expired" and info.expires_on is not None:
        return texts.invite_warn_expired.format(name=name, date=info.expires_on.isoformat())
    if info.eligibility == "no_expiry":
        return texts.invite_warn_no_expiry.format(name=name)
    return None


@admin_only
async def invite(update: Update, context: SpotContext) -> None:
    """/invite CERTIFICATE: the link goes to the admin privately, never to the group."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts = context.runtime.texts
    args = list(context.args or [])
    if len(args) != 1:
        await message.reply_text(texts.invite_usage)
        return
    invitation = await accounts.invite(
        context.session, args[0], actor=user.id, runtime=context.runtime
    )
    info = invitation.inspector
    name, certificate = echo(info.name), echo(info.certificate)
    link = f"https://t.me/{context.bot.username}?start={invitation.payload}"
    private = texts.invite_created.format(name=name, certificate=certificate,
                                          days=accounts.INVITE_VALIDITY.days,
                                          link=echo(link, LINK_LIMIT))  # fmt: skip
    if invitation.needs_phone:
        private += texts.invite_phone_check
    else:
        private += texts.invite_no_phone_warning.format(name=name)
    if invitation.rebinds:
        private += texts.invite_rebind_note.format(name=name)
    warning = _invite_warning(texts, info)
    if warning:
        private += f"\n{warning}"
    try:
        await context.bot.send_message(user.id, private)
    except TelegramError as error:
        # Nobody has the link: do not leave a usable-looking invite behind.
        await accounts.revoke_invite(context.session, invitation, actor=user.id)
        if not isinstance(error, Forbidden):
            raise
        await message.reply_text(texts.invite_admin_unreachable.format(
            bot_username=echo(context.bot.username), certificate=certificate))  # fmt: skip
        return
    admin = echo(accounts.display_name(user.first_name, user.last_name))
    text = texts.invite_sent_privately.format(name=name, certificate=certificate, admin=admin)
    await message.reply_text(f"{text}\n{warning}" if warning else text)


@admin_only
async def unbind(update: Update, context: SpotContext) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts = context.runtime.texts
    args = list(context.args or [])
    if len(args) != 1:
        await message.reply_text(texts.unbind_usage)
        return
    done = await accounts.unbind(context.session, args[0], actor=user.id, runtime=context.runtime)
    name, certificate = echo(done.name), echo(done.certificate)
    await message.reply_text(
        texts.unbind_done.format(name=name, certificate=certificate, account=done.account)
    )


async def whoami(update: Update, context: SpotContext) -> None:
    """The same answer in every chat: the bound inspector (or none), and admin standing."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    texts = context.runtime.texts
    info = await accounts.whoami(context.session, user.id, context.runtime.today())
    if info is None:
        text = texts.whoami_stranger.format(user_id=user.id)
    else:
        text = texts.whoami_inspector.format(
            name=echo(info.name),
            department=echo(info.department or texts.none_value),
            certificate=echo(info.certificate),
            expires=info.expires_on.isoformat() if info.expires_on else texts.none_value,
            eligibility=eligibility_text(texts, info.eligibility),
            user_id=user.id,
        )
    admin = await is_admin(context, user.id)
    standing = {None: texts.whoami_admin_unset, True: texts.whoami_admin,
                False: texts.whoami_member}[admin]  # fmt: skip
    await message.reply_text(f"{text}\n{standing}")


async def private_fallback(update: Update, context: SpotContext) -> None:
    """Anything else in a private chat: strangers learn how to join, and nothing more."""
    message = update.effective_message
    if message is not None:
        await anything_else(message, context)


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
