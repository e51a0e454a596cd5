"""The fake Telegram Bot API server and the people who use it, for end-to-end tests.

It lives in the `simulator` package (the same implementation runs `make demo`)."""

from simulator import Call, FakeGroup, FakeTelegram, FakeUser, FloodLimits, SentMessage

__all__ = ["Call", "FakeGroup", "FakeTelegram", "FakeUser", "FloodLimits", "SentMessage"]
