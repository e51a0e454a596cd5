"""Backups: a consistent copy of the database and the files while the bot runs, and restore.

A backup directory holds ``database.sqlite3`` (SQLite's online backup API) or
``database.pgdump`` (``pg_dump --format=custom``), ``media/`` (MEDIA_DIR), ``public/``
(PUBLIC_DIR) and ``manifest.json``: every file's path, size and SHA-256, the database file's
hash, the audit head, the schema revision, the time and SpotCheck's version. The manifest is
written last, so a directory without one is an unfinished backup and restore refuses it.

The database is copied first and the files after it: a file the snapshot refers to was
written before the row that names it was committed, so it is on disk when the files are
walked; files that arrive later are extra, never missing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from bot import __version__
from storage.database import Database, normalize_url
from storage.types import utcnow

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
FORMAT = "spotcheck-backup"
FORMAT_VERSION = 1
#: The folders a backup holds files in, each copied from (and back to) a setting's folder.
FOLDERS = ("media", "public")
_PART = ".part"
_CHUNK = 1 << 20
#: Nightly backups are named after their scheduled local time.
_NIGHTLY_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-\d{4}")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message names the first problem."""


@dataclass(frozen=True, slots=True)
class AuditHead:
    count: int
    head: str | None


@dataclass(slots=True)
class BackupReport:
    folder: Path
    database_kind: str
    database_sha256: str
    files: int
    bytes: int
    audit: AuditHead
    revision: str | None
    #: Files that disappeared between being listed and being copied (moved meanwhile).
    vanished: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RestoreReport:
    database_kind: str
    files: int
    bytes: int
    revision_before: str | None
    revision_after: str | None
    audit: AuditHead  # verified: the chain walked, its count and head as in the manifest
    extra_files: list[str] = field(default_factory=list)


# --- files -------------------------------------------------------------------------------


