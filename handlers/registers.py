"""The registers in the admin group: /import, /export, /template and browsing."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.registers.report import ImportReport, describe, issues_csv
from bot.registers.schema import REGISTERS
from bot.registers.uscc import normalize_uscc
from bot.services import registers
from bot.texts import Texts
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._render import reply_lines
from handlers.binding import eligibility_text

#: Telegram lets a bot download files of at most 20 MB (a self-hosted Bot API server lifts it).
MAX_DOWNLOAD = 20 * 1024 * 1024
SHOWN_ERRORS = 20
_CAPTION_IMPORT = re.compile(r"^/import(@\w+)?(\s|$)")
_PAGE = re.compile(r"^tg:(\d+):(.*)$", re.DOTALL)


def _register_arg(args: list[str]) -> str | None:
    return args[0].lower() if args and args[0].lower() in REGISTERS else None


# --- import ---------------------------------------------------------------------------------


@admin_only
async def import_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts = context.runtime.texts
    # The command is either the caption of the file, or a reply to a message with the file.
    source = message if message.document else message.reply_to_message
    args = (message.caption or "").split()[1:] if message.document else list(context.args or [])
    name = _register_arg(args)
    document = source.document if source is not None else None
    if name is None or document is None:
        await message.reply_text(texts.import_usage)
        return
    if (document.file_size or 0) > MAX_DOWNLOAD:
        size = f"{(document.file_size or 0) / 1024 / 1024:.1f}"
        await message.reply_text(texts.import_too_big.format(size=size, register=name))  # fmt: skip
        return
    register_title = texts.register_names[name]
    file_name = document.file_name or "upload"
    await message.reply_text(texts.import_working.format(register=register_title,
                                                         file=html.escape(file_name)))  # fmt: skip
    path = await _download(context, document, file_name)
    report = await registers.import_register(
        context.session, name, path, actor=update.effective_user.id, today=context.runtime.today()
    )
    await _reply_report(message, texts, report, register_title)


async def _download(context: SpotContext, document: Document, file_name: str) -> Path:
    """Keep the uploaded file under MEDIA_DIR/imports: what was imported stays on record."""
    folder = context.runtime.settings.media_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.\-]+", "_", file_name)[-80:]
    path = folder / f"{document.file_unique_id}-{safe}"
    telegram_file = await context.bot.get_file(document.file_id)
    await telegram_file.download_to_drive(path)
    return path


async def _reply_report(message: Message, texts: Texts, report: ImportReport, title: str) -> None:
    if report.ok:
        lines = [texts.import_ok.format(register=title, rows=report.rows, added=report.added,
                                        updated=report.updated, unchanged=report.unchanged,
                                        deactivated=report.deactivated)]  # fmt: skip
    else:
        lines = [texts.import_failed.format(register=title, count=report.error_count)]
        lines += [html.escape(describe(i, texts)) for i in report.errors[:SHOWN_ERRORS]]
        if report.error_count > SHOWN_ERRORS:
            lines.append(texts.import_more.format(more=report.error_count - SHOWN_ERRORS))
    if report.warning_count:
        lines.append("")
        lines.append(texts.import_warnings.format(count=report.warning_count))
        lines += [html.escape(describe(i, texts)) for i in report.warnings[:SHOWN_ERRORS]]
    await reply_lines(message, lines)
    if report.error_count or report.warning_count > SHOWN_ERRORS:
        await message.reply_document(
            issues_csv(report, texts),
            filename=f"{report.register}-problems.csv",
            caption=texts.issues_file_caption,
        )


# --- export and templates -------------------------------------------------------------------


async def _send_register_file(update: Update, context: SpotContext, command: str) -> None:
    """/export and /template: the register named in the command, as an XLSX file."""
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    name = _register_arg(list(context.args or []))
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


def _fit_query(query: str) -> str:
    """Shorten a search so that 'tg:<page>:<query>' fits in 64 bytes of callback data."""
    while len(f"tg:9999:{query}".encode()) > 64:
        query = query[:-1]
    return query


async def _targets_page(
    context: SpotContext, query: str, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    texts = context.runtime.texts
    result = await registers.search_targets(context.session, query, page)
    if result.total == 0:
        return texts.targets_none.format(query=html.escape(query)), None
    shown_query = texts.targets_query.format(query=html.escape(query)) if query else ""
    lines = [texts.targets_header.format(query=shown_query, total=result.total,
                                         page=result.page, pages=result.pages)]  # fmt: skip
    start = (result.page - 1) * registers.PAGE_SIZE
    for n, target in enumerate(result.targets, start=start + 1):
        lines.append(texts.target_line.format(
            n=n, name=html.escape(target.name), uscc=target.uscc,
            flags=_flags(texts, target.blacklisted, target.abnormal_listed),
            region=html.escape(target.region or texts.none_value),
            credit=target.credit_class.value if target.credit_class else texts.none_value,
        ))  # fmt: skip
    buttons = []
    if result.page > 1:
        buttons.append(
            InlineKeyboardButton(texts.page_prev, callback_data=f"tg:{result.page - 1}:{query}")
        )
    if result.page < result.pages:
        buttons.append(
            InlineKeyboardButton(texts.page_next, callback_data=f"tg:{result.page + 1}:{query}")
        )
    return "\n".join(lines), InlineKeyboardMarkup([buttons]) if buttons else None


@admin_only
async def targets_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    query = _fit_query(" ".join(context.args or []).strip())
    text, markup = await _targets_page(context, query, 1)
    await message.reply_text(text, reply_markup=markup)


@admin_only
async def targets_page(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    match = _PAGE.match(query.data)
    if match is None:
        await query.answer()
        return
    text, markup = await _targets_page(context, match[2], int(match[1]))
    await query.answer()
    if query.message is not None and isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


@admin_only
async def target_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    if len(context.args or []) != 1:
        await message.reply_text(texts.target_usage)
        return
    uscc = normalize_uscc((context.args or [""])[0])
    target = await registers.target(context.session, uscc)
    if target is None:
        await message.reply_text(texts.target_not_found.format(uscc=html.escape(uscc)))
        return
    none = texts.none_value

    def show(value: object) -> str:
        return html.escape(str(value)) if value not in (None, "") else none

    await message.reply_text(
        texts.target_card.format(
            name=html.escape(target.name),
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
            history=texts.history_none,
        ),
    )


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
            n=n, name=html.escape(inspector.name),
            department=html.escape(department or texts.none_value),
            certificate=html.escape(inspector.certificate_no),
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
        basis = item.legal_basis if len(item.legal_basis) <= 60 else item.legal_basis[:60] + "…"
        lines.append(texts.item_line.format(
            n=n, code=html.escape(item.code), name=html.escape(item.name),
            category=texts.item_categories[item.category.value],
            basis=html.escape(basis or texts.none_value),
        ))  # fmt: skip
    await reply_lines(message, lines)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("import", import_command))
    app.add_handler(
        MessageHandler(filters.Document.ALL & filters.CaptionRegex(_CAPTION_IMPORT), import_command)
    )
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CommandHandler("template", template_command))
    app.add_handler(CommandHandler("targets", targets_command))
    app.add_handler(CallbackQueryHandler(targets_page, pattern=_PAGE))
    app.add_handler(CommandHandler("target", target_command))
    app.add_handler(CommandHandler("inspectors", inspectors_command))
    app.add_handler(CommandHandler("items", items_command))
