"""The audit log: who did what, chained by hashes so that an edited entry shows.

Each entry's hash is the SHA-256 of its canonical form (`canonical`), which includes the hash
of the entry before it; `verify` walks the chain by id. Entries that create or change a record
that matters (a draw, a result version, an evidence file, a publication) also carry that
record's *fingerprint* (`covers`), computed from the row as the database returns it, so that
`verify` can check the current rows against the chain: an edit made directly in the database
is caught even when the audit log itself was left alone.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import READ_ONLY_OPTION
from storage.models import AuditEntry, Draw, Evidence, Publication, ResultVersion
from storage.types import utcnow

#: The key of PostgreSQL's transaction-level advisory lock that serialises appends ("SpotAudi").
ADVISORY_LOCK_KEY = 0x53706F7441756469
#: Entries read per query while verifying (keyset pagination: memory stays flat).
BATCH = 2000
#: Rows adopted per "baseline" entry.
BASELINE_CHUNK = 500
#: The details key holding the fingerprints: [[kind, key, fingerprint], ...].
COVERS = "covers"


class Covered(enum.StrEnum):
    """The kinds of records whose current rows `verify` checks against the chain."""

    DRAW = "draw"  # key: the draw's code
    RESULT_VERSION = "result_version"  # key: "<task id>:<version number>"
    EVIDENCE = "evidence"  # key: the evidence row's id
    PUBLICATION = "publication"  # key: the publication's id


def normal(value: Any) -> Any:
    """`value` as it comes back from a JSON column (dict keys as strings, tuples as lists,
    dates as text): what is hashed must be what is stored, on SQLite and PostgreSQL alike."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def sha256_hex(value: Any) -> str:
    """The SHA-256 of a JSON-able value's canonical form."""
    return hashlib.sha256(canonical(normal(value)).encode()).hexdigest()


def entry_hash(
    prev_hash: str | None,
    at: datetime,
    actor: int | None,
    action: str,
    entity: str | None,
    entity_id: str | None,
    details: Any,
) -> str:
    """An entry's hash. The time is written in UTC with its offset and microseconds
    (`isoformat` of an aware UTC value), which SQLite and PostgreSQL both give back as stored;
    the details are hashed as the JSON column returns them (`normal`)."""
    form = canonical(
        [prev_hash, at.astimezone(UTC).isoformat(), actor, action, entity, entity_id, details]
    )
    return hashlib.sha256(form.encode()).hexdigest()


# --- covered records -------------------------------------------------------------------------

_COLUMNS: dict[Covered, tuple[Any, ...]] = {
    Covered.DRAW: (Draw.code, Draw.status, Draw.seed, Draw.pool_digest, Draw.record),
    Covered.RESULT_VERSION: (
        ResultVersion.task_id,
        ResultVersion.number,
        ResultVersion.methods,
        ResultVersion.codes,
        ResultVersion.findings,
        ResultVersion.follow_up,
        ResultVersion.follow_up_due_on,
        ResultVersion.remarks,
        ResultVersion.submitted_by,
        ResultVersion.correction_reason,
        ResultVersion.status,
    ),
    Covered.EVIDENCE: (Evidence.id, Evidence.sha256, Evidence.size),
    Covered.PUBLICATION: (
        Publication.id,
        Publication.kind,
        Publication.year,
        Publication.number,
        Publication.title,
        Publication.draw_id,
        Publication.files,
    ),
}
_ORDER: dict[Covered, Any] = {
    Covered.DRAW: Draw.id,
    Covered.RESULT_VERSION: ResultVersion.id,
    Covered.EVIDENCE: Evidence.id,
    Covered.PUBLICATION: Publication.id,
}
_NAMES = {
    Covered.DRAW: "draw",
    Covered.RESULT_VERSION: "result version (task:number)",
    Covered.EVIDENCE: "evidence",
    Covered.PUBLICATION: "publication",
}


def _key(kind: Covered, row: Sequence[Any]) -> str:
    if kind is Covered.RESULT_VERSION:
        return f"{row[0]}:{row[1]}"
    return str(row[0])


def _where(kind: Covered, key: str) -> ColumnElement[bool]:
    if kind is Covered.DRAW:
        return Draw.code == key
    if kind is Covered.RESULT_VERSION:
        task, number = key.split(":")
        return (ResultVersion.task_id == int(task)) & (ResultVersion.number == int(number))
    if kind is Covered.EVIDENCE:
        return Evidence.id == int(key)
    return Publication.id == int(key)


