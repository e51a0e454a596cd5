"""Tamper evidence: `audit.verify` and `python -m bot verify audit` walk the audit chain and
check the rows it covers. A database filled by the real services (a locked draw, an approved
result, a received photo, a publication) verifies; each kind of hand edit is then caught:
an entry's details changed, an entry deleted, an entry inserted, a result's findings, an
evidence hash and a draw's seed changed in SQL. Appends from many concurrent transactions
stay one chain (PostgreSQL's advisory lock; SQLite's BEGIN IMMEDIATE)."""

from __future__ import annotations

import asyncio
import functools
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from bot import cli
from bot.reminder_texts import DigestLine, digest_text
from bot.results.codes import FollowUp, Method
from bot.runtime import Runtime
from bot.services import audit, evidence, publications, results
from bot.settings import Settings
from bot.texts import get_texts
from storage import database as storage_database
from storage.database import Database
from storage.models import (
    AuditEntry,
    Evidence,
    EvidenceKind,
    Inspector,
    ResultStatus,
    ResultVersion,
    Task,
    TaskMember,
    TaskStatus,
)
from tests.assignments_data import Person, lock, seed
from tests.evidence_data import photo

TEAM = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
]
NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def runtime(settings: Settings, db: Database, tmp_path: Path) -> Runtime:
    local = settings.model_copy(
        update={
            "public_dir": tmp_path / "public",
            "media_dir": tmp_path / "media",
            "bureau_name": "西平县财政局",
            "admin_chat_id": None,
        }
    )
    made = Runtime.create(local, db)
    made.clock = lambda: NOW
    return made


@pytest.fixture
async def filled(db: Database, runtime: Runtime) -> Database:
    """A draw locked, one result approved, one photo received, the draw announced: all by
    the services, so every row is covered by the chain."""
    await seed(db, TEAM, targets=3)
    locked = await lock(db, 2)
    async with db.session() as session, session.begin():
        task = await session.scalar(select(Task).order_by(Task.id).limit(1))
        assert task is not None
        submitter = await session.scalar(
            select(TaskMember.inspector_id).where(TaskMember.task_id == task.id).limit(1)
        )
        assert submitter is not None
        version = ResultVersion(task_id=task.id, number=1, methods=[Method.ON_SITE.value],
                                codes=["A"], findings="账簿不全", follow_up=FollowUp.NONE.value,
                                remarks="", submitted_by=submitter, submitted_at=NOW,
                                status=ResultStatus.CONFIRMED)  # fmt: skip
        session.add(version)
        task.status = TaskStatus.CONFIRMED
        await session.flush()
        version_id = version.id
    async with db.session() as session:
        await results.approve(session, runtime, 1001, "王科长", version_id)
    data = photo(1)

    async def fetch(file_id: str) -> bytes:
        return data

    incoming = evidence.Incoming(inspector_id=submitter, chat_id=5001, message_id=7,
                                 kind=EvidenceKind.PHOTO, file_id="f1", file_unique_id="u1",
                                 sent_at=NOW, file_size=len(data))  # fmt: skip
    async with db.session() as session:
        await evidence.receive(session, runtime, incoming, fetch)
    async with db.session() as session:
        await publications.publish_draw(session, runtime, 1001, locked.code)
    return db


async def _verify(db: Database) -> audit.Verification:
    async with db.session() as session:
        return await audit.verify(session)


