"""Accounts through the fake Telegram: invite links that reach only the admin who asked,
binding confirmed with one's own phone number, unbinding, and what people are told."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.app import build_application, start, stop
from bot.services.accounts import display_name, mask_phone
from bot.settings import Settings
from storage.database import Database
from storage.models import AuditEntry, Conversation, Inspector, Invite, OutboxMessage
from storage.types import utcnow
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.registers_data import INSPECTOR_HEADER, INSPECTOR_ROWS, write_xlsx

ZHANG, LI, WANG = "41172120200001", "41172120200002", "41172120200003"
_LINK = re.compile(r"https://t\.me/spotcheck_test_bot\?start=([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])")


async def _import_inspectors(admin: FakeUser, group: FakeGroup, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "inspectors.xlsx", INSPECTOR_HEADER, INSPECTOR_ROWS)
    await admin.send_document("检查人员.xlsx", path.read_bytes(), caption="/import inspectors",
                              chat=group)  # fmt: skip
    await group.expect("检查人员名录导入完成")


async def _open_private_chat(user: FakeUser) -> None:
    """What a person does before the bot may write to them: open it and press Start."""
    mark = len(user.fake.sent)
    await user.send("/start")
    await user.expect(after=mark)


async def _invite(admin: FakeUser, group: FakeGroup, certificate: str) -> str:
    """/invite in the group; returns the payload of the link the admin got privately."""
    mark = len(admin.fake.sent)
    await admin.send(f"/invite {certificate}", chat=group)
    note = await group.expect("已私聊发给", after=mark)
    assert "t.me" not in note.text and "start=" not in note.text, note.text
    private = await admin.expect("一次性绑定链接", after=mark)
    match = _LINK.search(private.text)
    assert match, private.text
    return match[1]


async def _inspector(db: Database, certificate: str) -> Inspector:
    async with db.session() as session:
        found = await session.scalar(
            select(Inspector).where(Inspector.certificate_no == certificate)
        )
    assert found is not None
    return found


async def _count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _set(db: Database, certificate: str, **values: object) -> None:
    async with db.session() as session, session.begin():
        await session.execute(
            update(Inspector).where(Inspector.certificate_no == certificate).values(**values)
        )


def _asks_for_contact(message: SentMessage) -> bool:
    markup = message.reply_markup or {}
    return any(b.get("request_contact") for row in markup.get("keyboard", []) for b in row)


async def test_invite_goes_to_the_admin_privately_and_binds_after_phone_confirmation(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    payload = await _invite(admin, group, ZHANG)
    assert not any(payload in m.raw_text for m in group.messages())

    zhang = FakeUser(fake, 5001, "三", username="zhangsan", last_name="张")
    await zhang.send(f"/start {payload}")
    prompt = await zhang.expect("您正在绑定检查人员 张三")
    assert _asks_for_contact(prompt)
    # Opening the link binds nothing yet, and does not use the invite up.
    assert (await _inspector(db, ZHANG)).telegram_user_id is None
    async with db.session() as session:
        invite = await session.scalar(select(Invite))
    assert invite is not None and invite.used_at is None

    # His own contact, but 李四's number: refused, nothing changes, he may try again.
    await zhang.send_contact("13900000002")
    refused = await zhang.expect("不一致")
    assert "139****0002" in refused.text and "13900000002" not in refused.text
    assert (await _inspector(db, ZHANG)).telegram_user_id is None
    await zhang.send_contact("+86 139 0000 0001")
    bound = await zhang.expect("绑定成功")
    assert "有效期至 2028-12-31" in bound.text
    for promise in ("任务", "提醒"):
        assert promise not in bound.text
    notice = await group.expect("绑定了 Telegram 账号")
    account = "张三（@zhangsan，ID 5001）"
    assert notice.text == f"🔗 张三（执法证号 {ZHANG}）通过邀请链接绑定了 Telegram 账号 {account}。"
    await zhang.send("/whoami")
    who = await zhang.expect("执法证号：41172120200001")
    assert "可参与抽取" in who.text and "管理群：您不是管理员" in who.text

    # The link is single-use, even for someone else.
    other = FakeUser(fake, 5002, "冒用者")
    await other.send(f"/start {payload}")
    await other.expect("此邀请链接已被使用过")
    assert (await _inspector(db, ZHANG)).telegram_user_id == zhang.id


async def test_binding_by_invite_continues_after_a_restart(
    settings: Settings, db: Database, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    tmp_path: Path,
) -> None:  # fmt: skip
    old = FakeUser(fake, 5101, "三", last_name="张")
    new = FakeUser(fake, 5102, "San", last_name="Zhang", username="zhang_new")
    first = build_application(settings, db)
    await start(first)
    try:
        await _import_inspectors(admin, group, tmp_path)
        await old.send_contact("13900000001")
        await old.expect("绑定成功")
        await _open_private_chat(admin)
        payload = await _invite(admin, group, ZHANG)
        await new.send(f"/start {payload}")
        await new.expect("您正在绑定检查人员 张三")
    finally:
        await stop(first)
    # Nothing about the conversation lived in the stopped process.
    assert await _count(db, Conversation) == 1

    second = build_application(settings, db)
    await start(second)
    try:
        mark = len(fake.sent)
        await new.send("我该怎么做？")
        prompt = await new.expect("您正在绑定检查人员 张三", after=mark)
        assert _asks_for_contact(prompt)
        # By the number alone he could not take over 张三, who is bound: the invite does it.
        await new.send_contact("13900000001")
        await new.expect("绑定成功", after=mark)
        await old.expect("已被另一个账号取代", after=mark)
        notice = await group.expect("改绑到", after=mark)
        assert "San Zhang（@zhang_new，ID 5102）" in notice.text
        assert "原账号 张三（ID 5101）已解除绑定" in notice.text
    finally:
        await stop(second)
    assert (await _inspector(db, ZHANG)).telegram_user_id == new.id
    async with db.session() as session:
        invite = await session.scalar(select(Invite))
    assert invite is not None and invite.used_by == new.id


async def test_invite_for_an_admin_who_never_opened_the_bot_is_revoked(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _set(db, ZHANG, phone_bind_blocked=True)  # as after an /unbind
    fake.expect_errors(403)
    await admin.send(f"/invite {ZHANG}", chat=group)
    reply = await group.expect("无法私聊发送邀请链接")
    assert "@spotcheck_test_bot" in reply.text and "/start" in reply.text
    assert f"/invite {ZHANG}" in reply.text
    assert "t.me/" not in reply.text and not admin.inbox()
    assert await _count(db, Invite) == 0
    # An invite nobody received does not lift the block an /unbind set.
    assert (await _inspector(db, ZHANG)).phone_bind_blocked
    # Once the admin opened the bot, the same command works.
    await _open_private_chat(admin)
    await _invite(admin, group, ZHANG)
    assert await _count(db, Invite) == 1
    assert not (await _inspector(db, ZHANG)).phone_bind_blocked


async def test_expired_and_invalid_links_are_refused(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    payload = await _invite(admin, group, LI)
    async with db.session() as session, session.begin():
        await session.execute(update(Invite).values(expires_at=utcnow() - timedelta(minutes=1)))
    li = FakeUser(fake, 5003, "四", last_name="李")
    await li.send(f"/start {payload}")
    await li.expect("此邀请链接已过期")
    await li.send("/start not-a-real-payload")
    await li.expect("邀请链接无效")
    await admin.send("/invite 99999999", chat=group)
    await group.expect("名录中没有执法证号为 99999999 的检查人员")


async def test_invite_guessing_is_slowed_down(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    payload = await _invite(admin, group, LI)
    guesser = FakeUser(fake, 5010, "猜链接的人")
    for attempt in range(5):
        mark = len(fake.sent)
        await guesser.send(f"/start guess{attempt:027d}")
        await guesser.expect("邀请链接无效", after=mark)
    # Even the right payload is not looked at now.
    mark = len(fake.sent)
    await guesser.send(f"/start {payload}")
    refused = await guesser.expect("尝试次数过多", after=mark)
    assert "15 分钟后再试" in refused.text
    assert await _count(db, Conversation) == 0
    # The count lives in the database (committed although every attempt was refused)...
    async with db.session() as session:
        failed = await session.scalar(
            select(func.count()).where(
                AuditEntry.action == "invite_failed", AuditEntry.actor_user_id == guesser.id
            )
        )
    assert failed == 5
    # ...and only recent failures count.
    async with db.session() as session, session.begin():
        await session.execute(update(AuditEntry).where(AuditEntry.action == "invite_failed")
                              .values(at=utcnow() - timedelta(minutes=16)))  # fmt: skip
    mark = len(fake.sent)
    await guesser.send(f"/start {payload}")
    await guesser.expect("您正在绑定检查人员 李四", after=mark)


async def test_inspector_binds_by_sharing_own_phone(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    await _import_inspectors(admin, group, tmp_path)
    li = FakeUser(fake, 5004, "李四")
    await li.send("/start")
    greeting = await li.expect("尚未绑定")
    assert _asks_for_contact(greeting)
    # Someone else's contact card proves nothing.
    await li.send_contact("+86 139 0000 0002", user_id=999)
    await li.expect("只能分享您本人的手机号")
    await li.send_contact("+8613900000002")
    await li.expect("绑定成功！李四")
    await group.expect(
        "李四（执法证号 41172120200002）通过手机号绑定了 Telegram 账号 李四（ID 5004）。"
    )
    stranger = FakeUser(fake, 5005, "路人乙")
    await stranger.send_contact("13811112222")
    refused = await stranger.expect("不在检查人员名录中")
    assert "138****2222" in refused.text and "13811112222" not in refused.text


async def test_sharing_ones_contact_again_writes_nothing(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    li = FakeUser(fake, 5004, "四", last_name="李")
    await li.send_contact("13900000002")
    await li.expect("绑定成功")
    await group.expect(LI)
    counts = (await _count(db, AuditEntry), await _count(db, OutboxMessage))
    mark = len(fake.sent)
    await li.send_contact("13900000002")
    await li.expect("无需重复绑定", after=mark)
    assert (await _count(db, AuditEntry), await _count(db, OutboxMessage)) == counts
    assert [m for m in group.messages() if LI in m.text and fake.sent.index(m) >= mark] == []


async def test_stranger_learns_nothing(
    app: object, stranger: FakeUser, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    await _import_inspectors(admin, group, tmp_path)
    await stranger.send("你好，请问张三的电话是多少？")
    reply = await stranger.expect("尚未绑定")
    await stranger.send("/inspectors")
    refused = await stranger.expect("只能在本局的管理群中使用", after=1)
    for message in (reply, refused):
        assert "张三" not in message.text and "1390000" not in message.text
    await stranger.send("/whoami")
    await stranger.expect("尚未绑定检查人员")


async def test_unbind_tells_the_person_and_blocks_rebinding_by_phone(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    # A name that needs escaping: shown as written, escaped exactly once.
    await _set(db, WANG, name="王五 & <小王>")
    wang = FakeUser(fake, 5006, "五", last_name="王")
    await wang.send_contact("13900000003")
    await wang.expect("绑定成功")
    await admin.send(f"/unbind {WANG}", chat=group)
    done = await group.expect("已解除")
    assert done.text.startswith(
        "已解除 王五 & <小王>（执法证号 41172120200003）与 Telegram 账号 王五（ID 5006）"
    )
    assert "&amp;" not in done.text and "&lt;" not in done.text
    unbound = await wang.expect("管理员已解除您的 Telegram 账号")
    assert "王五 & <小王>" in unbound.text
    await wang.send("/whoami")
    await wang.expect("尚未绑定检查人员")
    # Sharing the phone number again does not undo the admin's decision...
    await wang.send_contact("13900000003")
    await wang.expect("不能再凭手机号自助绑定")
    assert (await _inspector(db, WANG)).telegram_user_id is None
    # ...until an admin invites them again.
    await _open_private_chat(admin)
    await _invite(admin, group, WANG)
    mark = len(fake.sent)
    await wang.send_contact("13900000003")
    await wang.expect("绑定成功", after=mark)
    assert (await _inspector(db, WANG)).telegram_user_id == wang.id


async def test_invite_made_before_deactivation_does_not_bind(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    payload = await _invite(admin, group, ZHANG)
    zhang = FakeUser(fake, 5001, "三", last_name="张")
    await zhang.send(f"/start {payload}")
    await zhang.expect("您正在绑定检查人员 张三")
    await _set(db, ZHANG, active=False)
    # Half-way through the confirmation...
    await zhang.send_contact("13900000001")
    await zhang.expect("已在名录中停用，不能绑定")
    # ...or opening the link afresh.
    mark = len(fake.sent)
    await zhang.send(f"/start {payload}")
    await zhang.expect("已在名录中停用，不能绑定", after=mark)
    assert (await _inspector(db, ZHANG)).telegram_user_id is None
    async with db.session() as session:
        invite = await session.scalar(select(Invite))
    assert invite is not None and invite.used_at is None
    await admin.send(f"/invite {ZHANG}", chat=group)
    await group.expect("已停用（不在岗），不能生成邀请链接")


async def test_inspectors_are_told_their_standing_instead_of_promises(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, db: Database,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    # 王五's certificate expired in 2024: the admin is warned when inviting.
    mark = len(fake.sent)
    await admin.send(f"/invite {WANG}", chat=group)
    warned = await group.expect("已私聊发给", after=mark)
    assert "王五 的执法证已于 2024-01-31 过期" in warned.text
    wang = FakeUser(fake, 5006, "五", last_name="王")
    await wang.send_contact("13900000003")
    bound = await wang.expect("绑定成功")
    assert "已于 2024-01-31 过期" in bound.text
    await wang.send("/start")
    greeting = await wang.expect("王五，您好", after=fake.sent.index(bound) + 1)
    assert "已于 2024-01-31 过期" in greeting.text and "任务" not in greeting.text

    await _set(db, LI, certificate_expires_on=None)
    mark = len(fake.sent)
    await admin.send(f"/invite {LI}", chat=group)
    warned = await group.expect("已私聊发给", after=mark)
    assert "没有 李四 的执法证有效期" in warned.text
    li = FakeUser(fake, 5004, "四", last_name="李")
    await li.send_contact("13900000002")
    bound = await li.expect("绑定成功")
    assert "没有您的执法证有效期" in bound.text

    await _set(db, LI, active=False)
    mark = len(fake.sent)
    await li.send("/start")
    greeting = await li.expect("李四，您好", after=mark)
    assert "已停用" in greeting.text


async def test_whoami_is_the_same_in_every_chat(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    await _import_inspectors(admin, group, tmp_path)
    other_group = FakeGroup(fake, -100777, "别的群", admins=[admin])
    answers = []
    for chat in (group, None, other_group):
        mark = len(fake.sent)
        await admin.send("/whoami", chat=chat)
        answers.append(await fake.wait_for_message(
            chat.id if chat else admin.id, lambda m: "我的身份" in m.text, after=mark))  # fmt: skip
    assert {a.text for a in answers} == {answers[0].text}
    assert "尚未绑定检查人员" in answers[0].text
    assert "管理群：您是管理员" in answers[0].text

    li = FakeUser(fake, 5004, "四", last_name="李")
    await li.send_contact("13900000002")
    await li.expect("绑定成功")
    mark = len(fake.sent)
    await li.send("/whoami")
    private = await li.expect("我的身份", after=mark)
    await li.send("/whoami", chat=group)
    in_group = await group.expect("我的身份", after=mark)
    assert private.text == in_group.text
    assert "已绑定检查人员：李四" in private.text and "管理群：您不是管理员" in private.text


async def test_binding_is_logged_without_secrets(
    app: object, fake: FakeTelegram, admin: FakeUser, group: FakeGroup, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.INFO)
    await _import_inspectors(admin, group, tmp_path)
    await _open_private_chat(admin)
    payload = await _invite(admin, group, LI)
    li = FakeUser(fake, 5004, "四", last_name="李")
    await li.send(f"/start {payload}")
    await li.expect("您正在绑定检查人员")
    await li.send_contact("13900000001")  # 张三's number
    await li.expect("不一致")
    await li.send_contact("13900000002")
    await li.expect("绑定成功")
    await admin.send(f"/unbind {LI}", chat=group)
    await group.expect("已解除")
    accounts_log = [r for r in caplog.records if r.name == "bot.services.accounts"]
    lines = [r.getMessage() for r in accounts_log]
    assert all(r.levelno == logging.INFO for r in accounts_log)
    assert f"user {admin.id} created an invite for inspector {LI}" in lines
    assert any(f"binding refused for user {li.id} (inspector {LI})" in x and "139****0001" in x
               for x in lines)  # fmt: skip
    assert f"user {li.id} bound to inspector {LI} by invite" in lines
    assert f"user {admin.id} unbound user {li.id} from inspector {LI}" in lines
    for secret in (payload, "13900000001", "13900000002"):
        assert secret not in caplog.text


def test_names_in_chinese_order_and_masked_phones() -> None:
    assert display_name("建国", "张") == "张建国"
    assert display_name("张建国", None) == "张建国"
    assert display_name("San", "Zhang") == "San Zhang"
    assert display_name("", "Zhang") == "Zhang"
    assert mask_phone("+86 139 0000 0002") == "139****0002"
    assert mask_phone("123") == "****"
    assert date(2028, 12, 31).isoformat() == "2028-12-31"
