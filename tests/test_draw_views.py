"""The draw views' services on a real database with locked draws: summary, drawn list in
pages and as XLSX, the list of draws, a target's draws, the announcement."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.draws.buttons import DrawnPage
from bot.draws.sampling import STRATA
from bot.refusals import Refusal
from bot.services import draw_texts, draw_views
from bot.services.registers import find_target
from bot.texts import get_texts, plain
from storage.database import Database
from storage.models import (
    Draw,
    DrawStatus,
    Inspector,
    MemberRole,
    MemberStatus,
    Target,
    Task,
    TaskMember,
)
from storage.repositories.draw_views import DrawViewRepository
from tests.draws_data import SEED, cancel, load_examples, lock_draw

ZH = get_texts("zh-CN")


@pytest.fixture
async def locked(db: Database) -> str:
    await load_examples(db)
    return (await lock_draw(db)).code


async def test_summary_of_a_locked_draw(db: Database, locked: str) -> None:
    assert locked == "西财双随机〔2026〕第001号"
    async with db.session() as session:
        summary = await draw_views.summary(session, locked)
        pool = await DrawViewRepository(session).record_part(summary.id, "pool")
    assert summary.code == locked and summary.status is DrawStatus.LOCKED
    # Counted by the database, as Python counts the recorded pool.
    assert {s.stratum: s.pool for s in summary.strata} == Counter(p[1] for p in pool)
    assert summary.items == (("XPCZ-001", "会计信息质量检查"),)
    assert (summary.starts_on, summary.ends_on) == (date(2026, 12, 1), date(2026, 12, 31))
    assert summary.plan_code is None and summary.seed == SEED and len(summary.pool_digest) == 64
    assert summary.team_size == 2 and summary.cross_department
    assert (summary.tasks, summary.teamless, summary.recusals) == (12, 0, 0)
    assert summary.sample_size == 12
    assert sum(s.pool for s in summary.strata) == summary.pool_size > 12
    order = [s.stratum for s in summary.strata]
    assert order == sorted(order, key=STRATA.index), "strata in their fixed order"
    assert summary.locked_at is not None and summary.cancelled_at is None

    text = plain(draw_texts.summary_text(ZH, summary, UTC))
    assert locked in text and "已锁定" in text and "每组 2 人，跨部门组队" in text
    assert "抽取结果：12 个检查对象，其中无检查组 0 个；回避 0 人次" in text
    announcement = plain(draw_texts.announcement_text(ZH, summary))
    for part in (
        locked,
        summary.pool_digest,
        SEED,
        "python -m bot verify",
        "会计信息质量检查",
        "2026-12-01 至 2026-12-31",
        f"抽取范围：{summary.pool_size} 个检查对象",
    ):
        assert part in announcement, part
    for stratum in summary.strata:
        name = ZH.stratum_names[stratum.stratum]
        assert f"{name}：名录内 {stratum.pool} 个，抽取 {stratum.sample} 个" in announcement
    en = plain(draw_texts.announcement_text(get_texts("en"), summary))
    assert "python -m bot verify" in en and SEED in en


@pytest.mark.parametrize(
    "typed", ["西财双随机〔2026〕第001号", " 西财双随机[2026]第001号 ", "西财双随机（2026）第001号",
              "第001号", "第1号", "001", "1", "〔2026〕第1号"],
)  # fmt: skip
async def test_a_draw_is_found_as_people_type_its_code(
    db: Database, locked: str, typed: str
) -> None:
    async with db.session() as session:
        assert (await draw_views.summary(session, typed, year=2026)).code == locked


async def test_unknown_and_ambiguous_codes_are_refused(db: Database, locked: str) -> None:
    async with db.session() as session:
        for typed in ("2", "第002号", "〔2025〕第1号", "nonsense", ""):
            with pytest.raises(Refusal) as refused:
                await draw_views.summary(session, typed, year=2026)
            assert "没有编号为" in refused.value.text(ZH)
        with pytest.raises(Refusal):
            await draw_views.summary(session, "1")  # no year: only full codes
        with pytest.raises(Refusal) as refused:
            await draw_views.drawn_page(session, 999, 1)
        assert refused.value.text(ZH) == ZH.button_unknown
    # Another prefix (the setting changed) makes number 1 of 2026 ambiguous.
    async with db.session() as session, session.begin():
        await session.execute(update(Draw).values(code="双随机〔2026〕第001号"))
    await lock_draw(db, item="XPCZ-002", count=3, seed="other")
    async with db.session() as session:
        with pytest.raises(Refusal) as refused:
            await draw_views.summary(session, "1", year=2026)
    assert "对应多次抽取" in refused.value.text(ZH)


async def test_drawn_list_in_pages_in_draw_order(db: Database, locked: str) -> None:
    async with db.session() as session:
        first = await draw_views.drawn_page(session, locked, 1)
        second = await draw_views.drawn_page(session, first.draw_id, 2)
        clamped = await draw_views.drawn_page(session, first.draw_id, 99)
        record = await DrawViewRepository(session).record_part(first.draw_id, "sample")
    assert (first.total, first.page, first.pages, len(first.rows)) == (12, 1, 2, 10)
    assert (second.page, len(second.rows)) == (2, 2) and clamped.page == 2
    rows = [*first.rows, *second.rows]
    assert [r.number for r in rows] == list(range(1, 13))
    assert [r.uscc for r in rows] == [t["uscc"] for t in record], "the record's (ticket) order"
    for row, entry in zip(rows, record, strict=True):
        assert row.name and row.region and row.stratum == entry["stratum"]
        assert [m.certificate for m in row.team] == entry["team"], "leader first, as drawn"
        assert row.team[0].leader and not any(m.leader for m in row.team[1:])

    text = plain(draw_texts.drawn_page_text(ZH, first))
    assert "抽取名单：共 12 个，第 1/2 页" in text and f"{rows[0].team[0].name}（组长）" in text
    labels = [[label for label, _d in row] for row in draw_texts.drawn_page_buttons(ZH, first)]
    assert labels == [["下一页 »"], ["📥 导出 XLSX", "↩ 概要"]]
    # Under the wizard's announcement: no way "back" to a summary that was never shown.
    no_back = draw_texts.drawn_page_buttons(ZH, first, back=False)
    assert [[label for label, _d in row] for row in no_back] == [["下一页 »"], ["📥 导出 XLSX"]]
    assert no_back[0][0][1] == DrawnPage(first.draw_id, 2, False)
    queued = draw_texts.outbox_buttons(no_back)
    assert queued[0][0].callback_data == f"vwpage:{first.draw_id}:2:0"


async def test_recused_and_teamless_are_marked(db: Database, locked: str) -> None:
    async with db.session() as session:
        page = await draw_views.drawn_page(session, locked, 1)
    first, second = page.rows[0], page.rows[1]
    async with db.session() as session, session.begin():
        tasks = select(Target.uscc, Task.id).join(Task, Task.target_id == Target.id)
        task_ids: dict[str, int] = dict((await session.execute(tasks)).all())
        members = list(await session.scalars(
            select(TaskMember).where(TaskMember.task_id == task_ids[first.uscc])
            .order_by(TaskMember.id)))  # fmt: skip
        members[1].status = MemberStatus.RECUSED
        members[1].recusal_reason = "亲属"
        on_team = [m.inspector_id for m in members]
        replacement_id = await session.scalar(
            select(Inspector.id).where(Inspector.id.not_in(on_team)).limit(1)
        )
        session.add(TaskMember(task_id=task_ids[first.uscc], inspector_id=replacement_id,
                               role=MemberRole.MEMBER, replaces_id=members[1].id))  # fmt: skip
        await session.execute(update(TaskMember).where(TaskMember.task_id == task_ids[second.uscc])
                              .values(status=MemberStatus.RECUSED))  # fmt: skip
    async with db.session() as session:
        summary = await draw_views.summary(session, locked)
        page = await draw_views.drawn_page(session, locked, 1)
    assert (summary.tasks, summary.teamless, summary.recusals) == (12, 1, 3)
    team = page.rows[0].team
    assert [m.status for m in team] == [MemberStatus.ASSIGNED, MemberStatus.RECUSED,
                                        MemberStatus.ASSIGNED]  # fmt: skip
    html = draw_texts.drawn_page_text(ZH, page)
    assert f"<s>{team[1].name}</s>（回避）" in html
    assert "⚠️ 无检查组，待管理员指定" in html


async def test_listing_newest_first_with_cancelled_marked(db: Database, locked: str) -> None:
    second = (await lock_draw(db, item="XPCZ-002", count=3, seed="x")).code
    await cancel(db, locked, "检查期限填错")
    async with db.session() as session:
        listing = await draw_views.listing(session, 1)
        summary = await draw_views.summary(session, locked)
    assert [d.code for d in listing.draws] == [second, locked]
    assert [d.status for d in listing.draws] == [DrawStatus.LOCKED, DrawStatus.CANCELLED]
    text, buttons = draw_texts.listing_view(ZH, listing)
    shown = plain(text)
    assert "共 2 次" in shown and f"{locked} ❌已作废" in shown
    assert [row[0][0] for row in buttons] == [second, f"{locked} ❌已作废"]
    summary_shown = plain(draw_texts.summary_text(ZH, summary, UTC))
    assert "作废原因：检查期限填错" in summary_shown and "已作废" in summary_shown


async def test_drawn_list_as_xlsx(db: Database, locked: str) -> None:
    async with db.session() as session:
        page = await draw_views.drawn_page(session, locked, 1)
    async with db.session() as session, session.begin():
        await session.execute(update(Target).where(Target.uscc == page.rows[0].uscc)
                              .values(name="=HYPERLINK(\"x\")"))  # fmt: skip
    async with db.session() as session:
        drawn = await draw_views.drawn_xlsx(session, locked, ZH)
        rows = [*page.rows, *(await draw_views.drawn_page(session, locked, 2)).rows]
    assert drawn.code == locked and drawn.count == 12
    assert drawn.file_name == "西财双随机〔2026〕第001号.xlsx"
    sheet = load_workbook(io.BytesIO(drawn.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["序号", "检查对象", "统一社会信用代码", "区域", "行业", "分层", "检查组",
                         "组长", "状态"]  # fmt: skip
    body = values[1:13]
    assert [r[0] for r in body] == [str(n) for n in range(1, 13)]
    assert [r[2] for r in body] == [r.uscc for r in rows]
    assert body[0][1] == '=HYPERLINK("x")', "a name is text, never a formula"
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2, max_row=13)
               for c in row if c.value is not None)  # fmt: skip
    team = rows[1].team
    assert body[1][6] == "、".join(f"{m.name}（{m.certificate}）" for m in team)
    assert body[1][7] == team[0].name and body[1][8] == "已分派"
    assert body[1][5] in ZH.stratum_names.values()
    assert values[-1][0] == f"抽取编号：{locked}　状态：已锁定"


async def test_a_targets_card_lists_its_draws(db: Database, locked: str) -> None:
    async with db.session() as session:
        page = await draw_views.drawn_page(session, locked, 1)
        row = page.rows[0]
        found = await find_target(session, row.uscc)
        by_name = await find_target(session, row.name)
    async with db.session() as session:
        undrawn = await session.scalar(
            select(Target.uscc).where(Target.id.not_in(select(Task.target_id))).limit(1)
        )
    assert undrawn is not None
    async with db.session() as session:
        none = await find_target(session, undrawn)
    assert [d.code for d in found.draws] == [locked]
    assert by_name.target is not None and by_name.target.uscc == row.uscc
    assert [d.code for d in by_name.draws] == [locked]
    assert none.target is not None and none.draws == []
    history = plain(draw_texts.target_history(ZH, found.draws))
    assert locked in history and "2026-12-01 至 2026-12-31" in history
    assert f"{row.team[0].name}（组长）" in history
    assert draw_texts.target_history(ZH, []) == ZH.history_none


async def test_a_preview_has_no_list_yet(db: Database, locked: str) -> None:
    """The wizard's preview: pool frozen, no seed, no record of a sample, no tasks."""
    async with db.session() as session, session.begin():
        item_id = await session.scalar(select(Draw.item_id))
        preview = Draw(code="西财双随机〔2026〕第002号", item_id=item_id, seed="",
                       status=DrawStatus.PREVIEW, pool_size=7, pool_digest="ab" * 32)  # fmt: skip
        session.add(preview)
    async with db.session() as session:
        summary = await draw_views.summary(session, "2", year=2026)
        page = await draw_views.drawn_page(session, summary.id, 1)
        listing = await draw_views.listing(session, 1)
    assert (summary.status, summary.tasks, summary.strata) == (DrawStatus.PREVIEW, 0, ())
    assert draw_texts.summary_buttons(ZH, summary) == []
    assert "预览中" in plain(draw_texts.summary_text(ZH, summary, UTC))
    assert (page.total, page.rows, page.pages) == (0, (), 1)
    assert "还没有抽取名单" in draw_texts.drawn_page_text(ZH, page)
    assert draw_texts.drawn_page_buttons(ZH, page, back=False) == []
    assert "第002号 ⏳预览" in plain(draw_texts.listing_view(ZH, listing)[0])
