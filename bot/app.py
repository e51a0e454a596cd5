"""The composition root: builds the Application, wires services, starts and stops it.

The CLI and the end-to-end tests both go through `start` and `stop`, so the tests exercise
exactly the start-up the bot runs in production.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    ExtBot,
)

from bot import backups
from bot.delivery import Limits, OutboxSender, Pacer, SharedSlots
from bot.runtime import Runtime
from bot.services import accounts, flows, jobs, leases, reminders, updates
from bot.services import calendar as work_calendar
from bot.settings import Settings
from bot.transport import PacedRateLimiter, TelegramTransport
from handlers import register_all
from handlers._context import RUNTIME_KEY, SpotContext, current_session
from handlers._processor import ChatProcessor, UpdateBudget
from handlers.menus import publish_menus
from storage.database import Database

log = logging.getLogger(__name__)

SENDER_KEY = "outbox_sender"
PACER_KEY = "pacer"
SHARED_SLOTS_KEY = "shared_slots"
JOB_SWEEP_INTERVAL = timedelta(minutes=1)
REMINDER_SWEEP_INTERVAL = timedelta(minutes=1)
FORGET_INTERVAL = timedelta(hours=6)


class SpotCheckApplication(Application[ExtBot[None], SpotContext, Any, Any, Any, Any]):
    """Opens one database session per update, and skips updates already handled."""

    def dispatches_edit(self, update: Update) -> bool:
        """Whether an edited message (or channel post) goes to the handlers.

        Never, for now: PTB's CommandHandler also matches edits, so an admin correcting an
        old "/invite X" would invite again. A feature that wants edits opts in here (say, by
        update type and chat) and must then filter edits in its own handlers explicitly."""
        return False

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        if (update.edited_message or update.edited_channel_post) and not self.dispatches_edit(
            update
        ):
            # Dropped before any database work: there is nothing to de-duplicate.
            log.debug("update %d is an edit; not dispatched", update.update_id)
            return
        try:
            await self._process_once(update)
        except Exception:
            # An update that cannot be stored (say, an id out of range) or handled is logged
            # and skipped; it must never stop the updates after it.
            log.exception("update %d could not be stored or handled; skipped", update.update_id)

    async def _process_once(self, update: Update) -> None:
        runtime: Runtime = self.bot_data[RUNTIME_KEY]
        async with runtime.db.session() as session:
            if not await updates.begin_update(session, update.update_id):
                log.info("update %d was handled before; skipped", update.update_id)
                return
            token = current_session.set(session)
            try:
                await super().process_update(update)
            finally:
                current_session.reset(token)
                if not await updates.end_update(session, update.update_id):
                    log.info("update %d was handled by another process", update.update_id)


def build_application(
    settings: Settings,
    db: Database,
    *,
    limits: Limits | None = None,
    budget: UpdateBudget | None = None,
) -> SpotCheckApplication:
    """`limits` and `budget` are Telegram's pace and the per-user flood budget; tests shrink
    them, the bot runs with the defaults."""
    runtime = Runtime.create(settings, db)
    api = settings.telegram_api_url
    # One pacer for everything the process sends: replies (through the rate limiter) and
    # the outbox (the sender, in start()) share Telegram's limits.
    pacer = Pacer(limits or Limits())
    # Several processes: every send (outbox and replies) reserves its slot in the database.
    shared = SharedSlots(db, pacer.limits) if settings.shared_pacing else None
    processor = ChatProcessor(budget=budget)
    app = (
        ApplicationBuilder()
        .application_class(SpotCheckApplication)
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(context=SpotContext))
        # Every text is Telegram HTML, with values escaped once by bot.texts.echo.
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Replies take their slots from the shared pacer; a 429 pauses it and is retried.
        .rate_limiter(PacedRateLimiter(pacer, max_retries=3, shared=shared))
        # Chats are handled in parallel, each chat's updates in order; floods are dropped.
        .concurrent_updates(processor)
        .build()
    )
    assert isinstance(app, SpotCheckApplication)
    processor.attach(app.bot, runtime.texts.flood_notice)
    app.bot_data[RUNTIME_KEY] = runtime
    app.bot_data[PACER_KEY] = pacer
    if shared is not None:
        app.bot_data[SHARED_SLOTS_KEY] = shared
    register_all(app)
    return app


def runtime_of(app: Application) -> Runtime:  # type: ignore[type-arg]
    runtime = app.bot_data[RUNTIME_KEY]
    assert isinstance(runtime, Runtime)
    return runtime


async def start(app: SpotCheckApplication) -> None:
    """Initialize, start the outbox and the update source (polling or webhook)."""
    runtime = runtime_of(app)
    settings = runtime.settings
    await app.initialize()
    runtime.bot_username = app.bot.username
    await publish_menus(app.bot, runtime.texts, settings.admin_chat_id)

    async def on_unreachable(session: Any, chat_id: int) -> None:
        await accounts.note_unreachable(session, chat_id, runtime)

    settings.media_dir.mkdir(parents=True, exist_ok=True)
    sender = OutboxSender(
        runtime.db,
        TelegramTransport(app.bot, settings.media_dir, settings.public_dir),
        on_unreachable=on_unreachable,
        pacer=app.bot_data[PACER_KEY],
        shared=app.bot_data.get(SHARED_SLOTS_KEY),
        lease=settings.outbox_lease_seconds,
    )
    await sender.start()
    runtime.wake_outbox = sender.wake
    app.bot_data[SENDER_KEY] = sender
    # Jobs a previous run left behind are reported before any new update is taken.
    async with runtime.db.session() as session:
        await jobs.sweep(session, runtime)
    # Draws locked on the command line, or a policy changed in .env since the last run:
    # every open task's reminders are brought up to date (idempotent).
    async with runtime.db.session() as session, session.begin():
        calendar = await work_calendar.load(session)
        await reminders.schedule_open(session, runtime, calendar)
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            _sweep_reminders, interval=REMINDER_SWEEP_INTERVAL, first=REMINDER_SWEEP_INTERVAL
        )
        app.job_queue.run_repeating(_forget_old_updates, interval=FORGET_INTERVAL, first=60)
        app.job_queue.run_repeating(
            _sweep_jobs, interval=JOB_SWEEP_INTERVAL, first=JOB_SWEEP_INTERVAL
        )
        if settings.backup_dir is not None:
            app.job_queue.run_daily(
                nightly_backup, time=settings.backup_time.replace(tzinfo=settings.tz)
            )

    assert app.updater is not None
    if not settings.receive_updates:
        log.info("not receiving updates (RECEIVE_UPDATES=false): sending and sweeping only")
    elif settings.webhook_url:
        if settings.webhook_secret is None:
            # Settings refuse this already; without a secret, anyone who finds the URL could
            # post updates as an admin.
            raise RuntimeError("webhook mode needs WEBHOOK_SECRET")
        await app.updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
        )
    else:
        await app.updater.start_polling(timeout=timedelta(seconds=30))
    await app.start()
    log.info(
        "SpotCheck is running as @%s (%s)",
        runtime.bot_username,
        "webhook"
        if settings.webhook_url
        else "long polling"
        if settings.receive_updates
        else "no updates",
    )


async def stop(app: SpotCheckApplication) -> None:
    """Stop taking updates, finish messages in flight, release everything."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    sender = app.bot_data.pop(SENDER_KEY, None)
    if isinstance(sender, OutboxSender):
        await sender.stop()
    await app.shutdown()


