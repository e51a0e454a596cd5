"""Telegram accounts as the bureau sees them: who is who, who cannot be reached."""

from __future__ import annotations

import hashlib
import html
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.registers.values import normalize_phone
from bot.runtime import Runtime
from bot.services import audit
from storage.models import Inspector, Invite
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


# --- binding inspectors to Telegram accounts ------------------------------------------------

INVITE_VALIDITY = timedelta(days=7)


class AccountRefusal(Exception):
    """A binding action that cannot be done; `code` names the text to show."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Invitation:
    inspector_name: str
    certificate: str
    payload: str  # goes into https://t.me/<bot>?start=<payload>
    rebinds: bool  # the inspector is bound to another account now


def _digest(payload: str) -> str:
    # Only a hash is stored: a leaked database does not leak usable invite links.
    return hashlib.sha256(payload.encode()).hexdigest()


async def invite(session: AsyncSession, certificate: str, *, actor: int) -> Invitation:
    async with session.begin():
        repo = AccountRepository(session)
        inspector = await repo.inspector_by_certificate(certificate)
        if inspector is None:
            raise AccountRefusal("invite_unknown", certificate=certificate)
        if not inspector.active:
            raise AccountRefusal("invite_inactive", name=inspector.name)
        payload = secrets.token_urlsafe(24)  # 32 characters of A-Za-z0-9_-
        now = utcnow()
        session.add(
            Invite(
                token=_digest(payload),
                inspector_id=inspector.id,
                created_by=actor,
                created_at=now,
                expires_at=now + INVITE_VALIDITY,
            )
        )
        await audit.record(session, actor, "invite", entity="inspector", entity_id=certificate)
        return Invitation(
            inspector.name, certificate, payload, inspector.telegram_user_id is not None
        )


async def redeem(
    session: AsyncSession, payload: str, person: Person, runtime: Runtime
) -> Inspector:
    """Bind `person` to the inspector the invite names; AccountRefusal says why not."""
    async with session.begin():
        repo = AccountRepository(session)
        found = await repo.invite(_digest(payload))
        if found is None:
            raise AccountRefusal("bind_invalid")
        if found.used_at is not None:
            raise AccountRefusal("bind_used")
        now = utcnow()
        if found.expires_at < now:
            raise AccountRefusal("bind_expired")
        inspector = await session.get(Inspector, found.inspector_id)
        assert inspector is not None
        await _bind(session, repo, inspector, person, runtime, method="invite")
        found.used_at, found.used_by = now, person.user_id
        return inspector


async def bind_by_phone(
    session: AsyncSession, phone: str, person: Person, runtime: Runtime
) -> Inspector:
    async with session.begin():
        repo = AccountRepository(session)
        matches = [i for i in await repo.inspectors_with_phone(normalize_phone(phone)) if i.active]
        if len(matches) != 1:
            raise AccountRefusal("phone_no_match", phone=phone)
        inspector = matches[0]
        if inspector.telegram_user_id not in (None, person.user_id):
            raise AccountRefusal("phone_taken")
        await _bind(session, repo, inspector, person, runtime, method="phone")
        return inspector


async def _bind(
    session: AsyncSession,
    repo: AccountRepository,
    inspector: Inspector,
    person: Person,
    runtime: Runtime,
    *,
    method: str,
) -> None:
    current = await repo.inspector_for(person.user_id)
    if current is not None and current.id != inspector.id:
        raise AccountRefusal("bind_already", name=current.name)
    account = await repo.get_or_create(person.user_id, utcnow())
    inspector.telegram_user_id = person.user_id
    inspector.bound_at = utcnow()
    await audit.record(
        session,
        person.user_id,
        "bind",
        entity="inspector",
        entity_id=inspector.certificate_no,
        details={"method": method},
    )
    if runtime.settings.admin_chat_id is not None:
        shown = f"@{person.username}" if person.username else account.display_name
        await runtime.outbox(session).message(
            runtime.settings.admin_chat_id,
            runtime.texts.bind_notice_admin.format(
                name=html.escape(inspector.name),
                certificate=html.escape(inspector.certificate_no),
                account=html.escape(f"{shown} (ID {person.user_id})"),
                method=runtime.texts.bind_methods[method],
            ),
        )


async def unbind(session: AsyncSession, certificate: str, *, actor: int, runtime: Runtime) -> str:
    """Unbind and tell the person; returns the inspector's name."""
    async with session.begin():
        repo = AccountRepository(session)
        inspector = await repo.inspector_by_certificate(certificate)
        if inspector is None:
            raise AccountRefusal("invite_unknown", certificate=certificate)
        if inspector.telegram_user_id is None:
            raise AccountRefusal("unbind_not_bound", name=inspector.name)
        user_id = inspector.telegram_user_id
        inspector.telegram_user_id = None
        inspector.bound_at = None
        await audit.record(session, actor, "unbind", entity="inspector", entity_id=certificate,
                           details={"user_id": user_id})  # fmt: skip
        await runtime.outbox(session).message(
            user_id, runtime.texts.unbound_notice.format(name=html.escape(inspector.name))
        )
        return inspector.name


async def whoami(session: AsyncSession, user_id: int) -> tuple[Inspector, str | None] | None:
    async with session.begin():
        repo = AccountRepository(session)
        inspector = await repo.inspector_for(user_id)
        if inspector is None:
            return None
        return inspector, await repo.department_name(inspector.department_id)
