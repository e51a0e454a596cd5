"""`python -m bot`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from bot import (
    __version__,
    backup_cli,
    calendar_cli,
    draws_cli,
    plans_cli,
    registers_cli,
    stats_cli,
)
from bot.logs import setup_logging
from bot.services.registers import REGISTER_NAMES, RegisterName, register_named
from bot.settings import CommonSettings, Settings, explain_settings_error

S = TypeVar("S", bound=CommonSettings)

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
    names = ", ".join(REGISTER_NAMES)
    for name, what in (
        ("import", "import a register file (XLSX or CSV); all or nothing"),
        (
            "export",
            "export a register to XLSX, a draw's public record (export draw CODE FILE), "
            "a task's evidence with its record sheet (export evidence TASK DIR), "
            "or the statistics (export stats FILE.xlsx [--plan CODE | --year Y])",
        ),
        ("template", "write an empty XLSX template for a register"),
    ):
        sub = commands.add_parser(name, help=what, description=f"{what}. Registers: {names}.")
        if name == "export":
            sub.add_argument("register", metavar="REGISTER",
                             help=f"{names}, draw, evidence or stats")  # fmt: skip
            sub.add_argument("file", nargs="+", metavar="FILE",
                             help="FILE, CODE FILE.json, or TASK DIR")  # fmt: skip
            sub.add_argument("--plan", help="stats only: the plan's code (default: this year)")
            sub.add_argument("--year", type=int, help="stats only: draws locked in year Y")
        else:
            sub.add_argument(
                "register",
                type=_register_or_plan,
                metavar="REGISTER",
                help=f"{names}, plan (the annual plan), or holidays (import only: a year's "
                "days off and make-up working days)",
            )
            sub.add_argument("file", type=Path, metavar="FILE")
        if name == "template":
            sub.add_argument("--year", type=int, help="plan only: the plan's year (default: "
                             "this year)")  # fmt: skip
        if name == "import":
            sub.add_argument("--year", type=int, help="holidays only: the year (default: the "
                             "one the file's dates are in)")  # fmt: skip
            sub.add_argument(
                "--deactivate-missing",
                action="store_true",
                help="also deactivate rows of the register that are missing from FILE "
                "(without it, a partial file only adds and updates)",
            )
    draws_cli.add_parser(commands)
    backup_cli.add_parsers(commands)
    verify = commands.add_parser(
        "verify",
        help="re-derive a draw's targets and teams from its public record (no database), "
        "or walk the audit log's hash chain (verify audit)",
    )
    verify.add_argument("record", type=Path, metavar="FILE.json|audit")
    verify.add_argument(
        "--baseline",
        action="store_true",
        help="audit only, once after upgrading a database from before the chain covered "
        "draws, results, evidence and publications: verify, then record those rows as they are",
    )
    copy = commands.add_parser(
        "copy-database",
        help="copy every table into an empty database (e.g. SQLite to PostgreSQL), ids kept",
    )
    copy.add_argument("source", metavar="FROM_URL")
    copy.add_argument("target", metavar="TO_URL")
    return parser


async def _copy_database(source_url: str, target_url: str) -> int:
    from storage.copy import TargetNotEmpty, copy_database
    from storage.database import Database

    source, target = Database(source_url), Database(target_url)
    if source.url == target.url:
        print("refused: FROM_URL and TO_URL are the same database", file=sys.stderr)
        return 2
    try:
        copied = await copy_database(source, target)
    except TargetNotEmpty as exc:
        print(f"refused: {exc}; nothing was copied", file=sys.stderr)
        return 1
    finally:
        await source.dispose()
        await target.dispose()
    print(f"copied {sum(copied.values())} rows in {len(copied)} tables")
    return 0


def _verify(path: Path) -> int:
    from bot.draws.record import DrawRecord, verify

    try:
        record = DrawRecord.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{path}: not a readable draw record ({exc})", file=sys.stderr)
        return 2
    difference = verify(record)
    if difference is None:
        print(f"{record.code}: {len(record.sample)} targets, {len(record.recusals)} recusals")
        print("verified")
        return 0
    print(f"{record.code}: {difference}")
    return 1


def _export(args: argparse.Namespace, settings: CommonSettings) -> int:
    """`export REGISTER FILE`, or `export draw CODE FILE.json`."""
    if args.register == "draw":
        if len(args.file) != 2:
            print("usage: python -m bot export draw CODE FILE.json", file=sys.stderr)
            return 2
        code, path = args.file
        return asyncio.run(draws_cli.export_draw(code, Path(path), settings))
    if args.register == "stats":
        if len(args.file) != 1:
            print(stats_cli.USAGE, file=sys.stderr)
            return 2
        return asyncio.run(stats_cli.export_stats(Path(args.file[0]), settings,
                                                  plan=args.plan, year=args.year))  # fmt: skip
    if args.register == "evidence":
        if len(args.file) != 2:
            print("usage: python -m bot export evidence TASK DIR  (TASK: e.g. "
                  "双随机〔2026〕第001号-003)", file=sys.stderr)  # fmt: skip
            return 2
        task, folder = args.file
        return asyncio.run(_export_evidence(task, Path(folder), settings))
    try:
        name = _register(args.register)
    except argparse.ArgumentTypeError as exc:
        print(exc, file=sys.stderr)
        return 2
    if len(args.file) != 1:
        print("usage: python -m bot export REGISTER FILE", file=sys.stderr)
        return 2
    return asyncio.run(registers_cli.run("export", name, Path(args.file[0]), settings))


def _register(text: str) -> RegisterName:
    name = register_named(text)
    if name is None:
        raise argparse.ArgumentTypeError(
            f"unknown register {text!r}: use {', '.join(REGISTER_NAMES)} (or 检查对象, 抽查事项, "
            "检查人员, 回避关系)"
        )
    return name


def _register_or_plan(text: str) -> str:
    if text.strip().lower() in ("plan", "计划", "年度计划", "年度抽查计划"):
        return "plan"
    if text.strip().lower() in ("holidays", "放假安排", "节假日", "工作日历"):
        return "holidays"
    return _register(text)


def load_settings(kind: type[S]) -> S | None:
    try:
        return kind()
    except ValidationError as exc:
        print(explain_settings_error(exc), file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "verify":
        if str(args.record) == "audit":
            common = load_settings(CommonSettings)
            if common is None:
                return EXIT_CONFIG
            setup_logging(common.log_level_number, "")
            return asyncio.run(_verify_audit(common, baseline=args.baseline))
        return _verify(args.record)
    if args.command == "copy-database":
        setup_logging(logging.INFO, "")
        return asyncio.run(_copy_database(args.source, args.target))
    if args.command in ("import", "export", "template", "migrate", "draw", "backup", "restore"):
        # These never talk to Telegram, so they do not ask for a token.
        common = load_settings(CommonSettings)
        if common is None:
            return EXIT_CONFIG
        setup_logging(common.log_level_number, "")
        if args.command == "migrate":
            return asyncio.run(_migrate(common))
        if args.command == "draw":
            return asyncio.run(draws_cli.run_draw(args, common))
        if args.command == "backup":
            return asyncio.run(backup_cli.run_backup(args.folder, common))
        if args.command == "restore":
            return asyncio.run(backup_cli.run_restore(args.folder, common))
        if args.command == "export":
            return _export(args, common)
        if args.register == "holidays":
            if args.command != "import":
                print("holidays: only import (python -m bot import holidays FILE [--year Y])",
                      file=sys.stderr)  # fmt: skip
                return 2
            return asyncio.run(calendar_cli.run(args.file, common, year=args.year))
        if args.register == "plan":
            return asyncio.run(plans_cli.run(args.command, args.file, common,
                                             year=getattr(args, "year", None)))  # fmt: skip
        return asyncio.run(
            registers_cli.run(
                args.command,
                args.register,
                args.file,
                common,
                deactivate_missing=getattr(args, "deactivate_missing", False),
            )
        )
    settings = load_settings(Settings)
    if settings is None:
        return EXIT_CONFIG
    setup_logging(settings.log_level_number, settings.telegram_bot_token.get_secret_value())
    return asyncio.run(_run(settings))


async def _export_evidence(task: str, folder: Path, settings: CommonSettings) -> int:
    from bot.refusals import Refusal
    from bot.services import records
    from bot.texts import get_texts, plain
    from storage.database import Database

    texts = get_texts(settings.language)
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            task_id = await records.find_task(session, task)
            manifest, digest, count = await records.export_evidence(
                session, task_id, folder, texts=texts, settings=settings
            )
    except Refusal as refusal:
        print(plain(refusal.text(texts)), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        await db.dispose()
    print(f"{count} file(s), the record sheet and {manifest.name} in {folder}")
    print(f"manifest SHA-256 {digest}")
    return 0


async def _verify_audit(settings: CommonSettings, *, baseline: bool = False) -> int:
    """`verify audit`: the chain and the records it covers; exit 1 at the first problem."""
    from bot.services import audit
    from storage.database import Database

    db = Database(settings.database_url)
    adopted = 0
    try:
        await db.migrate()
        async with db.session() as session:
            if baseline:
                async with session.begin():
                    result, adopted = await audit.baseline(session, None)
            else:
                result = await audit.verify(session)
    finally:
        await db.dispose()
    if adopted:
        print(f"baseline: {adopted} records from before the chain covered them are recorded")
    if result.ok:
        print(f"verified {result.count} entries, head {result.head or '-'}")
        return 0
    where = f"entry {result.entry_id}: " if result.entry_id is not None else ""
    print(f"audit log: {where}{result.problem}")
    print(f"(the first {result.count} entries are intact)")
    return 1


async def _migrate(settings: CommonSettings) -> int:
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
