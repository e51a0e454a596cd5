"""The registers in the admin group: /import, /export, /template and browsing."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from telegram import (
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.registers.buttons import MissingRows, TargetsPage
from bot.registers.report import ImportReport, describe, issues_csv
from bot.services import draw_texts, registers
from bot.services.draw_views import TargetDraw
from bot.services.registers import RegisterName
from bot.texts import Texts, echo
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._files import CaptionCommand
from handlers._people import eligibility_text
from handlers._render import MESSAGE_BUDGET, chunks, edit_query_message, reply_lines
from storage.models import Target

log = logging.getLogger(__name__)

#: Telegram lets a bot download files of at most 20 MB (a self-hosted Bot API server lifts it).
MAX_DOWNLOAD = 20 * 1024 * 1024
SHOWN_ERRORS = 20


# --- import ---------------------------------------------------------------------------------


@admin_only
async def import_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts = context.runtime.texts
    # The command is either the caption of the file, or a reply to a message with the file.
    source = message if message.document else message.reply_to_message
    args = (message.caption or "").split()[1:] if message.document else list(context.args or [])
    name = registers.register_named(args[0]) if args else None
    if name is None or source is None:
        await message.reply_text(texts.import_usage)
        return
    document = source.document
    if document is None:
        await message.reply_text(texts.import_no_file)
        return
    if (document.file_size or 0) > MAX_DOWNLOAD:
        size = f"{(document.file_size or 0) / 1024 / 1024:.1f}"
        await message.reply_text(texts.import_too_big.format(size=size, register=name))
        return
    file_name = document.file_name or "upload"
    safe_name = re.sub(r"[^\w.\-]+", "_", file_name)[-80:]
    stored_as = f"imports/{document.file_unique_id}-{safe_name}"
    user_id = update.effective_user.id
    job_id = await registers.start_import(context.session, name, file=file_name,
                                          chat_id=message.chat_id, user_id=user_id,
                                          stored_as=stored_as)  # fmt: skip
    log.info("user %d imports %s from %r (job %d)", user_id, name, file_name, job_id)
    try:
        progress = await message.reply_text(texts.import_working.format(
            register=texts.register_names[name], file=echo(file_name)))  # fmt: skip
    except BaseException:
        await registers.abandon(context.session, job_id)
        raise
    # The import runs on its own, so the group (and everyone else) is answered meanwhile;
    # the job row makes sure a restart in the middle is reported.
    context.application.create_task(
        _import(context, job_id, name, document, stored_as, progress, user_id),
        update=update,
        name=f"import-{job_id}",
    )


async def _import(
    context: SpotContext,
    job_id: int,
    name: RegisterName,
    document: Document,
    stored_as: str,
    progress: Message,
    user_id: int,
) -> None:
    runtime = context.runtime
    texts = runtime.texts
    async with runtime.db.session() as session:
        path = runtime.settings.media_dir / stored_as
        try:
            # Kept under MEDIA_DIR/imports: what was imported stays on record.
            path.parent.mkdir(parents=True, exist_ok=True)
            telegram_file = await context.bot.get_file(document.file_id)
            await telegram_file.download_to_drive(path)
        except (TelegramError, OSError):
            log.warning("could not download the file of import job %d", job_id, exc_info=True)
            await registers.abandon(session, job_id)
            await progress.edit_text(texts.import_download_failed)
            return
        report = await registers.run_import(session, job_id, name, path, actor=user_id,
                                            today=runtime.today())  # fmt: skip
    log.info("import job %d of %s: %s", job_id, name, "ok" if report.ok else "refused")
    lines, choice, markup = _report(texts, report, texts.register_names[name], job_id)
    # One message: as many whole lines as fit (never a line, or an HTML entity, cut in two),
    # and always the choice the buttons belong to; what does not fit is in the CSV.
    text = next(chunks(lines, MESSAGE_BUDGET - len(choice)))
    shown_all = text == "\n".join(lines)
    await progress.edit_text(text + choice, reply_markup=markup)
    if not shown_all or report.error_count > SHOWN_ERRORS or report.warning_count > SHOWN_ERRORS:
        await progress.reply_document(issues_csv(report, texts),
                                      filename=f"{report.register}-problems.csv",
                                      caption=texts.issues_file_caption)  # fmt: skip


def _report(
    texts: Texts, report: ImportReport, title: str, job_id: int
) -> tuple[list[str], str, InlineKeyboardMarkup | None]:
    """The outcome and the first problems (lines), and the choice about missing rows (a
    closing text with its buttons)."""
    if report.ok:
        lines = [texts.import_ok.format(register=title, rows=report.rows, added=report.added,
                                        updated=report.updated, reactivated=report.reactivated,
                                        unchanged=report.unchanged,
                                        deactivated=report.deactivated)]  # fmt: skip
    else:
        lines = [texts.import_failed.format(register=title, count=report.error_count)]
        lines += [echo(describe(i, texts), 300) for i in report.errors[:SHOWN_ERRORS]]
        if report.error_count > SHOWN_ERRORS:
            lines.append(texts.import_more.format(more=report.error_count - SHOWN_ERRORS))
    if report.warning_count:
        lines += ["", texts.import_warnings.format(count=report.warning_count)]
        lines += [echo(describe(i, texts), 300) for i in report.warnings[:SHOWN_ERRORS]]
    if not (report.ok and report.missing):
        return lines, "", None
    choice = "\n\n" + texts.import_missing.format(missing=report.missing)
    markup = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.button_deactivate.format(count=report.missing),
                             callback_data=MissingRows(job_id, True).pack()),
        InlineKeyboardButton(texts.button_keep, callback_data=MissingRows(job_id, False).pack()),
    ]])  # fmt: skip
    return lines, choice, markup


@admin_only
async def missing_rows(update: Update, context: SpotContext) -> None:
    """The choice under an import report: deactivate the rows missing from the file, or not."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    assert isinstance(query.message, Message)
    texts = context.runtime.texts
    choice = MissingRows.unpack(query.data)
    if not choice.deactivate:
        current = await registers.dismiss_deactivation(context.session, choice.job)
        await query.answer(texts.missing_kept if current else texts.deactivate_stale)
        await query.message.edit_reply_markup(None)
        return
    job = await registers.start_deactivation(context.session, choice.job,
                                             chat_id=query.message.chat_id,
                                             user_id=update.effective_user.id,
                                             message_id=query.message.message_id)  # fmt: skip
    log.info("user %d deactivates rows missing from %s (job %d)", update.effective_user.id,
             job.register, job.job_id)  # fmt: skip
    await query.answer(texts.deactivate_working)
    await query.message.edit_reply_markup(None)
    context.application.create_task(
        _deactivate(context, job, query.message, update.effective_user.id),
        update=update,
        name=f"deactivate-{job.job_id}",
    )


