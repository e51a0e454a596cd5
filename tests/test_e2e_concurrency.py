"""A large import while the outbox delivers and people press buttons: nobody waits on it."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from bot.app import SpotCheckApplication, runtime_of
from storage.database import Database
from storage.models import OutboxStatus
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import enqueue, eventually, settled_statuses
from tests.registers_data import TARGET_HEADER, target_rows, write_csv


async def test_large_import_while_the_outbox_delivers_and_buttons_are_pressed(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(30))
    await admin.send_document("t.csv", path.read_bytes(), caption="/import targets", chat=group)
    await group.expect("新增 30")
    await admin.send("/targets", chat=group)
    listing = await group.expect("共 30 个，第 1/3 页")

    inspectors = [FakeUser(fake, 70_000 + i, f"检查员{i}") for i in range(60)]
    fake.started_users.update(u.id for u in inspectors)
    big = write_csv(tmp_path / "big.csv", TARGET_HEADER, target_rows(80_000, seed=5))
    await admin.send_document("big.csv", big.read_bytes(), caption="/import targets", chat=group)
    progress = await group.expect("正在导入")
    await enqueue(runtime_of(app), [(u.id, f"通知 {u.id}") for u in inspectors])

    # Paging through the register is answered promptly while the import runs.
    waits = []
    for page, shown in (
        ("下一页 »", "第 2/3 页"),
        ("下一页 »", "第 3/3 页"),
        ("« 上一页", "第 2/3 页"),
    ):
        started = time.monotonic()
        await admin.press(listing, page)
        await eventually(lambda s=shown: s in listing.text, 10, shown)  # type: ignore[misc]
        waits.append(time.monotonic() - started)
    assert "正在导入" in progress.text, "the import ended before the presses; nothing tested"
    assert max(waits) < 2.0, f"button presses waited {waits} behind the import"

    await group.expect("新增 80000", timeout=120)
    statuses = await settled_statuses(db, timeout=60)
    assert set(statuses.values()) == {OutboxStatus.SENT}, "a message was left behind"
    counts = Counter((m.chat_id, m.text) for m in fake.sent if m.chat_id > 0)
    assert set(counts) == {(u.id, f"通知 {u.id}") for u in inspectors}
    assert set(counts.values()) == {1}, "a message was sent twice"


async def test_a_large_export_does_not_hold_up_others(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    stranger: FakeUser, db: Database, tmp_path: Path,
) -> None:  # fmt: skip
    big = write_csv(tmp_path / "big.csv", TARGET_HEADER, target_rows(40_000, seed=3))
    await admin.send_document("big.csv", big.read_bytes(), caption="/import targets", chat=group)
    await group.expect("新增 40000", timeout=60)
    before = len(fake.sent)
    await admin.send("/export targets", chat=group)
    await stranger.send("/help")
    started = time.monotonic()
    helped = await stranger.expect("如何开始使用")
    answered = time.monotonic() - started
    exported = await fake.wait_for_message(group.id, lambda m: m.file_name is not None,
                                           after=before, timeout=60)  # fmt: skip
    assert "40000 条" in exported.text
    assert fake.sent.index(helped) < fake.sent.index(exported), "the export was too quick"
    assert answered < 2.0, f"a private /help waited {answered:.1f} s behind an export"
