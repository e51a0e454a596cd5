"""Evidence from the field: photos, videos, documents, voice notes and albums, kept under
MEDIA_DIR by task with their hash, sender and time, and fetched again by the team or an admin.

Intake is one message at a time (a chat's updates run in order): the file is downloaded
outside any transaction, written under a generated name, and recorded in one short
transaction. Albums arrive as separate messages with one media_group_id and no end marker;
their rows carry that id and are acknowledged once, by `acknowledge_albums`, when no new part
has come for ALBUM_QUIET seconds (state in the database: a restart loses nothing, the periodic
sweep acknowledges what a dead process left). Nothing is dropped: a file too big to download,
a download that failed, or a file whose task is not known yet is kept as a row with its status.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
import re
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CallbackData
from bot.exif import EXIF_MIME_TYPES, read_exif
from bot.outbox import Button
from bot.records.buttons import FetchEvidence
from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.services import audit
from bot.services import field as fieldwork
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import Evidence, EvidenceKind, EvidenceStatus
from storage.repositories.evidence import EvidenceRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

#: The Bot API's getFile limit (a self-hosted Bot API server has none).
DOWNLOAD_LIMIT = 20 * 1024 * 1024
#: Attempts at a download, and the wait before the second (doubling after each failure).
DOWNLOAD_ATTEMPTS = 3
DOWNLOAD_BACKOFF = 0.5
#: An album is complete once no part has arrived for this long.
ALBUM_QUIET = 1.5
#: Files re-sent per request: more would flood the chat (and Telegram's limits).
FETCH_LIMIT = 30
#: Where files wait while their task is not chosen yet (under MEDIA_DIR).
PENDING_DIR = "pending"


@dataclass(frozen=True, slots=True)
class AssignEvidence(CallbackData, prefix="evtask"):
    """Put pending evidence (this row and the rest of its album) on a task."""

    evidence: int
    task: int


class TooBig(Exception):
    """The Bot API refuses to hand out the file (over its download limit)."""


class FetchFailed(Exception):
    """The file could not be downloaded this time."""


#: Downloads one Telegram file by its file_id (Telegram lives in the handler that gives it).
Fetch = Callable[[str], Awaitable[bytes]]


@dataclass(frozen=True, slots=True)
class Incoming:
    """One file as it came in a message."""

    inspector_id: int
    chat_id: int
    message_id: int
    kind: EvidenceKind
    file_id: str
    file_unique_id: str
    sent_at: datetime
    file_size: int | None = None
    file_name: str | None = None
    mime_type: str | None = None
    caption: str | None = None
    media_group_id: str | None = None
    #: Sent "as file" (a document): photos keep their EXIF that way.
    as_file: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """What to answer now (empty text: nothing, an album is acknowledged later)."""

    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)


# --- the current task ------------------------------------------------------------------------


async def resolve_task(session: AsyncSession, inspector_id: int) -> int | list[int] | None:
    """The task a file goes to: the current one (开始检查), else the only open one; None with
    no open task, the open tasks' ids with several (the inspector is asked)."""
    current = await fieldwork.current_task(session, inspector_id)
    if current is not None:
        return current.task_id
    tasks = await fieldwork.open_tasks(session, inspector_id)
    if not tasks:
        return None
    if len(tasks) == 1:
        return tasks[0].task_id
    return [t.task_id for t in tasks]


# --- intake ----------------------------------------------------------------------------------


def _kind_label(texts: Texts, kind: EvidenceKind) -> str:
    return {
        EvidenceKind.PHOTO: texts.evidence_kind_photo,
        EvidenceKind.VIDEO: texts.evidence_kind_video,
        EvidenceKind.DOCUMENT: texts.evidence_kind_document,
        EvidenceKind.VOICE: texts.evidence_kind_voice,
        EvidenceKind.LOCATION: texts.evidence_kind_location,
    }[kind]


