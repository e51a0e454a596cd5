from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Department, Inspector, Invite, TelegramAccount


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

    async def inspector_by_certificate(self, certificate: str) -> Inspector | None:
        return await self._session.scalar(
            select(Inspector).where(Inspector.certificate_no == certificate)
        )

    async def inspectors_with_phone(self, phone: str) -> list[Inspector]:
        return list(await self._session.scalars(select(Inspector).where(Inspector.phone == phone)))

    async def invite(self, digest: str) -> Invite | None:
        return await self._session.scalar(select(Invite).where(Invite.token == digest))

    async def department_name(self, department_id: int | None) -> str | None:
        if department_id is None:
            return None
        return await self._session.scalar(
            select(Department.name).where(Department.id == department_id)
        )
