"""Long jobs (imports now, draws next): recorded before they start, so none is lost silently.

A job row names who started it and where to report. While it runs, its process renews a lease.
After a crash the row stays `running`; `sweep` finds jobs whose process is gone (its lease ran
out, or it ran on this host under a process that no longer exists) and tells whoever started
each one that it was interrupted and that nothing was changed (imports and deactivations write
everything in their last transaction, so an interrupted one has written nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.texts import echo
from storage.database import read_only
from storage.models import Job, JobKind, JobStatus
from storage.repositories import JobRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
RENEW_EVERY = 30.0
#: This process, as recorded in the jobs it runs.
INSTANCE = uuid.uuid4().hex
HOST = socket.gethostname()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _is_dead(job: Job, now: Any) -> bool:
    if job.lease_until < now:
        return True
    owner = job.details
    if owner.get("host") != HOST or owner.get("instance") == INSTANCE:
        return False
    pid = owner.get("pid")
    # A pid equal to ours belongs to an earlier incarnation (containers reuse pid 1).
    return not isinstance(pid, int) or pid == os.getpid() or not _alive(pid)


async def begin(
    session: AsyncSession,
    kind: JobKind,
    subject: str,
    *,
    chat_id: int | None,
    user_id: int | None,
    message_id: int | None = None,
    details: dict[str, Any] | None = None,
    exclusive_with: tuple[JobKind, ...] = (),
) -> int:
    """Record a job as running (in the caller's transaction); Refusal while a job of
    `exclusive_with` kinds on the same subject is still running."""
    repo = JobRepository(session)
    now = utcnow()
    for kind_ in exclusive_with:
        for other in await repo.running(kind_, subject):
            if not _is_dead(other, now):
                raise Refusal(lambda t: t.job_busy)
    job = await repo.add(
        Job(
            kind=kind,
            subject=subject,
            chat_id=chat_id,
            user_id=user_id,
            message_id=message_id,
            details={**(details or {}), "host": HOST, "pid": os.getpid(), "instance": INSTANCE},
            started_at=now,
            lease_until=now + LEASE,
        )
    )
    log.info("job %d started: %s %s by %s", job.id, kind.value, subject, user_id)
    return job.id


async def finish(
    session: AsyncSession, job_id: int, status: JobStatus, result: dict[str, Any]
) -> None:
    """Record the outcome in the caller's transaction (with the job's own writes)."""
    await JobRepository(session).finish(job_id, status, result, utcnow())
    log.info("job %d %s", job_id, status.value)


async def get(session: AsyncSession, job_id: int) -> Job | None:
    async with read_only(session):
        return await JobRepository(session).get(job_id)


@contextlib.asynccontextmanager
async def kept_alive(session: AsyncSession, job_id: int) -> AsyncIterator[None]:
    """Renew the job's lease in the background (on a connection of its own) while the body
    runs in `session`."""
    sessions = async_sessionmaker(session.bind, expire_on_commit=False)

    async def renew() -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                async with sessions() as session, session.begin():
                    await JobRepository(session).renew(job_id, utcnow() + LEASE)
            except Exception:  # a busy database delays a renewal; the lease has slack
                log.warning("could not renew the lease of job %d", job_id, exc_info=True)

    task = asyncio.create_task(renew(), name=f"job-{job_id}-lease")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def sweep(session: AsyncSession, runtime: Runtime) -> int:
    """Mark jobs of dead processes interrupted and tell their starters; returns how many."""
    texts = runtime.texts
    async with session.begin():
        repo = JobRepository(session)
        now = utcnow()
        dead = [job for job in await repo.running() if _is_dead(job, now)]
        for job in dead:
            await repo.finish(job.id, JobStatus.INTERRUPTED, {}, now)
            log.warning("job %d (%s %s) was interrupted", job.id, job.kind.value, job.subject)
            if job.chat_id is None:
                continue
            what = texts.register_names.get(job.subject, job.subject)
            source = echo(job.details.get("file", ""))
            notice = {
                JobKind.IMPORT: texts.job_interrupted_import,
                JobKind.DEACTIVATE: texts.job_interrupted_deactivate,
                JobKind.DRAW: texts.job_interrupted_draw,
            }[job.kind].format(register=what, file=source)
            await runtime.outbox(session).message(
                job.chat_id, notice, dedupe_key=f"job-interrupted:{job.id}"
            )
    return len(dead)
