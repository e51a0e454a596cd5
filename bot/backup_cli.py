"""`python -m bot backup DIR` and `python -m bot restore DIR`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot import backups
from bot.settings import CommonSettings


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "backup",
        help="copy the database, MEDIA_DIR and PUBLIC_DIR into DIR with a manifest of hashes "
        "(safe while the bot runs)",
    )
    sub.add_argument("folder", type=Path, metavar="DIR", help="an empty or new folder")
    sub = commands.add_parser(
        "restore",
        help="verify a backup and bring it into an empty database, MEDIA_DIR and PUBLIC_DIR",
    )
    sub.add_argument("folder", type=Path, metavar="DIR", help="a folder written by backup")


async def run_backup(folder: Path, settings: CommonSettings) -> int:
    began = time.monotonic()
    try:
        report = await backups.backup(
            folder,
            database_url=settings.database_url,
            media_dir=settings.media_dir,
            public_dir=settings.public_dir,
        )
    except backups.BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"backup failed: {exc.filename or folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in report.vanished:
        print(f"note: {path} moved while the backup ran (its new place is newer than the "
              "database copy)", file=sys.stderr)  # fmt: skip
    print(f"database ({report.database_kind}), revision {report.revision or '-'}, "
          f"SHA-256 {report.database_sha256}")  # fmt: skip
    print(f"audit log: {report.audit.count} entries, head {report.audit.head or '-'}")
    print(f"{report.files} file(s), {report.bytes} bytes")
    print(f"backup written to {folder} in {time.monotonic() - began:.1f} s")
    return 0


async def run_restore(folder: Path, settings: CommonSettings) -> int:
    began = time.monotonic()
    try:
        report = await backups.restore(
            folder,
            database_url=settings.database_url,
            media_dir=settings.media_dir,
            public_dir=settings.public_dir,
        )
    except backups.BackupError as exc:
        print(f"restore refused: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"restore failed: {exc.filename or folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in report.extra_files:
        print(f"note: {path} is not in the manifest; not restored", file=sys.stderr)
    print(f"database ({report.database_kind}) restored, revision "
          f"{report.revision_before or '-'} -> {report.revision_after or '-'}")  # fmt: skip
    print(f"{report.files} file(s), {report.bytes} bytes, restored and verified")
    print(f"audit chain verified: {report.audit.count} entries, head "
          f"{report.audit.head or '-'}")  # fmt: skip
    print(f"restored from {folder} in {time.monotonic() - began:.1f} s")
    return 0
