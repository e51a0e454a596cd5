"""Assignment cards, acceptance, recusal (回避) with a deterministic replacement, and teams
assigned by hand to targets the rules left without one.

Every change follows the draw's public record: a recusal is first recorded there
(`bot.draws.record.recuse`, which derives the replacement), a manual team likewise
(`assign_manual`); the task members follow what the record says, so `python -m bot verify`
re-derives the exported record. Nobody is deleted: a recused member stays with status
RECUSED and the reason, a replacement is a new row pointing at them (`replaces_id`), and a
member a manual team leaves out is marked REPLACED. Notices are events rendered by
`bot.notices.Notices` into outbox rows in the same transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.record import DrawRecord, assign_manual, members_now
from bot.draws.record import recuse as record_recusal
from bot.notices import (
    REASON_LIMIT,
    CardIssued,
    CardView,
    Event,
    Mate,
    MemberRecused,
    Notices,
    TaskView,
    TeamAssigned,
)
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.services import audit, flows, reminders
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import (
    Conflict,
    Draw,
    DrawStatus,
    Inspector,
    MemberRole,
    MemberStatus,
    Target,
    Task,
    TaskMember,
)
from storage.repositories.assignments import ACTIVE, AssignmentRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

#: TaskMember.ticket of a member an admin assigned by hand (drawn members have "" there).
MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class IssueReport:
    issued: int
    #: (name, certificate) of members with no bound account: no card until they bind.
    unbound: tuple[tuple[str, str], ...]


# --- views ---------------------------------------------------------------------------------


def _numbers(draw: Draw) -> dict[str, int]:
    sample = (draw.record or {}).get("sample", [])
    return {t["uscc"]: n for n, t in enumerate(sample, 1)}


def _state(member: TaskMember) -> str:
    return {MemberStatus.ASSIGNED: "assigned", MemberStatus.ACCEPTED: "accepted",
            MemberStatus.RECUSED: "recused"}.get(member.status, "left")  # fmt: skip


@dataclass
class _Loaded:
    views: dict[int, TaskView]
    members: dict[int, list[tuple[TaskMember, Inspector]]]

    def card(self, member: TaskMember) -> CardView:
        return CardView(
            member.id, self.views[member.task_id], _state(member), member.responded_at,
            member.recusal_reason or "", replacement=member.replaces_id is not None,
            manual=member.ticket == MANUAL,
        )  # fmt: skip

    def active(self, task_id: int) -> list[tuple[TaskMember, Inspector]]:
        return [(m, i) for m, i in self.members.get(task_id, []) if m.status in ACTIVE]


async def _load(repo: AssignmentRepository, draw: Draw, task_ids: Sequence[int]) -> _Loaded:
    items = tuple(await repo.items(draw.id))
    numbers = _numbers(draw)
    tasks: list[tuple[Task, Target]] = []
    for start in range(0, len(task_ids), 2000):
        tasks += await repo.tasks(draw.id, task_ids[start : start + 2000])
    members: dict[int, list[tuple[TaskMember, Inspector]]] = {}
    for member, inspector in await repo.members([t.id for t, _ in tasks]):
        members.setdefault(member.task_id, []).append((member, inspector))
    views: dict[int, TaskView] = {}
    for task, target in tasks:
        active = [(m, i) for m, i in members.get(task.id, []) if m.status in ACTIVE]
        # The leader first, then in the order they joined.
        active.sort(key=lambda p: (p[0].role is not MemberRole.LEADER, p[0].id))
        team = tuple(Mate(i.name, i.phone, m.role is MemberRole.LEADER,
                          m.status is MemberStatus.ACCEPTED) for m, i in active)  # fmt: skip
        views[task.id] = TaskView(
            task.id, draw.code, numbers.get(target.uscc, 0), target.name, target.uscc,
            target.address, target.legal_representative, target.phone, items,
            draw.check_starts_on, draw.check_ends_on, team,
        )  # fmt: skip
    return _Loaded(views, members)


def _cards(loaded: _Loaded, task_ids: Sequence[int], only: set[int] | None = None) -> tuple[
    list[Event], list[tuple[str, str]]
]:  # fmt: skip
    """Cards for the active members of the tasks (`only`: these inspector ids), and who has
    no account to receive one."""
    events: list[Event] = []
    unbound: list[tuple[str, str]] = []
    for task_id in task_ids:
        for member, inspector in loaded.active(task_id):
            if only is not None and inspector.id not in only:
                continue
            if inspector.telegram_user_id is None:
                unbound.append((inspector.name, inspector.certificate_no))
            else:
                events.append(CardIssued(inspector.telegram_user_id, loaded.card(member)))
    return events, unbound


async def issue_cards(
    session: AsyncSession, outbox: Outbox, texts: Texts, draw_id: int
) -> IssueReport:
    """Queue a card for every active member of the draw's tasks who has a bound account, in
    the caller's transaction (draw_now calls it while locking the draw)."""
    repo = AssignmentRepository(session)
    draw = await repo.draw(draw_id)
    assert draw is not None
    task_ids, unbound = await repo.members_by_binding(draw_id)
    events: list[Event] = []
    if task_ids:
        loaded = await _load(repo, draw, task_ids)
        events, _none = _cards(loaded, task_ids)
    await Notices(outbox, texts).emit(events)
    return IssueReport(len(events), tuple(unbound))


