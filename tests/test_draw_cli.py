"""A draw on the command line: locked, written with its tasks and teams, exported as a public
record that `verify` re-derives; refusals change nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from storage.database import Database
from storage.models import Draw, DrawStatus, MemberRole, Task, TaskMember

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> str:  # fmt: skip
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DRAW_CODE_PREFIX", "西财双随机")
    for name in ("items", "targets", "inspectors", "conflicts"):
        path = next(EXAMPLES.glob(f"{name}.*"))
        assert _run(["import", name, str(path)], capsys)[0] == 0
    return url


def _query(url: str, check: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Look at the database from a synchronous test (the CLI runs its own event loop)."""

    async def run() -> None:
        db = Database(url)
        try:
            async with db.session() as session:
                await check(session)
        finally:
            await db.dispose()

    asyncio.run(run())


def test_draw_export_and_verify(
    loaded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["draw", "--item", "XPCZ-001", "--count", "12", "--start",
                           "2026-12-01", "--end", "2026-12-31", "--cross-department",
                           "--seed", "3 1 4 1 5 9 2 6 骰子", "--yes"], capsys)  # fmt: skip
    assert code == 0, err
    draw_code = out.strip().splitlines()[-1]
    assert draw_code == "西财双随机〔2026〕第001号"
    assert "digest" in out and len([ln for ln in out.splitlines() if " + " in ln]) == 12

    async def locked(session: AsyncSession) -> None:
        draw = await session.scalar(select(Draw))
        assert draw is not None and draw.status is DrawStatus.LOCKED
        assert draw.seed == "3 1 4 1 5 9 2 6 骰子" and draw.sample_size == 12
        assert await session.scalar(select(func.count()).select_from(Task)) == 12
        leaders = await session.scalar(select(func.count()).select_from(TaskMember)
                                       .where(TaskMember.role == MemberRole.LEADER))  # fmt: skip
        assert leaders == 12

    _query(loaded, locked)

    record = tmp_path / "draw.json"
    assert _run(["export", "draw", draw_code, str(record)], capsys)[0] == 0
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["code"] == draw_code and data["seed"] == "3 1 4 1 5 9 2 6 骰子"
    code, out, _err = _run(["verify", str(record)], capsys)
    assert code == 0 and out.strip().endswith("verified")

    # The same item again this year: the twelve drawn targets are left out, and said so.
    code, out, err = _run(["draw", "--item", "XPCZ-001", "--count", "5", "--start",
                           "2026-12-01", "--end", "2026-12-31", "--seed", "y", "--yes"],
                          capsys)  # fmt: skip
    assert code == 0, err
    assert "already_drawn 12" in out
    first = {t["uscc"] for t in data["sample"]}
    assert not first & {ln.split()[1] for ln in out.splitlines() if " + " in ln}
    # Another item gets the next number.
    code, out, err = _run(["draw", "--item", "XPCZ-002", "--percent", "1", "--start",
                           "2026-12-01", "--end", "2026-12-31", "--seed", "x", "--yes"],
                          capsys)  # fmt: skip
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "西财双随机〔2026〕第003号"


def test_refusals_write_nothing(loaded: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--start", "2026-12-01", "--end", "2026-12-31", "--seed", "s"]
    code, _out, err = _run(["draw", "--item", "NOPE", "--count", "3", *base, "--yes"], capsys)
    assert code == 1 and "没有事项 NOPE" in err
    code, _out, err = _run(["draw", "--item", "XPCZ-001", "--count", "3", *base], capsys)
    assert code == 2 and "--yes" in err
    # Seven eligible inspectors cannot make teams of eight.
    code, _out, err = _run(["draw", "--item", "XPCZ-001", "--count", "3", "--team-size", "8",
                            *base, "--yes"], capsys)  # fmt: skip
    assert code == 1 and "不足每组 8 人" in err

    async def nothing(session: AsyncSession) -> None:
        assert await session.scalar(select(func.count()).select_from(Draw)) == 0

    _query(loaded, nothing)
    code, _out, err = _run(["export", "draw", "X〔2026〕第9号", "out.json"], capsys)
    assert code == 1 and "没有编号为" in err
