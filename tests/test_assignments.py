"""Assignment services on the database: cards queued with the lock and on binding, accept,
recusal with the record's replacement, manual teams; every change keeps the record verifiable."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, update

from bot.draws.record import DrawRecord, verify
from bot.notices import AcceptCard, RecuseCard
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.services import assignments
from bot.settings import Settings
from bot.texts import get_texts
from storage.database import Database
from storage.models import (
    AuditEntry,
    Conflict,
    Draw,
    Inspector,
    MemberRole,
    MemberStatus,
    OutboxMessage,
    TelegramAccount,
)
from tests.assignments_data import Person, lock, members, seed

TEXTS = get_texts("zh-CN")
ADMIN = 1001

FOUR = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
    Person("赵敏", "41172120200004", "监督检查股", None, "13900000004"),
]
#: Three inspectors, the third in conflict with every target: one pair does the first five
#: targets (the load cap), the sixth has no team and no recusal can be replaced.
THREE = [
    Person("张建国", "41172120200001", "会计股", 5001),
    Person("李秀英", "41172120200002", "会计股", 5002),
    Person("王磊", "41172120200003", "会计股", 5003),
]


@pytest.fixture
def runtime(settings: Settings, db: Database) -> Runtime:
    return Runtime.create(settings, db)


async def _outbox(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def _record(db: Database) -> DrawRecord:
    async with db.session() as session:
        draw = await session.scalar(select(Draw))
        assert draw is not None
        return DrawRecord.from_json(json.dumps(draw.record))


async def test_cards_are_queued_with_the_lock_for_bound_members(db: Database) -> None:
    await seed(db, FOUR, targets=8)
    locked = await lock(db, 4, texts=TEXTS)
    rows = await members(db)
    assert len(rows) == 8 and locked.cards is not None
    bound = [(m, i) for m, i, _t in rows if i.telegram_user_id]
    assert locked.cards.issued == len(bound)
    assert set(locked.cards.unbound) == {(i.name, i.certificate_no) for _m, i, _t in rows
                                         if not i.telegram_user_id}  # fmt: skip
    queued = await _outbox(db)
    assert len(queued) == len(bound)
    by_key = {q.dedupe_key: q for q in queued}
    member, inspector = bound[0]
    card = by_key[f"card:{member.id}:{inspector.telegram_user_id}"]
    text = card.payload["text"]
    assert locked.code in text and "第 " in text and "会计信息质量检查" in text
    assert "2026-12-01 至 2026-12-31" in text and "（组长）" in text and "赵法人" in text
    buttons = card.payload["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == [AcceptCard(member.id).pack(),
                                                     RecuseCard(member.id).pack()]  # fmt: skip
    # Issuing again queues nothing new (one card per member and account).
    async with db.session() as session, session.begin():
        draw = await session.scalar(select(Draw))
        assert draw is not None
        again = await assignments.issue_cards(session, Outbox(session), TEXTS, draw.id)
    assert again.issued == len(bound) and len(await _outbox(db)) == len(bound)


async def test_binding_later_queues_the_cards_of_open_tasks(db: Database) -> None:
    await seed(db, FOUR, targets=8)
    await lock(db, 4, texts=TEXTS)
    rows = [(m, i) for m, i, _t in await members(db) if i.certificate_no == "41172120200004"]
    assert rows, "the unbound inspector is in some team"
    before = len(await _outbox(db))
    async with db.session() as session, session.begin():
        session.add(TelegramAccount(user_id=5004, first_name="赵敏"))
        await session.flush()
        await session.execute(update(Inspector)
                              .where(Inspector.certificate_no == "41172120200004")
                              .values(telegram_user_id=5004))  # fmt: skip
        inspector_id = rows[0][1].id
        issued = await assignments.cards_on_binding(session, Outbox(session), TEXTS, inspector_id)
    assert issued == len(rows)
    queued = await _outbox(db)
    assert len(queued) == before + len(rows)
    assert {q.chat_id for q in queued[before:]} == {5004}


async def test_accept_only_by_the_member_and_only_once(db: Database) -> None:
    await seed(db, FOUR, targets=8)
    await lock(db, 2, texts=TEXTS)
    member, inspector, _task = next((m, i, t) for m, i, t in await members(db)
                                    if i.telegram_user_id)  # fmt: skip
    assert inspector.telegram_user_id is not None
    async with db.session() as session:
        with pytest.raises(Refusal) as refused:
            await assignments.accept(session, member.id, 9999)
        assert refused.value.text(TEXTS) == TEXTS.card_not_yours
        first = await assignments.accept(session, member.id, inspector.telegram_user_id)
        second = await assignments.accept(session, member.id, inspector.telegram_user_id)
    assert first.first and not second.first
    assert first.card.state == "accepted" and first.card.responded_at is not None
    assert second.card.responded_at == first.card.responded_at
    async with db.session() as session:
        accepted = await session.scalar(select(func.count()).select_from(AuditEntry)
                                         .where(AuditEntry.action == "accept"))  # fmt: skip
    assert accepted == 1


async def test_recusal_replaces_from_the_record_and_tells_everyone(
    db: Database, runtime: Runtime
) -> None:
    await seed(db, FOUR, targets=8)
    locked = await lock(db, 2, texts=TEXTS)
    member, inspector, task = next((m, i, t) for m, i, t in await members(db)
                                   if i.telegram_user_id)  # fmt: skip
    user = inspector.telegram_user_id
    assert user is not None
    before = len(await _outbox(db))
    async with db.session() as session:
        asked = await assignments.ask_reason(session, member.id, user, user)
        assert asked.target.startswith("西平县测试企业")
        # Nothing waits for a reason in another chat.
        assert await assignments.give_reason(session, 42, 42, "x", runtime) is None
        with pytest.raises(Refusal):
            await assignments.give_reason(session, user, user, "长" * 301, runtime)
        done = await assignments.give_reason(session, user, user, "  其配偶任该公司会计  ",
                                             runtime)  # fmt: skip
        assert done is not None and done.replacement is not None
        # The reason was taken: the next text is no reason.
        assert await assignments.give_reason(session, user, user, "again", runtime) is None
    rows = await members(db)
    recused = next(m for m, _i, _t in rows if m.id == member.id)
    assert recused.status is MemberStatus.RECUSED and recused.recusal_reason == "其配偶任该公司会计"
    new, new_inspector, _t = next((m, i, t) for m, i, t in rows if m.replaces_id == member.id)
    assert new.task_id == task.id and new.role is recused.role
    assert new_inspector.name == done.replacement
    async with db.session() as session:
        conflict = await session.scalar(select(Conflict))
    assert conflict is not None and conflict.inspector_id == inspector.id
    assert conflict.reason == "其配偶任该公司会计"
    record = await _record(db)
    assert len(record.recusals) == 1
    assert record.recusals[0].replacement == new_inspector.certificate_no
    assert verify(record) is None
    queued = (await _outbox(db))[before:]
    chats = [q.chat_id for q in queued]
    assert runtime.settings.admin_chat_id in chats
    group = next(q for q in queued if q.chat_id == runtime.settings.admin_chat_id)
    assert "回避" in group.payload["text"] and locked.code in group.payload["text"]
    if new_inspector.telegram_user_id:
        assert any(q.dedupe_key == f"card:{new.id}:{new_inspector.telegram_user_id}"
                   for q in queued)  # fmt: skip
    # A recused member's buttons do nothing any more.
    async with db.session() as session:
        with pytest.raises(Refusal) as refused:
            await assignments.accept(session, member.id, user)
    assert refused.value.text(TEXTS) == TEXTS.card_closed


async def test_manual_team_for_a_teamless_target(db: Database, runtime: Runtime) -> None:
    await seed(db, THREE, targets=6, conflicted=["41172120200003"])
    locked = await lock(db, 6, texts=TEXTS)
    teamless = locked.teamless
    assert len(teamless) == 1
    uscc = teamless[0].uscc
    code = locked.code

    async def assign(team: list[str], reason: str = "经局长批准") -> str:
        async with db.session() as session:
            return await assignments.assign_team(session, code, uscc, team, reason,
                                                 actor=ADMIN, admin="王科长",
                                                 runtime=runtime)  # fmt: skip

    async def refusal(team: list[str], reason: str = "经局长批准") -> str:
        with pytest.raises(Refusal) as refused:
            await assign(team, reason)
        return refused.value.text(TEXTS)

    assert "至少需要 2 名" in await refusal(["41172120200001"])
    assert "至少需要 2 名" in await refusal(["41172120200001", "41172120200001"])
    assert "没有执法证号为 X" in await refusal(["41172120200001", "X"])
    assert "利害关系" in await refusal(["41172120200001", "41172120200003"])
    assert "写明原因" in await refusal(["41172120200001", "41172120200002"], " ")
    async with db.session() as session, session.begin():
        await session.execute(update(Inspector)
                              .where(Inspector.certificate_no == "41172120200002")
                              .values(active=False))  # fmt: skip
    assert "已停用" in await refusal(["41172120200001", "41172120200002"])
    async with db.session() as session, session.begin():
        await session.execute(update(Inspector).values(active=True))
    formed = next(t for t in locked.record.sample if t.team)
    with pytest.raises(Refusal) as refused:
        async with db.session() as session:
            await assignments.assign_team(session, code, formed.uscc,
                                          ["41172120200001", "41172120200002"], "x",
                                          actor=ADMIN, admin="王科长", runtime=runtime)  # fmt: skip
    assert "已有检查组" in refused.value.text(TEXTS)

    notice = await assign(["41172120200002", "41172120200001"])
    assert "指派检查组" in notice and "经局长批准" in notice
    everyone = await members(db)
    manual_task = next(t.id for m, _i, t in everyone if m.ticket == "manual")
    rows = [(m, i) for m, i, t in everyone if t.id == manual_task]
    roles = {i.certificate_no: (m.role, m.ticket) for m, i in rows}
    assert roles == {"41172120200002": (MemberRole.LEADER, "manual"),
                     "41172120200001": (MemberRole.MEMBER, "manual")}  # fmt: skip
    record = await _record(db)
    assert [(m.uscc, m.team) for m in record.manual] == [
        (uscc, ("41172120200002", "41172120200001"))
    ]
    assert verify(record) is None
    assert "已有检查组" in await refusal(["41172120200001", "41172120200002"])


async def test_recusal_nobody_can_replace_then_a_manual_team(
    db: Database, runtime: Runtime
) -> None:
    await seed(db, THREE, targets=6, conflicted=["41172120200003"])
    locked = await lock(db, 6, texts=TEXTS)
    formed = next(t for t in locked.record.sample if t.team)
    leader = formed.team[0]
    async with db.session() as session:
        with pytest.raises(Refusal):
            await assignments.admin_recuse(session, locked.code, formed.uscc, "41172120200003",
                                           "x", actor=ADMIN, admin="王科长",
                                           runtime=runtime)  # fmt: skip
        done = await assignments.admin_recuse(session, locked.code, formed.uscc, leader,
                                              "曾在该公司任职", actor=ADMIN, admin="王科长",
                                              runtime=runtime)  # fmt: skip
    assert done.replacement is None and "/assign" in done.notice and "王科长" in done.notice
    record = await _record(db)
    assert record.recusals[0].replacement is None and verify(record) is None
    team = [formed.team[1], "41172120200003"]

    async def assign(team: list[str]) -> str:
        async with db.session() as session:
            return await assignments.assign_team(session, locked.code, formed.uscc, team, "临时",
                                                 actor=ADMIN, admin="王科长",
                                                 runtime=runtime)  # fmt: skip

    with pytest.raises(Refusal) as refused:
        await assign(team)
    assert "利害关系" in refused.value.text(TEXTS)
    with pytest.raises(Refusal) as refused:
        await assign([formed.team[1], leader])
    assert "已在本任务中回避" in refused.value.text(TEXTS)
    # The declared conflict turns out to be wrong and is withdrawn.
    async with db.session() as session, session.begin():
        third = await session.scalar(select(Inspector.id).where(
            Inspector.certificate_no == "41172120200003"))  # fmt: skip
        await session.execute(update(Conflict).where(Conflict.inspector_id == third)
                              .values(active=False))  # fmt: skip
    notice = await assign(team)
    assert "指派检查组" in notice
    record = await _record(db)
    assert record.manual[0].after == 1 and verify(record) is None
    everyone = await members(db)
    task_id = next(t.id for m, _i, t in everyone if m.ticket == "manual")
    statuses = {i.certificate_no: m.status for m, i, t in everyone if t.id == task_id}
    assert statuses == {leader: MemberStatus.RECUSED, formed.team[1]: MemberStatus.ASSIGNED,
                        "41172120200003": MemberStatus.ASSIGNED}  # fmt: skip


async def test_a_reason_typed_after_an_admin_recused_the_member_ends_the_question(
    db: Database, runtime: Runtime
) -> None:
    await seed(db, FOUR, targets=8)
    locked = await lock(db, 2, texts=TEXTS)
    member, inspector, _task = next((m, i, t) for m, i, t in await members(db)
                                    if i.telegram_user_id)  # fmt: skip
    user = inspector.telegram_user_id
    assert user is not None
    uscc = next(t.uscc for t in locked.record.sample if inspector.certificate_no in t.team)
    async with db.session() as session:
        await assignments.ask_reason(session, member.id, user, user)
        await assignments.admin_recuse(session, locked.code, uscc, inspector.certificate_no,
                                       "利害关系", actor=ADMIN, admin="王科长",
                                       runtime=runtime)  # fmt: skip
        with pytest.raises(Refusal) as refused:
            await assignments.give_reason(session, user, user, "我的理由", runtime)
        assert refused.value.text(TEXTS) == TEXTS.card_closed
        assert await assignments.give_reason(session, user, user, "再说一次", runtime) is None
    assert len((await _record(db)).recusals) == 1
