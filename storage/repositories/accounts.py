from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, Department, Inspector, Invite, TelegramAccount


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

    async def inspector(self, inspector_id: int) -> Inspector | None:
        return await self._session.get(Inspector, inspector_id)

    async def inspector_by_certificate(self, certificate: str) -> Inspector | None:
        return await self._session.scalar(
            select(Inspector).where(Inspector.certificate_no == certificate)
        )

    async def inspectors_with_phone(self, phone: str) -> list[Inspector]:
        return list(await self._session.scalars(select(Inspector).where(Inspector.phone == phone)))

    async def invite(self, digest: str) -> Invite | None:
        return await self._session.scalar(select(Invite).where(Invite.token == digest))

    async def invite_by_id(self, invite_id: int) -> Invite | None:
        return await self._session.get(Invite, invite_id)

    async def delete_unused_invites(self, inspector_id: int, *, keep: int | None = None) -> int:
        """Delete the inspector's invites nobody used (except `keep`); returns how many."""
        statement = delete(Invite).where(Invite.inspector_id == inspector_id,
                                         Invite.used_at.is_(None))  # fmt: skip
        if keep is not None:
            statement = statement.where(Invite.id != keep)
        result = await self._session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_invite(self, invite_id: int) -> None:
        await self._session.execute(delete(Invite).where(Invite.id == invite_id))

    async def actions_since(
        self, actor: int, action: str, since: datetime
    ) -> tuple[int, datetime | None]:
        """How many audit entries `actor` made of `action` since `since`, and the oldest."""
        row = (
            await self._session.execute(
                select(func.count(), func.min(AuditEntry.at)).where(
                    AuditEntry.actor_user_id == actor,
                    AuditEntry.action == action,
                    AuditEntry.at >= since,
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def department_name(self, department_id: int | None) -> str | None:
        if department_id is None:
            return None
        return await self._session.scalar(
            select(Department.name).where(Department.id == department_id)
        )
