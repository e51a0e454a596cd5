"""The inspector's tasks in the private chat: /tasks, the task card (开始检查), and
check-ins by location (签到)."""

from __future__ import annotations

from datetime import datetime

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.notices import StartTask
from bot.outbox import Button
from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.services import field
from bot.task_cards import (
    CheckinFor,
    CheckinKeyboard,
    OpenTask,
    TasksPage,
    distance_text,
    next_steps,
    task_card_text,
    tasks_page,
)
from bot.texts import Texts, echo
from handlers._context import SpotContext
from handlers._keyboard import button_markup
from handlers._people import anything_else, inspector_in_private
from handlers._render import edit_query_message
from storage.types import utcnow


def checkin_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    # request_location works in private chats only, which is where this is sent.
    button = KeyboardButton(texts.checkin_button, request_location=True)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True)


def _inspector_id(context: SpotContext) -> int:
    if context.inspector is None:
        raise Refusal(lambda t: t.card_not_yours)
    return context.inspector.id


def _when(runtime: Runtime, moment: datetime | None) -> str:
    return runtime.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


async def _card(context: SpotContext, task_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    runtime = context.runtime
    today = runtime.today()
    view = await field.task_card(context.session, _inspector_id(context), task_id, runtime.texts,
                                 today)  # fmt: skip
    text = task_card_text(
        runtime.texts, view, accepted_at=_when(runtime, view.card.responded_at),
        checkin_at=_when(runtime, view.checkin.at if view.checkin else None), today=today,
    )  # fmt: skip
    return text, button_markup(next_steps(runtime.texts, view))


# --- /tasks --------------------------------------------------------------------------------


async def tasks_command(update: Update, context: SpotContext) -> None:
    texts = context.runtime.texts
    if not await inspector_in_private(update, context, texts.tasks_private_only):
        return
    message, inspector = update.effective_message, context.inspector
    assert message is not None and inspector is not None
    today = context.runtime.today()
    entries = await field.task_list(context.session, inspector.id, today)
    page = tasks_page(texts, entries, 0, today)
    await message.reply_text(page.text, reply_markup=button_markup(page.buttons))


async def page_pressed(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    data = TasksPage.unpack(query.data)
    today = context.runtime.today()
    entries = await field.task_list(context.session, _inspector_id(context), today)
    page = tasks_page(context.runtime.texts, entries, data.page, today)
    await edit_query_message(query, page.text, button_markup(page.buttons))
    await query.answer()


async def open_pressed(update: Update, context: SpotContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    data = OpenTask.unpack(query.data)
    text, markup = await _card(context, data.task)
    await query.answer()
    await context.bot.send_message(chat.id, text, reply_markup=markup)


async def start_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    texts = context.runtime.texts
    data = StartTask.unpack(query.data)
    ref = await field.start_task(context.session, _inspector_id(context), data.task,
                                 actor=user.id)  # fmt: skip
    text, markup = await _card(context, data.task)
    await edit_query_message(query, text, markup)
    await query.answer()
    await context.bot.send_message(
        chat.id,
        texts.task_started.format(target=echo(ref.target_name), code=echo(ref.draw_code),
                                  number=ref.number),
        reply_markup=checkin_keyboard(texts),
    )  # fmt: skip


async def checkin_pressed(update: Update, context: SpotContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    texts = context.runtime.texts
    data = CheckinKeyboard.unpack(query.data)
    current = await field.current_task(context.session, _inspector_id(context))
    if current is None or current.task_id != data.task:
        raise Refusal(lambda t: t.task_closed)
    await query.answer()
    await context.bot.send_message(chat.id, texts.checkin_hint.format(
        target=echo(current.target_name)), reply_markup=checkin_keyboard(texts))  # fmt: skip


# --- check-in ------------------------------------------------------------------------------


def _limits(runtime: Runtime) -> field.Limits:
    settings = runtime.settings
    return field.Limits(settings.checkin_max_distance_m, settings.checkin_max_accuracy_m)


def _checked_in(runtime: Runtime, done: field.CheckedIn) -> str:
    texts, fix = runtime.texts, done.fix
    accuracy = (texts.checkin_accuracy_unknown if fix.accuracy is None
                else texts.checkin_accuracy.format(meters=f"{fix.accuracy:,.0f}"))  # fmt: skip
    lines = [texts.checkin_done.format(
        target=echo(done.ref.target_name), code=echo(done.ref.draw_code), number=done.ref.number,
        latitude=f"{fix.latitude:.6f}", longitude=f"{fix.longitude:.6f}", accuracy=accuracy,
        time=_when(runtime, fix.located_at), distance=distance_text(texts, done.distance_m),
    )]  # fmt: skip
    settings = runtime.settings
    if "far" in done.flags:
        lines.append(texts.checkin_flag_far.format(limit=f"{settings.checkin_max_distance_m:,.0f}"))
    if "inaccurate" in done.flags:
        lines.append(texts.checkin_flag_inaccurate.format(
            limit=f"{settings.checkin_max_accuracy_m:,.0f}"))  # fmt: skip
    return "\n".join(lines)


def _fix(message: Message) -> field.Fix:
    location = message.location
    assert location is not None
    return field.Fix(location.latitude, location.longitude, location.horizontal_accuracy,
                     message.date, forwarded=message.forward_origin is not None)  # fmt: skip


async def location_sent(update: Update, context: SpotContext) -> None:
    """A location in the private chat: a check-in, if it is fresh and the sender's own."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    runtime = context.runtime
    texts = runtime.texts
    if context.inspector is None:
        await anything_else(message, context)
        return
    fix = _fix(message)
    problem = field.unusable(fix, utcnow())
    if problem is not None:
        await message.reply_text(texts.checkin_forwarded if problem is field.Unusable.FORWARDED
                                 else texts.checkin_old)  # fmt: skip
        return
    done = await field.check_in(context.session, context.inspector.id, fix, _limits(runtime),
                                chat_id=message.chat_id, user_id=user.id)  # fmt: skip
    if isinstance(done, field.CheckedIn):
        await message.reply_text(_checked_in(runtime, done))
        return
    # Button labels are plain text: no echo.
    rows = [[Button(texts.checkin_task_button.format(target=t.target_name, code=t.draw_code,
                                                     number=t.number),
                    CheckinFor(t.task_id, done.version).pack())] for t in done.tasks]  # fmt: skip
    await message.reply_text(texts.checkin_choose, reply_markup=button_markup(rows))


async def checkin_for_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    data = CheckinFor.unpack(query.data)
    runtime = context.runtime
    done = await field.check_in_for(context.session, _inspector_id(context), data.task,
                                    data.version, _limits(runtime), chat_id=chat.id,
                                    user_id=user.id)  # fmt: skip
    await edit_query_message(query, _checked_in(runtime, done), None)
    await query.answer()


async def location_in_group(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    # Only the admin group hears back; the bot says nothing in groups it does not serve.
    if message.chat_id == context.runtime.settings.admin_chat_id:
        await message.reply_text(context.runtime.texts.checkin_private_only)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("tasks", tasks_command))
    app.add_handler(CallbackQueryHandler(page_pressed, pattern=TasksPage.matches))
    app.add_handler(CallbackQueryHandler(open_pressed, pattern=OpenTask.matches))
    app.add_handler(CallbackQueryHandler(start_pressed, pattern=StartTask.matches))
    app.add_handler(CallbackQueryHandler(checkin_pressed, pattern=CheckinKeyboard.matches))
    app.add_handler(CallbackQueryHandler(checkin_for_pressed, pattern=CheckinFor.matches))
    # A live location is edited every few seconds while it is shared: the edits are no
    # check-ins, and answering each would flood the chat, so only new messages are heard.
    fresh = filters.LOCATION & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(fresh & filters.ChatType.PRIVATE, location_sent))
    app.add_handler(MessageHandler(fresh & filters.ChatType.GROUPS, location_in_group))
