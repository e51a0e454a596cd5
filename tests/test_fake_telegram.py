"""The fake refuses what Telegram refuses; its method table matches the official spec."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from simulator.html import HTMLParseError, parse_html
from simulator.methods import METHODS
from tests.conftest import SHARED
from tests.fake_telegram import FakeTelegram, FakeUser

SPEC = SHARED / "telegram-bot-api" / "api.json"


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/telegram-bot-api/api.json is absent")
def test_method_table_matches_the_official_spec() -> None:
    spec = json.loads(SPEC.read_text())["methods"]
    for name, method in METHODS.items():
        assert name in spec, f"{name} is not a Bot API method"
        fields = spec[name].get("fields", [])
        required = {f["name"] for f in fields if f["required"]}
        known = {f["name"] for f in fields}
        assert method.required == required, f"{name}: required {method.required} != {required}"
        assert method.params <= known, f"{name}: not in the spec: {method.params - known}"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<b>粗体</b> &lt;x&gt; &amp; &quot;", '粗体 <x> & "'),
        ('<a href="https://t.me/x">link</a>', "link"),
        ("<i>a<b>b</b></i>", "ab"),
        ("AT&T", "AT&T"),
        ("&#20013;", "中"),
    ],
)
def test_html_accepted(text: str, plain: str) -> None:
    assert parse_html(text) == plain


@pytest.mark.parametrize(
    "text", ["<b>未闭合", "<b>x</i>", "<div>x</div>", "1 < 2", "</b>", "<a>no href</a>"]
)
def test_html_refused(text: str) -> None:
    with pytest.raises(HTMLParseError):
        parse_html(text)


@pytest.fixture
async def client(fake: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{fake.base_url}/bot{fake.token}/") as http:
        yield http


async def _call(client: httpx.AsyncClient, method: str, **params: Any) -> tuple[int, Any]:
    response = await client.post(method, data=params)
    return response.status_code, response.json()


async def test_refusals(fake: FakeTelegram, client: httpx.AsyncClient) -> None:
    fake.expect_errors(400, 403, 404, 429)
    user = FakeUser(fake, 77, "甲")
    fake.started_users.add(user.id)
    assert (await _call(client, "sendMesage", chat_id=77, text="x"))[0] == 404
    status, body = await _call(client, "sendMessage", chat_id=77)
    assert (status, body["description"]) == (400, "Bad Request: parameter text is required")
    assert (await _call(client, "sendMessage", chat_id=77, text="字" * 4097))[0] == 400
    assert (await _call(client, "sendMessage", chat_id=77, text="字" * 4096))[0] == 200
    assert (await _call(client, "sendMessage", chat_id=77, text="<b>x", parse_mode="HTML"))[
        0
    ] == 400
    long_data = json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]})
    assert (await _call(client, "sendMessage", chat_id=77, text="a", reply_markup=long_data))[
        0
    ] == 400
    assert (await _call(client, "sendMessage", chat_id=78, text="hi"))[0] == 403
    user.block_bot()
    assert (await _call(client, "sendMessage", chat_id=77, text="hi"))[0] == 403
    fake.force_flood(7)
    status, body = await _call(client, "getMe")
    assert status == 200  # flood control only applies to sending
    await user.send("hello")  # unblocks
    status, body = await _call(client, "sendMessage", chat_id=77, text="hi")
    assert (status, body["parameters"]["retry_after"]) == (429, 7)


async def test_flood_limit_per_private_chat(fake: FakeTelegram, client: httpx.AsyncClient) -> None:
    fake.expect_errors(429)
    fake.started_users.add(FakeUser(fake, 88, "乙").id)
    statuses = [(await _call(client, "sendMessage", chat_id=88, text=str(n)))[0] for n in range(5)]
    assert statuses.count(429) >= 1
