"""The demo (python -m simulator) started in-process for a test, on any free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

from simulator.demo import Demo


@asynccontextmanager
async def running_demo(tmp_path: Path) -> AsyncIterator[Demo]:
    demo = Demo(tmp_path / "demo", port=0)
    try:
        await demo.start()
        yield demo
    finally:
        await demo.stop()
    refused = demo.fake.unexpected_refusals()
    assert not refused, f"the simulator refused calls the bot made: {refused}"


def typed_draw(today: date) -> str:
    """The shortest draw: answers up front, straight to the preview."""
    starts, ends = today + timedelta(days=3), today + timedelta(days=30)
    return f"/draw 事项=XPCZ-001 数量=2 日期={starts}~{ends} 跨部门"
