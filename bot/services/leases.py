"""Periodic work done once per period across processes.

Every process schedules the same repeating jobs; before running one, it takes (or renews)
the job's lease in the database. The holder keeps renewing it each period and so keeps the
work; if it dies, the lease runs out and the next process to try takes over."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from storage.database import Database
from storage.repositories.leases import LeaseRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

#: This process, as a lease holder (unique even when a pid is reused).
PROCESS_ID = f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def hold_for(period: timedelta) -> timedelta:
    """A lease outlives one period, so that a holder renewing on time never loses it."""
    return period + min(period / 2, timedelta(minutes=5))


async def take(db: Database, name: str, period: timedelta, holder: str = PROCESS_ID) -> bool:
    """Take or renew the lease on `name`; True if `holder` may run this period's work."""
    now = utcnow()
    async with db.session() as session, session.begin():
        return await LeaseRepository(session).take(name, holder, now, now + hold_for(period))


async def run_if_holder(
    db: Database,
    name: str,
    period: timedelta,
    work: Callable[[], Awaitable[None]],
    holder: str = PROCESS_ID,
) -> bool:
    """Run `work` if this process holds (or just took) the lease on `name`."""
    if not await take(db, name, period, holder):
        log.debug("periodic %s: another process holds it", name)
        return False
    await work()
    return True
