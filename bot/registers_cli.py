"""`python -m bot import|export|template REGISTER FILE`: the registers from a terminal.

Same services as the admin group's /import and /export, so both behave identically.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bot.registers.report import describe, issues_csv
from bot.services import registers
from bot.services.registers import RegisterName
from bot.settings import CommonSettings
from bot.texts import get_texts, plain
from storage.database import Database

SHOWN = 20


async def run(
    command: str,
    name: RegisterName,
    path: Path,
    settings: CommonSettings,
    *,
    deactivate_missing: bool = False,
) -> int:
    texts = get_texts(settings.language)
    title = texts.register_names[name]
    if command in ("export", "template") and not path.parent.is_dir():
        print(f"{path}: the folder {path.parent} does not exist", file=sys.stderr)
        return 2
    if command == "import" and not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    try:
        if command == "template":
            with written_to(path) as draft:
                registers.write_template(name, title, draft)
            print(f"{path}: {title}")
            return 0
        db = Database(settings.database_url)
        try:
            await db.migrate()
            async with db.session() as session:
                if command == "export":
                    with written_to(path) as draft:
                        count = await registers.export_register(session, name, title, draft)
                    print(f"{path}: {title}, {count}")
                    return 0
                today = datetime.now(settings.tz).date()
                report = await registers.import_register(
                    session, name, path, actor=None, today=today,
                    deactivate_missing=deactivate_missing,
                )  # fmt: skip
        finally:
            await db.dispose()
    except OSError as exc:  # an unwritable file, a full disk: one clear line
        print(f"{exc.filename or path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if report.ok:
        print(plain(texts.import_ok.format(register=title, rows=report.rows, added=report.added,
                                            updated=report.updated, reactivated=report.reactivated,
                                            unchanged=report.unchanged,
                                            deactivated=report.deactivated)))  # fmt: skip
        if report.missing:
            print(texts.cli_missing_hint.format(missing=report.missing))
    else:
        print(plain(texts.import_failed.format(register=title, count=report.error_count)))
        for issue in report.errors[:SHOWN]:
            print("  " + describe(issue, texts))
    for issue in report.warnings[:SHOWN]:
        print("  " + texts.issue_warning + ": " + describe(issue, texts))
    if report.error_count > SHOWN or report.warning_count > SHOWN:
        problems = path.with_name(path.name + ".problems.csv")
        problems.write_bytes(issues_csv(report, texts))
        print(f"{texts.issues_file_caption}: {problems}")
    return 0 if report.ok else 1


@contextlib.contextmanager
def written_to(path: Path) -> Iterator[Path]:
    """A draft file that becomes `path` when the body succeeds: a failed write never leaves
    half a spreadsheet behind, and a destination that cannot be written fails plainly."""
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / path.name
        yield draft
        shutil.copyfile(draft, path)