def fingerprint(kind: Covered, row: Sequence[Any]) -> str:
    """The SHA-256 of a covered row's recorded columns (enums as values, dates as ISO text).
    Evidence is its file's own SHA-256 (and size): that is what was received."""
    if kind is Covered.EVIDENCE:
        return f"{row[1]}:{row[2]}"
    return sha256_hex(list(row))


async def _fingerprint_now(session: AsyncSession, kind: Covered, key: str) -> str:
    """The row's fingerprint as the database has it now (pending changes flushed first)."""
    row = (await session.execute(select(*_COLUMNS[kind]).where(_where(kind, key)))).one_or_none()
    if row is None:
        raise LookupError(f"audit: no {kind.value} {key!r} to cover")
    return fingerprint(kind, tuple(row))


def draw_record_sha256(record: Any) -> str:
    """The SHA-256 of a draw's public record as stored (shown in the audit entry)."""
    return sha256_hex(record)


# --- appending -------------------------------------------------------------------------------


async def record(
    session: AsyncSession,
    actor: int | None,
    action: str,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    details: dict[str, Any] | None = None,
    covers: Sequence[tuple[Covered, str]] = (),
) -> AuditEntry:
    """Append an entry in the caller's transaction. `covers` names the records this action
    created or changed: their current fingerprints go into the entry's details."""
    if session.get_bind().dialect.name == "postgresql":
        # One chain: concurrent writers queue here until the one holding it commits, so each
        # reads the hash its predecessor committed. (SQLite's BEGIN IMMEDIATE does the same.)
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        )
    stored = normal(details or {})
    if covers:
        stored[COVERS] = [
            [kind.value, key, await _fingerprint_now(session, kind, key)] for kind, key in covers
        ]
    previous = await session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    at = utcnow()
    entry = AuditEntry(
        at=at,
        actor_user_id=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=stored,
        prev_hash=previous,
        hash=entry_hash(previous, at, actor, action, entity, entity_id, stored),
    )
    session.add(entry)
    return entry


async def head(session: AsyncSession) -> tuple[int, str | None]:
    """How many entries there are and the last one's hash, without walking the chain (for
    the daily digest). Runs in the caller's transaction."""
    count = await session.scalar(select(func.count()).select_from(AuditEntry))
    last = await session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return int(count or 0), last


