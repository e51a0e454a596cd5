"""Draws in the admin group through the fake Telegram: /draws, /draw CODE, the drawn list in
pages, the XLSX, a cancelled draw, a target's card; and people who may not see them."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.app import SpotCheckApplication, runtime_of
from bot.services import draw_texts, draw_views
from storage.database import Database
from tests.draws_data import cancel, load_examples, lock_draw
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import eventually


async def test_list_open_page_and_export(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database,
) -> None:  # fmt: skip
    await load_examples(db)
    first = await lock_draw(db)
    second = await lock_draw(db, item="XPCZ-002", count=3, seed="x")
    await cancel(db, second.code, "检查期限填错")

    await admin.send("/draws", chat=group)
    listing = await group.expect("抽取记录：共 2 次")
    assert listing.text.index(second.code) < listing.text.index(first.code), "newest first"
    assert f"{second.code} ❌已作废" in listing.text
    assert f"{first.code} ❌" not in listing.text
    mark = len(fake.sent)
    await admin.press(listing, f"{second.code} ❌已作废")
    cancelled = await group.expect("作废原因：检查期限填错", after=mark)
    assert "状态：已作废" in cancelled.text and not cancelled.edited, "a message of its own"

    # The number alone names this year's draw.
    mark = len(fake.sent)
    await admin.send("/draw 第001号", chat=group)
    summary = await group.expect(first.code, after=mark)
    assert "状态：已锁定" in summary.text and "抽取结果：12 个检查对象" in summary.text
    assert first.record.pool_digest in summary.text and first.record.seed in summary.text
    await admin.press(summary, "📋 名单")
    await group.expect("抽取名单：共 12 个，第 1/2 页", after=mark)
    assert summary.edited and len(group.messages()) == 3, "the list replaces the summary"
    first_target = first.record.sample[0].uscc
    assert "1. " in summary.text and first_target in summary.text
    await admin.press(summary, "下一页 »")
    await group.expect("第 2/2 页", after=mark)
    assert "12. " in summary.text and first_target not in summary.text
    await admin.press(summary, "« 上一页")
    await group.expect("第 1/2 页", after=mark)
    await admin.press(summary, "↩ 概要")
    await group.expect("状态：已锁定", after=mark)

    await admin.press(summary, "📥 导出 XLSX")
    exported = await group.expect("抽取名单：12 个检查对象", after=mark)
    assert exported.file_name == f"{first.code}.xlsx" and exported.file_bytes is not None
    sheet = load_workbook(io.BytesIO(exported.file_bytes)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=13)]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 13)]
    assert [r[2] for r in rows] == [t.uscc for t in first.record.sample]
    for row, target in zip(rows, first.record.sample, strict=True):
        team, leader = str(row[6]), str(row[7])
        assert all(certificate in team for certificate in target.team)
        assert leader and leader in team and row[8] == "已分派"


async def test_unknown_codes_and_a_targets_draws(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database,
) -> None:  # fmt: skip
    await admin.send("/draws", chat=group)
    await group.expect("还没有任何抽取记录")
    await load_examples(db)
    locked = await lock_draw(db)
    await admin.send("/draw 7", chat=group)
    await group.expect("没有编号为 7 的抽取")
    target = locked.record.sample[0]
    await admin.send(f"/target {target.uscc}", chat=group)
    card = await group.expect(f"统一社会信用代码：{target.uscc}")
    assert locked.code in card.text and "2026-12-01 至 2026-12-31" in card.text
    assert "暂无检查记录" not in card.text


async def test_only_admins_in_the_group_see_draws(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    stranger: FakeUser, group: FakeGroup, db: Database,
) -> None:  # fmt: skip
    await load_examples(db)
    locked = await lock_draw(db)
    await member.send("/draws", chat=group)
    await group.expect("只有管理群的管理员可以使用此命令")
    mark = len(fake.sent)
    await member.send(f"/draw {locked.code}", chat=group)
    await group.expect("只有管理群的管理员可以使用此命令", after=mark)
    await stranger.send("/draws")
    await stranger.expect("只能在本局的管理群中使用")

    await admin.send("/draws", chat=group)
    listing = await group.expect("抽取记录：共 1 次")
    query_id = await member.press(listing, locked.code)
    await eventually(lambda: query_id in fake.callback_answers, what="an answer")
    assert fake.callback_answers[query_id]["text"] == "⛔ 只有管理群的管理员可以使用此命令。"
    await admin.send(f"/draw {locked.code}", chat=group)
    summary = await group.expect("状态：已锁定")
    for button in ("📋 名单", "📥 导出 XLSX"):
        pressed = await member.press(summary, button)
        await eventually(lambda p=pressed: p in fake.callback_answers,  # type: ignore[misc]
                         what="an answer")  # fmt: skip
        assert fake.callback_answers[pressed]["text"] == "⛔ 只有管理群的管理员可以使用此命令。"
    assert not summary.edited and not any(m.file_name for m in group.messages())


async def test_the_wizards_announcement_and_list_through_the_outbox(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, group: FakeGroup,
    db: Database,
) -> None:  # fmt: skip
    """What the wizard does once a draw locks: the announcement and the first page of the
    drawn list, queued in the outbox; the list pages by edits, with no way "back"."""
    await load_examples(db)
    locked = await lock_draw(db)
    runtime = runtime_of(app)
    texts = runtime.texts
    async with db.session() as session:
        summary = await draw_views.summary(session, locked.code)
        page = await draw_views.drawn_page(session, summary.id, 1)
    async with db.session() as session, session.begin():
        outbox = runtime.outbox(session)
        await outbox.message(group.id, draw_texts.announcement_text(texts, summary))
        buttons = draw_texts.outbox_buttons(draw_texts.drawn_page_buttons(texts, page, back=False))
        await outbox.message(group.id, draw_texts.drawn_page_text(texts, page), buttons=buttons)
    announcement = await group.expect("双随机抽查抽取结果")
    assert (
        locked.record.pool_digest in announcement.text
        and "python -m bot verify" in announcement.text
    )
    listed = await group.expect("抽取名单：共 12 个，第 1/2 页")
    await admin.press(listed, "下一页 »")
    await group.expect("第 2/2 页")
    assert [b["text"] for b in listed.buttons()] == ["« 上一页", "📥 导出 XLSX"]
