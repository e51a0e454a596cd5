"""`python -m bot export stats FILE.xlsx [--plan CODE | --year Y]`: the numbers of /stats."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.refusals import Refusal
from bot.settings import CommonSettings
from bot.stats import collect, resolve, workbook_bytes
from bot.stats.report import scope_name
from bot.texts import get_texts, plain
from storage.database import Database
from storage.types import utcnow

USAGE = "usage: python -m bot export stats FILE.xlsx [--plan CODE | --year Y]"


async def export_stats(
    path: Path, settings: CommonSettings, *, plan: str | None, year: int | None
) -> int:
    if plan is not None and year is not None:
        print(f"{USAGE}  (--plan or --year, not both)", file=sys.stderr)
        return 2
    texts = get_texts(settings.language)
    now = utcnow()
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            scope = await resolve(session, plan or (str(year) if year is not None else ""),
                                  now.astimezone(settings.tz).date())  # fmt: skip
            stats = await collect(session, scope, settings, now)
    except Refusal as refusal:
        print(plain(refusal.text(texts)), file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    content = await asyncio.to_thread(workbook_bytes, stats, texts)
    try:
        path.write_bytes(content)
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{path}: {scope_name(texts, scope)}, {stats.tasks} task(s)")
    return 0