async def _deactivate(
    context: SpotContext, job: registers.Deactivation, report_message: Message, user_id: int
) -> None:
    runtime = context.runtime
    texts = runtime.texts
    path = runtime.settings.media_dir / job.stored_as
    async with runtime.db.session() as session:
        # Importing the same file again, now with deactivation: one code path, all or nothing.
        report = await registers.run_import(session, job.job_id, job.register, path,
                                            actor=user_id, today=runtime.today(),
                                            deactivate_missing=True)  # fmt: skip
    title = texts.register_names[job.register]
    if report.ok:
        text = texts.deactivate_done.format(register=title, count=report.deactivated,
                                            file=echo(job.file))  # fmt: skip
    else:
        reasons = "；".join(describe(i, texts) for i in report.errors[:3])
        text = texts.deactivate_failed.format(register=title, reason=echo(reasons, 300))
    await report_message.reply_text(text)


# --- export and templates -------------------------------------------------------------------


async def _send_register_file(update: Update, context: SpotContext, command: str) -> None:
    """/export and /template: the register named in the command, as an XLSX file."""
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    args = list(context.args or [])
    name = registers.register_named(args[0]) if args else None
    if name is None:
        await message.reply_text(texts.register_usage.format(command=command))
        return
    title = texts.register_names[name]
    stamp = context.runtime.now().strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory() as tmp:
        if command == "/export":
            path = Path(tmp) / f"{name}-{stamp[:10]}.xlsx"
            count = await registers.export_register(context.session, name, title, path)
            caption = texts.export_caption.format(
                register=title, count=count, time=stamp, name=name
            )
        else:
            path = Path(tmp) / f"{name}-template.xlsx"
            registers.write_template(name, title, path)
            caption = texts.template_caption.format(register=title)
        await message.reply_document(path.read_bytes(), filename=path.name, caption=caption)


@admin_only
async def export_command(update: Update, context: SpotContext) -> None:
    await _send_register_file(update, context, "/export")


@admin_only
async def template_command(update: Update, context: SpotContext) -> None:
    await _send_register_file(update, context, "/template")


# --- browsing -------------------------------------------------------------------------------


def _flags(texts: Texts, blacklisted: bool, abnormal: bool, active: bool = True) -> str:
    return (
        (texts.flag_blacklisted if blacklisted else "")
        + (texts.flag_abnormal if abnormal else "")
        + ("" if active else texts.flag_inactive)
    )