# Every process schedules the periodic jobs below; each runs only in the process holding its
# lease (bot.services.leases), so that it runs once per period across processes.


async def _forget_old_updates(context: SpotContext) -> None:
    runtime = context.runtime

    async def work() -> None:
        async with runtime.db.session() as session:
            removed = await updates.forget_old(session)
            ended = await flows.forget_ended(session)
        shared = context.bot_data.get(SHARED_SLOTS_KEY)
        if isinstance(shared, SharedSlots):
            await shared.forget_old()
        if removed or ended:
            log.info(
                "forgot %d old processed update ids and %d ended conversations", removed, ended
            )

    await leases.run_if_holder(runtime.db, "forget-old", FORGET_INTERVAL, work)


async def _sweep_jobs(context: SpotContext) -> None:
    """Jobs whose process died elsewhere (another process, the command line) are reported
    once their lease runs out."""
    runtime = context.runtime

    async def work() -> None:
        async with runtime.db.session() as session:
            await jobs.sweep(session, runtime)

    await leases.run_if_holder(runtime.db, "jobs-sweep", JOB_SWEEP_INTERVAL, work)


async def nightly_backup(context: SpotContext) -> None:
    """BACKUP_DIR's nightly backup; the copying runs in threads (bot.backups), so updates
    and the outbox go on meanwhile."""
    runtime = context.runtime
    settings = runtime.settings
    if settings.backup_dir is None:
        return
    try:
        report = await backups.nightly(
            settings.backup_dir,
            settings.backup_keep,
            runtime.now(),
            database_url=settings.database_url,
            media_dir=settings.media_dir,
            public_dir=settings.public_dir,
            schema=runtime.db.schema,
        )
    except (backups.BackupError, OSError):
        log.exception("the nightly backup into %s failed", settings.backup_dir)
        return
    if report is None:
        log.info("tonight's backup was taken by another process")
    else:
        log.info(
            "nightly backup %s: %d files, audit head %s",
            report.folder,
            report.files,
            report.audit.head,
        )


async def _sweep_reminders(context: SpotContext) -> None:
    """Due reminders become outbox messages (bot.services.reminders.sweep)."""
    runtime = context.runtime

    async def work() -> None:
        await reminders.sweep(runtime)

    await leases.run_if_holder(runtime.db, "reminders-sweep", REMINDER_SWEEP_INTERVAL, work)
