"""The bot's health as an admin sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import read_only
from storage.models import OutboxStatus
from storage.repositories import OutboxRepository
from storage.types import utcnow


@dataclass(frozen=True, slots=True)
class Status:
    outbox: dict[OutboxStatus, int]
    now: datetime


async def status(session: AsyncSession) -> Status:
    async with read_only(session):
        counts = await OutboxRepository(session).counts()
    return Status(outbox=counts, now=utcnow())
