"""Conversations kept in the database (bot.services.flows), on a real database."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.callbacks import CallbackData
from bot.refusals import Refusal
from bot.services import flows
from bot.texts import get_texts
from storage.database import Database
from storage.models import Conversation
from storage.types import utcnow

CHAT, USER = 4242, 4242


class Steps(enum.StrEnum):
    FIRST = "first"
    SECOND = "second"


#: A two-step flow for these tests (under an existing flow name: names are an enum too).
WIZARD = flows.Flow(flows.FlowName.BIND, Steps, lifetime=timedelta(hours=1))


# No slots=True: it rebuilds the class, and CallbackData's __init_subclass__ needs its prefix.
@dataclass(frozen=True)
class Confirm(CallbackData, prefix="tflowok"):
    version: int


async def _row(db: Database) -> Conversation | None:
    async with db.session() as session:
        return await session.scalar(select(Conversation))


async def test_a_flow_goes_step_by_step_and_every_change_bumps_the_version(db: Database) -> None:
    async with db.session() as session, session.begin():
        assert await flows.get(session, WIZARD, CHAT, USER) is None
        state = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST, {"item": "ZD-01"})
        assert (state.step, state.version, dict(state.data)) == (Steps.FIRST, 1, {"item": "ZD-01"})
    # Another session (as after a restart) sees exactly what was committed.
    async with db.session() as session, session.begin():
        loaded = await flows.get(session, WIZARD, CHAT, USER)
        assert loaded is not None
        assert (loaded.step, loaded.version, dict(loaded.data)) == (
            Steps.FIRST,
            1,
            {"item": "ZD-01"},
        )
        moved = await flows.advance(session, loaded, Steps.SECOND, {"item": "ZD-01", "n": 3})
        assert (moved.step, moved.version) == (Steps.SECOND, 2)
        # Someone else's conversation, or the same person in another chat, is another row.
        assert await flows.get(session, WIZARD, CHAT, USER + 1) is None
        assert await flows.get(session, WIZARD, CHAT + 1, USER) is None
    async with db.session() as session, session.begin():
        loaded = await flows.get(session, WIZARD, CHAT, USER)
        assert loaded is not None and loaded.step is Steps.SECOND and loaded.data["n"] == 3
        await flows.finish(session, loaded)
    async with db.session() as session, session.begin():
        assert await flows.get(session, WIZARD, CHAT, USER) is None
    row = await _row(db)
    assert row is not None and row.version == 3  # kept, so that the version keeps counting


async def test_nothing_is_kept_when_the_transaction_rolls_back(db: Database) -> None:
    async def failing_handler() -> None:
        async with db.session() as session, session.begin():
            await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
            raise RuntimeError("the handler's change failed")

    with pytest.raises(RuntimeError):
        await failing_handler()
    assert await _row(db) is None


async def test_a_button_of_an_older_version_is_recognised_as_stale(db: Database) -> None:
    texts = get_texts("zh-CN")
    async with db.session() as session, session.begin():
        state = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
    old_button = Confirm(state.version).pack()
    async with db.session() as session, session.begin():
        pressed = Confirm.unpack(old_button)
        current = await flows.expect(session, WIZARD, CHAT, USER, pressed.version)
        await flows.advance(session, current, Steps.SECOND)
    new_button = Confirm(state.version + 1).pack()
    # The same button pressed again (a double tap, or an old message) is refused...
    async with db.session() as session, session.begin():
        with pytest.raises(Refusal) as refused:
            await flows.expect(session, WIZARD, CHAT, USER, Confirm.unpack(old_button).version)
        assert refused.value.text(texts) == texts.flow_stale
        # ...the current one is not.
        current = await flows.expect(
            session, WIZARD, CHAT, USER, Confirm.unpack(new_button).version
        )
        await flows.finish(session, current)
    # A new conversation never reuses a version: the finished one's buttons stay stale.
    async with db.session() as session, session.begin():
        again = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
        assert again.version > Confirm.unpack(new_button).version
        for data in (old_button, new_button):
            with pytest.raises(Refusal):
                await flows.expect(session, WIZARD, CHAT, USER, Confirm.unpack(data).version)


async def test_two_changes_from_the_same_version_cannot_both_win(db: Database) -> None:
    async with db.session() as session, session.begin():
        state = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
    async with db.session() as session, session.begin():
        await flows.advance(session, state, Steps.SECOND, {"by": "first press"})
    async with db.session() as session, session.begin():
        with pytest.raises(Refusal):
            await flows.advance(session, state, Steps.SECOND, {"by": "second press"})
    async with db.session() as session, session.begin():
        loaded = await flows.get(session, WIZARD, CHAT, USER)
        assert loaded is not None and loaded.data == {"by": "first press"}


async def test_an_expired_conversation_is_gone(db: Database) -> None:
    async with db.session() as session, session.begin():
        state = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
        assert timedelta(minutes=59) < state.expires_at - utcnow() <= timedelta(hours=1)
    async with db.session() as session, session.begin():
        await session.execute(
            update(Conversation).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    async with db.session() as session, session.begin():
        assert await flows.get(session, WIZARD, CHAT, USER) is None
        with pytest.raises(Refusal):
            await flows.expect(session, WIZARD, CHAT, USER, state.version)
        # Starting over works, and counts on from the expired conversation's version.
        again = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
        assert again.version == state.version + 1


async def test_a_step_the_code_no_longer_knows_starts_over(db: Database) -> None:
    async with db.session() as session, session.begin():
        await flows.start(session, WIZARD, CHAT, USER, Steps.SECOND)
    async with db.session() as session, session.begin():
        # The same flow name with a step enum that has no "second" (as after an update).
        assert await flows.get(session, flows.BIND, CHAT, USER) is None


async def test_long_ended_conversations_are_forgotten(db: Database) -> None:
    async with db.session() as session, session.begin():
        state = await flows.start(session, WIZARD, CHAT, USER, Steps.FIRST)
        await flows.start(session, WIZARD, CHAT, USER + 1, Steps.FIRST)
    async with db.session() as session, session.begin():
        await flows.finish(session, state)
    async with db.session() as session:
        assert await flows.forget_ended(session) == 0
    async with db.session() as session, session.begin():
        long_ago = utcnow() - flows.KEEP_ENDED - timedelta(days=1)
        await session.execute(
            update(Conversation).where(Conversation.user_id == USER).values(expires_at=long_ago)
        )
    async with db.session() as session:
        assert await flows.forget_ended(session) == 1
    async with db.session() as session:
        assert list(await session.scalars(select(Conversation.user_id))) == [USER + 1]