async def _targets_page(
    context: SpotContext, query: str, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    texts = context.runtime.texts
    result = await registers.search_targets(context.session, query, page)
    if result.total == 0:
        return texts.targets_none.format(query=echo(query)), None
    shown_query = texts.targets_query.format(query=echo(query)) if query else ""
    lines = [texts.targets_header.format(query=shown_query, total=result.total,
                                         page=result.page, pages=result.pages)]  # fmt: skip
    start = (result.page - 1) * registers.PAGE_SIZE
    for n, target in enumerate(result.targets, start=start + 1):
        lines.append(texts.target_line.format(
            n=n, name=echo(target.name, 100), uscc=target.uscc,
            flags=_flags(texts, target.blacklisted, target.abnormal_listed, target.active),
            region=echo(target.region or texts.none_value),
            credit=target.credit_class.value if target.credit_class else texts.none_value,
        ))  # fmt: skip
    buttons = []
    if result.page > 1:
        data = TargetsPage.of(result.page - 1, query).pack()
        buttons.append(InlineKeyboardButton(texts.page_prev, callback_data=data))
    if result.page < result.pages:
        data = TargetsPage.of(result.page + 1, query).pack()
        buttons.append(InlineKeyboardButton(texts.page_next, callback_data=data))
    return "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None


@admin_only
async def targets_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    query = TargetsPage.of(1, " ".join(context.args or []).strip()).query
    text, markup = await _targets_page(context, query, 1)
    await message.reply_text(text, reply_markup=markup)


@admin_only
async def targets_page(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    page = TargetsPage.unpack(query.data)
    text, markup = await _targets_page(context, page.query, page.page)
    await query.answer()
    await edit_query_message(query, text, markup)


def _target_card(texts: Texts, target: Target, draws: Sequence[TargetDraw]) -> str:
    none = texts.none_value

    def show(value: object) -> str:
        return echo(value, 300) if value not in (None, "") else none

    return texts.target_card.format(
        name=echo(target.name, 200),
        uscc=target.uscc,
        flags=_flags(texts, target.blacklisted, target.abnormal_listed, target.active),
        entity_type=show(target.entity_type),
        region=show(target.region),
        industry=show(target.industry),
        address=show(target.address),
        legal_representative=show(target.legal_representative),
        phone=show(target.phone),
        registration_authority=show(target.registration_authority),
        registration_status=show(target.registration_status),
        established_on=show(target.established_on),
        credit=target.credit_class.value if target.credit_class else none,
        last_inspected_on=show(target.last_inspected_on),
        history=draw_texts.target_history(texts, draws),
    )


@admin_only
async def target_command(update: Update, context: SpotContext) -> None:
    """/target USCC shows one target; a mistyped USCC is explained; a name is searched."""
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    text = " ".join(context.args or []).strip()
    if not text:
        await message.reply_text(texts.target_usage)
        return
    found = await registers.find_target(context.session, text)
    if found.uscc is None and found.target is not None:
        await message.reply_text(_target_card(texts, found.target, found.draws))
    elif found.uscc is None:
        listing, markup = await _targets_page(context, TargetsPage.of(1, text).query, 1)
        await message.reply_text(listing, reply_markup=markup)
    elif found.expected_check is not None:
        corrected = found.uscc[:17] + found.expected_check
        await message.reply_text(texts.target_wrong_check.format(
            uscc=echo(found.uscc), expected=found.expected_check, corrected=corrected))  # fmt: skip
    elif found.target is None:
        await message.reply_text(texts.target_not_found.format(uscc=echo(found.uscc)))
    else:
        await message.reply_text(_target_card(texts, found.target, found.draws))


@admin_only
async def inspectors_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    rows = await registers.inspectors(context.session)
    if not rows:
        await message.reply_text(texts.register_empty.format(
            register=texts.register_names["inspectors"], name="inspectors"))  # fmt: skip
        return
    today = context.runtime.today()
    statuses = [registers.eligibility(inspector, today) for inspector, _d in rows]
    lines = [texts.inspectors_header.format(total=len(rows), eligible=statuses.count("eligible"))]
    for n, ((inspector, department), status) in enumerate(zip(rows, statuses, strict=True), 1):
        expires = inspector.certificate_expires_on
        lines.append(texts.inspector_line.format(
            n=n, name=echo(inspector.name),
            department=echo(department or texts.none_value),
            certificate=echo(inspector.certificate_no),
            expires=expires.isoformat() if expires else texts.none_value,
            eligibility=eligibility_text(texts, status),
            bound=texts.bound_yes if inspector.telegram_user_id else texts.bound_no,
        ))  # fmt: skip
    await reply_lines(message, lines)


@admin_only
async def items_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    items = await registers.items(context.session)
    if not items:
        await message.reply_text(texts.register_empty.format(
            register=texts.register_names["items"], name="items"))  # fmt: skip
        return
    lines = [texts.items_header.format(total=len(items))]
    for n, (item, _department) in enumerate(items, 1):
        lines.append(texts.item_line.format(
            n=n, code=echo(item.code), name=echo(item.name, 200),
            category=texts.item_categories[item.category.value],
            basis=echo(item.legal_basis or texts.none_value),
        ))  # fmt: skip
    await reply_lines(message, lines)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("import", import_command))
    app.add_handler(MessageHandler(filters.Document.ALL & CaptionCommand("import"), import_command))
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CommandHandler("template", template_command))
    app.add_handler(CommandHandler("targets", targets_command))
    app.add_handler(CallbackQueryHandler(targets_page, pattern=TargetsPage.matches))
    app.add_handler(CallbackQueryHandler(missing_rows, pattern=MissingRows.matches))
    app.add_handler(CommandHandler("target", target_command))
    app.add_handler(CommandHandler("inspectors", inspectors_command))
    app.add_handler(CommandHandler("items", items_command))
