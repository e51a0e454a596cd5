from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Job, JobKind, JobStatus


class JobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, job_id: int) -> Job | None:
        return await self._session.get(Job, job_id)

    async def running(self, kind: JobKind | None = None, subject: str | None = None) -> list[Job]:
        query = select(Job).where(Job.status == JobStatus.RUNNING)
        if kind is not None:
            query = query.where(Job.kind == kind)
        if subject is not None:
            query = query.where(Job.subject == subject)
        return list(await self._session.scalars(query.order_by(Job.id)))

    async def latest(self, kinds: tuple[JobKind, ...], subject: str) -> Job | None:
        return await self._session.scalar(
            select(Job)
            .where(Job.kind.in_(kinds), Job.subject == subject)
            .order_by(Job.id.desc())
            .limit(1)
        )

    async def add(self, job: Job) -> Job:
        self._session.add(job)
        await self._session.flush()
        return job

    async def renew(self, job_id: int, until: datetime) -> None:
        await self._session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(lease_until=until)
        )

    async def finish(
        self, job_id: int, status: JobStatus, result: dict[str, Any], now: datetime
    ) -> None:
        await self._session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status=status, result=result, finished_at=now)
        )
