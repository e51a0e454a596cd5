"""The audit log: who did what, chained by hashes so that an edited entry shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry
from storage.types import utcnow


async def record(
    session: AsyncSession,
    actor: int | None,
    action: str,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction."""
    previous = await session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        at=utcnow(),
        actor_user_id=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=details or {},
        prev_hash=previous,
    )
    canonical = json.dumps(
        [previous, entry.at.isoformat(), actor, action, entity, entity_id, entry.details],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    entry.hash = hashlib.sha256(canonical.encode()).hexdigest()
    session.add(entry)
    return entry


@dataclass(frozen=True, slots=True)
class Verification:
    """The audit chain walked from its first entry: `ok` with the count and the head hash,
    or the first entry that was changed, removed or inserted (`entry_id`, `problem`)."""

    ok: bool
    count: int
    head: str | None
    entry_id: int | None = None
    problem: str | None = None


async def verify(session: AsyncSession) -> Verification:
    """Walk the chain (filled in by issue 10's audit work)."""
    raise NotImplementedError
