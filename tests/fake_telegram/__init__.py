"""A fake Telegram Bot API server and the people who use it, for end-to-end tests."""

from tests.fake_telegram._scenario import FakeGroup, FakeUser
from tests.fake_telegram._server import Call, FakeTelegram, FloodLimits, SentMessage

__all__ = ["Call", "FakeGroup", "FakeTelegram", "FakeUser", "FloodLimits", "SentMessage"]
