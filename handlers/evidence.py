"""Evidence in the private chat: files from bound inspectors, the task of pending files, and a
task's evidence sent again (team members and admins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from telegram import (
    Audio,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Update,
    Video,
    VideoNote,
    Voice,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.outbox import Button
from bot.records.buttons import FetchEvidence
from bot.refusals import Refusal
from bot.services import evidence
from bot.services.evidence import AssignEvidence, Incoming
from handlers._auth import is_admin
from handlers._context import SpotContext
from handlers._processor import ChatProcessor
from handlers._render import edit_query_message
from storage.models import EvidenceKind

_Media = PhotoSize | Document | Video | VideoNote | Voice | Audio

#: How often albums a dead process left unacknowledged are looked for.
ALBUM_SWEEP_SECONDS = 30.0


def _markup(buttons: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.callback_data) for b in row]
         for row in buttons]
    )  # fmt: skip


def _incoming(message: Message, inspector_id: int) -> Incoming | None:
    def make(
        kind: EvidenceKind, media: _Media, mime: str | None, *, as_file: bool = False
    ) -> Incoming:
        return Incoming(
            inspector_id=inspector_id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            kind=kind,
            file_id=media.file_id,
            file_unique_id=media.file_unique_id,
            sent_at=message.date.astimezone(UTC),
            file_size=media.file_size,
            file_name=getattr(media, "file_name", None),
            mime_type=mime,
            caption=message.caption,
            media_group_id=message.media_group_id,
            as_file=as_file,
        )

    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        return make(EvidenceKind.PHOTO, largest, "image/jpeg")
    if message.document:
        doc = message.document
        # A photo sent "as file" is still a photo, one that kept its EXIF.
        image = (doc.mime_type or "").startswith("image/")
        kind = EvidenceKind.PHOTO if image else EvidenceKind.DOCUMENT
        return make(kind, doc, doc.mime_type, as_file=True)
    if message.video or message.video_note:
        video = message.video or message.video_note
        assert video is not None
        return make(EvidenceKind.VIDEO, video, getattr(video, "mime_type", None) or "video/mp4")
    if message.voice:
        return make(EvidenceKind.VOICE, message.voice, message.voice.mime_type)
    if message.audio:
        return make(EvidenceKind.DOCUMENT, message.audio, message.audio.mime_type)
    return None


def _fetcher(context: SpotContext) -> evidence.Fetch:
    async def fetch(file_id: str) -> bytes:
        try:
            file = await context.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise evidence.TooBig from exc
            raise evidence.FetchFailed(exc.message) from exc
        except TelegramError as exc:
            raise evidence.FetchFailed(str(exc)) from exc

    return fetch


async def media_received(update: Update, context: SpotContext) -> None:
    message = update.effective_message
    assert message is not None
    texts = context.runtime.texts
    if context.inspector is None:
        await message.reply_text(texts.evidence_not_inspector)
        return
    incoming = _incoming(message, context.inspector.id)
    if incoming is None:
        return
    reply = await evidence.receive(context.session, context.runtime, incoming, _fetcher(context))
    if reply.text:
        await message.reply_text(reply.text, reply_markup=_markup(reply.buttons))
    if incoming.media_group_id is not None:
        _schedule_album(context, incoming.media_group_id, evidence.ALBUM_QUIET)


def _schedule_album(context: SpotContext, media_group_id: str, delay: float) -> None:
    """One pending acknowledgement per album, pushed back by each part that arrives."""
    if context.job_queue is None:
        return  # the periodic sweep acknowledges it
    name = f"evidence-album:{media_group_id}"
    for job in context.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    context.job_queue.run_once(_album_due, when=delay, data=media_group_id, name=name)  # type: ignore[arg-type]


def _busy(context: SpotContext) -> Callable[[int], bool]:
    """Whether a chat still has updates queued or running (the rest of an album, maybe)."""
    processor = context.application.update_processor
    if isinstance(processor, ChatProcessor):
        return processor.busy
    return lambda _chat_id: False


async def _album_due(context: SpotContext) -> None:
    assert context.job is not None
    media_group_id = str(context.job.data)
    async with context.runtime.db.session() as session:
        wait = await evidence.acknowledge_albums(session, context.runtime, media_group_id,
                                                 _busy(context))  # fmt: skip
    if wait is not None:
        _schedule_album(context, media_group_id, wait + 0.05)


async def _album_sweep(context: SpotContext) -> None:
    async with context.runtime.db.session() as session:
        await evidence.acknowledge_albums(session, context.runtime, busy=_busy(context))


async def assign_pressed(update: Update, context: SpotContext) -> None:
    query = update.callback_query
    assert query is not None
    data = AssignEvidence.unpack(query.data)
    if context.inspector is None:
        raise Refusal(lambda t: t.evidence_not_inspector)
    text = await evidence.assign_pending(context.session, context.runtime, data.evidence,
                                         data.task, context.inspector.id)  # fmt: skip
    await edit_query_message(query, text, None)
    await query.answer()


async def fetch_pressed(update: Update, context: SpotContext) -> None:
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None and chat is not None
    data = FetchEvidence.unpack(query.data)
    admin = bool(await is_admin(context, user.id))
    inspector_id = context.inspector.id if context.inspector is not None else None
    found = await evidence.evidence_files(context.session, context.runtime, data.task,
                                          inspector_id=inspector_id, is_admin=admin)  # fmt: skip
    await query.answer()
    await context.bot.send_message(chat.id, evidence.fetch_header(context.runtime.texts, found))
    for file in found.files:
        await _send_again(context, chat.id, file)


async def _send_again(context: SpotContext, chat_id: int, file: evidence.EvidenceFile) -> None:
    """By Telegram's file id (no upload); from MEDIA_DIR where Telegram no longer has it."""
    bot, caption = context.bot, file.caption
    if file.telegram_file_id is not None:
        try:
            if file.kind is EvidenceKind.PHOTO and not file.as_document:
                await bot.send_photo(chat_id, file.telegram_file_id, caption=caption)
            elif file.kind is EvidenceKind.VIDEO:
                await bot.send_video(chat_id, file.telegram_file_id, caption=caption)
            elif file.kind is EvidenceKind.VOICE:
                await bot.send_voice(chat_id, file.telegram_file_id, caption=caption)
            else:
                await bot.send_document(chat_id, file.telegram_file_id, caption=caption)
            return
        except BadRequest:
            pass  # the file id expired or was sent as another type: upload our copy
    if file.path is None:
        return
    path = context.runtime.settings.media_dir / file.path
    await bot.send_document(chat_id, path.read_bytes(), filename=file.file_name, caption=caption)


def register(app: Application) -> None:  # type: ignore[type-arg]
    media = (
        filters.PHOTO
        | filters.VIDEO
        | filters.VIDEO_NOTE
        | filters.VOICE
        | filters.AUDIO
        | filters.Document.ALL
    )
    private = filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED
    app.add_handler(MessageHandler(private & media, media_received))
    app.add_handler(CallbackQueryHandler(assign_pressed, pattern=AssignEvidence.matches))
    app.add_handler(CallbackQueryHandler(fetch_pressed, pattern=FetchEvidence.matches))
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            _album_sweep,
            interval=ALBUM_SWEEP_SECONDS,
            first=evidence.ALBUM_QUIET * 2,
        )