async def cards_on_binding(
    session: AsyncSession, outbox: Outbox, texts: Texts, inspector_id: int
) -> int:
    """An inspector just bound an account: the cards of their open tasks (caller's
    transaction). A card already queued for this member and account is not queued again."""
    repo = AssignmentRepository(session)
    issued = 0
    by_draw: dict[int, list[int]] = {}
    for draw_id, task_id in await repo.open_tasks_of(inspector_id):
        by_draw.setdefault(draw_id, []).append(task_id)
    for draw_id, task_ids in by_draw.items():
        draw = await repo.draw(draw_id)
        assert draw is not None
        loaded = await _load(repo, draw, task_ids)
        events, _unbound = _cards(loaded, task_ids, only={inspector_id})
        await Notices(outbox, texts).emit(events)
        issued += len(events)
    return issued


# --- the member's own buttons --------------------------------------------------------------


async def _own_member(
    repo: AssignmentRepository, member_id: int, user_id: int
) -> tuple[TaskMember, Task, Inspector]:
    found = await repo.member(member_id)
    if found is None or found[2].telegram_user_id != user_id:
        raise Refusal(lambda t: t.card_not_yours)
    if found[0].status not in ACTIVE:
        raise Refusal(lambda t: t.card_closed)
    return found


@dataclass(frozen=True, slots=True)
class Accepted:
    card: CardView
    first: bool  # False: it was accepted before (a double press)


async def accept(session: AsyncSession, member_id: int, user_id: int) -> Accepted:
    """接受: only the member themself; a second press changes nothing."""
    async with session.begin():
        repo = AssignmentRepository(session)
        member, task, inspector = await _own_member(repo, member_id, user_id)
        first = member.status is MemberStatus.ASSIGNED
        if first:
            member.status = MemberStatus.ACCEPTED
            member.responded_at = utcnow()
            await audit.record(session, user_id, "accept", entity="task_member",
                               entity_id=str(member.id),
                               details={"task": task.id,
                                        "certificate": inspector.certificate_no})  # fmt: skip
            await repo.flush()
        draw = await repo.draw(task.draw_id)
        assert draw is not None
        loaded = await _load(repo, draw, [task.id])
        return Accepted(loaded.card(member), first)


@dataclass(frozen=True, slots=True)
class ReasonAsked:
    target: str
    version: int


async def ask_reason(
    session: AsyncSession, member_id: int, user_id: int, chat_id: int
) -> ReasonAsked:
    """申请回避: wait for the reason in this private chat (kept in the database)."""
    async with session.begin():
        repo = AssignmentRepository(session)
        member, task, _inspector = await _own_member(repo, member_id, user_id)
        target = await session.get(Target, task.target_id)
        assert target is not None
        state = await flows.start(session, flows.RECUSE, chat_id, user_id,
                                  flows.RecuseStep.REASON, {"member": member.id})  # fmt: skip
        return ReasonAsked(target.name, state.version)


async def cancel_reason(session: AsyncSession, chat_id: int, user_id: int, version: int) -> None:
    async with session.begin():
        state = await flows.expect(session, flows.RECUSE, chat_id, user_id, version)
        await flows.finish(session, state)


