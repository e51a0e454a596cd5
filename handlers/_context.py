"""The per-update context: one database session per update, opened and closed around it."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import CallbackContext, ExtBot

from bot.runtime import Runtime
from storage.models import Inspector

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)

RUNTIME_KEY = "runtime"


class SpotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    #: The inspector bound to the sender, looked up once per update (see handlers.accounts).
    inspector: Inspector | None = None

    @property
    def runtime(self) -> Runtime:
        runtime = self.bot_data[RUNTIME_KEY]
        assert isinstance(runtime, Runtime)
        return runtime

    @property
    def session(self) -> AsyncSession:
        session = current_session.get()
        if session is None:
            raise RuntimeError("no database session: only available while handling an update")
        return session
