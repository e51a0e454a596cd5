"""The same bot in webhook mode: Telegram posts updates to it."""

from __future__ import annotations

import socket

import aiohttp
from pydantic import SecretStr

from bot.app import build_application, start, stop
from bot.settings import Settings
from storage.database import Database
from tests.fake_telegram import FakeTelegram, FakeUser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _webhook(settings: Settings) -> Settings:
    port = _free_port()
    return settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
            "webhook_port": port,
            "webhook_secret": SecretStr("s3cret-Token_value"),
        }
    )


async def test_webhook_mode_answers_and_checks_the_secret(
    settings: Settings, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    webhook_settings = _webhook(settings)
    hook = webhook_settings.webhook_url
    assert hook is not None
    app = build_application(webhook_settings, db)
    await start(app)
    try:
        assert fake.webhook_url == hook
        assert fake.webhook_secret == "s3cret-Token_value"
        await stranger.send("/start")
        await stranger.expect("尚未绑定")
        async with aiohttp.ClientSession() as client:
            forged = {"update_id": 999, "message": {"message_id": 1, "date": 0,
                      "chat": {"id": 1, "type": "private"}, "text": "/start"}}  # fmt: skip
            async with client.post(hook, json=forged) as response:
                assert response.status == 403, "an update without the secret was accepted"
    finally:
        await stop(app)
    assert not fake.calls_to("getUpdates"), "webhook mode must not poll"


async def test_an_update_that_cannot_be_stored_does_not_stop_the_webhook(
    settings: Settings, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    app = build_application(_webhook(settings), db)
    await start(app)
    try:
        # Its id does not fit the database's BIGINT: storing its marker fails.
        await stranger.send("/start", update_id=2**63)
        await stranger.send("/start")
        await stranger.expect("尚未绑定")
    finally:
        await stop(app)
    assert len(stranger.inbox()) == 1