def kinds_line(texts: Texts, counts: dict[EvidenceKind, int]) -> str:
    """ "照片 3、视频 1" in the order of EvidenceKind."""
    parts = [
        f"{_kind_label(texts, kind)} {counts[kind]}" for kind in EvidenceKind if counts.get(kind)
    ]
    return texts.evidence_kinds_separator.join(parts)


_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")
_KIND_EXTENSIONS = {EvidenceKind.PHOTO: ".jpg", EvidenceKind.VOICE: ".ogg"}


def _extension(incoming: Incoming) -> str:
    """From the kind or the MIME type, never from the sender's file name."""
    if incoming.kind in _KIND_EXTENSIONS and not incoming.as_file:
        return _KIND_EXTENSIONS[incoming.kind]
    guessed = mimetypes.guess_extension(incoming.mime_type or "") or ""
    guessed = guessed.lower()
    return guessed if _EXTENSION.match(guessed) else ".bin"


def _safe_path(media_dir: Path, folder: str, extension: str) -> tuple[Path, str]:
    relative = f"{folder}/{uuid.uuid4().hex}{extension}"
    target = (media_dir / relative).resolve()
    if not target.is_relative_to(media_dir.resolve()):
        raise RuntimeError(f"evidence path escapes MEDIA_DIR: {relative}")
    return target, relative


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)


async def _download(fetch: Fetch, file_id: str) -> bytes:
    delay = DOWNLOAD_BACKOFF
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        try:
            return await fetch(file_id)
        except FetchFailed as exc:
            log.warning("download of %s failed (attempt %d/%d): %s",
                        file_id, attempt, DOWNLOAD_ATTEMPTS, exc)  # fmt: skip
            if attempt == DOWNLOAD_ATTEMPTS:
                raise
            await asyncio.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def _megabytes(size: int | None) -> str:
    return f"{(size or 0) / 1024 / 1024:.1f}"


#: Control characters: PostgreSQL refuses NUL in text, and none belongs in a name or caption
#: (line breaks and tabs stay in captions).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(value: str | None, limit: int | None = None, *, one_line: bool = False) -> str | None:
    if value is None:
        return None
    cleaned = _CONTROL.sub("", value)
    if one_line:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned[:limit] if limit is not None else cleaned


def _row(incoming: Incoming, task_id: int | None, status: EvidenceStatus) -> Evidence:
    return Evidence(
        task_id=task_id,
        inspector_id=incoming.inspector_id,
        kind=incoming.kind,
        status=status,
        telegram_file_id=incoming.file_id,
        telegram_file_unique_id=incoming.file_unique_id,
        file_name=_clean(incoming.file_name, 255, one_line=True) or None,
        mime_type=_clean(incoming.mime_type, 100, one_line=True) or None,
        size=incoming.file_size,
        caption=_clean(incoming.caption),
        chat_id=incoming.chat_id,
        telegram_message_id=incoming.message_id,
        media_group_id=incoming.media_group_id,
        sent_at=incoming.sent_at,
    )