async def _entries(db: Database) -> list[tuple[int, str, str | None, str | None]]:
    async with db.session() as session:
        rows = await session.execute(
            select(AuditEntry.id, AuditEntry.action, AuditEntry.prev_hash, AuditEntry.hash)
            .order_by(AuditEntry.id)
        )  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def _run_cli(
    db: Database,
    database_url: tuple[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *options: str,
) -> tuple[int, str]:
    """`python -m bot verify audit` in-process (in a thread: it runs its own event loop),
    pointed at this test's database (and schema, on PostgreSQL)."""
    url, schema = database_url
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(storage_database, "Database", functools.partial(Database, schema=schema))
    capsys.readouterr()
    code = await asyncio.to_thread(cli.main, ["verify", "audit", *options])
    return code, capsys.readouterr().out


async def test_an_untouched_database_verifies(
    filled: Database,
    database_url: tuple[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = await _entries(filled)
    actions = [e[1] for e in entries]
    assert actions == ["draw_freeze", "draw", "result_approve", "evidence_received", "publish"]
    result = await _verify(filled)
    assert result == audit.Verification(True, len(entries), entries[-1][3])
    code, out = await _run_cli(filled, database_url, monkeypatch, capsys)
    assert code == 0 and out == f"verified {len(entries)} entries, head {entries[-1][3]}\n"
    # The entries carry what they vouch for: the draw's seed, pool digest and record hash,
    # the version's content hash, the file's SHA-256.
    async with filled.session() as session:
        lock_details = await session.scalar(
            select(AuditEntry.details).where(AuditEntry.action == "draw")
        )
        stored = await session.scalar(select(Evidence.sha256))
    assert lock_details is not None and {"seed", "pool_digest", "record_sha256"} <= set(
        lock_details
    )
    assert lock_details["covers"][0][0] == "draw"
    count, head = await _head(filled)
    assert (count, head) == (len(entries), entries[-1][3])
    assert stored is not None


async def _head(db: Database) -> tuple[int, str | None]:
    async with db.session() as session, session.begin():
        return await audit.head(session)


async def test_a_hand_edited_entry_is_named(
    filled: Database,
    database_url: tuple[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entries = await _entries(filled)
    edited = entries[2][0]  # result_approve
    async with filled.session() as session, session.begin():
        details = await session.scalar(select(AuditEntry.details).where(AuditEntry.id == edited))
        assert details is not None
        await session.execute(
            update(AuditEntry).where(AuditEntry.id == edited)
            .values(details={**details, "checked_on": "2026-01-01"})
        )  # fmt: skip
    result = await _verify(filled)
    assert not result.ok and result.entry_id == edited and result.count == 2
    assert result.problem is not None and result.problem.startswith("changed:")
    code, out = await _run_cli(filled, database_url, monkeypatch, capsys)
    assert code == 1
    assert out.splitlines()[0].startswith(f"audit log: entry {edited}: changed:")


async def test_a_deleted_entry_is_detected(filled: Database) -> None:
    entries = await _entries(filled)
    async with filled.session() as session, session.begin():
        await session.execute(delete(AuditEntry).where(AuditEntry.id == entries[1][0]))
    result = await _verify(filled)
    assert not result.ok and result.entry_id == entries[2][0]
    assert result.problem is not None and result.problem.startswith("removed:")


async def test_an_inserted_entry_is_detected(filled: Database) -> None:
    """A forged entry slipped in after the second one, the later ones moved up by one id: the
    forgery links correctly and hashes correctly, but the entry after it does not link to it."""
    entries = await _entries(filled)
    after_id, after_hash = entries[1][0], entries[1][3]
    async with filled.session() as session, session.begin():
        # Two steps, so that no id collides half-way on either database.
        await session.execute(text("UPDATE audit_log SET id = id + 100000 WHERE id > :n"),
                              {"n": after_id})  # fmt: skip
        await session.execute(text("UPDATE audit_log SET id = id - 99999 WHERE id > 100000"))
        at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        forged = audit.entry_hash(after_hash, at, 1001, "draw_cancel", "draw", "X", {})
        await session.execute(
            insert(AuditEntry).values(
                id=after_id + 1, at=at, actor_user_id=1001, action="draw_cancel",
                entity="draw", entity_id="X", details={}, prev_hash=after_hash, hash=forged,
            )
        )  # fmt: skip
    result = await _verify(filled)
    assert not result.ok and result.entry_id == after_id + 2
    assert result.problem is not None and result.problem.startswith("inserted:")
    assert f"links to entry {after_id}," in result.problem


async def test_an_appended_fork_is_detected(filled: Database) -> None:
    """An entry added at the end that links to an older entry (a back-dated insertion)."""
    entries = await _entries(filled)
    old_id, old_hash = entries[0][0], entries[0][3]
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    async with filled.session() as session, session.begin():
        await session.execute(
            insert(AuditEntry).values(
                at=at, actor_user_id=None, action="import", entity=None, entity_id=None,
                details={}, prev_hash=old_hash,
                hash=audit.entry_hash(old_hash, at, None, "import", None, None, {}),
            )
        )  # fmt: skip
    result = await _verify(filled)
    assert not result.ok and result.entry_id is not None and result.entry_id > entries[-1][0]
    assert result.problem is not None and f"inserted: entry {result.entry_id} links to " \
        f"entry {old_id}," in result.problem  # fmt: skip


async def test_a_result_edited_in_sql_is_detected(
    filled: Database,
    database_url: tuple[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with filled.session() as session, session.begin():
        version = await session.scalar(select(ResultVersion))
        assert version is not None
        key = f"{version.task_id}:{version.number}"
        await session.execute(text("UPDATE result_versions SET findings = '未发现问题'"))
    approve = next(e[0] for e in await _entries(filled) if e[1] == "result_approve")
    result = await _verify(filled)
    assert not result.ok and result.entry_id == approve
    assert result.problem == (
        f"changed: result version (task:number) {key} differs from what audit entry "
        f"{approve} recorded"
    )
    assert result.count == len(await _entries(filled))  # the chain itself is intact
    code, out = await _run_cli(filled, database_url, monkeypatch, capsys)
    assert code == 1 and key in out


async def test_a_version_approved_behind_the_logs_back_is_detected(filled: Database) -> None:
    async with filled.session() as session, session.begin():
        await session.execute(update(ResultVersion).values(status=ResultStatus.RETURNED))
    result = await _verify(filled)
    assert not result.ok and result.problem is not None
    assert result.problem.startswith("changed: result version")


async def test_an_evidence_hash_or_a_seed_edited_in_sql_is_detected(filled: Database) -> None:
    async with filled.session() as session, session.begin():
        await session.execute(text("UPDATE evidence SET sha256 = :h"), {"h": "0" * 64})
    result = await _verify(filled)
    assert not result.ok and result.problem is not None
    assert result.problem.startswith("changed: evidence ")

    async with filled.session() as session, session.begin():
        await session.execute(text("DELETE FROM evidence"))
        await session.execute(text("UPDATE draws SET seed = '1 2 3'"))
    result = await _verify(filled)
    assert not result.ok and result.problem is not None
    assert result.problem.startswith("changed: draw 西财双随机〔2026〕第001号")


async def test_a_row_added_behind_the_logs_back_is_detected(filled: Database) -> None:
    async with filled.session() as session, session.begin():
        inspector = await session.scalar(select(Inspector.id).limit(1))
        assert inspector is not None
        session.add(Evidence(inspector_id=inspector, kind=EvidenceKind.PHOTO, sha256="1" * 64,
                             size=3, path="x.jpg"))  # fmt: skip
    result = await _verify(filled)
    assert not result.ok and result.entry_id is None
    assert result.problem is not None and result.problem.startswith("not in the audit log")


async def test_a_baseline_adopts_rows_from_before_coverage_once(
    filled: Database,
    database_url: tuple[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A database upgraded from before the chain covered records: `--baseline` records the
    rows as they are, once; it refuses (writing nothing) while the chain itself is broken."""
    async with filled.session() as session, session.begin():
        await session.execute(delete(AuditEntry).where(AuditEntry.action == "evidence_received"))
    async with filled.session() as session, session.begin():
        refused, adopted = await audit.baseline(session, None)
    assert not refused.ok and adopted == 0
    async with filled.session() as session, session.begin():
        await session.execute(delete(AuditEntry).where(AuditEntry.action == "publish"))
    # The broken link is at the end now: the chain is whole again, two rows are uncovered.
    entries = await _entries(filled)
    code, out = await _run_cli(filled, database_url, monkeypatch, capsys, "--baseline")
    assert code == 0
    assert out.splitlines()[0] == (
        "baseline: 2 records from before the chain covered them are recorded"
    )
    result = await _verify(filled)
    assert result.ok and result.count == len(entries) + 1
    async with filled.session() as session, session.begin():
        assert await audit.baseline(session, None) == (result, 0)  # nothing left to adopt


async def test_concurrent_writers_keep_one_chain(db: Database) -> None:
    """40 transactions at once, each appending 3 entries: one linear chain of 120."""
    writers, per = 40, 3

    async def write(n: int) -> None:
        async with db.session() as session, session.begin():
            for k in range(per):
                await audit.record(session, n, "test", details={"writer": n, "k": k})
                await asyncio.sleep(0)  # let the others in between
                await session.flush()

    await asyncio.gather(*(write(n) for n in range(writers)))
    result = await _verify(db)
    assert result.ok and result.count == writers * per
    entries = await _entries(db)
    links = [e[2] for e in entries]
    assert links == [None] + [e[3] for e in entries[:-1]]
    async with db.session() as session:
        forks = await session.scalar(
            select(func.count()).select_from(
                select(AuditEntry.prev_hash).group_by(AuditEntry.prev_hash)
                .having(func.count() > 1).subquery()
            )
        )  # fmt: skip
    assert forks == 0


def test_the_digest_carries_the_head_whenever_it_is_sent() -> None:
    texts = get_texts("zh-CN")
    day = date(2026, 12, 10)
    assert digest_text(texts, day, [], [], [], head=(12, "ab" * 32)) is None  # nothing to say
    overdue = [
        DigestLine("西平县测试企业1有限公司", "西财双随机〔2026〕第001号-001", day, 2, False)
    ]
    text = digest_text(texts, day, overdue, [], [], head=(12, "ab" * 32))
    assert text is not None and text.endswith(f"审计链头：<code>{'ab' * 8}…</code>（12 条）")
    assert "审计链头" not in (digest_text(texts, day, overdue, [], [], head=(0, None)) or "")
