"""Small helpers shared by tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import select

from bot.outbox import Outbox
from bot.runtime import Runtime
from storage.database import Database
from storage.models import Inspector, OutboxMessage, OutboxStatus, TelegramAccount


async def enqueue(runtime: Runtime, messages: list[tuple[int, str]]) -> None:
    """Write messages to the outbox in one transaction, as a service would."""
    async with runtime.db.session() as session, session.begin():
        outbox = runtime.outbox(session)
        for chat_id, text in messages:
            await outbox.message(chat_id, text)


async def enqueue_direct(db: Database, messages: list[tuple[int, str]]) -> None:
    """The same without a running bot (nothing to wake)."""
    async with db.session() as session, session.begin():
        outbox = Outbox(session)
        for chat_id, text in messages:
            await outbox.message(chat_id, text)


async def outbox_statuses(db: Database) -> dict[int, OutboxStatus]:
    async with db.session() as session:
        rows = await session.execute(select(OutboxMessage.id, OutboxMessage.status))
        return {row.id: row.status for row in rows}


async def settled_statuses(db: Database, timeout: float = 30.0) -> dict[int, OutboxStatus]:
    """Outbox statuses once nothing is pending or in flight any more."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        statuses = await outbox_statuses(db)
        open_ = {OutboxStatus.PENDING, OutboxStatus.SENDING}
        if not open_ & set(statuses.values()):
            return statuses
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the outbox did not settle: {statuses}")
        await asyncio.sleep(0.05)


async def add_inspector(db: Database, name: str, certificate: str, user_id: int | None) -> None:
    async with db.session() as session, session.begin():
        if user_id is not None:
            session.add(TelegramAccount(user_id=user_id, first_name=name))
            await session.flush()
        session.add(Inspector(name=name, certificate_no=certificate, telegram_user_id=user_id))


async def eventually(check: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.05)
