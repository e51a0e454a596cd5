"""A Telegram Bot API simulator on loopback: the test suite's fake Telegram and `make demo`.

One implementation serves both: the end-to-end tests drive it from Python (tests/fake_telegram
re-exports it), and the demo (python -m simulator) drives it from a web page.
"""

from simulator.fake import Call, FakeTelegram, FloodLimits, SentMessage
from simulator.people import FakeGroup, FakeUser

__all__ = ["Call", "FakeGroup", "FakeTelegram", "FakeUser", "FloodLimits", "SentMessage"]
