"""Assignment cards through the fake Telegram: a locked draw's cards reach the bound
inspectors through the outbox; 接受 by the member only and once; 申请回避 with the reason
typed in the private chat (across a restart) gives a replacement with its card and the
notices, and the exported record verifies; /recuse and /assign in the admin group."""

from __future__ import annotations

import copy
import dataclasses

from sqlalchemy import func, select

from bot.app import SpotCheckApplication, build_application, runtime_of, start, stop
from bot.draws.record import DrawRecord, verify
from bot.services.draws import public_record
from bot.settings import Settings
from storage.database import Database
from storage.models import AuditEntry, MemberStatus
from tests.assignments_data import Person, lock, members, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually

BOUND = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
    Person("赵敏", "41172120200004", "监督检查股", 5004, "13900000004"),
]
THREE = [
    Person("张建国", "41172120200001", "会计股", 5001),
    Person("李秀英", "41172120200002", "会计股", 5002),
    Person("王磊", "41172120200003", "会计股", 5003),
]


def _users(fake: FakeTelegram, people: list[Person]) -> dict[str, FakeUser]:
    users = {}
    for p in people:
        assert p.user_id is not None
        users[p.certificate] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)  # they opened the bot when they were bound
    return users


def _card(user: FakeUser) -> SentMessage:
    cards = [m for m in user.inbox() if "检查任务" in m.text and not m.edited]
    assert cards, f"{user.first_name} got no card"
    return cards[0]


async def _answer(fake: FakeTelegram, query_id: str) -> str:
    await eventually(lambda: query_id in fake.callback_answers, what="the press's answer")
    return str(fake.callback_answers[query_id].get("text", ""))


async def _record(db: Database, code: str) -> DrawRecord:
    async with db.session() as session:
        return DrawRecord.from_json(await public_record(session, code))


