"""The annual plan through the fake Telegram: /plan, /template plan and /import plan in the
admin group, progress after a draw, and the notice when a plan changes after draws."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import SpotCheckApplication, runtime_of
from bot.services import draw_stages, draws, plans, registers
from storage.database import Database
from storage.models import AuditEntry, Draw
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


async def _load_registers(db: Database) -> None:
    async with db.session() as session:
        for name in ("items", "targets", "inspectors", "conflicts"):
            path = next(EXAMPLES.glob(f"{name}.*"))
            report = await registers.import_register(session, name, path, actor=None,
                                                     today=date(2026, 11, 1))  # fmt: skip
            assert report.ok, report.errors[:3]


async def _draw_by_plan(db: Database, year: int) -> str:
    """A draw as `python -m bot draw --plan-ratios` makes it."""
    async with db.session() as session:
        plan = await plans.for_draw(session, year)
        assert plan is not None
        request = draws.DrawRequest(item_codes=("XPCZ-001",), size=plan.size,
                                    starts_on=date(year, 12, 1), ends_on=date(year, 12, 31),
                                    seed="e2e 计划", cross_department=True)  # fmt: skip
        request = dataclasses.replace(request, plan_id=plan.plan_id,
                                      min_interval_days=plan.min_interval_days)  # fmt: skip
        locked = await draw_stages.draw_now(session, request, actor=None, code_prefix="西财双随机")
        return locked.code


def _edited(template: bytes, ratio_a: str) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        if row[0].value == "A类抽查比例（%）":
            row[1].value = ratio_a
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_plan_template_import_progress_and_change(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database,
) -> None:  # fmt: skip
    await _load_registers(db)
    await admin.send("/plan 2026", chat=group)
    none = await group.expect("2026 年度还没有抽查计划")
    assert "/template plan 2026" in none.text

    await admin.send("/template plan 2026", chat=group)
    template = await group.expect("年度抽查计划模板")
    assert template.file_bytes is not None and template.file_name == "plan-2026.xlsx"

    await admin.send_document("plan-2026.xlsx", template.file_bytes, caption="/import plan",
                              chat=group)  # fmt: skip
    imported = await group.expect("2026 年度抽查计划已导入")
    assert "抽查事项 6 项" in imported.text and "A类 3%" in imported.text

    code = await _draw_by_plan(db, 2026)
    async with db.session() as session:
        draw = await session.scalar(select(Draw).where(Draw.code == code))
        assert draw is not None and draw.plan_id is not None
        assert draw.record is not None and draw.record["ratios"]["A"] == 3.0
        sample = draw.sample_size

    await admin.send("/plan 2026", chat=group)
    shown = await group.expect("已锁定 1 次")
    assert "2026 年度抽查计划" in shown.text and "已作废 0 次" in shown.text
    lines = [line for line in shown.text.splitlines() if "：计划 " in line]
    assert len(lines) == 7 and lines[0].startswith("A类：计划 3%")
    assert sum(int(line.split("已抽 ")[1].split("/")[0]) for line in lines) == sample
    assert "XPCZ-001" in shown.text and "会计信息质量检查" in shown.text

    # Without a year: this year in the bureau's time zone.
    this_year = runtime_of(app).today().year
    before = len(fake.sent)
    await admin.send("/plan", chat=group)
    await group.expect(f"{this_year} 年度", after=before)

    # Not for members of the group who are no administrators.
    await member.send("/plan 2026", chat=group)
    await group.expect("只有管理群的管理员可以使用此命令")

    # A change after the draw: the reply says so, the group gets the notice, the log has it.
    changed = _edited(template.file_bytes, "4")
    before = len(fake.sent)
    await admin.send_document("plan-2026.xlsx", changed, chat=group)
    file_message = fake._all_pushed[-1]["message"]
    await admin.send("/import plan", chat=group, reply_to_message=file_message)
    reply = await group.expect("已更新", after=before)
    assert "本年度已有 1 次抽取" in reply.text and "A类 3%" in reply.text
    notice = await group.expect("在已有抽取后被修改", after=before)
    assert "A类 3%" in notice.text and "A类 4%" in notice.text
    async with db.session() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "plan_changed_after_draws")
        )
        assert entry is not None and entry.actor_user_id == admin.id


async def test_plan_import_errors_in_the_group(
    app: SpotCheckApplication, admin: FakeUser, group: FakeGroup, db: Database
) -> None:
    await _load_registers(db)
    content = "年度,2026\n计划名称,测试\nA类抽查比例（%）,abc\n\n事项编码\nXPCZ-404\n"
    await admin.send_document("plan.csv", content.encode("utf-8"), caption="/import plan",
                              chat=group)  # fmt: skip
    failed = await group.expect("年度抽查计划导入失败")
    assert "第 3 行「A类抽查比例（%）」：「abc」不是数字" in failed.text
    assert "缺少「B类抽查比例（%）」这一行" in failed.text
    assert "第 6 行「事项编码」：事项编码 XPCZ-404 不在抽查事项清单中" in failed.text
    # The registers' /import still works alongside.
    await admin.send("/import", chat=group)
    await group.expect("年度抽查计划：plan")
