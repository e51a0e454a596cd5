"""Importing, validating and exporting the registers against a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func, select

from bot.registers.report import ImportReport, describe, issues_csv
from bot.registers.uscc import uscc_problem
from bot.registers.values import parse_date
from bot.services.registers import RegisterName, export_register, import_register
from bot.texts import get_texts
from storage.database import Database
from storage.models import Base, Conflict, Department, Inspector, Target
from tests.registers_data import (
    INSPECTOR_HEADER,
    INSPECTOR_ROWS,
    REAL_USCCS,
    TARGET_HEADER,
    target_rows,
    write_csv,
    write_xlsx,
)

TODAY = date(2026, 11, 24)
ZH = get_texts("zh-CN")


async def _import(
    db: Database, register: RegisterName, path: Path, *, deactivate_missing: bool = False
) -> ImportReport:
    async with db.session() as session:
        return await import_register(session, register, path, actor=1, today=TODAY,
                                     deactivate_missing=deactivate_missing)  # fmt: skip


async def _count(db: Database, model: type[Base], *where: ColumnElement[bool]) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _messages(report: ImportReport) -> list[str]:
    return [describe(issue, ZH) for issue in report.errors]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_usccs_are_valid(code: str) -> None:
    assert uscc_problem(code) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("914403001922038217", "uscc_check"),  # last character changed
        ("914403001922083216", "uscc_check"),  # two digits swapped
        ("91440300192203821", "uscc_length"),
        ("91440300I92203821O", "uscc_chars"),
    ],
)
def test_corrupted_usccs_are_refused(code: str, problem: str) -> None:
    found = uscc_problem(code)
    assert found is not None and found[0] == problem


@pytest.mark.parametrize(
    "text", ["2026-03-01", "2026/3/1", "2026年3月1日", "2026.03.01", "20260301", " 2026 - 3 - 1 "]
)
def test_date_formats(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
async def test_csv_encodings(db: Database, tmp_path: Path, encoding: str) -> None:
    rows = target_rows(30)
    path = write_csv(tmp_path / "targets.csv", TARGET_HEADER, rows, encoding)
    report = await _import(db, "targets", path)
    assert report.ok, _messages(report)
    assert (report.added, report.rows) == (30, 30)
    async with db.session() as session:
        names = set(await session.scalars(select(Target.name)))
    assert names == {row[1] for row in rows}, "Chinese text was garbled"


async def test_xlsx_with_title_row_merged_cells_and_blank_rows(
    db: Database, tmp_path: Path
) -> None:
    rows = target_rows(5)
    path = write_xlsx(tmp_path / "t.xlsx", TARGET_HEADER, rows, title="西平县检查对象名录",
                      blank_rows_after=(1, 3))  # fmt: skip
    # A region merged down over two rows, as people lay out their sheets.
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet["C3"] = "合并区域"
    sheet.merge_cells("C3:C4")
    workbook.save(path)

    report = await _import(db, "targets", path)
    assert report.ok, _messages(report)
    assert report.added == 5
    async with db.session() as session:
        regions = dict((await session.execute(select(Target.uscc, Target.region))).all())
    assert regions[rows[0][0]] == regions[rows[1][0]] == "合并区域"


async def test_one_bad_row_imports_nothing(db: Database, tmp_path: Path) -> None:
    rows = target_rows(10)
    rows[3][0] = rows[3][0][:-1] + ("0" if rows[3][0][-1] != "0" else "1")  # bad check char
    rows[6][4] = "E"  # no such credit class
    rows[8][6] = "12345"  # not a phone number
    rows[9][0] = rows[2][0]  # duplicate USCC
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    report = await _import(db, "targets", path)
    assert not report.ok
    assert report.error_count == 4
    messages = _messages(report)
    assert any(m.startswith("第 5 行「统一社会信用代码」：校验位错误") for m in messages), messages
    assert "第 8 行「信用风险等级」：「E」不是有效的信用风险等级，应为 A、B、C、D 之一" in messages
    assert any(m.startswith("第 10 行「联系电话」") for m in messages)
    assert "第 11 行「统一社会信用代码」：与第 4 行重复" in messages
    assert await _count(db, Target) == 0
    csv_text = issues_csv(report, ZH).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "类型,行号,列,问题"
    assert len(csv_text.splitlines()) == 5


async def test_missing_required_column(db: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "t.csv", ["名称", "所属区域", "统一社会信用代码X"], [["a", "b", "c"]]
    )
    report = await _import(db, "targets", path)
    assert not report.ok
    assert _messages(report) == ["缺少必需的列：统一社会信用代码"]
    path = write_csv(tmp_path / "u.csv", ["公司", "地方"], [["a", "b"]])
    report = await _import(db, "targets", path)
    assert _messages(report) == ["没有找到表头行。请使用模板（/template targets）中的列名"]


async def test_unsupported_and_broken_files(db: Database, tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    report = await _import(db, "targets", tmp_path / "old.xls")
    assert "不支持 .xls 文件" in _messages(report)[0]
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    report = await _import(db, "targets", tmp_path / "broken.xlsx")
    assert "无法读取文件" in _messages(report)[0]


async def test_reimport_counts_and_deactivates_only_when_asked(
    db: Database, tmp_path: Path
) -> None:
    rows = target_rows(20)
    await _import(db, "targets", write_csv(tmp_path / "a.csv", TARGET_HEADER, rows))
    changed = [list(r) for r in rows[:18]]  # two rows dropped
    changed[0][1] = "改名后的公司"
    changed[1][4] = "D" if changed[1][4] != "D" else "A"
    extra = target_rows(2, seed=99)
    partial = write_csv(tmp_path / "b.csv", TARGET_HEADER, changed + extra)
    # A partial file only adds and updates: the missing rows are counted, not deactivated.
    report = await _import(db, "targets", partial)
    assert report.ok, _messages(report)
    assert (report.added, report.updated, report.unchanged) == (2, 2, 16)
    assert (report.deactivated, report.missing) == (0, 2)
    assert await _count(db, Target, Target.active.is_(False)) == 0
    # Deactivating needs an explicit choice.
    report = await _import(db, "targets", partial, deactivate_missing=True)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 20)
    assert (report.deactivated, report.missing) == (2, 0)
    assert await _count(db, Target) == 22, "rows were deleted instead of deactivated"
    assert await _count(db, Target, Target.active.is_(False)) == 2
    # Bringing a deactivated row back reactivates it, and says so.
    report = await _import(
        db, "targets", write_csv(tmp_path / "c.csv", TARGET_HEADER, changed + extra + rows[18:19])
    )
    assert (report.added, report.updated, report.reactivated, report.deactivated) == (0, 0, 1, 0)
    assert report.missing == 0, "an inactive row missing from the file is not counted again"


async def test_export_imports_back_unchanged(db: Database, tmp_path: Path) -> None:
    await _import(db, "targets", write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(25)))
    await _import(db, "inspectors", write_csv(tmp_path / "i.csv", INSPECTOR_HEADER, INSPECTOR_ROWS))
    cases: tuple[tuple[RegisterName, int], ...] = (("targets", 25), ("inspectors", 3))
    for name, count in cases:
        out = tmp_path / f"{name}.xlsx"
        async with db.session() as session:
            assert await export_register(session, name, name, out) == count
        report = await _import(db, name, out)
        assert report.ok, _messages(report)
        assert (report.added, report.updated, report.deactivated) == (0, 0, 0)
        assert report.unchanged == count


async def test_inspectors_departments_and_expired_certificate(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "i.xlsx", INSPECTOR_HEADER, INSPECTOR_ROWS)
    report = await _import(db, "inspectors", path)
    assert report.ok, _messages(report)
    assert report.added == 3
    warnings = [describe(w, ZH) for w in report.warnings]
    assert warnings == ["第 4 行「有效期至」：执法证已于 2024-01-31 过期：该人员不能参与抽取"]
    assert await _count(db, Department) == 2
    async with db.session() as session:
        inspector = await session.scalar(select(Inspector).where(Inspector.name == "张三"))
    assert inspector is not None and inspector.expertise == ["会计", "审计"]


async def test_inspector_phone_and_staff_number_must_be_unique(
    db: Database, tmp_path: Path
) -> None:
    await _import(db, "inspectors", write_csv(tmp_path / "a.csv", INSPECTOR_HEADER, INSPECTOR_ROWS))
    newcomer = ["赵六", "XP001", "会计股", "41172120200009", "2029-01-01", "13900000002", ""]
    report = await _import(
        db,
        "inspectors",
        write_csv(tmp_path / "b.csv", INSPECTOR_HEADER, [*INSPECTOR_ROWS, newcomer]),
    )
    assert not report.ok
    messages = _messages(report)
    assert "第 5 行「工号」：与第 2 行重复" in messages
    assert "第 5 行「手机号码」：与第 3 行重复" in messages
    # A failed import never says anything was imported, warnings included.
    assert not [w for w in report.warnings if "已导入" in describe(w, ZH)]


async def test_conflicts_need_known_people_and_targets(db: Database, tmp_path: Path) -> None:
    rows = target_rows(3)
    await _import(db, "targets", write_csv(tmp_path / "t.csv", TARGET_HEADER, rows))
    await _import(db, "inspectors", write_csv(tmp_path / "i.csv", INSPECTOR_HEADER, INSPECTOR_ROWS))
    header = ["执法证号", "统一社会信用代码", "回避原因"]
    good = [["41172120200001", rows[0][0], "配偶任财务负责人"]]
    bad = [["41172120209999", rows[1][0], "亲属"], ["41172120200002", REAL_USCCS[0], "曾任职"]]
    report = await _import(db, "conflicts", write_csv(tmp_path / "c1.csv", header, good + bad))
    assert not report.ok and report.error_count == 2
    assert await _count(db, Conflict) == 0
    report = await _import(db, "conflicts", write_csv(tmp_path / "c2.csv", header, good))
    assert report.ok and report.added == 1


async def test_a_row_cut_short_is_imported_with_a_warning(db: Database, tmp_path: Path) -> None:
    rows = target_rows(3)
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, rows)
    content = path.read_bytes()
    path.write_bytes(content[: content.rindex(b",", 0, len(content) - 40)])  # a truncated file
    report = await _import(db, "targets", path)
    assert report.ok
    assert [w.problem.code for w in report.warnings] == ["short_row"]
    assert describe(report.warnings[0], ZH).startswith("第 4 行：只有 ")


async def test_every_error_of_a_row_is_reported_in_one_run(db: Database, tmp_path: Path) -> None:
    await _import(db, "inspectors", write_csv(tmp_path / "a.csv", INSPECTOR_HEADER, INSPECTOR_ROWS))
    # Bad expiry date, a staff number someone else has, a phone taken twice, and the same
    # certificate twice: each row reports all of its errors, not only the first one found.
    rows = [
        ["赵六", "XP002", "会计股", "41172120200009", "明年", "139000", ""],
        ["钱七", "", "会计股", "41172120200009", "2029-01-01", "13900000001", ""],
    ]
    report = await _import(db, "inspectors", write_csv(tmp_path / "b.csv", INSPECTOR_HEADER, rows))
    messages = _messages(report)
    assert "第 2 行「有效期至」：无法识别的日期「明年」，请写成 2026-03-01 这样的格式" in messages
    assert any(m.startswith("第 2 行「手机号码」：「139000」") for m in messages), messages
    assert any(m.startswith("第 2 行「工号」：已被在册人员 李四") for m in messages), messages
    assert "第 3 行「执法证号」：与第 2 行重复" in messages
    assert any(m.startswith("第 3 行「手机号码」：已被在册人员 张三") for m in messages), messages
    assert report.error_count == 5