@dataclass(frozen=True, slots=True)
class Recused:
    target: str
    replacement: str | None  # the replacement's name; None: an admin must assign one
    #: The group's notice (HTML), for an admin's command to reply with.
    notice: str


async def give_reason(
    session: AsyncSession, chat_id: int, user_id: int, text: str, runtime: Runtime
) -> Recused | None:
    """The reason typed after 申请回避; None if no recusal is waiting for one."""
    reason = text.strip()
    # Most private text is no reason: find that out without taking the write lock.
    async with read_only(session):
        if await flows.get(session, flows.RECUSE, chat_id, user_id) is None:
            return None
    async with session.begin():
        state = await flows.get(session, flows.RECUSE, chat_id, user_id)
        if state is None:
            return None
        if not reason:
            raise Refusal(lambda t: t.recuse_reason_empty)
        if len(reason) > REASON_LIMIT:
            raise Refusal(lambda t: t.recuse_reason_too_long.format(limit=REASON_LIMIT))
        await flows.finish(session, state)
        repo = AssignmentRepository(session)
        try:
            member, task, inspector = await _own_member(repo, int(state.data["member"]), user_id)
        except Refusal as refusal:
            # Gone while they typed (an admin recused or replaced them): the question ends
            # all the same, so that their next message is not taken for a reason.
            closed = refusal
        else:
            notices = _notices(session, runtime, in_reply=False)
            recused = await _recuse(session, repo, notices, member, task, inspector, reason,
                                    actor=user_id, admin=None)  # fmt: skip
            # The team changed: the recused member's reminders go to the replacement.
            await reminders.schedule_tasks(session, runtime, [task.id])
            return recused
    raise closed


# --- in the admin group ---------------------------------------------------------------------


def _notices(session: AsyncSession, runtime: Runtime, *, in_reply: bool) -> Notices:
    return Notices(runtime.outbox(session), runtime.texts, runtime.settings.admin_chat_id,
                   group_in_reply=in_reply)  # fmt: skip


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Refusal(lambda t: t.assignment_reason_required)
    if len(reason) > REASON_LIMIT:
        raise Refusal(lambda t: t.assignment_reason_too_long.format(limit=REASON_LIMIT))
    return reason


async def _task(repo: AssignmentRepository, code: str, uscc: str) -> tuple[Draw, Task, Target]:
    draw = await repo.locked_draw(code)
    if draw is None or draw.record is None:
        raise Refusal(lambda t: t.assignment_draw_unknown.format(code=echo(code)))
    found = await repo.task_of(draw.id, uscc)
    if found is None:
        raise Refusal(lambda t: t.assignment_not_drawn.format(code=echo(code), uscc=echo(uscc)))
    return draw, found[0], found[1]


async def admin_recuse(
    session: AsyncSession,
    code: str,
    uscc: str,
    certificate: str,
    reason: str,
    *,
    actor: int,
    admin: str,
    runtime: Runtime,
) -> Recused:
    """/recuse in the group: the same as the member's own request, recorded by an admin."""
    reason = _check_reason(reason)
    async with session.begin():
        repo = AssignmentRepository(session)
        _draw, task, _target = await _task(repo, code, uscc)
        rows = [(m, i) for m, i in await repo.members([task.id])
                if i.certificate_no == certificate and m.status in ACTIVE]  # fmt: skip
        if not rows:
            raise Refusal(lambda t: t.assignment_not_member.format(certificate=echo(certificate)))
        member, inspector = rows[0]
        notices = _notices(session, runtime, in_reply=True)
        recused = await _recuse(session, repo, notices, member, task, inspector, reason,
                                actor=actor, admin=admin)  # fmt: skip
        await reminders.schedule_tasks(session, runtime, [task.id])
        return recused


def _record(draw: Draw) -> DrawRecord:
    return DrawRecord.from_json(json.dumps(draw.record, ensure_ascii=False))


def _store(draw: Draw, record: DrawRecord) -> None:
    draw.record = json.loads(record.to_json())


