"""`python -m bot import holidays FILE [--year Y]`: a year's 放假安排 from a terminal.

Same reader and service as the admin group's file with the caption /holidays.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import SecretStr, ValidationError

from bot.calendar_import import InputError, read_file
from bot.runtime import Runtime
from bot.services import calendar
from bot.settings import CommonSettings, Settings, explain_settings_error
from bot.texts import get_texts, plain
from storage.database import Database

SHOWN = 100
#: The command line never talks to Telegram, but the service's runtime carries the bot's
#: settings (ADMIN_CHAT_ID, the outbox): a placeholder stands in for the token it never uses.
_NO_TOKEN = SecretStr("0:unused-on-the-command-line")


async def run(path: Path, settings: CommonSettings, *, year: int | None) -> int:
    texts = get_texts(settings.language)
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    try:
        bot_settings = Settings(telegram_bot_token=_NO_TOKEN)
    except ValidationError as exc:
        print(explain_settings_error(exc), file=sys.stderr)
        return 2
    try:
        arrangement = read_file(path, year)
    except InputError as error:
        print(plain(texts.holidays_import_failed.format(count=error.count)))
        for line in calendar.issue_lines(texts, error, SHOWN):
            print(plain(line))
        return 1
    except OSError as exc:
        print(f"{exc.filename or path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            runtime = Runtime.create(bot_settings, db)
            outcome = await calendar.import_year(session, runtime, arrangement.year,
                                                 arrangement.days, user_id=None)  # fmt: skip
    finally:
        await db.dispose()
    text = texts.holidays_imported.format(year=outcome.year, days_off=outcome.days_off,
                                          weekdays_off=outcome.weekdays_off,
                                          makeup=outcome.makeup_days,
                                          recomputed=outcome.recomputed)  # fmt: skip
    if outcome.replaced:
        text += "\n" + texts.holidays_replaced.format(year=outcome.year)
    print(plain(text))
    return 0
