"""Registers through the fake Telegram: admins in the group, and people who may not."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import SpotCheckApplication
from storage.database import Database
from storage.models import Target
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import eventually
from tests.registers_data import (
    TARGET_HEADER,
    target_rows,
    write_csv,
)


async def _count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_admin_imports_targets_by_caption(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, tmp_path: Path
) -> None:
    rows = target_rows(40)
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows, encoding="gbk")
    await admin.send_document("检查对象名录.csv", path.read_bytes(), caption="/import targets",
                              chat=group)  # fmt: skip
    await group.expect("正在导入检查对象名录")
    report = await group.expect("导入完成")
    assert "新增 40，更新 0，重新启用 0，未变 0，停用 0" in report.text
    assert report.edited, "the progress message becomes the report"
    assert len(group.messages()) == 1, "one import, one message"
    assert await _count(db, Target) == 40


async def test_import_by_replying_to_a_file(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    tmp_path: Path,
) -> None:  # fmt: skip
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(5))
    await admin.send_document("t.csv", path.read_bytes(), chat=group)
    file_message = fake._all_pushed[-1]["message"]
    await admin.send("/import targets", chat=group, reply_to_message=file_message)
    await group.expect("新增 5")


async def test_broken_file_imports_nothing_and_lists_errors(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database, tmp_path: Path
) -> None:
    rows = target_rows(30)
    for index in range(0, 30, 2):  # 15 bad check characters...
        rows[index][0] = rows[index][0][:17] + ("1" if rows[index][0][17] != "1" else "2")
    for index in range(1, 20, 2):  # ...and 10 bad credit classes: 25 errors in all
        rows[index][4] = "Z"
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    await admin.send_document("bad.csv", path.read_bytes(), caption="/import targets", chat=group)
    failed = await group.expect("导入失败")
    assert "未导入任何数据" in failed.text
    assert "共 25 处错误" in failed.text
    assert "第 2 行「统一社会信用代码」：校验位错误" in failed.text
    assert "第 3 行「信用风险等级」：「Z」不是有效的信用风险等级" in failed.text
    assert len(re.findall(r"^第 \d+ 行", failed.text, re.M)) == 20, "the first 20, not more"
    assert "另有 5 处" in failed.text
    attachment = await group.expect("完整问题清单")
    assert attachment.file_bytes is not None
    csv_lines = attachment.file_bytes.decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 26  # header + every error
    assert await _count(db, Target) == 0


async def test_wrong_usage_and_wrong_files(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database
) -> None:
    await admin.send("/import", chat=group)
    await group.expect("用法：发送 Excel/CSV 文件")
    await admin.send_document("a.csv", b"x", caption="/import nonsense", chat=group)
    await group.expect("用法：发送 Excel/CSV 文件", after=1)
    await admin.send_document("old.xls", b"\xd0\xcf\x11\xe0", caption="/import targets", chat=group)
    await group.expect("不支持 .xls 文件")
    await admin.send_document("fake.xlsx", b"not a zip", caption="/import targets", chat=group)
    await group.expect("无法读取文件")
    assert await _count(db, Target) == 0


async def test_non_admin_import_is_refused(
    app: SpotCheckApplication, member: FakeUser, stranger: FakeUser, group: FakeGroup,
    db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    content = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(3)).read_bytes()
    await member.send_document("t.csv", content, caption="/import targets", chat=group)
    await group.expect("只有管理群的管理员可以使用此命令")
    await stranger.send_document("t.csv", content, caption="/import targets")
    await stranger.expect("只能在本局的管理群中使用")
    assert await _count(db, Target) == 0


async def test_template_and_export_round_trip(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    await admin.send("/template targets", chat=group)
    template = await group.expect("导入模板")
    assert template.file_bytes is not None
    sheet = load_workbook(io.BytesIO(template.file_bytes)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["统一社会信用代码*", "名称*"]
    assert sheet.max_row == 2, "one example row"

    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(12))
    await admin.send_document("t.csv", path.read_bytes(), caption="/import targets", chat=group)
    await group.expect("新增 12")
    await admin.send("/export targets", chat=group)
    exported = await group.expect("检查对象名录：12 条")
    assert exported.file_bytes is not None and exported.file_name is not None
    await admin.send_document(exported.file_name, exported.file_bytes,
                              caption="/import targets", chat=group)  # fmt: skip
    await group.expect("新增 0，更新 0，重新启用 0，未变 12，停用 0")


async def test_browse_targets_with_paging(
    app: SpotCheckApplication, admin: FakeUser, member: FakeUser, group: FakeGroup, tmp_path: Path
) -> None:
    rows = target_rows(25)
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    await admin.send_document("t.csv", path.read_bytes(), caption="/import targets", chat=group)
    await group.expect("新增 25")
    await admin.send("/targets 测试企业", chat=group)
    first = await group.expect("共 25 个，第 1/3 页")
    # Someone who is not an admin cannot page through the register.
    query_id = await member.press(first, "下一页 »")
    await eventually(lambda: query_id in group.fake.callback_answers, what="an answer")
    assert group.fake.callback_answers[query_id]["text"] == "⛔ 只有管理群的管理员可以使用此命令。"
    assert not first.edited
    await admin.press(first, "下一页 »")
    await group.fake.wait_for_message(group.id, lambda m: m.edited and "第 2/3 页" in m.text)
    await admin.send(f"/target {rows[0][0]}", chat=group)
    card = await group.expect(rows[0][1])
    assert "暂无检查记录" in card.text
    await admin.send("/target 914403001922038216", chat=group)
    await group.expect("名录中没有统一社会信用代码为 914403001922038216")
    await admin.send("/targets 不存在的名字", chat=group)
    await group.expect("没有找到匹配")
