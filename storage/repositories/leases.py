"""Coordination between processes sharing one database: leases on periodic work, and the
shared send slots that keep Telegram's limits across every process's outbox sender."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Lease, SendSlot


def _insert(session: AsyncSession, table: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class LeaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def take(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take the lease on `name` until `until`, or renew it: True if `holder` holds it now.
        One statement, so two processes racing for a free lease never both win it."""
        stmt = _insert(self._session, Lease).values(name=name, holder=holder, until=until)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Lease.name],
            set_={"holder": holder, "until": until},
            where=(Lease.until < now) | (Lease.holder == holder),
        ).returning(Lease.holder)
        won: str | None = await self._session.scalar(stmt)
        return won == holder

    async def release(self, name: str, holder: str) -> None:
        await self._session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


class SendSlotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def locked(self, key: str) -> float | None:
        """`key`'s next free time, row-locked until the transaction ends (PostgreSQL; SQLite's
        writers are serialised anyway)."""
        found = await self._session.scalar(
            select(SendSlot.next_at).where(SendSlot.key == key).with_for_update()
        )
        return None if found is None else float(found)

    async def reserve(self, key: str, earliest: float, interval: float) -> float:
        """The first free time at or after `earliest` under `key`; the next one is then at
        least `interval` later. Row-locked on PostgreSQL, serialised writers on SQLite."""
        stmt = _insert(self._session, SendSlot).values(key=key, next_at=earliest + interval)
        stmt = stmt.on_conflict_do_update(
            index_elements=[SendSlot.key],
            set_={
                "next_at": case(
                    (SendSlot.next_at > earliest, SendSlot.next_at), else_=literal(earliest)
                )
                + interval
            },
        ).returning(SendSlot.next_at)
        after = await self._session.scalar(stmt)
        assert after is not None
        return float(after) - interval

    async def push(self, key: str, not_before: float) -> None:
        """Move `key`'s next free time to `not_before` if it is earlier."""
        await self._session.execute(
            update(SendSlot)
            .where(SendSlot.key == key, SendSlot.next_at < not_before)
            .values(next_at=not_before)
        )

    async def forget_before(self, cutoff: float) -> int:
        result = await self._session.execute(delete(SendSlot).where(SendSlot.next_at < cutoff))
        return int(result.rowcount)  # type: ignore[attr-defined]
