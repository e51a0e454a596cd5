"""The sample registers in examples/ load cleanly, and the generator is reproducible."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from bot.services.plans import import_plan
from bot.services.registers import RegisterName, import_register
from bot.texts import get_texts
from storage.database import Database

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("generate", EXAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    _generator().generate(tmp_path)  # type: ignore[attr-defined]
    for name in ("targets.csv", "conflicts.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
    for name in ("items.xlsx", "inspectors.xlsx", "plan-2026.xlsx"):
        fresh = [list(r) for r in load_workbook(tmp_path / name).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
        kept = [list(r) for r in load_workbook(EXAMPLES / name).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
        assert fresh == kept, name


async def test_examples_import_cleanly(db: Database) -> None:
    expected: dict[RegisterName, int] = {"items": 6, "targets": 2000, "inspectors": 8,
                                         "conflicts": 4}  # fmt: skip
    for register, count in expected.items():
        path = next(EXAMPLES.glob(f"{register}.*"))
        async with db.session() as session:
            report = await import_register(
                session, register, path, actor=None, today=date(2026, 11, 24)
            )
        assert report.ok, report.errors[:5]
        assert report.added == count
        if register == "inspectors":  # one certificate has expired
            assert [w.problem.code for w in report.warnings] == ["expired"]
    async with db.session() as session:
        result = await import_plan(session, EXAMPLES / "plan-2026.xlsx", actor=None,
                                   texts=get_texts("zh-CN"))  # fmt: skip
    assert result.report.ok and result.report.warning_count == 0, result.report.errors[:5]
    assert result.created and result.year == 2026 and result.items == 6