async def _join(
    repo: AssignmentRepository,
    task: Task,
    inspector: Inspector,
    rows: Sequence[tuple[TaskMember, Inspector]],
    *,
    role: MemberRole,
    replaces: int | None,
    ticket: str,
) -> TaskMember:
    """Put `inspector` on the task: a member left out earlier by a manual team comes back on
    their own row (one row per inspector and task), anyone else gets a new one."""
    old = next((m for m, i in rows if i.id == inspector.id), None)
    if old is not None:
        old.status, old.role, old.replaces_id = MemberStatus.ASSIGNED, role, replaces
        old.assigned_at, old.responded_at = utcnow(), None
        return old
    member = TaskMember(task_id=task.id, inspector_id=inspector.id, role=role, ticket=ticket,
                        status=MemberStatus.ASSIGNED, replaces_id=replaces)  # fmt: skip
    repo.add(member)
    await repo.flush()
    return member


async def _recuse(
    session: AsyncSession,
    repo: AssignmentRepository,
    notices: Notices,
    member: TaskMember,
    task: Task,
    inspector: Inspector,
    reason: str,
    *,
    actor: int,
    admin: str | None,
) -> Recused:
    draw = await repo.draw(task.draw_id, for_update=True)
    target = await session.get(Target, task.target_id)
    assert draw is not None and target is not None
    if draw.status is not DrawStatus.LOCKED or draw.record is None:
        code = draw.code
        raise Refusal(lambda t: t.assignment_draw_unknown.format(code=echo(code)))
    record = _record(draw)
    certificate = inspector.certificate_no
    if certificate not in members_now(record, target.uscc):
        log.error("task member %d (%s) is not in the record's team of %s", member.id,
                  certificate, target.uscc)  # fmt: skip
        raise Refusal(lambda t: t.assignment_not_member.format(certificate=echo(certificate)))
    recusal = record_recusal(record, target.uscc, certificate)
    _store(draw, record)
    now = utcnow()
    member.status, member.recusal_reason, member.responded_at = MemberStatus.RECUSED, reason, now
    existing = await repo.conflicts(target.id, [inspector.id])
    if existing:
        existing[0].active, existing[0].reason, existing[0].declared_at = True, reason, now
    else:
        repo.add(Conflict(inspector_id=inspector.id, target_id=target.id, reason=reason,
                          declared_at=now))  # fmt: skip
    rows = await repo.members([task.id])
    replacement: Inspector | None = None
    joined: TaskMember | None = None
    if recusal.replacement is not None:
        replacement = (await repo.inspectors_by_certificate([recusal.replacement]))[
            recusal.replacement
        ]
        joined = await _join(repo, task, replacement, rows, role=member.role,
                             replaces=member.id, ticket="")  # fmt: skip
    await audit.record(session, actor, "recuse", entity="task_member", entity_id=str(member.id),
                       details={"draw": draw.code, "uscc": target.uscc,
                                "certificate": certificate, "reason": reason,
                                "replacement": recusal.replacement,
                                "by_admin": admin is not None},
                       covers=[(audit.Covered.DRAW, draw.code)])  # fmt: skip
    log.info("%s recused from %s in %s; replacement %s", certificate, target.uscc, draw.code,
             recusal.replacement or "none")  # fmt: skip
    await repo.flush()
    loaded = await _load(repo, draw, [task.id])
    events: list[Event] = []
    if joined is not None and replacement is not None and replacement.telegram_user_id:
        events.append(CardIssued(replacement.telegram_user_id, loaded.card(joined)))
    team_chats = tuple(i.telegram_user_id for m, i in loaded.active(task.id)
                       if i.telegram_user_id and (joined is None or m.id != joined.id))  # fmt: skip
    events.append(MemberRecused(
        loaded.views[task.id], inspector.name, certificate, reason, admin,
        (replacement.name, replacement.certificate_no) if replacement else None,
        team_chats, inspector.telegram_user_id if admin is not None else None,
    ))  # fmt: skip
    await notices.emit(events)
    return Recused(target.name, replacement.name if replacement else None, notices.rendered[-1])


