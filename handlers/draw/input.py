"""The wizard's input: `/draw`, button presses, typed answers, `/cancel_draw`."""

from __future__ import annotations

from telegram import Message, Update

from bot.draws.buttons import WizardPress
from bot.services import draw_stages, draw_wizard
from bot.services.draw_notices import GroupNotices
from bot.texts import echo
from handlers import _typed
from handlers._auth import admin_only, is_admin
from handlers._context import SpotContext
from handlers._render import edit_query_message
from handlers.draw import screens


async def _show(message: Message, context: SpotContext, screen: draw_wizard.Screen) -> None:
    """The screen as a new wizard message in reply to the admin's (a press edits the
    pressed one instead), and, for a typed step, a prompt that opens the reply field."""
    texts = context.runtime.texts
    text, markup = screens.render(texts, screen)
    await message.reply_text(text, reply_markup=markup)
    if screen.typed:
        # A reply to the admin's own message: the selective reply field opens for them only.
        await message.reply_text(screens.prompt(texts, screen),
                                 reply_markup=screens.force_reply(texts))  # fmt: skip


@admin_only
async def open_command(update: Update, context: SpotContext) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    screen = await draw_wizard.open_wizard(context.session, message.chat_id, user.id)
    await _show(message, context, screen)


@admin_only
async def open_with_arguments(update: Update, context: SpotContext) -> None:
    """/draw 事项=… 数量=… 日期=…: the wizard with its answers given up front."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    draft, plan = draw_wizard.parse_arguments(context.args or [], context.runtime.today())
    notices = GroupNotices(context.runtime)
    screen = await draw_wizard.open_with(context.session, message.chat_id, user.id, draft,
                                         plan=plan, notices=notices)  # fmt: skip
    await _show(message, context, screen)


@admin_only
async def pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None and query.message is not None
    button = WizardPress.unpack(query.data)
    screen = await draw_wizard.press(
        context.session, query.message.chat.id, user.id, button,
        notices=GroupNotices(context.runtime),
        code_prefix=context.runtime.settings.draw_code_prefix,
    )  # fmt: skip
    await query.answer()
    text, markup = screens.render(context.runtime.texts, screen)
    await edit_query_message(query, text, markup)
    if screen.typed and isinstance(query.message, Message):
        mention = f'<a href="tg://user?id={user.id}">{echo(user.full_name)}</a>'
        await query.message.chat.send_message(
            f"{mention} {screens.prompt(context.runtime.texts, screen)}",
            reply_markup=screens.force_reply(context.runtime.texts),
        )


async def typed_answer(update: Update, context: SpotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    if message.chat_id != context.runtime.settings.admin_chat_id:
        return
    if not await is_admin(context, user.id):
        return
    screen = await draw_wizard.typed(
        context.session, message.chat_id, user.id, message.text,
        today=context.runtime.today(), notices=GroupNotices(context.runtime),
    )  # fmt: skip
    if screen is None:
        # Not an answer to the wizard: another feature's typed answer, or people talking.
        await _typed.group_text(message, context)
        return
    texts = context.runtime.texts
    if screen.problem is not None:
        await message.reply_text(
            f"⚠️ {screen.problem.text(texts)}\n{screens.prompt(texts, screen)}",
            reply_markup=screens.force_reply(texts),
        )
        return
    await _show(message, context, screen)


@admin_only
async def cancel_command(update: Update, context: SpotContext) -> None:
    """/cancel_draw CODE REASON…: cancel a frozen or locked draw; it stays on record."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts = context.runtime.texts
    args = list(context.args or [])
    if len(args) < 2:
        await message.reply_text(texts.draw_cancel_usage)
        return
    reason = " ".join(args[1:])
    notices = GroupNotices(context.runtime)

    async def then(cancelled: draw_stages.Cancelled) -> None:
        await notices.cancelled(context.session, cancelled, reason)

    cancelled = await draw_stages.cancel(context.session, args[0], reason, actor=user.id,
                                         then=then)  # fmt: skip
    await message.reply_text(texts.draw_cancel_done.format(code=echo(cancelled.code),
                                                           tasks=cancelled.tasks))  # fmt: skip
