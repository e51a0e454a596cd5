"""What every service and handler may use, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox import Outbox
from bot.settings import Settings
from bot.texts import Texts, get_texts
from storage.database import Database
from storage.types import utcnow


def _no_wake() -> None:
    return None


@dataclass(slots=True)
class Runtime:
    settings: Settings
    db: Database
    texts: Texts
    #: Wakes the outbox sender; replaced by the sender's own once it runs.
    wake_outbox: Callable[[], None] = field(default=_no_wake)
    bot_username: str = ""
    #: The current moment, aware UTC. Tests replace it to move time (reminders, deadlines);
    #: everything that decides by the clock asks this, not `datetime.now`.
    clock: Callable[[], datetime] = field(default=utcnow)

    @classmethod
    def create(cls, settings: Settings, db: Database) -> Runtime:
        return cls(settings=settings, db=db, texts=get_texts(settings.language))

    def outbox(self, session: AsyncSession) -> Outbox:
        return Outbox(session, lambda: self.wake_outbox())

    def utcnow(self) -> datetime:
        return self.clock()

    def now(self) -> datetime:
        """The current moment in the bureau's time zone, for display."""
        return self.clock().astimezone(self.settings.tz)

    def today(self) -> date:
        """Today in the bureau's time zone (deadlines and expiry are local dates)."""
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        """A stored UTC moment in the bureau's time zone, for display."""
        return moment.astimezone(self.settings.tz)
