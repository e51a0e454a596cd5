"""Telegram accounts as the bureau sees them: who is who, who cannot be reached, and how an
inspector's account gets bound (invite link, confirmed with one's own phone number) and
unbound.

Refusals are `bot.refusals.Refusal`s. Most roll back with their transaction; a failed invite
redemption is recorded (it counts towards the guessing limit) and committed before the
refusal is raised.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.refusals import Refusal
from bot.registers.values import normalize_phone
from bot.runtime import Runtime
from bot.services import assignments, audit, flows, updates
from bot.services.registers import Eligibility, eligibility
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import Inspector, Invite, TelegramAccount
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


# --- how people are shown -------------------------------------------------------------------


def _is_cjk(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))
               for c in text)  # fmt: skip


def display_name(first_name: str | None, last_name: str | None) -> str:
    """A Telegram account's name as people write it: 张建国 (family name first, no space)
    for Chinese names, "First Last" for Latin ones."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not (first and last):
        return first or last
    if _is_cjk(first) or _is_cjk(last):
        return f"{last}{first}"
    return f"{first} {last}"


def account_label(texts: Texts, user_id: int, account: TelegramAccount | None) -> str:
    """An account for a notice (HTML, escaped): 张三（@zhangsan，ID 5001）."""
    name = display_name(account.first_name, account.last_name) if account else ""
    username = account.username if account else None
    if username:
        return texts.account_label_username.format(
            name=echo(name or f"@{username}"), username=echo(username), user_id=user_id
        )
    if name:
        return texts.account_label.format(name=echo(name), user_id=user_id)
    return texts.unknown_person.format(user_id=user_id)


def mask_phone(phone: str) -> str:
    """A phone number for logs and messages: 139****0002."""
    digits = re.sub(r"\D", "", normalize_phone(phone))
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


# --- who wrote ------------------------------------------------------------------------------


async def saw(session: AsyncSession, person: Person) -> Inspector | None:
    """Record that `person` wrote to the bot; return the inspector they are bound to, if any.

    Most updates find nothing to record: they only read. The occasional write is kept out of
    the update's de-duplication marker (see `updates.unmarked`)."""
    fields = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "language_code": person.language_code,
    }
    now = utcnow()
    repo = AccountRepository(session)
    async with read_only(session):
        account = await repo.get(person.user_id)
        inspector = await repo.inspector_for(person.user_id)
    if (
        account is not None
        and all(getattr(account, k) == v for k, v in fields.items())
        and account.unreachable_since is None
        and now - account.last_seen_at <= SEEN_RESOLUTION
    ):
        return inspector
    with updates.unmarked(session):
        async with session.begin():
            account = await repo.get_or_create(person.user_id, now)
            for key, value in fields.items():
                setattr(account, key, value)
            account.last_seen_at = now
            # Writing to the bot means it can write back again.
            account.unreachable_since = None
    return inspector


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
    person = echo(inspector.name) if inspector else account_label(texts, chat_id, account)
    await runtime.outbox(session).message(
        admin_chat,
        texts.unreachable_notice.format(person=person, bot_username=echo(runtime.bot_username)),
    )


# --- what the bot knows about someone -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InspectorInfo:
    name: str
    certificate: str
    department: str | None
    expires_on: date | None
    eligibility: Eligibility


def _info(inspector: Inspector, department: str | None, today: date) -> InspectorInfo:
    expires = inspector.certificate_expires_on
    status = eligibility(inspector, today)
    return InspectorInfo(inspector.name, inspector.certificate_no, department, expires, status)


async def whoami(session: AsyncSession, user_id: int, today: date) -> InspectorInfo | None:
    async with read_only(session):
        repo = AccountRepository(session)
        inspector = await repo.inspector_for(user_id)
        if inspector is None:
            return None
        return _info(inspector, await repo.department_name(inspector.department_id), today)


# --- invites --------------------------------------------------------------------------------

INVITE_VALIDITY = timedelta(days=7)
#: Invite guessing is slowed down: after this many failed redemptions by one account within
#: the window, further attempts are refused without looking at the payload.
FAILED_INVITES_LIMIT = 5
FAILED_INVITES_WINDOW = timedelta(minutes=15)
#: The audit action of a failed redemption; the database keeps the count, not the process.
FAILED_INVITE = "invite_failed"

InviteProblem = Literal["invalid", "used", "expired"]


@dataclass(frozen=True, slots=True)
class Invitation:
    invite_id: int
    inspector: InspectorInfo
    payload: str  # goes into https://t.me/<bot>?start=<payload>; never logged
    rebinds: bool  # the inspector is bound to another account now
    needs_phone: bool  # redeeming it asks for the inspector's phone number
    was_blocked: bool  # phone_bind_blocked before this invite cleared it


