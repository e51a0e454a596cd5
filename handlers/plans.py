"""The annual plan in the admin group: /plan, /template plan, /import plan."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.services import plans
from bot.texts import Texts, echo
from handlers._auth import admin_only
from handlers._context import SpotContext
from handlers._files import download_import
from handlers._render import reply_lines

log = logging.getLogger(__name__)

#: A plan is a page of settings and tens of items; anything bigger is the wrong file.
MAX_PLAN_FILE = 5 * 1024 * 1024
SHOWN_ERRORS = 100
#: What people call the plan after /import and /template.
PLAN_WORDS = frozenset({"plan", "plans", "计划", "年度计划", "抽查计划", "年度抽查计划"})
_COMMAND = re.compile(r"^/(import|template)(@\w+)?\s+(\S+)", re.IGNORECASE)


class _AboutPlan(filters.MessageFilter):
    """/import plan or /template plan, as the text or as a file's caption (this bot's only)."""

    def filter(self, message: Message) -> bool:
        match = _COMMAND.match(message.text or message.caption or "")
        if match is None or match[3].lower() not in PLAN_WORDS:
            return False
        mention = match[2]
        return mention is None or mention[1:].lower() == (message.get_bot().username or "").lower()


def _year(context: SpotContext, args: list[str]) -> int | None:
    """The year named in `args` (default: this year, locally); None if it is no year."""
    if not args:
        return context.runtime.today().year
    text = args[0].removesuffix("年度").removesuffix("年")
    return int(text) if re.fullmatch(r"20\d\d", text) else None


@admin_only
async def plan_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    year = _year(context, list(context.args or []))
    if year is None:
        await message.reply_text(texts.plan_usage)
        return
    found = await plans.overview(context.session, year)
    if found is None:
        await message.reply_text(texts.plan_none.format(year=year))
        return
    await reply_lines(message, _overview(texts, found))


def _overview(texts: Texts, plan: plans.PlanOverview) -> list[str]:
    lines = [
        texts.plan_header.format(
            year=plan.year,
            title=echo(plan.title, 200),
            min_days=plan.min_days,
            locked=plan.locked,
            cancelled=plan.cancelled,
        ),
        texts.plan_ratios_line.format(ratios=plans.ratios_text(texts, plan.ratios)),
        "",
        texts.plan_strata_header,
    ]
    for row in plan.strata:
        ratio = texts.plan_no_ratio if row.ratio is None else f"{plans.percent(row.ratio)}%"
        share = texts.none_value if row.share is None else f"{row.share:.1f}%"
        lines.append(texts.plan_stratum_line.format(stratum=texts.plan_strata[row.stratum],
                                                    ratio=ratio, drawn=row.drawn,
                                                    active=row.active, share=share))  # fmt: skip
    lines += ["", texts.plan_items_header.format(count=len(plan.items))]
    for item in plan.items:
        lines.append(texts.plan_item_line.format(
            code=echo(item.code), name=echo(item.name, 100),
            frequency=echo(item.frequency or texts.none_value, 100),
            methods=echo("、".join(item.methods) or texts.none_value, 100),
            note=texts.plan_item_note.format(note=echo(item.note, 200)) if item.note else "",
        ))  # fmt: skip
    return lines


@admin_only
async def template_command(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    year = _year(context, list(context.args or [])[1:])
    if year is None:
        await message.reply_text(texts.plan_usage)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan-{year}.xlsx"
        existing = await plans.write_template(context.session, year, texts.plan_sheet_title, path)
        caption = (texts.plan_template_existing_caption if existing
                   else texts.plan_template_caption).format(year=year)  # fmt: skip
        await message.reply_document(path.read_bytes(), filename=path.name, caption=caption)


@admin_only
async def import_command(update: Update, context: SpotContext) -> None:
    """The file is the message's own (caption /import plan) or the one replied to."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    runtime = context.runtime
    texts = runtime.texts
    source = message if message.document else message.reply_to_message
    document = source.document if source is not None else None
    if document is None:
        await message.reply_text(texts.import_no_file)
        return
    if (document.file_size or 0) > MAX_PLAN_FILE:
        await message.reply_text(texts.plan_file_too_big.format(
            size=f"{(document.file_size or 0) / 1024 / 1024:.1f}",
            limit=MAX_PLAN_FILE // 1024 // 1024))  # fmt: skip
        return
    file_name = document.file_name or "plan.xlsx"
    path = await download_import(context, document, "plan")
    if path is None:
        await message.reply_text(texts.import_download_failed)
        return
    user_id = update.effective_user.id
    result = await plans.import_plan(context.session, path, actor=user_id, texts=texts,
                                     outbox=runtime.outbox,
                                     admin_chat_id=runtime.settings.admin_chat_id)  # fmt: skip
    log.info("user %d imported plan file %r: %s", user_id, file_name,
             "ok" if result.report.ok else "refused")  # fmt: skip
    await reply_lines(message, plans.report_lines(texts, result, SHOWN_ERRORS))


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Before the registers' /import and /template (handlers.register_all keeps the order):
    # the first matching handler of a group wins.
    about_plan = _AboutPlan()
    app.add_handler(CommandHandler("import", import_command, filters=about_plan))
    app.add_handler(MessageHandler(filters.Document.ALL & about_plan, import_command))
    app.add_handler(CommandHandler("template", template_command, filters=about_plan))
    app.add_handler(CommandHandler("plan", plan_command))
