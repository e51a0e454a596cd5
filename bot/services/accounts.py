"""Telegram accounts as the bureau sees them: who is who, who cannot be reached."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Runtime
from storage.models import Inspector
from storage.repositories import AccountRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

#: How stale `last_seen_at` may get before an update refreshes it (saves a write per update).
SEEN_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    username: str | None
    first_name: str
    last_name: str | None
    language_code: str | None


async def saw(session: AsyncSession, person: Person) -> Inspector | None:
    """Record that `person` wrote to the bot; return the inspector they are bound to, if any."""
    async with session.begin():
        repo = AccountRepository(session)
        now = utcnow()
        account = await repo.get_or_create(person.user_id, now)
        fields = {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "language_code": person.language_code,
        }
        changed = any(getattr(account, k) != v for k, v in fields.items())
        if changed or account.unreachable_since or now - account.last_seen_at > SEEN_RESOLUTION:
            for key, value in fields.items():
                setattr(account, key, value)
            account.last_seen_at = now
            # Writing to the bot means it can write back again.
            account.unreachable_since = None
        return await repo.inspector_for(person.user_id)


async def note_unreachable(session: AsyncSession, chat_id: int, runtime: Runtime) -> None:
    """Called in the sender's transaction on a 403: tell the admin group once per person."""
    admin_chat = runtime.settings.admin_chat_id
    if chat_id < 0:
        log.error("the bot cannot write to group %d (removed from it?)", chat_id)
        return
    repo = AccountRepository(session)
    now = utcnow()
    account = await repo.get_or_create(chat_id, now)
    if account.unreachable_since is not None:
        return
    account.unreachable_since = now
    if admin_chat is None:
        log.warning("user %d is unreachable and ADMIN_CHAT_ID is not set", chat_id)
        return
    texts = runtime.texts
    inspector = await repo.inspector_for(chat_id)
    if inspector is not None:
        person = inspector.name
    elif account.first_name or account.username:
        person = account.display_name
    else:
        person = texts.unknown_person.format(user_id=chat_id)
    await runtime.outbox(session).message(
        admin_chat,
        texts.unreachable_notice.format(
            person=html.escape(person), bot_username=html.escape(runtime.bot_username)
        ),
    )