def _digest(payload: str) -> str:
    # Only a hash is stored: a leaked database does not leak usable invite links.
    return hashlib.sha256(payload.encode()).hexdigest()


def _unknown_certificate(certificate: str) -> Refusal:
    return Refusal(lambda t: t.invite_unknown.format(certificate=echo(certificate)))


async def invite(
    session: AsyncSession, certificate: str, *, actor: int, runtime: Runtime
) -> Invitation:
    """A new one-time invite for the inspector; also lifts the block an /unbind set."""
    async with session.begin():
        repo = AccountRepository(session)
        inspector = await repo.inspector_by_certificate(certificate)
        if inspector is None:
            raise _unknown_certificate(certificate)
        if not inspector.active:
            name = inspector.name
            raise Refusal(lambda t: t.invite_inactive.format(name=echo(name)))
        payload = secrets.token_urlsafe(24)  # 32 characters of A-Za-z0-9_-
        now = utcnow()
        row = Invite(token=_digest(payload), inspector_id=inspector.id, created_by=actor,
                     created_at=now, expires_at=now + INVITE_VALIDITY)  # fmt: skip
        session.add(row)
        await session.flush()
        was_blocked = inspector.phone_bind_blocked
        inspector.phone_bind_blocked = False
        await audit.record(session, actor, "invite", entity="inspector", entity_id=certificate)
        log.info("user %d created an invite for inspector %s", actor, certificate)
        department = await repo.department_name(inspector.department_id)
        return Invitation(
            invite_id=row.id,
            inspector=_info(inspector, department, runtime.today()),
            payload=payload,
            rebinds=inspector.telegram_user_id is not None,
            needs_phone=bool(inspector.phone),
            was_blocked=was_blocked,
        )


async def revoke_invite(session: AsyncSession, invitation: Invitation, *, actor: int) -> None:
    """Undo `invite` when its link could not be delivered (nobody can ever use it)."""
    async with session.begin():
        repo = AccountRepository(session)
        await repo.delete_invite(invitation.invite_id)
        inspector = await repo.inspector_by_certificate(invitation.inspector.certificate)
        if inspector is not None and invitation.was_blocked:
            inspector.phone_bind_blocked = True
        await audit.record(session, actor, "invite_revoked", entity="inspector",
                           entity_id=invitation.inspector.certificate)  # fmt: skip
        log.info("invite for inspector %s revoked: user %d could not be sent the link",
                 invitation.inspector.certificate, actor)  # fmt: skip


# --- binding --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bound:
    """The person's account is bound to `inspector` (`already`: it was, nothing changed)."""

    inspector: InspectorInfo
    already: bool = False


@dataclass(frozen=True, slots=True)
class PhoneNeeded:
    """The invite is valid; the person must now share their own phone number."""

    inspector_name: str


def _invite_problem(found: Invite | None, now: datetime) -> InviteProblem | None:
    if found is None:
        return "invalid"
    if found.used_at is not None:
        return "used"
    if found.expires_at <= now:
        return "expired"
    return None


def _invite_refusal(problem: InviteProblem) -> Refusal:
    if problem == "used":
        return Refusal(lambda t: t.bind_used)
    if problem == "expired":
        return Refusal(lambda t: t.bind_expired)
    return Refusal(lambda t: t.bind_invalid)


def _refused(user_id: int, why: str, certificate: str | None = None) -> None:
    log.info("binding refused for user %d (inspector %s): %s", user_id, certificate or "-", why)


async def redeem(
    session: AsyncSession, payload: str, person: Person, chat_id: int, runtime: Runtime
) -> Bound | PhoneNeeded:
    """/start <payload>: bind at once, or ask for the phone number (a conversation)."""
    refusal: Refusal | None = None
    async with session.begin():
        repo = AccountRepository(session)
        now = utcnow()
        failed, oldest = await repo.actions_since(
            person.user_id, FAILED_INVITE, now - FAILED_INVITES_WINDOW
        )
        if failed >= FAILED_INVITES_LIMIT and oldest is not None:
            wait = oldest + FAILED_INVITES_WINDOW - now
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            _refused(person.user_id, f"{failed} failed invite attempts, locked out")
            raise Refusal(lambda t: t.bind_too_many.format(minutes=minutes))
        found = await repo.invite(_digest(payload))
        problem = _invite_problem(found, now)
        if problem is not None:
            # Recorded and committed although refused: the count must survive the refusal.
            await audit.record(session, person.user_id, FAILED_INVITE, details={"why": problem})
            _refused(person.user_id, f"{problem} invite")
            refusal = _invite_refusal(problem)
        else:
            assert found is not None
            return await _open_invite(session, repo, found, person, chat_id, runtime)
    assert refusal is not None
    raise refusal