async def assign_team(
    session: AsyncSession,
    code: str,
    uscc: str,
    certificates: Sequence[str],
    reason: str,
    *,
    actor: int,
    admin: str,
    runtime: Runtime,
) -> str:
    """/assign: a team by hand for a target without one (or short after a recusal nobody
    could replace). Returns the group's notice."""
    reason = _check_reason(reason)
    wanted = [c.strip() for c in certificates if c.strip()]
    if len(wanted) < 2 or len(set(wanted)) != len(wanted):
        raise Refusal(lambda t: t.assign_too_few)
    async with session.begin():
        repo = AssignmentRepository(session)
        draw, task, target = await _task(repo, code, uscc)
        record = _record(draw)
        rows = await repo.members([task.id])
        active = [(m, i) for m, i in rows if m.status in ACTIVE]
        if len(active) >= record.rules.size or len(members_now(record, uscc)) >= record.rules.size:
            team = "、".join(i.name for _m, i in active)
            raise Refusal(lambda t: t.assign_has_team.format(team=echo(team)))
        people = await repo.inspectors_by_certificate(wanted)
        conflicts = {c.inspector_id for c in await repo.conflicts(
            target.id, [i.id for i in people.values()]) if c.active}  # fmt: skip
        recused = {m.inspector_id for m, _i in rows if m.status is MemberStatus.RECUSED}
        for certificate in wanted:
            _check_inspector(people.get(certificate), certificate, draw, conflicts, recused)
        assign_manual(record, uscc, wanted, reason)
        _store(draw, record)
        for member, inspector in active:
            if inspector.certificate_no not in wanted:
                member.status = MemberStatus.REPLACED
        joined: list[TaskMember] = []
        for n, certificate in enumerate(wanted):
            inspector = people[certificate]
            role = MemberRole.LEADER if n == 0 else MemberRole.MEMBER
            current = next((m for m, i in active if i.id == inspector.id), None)
            if current is not None:
                current.role = role
                continue
            joined.append(await _join(repo, task, inspector, rows, role=role, replaces=None,
                                      ticket=MANUAL))  # fmt: skip
        await audit.record(session, actor, "assign_team", entity="task", entity_id=str(task.id),
                           details={"draw": draw.code, "uscc": uscc, "team": wanted,
                                    "reason": reason},
                           covers=[(audit.Covered.DRAW, draw.code)])  # fmt: skip
        await repo.flush()
        loaded = await _load(repo, draw, [task.id])
        new_ids = {m.id for m in joined}
        cards, unbound = _cards(loaded, [task.id])
        events: list[Event] = [
            e for e in cards if isinstance(e, CardIssued) and e.card.member_id in new_ids
        ]
        named = tuple((people[c].name, c) for c in wanted)
        events.append(TeamAssigned(loaded.views[task.id], named, reason, admin,
                                   tuple(name for name, _c in unbound)))  # fmt: skip
        await reminders.schedule_tasks(session, runtime, [task.id])
        notices = _notices(session, runtime, in_reply=True)
        await notices.emit(events)
        return notices.rendered[-1]


def _check_inspector(
    inspector: Inspector | None,
    certificate: str,
    draw: Draw,
    conflicts: set[int],
    recused: set[int],
) -> None:
    if inspector is None:
        raise Refusal(lambda t: t.assign_unknown_inspector.format(certificate=echo(certificate)))
    name = inspector.name
    values = {"name": echo(name), "certificate": echo(certificate)}
    if not inspector.active:
        raise Refusal(lambda t: t.assign_inactive.format(**values))
    expires, end = inspector.certificate_expires_on, draw.check_ends_on
    if expires is None or (end is not None and expires < end):
        shown = end.isoformat() if end else ""
        raise Refusal(lambda t: t.assign_expired.format(end=shown, **values))
    if inspector.id in recused:
        raise Refusal(lambda t: t.assign_recused_before.format(**values))
    if inspector.id in conflicts:
        raise Refusal(lambda t: t.assign_conflict.format(**values))


def accepted_at(card: CardView, runtime: Runtime) -> str:
    """When the card was accepted, in the bureau's time zone, as a card shows it."""
    moment: datetime | None = card.responded_at
    return runtime.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


async def card_of(session: AsyncSession, member: TaskMember, draw: Draw) -> CardView:
    """The member's assignment card as it stands now, in the caller's transaction (the task
    card of `/tasks`, bot.services.field, shows the same target, items and team)."""
    loaded = await _load(AssignmentRepository(session), draw, [member.task_id])
    return loaded.card(member)
