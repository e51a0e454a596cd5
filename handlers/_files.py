"""Files sent to the bot with a command as their caption: recognising them, downloading them."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from telegram import Document, Message
from telegram.error import TelegramError
from telegram.ext import filters

from handlers._context import SpotContext

log = logging.getLogger(__name__)


class CaptionCommand(filters.MessageFilter):
    """A file whose caption is /<command>, or /<command>@<this bot>; not @other_bot.
    (CommandHandler only reads a message's text, never a caption.)"""

    def __init__(self, command: str) -> None:
        super().__init__(name=f"CaptionCommand({command})")
        self._pattern = re.compile(rf"^/{re.escape(command)}(@\w+)?(\s|$)", re.IGNORECASE)

    def filter(self, message: Message) -> bool:
        match = self._pattern.match(message.caption or "")
        if match is None:
            return False
        mention = match[1]
        return mention is None or mention[1:].lower() == (message.get_bot().username or "").lower()


async def download_import(context: SpotContext, document: Document, prefix: str) -> Path | None:
    """Download a file sent for an import to MEDIA_DIR/imports (what was imported stays on
    record); None, logged, when Telegram or the disk fails."""
    file_name = document.file_name or "upload"
    safe_name = re.sub(r"[^\w.\-]+", "_", file_name)[-80:]
    path = (context.runtime.settings.media_dir / "imports"
            / f"{prefix}-{document.file_unique_id}-{safe_name}")  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        telegram_file = await context.bot.get_file(document.file_id)
        await telegram_file.download_to_drive(path)
    except (TelegramError, OSError):
        log.warning("could not download %s file %r", prefix, file_name, exc_info=True)
        return None
    return path
