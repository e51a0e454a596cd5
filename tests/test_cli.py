"""The command line says what is wrong in one line, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.registers_data import TARGET_HEADER, target_rows, write_csv


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_missing_folder_and_unwritable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code, out = _run(["export", "targets", str(tmp_path / "nope" / "x.xlsx")], capsys)
    assert code == 2 and out.strip() == f"{tmp_path / 'nope' / 'x.xlsx'}: the folder " \
        f"{tmp_path / 'nope'} does not exist"  # fmt: skip
    (tmp_path / "a-folder.xlsx").mkdir()
    code, out = _run(["template", "items", str(tmp_path / "a-folder.xlsx")], capsys)
    assert code == 2 and len(out.strip().splitlines()) == 1 and "Traceback" not in out
    code, out = _run(["import", "检查对象", str(tmp_path / "missing.csv")], capsys)
    assert code == 2 and out.strip().endswith("missing.csv: no such file")


def test_partial_file_needs_the_flag_to_deactivate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    rows = target_rows(6)
    full = write_csv(tmp_path / "full.csv", TARGET_HEADER, rows)
    part = write_csv(tmp_path / "part.csv", TARGET_HEADER, rows[:4])
    assert _run(["import", "targets", str(full)], capsys)[0] == 0
    code, out = _run(["import", "targets", str(part)], capsys)
    assert code == 0 and "停用 0" in out and "另有 2 条不在文件中，未停用" in out
    code, out = _run(["import", "targets", str(part), "--deactivate-missing"], capsys)
    assert code == 0 and "停用 2" in out and "另有" not in out