async def _open_invite(
    session: AsyncSession,
    repo: AccountRepository,
    found: Invite,
    person: Person,
    chat_id: int,
    runtime: Runtime,
) -> Bound | PhoneNeeded:
    inspector = await repo.inspector(found.inspector_id)
    assert inspector is not None
    name, certificate = inspector.name, inspector.certificate_no
    if not inspector.active:
        # Made before the inspector was deactivated: it must not bind any more.
        _refused(person.user_id, "inspector inactive", certificate)
        raise Refusal(lambda t: t.bind_inactive.format(name=echo(name)))
    current = await repo.inspector_for(person.user_id)
    if current is not None and current.id == inspector.id:
        return Bound(await _inspector_info(repo, inspector, runtime), already=True)
    if current is not None:
        _refused(person.user_id, f"already bound to {current.certificate_no}", certificate)
        other = current.name
        raise Refusal(lambda t: t.bind_already.format(name=echo(other)))
    if inspector.phone:
        await flows.start(session, flows.BIND, chat_id, person.user_id,
                          flows.BindStep.CONFIRM_PHONE, {"invite": found.id},
                          expires_at=found.expires_at)  # fmt: skip
        log.info("user %d opened an invite for inspector %s; waiting for the phone number",
                 person.user_id, certificate)  # fmt: skip
        return PhoneNeeded(name)
    await _bind(session, repo, inspector, person, runtime, method="invite")
    found.used_at, found.used_by = utcnow(), person.user_id
    return Bound(await _inspector_info(repo, inspector, runtime))


async def pending_binding(session: AsyncSession, chat_id: int, user_id: int) -> str | None:
    """The inspector's name if (chat, user) opened an invite and must share their phone."""
    async with read_only(session):
        state = await flows.get(session, flows.BIND, chat_id, user_id)
        if state is None:
            return None
        repo = AccountRepository(session)
        found = await repo.invite_by_id(int(state.data["invite"]))
        inspector = await repo.inspector(found.inspector_id) if found else None
        return inspector.name if inspector else None


async def share_contact(
    session: AsyncSession, phone: str, person: Person, chat_id: int, runtime: Runtime
) -> Bound:
    """The person shared their own phone number: it completes an opened invite, or binds by
    the number alone (unless an /unbind blocked that)."""
    refusal: Refusal | None = None
    async with session.begin():
        repo = AccountRepository(session)
        state = await flows.get(session, flows.BIND, chat_id, person.user_id)
        if state is None:
            return await _bind_by_phone(session, repo, phone, person, runtime)
        found = await repo.invite_by_id(int(state.data["invite"]))
        inspector = await repo.inspector(found.inspector_id) if found else None
        problem = _invite_problem(found, utcnow())
        if problem is not None or inspector is None or not inspector.active:
            # The invite went bad while the person was away: end the conversation for good.
            await flows.finish(session, state)
            if problem is None and inspector is not None:
                name = inspector.name
                refusal = Refusal(lambda t: t.bind_inactive.format(name=echo(name)))
            else:
                refusal = _invite_refusal(problem or "invalid")
            _refused(person.user_id, f"invite went bad ({problem or 'inspector inactive'})",
                     inspector.certificate_no if inspector else None)  # fmt: skip
        else:
            assert found is not None
            outcome = await _confirm_phone(session, repo, state, found, inspector, phone,
                                           person, runtime)  # fmt: skip
            if isinstance(outcome, Bound):
                return outcome
            refusal = outcome
    raise refusal


async def _confirm_phone(
    session: AsyncSession,
    repo: AccountRepository,
    state: flows.State[flows.BindStep],
    found: Invite,
    inspector: Inspector,
    phone: str,
    person: Person,
    runtime: Runtime,
) -> Bound | Refusal:
    """Complete the invite if `phone` is the inspector's; else a refusal to raise once the
    ended conversation is committed (a wrong number raises at once and changes nothing)."""
    name, certificate = inspector.name, inspector.certificate_no
    if normalize_phone(phone) != normalize_phone(inspector.phone):
        _refused(person.user_id, f"phone {mask_phone(phone)} does not match", certificate)
        masked = mask_phone(phone)
        # Nothing changes: the person may still share the right number.
        raise Refusal(lambda t: t.phone_mismatch.format(phone=masked, name=echo(name)))
    current = await repo.inspector_for(person.user_id)
    await flows.finish(session, state)
    if current is not None and current.id != inspector.id:
        _refused(person.user_id, f"already bound to {current.certificate_no}", certificate)
        other = current.name
        return Refusal(lambda t: t.bind_already.format(name=echo(other)))
    if current is None:
        await _bind(session, repo, inspector, person, runtime, method="invite")
        found.used_at, found.used_by = utcnow(), person.user_id
    return Bound(await _inspector_info(repo, inspector, runtime), already=current is not None)


