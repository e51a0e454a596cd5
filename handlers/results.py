"""检查结果 in Telegram: /result and /correct and the form's buttons in the private chat,
the partner's 确认无误 / 有异议, and 通过 / 退回 and the proposals in the admin group."""

from __future__ import annotations

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.refusals import Refusal
from bot.results import render
from bot.results.buttons import (
    CancelObjection,
    ConfirmResult,
    CorrectResult,
    DecideProposal,
    FormPress,
    ObjectResult,
    OpenForm,
    ReviewResult,
    ShowResult,
)
from bot.results.render import FormScreen
from bot.services import results
from bot.services.accounts import display_name
from bot.texts import Texts, echo
from handlers import _typed
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._keyboard import markup
from handlers._render import edit_query_message


def _form(texts: Texts, screen: FormScreen) -> tuple[str, InlineKeyboardMarkup | None]:
    return render.form_text(texts, screen), markup(render.form_buttons(texts, screen))


async def _private(update: Update, context: SpotContext) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    if message.chat.type != "private":
        await message.reply_text(context.runtime.texts.result_private_only)
        return None
    return message


async def _pick(update: Update, context: SpotContext, *, approved: bool) -> None:
    message, user = await _private(update, context), update.effective_user
    if message is None or user is None:
        return
    texts = context.runtime.texts
    choices = await results.tasks_for_form(context.session, user.id, approved=approved)
    if not choices:
        await message.reply_text(texts.result_nothing_to_correct if approved
                                 else texts.result_no_tasks)  # fmt: skip
        return
    rows = [
        [
            (
                f"{c.label.draw_code} #{c.label.number} {c.label.target}",
                CorrectResult(c.task_id) if approved else OpenForm(c.task_id),
            )
        ]
        for c in choices
    ]
    await message.reply_text(texts.result_pick_correct if approved else texts.result_pick_task,
                             reply_markup=markup(rows))  # fmt: skip


async def result_command(update: Update, context: SpotContext) -> None:
    """/result: the member's tasks still without an approved result, as buttons."""
    await _pick(update, context, approved=False)


async def correct_command(update: Update, context: SpotContext) -> None:
    """/correct: the member's tasks with an approved result, as buttons."""
    await _pick(update, context, approved=True)


async def open_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    if CorrectResult.matches(query.data):
        task = CorrectResult.unpack(query.data).task
        screen = await results.open_correction(context.session, chat.id, user.id, task)
    else:
        task = OpenForm.unpack(query.data).task
        screen = await results.open_form(context.session, chat.id, user.id, task)
    await query.answer()
    text, keyboard = _form(context.runtime.texts, screen)
    await context.bot.send_message(chat.id, text, reply_markup=keyboard)


async def form_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    texts = context.runtime.texts
    data = FormPress.unpack(query.data)
    done = await results.press(context.session, chat.id, user.id, data.version, data.action,
                               context.runtime)  # fmt: skip
    if isinstance(done, results.Left):
        await edit_query_message(query, texts.result_left, None)
    elif isinstance(done, results.Submitted):
        names = "、".join(done.waiting)
        told = (
            texts.result_submitted.format(number=done.number, names=echo(names, 200))
            if done.waiting
            else texts.result_submitted_alone.format(number=done.number)
        )
        body = (
            f"{render.title(texts, done.screen.task)}\n\n{render.summary(texts, done.screen.draft)}"
        )
        show = markup([[(texts.button_result_show, ShowResult(done.screen.task.task_id))]])
        await edit_query_message(query, f"{body}\n\n{told}", show)
    else:
        text, keyboard = _form(texts, done)
        await edit_query_message(query, text, keyboard)
        if done.problem is not None:
            await query.answer(texts.result_problems[done.problem.value], show_alert=True)
            return
    await query.answer()


async def text_taken(message: Message, context: SpotContext) -> bool:
    """Private text for a typed step of the form or an objection's reason."""
    user = message.from_user
    if user is None or message.text is None:
        return False
    texts = context.runtime.texts
    done = await results.typed(context.session, message.chat_id, user.id, message.text,
                               context.runtime)  # fmt: skip
    if done is None:
        return False
    if done.screen is not None:
        text, keyboard = _form(texts, done.screen)
        await message.reply_text(text, reply_markup=keyboard)
    elif done.closed is not None:
        await message.reply_text(done.closed.text(texts))
    elif done.objected_to is not None:
        await message.reply_text(texts.result_objected_done.format(name=echo(done.objected_to)))
    return True


