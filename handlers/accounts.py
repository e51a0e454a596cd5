"""Before any handler: remember who wrote, and which inspector they are."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, TypeHandler

from bot.services import accounts
from handlers._auth import person_of
from handlers._context import SpotContext


async def _identify(update: Update, context: SpotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.is_bot or chat is None or chat.type != ChatType.PRIVATE:
        return
    context.inspector = await accounts.saw(context.session, person_of(update))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, _identify), group=-1)
