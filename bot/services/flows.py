"""Multi-step interactions (wizards, forms), kept in the database and never in memory.

A conversation belongs to one person in one chat: (chat_id, user_id) has at most one open
flow at a time. Every function here works in the caller's transaction (a service's
`async with session.begin():`), so a step is committed together with the change it belongs to
and with the update marker: after a restart, or when Telegram delivers an update again, the
person continues exactly where they were.

Flows and their steps are enums, declared once:

    class DrawStep(enum.StrEnum):
        ITEM = "item"
        CONFIRM = "confirm"

    DRAW = Flow(FlowName.DRAW, DrawStep, lifetime=timedelta(hours=2))

    state = await flows.start(session, DRAW, chat_id, user_id, DrawStep.ITEM)
    state = await flows.advance(session, state, DrawStep.CONFIRM, {"item": "ZD-01"})
    await flows.finish(session, state)

Every change bumps the conversation's version, and the version never goes back, not even
when a flow ends and a new one starts in the same chat. An inline button carries the version
it was made for (a field of its `bot.callbacks.CallbackData`); `flows.expect(...)` with that
version refuses a press on an old message, a second press, or one after the flow ended.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.refusals import Refusal
from storage.models import Conversation
from storage.repositories import ConversationRepository
from storage.types import utcnow

#: Ended conversations are kept this long, so that the version of their (chat, user) keeps
#: counting up and a button from an old message never matches a new conversation.
KEEP_ENDED = timedelta(days=30)


class FlowName(enum.StrEnum):
    BIND = "bind"  # confirm one's phone number after opening an invite link
    DRAW = "draw"  # the draw wizard in the admin group
    RECUSE = "recuse"  # 申请回避: waiting for the reason, typed in the private chat
    FINDINGS = "findings"  # 检查结果录入: the findings form in the private chat
    OBJECTION = "objection"  # 有异议 on a partner's result: waiting for the reason
    REVIEW_NOTE = "review_note"  # 退回 on a review card: the admin's note, typed in the group
    CHECKIN = "checkin"  # a location with no current task: which task it is for


class BindStep(enum.StrEnum):
    CONFIRM_PHONE = "confirm_phone"


class DrawStep(enum.StrEnum):
    """The admin group's draw wizard (bot.services.draw_wizard)."""

    ITEMS = "items"
    SCOPE = "scope"
    SIZE = "size"
    SIZE_VALUE = "size_value"  # typed: a count or a percentage
    WINDOW = "window"  # typed: start and end dates
    TEAM = "team"
    PREVIEW = "preview"
    SEED = "seed"  # the pool is frozen: typed witnesses' digits, or the bot's own seed
    SEED_CONFIRM = "seed_confirm"
    CANCEL_REASON = "cancel_reason"  # typed: why a frozen draw is cancelled


class RecuseStep(enum.StrEnum):
    REASON = "reason"


class FindingsStep(enum.StrEnum):
    """The findings form (bot.services.results); typed steps take private text."""

    METHODS = "methods"
    CODES = "codes"
    FINDINGS = "findings"  # typed
    FOLLOW_UP = "follow_up"
    DUE = "due"  # typed: the deadline of 责令改正
    REMARKS = "remarks"  # typed, optional
    SUMMARY = "summary"
    REASON = "reason"  # typed: why an approved result is corrected


class ReasonStep(enum.StrEnum):
    REASON = "reason"


class CheckinStep(enum.StrEnum):
    TASK = "task"


StepT = TypeVar("StepT", bound=enum.StrEnum)


@dataclass(frozen=True, slots=True)
class Flow(Generic[StepT]):
    name: FlowName
    steps: type[StepT]
    #: How long a conversation stays open after its last change, unless told otherwise.
    lifetime: timedelta


#: Binding by invite link, waiting for the person's own phone number.
BIND = Flow(FlowName.BIND, BindStep, lifetime=timedelta(days=1))
#: A draw wizard; long enough for a meeting between freezing the pool and rolling the dice.
DRAW = Flow(FlowName.DRAW, DrawStep, lifetime=timedelta(hours=12))
#: 申请回避 on a card, waiting for the reason (data: {"member": task member id}).
RECUSE = Flow(FlowName.RECUSE, RecuseStep, lifetime=timedelta(days=1))
#: The findings form of one task (data: {"task": id, the draft's fields, ...}).
FINDINGS = Flow(FlowName.FINDINGS, FindingsStep, lifetime=timedelta(days=14))
#: 有异议, waiting for the reason (data: {"version": result version id}).
OBJECTION = Flow(FlowName.OBJECTION, ReasonStep, lifetime=timedelta(days=1))
#: 退回 in the admin group, waiting for the note (data: {"version": result version id}).
REVIEW_NOTE = Flow(FlowName.REVIEW_NOTE, ReasonStep, lifetime=timedelta(days=1))
#: A check-in location waiting for its task (data: the location, bot.services.field).
CHECKIN = Flow(FlowName.CHECKIN, CheckinStep, lifetime=timedelta(minutes=30))