def _copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    """Copy through a temporary name, renamed at the end; returns (size, SHA-256) of the
    bytes written, so that the manifest describes exactly what is in the backup."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + _PART)
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as reader, part.open("wb") as writer:
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        shutil.copystat(source, part)
        part.replace(target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under root, sorted; symbolic links are not followed (they could point
    anywhere) and unfinished temporary copies are left out."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name.endswith(_PART):
            continue
        yield path


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _copy_folders(folders: dict[str, Path], target: Path) -> tuple[list[dict[str, Any]], list[str]]:
    entries: list[dict[str, Any]] = []
    vanished: list[str] = []
    for name, root in folders.items():
        for source in _walk(root):
            relative = PurePosixPath(name, *source.relative_to(root).parts)
            try:
                size, digest = _copy_hashed(source, target / relative)
            except FileNotFoundError:
                # Moved meanwhile (pending evidence filed under its task): the new path is
                # newer than the database snapshot anyway.
                vanished.append(str(relative))
                continue
            entries.append({"path": str(relative), "size": size, "sha256": digest})
    return entries, vanished


# --- database ----------------------------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(parsed.database)


def _sqlite_snapshot(source: Path, target: Path) -> tuple[AuditHead, str | None]:
    """SQLite's online backup from a connection of our own: it copies one consistent state
    (in WAL mode writers go on meanwhile). Returns what the copy says."""
    if not source.is_file():
        raise BackupError(f"{source}: no such database file")
    part = target.with_name(target.name + _PART)
    # A connection of its own (not read-only: a read-only connection cannot always open a
    # WAL database); the backup only reads from it.
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)  # pages=-1: one step, one read transaction, one snapshot
            # A standalone file: no -wal beside it to lose.
            dst.execute("PRAGMA journal_mode=DELETE")
            facts = _sqlite_facts(dst)
        finally:
            dst.close()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    part.replace(target)
    return facts


def _sqlite_facts(conn: sqlite3.Connection) -> tuple[AuditHead, str | None]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    audit = AuditHead(0, None)
    if "audit_log" in tables:
        count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        head = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        audit = AuditHead(int(count), head[0] if head else None)
    return audit, revision


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A URL pg_dump understands, and the environment carrying its password (never on the
    command line, where `ps` shows it)."""
    parsed = make_url(normalize_url(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    query: dict[str, str] = {}
    for key, value in parsed.query.items():
        single = value if isinstance(value, str) else value[0]
        if key == "ssl":  # asyncpg's spelling
            query["sslmode"] = single
        elif key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"):
            query[key] = single
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=query,
    )
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools (e.g. apt install "
            f"postgresql-client) in the version of the server or newer"
        )
    return path


async def _run_tool(args: list[str], env: dict[str, str]) -> None:
    process = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _out, err = await process.communicate()
    if process.returncode != 0:
        message = err.decode(errors="replace").strip() or f"exit code {process.returncode}"
        raise BackupError(f"{Path(args[0]).name} failed: {message}")


async def _facts(conn: Any, *, sqlite: bool) -> tuple[AuditHead, str | None]:
    """The audit head and the schema revision, read on `conn` (in its transaction)."""
    if sqlite:
        query = "SELECT name FROM sqlite_master WHERE type='table'"
    else:
        query = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    tables = set((await conn.execute(text(query))).scalars())
    revision = None
    if "alembic_version" in tables:
        revision = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    audit = AuditHead(0, None)
    if "audit_log" in tables:
        count = (await conn.execute(text("SELECT count(*) FROM audit_log"))).scalar_one()
        head = (
            await conn.execute(text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        ).scalar()
        audit = AuditHead(int(count), head)
    return audit, revision


async def _pg_snapshot(url: str, schema: str | None, target: Path) -> tuple[AuditHead, str | None]:
    """pg_dump in a snapshot this process exports: the audit head and revision read in the
    same snapshot are exactly those of the dump."""
    pg_dump = _tool("pg_dump")
    dsn, env = _libpq(url)
    part = target.with_name(target.name + _PART)
    db = Database(url, schema=schema)
    try:
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="REPEATABLE READ")
            async with conn.begin():
                snapshot = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
                facts = await _facts(conn, sqlite=False)
                args = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
                args += [f"--snapshot={snapshot}", f"--file={part}"]
                if schema:
                    args.append(f"--schema={schema}")
                args.append(f"--dbname={dsn}")
                await _run_tool(args, env)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        await db.dispose()
    part.replace(target)
    return facts


# --- backup ------------------------------------------------------------------------------


async def backup(
    folder: Path,
    *,
    database_url: str,
    media_dir: Path,
    public_dir: Path,
    schema: str | None = None,
) -> BackupReport:
    """Write a backup into `folder` (created; refused unless empty)."""
    if not _is_empty_dir(folder):
        raise BackupError(f"{folder} is not empty: a backup goes into an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    started = utcnow()
    source = sqlite_path(database_url)
    if source is not None:
        db_file = folder / SQLITE_FILE
        # File I/O, off the event loop.
        audit, revision = await asyncio.to_thread(_sqlite_snapshot, source, db_file)
        kind = "sqlite"
    else:
        db_file = folder / PGDUMP_FILE
        audit, revision = await _pg_snapshot(database_url, schema, db_file)
        kind = "postgresql"
    db_sha = await asyncio.to_thread(file_sha256, db_file)
    entries, vanished = await asyncio.to_thread(
        _copy_folders, {"media": media_dir, "public": public_dir}, folder
    )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "spotcheck_version": __version__,
        "created_at": started.isoformat(),
        "database": {
            "kind": kind,
            "file": db_file.name,
            "size": db_file.stat().st_size,
            "sha256": db_sha,
            "schema": schema,
        },
        "schema_revision": revision,
        "audit": {"count": audit.count, "head": audit.head},
        "files": entries,
    }
    await asyncio.to_thread(_write_manifest, folder, manifest)
    return BackupReport(
        folder=folder,
        database_kind=kind,
        database_sha256=db_sha,
        files=len(entries),
        bytes=sum(int(e["size"]) for e in entries),
        audit=audit,
        revision=revision,
        vanished=vanished,
    )


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    part = folder / (MANIFEST + _PART)
    with part.open("w", encoding="utf-8") as writer:
        json.dump(manifest, writer, ensure_ascii=False, indent=2)
        writer.write("\n")
        writer.flush()
        os.fsync(writer.fileno())
    part.replace(folder / MANIFEST)


def nightly_name(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d-%H%M")


def prune(root: Path, keep: int, *, current: Path) -> list[Path]:
    """Keep the `keep` newest complete nightly backups under root; unfinished ones (no
    manifest: a failed night) go too, except `current`. Returns what was removed."""
    named = sorted(p for p in root.iterdir() if p.is_dir() and _NIGHTLY_NAME.fullmatch(p.name))
    complete = [p for p in named if (p / MANIFEST).is_file()]
    doomed = complete[: max(len(complete) - keep, 0)]
    doomed += [p for p in named if p not in complete and p != current]
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return doomed


async def nightly(
    root: Path,
    keep: int,
    moment: datetime,
    *,
    database_url: str,
    media_dir: Path,
    public_dir: Path,
    schema: str | None = None,
) -> BackupReport | None:
    """The nightly backup into root/<local date-time>/, then the old ones pruned. None when
    the folder exists already: another process sharing BACKUP_DIR took this night's."""
    root.mkdir(parents=True, exist_ok=True)
    folder = root / nightly_name(moment)
    try:
        # Atomic: of the processes sharing root, the one that creates the folder backs up.
        folder.mkdir()
    except FileExistsError:
        return None
    report = await backup(
        folder,
        database_url=database_url,
        media_dir=media_dir,
        public_dir=public_dir,
        schema=schema,
    )
    await asyncio.to_thread(prune, root, keep, current=folder)
    return report


# --- restore -----------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path}: missing; a folder without a manifest is not a backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path}: not readable ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a SpotCheck backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: format version {manifest.get('format_version')} unknown")
    return manifest


def _safe_relative(text_path: object) -> PurePosixPath:
    """A manifest path must stay inside media/ or public/: a forged manifest must not make
    restore write anywhere else."""
    if not isinstance(text_path, str):
        raise BackupError(f"manifest: bad file entry {text_path!r}")
    path = PurePosixPath(text_path)
    if (
        path.is_absolute()
        or ".." in path.parts
        or len(path.parts) < 2
        or path.parts[0] not in FOLDERS
    ):
        raise BackupError(f"manifest: {text_path!r} is outside media/ and public/")
    return path


def verify_backup(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Check every file against the manifest (raises on the first problem); returns the
    files present in the backup that the manifest does not list."""
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("file") not in (SQLITE_FILE, PGDUMP_FILE):
        raise BackupError("manifest: no database entry")
    db_file = folder / str(database["file"])
    if not db_file.is_file():
        raise BackupError(f"{database['file']}: missing from the backup")
    if file_sha256(db_file) != database.get("sha256"):
        raise BackupError(f"{database['file']}: SHA-256 does not match the manifest")
    listed: set[str] = set()
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BackupError("manifest: no file list")
    for entry in files:
        if not isinstance(entry, dict):
            raise BackupError(f"manifest: bad file entry {entry!r}")
        relative = _safe_relative(entry.get("path"))
        listed.add(str(relative))
        path = folder / relative
        if not path.is_file():
            raise BackupError(f"{relative}: missing from the backup")
        if path.stat().st_size != entry.get("size"):
            raise BackupError(f"{relative}: size does not match the manifest")
        if file_sha256(path) != entry.get("sha256"):
            raise BackupError(f"{relative}: SHA-256 does not match the manifest")
    extra = [
        str(PurePosixPath(name, *p.relative_to(folder / name).parts))
        for name in FOLDERS
        for p in _walk(folder / name)
    ]
    return [p for p in extra if p not in listed]


async def _target_tables(db: Database) -> dict[str, int]:
    """Tables in the target database with their row counts."""
    async with db.engine.connect() as conn:
        if db.is_sqlite:
            query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        else:
            query = (
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        names = list((await conn.execute(text(query))).scalars())
        counts: dict[str, int] = {}
        for name in names:
            counts[name] = int(
                (await conn.execute(text(f'SELECT count(*) FROM "{name}"'))).scalar_one()
            )
    return counts


async def _refuse_non_empty(database_url: str, schema: str | None) -> None:
    path = sqlite_path(database_url)
    if path is not None and not path.exists():
        return
    db = Database(database_url, schema=schema)
    try:
        tables = await _target_tables(db)
    finally:
        await db.dispose()
    if tables:
        rows = ", ".join(f"{name} ({count} rows)" for name, count in tables.items() if count)
        raise BackupError(
            f"the target database is not empty: it has {len(tables)} tables"
            + (f", with rows in {rows}" if rows else "")
            + "; restore needs an empty database (a new DATABASE_URL)"
        )
    if path is not None:
        # An empty SQLite file (no tables): replaced by the backup's.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


async def restore(
    folder: Path,
    *,
    database_url: str,
    media_dir: Path,
    public_dir: Path,
    schema: str | None = None,
) -> RestoreReport:
    """Verify the backup, then bring it into an empty database and empty folders, migrate,
    and verify the audit chain. Raises BackupError naming the first problem."""
    from bot.services import audit

    manifest = read_manifest(folder)
    extra = await asyncio.to_thread(verify_backup, folder, manifest)
    database = manifest["database"]
    target_sqlite = sqlite_path(database_url)
    kind = "sqlite" if target_sqlite is not None else "postgresql"
    if database.get("kind") != kind:
        raise BackupError(
            f"the backup holds a {database.get('kind')} database; DATABASE_URL is {kind} "
            "(to move between them, restore into the same kind and copy the database)"
        )
    for name, target in (("MEDIA_DIR", media_dir), ("PUBLIC_DIR", public_dir)):
        if not _is_empty_dir(target):
            raise BackupError(f"{name} {target} is not empty: restore needs an empty folder")
    await _refuse_non_empty(database_url, schema)

    db_file = folder / str(database["file"])
    if target_sqlite is not None:
        await asyncio.to_thread(_copy_hashed, db_file, target_sqlite)
    else:
        dsn, env = _libpq(database_url)
        args = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        args += ["--single-transaction", f"--dbname={dsn}", str(db_file)]
        await _run_tool(args, env)

    roots = {"media": media_dir, "public": public_dir}
    copied = 0
    size = 0
    for entry in manifest["files"]:
        relative = _safe_relative(entry["path"])
        target = roots[relative.parts[0]].joinpath(*relative.parts[1:])
        written, digest = await asyncio.to_thread(_copy_hashed, folder / relative, target)
        if digest != entry["sha256"]:
            raise BackupError(f"{relative}: changed while being restored")
        copied += 1
        size += written

    db = Database(database_url, schema=schema)
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            head, revision_after = await _facts(conn, sqlite=db.is_sqlite)
        expected = manifest.get("audit") or {}
        if (head.count, head.head) != (expected.get("count"), expected.get("head")):
            raise BackupError(
                f"audit log: {head.count} entries, head {head.head}; the manifest says "
                f"{expected.get('count')} entries, head {expected.get('head')}"
            )
        async with db.session() as session:
            verification = await audit.verify(session)
        if not verification.ok:
            raise BackupError(
                f"audit chain broken at entry {verification.entry_id}: {verification.problem}"
            )
        if (verification.count, verification.head) != (head.count, head.head):
            raise BackupError(
                f"audit chain: verified {verification.count} entries, head "
                f"{verification.head}; the log has {head.count}, head {head.head}"
            )
    finally:
        await db.dispose()
    return RestoreReport(
        database_kind=kind,
        files=copied,
        bytes=size,
        revision_before=manifest.get("schema_revision"),
        revision_after=revision_after,
        audit=head,
        extra_files=extra,
    )
