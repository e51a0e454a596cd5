"""/start and /help through the fake Telegram, for each role, and the command menus."""

from __future__ import annotations

import pytest

from bot.app import SpotCheckApplication, build_application, start, stop
from bot.settings import Settings
from storage.database import Database
from tests.conftest import ADMIN_CHAT_ID
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser


async def test_stranger_gets_how_to_join(
    app: SpotCheckApplication, fake: FakeTelegram, stranger: FakeUser, group: FakeGroup
) -> None:
    await stranger.send("/start")
    reply = await stranger.expect("尚未绑定")
    assert "邀请链接" in reply.text
    await stranger.send("/help")
    reply = await stranger.expect("如何开始使用")
    # A stranger is told nothing about admin commands.
    assert "/status" not in reply.text


async def test_admin_and_member_in_group(
    app: SpotCheckApplication, group: FakeGroup, admin: FakeUser, member: FakeUser
) -> None:
    await admin.send("/start", chat=group)
    await group.expect("已在本管理群就绪")
    await admin.send("/help", chat=group)
    help_text = await group.expect("管理员命令（仅限本群管理员）")
    assert "/status" in help_text.text

    await member.send("/help", chat=group)
    member_help = await group.expect("仅限群管理员使用")
    assert "/status" not in member_help.text


async def test_non_admin_status_is_refused(
    app: SpotCheckApplication, group: FakeGroup, member: FakeUser, admin: FakeUser
) -> None:
    await member.send("/status", chat=group)
    await group.expect("只有管理群的管理员")
    await admin.send("/status", chat=group)
    report = await group.expect("运行状态")
    assert "待发送：0" in report.text


async def test_admin_command_in_private_chat_is_refused(
    app: SpotCheckApplication, admin: FakeUser
) -> None:
    await admin.send("/status")
    await admin.expect("只能在本局的管理群中使用")


async def test_foreign_group_is_ignored_politely(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser
) -> None:
    other = FakeGroup(fake, -100999, "别的群", admins=[admin])
    await admin.send("/start", chat=other)
    await other.expect("只在本局的管理群中工作")


async def test_without_admin_chat_id_admin_commands_explain_how_to_set_it(
    settings: Settings, db: Database, fake: FakeTelegram, admin: FakeUser
) -> None:
    app = build_application(settings.model_copy(update={"admin_chat_id": None}), db)
    await start(app)
    try:
        bureau = FakeGroup(fake, -100555, "西平县财政局管理群", admins=[admin])
        await admin.send("/invite 41172120200001", chat=bureau)
        reply = await bureau.expect("尚未设置管理群")
        assert "ADMIN_CHAT_ID=-100555" in reply.text and ".env" in reply.text
        await admin.send("/status")
        reply = await admin.expect("管理群尚未设置")
        assert "ADMIN_CHAT_ID" in reply.text and "/start" in reply.text
        await admin.send("/whoami")
        who = await admin.expect("我的身份")
        assert "管理群：尚未设置" in who.text
    finally:
        await stop(app)


async def test_command_menus_per_role(app: SpotCheckApplication, fake: FakeTelegram) -> None:
    private = [c["command"] for c in fake.commands["all_private_chats"]]
    group_members = [c["command"] for c in fake.commands[f"chat:{ADMIN_CHAT_ID}"]]
    group_admins = [c["command"] for c in fake.commands[f"chat_administrators:{ADMIN_CHAT_ID}"]]
    assert private == ["start", "whoami", "tasks", "reminders", "result", "correct", "record",
                       "help"]  # fmt: skip
    assert group_members == ["whoami", "record", "help"]
    assert {"import", "export", "invite", "status", "help"} <= set(group_admins)
    assert {"holidays", "task", "publish", "stats"} <= set(group_admins)
    assert not {"import", "invite", "status"} & set(private + group_members)
    assert "default" not in fake.commands
    descriptions = {c["description"] for c in fake.commands["all_private_chats"]}
    assert descriptions == {
        "开始",
        "我的身份",
        "我的检查任务",
        "即将收到的提醒",
        "录入检查结果",
        "更正已审核的检查结果",
        "随机抽查情况记录表",
        "帮助",
    }


async def test_a_failing_handler_is_reported_and_logged(
    app: SpotCheckApplication,
    group: FakeGroup,
    admin: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(_session: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr("handlers.status.status", broken)
    await admin.send("/status", chat=group)
    await group.expect("处理您的请求时出错")
    assert "database on fire" in caplog.text
    # The bot keeps working after the failure.
    await admin.send("/help", chat=group)
    await group.expect("管理员命令（仅限本群管理员）")


async def test_an_admin_in_private_is_not_told_to_bind(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup
) -> None:
    await admin.send("/start")
    reply = await admin.expect("您是管理群的管理员")
    assert reply.reply_markup is None, "no share-your-phone button for an admin"