async def show_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    task = ShowResult.unpack(query.data).task
    text = await results.show(context.session, context.runtime, user.id, task)
    await query.answer()
    await context.bot.send_message(chat.id, text)


async def confirm_pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    texts = context.runtime.texts
    version = ConfirmResult.unpack(query.data).version
    done = await results.confirm(context.session, context.runtime, user.id, version)
    told = texts.result_confirmed_by_you.format(version=done.number)
    if isinstance(query.message, Message) and query.message.text_html is not None:
        await edit_query_message(query, f"{query.message.text_html}\n\n{told}", None)
    await query.answer(told)


async def object_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    texts = context.runtime.texts
    version = ObjectResult.unpack(query.data).version
    asked = await results.ask_objection(context.session, chat.id, user.id, version)
    await query.answer()
    cancel = InlineKeyboardButton(texts.button_result_cancel,
                                  callback_data=CancelObjection(asked.version).pack())  # fmt: skip
    await context.bot.send_message(
        chat.id, texts.result_object_ask.format(target=echo(asked.target), version=asked.number),
        reply_markup=InlineKeyboardMarkup([[cancel]]),
    )  # fmt: skip


async def cancel_objection_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    data = CancelObjection.unpack(query.data)
    await results.cancel_objection(context.session, chat.id, user.id, data.version)
    await edit_query_message(query, context.runtime.texts.result_object_cancelled, None)
    await query.answer()


def _admin_name(update: Update) -> str:
    user = update.effective_user
    assert user is not None
    return display_name(user.first_name, user.last_name)


@admin_only
async def review_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    texts = context.runtime.texts
    data = ReviewResult.unpack(query.data)
    if data.approve:
        done = await results.approve(context.session, context.runtime, user.id,
                                     _admin_name(update), data.version)  # fmt: skip
        await edit_query_message(query, done.card, None)
        await query.answer()
        return
    target = await results.ask_note(context.session, chat.id, user.id, data.version)
    await query.answer()
    mention = f'<a href="tg://user?id={user.id}">{echo(user.full_name)}</a>'
    await context.bot.send_message(
        chat.id, f"{mention} {texts.result_note_ask.format(target=echo(target))}",
        reply_markup=ForceReply(selective=True,
                                input_field_placeholder=texts.result_note_placeholder),
    )  # fmt: skip


async def note_taken(message: Message, context: SpotContext) -> bool:
    """Group text (from an admin: the draw wizard's handler checked) for a 退回's note."""
    user = message.from_user
    if user is None or message.text is None:
        return False
    name = display_name(user.first_name, user.last_name)
    done = await results.give_note(context.session, context.runtime, message.chat_id, user.id,
                                   name, message.text)  # fmt: skip
    if done is None:
        return False
    if isinstance(done, Refusal):
        await message.reply_text(done.text(context.runtime.texts))
        return True
    await message.reply_text(context.runtime.texts.result_note_done.format(
        target=echo(done.target), version=done.number))  # fmt: skip
    return True


@admin_only
async def proposal_pressed(update: Update, context: SpotContext) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    data = DecideProposal.unpack(query.data)
    card = await results.decide_proposal(
        context.session, context.runtime, user.id, _admin_name(update), data.proposal, data.apply
    )
    await edit_query_message(query, card, None)
    await query.answer()


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("result", result_command))
    app.add_handler(CommandHandler("correct", correct_command))
    opens = lambda data: OpenForm.matches(data) or CorrectResult.matches(data)  # noqa: E731
    app.add_handler(CallbackQueryHandler(open_pressed, pattern=opens))
    app.add_handler(CallbackQueryHandler(form_pressed, pattern=FormPress.matches))
    app.add_handler(CallbackQueryHandler(show_pressed, pattern=ShowResult.matches))
    app.add_handler(CallbackQueryHandler(confirm_pressed, pattern=ConfirmResult.matches))
    app.add_handler(CallbackQueryHandler(object_pressed, pattern=ObjectResult.matches))
    app.add_handler(CallbackQueryHandler(cancel_objection_pressed,
                                         pattern=CancelObjection.matches))  # fmt: skip
    app.add_handler(CallbackQueryHandler(review_pressed, pattern=ReviewResult.matches))
    app.add_handler(CallbackQueryHandler(proposal_pressed, pattern=DecideProposal.matches))
    # Typed answers come through the private and group text handlers (handlers._typed).
    _typed.on_private_text("results", text_taken)
    _typed.on_group_text("results", note_taken)
