"""The working-day calendar in the admin group: /holidays [YEAR [放假 … 上班 …]] and a file."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date, datetime

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.calendar_import import MAX_FILE_BYTES, Arrangement, InputError, parse_text, read_file
from bot.services import calendar
from bot.texts import Texts, echo
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._files import CaptionCommand, download_import
from handlers._render import reply_lines

log = logging.getLogger(__name__)

SHOWN_PROBLEMS = 20
_YEARS = (2000, 2100)


def _year(text: str) -> int | None:
    text = text.removesuffix("年度").removesuffix("年")
    if not re.fullmatch(r"\d{4}", text) or not _YEARS[0] <= int(text) <= _YEARS[1]:
        return None
    return int(text)


@admin_only
async def holidays_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    if message.document is not None:
        args = (message.caption or "").split()[1:]
    else:
        args = list(context.args or [])
    source = message if message.document else message.reply_to_message
    document = source.document if source is not None else None
    year = _year(args[0]) if args else None
    if args and year is None:
        await message.reply_text(texts.holidays_usage)
        return
    if document is not None and len(args) <= 1:
        await _import_file(update, context, year)
    elif year is None:
        await _overview(update, context)
    elif len(args) == 1:
        shown = await calendar.show_year(context.session, year)
        await reply_lines(message, _year_lines(context, shown))
    else:
        try:
            arrangement = parse_text(year, " ".join(args[1:]))
        except InputError as error:
            await reply_lines(message, _refused(texts, error))
            return
        await _import(update, context, arrangement)


async def _overview(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    runtime = context.runtime
    texts = runtime.texts
    this_year = runtime.today().year
    lines = [texts.holidays_overview_header]
    for found in await calendar.sources(context.session, (this_year, this_year + 1)):
        lines.append(texts.holidays_overview_line.format(
            year=found.year, source=texts.holidays_sources[found.source],
            imported=_imported(context, found.imported_at)))  # fmt: skip
    await reply_lines(message, [*lines, "", texts.holidays_usage])


def _imported(context: SpotContext, at: datetime | None) -> str:
    if at is None:
        return ""
    moment = context.runtime.local(at).strftime("%Y-%m-%d %H:%M")
    return context.runtime.texts.holidays_imported_at.format(at=moment)


def _day(texts: Texts, day: date) -> str:
    weekday = texts.holidays_weekdays[str(day.weekday())]
    return texts.holidays_day.format(month=day.month, day=day.day, weekday=weekday)


def _block(texts: Texts, block: calendar.Block) -> str:
    if block.days == 1:
        dates = _day(texts, block.first)
    else:
        first, last = _day(texts, block.first), _day(texts, block.last)
        dates = texts.holidays_range.format(first=first, last=last, days=block.days)
    if block.name:
        return texts.holidays_block_named.format(name=echo(block.name), dates=dates)
    return texts.holidays_block.format(dates=dates)


def _year_lines(context: SpotContext, shown: calendar.YearShown) -> list[str]:
    texts = context.runtime.texts
    view = shown.view
    source = texts.holidays_sources[view.source]
    imported = _imported(context, shown.imported_at)
    lines = [texts.holidays_year_header.format(year=view.year, source=source, imported=imported)]
    if view.estimated:
        lines.append(texts.holidays_estimated_note.format(year=view.year))
    lines += ["", texts.holidays_off_header.format(weekdays=len(view.weekdays_off))]
    lines += [_block(texts, b) for b in shown.days_off] or [texts.holidays_nothing]
    lines += ["", texts.holidays_makeup_header.format(count=len(view.weekend_workdays))]
    lines += [_block(texts, b) for b in shown.makeup] or [texts.holidays_nothing]
    return lines


def _refused(texts: Texts, error: InputError) -> list[str]:
    return [texts.holidays_import_failed.format(count=error.count),
            *calendar.issue_lines(texts, error, SHOWN_PROBLEMS)]  # fmt: skip


async def _import_file(update: Update, context: SpotContext, year: int | None) -> None:
    message = update.effective_message
    assert message is not None
    source = message if message.document else message.reply_to_message
    document = source.document if source is not None else None
    assert document is not None
    texts = context.runtime.texts
    if (document.file_size or 0) > MAX_FILE_BYTES:
        error = InputError()
        error.add(None, None, "file_too_big", limit=MAX_FILE_BYTES // 1024)
        await reply_lines(message, _refused(texts, error))
        return
    path = await download_import(context, document, "holidays")
    if path is None:
        await message.reply_text(texts.import_download_failed)
        return
    try:
        arrangement = await asyncio.to_thread(read_file, path, year)
    except InputError as error:
        log.info("holiday file %r refused: %d problem(s)", document.file_name, error.count)
        await reply_lines(message, _refused(texts, error))
        return
    await _import(update, context, arrangement)


async def _import(update: Update, context: SpotContext, arrangement: Arrangement) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts = context.runtime.texts
    outcome = await calendar.import_year(context.session, context.runtime, arrangement.year,
                                         arrangement.days, update.effective_user.id)  # fmt: skip
    log.info("user %d imported the calendar of %d: %d off, %d make-up, %d recomputed",
             update.effective_user.id, outcome.year, outcome.days_off, outcome.makeup_days,
             outcome.recomputed)  # fmt: skip
    text = texts.holidays_imported.format(year=outcome.year, days_off=outcome.days_off,
                                          weekdays_off=outcome.weekdays_off,
                                          makeup=outcome.makeup_days,
                                          recomputed=outcome.recomputed)  # fmt: skip
    if outcome.replaced:
        text += "\n" + texts.holidays_replaced.format(year=outcome.year)
    await message.reply_text(text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("holidays", holidays_command))
    app.add_handler(MessageHandler(filters.Document.ALL & CaptionCommand("holidays"),
                                   holidays_command))  # fmt: skip
