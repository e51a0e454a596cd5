"""`python -m bot template|import plan FILE`: the annual plan from a terminal.

Same services as the admin group's /template plan and /import plan. A change after draws is
announced in the admin group (through the outbox) when ADMIN_CHAT_ID is configured.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError, field_validator

from bot.outbox import Outbox
from bot.registers_cli import written_to
from bot.services import plans
from bot.settings import CommonSettings
from bot.texts import get_texts, plain
from storage.database import Database

SHOWN = 100


class _WithGroup(CommonSettings):
    """The admin group, if configured: the bot's own settings without needing its token."""

    admin_chat_id: int | None = None

    @field_validator("admin_chat_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def _admin_chat_id() -> int | None:
    try:
        return _WithGroup().admin_chat_id
    except ValidationError:
        return None  # the rest of the settings was checked already; the notice is optional


async def run(command: str, path: Path, settings: CommonSettings, *, year: int | None) -> int:
    texts = get_texts(settings.language)
    if command == "template" and not path.parent.is_dir():
        print(f"{path}: the folder {path.parent} does not exist", file=sys.stderr)
        return 2
    if command == "import" and not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            if command == "template":
                year = year or datetime.now(settings.tz).year
                with written_to(path) as draft:
                    existing = await plans.write_template(session, year, texts.plan_sheet_title,
                                                          draft)  # fmt: skip
                caption = (texts.plan_template_existing_caption if existing
                           else texts.plan_template_caption)  # fmt: skip
                print(f"{path}: {plain(caption.format(year=year))}")
                return 0
            result = await plans.import_plan(session, path, actor=None, texts=texts,
                                             outbox=Outbox,
                                             admin_chat_id=_admin_chat_id())  # fmt: skip
    except OSError as exc:  # an unwritable file, a full disk: one clear line
        print(f"{exc.filename or path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        await db.dispose()
    for line in plans.report_lines(texts, result, SHOWN):
        print(plain(line))
    return 0 if result.report.ok else 1
