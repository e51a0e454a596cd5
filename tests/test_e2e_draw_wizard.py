"""The draw wizard in the admin group, through the fake Telegram: the whole way from /draw to a
locked draw, presses by people who may not, a double press, a restart in the middle, and a
frozen draw cancelled with a reason."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import SpotCheckApplication, build_application, start, stop
from bot.draws.record import DrawRecord, verify
from bot.services import plans
from bot.services.registers import import_register
from bot.settings import Settings
from bot.texts import get_texts
from simulator.fake import SentMessage
from storage.database import Database
from storage.models import (
    AuditEntry,
    Draw,
    DrawStatus,
    Inspector,
    OutboxMessage,
    Task,
    TaskStatus,
    TelegramAccount,
)
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import eventually

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ITEM = "XPCZ-001"


@pytest.fixture
async def registers(db: Database) -> None:
    for name in ("items", "targets", "inspectors", "conflicts"):
        path = next(EXAMPLES.glob(f"{name}.*"))
        async with db.session() as session:
            report = await import_register(session, name, path, actor=None,
                                           today=date(2026, 11, 27))  # fmt: skip
        assert report.ok, name


def _cards(user: FakeUser) -> list[SentMessage]:
    return [m for m in user.inbox() if "检查任务" in m.text]


def _button(message: SentMessage, starts: str) -> str:
    for button in message.buttons():
        if button["text"].startswith(starts):
            return str(button["text"])
    raise AssertionError(f"no button starting {starts!r}: {[b['text'] for b in message.buttons()]}")


async def _current(group: FakeGroup, message_id: int, contains: str) -> SentMessage:
    """The wizard message once it shows `contains` (it is edited in place)."""
    return await group.fake.wait_for_message(
        group.id, lambda m: m.message_id == message_id and contains in m.text
    )


async def _freeze(admin: FakeUser, group: FakeGroup, preview: SentMessage) -> SentMessage:
    """Confirm the preview: the wizard message becomes the seed step."""
    await admin.press(preview, "✅ 确认并冻结名录")
    return await _current(group, preview.message_id, "名录已冻结")


async def _to_size(admin: FakeUser, group: FakeGroup) -> SentMessage:
    """/draw → one item → the whole directory: the wizard at its size step."""
    await admin.send("/draw", chat=group)
    wizard = await group.expect("第 1 步")
    await admin.press(wizard, _button(wizard, ITEM))
    wizard = await _current(group, wizard.message_id, f"事项：{ITEM}")
    await admin.press(wizard, "下一步 ▶")
    wizard = await _current(group, wizard.message_id, "第 2 步")
    await admin.press(wizard, "下一步 ▶")
    return await _current(group, wizard.message_id, "第 3 步")


async def _to_preview(admin: FakeUser, group: FakeGroup, *, count: str = "12") -> SentMessage:
    """/draw → one item → whole directory → a fixed count → dates → cross-department → preview."""
    wizard = await _to_size(admin, group)
    await admin.press(wizard, "固定户数")
    await group.expect("输入要抽取的户数")
    await admin.send(count, chat=group)
    await group.expect("输入检查开始和结束日期")
    await admin.send("2026-12-01 至 2026-12-31", chat=group)
    team = await group.expect("第 4 步")
    await admin.press(team, "跨部门组队")
    team = await _current(group, team.message_id, "，跨部门")
    await admin.press(team, "预览 ▶")
    return await _current(group, team.message_id, "名录 SHA-256 摘要")


async def _count(db: Database, model: type, *where: Any) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model)
        for condition in where:
            query = query.where(condition)
        return int(await session.scalar(query) or 0)


async def _bind_everyone(db: Database, fake: FakeTelegram) -> dict[str, FakeUser]:
    """Every example inspector with a Telegram account that opened the bot."""
    users: dict[str, FakeUser] = {}
    async with db.session() as session, session.begin():
        for n, inspector in enumerate(list(await session.scalars(select(Inspector)))):
            session.add(TelegramAccount(user_id=7000 + n, first_name=inspector.name))
            await session.flush()
            inspector.telegram_user_id = 7000 + n
            users[inspector.certificate_no] = FakeUser(fake, 7000 + n, inspector.name)
            fake.started_users.add(7000 + n)
    return users


async def test_whole_wizard_locks_a_verifiable_draw(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database, registers: None,
) -> None:  # fmt: skip
    inspectors = await _bind_everyone(db, fake)
    preview = await _to_preview(admin, group)
    assert "尚未进行任何随机抽取" in preview.text
    assert "拟抽取：12 户" in preview.text
    assert "排除：" in preview.text and "可参与抽取的检查人员" in preview.text
    assert await _count(db, Draw) == 0, "a preview writes nothing"

    # Someone who is not an admin presses confirm: a private alert, nothing happens.
    query = await member.press(preview, "✅ 确认并冻结名录")
    await eventually(lambda: query in fake.callback_answers)
    assert fake.callback_answers[query].get("show_alert") in (True, "true")
    assert "只有管理群的管理员" in fake.callback_answers[query]["text"]
    assert await _count(db, Draw) == 0

    seed_screen = await _freeze(admin, group, preview)
    digest = seed_screen.text.split("摘要 ")[1].split()[0]
    notice = await group.expect("名录已冻结\n")
    assert digest in notice.text, "the digest is posted before any seed exists"
    async with db.session() as session:
        frozen = await session.scalar(select(Draw))
        assert frozen is not None and frozen.status is DrawStatus.PREVIEW and frozen.seed == ""
        code = frozen.code
    assert code.startswith("双随机〔2026〕第001号")

    await group.expect("见证人现场掷骰")
    await admin.send("3 1 4 1 5 9 2 6 5 3", chat=group)
    confirm = await group.expect("确认后立即抽取并锁定")
    assert "3 1 4 1 5 9 2 6 5 3" in confirm.text
    # A double press on confirm: the draw is made and locked once.
    await admin.press(confirm, "✅ 确认种子并抽取")
    second = await admin.press(confirm, "✅ 确认种子并抽取")
    await _current(group, confirm.message_id, "已完成并锁定")
    await eventually(lambda: second in fake.callback_answers)
    assert "失效" in fake.callback_answers[second]["text"]
    announcement = await group.expect("双随机抽查抽取结果")
    assert code in announcement.text and "3 1 4 1 5 9 2 6 5 3" in announcement.text

    assert await _count(db, Draw, Draw.status == DrawStatus.LOCKED) == 1
    assert await _count(db, Task) == 12
    assert await _count(db, AuditEntry, AuditEntry.action == "draw") == 1
    async with db.session() as session:
        draw = await session.scalar(select(Draw))
        assert draw is not None and draw.record is not None
        record = DrawRecord.from_json(json.dumps(draw.record))
    assert record.seed == "3 1 4 1 5 9 2 6 5 3" and record.pool_digest == digest
    assert verify(record) is None
    assert all(len(t.team) == 2 for t in record.sample)
    # Every member's card arrives through the outbox, with its two buttons.
    expected = Counter(c for t in record.sample for c in t.team)
    for certificate, count in expected.items():
        user = inspectors[certificate]
        await eventually(lambda u=user, n=count: len(_cards(u)) == n,  # type: ignore[misc]
                         what=f"{count} cards for {certificate}")  # fmt: skip
        for card in _cards(user):
            labels = {b["text"] for b in card.buttons()}
            assert {"接受", "申请回避"} <= labels, labels
    assert await _count(db, OutboxMessage, OutboxMessage.dedupe_key.startswith("card:")) == 24


async def test_restart_in_the_middle_continues(
    settings: Settings, db: Database, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    registers: None,
) -> None:  # fmt: skip
    first = build_application(settings, db)
    await start(first)
    try:
        preview = await _to_preview(admin, group, count="5")
    finally:
        await stop(first)
    second = build_application(settings, db)
    await start(second)
    try:
        await admin.press(preview, "✅ 确认并冻结名录")
        await _current(group, preview.message_id, "名录已冻结")
        before = len(fake.sent)
        await admin.send("/draw", chat=group)  # a frozen draw is shown again, not lost
        await group.expect("🔒 名录已冻结：", after=before)
        async with db.session() as session:
            code = await session.scalar(select(Draw.code))
        before = len(fake.sent)
        await admin.send(f"/draw 继续={code}", chat=group)  # as another admin would
        again = await group.expect("🔒 名录已冻结：", after=before)
        await admin.press(again, "🎲 由系统生成随机种子并抽取")
        done = await _current(group, again.message_id, "已完成并锁定")
        seed = done.text.split("种子 ")[1].split("。")[0].replace(" ", "")
        assert len(seed) == 24 and seed.isdigit(), "the bot's seed is shown in full"
    finally:
        await stop(second)
    assert await _count(db, Task) == 5


async def test_frozen_draw_cancelled_with_a_reason_stays_on_record(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, registers: None
) -> None:
    preview = await _to_preview(admin, group, count="3")
    seed_screen = await _freeze(admin, group, preview)
    await admin.press(seed_screen, "作废本次抽取")
    await group.expect("说明作废抽取")
    await admin.send("见证人未到场", chat=group)
    notice = await group.expect("已作废（0 个任务随之取消）")
    assert "见证人未到场" in notice.text
    async with db.session() as session:
        draw = await session.scalar(select(Draw))
        assert draw is not None and draw.status is DrawStatus.CANCELLED
        assert draw.cancel_reason == "见证人未到场" and draw.seed == ""


async def test_typed_mistakes_are_explained_and_change_nothing(
    app: SpotCheckApplication, admin: FakeUser, member: FakeUser, group: FakeGroup,
    db: Database, registers: None,
) -> None:  # fmt: skip
    await admin.send("/draw", chat=group)
    wizard = await group.expect("第 1 步")
    await admin.press(wizard, "下一步 ▶")  # no item chosen yet
    await admin.press(wizard, _button(wizard, ITEM))
    wizard = await _current(group, wizard.message_id, f"事项：{ITEM}")
    await admin.press(wizard, "下一步 ▶")
    wizard = await _current(group, wizard.message_id, "第 2 步")
    await admin.press(wizard, "下一步 ▶")
    wizard = await _current(group, wizard.message_id, "第 3 步")
    await admin.press(wizard, "百分比")
    await group.expect("输入抽取比例")
    await member.send("大家好", chat=group)  # people talking: not an answer
    await admin.send("150", chat=group)
    await group.expect("不超过 100")
    await admin.send("5%", chat=group)
    await group.expect("输入检查开始和结束日期")
    await admin.send("明天开始", chat=group)
    await group.expect("没有认出两个日期")
    await admin.send("2026-12-31 2026-12-01", chat=group)
    await group.expect("结束日期不能早于开始日期")
    await admin.send("2026-12-01 2026-12-31", chat=group)
    await group.expect("第 4 步")
    assert not any("大家好" in m.text for m in group.messages())
    assert await _count(db, Draw) == 0


async def test_cancel_a_locked_draw(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, registers: None
) -> None:
    preview = await _to_preview(admin, group, count="4")
    seed_screen = await _freeze(admin, group, preview)
    await admin.press(seed_screen, "🎲 由系统生成随机种子并抽取")
    await group.expect("双随机抽查抽取结果")
    async with db.session() as session:
        code = await session.scalar(select(Draw.code))
    await admin.send(f"/draw 继续={code}", chat=group)
    await group.expect("已经完成并锁定，不能再次抽取")
    await admin.send(f"/cancel_draw {code}", chat=group)
    await group.expect("用法：/cancel_draw")
    await admin.send(f"/cancel_draw {code} 抽查事项依据已废止", chat=group)
    await group.expect("4 个任务已取消")
    assert await _count(db, Task, Task.status == TaskStatus.CANCELLED) == 4
    assert await _count(db, Draw, Draw.status == DrawStatus.CANCELLED) == 1
    assert await _count(db, OutboxMessage, OutboxMessage.dedupe_key == f"cancelled:{code}") == 1


async def test_typed_arguments_and_a_joint_check(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database, registers: None,
) -> None:  # fmt: skip
    await admin.send("/draw 事项=XPCZ-001 数量=三十", chat=group)
    await group.expect("户数应为 1 至 1000000 之间的整数")
    await admin.send("/draw 事项=XPCZ-001 频次=2", chat=group)
    await group.expect("没有看懂参数「频次=2」")
    # Two items of two departments: a joint check, each team spans both.
    await admin.send("/draw 事项=XPCZ-001,XPCZ-003 数量=6 日期=2026-12-01~2026-12-20 每组=2",
                     chat=group)  # fmt: skip
    preview = await group.expect("名录 SHA-256 摘要")
    assert "事项：XPCZ-001、XPCZ-003" in preview.text and "拟抽取：6 户" in preview.text
    seed_screen = await _freeze(admin, group, preview)
    await admin.press(seed_screen, "🎲 由系统生成随机种子并抽取")
    await group.expect("双随机抽查抽取结果")
    async with db.session() as session:
        draw = await session.scalar(select(Draw))
        assert draw is not None and draw.record is not None
        record = DrawRecord.from_json(json.dumps(draw.record))
    assert record.items == ["XPCZ-001", "XPCZ-003"]
    assert record.rules.required_departments == {"会计股", "监督检查股"}
    departments = {i.certificate: i.department for i in record.inspectors}
    for target in record.sample:
        assert {departments[c] for c in target.team} == {"会计股", "监督检查股"}
    assert verify(record) is None


async def test_preview_warns_of_a_department_too_small_for_a_joint_check(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, registers: None
) -> None:
    # 7 inspectors, 3 of them in 会计股: with teams of 2 for 60 targets, nobody takes more
    # than ceil(120 / 7) + 1 = 19 tasks, so 会计股 reaches 57 targets at most.
    await admin.send("/draw 事项=XPCZ-001,XPCZ-003 数量=60 日期=2026-12-01~2026-12-20",
                     chat=group)  # fmt: skip
    preview = await group.expect("名录 SHA-256 摘要")
    assert "「会计股」只有 3 名" in preview.text and "最多覆盖 57 户" in preview.text
    await admin.press(preview, "取消")
    await group.expect("没有保存任何内容")
    assert await _count(db, Draw) == 0


async def test_a_draw_by_the_plans_ratios(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, registers: None
) -> None:
    wizard = await _to_size(admin, group)
    query = await admin.press(wizard, "按年度计划比例")
    await eventually(lambda: query in group.fake.callback_answers)
    assert "还没有抽查计划" in group.fake.callback_answers[query]["text"]

    async with db.session() as session:
        await plans.import_plan(session, EXAMPLES / "plan-2026.xlsx", actor=None,
                                texts=get_texts("zh-CN"))  # fmt: skip
        plan = await plans.for_draw(session, 2026)
    assert plan is not None
    await admin.press(wizard, "按年度计划比例")
    await group.expect("输入检查开始和结束日期")
    await admin.send("2026-12-01 2026-12-31", chat=group)
    team = await group.expect("第 4 步")
    assert "年度计划比例" in team.text
    await admin.press(team, "预览 ▶")
    preview = await _current(group, team.message_id, "名录 SHA-256 摘要")
    seed_screen = await _freeze(admin, group, preview)
    await admin.press(seed_screen, "🎲 由系统生成随机种子并抽取")
    await group.expect("双随机抽查抽取结果")
    async with db.session() as session:
        draw = await session.scalar(select(Draw))
        assert draw is not None and draw.record is not None and draw.plan_id == plan.plan_id
        record = DrawRecord.from_json(json.dumps(draw.record))
    assert record.ratios == dict(plan.size.ratios), "the draw records the ratios it used"
    assert record.sizes == plan.size.per_stratum(record.strata())
    assert verify(record) is None


async def test_another_admins_press_is_told_whose_wizard_it_is(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database, registers: None,
) -> None:  # fmt: skip
    other = FakeUser(fake, 1003, "赵股长")
    fake.admins[group.id].append(other.id)
    await admin.send("/draw", chat=group)
    wizard = await group.expect("第 1 步")
    query = await other.press(wizard, _button(wizard, ITEM))
    await eventually(lambda: query in fake.callback_answers)
    assert "另一位管理员的抽取向导" in fake.callback_answers[query]["text"]
    await admin.press(wizard, _button(wizard, ITEM))  # the owner's press still works
    await _current(group, wizard.message_id, f"事项：{ITEM}")
