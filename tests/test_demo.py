"""`make demo` without a browser: the page is served, a message typed in the admin pane
reaches the real bot through the simulator, and the reply shows in the pane's feed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aiohttp import ClientSession

from tests.demo_data import running_demo


async def _pane(client: ClientSession, url: str, key: str) -> dict[str, Any]:
    async with client.get(f"{url}api/state") as response:
        assert response.status == 200
        state = await response.json()
    pane: dict[str, Any] = next(p for p in state["panes"] if p["key"] == key)
    return pane


async def test_admin_message_reaches_the_bot_and_the_reply_shows(tmp_path: Path) -> None:
    async with running_demo(tmp_path) as demo, ClientSession() as client:
        async with client.get(demo.url) as response:
            assert response.status == 200
            page = await response.text()
        assert "跳到下一个工作日 09:00" in page and "/static/demo.js" in page
        async with client.get(f"{demo.url}static/demo.js") as response:
            assert response.status == 200

        panes = {p["key"]: p for p in [await _pane(client, demo.url, k)
                                       for k in ("group", "inspector1", "inspector2")]}  # fmt: skip
        assert panes["inspector1"]["title"] != panes["inspector2"]["title"]

        async with client.post(f"{demo.url}api/group/send", json={"text": "/inspectors"}) as r:
            assert r.status == 200
        for _ in range(100):
            group = await _pane(client, demo.url, "group")
            replies = [m for m in group["messages"] if m["from"] == "bot"]
            if replies:
                break
            await asyncio.sleep(0.1)
        assert group["messages"][0] == {"from": "user", "kind": "text", "text": "/inspectors",
                                        "person": "王科长"}  # fmt: skip
        # The two bound inspectors are listed by the real bot, in its HTML.
        reply = replies[0]
        assert reply["html"] is not None
        for key in ("inspector1", "inspector2"):
            assert panes[key]["title"] in reply["text"]

        # The clock control moves the bot's clock to 09:00 of a later working day.
        before = demo.now()
        async with client.post(f"{demo.url}api/clock/next-working-day") as response:
            moved_to = (await response.json())["moved_to"]
        assert moved_to.endswith("09:00") and demo.now() > before
