"""The same bot in webhook mode: Telegram posts updates to it."""

from __future__ import annotations

import socket

import aiohttp

from bot.app import build_application, start, stop
from bot.settings import Settings
from storage.database import Database
from tests.fake_telegram import FakeTelegram, FakeUser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_answers_and_checks_the_secret(
    settings: Settings, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    webhook_settings = settings.model_copy(
        update={
            "webhook_url": hook,
            "webhook_port": port,
            "webhook_secret": settings.telegram_bot_token.__class__("s3cret-Token_value"),
        }
    )
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
