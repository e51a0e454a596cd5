"""Backups: taken while the bot sends, restored into a fresh place, compared exactly."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bot import backups
from bot.app import SpotCheckApplication, build_application, runtime_of, start, stop
from bot.cli import main
from bot.services import audit
from bot.settings import Settings
from storage.database import Database, normalize_url
from storage.models import Base, OutboxStatus
from tests.conftest import POSTGRES_URL
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import enqueue, enqueue_direct, eventually

#: Outbox columns the sender changes after the message was written.
SENDER_COLUMNS = {
    "status",
    "attempts",
    "next_attempt_at",
    "claimed_by",
    "claimed_at",
    "sent_at",
    "telegram_message_id",
    "last_error",
}
Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture
async def fresh_target(
    database_url: tuple[str, str | None], tmp_path: Path
) -> AsyncIterator[tuple[str, str | None]]:
    """An empty database elsewhere: a new SQLite file, or a new PostgreSQL database (the
    dump keeps its schema's name, so the schema is the source's)."""
    schema = database_url[1]
    if not POSTGRES_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored' / 'spotcheck.sqlite3'}", None
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not on PATH (apt install postgresql-client)")
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(normalize_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False), schema
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _rows(db: Database) -> Rows:
    """Every table (the models' and Alembic's), every row in key order, every column."""
    result: Rows = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = await conn.execute(select(table).order_by(*order))
            result[table.name] = [dict(row._mapping) for row in rows]
        version = await conn.execute(text("SELECT version_num FROM alembic_version"))
        result["alembic_version"] = [{"version_num": v} for v in version.scalars()]
    return result


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root).as_posix()): p.read_bytes() for p in root.rglob("*") if p.is_file()
    }


def _evidence_files(media: Path, public: Path) -> None:
    (media / "pending").mkdir(parents=True)
    (media / "7").mkdir(parents=True)
    (media / "pending" / "a.jpg").write_bytes(bytes(range(256)) * 400)
    (media / "7" / "现场照片-1.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    (media / "7" / "record.pdf").write_bytes(b"%PDF-1.4 " + uuid.uuid4().bytes * 100)
    public.mkdir(parents=True)
    (public / "结果公告-2026-001.html").write_text("<html>公告</html>", encoding="utf-8")


async def _audit_entries(db: Database, count: int) -> None:
    for n in range(count):
        async with db.session() as session, session.begin():
            await audit.record(session, 1001, "test.backup", entity="draw", entity_id=str(n))


async def test_backup_while_sending_restores_every_row_and_file(
    app: SpotCheckApplication,
    fake: FakeTelegram,
    db: Database,
    settings: Settings,
    database_url: tuple[str, str | None],
    fresh_target: tuple[str, str | None],
    tmp_path: Path,
) -> None:
    if database_url[1] and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    _evidence_files(settings.media_dir, settings.public_dir)
    await _audit_entries(db, 5)
    users = [FakeUser(fake, 60_000 + i, f"检查员{i}") for i in range(200)]
    fake.started_users.update(u.id for u in users)
    await enqueue(runtime_of(app), [(u.id, f"广播 {u.id}") for u in users])
    await eventually(lambda: len(fake.sent) >= 10, what="the broadcast under way")

    folder = tmp_path / "backup"
    report = await backups.backup(
        folder,
        database_url=database_url[0],
        media_dir=settings.media_dir,
        public_dir=settings.public_dir,
        schema=database_url[1],
    )
    manifest = json.loads((folder / backups.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["audit"]["count"] == 5 and manifest["schema_revision"] == report.revision
    assert {e["path"] for e in manifest["files"]} == {
        "media/pending/a.jpg",
        "media/7/现场照片-1.jpg",
        "media/7/record.pdf",
        "public/结果公告-2026-001.html",
    }

    url, schema = fresh_target
    media, public = tmp_path / "restored" / "media", tmp_path / "restored" / "public"
    restored = await backups.restore(
        folder, database_url=url, media_dir=media, public_dir=public, schema=schema
    )
    # restore() walks the chain (audit.verify) and refuses a broken one; it also matched it:
    assert (restored.audit.count, restored.audit.head) == (5, report.audit.head)
    assert restored.files == 4 and not restored.extra_files

    # Files: byte for byte the originals, and what the manifest says.
    assert _files(media) == _files(settings.media_dir)
    assert _files(public) == _files(settings.public_dir)
    for entry in manifest["files"]:
        kind, _, rest = entry["path"].partition("/")
        data = ((media if kind == "media" else public) / rest).read_bytes()
        assert len(data) == entry["size"]
        assert backups.file_sha256((media if kind == "media" else public) / rest) == entry["sha256"]

    target = Database(url, schema=schema)
    try:
        after = await _rows(target)
    finally:
        await target.dispose()
    if not POSTGRES_URL:
        # The backup file is the snapshot itself: the restore equals it exactly.
        snapshot = tmp_path / "snapshot.sqlite3"
        shutil.copyfile(folder / backups.SQLITE_FILE, snapshot)
        reference = Database(f"sqlite+aiosqlite:///{snapshot}")
        try:
            assert await _rows(reference) == after
        finally:
            await reference.dispose()
    # Against the live database: everything but the sender's progress is the same, and
    # the snapshot was taken mid-broadcast, each row in one consistent state.
    live = await _rows(db)
    assert set(live) == set(after)
    for name in live:
        if name != "outbox":
            assert after[name] == live[name], name
    assert len(after["outbox"]) == len(live["outbox"]) == 200
    sent = [row for row in after["outbox"] if row["status"] == OutboxStatus.SENT]
    assert len(sent) < 200, "the backup did not run while messages were being sent"
    for then, now in zip(after["outbox"], live["outbox"], strict=True):
        assert {k: v for k, v in then.items() if k not in SENDER_COLUMNS} == {
            k: v for k, v in now.items() if k not in SENDER_COLUMNS
        }
        if then["status"] == OutboxStatus.SENT:
            assert then == now


async def test_tampered_or_missing_file_is_refused_naming_it(
    db: Database,
    database_url: tuple[str, str | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if database_url[1] and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    media, public = tmp_path / "media", tmp_path / "public"
    _evidence_files(media, public)
    await enqueue_direct(db, [(1, "x")])
    folder = tmp_path / "backup"
    await backups.backup(
        folder,
        database_url=database_url[0],
        media_dir=media,
        public_dir=public,
        schema=database_url[1],
    )
    tampered = folder / "media" / "7" / "现场照片-1.jpg"
    tampered.write_bytes(tampered.read_bytes()[:-1] + b"y")

    target = tmp_path / "restored"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target / 'db.sqlite3'}")
    monkeypatch.setenv("MEDIA_DIR", str(target / "media"))
    monkeypatch.setenv("PUBLIC_DIR", str(target / "public"))
    # The command line runs its own event loop: in a thread of its own here.
    assert await asyncio.to_thread(main, ["restore", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "media/7/现场照片-1.jpg: SHA-256 does not match the manifest" in err
    assert not target.exists(), "nothing is written before the backup is verified"

    tampered.unlink()
    with pytest.raises(backups.BackupError, match=r"现场照片-1\.jpg: missing"):
        backups.verify_backup(folder, backups.read_manifest(folder))
    (folder / backups.MANIFEST).unlink()
    with pytest.raises(backups.BackupError, match="not a backup"):
        backups.read_manifest(folder)


async def test_forged_manifest_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / backups.SQLITE_FILE).write_bytes(b"db")
    manifest = {
        "format": backups.FORMAT,
        "format_version": backups.FORMAT_VERSION,
        "database": {
            "file": backups.SQLITE_FILE,
            "sha256": backups.file_sha256(folder / "database.sqlite3"),
        },
        "files": [{"path": "media/../../etc/passwd", "size": 1, "sha256": "0"}],
    }
    (folder / backups.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(backups.BackupError, match="outside media/ and public/"):
        backups.verify_backup(folder, backups.read_manifest(folder))


async def test_non_empty_targets_are_refused(
    db: Database, database_url: tuple[str, str | None], tmp_path: Path
) -> None:
    if database_url[1] and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    media, public = tmp_path / "media", tmp_path / "public"
    _evidence_files(media, public)
    await enqueue_direct(db, [(1, "x")])
    folder = tmp_path / "backup"
    args: dict[str, Any] = {"media_dir": media, "public_dir": public, "schema": database_url[1]}
    await backups.backup(folder, database_url=database_url[0], **args)
    with pytest.raises(backups.BackupError, match="is not empty: a backup goes into an empty"):
        await backups.backup(folder, database_url=database_url[0], **args)

    # The source itself: a database with tables and rows.
    empty = {"media_dir": tmp_path / "m2", "public_dir": tmp_path / "p2"}
    with pytest.raises(
        backups.BackupError, match=r"target database is not empty.*outbox \(1 rows\)"
    ):
        await backups.restore(folder, database_url=database_url[0], schema=database_url[1], **empty)
    # A media folder with files in it (checked before the database).
    with pytest.raises(backups.BackupError, match=r"MEDIA_DIR .* is not empty"):
        await backups.restore(
            folder,
            database_url=database_url[0],
            schema=database_url[1],
            media_dir=media,
            public_dir=tmp_path / "p3",
        )


async def test_nightly_backup_keeps_the_newest(
    db: Database, database_url: tuple[str, str | None], tmp_path: Path
) -> None:
    if database_url[1] and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    root = tmp_path / "nightly"
    for day in range(1, 10):
        old = root / f"2026-11-{day:02d}-0230"
        old.mkdir(parents=True)
        (old / backups.MANIFEST).write_text("{}", encoding="utf-8")
    (root / "2026-11-10-0230").mkdir()  # a failed night: no manifest
    (root / "keep-me").mkdir()  # not ours
    moment = datetime(2026, 11, 27, 2, 30)
    args: dict[str, Any] = {
        "database_url": database_url[0],
        "media_dir": tmp_path / "media",
        "public_dir": tmp_path / "public",
        "schema": database_url[1],
    }
    report = await backups.nightly(root, 7, moment, **args)
    assert report is not None and report.folder == root / "2026-11-27-0230"
    assert sorted(p.name for p in root.iterdir()) == [
        *(f"2026-11-{day:02d}-0230" for day in range(4, 10)),
        "2026-11-27-0230",
        "keep-me",
    ]
    # A second process sharing BACKUP_DIR at the same time takes none.
    assert await backups.nightly(root, 7, moment, **args) is None


def test_missing_pg_dump_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(backups.BackupError, match="pg_dump is not on PATH"):
        backups._tool("pg_dump")


async def test_backup_of_an_older_revision_is_upgraded_on_restore(
    database_url: tuple[str, str | None],
    fresh_target: tuple[str, str | None],
    tmp_path: Path,
) -> None:
    old = Database(database_url[0], schema=database_url[1])
    try:
        await old.migrate("0011")
        await enqueue_direct(old, [(5, "旧版本的消息")])
    finally:
        await old.dispose()
    folder = tmp_path / "backup"
    report = await backups.backup(
        folder,
        database_url=database_url[0],
        media_dir=tmp_path / "media",
        public_dir=tmp_path / "public",
        schema=database_url[1],
    )
    assert report.revision == "0011"
    url, schema = fresh_target
    restored = await backups.restore(
        folder,
        database_url=url,
        media_dir=tmp_path / "m2",
        public_dir=tmp_path / "p2",
        schema=schema,
    )
    assert (restored.revision_before, restored.revision_after) == ("0011", "0012")
    target = Database(url, schema=schema)
    try:
        rows = await _rows(target)
    finally:
        await target.dispose()
    assert [row["payload"]["text"] for row in rows["outbox"]] == ["旧版本的消息"]


async def test_the_bot_runs_the_nightly_backup_as_a_daily_job(
    fake: FakeTelegram, db: Database, settings: Settings, tmp_path: Path
) -> None:
    if db.schema and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    root = tmp_path / "nightly"
    configured = settings.model_copy(update={"backup_dir": root, "backup_keep": 2})
    application = build_application(configured, db)
    await start(application)
    try:
        assert application.job_queue is not None
        (job,) = application.job_queue.get_jobs_by_name("nightly_backup")
        # 18:30 UTC is 02:30 the next day in Asia/Shanghai: the folder has the local time.
        runtime_of(application).clock = lambda: datetime(2026, 11, 27, 18, 30, tzinfo=UTC)
        await job.run(application)
    finally:
        await stop(application)
    (folder,) = root.iterdir()
    manifest = backups.read_manifest(folder)
    assert backups.verify_backup(folder, manifest) == []
    assert folder.name == "2026-11-28-0230"


async def test_a_failed_backup_leaves_no_manifest(
    db: Database,
    database_url: tuple[str, str | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if db.schema and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    media, public = tmp_path / "media", tmp_path / "public"
    _evidence_files(media, public)
    real = backups._copy_hashed
    calls = 0

    def failing(source: Path, target: Path) -> tuple[int, str]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(backups, "_copy_hashed", failing)
    folder = tmp_path / "backup"
    with pytest.raises(OSError, match="No space left"):
        await backups.backup(
            folder,
            database_url=database_url[0],
            media_dir=media,
            public_dir=public,
            schema=database_url[1],
        )
    assert not (folder / backups.MANIFEST).exists()
    assert not [p for p in folder.rglob("*") if p.name.endswith(".part")]
    with pytest.raises(backups.BackupError, match="not a backup"):
        backups.read_manifest(folder)


async def test_restore_reports_a_broken_audit_chain(
    db: Database,
    database_url: tuple[str, str | None],
    fresh_target: tuple[str, str | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _audit_entries(db, 3)
    folder = tmp_path / "backup"
    await backups.backup(
        folder,
        database_url=database_url[0],
        media_dir=tmp_path / "media",
        public_dir=tmp_path / "public",
        schema=database_url[1],
    )

    async def broken(session: AsyncSession) -> audit.Verification:
        return audit.Verification(False, 3, None, entry_id=2, problem="entry 2 was changed")

    monkeypatch.setattr(audit, "verify", broken)
    url, schema = fresh_target
    with pytest.raises(backups.BackupError, match="audit chain broken at entry 2: entry 2 was"):
        await backups.restore(
            folder,
            database_url=url,
            media_dir=tmp_path / "m2",
            public_dir=tmp_path / "p2",
            schema=schema,
        )
