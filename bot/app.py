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
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    ExtBot,
)

from bot.delivery import OutboxSender
from bot.runtime import Runtime
from bot.services import accounts, updates
from bot.settings import Settings
from bot.transport import TelegramTransport
from handlers import register_all
from handlers._context import RUNTIME_KEY, SpotContext, current_session
from handlers.menus import publish_menus
from storage.database import Database

log = logging.getLogger(__name__)

SENDER_KEY = "outbox_sender"


class SpotCheckApplication(Application[ExtBot[None], SpotContext, Any, Any, Any, Any]):
    """Opens one database session per update, and skips updates already handled."""

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
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
                await updates.end_update(session, update.update_id)


def build_application(settings: Settings, db: Database) -> SpotCheckApplication:
    runtime = Runtime.create(settings, db)
    api = settings.telegram_api_url
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
        # Replies are paced too, and a 429 waits retry_after before trying again.
        .rate_limiter(AIORateLimiter(max_retries=3))
        .build()
    )
    assert isinstance(app, SpotCheckApplication)
    app.bot_data[RUNTIME_KEY] = runtime
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
        runtime.db, TelegramTransport(app.bot, settings.media_dir), on_unreachable=on_unreachable
    )
    await sender.start()
    runtime.wake_outbox = sender.wake
    app.bot_data[SENDER_KEY] = sender
    if app.job_queue is not None:
        app.job_queue.run_repeating(_forget_old_updates, interval=timedelta(hours=6), first=60)

    assert app.updater is not None
    if settings.webhook_url:
        await app.updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else None,
        )
    else:
        await app.updater.start_polling(timeout=timedelta(seconds=30))
    await app.start()
    log.info(
        "SpotCheck is running as @%s (%s)",
        runtime.bot_username,
        "webhook" if settings.webhook_url else "long polling",
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


async def _forget_old_updates(context: SpotContext) -> None:
    runtime = context.runtime
    async with runtime.db.session() as session:
        removed = await updates.forget_old(session)
    if removed:
        log.info("forgot %d old processed update ids", removed)