async def receive(
    session: AsyncSession, runtime: Runtime, incoming: Incoming, fetch: Fetch
) -> Reply:
    """Download, store and record one file; the reply says what became of it."""
    texts = runtime.texts
    repo = EvidenceRepository(session)
    resolved = await resolve_task(session, incoming.inspector_id)
    task_id = resolved if isinstance(resolved, int) else None
    name = echo(incoming.file_name or _kind_label(texts, incoming.kind))

    async with read_only(session):
        earlier = await repo.duplicate(task_id=task_id, inspector_id=incoming.inspector_id,
                                       file_unique_id=incoming.file_unique_id)  # fmt: skip
    if earlier is not None:
        return _duplicate(runtime, earlier)

    too_big = texts.evidence_too_big.format(name=name, size=_megabytes(incoming.file_size))
    if incoming.file_size is not None and incoming.file_size > DOWNLOAD_LIMIT:
        return await _keep_unfetched(session, incoming, task_id, EvidenceStatus.TOO_BIG, too_big)
    try:
        data = await _download(fetch, incoming.file_id)
    except TooBig:
        return await _keep_unfetched(session, incoming, task_id, EvidenceStatus.TOO_BIG, too_big)
    except FetchFailed:
        failed = texts.evidence_failed.format(name=name, attempts=DOWNLOAD_ATTEMPTS)
        return await _keep_unfetched(session, incoming, task_id, EvidenceStatus.FAILED, failed)

    sha256 = hashlib.sha256(data).hexdigest()
    async with read_only(session):
        earlier = await repo.duplicate(task_id=task_id, inspector_id=incoming.inspector_id,
                                       sha256=sha256)  # fmt: skip
    if earlier is not None:
        return _duplicate(runtime, earlier)

    media_dir = runtime.settings.media_dir
    folder = str(task_id) if task_id is not None else f"{PENDING_DIR}/{incoming.inspector_id}"
    target, relative = _safe_path(media_dir, folder, _extension(incoming))
    await asyncio.to_thread(_write, target, data)
    exif = None
    mime = (incoming.mime_type or "").lower()
    if incoming.as_file and mime in EXIF_MIME_TYPES:
        exif = await asyncio.to_thread(read_exif, data, runtime.settings.tz)

    row = _row(incoming, task_id, EvidenceStatus.STORED if task_id else EvidenceStatus.PENDING)
    row.sha256, row.size, row.path = sha256, len(data), relative
    if exif is not None:
        row.taken_at, row.latitude, row.longitude = exif.taken_at, exif.latitude, exif.longitude
    async with session.begin():
        session.add(row)
        await session.flush()
        await audit.record(session, None, "evidence_received", entity="evidence",
                           entity_id=str(row.id),
                           details={"task": task_id, "inspector_id": incoming.inspector_id,
                                    "kind": incoming.kind.value, "sha256": sha256,
                                    "size": len(data)},
                           covers=[(audit.Covered.EVIDENCE, str(row.id))])  # fmt: skip
        # Told once, on the first compressed photo: the tip is worth most right then.
        compressed = incoming.kind is EvidenceKind.PHOTO and not incoming.as_file
        if compressed and await repo.claim_tip(incoming.inspector_id, utcnow()):
            await runtime.outbox(session).message(incoming.chat_id, texts.evidence_tip)
        target_name = await repo.target_name(task_id) if task_id is not None else ""
    if incoming.media_group_id is not None:
        return Reply()  # acknowledged with its album
    if task_id is None:
        return await _ask_task(
            session, runtime, row.id, resolved, first=texts.evidence_kept_pending
        )
    lines = [texts.evidence_stored.format(kind=_kind_label(texts, incoming.kind),
                                          target=echo(target_name), sha=sha256[:16])]  # fmt: skip
    lines += _exif_lines(runtime, row)
    return Reply("\n".join(lines), [[_fetch_button(texts, task_id)]])


def _fetch_button(texts: Texts, task_id: int) -> Button:
    return Button(texts.evidence_fetch_button, callback_data=FetchEvidence(task_id).pack())


def _exif_lines(runtime: Runtime, row: Evidence) -> list[str]:
    texts, lines = runtime.texts, []
    if row.taken_at is not None:
        when = runtime.local(row.taken_at).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(texts.evidence_exif_time.format(time=when))
    if row.latitude is not None and row.longitude is not None:
        place = {"latitude": f"{row.latitude:.6f}", "longitude": f"{row.longitude:.6f}"}
        lines.append(texts.evidence_exif_place.format(**place))
    return lines


def _duplicate(runtime: Runtime, earlier: Evidence) -> Reply:
    when = runtime.local(earlier.sent_at or earlier.created_at).strftime("%Y-%m-%d %H:%M")
    return Reply(runtime.texts.evidence_duplicate.format(number=earlier.id, time=when))


