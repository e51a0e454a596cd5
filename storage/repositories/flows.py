"""Conversations: where one person is in a multi-step interaction in one chat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, chat_id: int, user_id: int) -> Conversation | None:
        """The row of (chat, user), whether its conversation is still open or not."""
        return await self._session.scalar(
            select(Conversation)
            .where(Conversation.chat_id == chat_id, Conversation.user_id == user_id)
            .execution_options(populate_existing=True)
        )

    async def add(
        self,
        chat_id: int,
        user_id: int,
        *,
        flow: str,
        step: str,
        data: dict[str, Any],
        expires_at: datetime,
        now: datetime,
    ) -> Conversation:
        row = Conversation(chat_id=chat_id, user_id=user_id, flow=flow, step=step, data=data,
                           version=1, updated_at=now, expires_at=expires_at)  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return row

    async def change(self, row_id: int, version: int, now: datetime, **values: Any) -> bool:
        """Write `values` and bump the version, only if the row is still at `version`.

        The condition is checked by the database itself, so of two concurrent changes made
        from the same version only one succeeds."""
        result = await self._session.execute(
            update(Conversation)
            .where(Conversation.id == row_id, Conversation.version == version)
            .values(version=version + 1, updated_at=now, **values)
            # get() reloads the row: nothing in the session needs to follow.
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def forget_ended_before(self, moment: datetime) -> int:
        result = await self._session.execute(
            delete(Conversation).where(Conversation.expires_at < moment)
        )
        return int(getattr(result, "rowcount", 0) or 0)