@dataclass(frozen=True, slots=True)
class State(Generic[StepT]):
    flow: Flow[StepT]
    chat_id: int
    user_id: int
    step: StepT
    #: JSON values only (it is stored as JSON).
    data: Mapping[str, Any]
    version: int
    expires_at: datetime
    _row_id: int = field(repr=False)


def stale() -> Refusal:
    """The refusal for a press or step that belongs to an older state of the conversation."""
    return Refusal(lambda t: t.flow_stale)


def _state(flow: Flow[StepT], row: Conversation, now: datetime) -> State[StepT] | None:
    if row.flow != flow.name.value or row.expires_at is None or row.expires_at <= now:
        return None
    try:
        step = flow.steps(row.step)
    except ValueError:
        return None  # a step that no longer exists (the bot was updated): start over
    return State(flow, row.chat_id, row.user_id, step, dict(row.data), row.version,
                 row.expires_at, row.id)  # fmt: skip


async def get(
    session: AsyncSession, flow: Flow[StepT], chat_id: int, user_id: int
) -> State[StepT] | None:
    """The open conversation of `flow` for (chat, user), or None (none, other flow, expired)."""
    row = await ConversationRepository(session).get(chat_id, user_id)
    return None if row is None else _state(flow, row, utcnow())


async def expect(
    session: AsyncSession, flow: Flow[StepT], chat_id: int, user_id: int, version: int
) -> State[StepT]:
    """The open conversation, if it is still at `version` (the one a button carries)."""
    state = await get(session, flow, chat_id, user_id)
    if state is None or state.version != version:
        raise stale()
    return state


async def start(
    session: AsyncSession,
    flow: Flow[StepT],
    chat_id: int,
    user_id: int,
    step: StepT,
    data: Mapping[str, Any] | None = None,
    *,
    expires_at: datetime | None = None,
) -> State[StepT]:
    """Open `flow` at `step`, replacing whatever conversation (chat, user) had."""
    now = utcnow()
    expires = expires_at or now + flow.lifetime
    stored = dict(data or {})
    repo = ConversationRepository(session)
    row = await repo.get(chat_id, user_id)
    values = {"flow": flow.name.value, "step": step.value}
    if row is None:
        row = await repo.add(chat_id, user_id, **values, data=stored, expires_at=expires, now=now)
        row_id, version = row.id, row.version
    else:
        row_id, version = row.id, row.version + 1
        if not await repo.change(row_id, row.version, now, **values, data=stored,
                                 expires_at=expires):  # fmt: skip
            raise stale()
    return State(flow, chat_id, user_id, step, stored, version, expires, row_id)


async def advance(
    session: AsyncSession,
    state: State[StepT],
    step: StepT,
    data: Mapping[str, Any] | None = None,
    *,
    expires_at: datetime | None = None,
) -> State[StepT]:
    """Move to `step` (with new `data`, or the old one); refused if the state is stale."""
    now = utcnow()
    stored = dict(state.data if data is None else data)
    expires = expires_at or now + state.flow.lifetime
    changed = await ConversationRepository(session).change(
        state._row_id, state.version, now, step=step.value, data=stored, expires_at=expires
    )
    if not changed:
        raise stale()
    return State(state.flow, state.chat_id, state.user_id, step, stored, state.version + 1,
                 expires, state._row_id)  # fmt: skip


async def finish(session: AsyncSession, state: State[Any]) -> None:
    """End the conversation; its buttons go stale. The row stays (see KEEP_ENDED)."""
    now = utcnow()
    if not await ConversationRepository(session).change(state._row_id, state.version, now,
                                                        expires_at=now, data={}):  # fmt: skip
        raise stale()


async def forget_ended(session: AsyncSession) -> int:
    """Delete conversations that ended long ago; its own transaction (a periodic job)."""
    async with session.begin():
        return await ConversationRepository(session).forget_ended_before(utcnow() - KEEP_ENDED)