async def _keep_unfetched(
    session: AsyncSession,
    incoming: Incoming,
    task_id: int | None,
    status: EvidenceStatus,
    text: str,
) -> Reply:
    async with session.begin():
        row = _row(incoming, task_id, status)
        # Told now, not with its album: the inspector has to act on it.
        row.acknowledged_at = utcnow()
        session.add(row)
    log.info("evidence %s from inspector %d kept as %s", incoming.file_unique_id,
             incoming.inspector_id, status.value)  # fmt: skip
    return Reply(text)


async def _ask_task(
    session: AsyncSession,
    runtime: Runtime,
    evidence_id: int,
    resolved: int | list[int] | None,
    *,
    first: str,
) -> Reply:
    texts = runtime.texts
    if not isinstance(resolved, list):
        return Reply(f"{first}\n{texts.evidence_no_task}")
    async with read_only(session):
        names = await EvidenceRepository(session).target_names(resolved)
    buttons = [
        [Button(f"{names.get(task_id, '')} (#{task_id})"[:60],
                callback_data=AssignEvidence(evidence_id, task_id).pack())]
        for task_id in resolved
    ]  # fmt: skip
    return Reply(f"{first}\n{texts.evidence_which_task}", buttons)


# --- albums ----------------------------------------------------------------------------------


async def acknowledge_albums(
    session: AsyncSession,
    runtime: Runtime,
    media_group_id: str | None = None,
    busy: Callable[[int], bool] = lambda _chat_id: False,
) -> float | None:
    """Acknowledge complete albums (one, or every one a dead process left) once, through the
    outbox. Returns the seconds to wait before asking again if an album is still arriving.
    `busy(chat_id)`: whether updates of that chat are still queued or running."""
    texts = runtime.texts
    repo = EvidenceRepository(session)
    now = utcnow()
    quiet = timedelta(seconds=ALBUM_QUIET)
    async with read_only(session):
        rows = await repo.unacknowledged_albums(media_group_id)
    albums: dict[tuple[int | None, str], list[Evidence]] = {}
    for row in rows:
        assert row.media_group_id is not None
        albums.setdefault((row.chat_id, row.media_group_id), []).append(row)
    wait: float | None = None
    for (chat_id, _group), parts in albums.items():
        newest = max(part.created_at for part in parts)
        if now - newest < quiet:
            left = (newest + quiet - now).total_seconds()
            wait = left if wait is None else min(wait, left)
            continue
        if chat_id is None:
            continue
        if busy(chat_id):
            # Under load its other parts may still wait behind the chat's earlier updates:
            # the quiet period counts from when the chat has nothing left to handle, else
            # one album would be acknowledged in pieces.
            wait = ALBUM_QUIET if wait is None else min(wait, ALBUM_QUIET)
            continue
        counts = Counter(part.kind for part in parts)
        first = texts.evidence_album.format(count=len(parts), kinds=kinds_line(texts, counts))
        task_id = parts[0].task_id
        reply: Reply
        if task_id is not None:
            target = await _target_name(session, task_id)
            reply = Reply(f"{first}\n{texts.evidence_album_task.format(target=echo(target))}",
                          [[_fetch_button(texts, task_id)]])  # fmt: skip
        else:
            resolved = await resolve_task(session, parts[0].inspector_id)
            reply = await _ask_task(session, runtime, parts[0].id, resolved,
                                    first=f"{first}\n{texts.evidence_kept_pending}")  # fmt: skip
        async with session.begin():
            if await repo.acknowledge([p.id for p in parts], now) != len(parts):
                continue  # another process acknowledged it meanwhile; its message stands
            await runtime.outbox(session).message(chat_id, reply.text, buttons=reply.buttons)
    return wait


async def _target_name(session: AsyncSession, task_id: int) -> str:
    async with read_only(session):
        return await EvidenceRepository(session).target_name(task_id)


# --- pending evidence gets its task ----------------------------------------------------------