async def test_cards_accept_and_recusal_with_a_replacement(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
) -> None:  # fmt: skip
    await seed(db, BOUND, targets=8)
    users = _users(fake, BOUND)
    app = build_application(settings, db)
    await start(app)
    try:
        locked = await lock(db, 2, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
        team = locked.record.sample[0].team
        leader, partner = users[team[0]], users[team[1]]
        card = await leader.expect("检查任务")
        assert locked.code in card.text and "（组长）" in card.text
        assert [b["text"] for b in card.buttons()] == ["接受", "申请回避"]

        # Someone else's press is refused and changes nothing.
        outsider = next(u for c, u in users.items() if c not in team)
        refused = await _answer(fake, await outsider.press(card, "接受"))
        assert "不是您的" in refused and not card.edited
        # The member accepts; a second press does nothing more.
        as_sent = dataclasses.replace(card, reply_markup=copy.deepcopy(card.reply_markup))
        accepted = await _answer(fake, await leader.press(card, "接受"))
        assert accepted == "已接受任务。"
        await fake.wait_for_message(leader.id, lambda m: m.edited and "您已于" in m.text)
        assert [b["text"] for b in card.buttons()] == ["开始检查"]  # what comes next
        # A double tap: the second press still carries the card as it was sent.
        again = await _answer(fake, await leader.press(as_sent, "接受"))
        assert again == "您已接受此任务。"

        # The partner asks to recuse, cancels, asks again.
        partner_card = await partner.expect("检查任务")
        mark = len(fake.sent)
        await partner.press(partner_card, "申请回避")
        question = await partner.expect("回避的原因", after=mark)
        await partner.press(question, "取消")
        await fake.wait_for_message(partner.id, lambda m: m.edited and "已取消" in m.text)
        mark = len(fake.sent)
        await partner.press(partner_card, "申请回避")
        await partner.expect("回避的原因", after=mark)
    finally:
        await stop(app)

    # The question waits in the database: the reason is typed after a restart.
    app = build_application(settings, db)
    await start(app)
    try:
        mark = len(fake.sent)
        await partner.send("我的配偶在该公司任会计")
        done = await partner.expect("已登记回避", after=mark)
        record = await _record(db, locked.code)
        assert len(record.recusals) == 1 and verify(record) is None
        replacement = record.recusals[0].replacement
        assert replacement is not None and replacement not in team
        assert f"由 {users[replacement].first_name} 接替" in done.text
        new_card = await users[replacement].expect("接替回避的检查人员", after=mark)
        assert [b["text"] for b in new_card.buttons()] == ["接受", "申请回避"]
        notice = await group.expect("回避", after=mark)
        assert "我的配偶在该公司任会计" in notice.text and "本人申请" in notice.text
        await leader.expect("检查组变动", after=mark)
        # The recused member's own card no longer works.
        refused = await _answer(fake, await partner.press(partner_card, "接受"))
        assert "不再由您负责" in refused

        # An admin recuses the replacement from the group.
        uscc = locked.record.sample[0].uscc
        mark = len(fake.sent)
        await admin.send(f"/recuse {locked.code} {uscc} {replacement} 曾为该公司提供咨询",
                         chat=group)  # fmt: skip
        reply = await group.expect("管理员 王科长 登记", after=mark)
        assert "曾为该公司提供咨询" in reply.text
        await users[replacement].expect("已登记回避", after=mark)
        record = await _record(db, locked.code)
        assert len(record.recusals) == 2 and verify(record) is None
    finally:
        await stop(app)
    rows = await members(db)
    statuses = sorted(m.status.value for m, _i, t in rows if t.id == rows[0][2].id)
    assert statuses.count(MemberStatus.RECUSED.value) == 2
    async with db.session() as session:
        accepts = await session.scalar(select(func.count()).select_from(AuditEntry)
                                       .where(AuditEntry.action == "accept"))  # fmt: skip
    assert accepts == 1


async def test_assign_a_team_by_hand_in_the_group(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser, member: FakeUser,
) -> None:  # fmt: skip
    await seed(db, THREE, targets=6, conflicted=["41172120200003"])
    users = _users(fake, THREE)
    locked = await lock(db, 6, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
    (teamless,) = locked.teamless
    await admin.send(f"/assign {locked.code} {teamless.uscc} 41172120200001", chat=group)
    await group.expect("用法：/assign")
    mark = len(fake.sent)
    await member.send(f"/assign {locked.code} {teamless.uscc} 41172120200001,41172120200002 "
                      "人手不足", chat=group)  # fmt: skip
    await group.expect("只有管理群的管理员", after=mark)
    await admin.send(f"/assign {locked.code} {teamless.uscc} 41172120200001,41172120200003 "
                     "人手不足", chat=group)  # fmt: skip
    await group.expect("利害关系", after=mark)
    mark = len(fake.sent)
    await admin.send(f"/assign {locked.code} {teamless.uscc} 41172120200002，41172120200001 "
                     "人手不足 经局长批准", chat=group)  # fmt: skip
    notice = await group.expect("指派检查组", after=mark)
    assert (
        "人手不足 经局长批准" in notice.text and "李秀英（41172120200002）（组长）" in notice.text
    )
    card = await users["41172120200002"].expect("由管理员指派", after=mark)
    assert teamless.uscc in card.text and "接受" in [b["text"] for b in card.buttons()]
    record = await _record(db, locked.code)
    assert record.manual[0].uscc == teamless.uscc and verify(record) is None
    await admin.send(f"/assign {locked.code} {teamless.uscc} 41172120200001,41172120200002 "
                     "再来一次", chat=group)  # fmt: skip
    await group.expect("已有检查组", after=mark)


async def test_an_inspector_who_binds_later_gets_the_cards(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, group: FakeGroup,
) -> None:  # fmt: skip
    late = Person("赵敏", "41172120200004", "监督检查股", None, "13900000004")
    people = [*BOUND[:3], late]
    await seed(db, people, targets=8)
    _users(fake, BOUND[:3])
    locked = await lock(db, 4, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
    assert locked.cards is not None and ("赵敏", late.certificate) in locked.cards.unbound
    teams = [t.team for t in locked.record.sample if late.certificate in t.team]
    assert teams, "the late inspector was drawn"
    person = FakeUser(fake, 5104, "敏", last_name="赵")
    await person.send_contact("13900000004")
    await person.expect("绑定成功")
    await eventually(lambda: len([m for m in person.inbox() if "检查任务" in m.text])
                     == len(teams), what="the late inspector's cards")  # fmt: skip
