"""`python -m bot`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot import __version__
from bot.logs import setup_logging
from bot.settings import Settings, explain_settings_error

EXIT_CONFIG = 2

log = logging.getLogger("spotcheck")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="SpotCheck: a Telegram bot for 双随机、一公开 random spot checks.",
        epilog="Settings come from the environment and .env; see .env.example.",
    )
    parser.add_argument("--version", action="version", version=f"SpotCheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="migrate the database and run the bot (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    return parser


def load_settings() -> Settings | None:
    try:
        return Settings()
    except ValidationError as exc:
        print(explain_settings_error(exc), file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    if settings is None:
        return EXIT_CONFIG
    setup_logging(settings.log_level_number, settings.telegram_bot_token.get_secret_value())
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    return asyncio.run(_run(settings))


async def _migrate(settings: Settings) -> int:
    from storage.database import Database

    db = Database(settings.database_url)
    try:
        await db.migrate()
    finally:
        await db.dispose()
    log.info("database is up to date")
    return 0


async def _run(settings: Settings) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot import app as application
    from storage.database import Database

    db = Database(settings.database_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await db.migrate()
        app = application.build_application(settings, db)
        try:
            await application.start(app)
        except InvalidToken:
            print(
                "Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather.", file=sys.stderr
            )
            return EXIT_CONFIG
        except NetworkError as exc:
            print(
                f"Cannot reach the Bot API at {settings.telegram_api_url}: {exc}", file=sys.stderr
            )
            return 1
        await stop.wait()
        log.info("stopping")
        await application.stop(app)
    finally:
        await db.dispose()
    return 0