# --- verifying -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    """The audit chain walked from its first entry: `ok` with the count and the head hash,
    or the first entry that was changed, removed or inserted (`entry_id`, `problem`)."""

    ok: bool
    count: int
    head: str | None
    entry_id: int | None = None
    problem: str | None = None


_ENTRY_COLUMNS = (
    AuditEntry.id, AuditEntry.at, AuditEntry.actor_user_id, AuditEntry.action,
    AuditEntry.entity, AuditEntry.entity_id, AuditEntry.details, AuditEntry.prev_hash,
    AuditEntry.hash,
)  # fmt: skip


async def verify(session: AsyncSession) -> Verification:
    """Walk the chain by id, then check the covered rows against it. Reads in one snapshot
    (PostgreSQL: REPEATABLE READ, read only; SQLite: a deferred read transaction)."""
    if session.in_transaction():
        return await _verify(session)
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if session.get_bind().dialect.name == "postgresql":
        options.update(postgresql_readonly=True, isolation_level="REPEATABLE READ")
    async with session.begin():
        await session.connection(execution_options=options)
        return await _verify(session)


async def baseline(session: AsyncSession, actor: int | None) -> tuple[Verification, int]:
    """For a database from before the chain covered records: verify, and if everything the
    chain covers is intact, append "baseline" entries covering the rows it does not cover yet
    (in the caller's write transaction). Returns the verification and how many rows were
    adopted; nothing is written when the verification fails."""
    unrecorded: list[list[str]] = []
    result = await _verify(session, unrecorded)
    if not result.ok:
        return result, 0
    for start in range(0, len(unrecorded), BASELINE_CHUNK):
        chunk = unrecorded[start : start + BASELINE_CHUNK]
        await record(session, actor, "baseline", details={"rows": len(chunk), COVERS: chunk})
    return result, len(unrecorded)


async def _verify(session: AsyncSession, unrecorded: list[list[str]] | None = None) -> Verification:
    expected: dict[tuple[Covered, str], tuple[int, str]] = {}
    count = 0
    previous: tuple[int, str | None] | None = None  # (id, hash) of the entry before
    last_id = 0
    while True:
        rows = (
            await session.execute(
                select(*_ENTRY_COLUMNS)
                .where(AuditEntry.id > last_id)
                .order_by(AuditEntry.id)
                .limit(BATCH)
            )
        ).all()
        if not rows:
            break
        for entry_id, at, actor, action, entity, entity_id, details, prev_hash, stored in rows:
            problem = await _link_problem(session, entry_id, prev_hash, previous)
            if problem is not None:
                return Verification(False, count, None, entry_id, problem)
            recomputed = entry_hash(prev_hash, at, actor, action, entity, entity_id, details)
            if recomputed != stored:
                return Verification(False, count, None, entry_id,
                                    f"changed: entry {entry_id} ({action}) does not match "
                                    "its hash")  # fmt: skip
            for kind, key, value in (details or {}).get(COVERS, []):
                expected[(Covered(kind), str(key))] = (entry_id, str(value))
            count += 1
            previous = (entry_id, stored)
        last_id = rows[-1][0]
    head_hash = previous[1] if previous is not None else None
    mismatch = await _cross_check(session, expected, unrecorded)
    if mismatch is not None:
        entry_id, problem = mismatch
        return Verification(False, count, head_hash, entry_id, problem)
    return Verification(True, count, head_hash)


async def _link_problem(
    session: AsyncSession,
    entry_id: int,
    prev_hash: str | None,
    previous: tuple[int, str | None] | None,
) -> str | None:
    """Whether the entry links to the one before it; if not, what happened (looked up only
    then, so the walk itself keeps nothing but the last hash)."""
    if previous is None:
        if prev_hash is None:
            return None
        return (
            f"removed: entry {entry_id} is the first entry but links to an earlier one: "
            "the entries before it were removed"
        )
    before, before_hash = previous
    if prev_hash == before_hash:
        return None
    earlier = await session.scalar(
        select(AuditEntry.id)
        .where(AuditEntry.hash == prev_hash, AuditEntry.id < before)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if earlier is not None:
        return (
            f"inserted: entry {entry_id} links to entry {earlier}, not to entry {before} "
            f"before it: the entries after {earlier} up to {before} were inserted"
        )
    return (
        f"removed: entry {entry_id} links to an entry that is not in the log (the entry "
        f"before it is {before}): an entry between them was removed, or entry {before} "
        "was rewritten"
    )


async def _cross_check(
    session: AsyncSession,
    expected: dict[tuple[Covered, str], tuple[int, str]],
    unrecorded: list[list[str]] | None,
) -> tuple[int | None, str] | None:
    """Each covered row's fingerprint against the last one the chain recorded for it. Rows
    the chain never recorded are a problem, or, for `baseline`, collected in `unrecorded`."""
    for kind in Covered:
        columns, order = _COLUMNS[kind], _ORDER[kind]
        last = 0
        while True:
            rows = (
                await session.execute(
                    select(order, *columns).where(order > last).order_by(order).limit(BATCH)
                )
            ).all()
            if not rows:
                break
            for row in rows:
                values = tuple(row[1:])
                key = _key(kind, values)
                if kind is Covered.EVIDENCE and values[1] is None and (kind, key) not in expected:
                    continue  # never stored (too big, failed): no file to vouch for
                recorded = expected.pop((kind, key), None)
                if recorded is None and unrecorded is not None:
                    unrecorded.append([kind.value, key, fingerprint(kind, values)])
                    continue
                if recorded is None:
                    return None, (
                        f"not in the audit log: {_NAMES[kind]} {key} (added directly in "
                        "the database?)"
                    )
                entry_id, value = recorded
                if fingerprint(kind, values) != value:
                    return entry_id, (
                        f"changed: {_NAMES[kind]} {key} differs from what audit entry "
                        f"{entry_id} recorded"
                    )
            last = rows[-1][0]
    for (kind, key), (entry_id, _) in expected.items():
        return entry_id, (
            f"removed: {_NAMES[kind]} {key}, recorded by audit entry {entry_id}, is no longer "
            "in the database"
        )
    return None
