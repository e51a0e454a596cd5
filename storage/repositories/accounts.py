from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Inspector, TelegramAccount


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> TelegramAccount | None:
        return await self._session.get(TelegramAccount, user_id)

    async def get_or_create(self, user_id: int, now: datetime) -> TelegramAccount:
        account = await self.get(user_id)
        if account is None:
            account = TelegramAccount(user_id=user_id, first_seen_at=now, last_seen_at=now)
            self._session.add(account)
        return account

    async def inspector_for(self, user_id: int) -> Inspector | None:
        return await self._session.scalar(
            select(Inspector).where(Inspector.telegram_user_id == user_id)
        )