async def assign_pending(
    session: AsyncSession, runtime: Runtime, evidence_id: int, task_id: int, inspector_id: int
) -> str:
    """Put pending evidence (with its album) on one of the inspector's open tasks; the text
    says what happened."""
    texts = runtime.texts
    repo = EvidenceRepository(session)
    media_dir = runtime.settings.media_dir
    async with session.begin():
        open_ids = {tid for tid, _name in await repo.open_tasks(inspector_id)}
        if task_id not in open_ids:
            raise Refusal(lambda t: t.evidence_task_not_open)
        rows = await repo.pending_batch(evidence_id, inspector_id)
        if not rows:
            raise Refusal(lambda t: t.evidence_assign_stale)
        for row in rows:
            if row.path is not None:
                source = media_dir / row.path
                target, relative = _safe_path(media_dir, str(task_id), Path(row.path).suffix)
                target.parent.mkdir(parents=True, exist_ok=True)
                await asyncio.to_thread(source.replace, target)
                row.path = relative
            row.task_id, row.status = task_id, EvidenceStatus.STORED
        await audit.record(session, None, "evidence_assigned", entity="task",
                           entity_id=str(task_id),
                           details={"evidence": [r.id for r in rows],
                                    "inspector_id": inspector_id})  # fmt: skip
        target_name = await repo.target_name(task_id)
    return texts.evidence_assigned.format(count=len(rows), target=echo(target_name))


# --- on the task -----------------------------------------------------------------------------


async def evidence_summary(session: AsyncSession, task_id: int) -> dict[EvidenceKind, int]:
    """Stored evidence of a task, counted by kind (for its card)."""
    async with read_only(session):
        return await EvidenceRepository(session).counts(task_id)


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    id: int
    kind: EvidenceKind
    telegram_file_id: str | None
    #: Relative to MEDIA_DIR.
    path: str | None
    file_name: str
    caption: str  # HTML
    #: A photo sent "as file": Telegram knows it as a document, not as a photo.
    as_document: bool = False


@dataclass(frozen=True, slots=True)
class TaskEvidence:
    target: str
    files: list[EvidenceFile]
    total: int


async def evidence_files(
    session: AsyncSession, runtime: Runtime, task_id: int, *, inspector_id: int | None,
    is_admin: bool,
) -> TaskEvidence:  # fmt: skip
    """A task's stored evidence for someone on its team (any member, past ones included: they
    sent some of it) or an admin; anyone else is refused."""
    repo = EvidenceRepository(session)
    async with read_only(session):
        allowed = is_admin or (
            inspector_id is not None and await repo.is_member(task_id, inspector_id)
        )
        if not allowed:
            raise Refusal(lambda t: t.evidence_fetch_forbidden)
        target = await repo.target_name(task_id)
        rows = await repo.of_task(task_id)
    files = [
        EvidenceFile(
            id=row.id,
            kind=row.kind,
            telegram_file_id=row.telegram_file_id,
            path=row.path,
            file_name=f"evidence-{row.id}{Path(row.path or '').suffix or '.bin'}",
            caption=_caption(runtime, row),
            # Compressed photos have no file name; documents (photos "as file") do.
            as_document=row.kind is EvidenceKind.PHOTO and row.file_name is not None,
        )
        for row in rows[:FETCH_LIMIT]
    ]
    return TaskEvidence(target=target, files=files, total=len(rows))


def _caption(runtime: Runtime, row: Evidence) -> str:
    texts = runtime.texts
    when = runtime.local(row.sent_at or row.created_at).strftime("%Y-%m-%d %H:%M")
    lines = [texts.evidence_file_caption.format(number=row.id, kind=_kind_label(texts, row.kind),
                                                time=when, sha=row.sha256 or "")]  # fmt: skip
    lines += _exif_lines(runtime, row)
    if row.caption:
        lines.append(echo(row.caption, 200))
    return "\n".join(lines)


def fetch_header(texts: Texts, evidence: TaskEvidence) -> str:
    if not evidence.files:
        return texts.evidence_fetch_none.format(target=echo(evidence.target))
    header = texts.evidence_fetch_header.format(target=echo(evidence.target), count=evidence.total)
    if evidence.total > len(evidence.files):
        header += "\n" + texts.evidence_fetch_more.format(shown=len(evidence.files))
    return header