async def _bind_by_phone(
    session: AsyncSession, repo: AccountRepository, phone: str, person: Person, runtime: Runtime
) -> Bound:
    masked = mask_phone(phone)
    matches = [i for i in await repo.inspectors_with_phone(normalize_phone(phone)) if i.active]
    if len(matches) != 1:
        _refused(person.user_id, f"phone {masked} matches {len(matches)} active inspectors")
        raise Refusal(lambda t: t.phone_no_match.format(phone=masked))
    inspector = matches[0]
    name, certificate = inspector.name, inspector.certificate_no
    if inspector.telegram_user_id == person.user_id:
        return Bound(await _inspector_info(repo, inspector, runtime), already=True)
    current = await repo.inspector_for(person.user_id)
    if current is not None:
        _refused(person.user_id, f"already bound to {current.certificate_no}", certificate)
        other = current.name
        raise Refusal(lambda t: t.bind_already.format(name=echo(other)))
    if inspector.phone_bind_blocked:
        _refused(person.user_id, "phone binding blocked by /unbind", certificate)
        raise Refusal(lambda t: t.phone_blocked.format(name=echo(name)))
    if inspector.telegram_user_id is not None:
        _refused(person.user_id, "bound to another account", certificate)
        raise Refusal(lambda t: t.phone_taken)
    await _bind(session, repo, inspector, person, runtime, method="phone")
    return Bound(await _inspector_info(repo, inspector, runtime))


async def _inspector_info(
    repo: AccountRepository, inspector: Inspector, runtime: Runtime
) -> InspectorInfo:
    department = await repo.department_name(inspector.department_id)
    return _info(inspector, department, runtime.today())


async def _bind(
    session: AsyncSession,
    repo: AccountRepository,
    inspector: Inspector,
    person: Person,
    runtime: Runtime,
    *,
    method: Literal["invite", "phone"],
) -> None:
    now = utcnow()
    texts = runtime.texts
    account = await repo.get_or_create(person.user_id, now)
    replaced = inspector.telegram_user_id
    old_account = await repo.get(replaced) if replaced is not None else None
    inspector.telegram_user_id = person.user_id
    inspector.bound_at = now
    await audit.record(session, person.user_id, "bind", entity="inspector",
                       entity_id=inspector.certificate_no,
                       details={"method": method, "replaced": replaced})  # fmt: skip
    log.info("user %d bound to inspector %s by %s%s", person.user_id, inspector.certificate_no,
             method, f", replacing user {replaced}" if replaced else "")  # fmt: skip
    outbox = runtime.outbox(session)
    await assignments.cards_on_binding(session, outbox, texts, inspector.id)
    if replaced is not None:
        await outbox.message(replaced, texts.rebound_notice.format(name=echo(inspector.name)))
    admin_chat = runtime.settings.admin_chat_id
    if admin_chat is None:
        return
    values = {
        "name": echo(inspector.name),
        "certificate": echo(inspector.certificate_no),
        "account": account_label(texts, person.user_id, account),
        "method": texts.bind_methods[method],
    }
    if replaced is None:
        notice = texts.bind_notice_admin.format(**values)
    else:
        old = account_label(texts, replaced, old_account)
        notice = texts.bind_notice_rebind.format(old_account=old, **values)
    await outbox.message(admin_chat, notice)


@dataclass(frozen=True, slots=True)
class Unbound:
    name: str
    certificate: str
    #: The account that was unbound, as a notice shows it (HTML, escaped).
    account: str


async def unbind(
    session: AsyncSession, certificate: str, *, actor: int, runtime: Runtime
) -> Unbound:
    """Unbind and tell the person; their phone number no longer binds until a new invite."""
    async with session.begin():
        repo = AccountRepository(session)
        inspector = await repo.inspector_by_certificate(certificate)
        if inspector is None:
            raise _unknown_certificate(certificate)
        name = inspector.name
        if inspector.telegram_user_id is None:
            raise Refusal(lambda t: t.unbind_not_bound.format(name=echo(name)))
        user_id = inspector.telegram_user_id
        account = await repo.get(user_id)
        inspector.telegram_user_id = None
        inspector.bound_at = None
        inspector.phone_bind_blocked = True
        # Links made before the unbind must not bind again either.
        revoked = await repo.delete_unused_invites(inspector.id)
        await audit.record(session, actor, "unbind", entity="inspector", entity_id=certificate,
                           details={"user_id": user_id, "invites_revoked": revoked})  # fmt: skip
        log.info("user %d unbound user %d from inspector %s", actor, user_id, certificate)
        await runtime.outbox(session).message(
            user_id, runtime.texts.unbound_notice.format(name=echo(name))
        )
        return Unbound(name, inspector.certificate_no,
                       account_label(runtime.texts, user_id, account))  # fmt: skip
