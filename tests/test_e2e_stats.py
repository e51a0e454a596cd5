"""/stats through the fake Telegram: an admin gets the summary, the charts as photos and the
XLSX in the group; a member is refused; a scope that names nothing is explained."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.app import SpotCheckApplication, runtime_of
from storage.database import Database
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.stats_data import NOW, PLAN_CODE, build

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_stats_sends_charts_and_a_workbook_to_the_group(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database,
) -> None:  # fmt: skip
    await build(db)
    runtime_of(app).clock = lambda: NOW  # every window has ended; some publications are late

    await member.send("/stats", chat=group)
    await group.expect("只有管理群的管理员")

    await admin.send("/stats 计划X", chat=group)
    unknown = await group.expect("没有找到计划或年度「计划X」")
    assert "/stats 2026" in unknown.text

    before = len(fake.sent)
    await admin.send(f"/stats {PLAN_CODE}", chat=group)
    summary = await group.expect(f"统计：{PLAN_CODE}", after=before)
    assert "检查任务 5 个" in summary.text and "逾期未完成 1 个" in summary.text
    assert "按时 1，逾期公示 1，逾期未公示 1" in summary.text
    document = await fake.wait_for_message(group.id, lambda m: m.method == "sendDocument",
                                           after=before)  # fmt: skip
    assert document.file_name == f"stats-{PLAN_CODE}.xlsx" and document.file_bytes is not None
    book = load_workbook(io.BytesIO(document.file_bytes))
    assert "检查人员" in book.sheetnames and "信用分类覆盖" in book.sheetnames
    photos = [m for m in fake.sent[before:] if m.chat_id == group.id and m.method == "sendPhoto"]
    assert len(photos) == 4
    assert all(p.file_bytes and p.file_bytes.startswith(PNG_SIGNATURE) for p in photos)

    # A year without draws: said in words, no empty charts.
    before = len(fake.sent)
    await admin.send("/stats 2025", chat=group)
    await group.expect("2025年度：还没有已锁定的抽取", after=before)
    assert not [m for m in fake.sent[before:] if m.method in ("sendPhoto", "sendDocument")]
