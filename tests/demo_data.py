"""The demo (python -m simulator) started in-process for a test, on any free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
