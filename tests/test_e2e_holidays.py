"""/holidays through the fake Telegram: an unknown year is an estimate, a typed import and a
file import make it the register's, a bad file changes nothing and names its row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.app import SpotCheckApplication, runtime_of
from bot.texts import plain
from storage.database import Database
from storage.models import CalendarDay
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "holidays-2026.csv"


async def _days(db: Database, year: int) -> int:
    async with db.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(CalendarDay).where(CalendarDay.year == year)
        )
        return count or 0


async def test_holidays_show_import_and_refuse(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database,
) -> None:  # fmt: skip
    texts = runtime_of(app).texts
    await member.send("/holidays 2027", chat=group)
    await group.expect(plain(texts.admin_only))

    await admin.send("/holidays 2027", chat=group)
    shown = await group.expect("2027 年工作日历")
    assert "预估" in shown.text and "春节" not in shown.text

    mark = len(fake.sent)
    await admin.send(
        "/holidays 2027 放假 元旦 1-1 春节 2月15日至21日 上班 春节 2-14 2-27", chat=group
    )
    done = await group.expect("2027 年放假安排已导入", after=mark)
    assert "放假 8 天（其中工作日 6 天），调休上班 2 天" in done.text
    assert "重新计算 0 个" in done.text

    mark = len(fake.sent)
    await admin.send("/holidays 2027", chat=group)
    shown = await group.expect("2027 年工作日历", after=mark)
    assert "来源：本局导入" in shown.text and "预估" not in shown.text
    assert "春节：2月15日（星期一） 至 2月21日（星期日），共 7 天" in shown.text
    assert "元旦：1月1日（星期五） 至 1月3日（星期日），共 3 天" in shown.text
    assert "春节：2月14日（星期日）" in shown.text

    # A file with one bad row: nothing changes, and the reply names the row.
    bad = "日期,类型,名称\n2027-10-01~2027-10-07,放假,国庆节\n2027-10-11,上班,国庆节\n"
    mark = len(fake.sent)
    await admin.send_document("holidays-2027.csv", bad.encode("utf-8-sig"),
                              caption="/holidays 2027", chat=group)  # fmt: skip
    refused = await group.expect("未导入", after=mark)
    assert "第 3 行：2027-10-11 是星期一：调休上班日应是周六或周日" in refused.text
    assert await _days(db, 2027) == 10

    # The example file, its year taken from its dates.
    mark = len(fake.sent)
    await admin.send_document(EXAMPLE.name, EXAMPLE.read_bytes(), caption="/holidays", chat=group)
    await group.expect("2026 年放假安排已导入：放假 33 天（其中工作日 19 天），调休上班 6 天",
                       after=mark)  # fmt: skip
    mark = len(fake.sent)
    await admin.send("/holidays", chat=group)
    overview = await group.expect("各年工作日的依据", after=mark)
    assert "2026 年：本局导入" in overview.text and "2027 年：本局导入" in overview.text
