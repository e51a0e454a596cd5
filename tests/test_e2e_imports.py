"""Imports and browsing in the admin group, as the audit of issue 6 tried them: partial files,
explicit deactivation, stale and forged buttons, Chinese register names, searches."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.app import SpotCheckApplication
from storage.database import Database
from storage.models import Job, JobStatus, Target
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually
from tests.registers_data import TARGET_HEADER, target_rows, write_csv

EXAMPLES_ITEMS = Path(__file__).resolve().parents[1] / "examples" / "items.xlsx"


async def _active(db: Database) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(Target).where(Target.active.is_(True))
        return int(await session.scalar(query) or 0)


async def _import(
    admin: FakeUser, group: FakeGroup, tmp_path: Path, rows: list[list[str]], name: str
) -> SentMessage:
    path = write_csv(tmp_path / name, TARGET_HEADER, rows)
    before = len(group.fake.sent)
    await admin.send_document(name, path.read_bytes(), caption="/import targets", chat=group)
    return await group.fake.wait_for_message(
        group.id, lambda m: "导入完成" in m.text or "导入失败" in m.text, after=before
    )


async def _press_data(fake: FakeTelegram, user: FakeUser, message: SentMessage, data: str) -> str:
    """A press carrying any data at all, as a forged or outdated client sends it."""
    query_id = f"forged-{time.monotonic_ns()}"
    update: dict[str, Any] = {
        "callback_query": {
            "id": query_id,
            "from": user.data,
            "chat_instance": str(message.chat_id),
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": fake.chats[message.chat_id],
                "from": fake.bot_user,
                "text": message.text,
            },
        }
    }
    if message.reply_markup:
        update["callback_query"]["message"]["reply_markup"] = message.reply_markup
    await fake.push_update(update)
    await eventually(lambda: query_id in fake.callback_answers, 10, f"an answer to {data!r}")
    return str(fake.callback_answers[query_id].get("text", ""))


async def test_partial_reimport_deactivates_only_after_confirmation(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    rows = target_rows(30)
    await _import(admin, group, tmp_path, rows, "all.csv")
    assert await _active(db) == 30
    # A 5-row file: today's audit saw it deactivate the other 25 silently.
    report = await _import(admin, group, tmp_path, rows[:5], "five.csv")
    assert "未变 5，停用 0" in report.text
    assert "另有 25 条不在本文件中，未作改动" in report.text
    assert await _active(db) == 30
    assert [b["text"] for b in report.buttons()] == ["停用这 25 条", "保持不变"]
    deactivate = report.buttons()[0]["callback_data"]

    # Only an admin may choose; a member is told so privately.
    refused = await _press_data(fake, member, report, deactivate)
    assert "只有管理群的管理员" in refused
    assert await _active(db) == 30

    before = len(fake.sent)
    await admin.press(report, "停用这 25 条")
    done = await fake.wait_for_message(group.id, lambda m: "已停用" in m.text, after=before)
    assert "25 条" in done.text and "five.csv" in done.text
    assert await _active(db) == 5
    async with db.session() as session:
        still = await session.scalar(select(func.count()).select_from(Target))
    assert still == 30, "nothing is deleted"

    # The same button again (a double tap, or an old message): an alert, nothing more.
    assert report.buttons() == [], "the choice is gone from the report"
    answer = await _press_data(fake, admin, report, deactivate)
    assert "此按钮已过期" in answer
    assert await _active(db) == 5

    # The full file brings them back, reported as re-enabled, not as updated.
    report = await _import(admin, group, tmp_path, rows, "all-again.csv")
    assert "更新 0，重新启用 25，未变 5，停用 0" in report.text
    assert report.buttons() == []


async def test_keeping_missing_rows_and_stale_buttons(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    rows = target_rows(12)
    await _import(admin, group, tmp_path, rows, "all.csv")
    first = await _import(admin, group, tmp_path, rows[:10], "ten.csv")
    outdated = first.buttons()[0]["callback_data"]
    await admin.press(first, "保持不变")
    await eventually(lambda: first.reply_markup is None, 10, "the buttons to go")
    second = await _import(admin, group, tmp_path, rows[:11], "eleven.csv")
    assert "另有 1 条" in second.text
    # The first report's button is outdated by the second import.
    answer = await _press_data(fake, admin, second, outdated)
    assert "此按钮已过期" in answer
    assert await _active(db) == 12


async def test_forged_and_odd_presses_are_all_answered(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    tmp_path: Path,
) -> None:  # fmt: skip
    await _import(admin, group, tmp_path, target_rows(25), "t.csv")
    await admin.send("/targets", chat=group)
    listing = await group.expect("共 25 个，第 1/3 页")
    for data in ("inv:1", "x" * 64, "tg:99999999999999999999:", "miss:1", "miss:abc:1"):
        answer = await _press_data(fake, admin, listing, data)
        assert answer == "此按钮已失效，请重新发送命令。", data
    await _press_data(fake, admin, listing, "tg:-1:")  # answered, shows page 1 (no change)
    # Page 0 and page 201 of 3 show the first and the last page.
    await _press_data(fake, admin, listing, "tg:0:")
    await eventually(lambda: "第 1/3 页" in listing.text, 10, "page 1")
    await _press_data(fake, admin, listing, "tg:201:")
    await eventually(lambda: "第 3/3 页" in listing.text, 10, "page 3")
    # A double tap asks for the same page twice: no error message.
    await _press_data(fake, admin, listing, "tg:3:")
    await _press_data(fake, admin, listing, "tg:3:")
    assert not [m for m in group.messages() if "出错" in m.text]


async def test_chinese_register_names_and_clear_usage(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(3))
    await admin.send_document("t.csv", path.read_bytes(), caption="/import 检查对象", chat=group)
    await group.expect("新增 3")
    # A reply to a message without a file says so.
    await admin.send("这是一条普通消息", chat=group)
    plain = fake._all_pushed[-1]["message"]
    await admin.send("/import targets", chat=group, reply_to_message=plain)
    await group.expect("您回复的消息里没有文件")
    # A caption for another bot is not ours.
    before = len(fake.sent)
    await admin.send_document("t.csv", path.read_bytes(), caption="/import@other_bot targets",
                              chat=group)  # fmt: skip
    await admin.send("/export 检查对象", chat=group)
    exported = await group.expect("检查对象名录：3 条")
    assert [m for m in fake.sent[before:] if m.chat_id == group.id] == [exported]


async def test_target_lookup_and_search(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    rows = target_rows(6)
    names = ["张记餐馆", "阿里巴巴餐馆", "北京烤鸭店", "芦庙乡农机站", "赵氏餐馆", "西平会计所"]
    classes = ["C", "C", "B", "A", "A", "C"]
    regions = ["柏城街道", "出山镇", "柏城街道", "芦庙乡", "芦庙乡", "出山镇"]
    for row, name, credit, region in zip(rows, names, classes, regions, strict=True):
        row[1], row[4], row[2], row[3] = name, credit, region, "餐饮业" if "餐" in name else "其他"
    await _import(admin, group, tmp_path, rows, "t.csv")

    await admin.send("/targets 芦庙乡", chat=group)
    found = await group.expect("芦庙乡")
    assert "共 2 个" in found.text
    await admin.send("/targets 餐馆 C类", chat=group)
    found = await group.expect("C类")
    assert "共 2 个" in found.text
    # Pinyin order: A(阿里巴巴) before Z(张记).
    assert found.text.index("阿里巴巴餐馆") < found.text.index("张记餐馆")

    # Deactivated targets only on request.
    await _import(admin, group, tmp_path, rows[1:], "without-first.csv")
    await admin.press(await group.expect("另有 1 条"), "停用这 1 条")
    await group.expect("已停用")
    await admin.send("/targets 张记", chat=group)
    await group.expect("没有找到匹配“张记”")
    await admin.send("/targets 张记 含停用", chat=group)
    found = await group.expect("共 1 个")
    assert "张记餐馆" in found.text and "（已停用）" in found.text

    good = rows[0][0]
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    await admin.send(f"/target {wrong}", chat=group)
    reply = await group.expect("校验位不对")
    assert f"应为 {good[17]}" in reply.text and good in reply.text
    await admin.send("/target 北京烤鸭", chat=group)
    card = await group.expect("北京烤鸭店")
    assert rows[2][0] in card.text and "信用风险等级：B" in card.text


async def test_an_import_does_not_hold_up_other_chats(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    stranger: FakeUser, db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    path = write_csv(tmp_path / "big.csv", TARGET_HEADER, target_rows(60_000))
    await admin.send_document("big.csv", path.read_bytes(), caption="/import targets", chat=group)
    progress = await group.expect("正在导入")
    started = time.monotonic()
    await stranger.send("/help")
    await stranger.expect("如何开始使用")
    answered = time.monotonic() - started
    assert "正在导入" in progress.text, "the import finished too soon to show anything"
    assert answered < 2.0, f"a private /help waited {answered:.1f} s behind an import"
    # A second import of the same register while the first runs is refused, not queued.
    await admin.send_document("t.csv", b"x", caption="/import targets", chat=group)
    await group.expect("正在导入或停用中")
    await group.expect("新增 60000", timeout=120)
    async with db.session() as session:
        job = await session.scalar(select(Job).order_by(Job.id.desc()).limit(1))
    assert job is not None and job.status is JobStatus.DONE


async def test_long_hostile_arguments_are_echoed_short_and_escaped_once(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    await _import(admin, group, tmp_path, target_rows(2), "t.csv")
    await admin.send("/targets " + "<" * 1100, chat=group)
    reply = await group.expect("没有找到匹配")
    assert len(reply.text) < 200 and "&lt;" not in reply.text and "<<<" in reply.text
    before = len(group.fake.sent)
    await admin.send("/target a&b", chat=group)
    reply = await group.expect("没有找到匹配", after=before)
    assert "“a&b”" in reply.text, "escaped exactly once"


async def test_a_template_with_its_example_row_is_refused(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database
) -> None:
    await admin.send_document("items.xlsx", EXAMPLES_ITEMS.read_bytes(), caption="/import items",
                              chat=group)  # fmt: skip
    await group.expect("抽查事项清单导入完成")
    await admin.send("/template items", chat=group)
    template = await group.expect("导入模板")
    assert template.file_bytes is not None
    before = len(group.fake.sent)
    await admin.send_document("模板.xlsx", template.file_bytes, caption="/import items",
                              chat=group)  # fmt: skip
    refused = await group.fake.wait_for_message(group.id, lambda m: "导入失败" in m.text,
                                                after=before)  # fmt: skip
    assert "第 2 行：这是导入模板中的示例行，请删除后再导入" in refused.text
    await admin.send("/items", chat=group)
    items = await group.expect("抽查事项清单：", after=before + 1)
    assert "示例" not in items.text and "XPCZ-001" in items.text


async def test_merged_range_bomb_is_refused_within_seconds_while_others_are_answered(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, stranger: FakeUser,
    db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    from tests.test_reader_limits import _replace_sheet, _small_targets_xlsx

    bomb = _small_targets_xlsx(tmp_path / "bomb.xlsx")
    _replace_sheet(bomb, lambda xml: xml.replace('ref="A1:H1"', 'ref="C3:XFD1048576"'))
    assert bomb.stat().st_size < 10_000
    started = time.monotonic()
    await admin.send_document("名录.xlsx", bomb.read_bytes(), caption="/import targets", chat=group)
    await stranger.send("/help")
    await stranger.expect("如何开始使用")
    refused = await group.expect("导入失败", timeout=10)
    assert time.monotonic() - started < 5
    assert "合并区域 C3:XFD1048576 超出可导入的范围" in refused.text
    assert await _active(db) == 0


async def test_a_long_report_fits_one_message_and_the_rest_is_in_the_csv(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    rows = target_rows(20)
    for row in rows:
        row[7] = "很久以前" * 60  # an unreadable date, echoed at length in every error
    failed = await _import(admin, group, tmp_path, rows, "long.csv")
    assert "共 20 处错误" in failed.text and len(failed.text) <= 4096
    listed = failed.text.count("无法识别的日期")
    assert 0 < listed < 20, "the message holds whole lines only"
    attachment = await group.expect("完整问题清单")
    assert attachment.file_bytes is not None
    assert len(attachment.file_bytes.decode("utf-8-sig").splitlines()) == 21
