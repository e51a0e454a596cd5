"""Publication (一公开): the results notice, a draw's announcement and the item list, as
files in PUBLIC_DIR that a portal can post, recorded with their SHA-256 and sent to the admin
group through the outbox.

A publication is one transaction: the files are written first (each under a temporary name,
then renamed, so a crash never leaves half a file), then the publication, the published
results, the tasks' status, the audit entry and the outbox's documents; if the transaction
fails, the files are removed again. Results are taken with their tasks locked, so two
confirmations at once publish them once."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar import Deadline, WorkCalendar
from bot.outbox import Button
from bot.publish import Notice, all_formats, file_name
from bot.publish.buttons import PublishCancel, PublishConfirm
from bot.refusals import Refusal
from bot.results.codes import BY_CODE
from bot.runtime import Runtime
from bot.services import audit, draw_views
from bot.services import calendar as calendar_service
from bot.services.records import task_code
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import (
    DrawStatus,
    Publication,
    PublicationKind,
    PublishedResult,
    TaskStatus,
)
from storage.repositories.publications import PendingResult, PublicationRepository
from storage.repositories.records import TaskHead

log = logging.getLogger(__name__)

#: Late results listed by name in the preview; the rest are counted.
PREVIEW_LATE_LINES = 15


@dataclass(frozen=True, slots=True)
class DueResult:
    """An approved result waiting for publication, and when it is due."""

    task_id: int
    code: str
    target: str
    uscc: str
    checked_on: date
    due: Deadline
    late: bool
    version_id: int


@dataclass(frozen=True, slots=True)
class Preview:
    due: tuple[DueResult, ...]  # earliest due first
    within_days: int

    @property
    def count(self) -> int:
        return len(self.due)

    @property
    def last_version(self) -> int:
        return max((d.version_id for d in self.due), default=0)

    @property
    def late(self) -> tuple[DueResult, ...]:
        return tuple(d for d in self.due if d.late)

    @property
    def earliest(self) -> DueResult | None:
        return self.due[0] if self.due else None


@dataclass(frozen=True, slots=True)
class PublishedFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Published:
    id: int
    kind: PublicationKind
    year: int
    number: int
    title: str
    count: int  # rows of the notice
    files: tuple[PublishedFile, ...]


# --- what is due -------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _reading(session: AsyncSession) -> AsyncIterator[None]:
    # Callers with a transaction of their own (the daily digest) read inside it.
    if session.in_transaction():
        yield
        return
    async with read_only(session):
        yield


def _checked_on(runtime: Runtime, pending: PendingResult) -> date:
    # Approval sets checked_on; a row without it falls back to the day of the review.
    reviewed = pending.version.reviewed_at or pending.task.created_at
    return pending.task.checked_on or runtime.local(reviewed).date()


def _due_on(runtime: Runtime, calendar: WorkCalendar, pending: PendingResult) -> Deadline:
    """Stored by the reminders work once it computes it; else from the check date."""
    stored = pending.task.publish_due_on
    if stored is not None:
        return Deadline(stored, calendar.is_estimated(stored))
    return calendar.add_working_days(
        _checked_on(runtime, pending), runtime.settings.publish_within_working_days
    )


async def _codes(repo: PublicationRepository, pending: Sequence[PendingResult]) -> list[str]:
    """Each task's code as /record knows it: the draw's code and the place in its order."""
    samples = await repo.samples([p.draw.id for p in pending])
    numbers = {
        draw_id: {str(entry.get("uscc")): n for n, entry in enumerate(sample, 1)}
        for draw_id, sample in samples.items()
    }
    return [
        task_code(TaskHead(p.task, p.draw, p.target, numbers[p.draw.id].get(p.target.uscc, 0)))
        for p in pending
    ]


async def _due(
    session: AsyncSession, runtime: Runtime, pending: Sequence[PendingResult]
) -> list[DueResult]:
    calendar = await calendar_service.load(session)
    codes = await _codes(PublicationRepository(session), pending)
    today = runtime.today()
    found = []
    for p, code in zip(pending, codes, strict=True):
        due = _due_on(runtime, calendar, p)
        checked = _checked_on(runtime, p)
        found.append(DueResult(p.task.id, code, p.target.name, p.target.uscc, checked, due,
                               due.day < today, p.version.id))  # fmt: skip
    found.sort(key=lambda d: (d.due.day, d.task_id))
    return found


async def due_for_publication(session: AsyncSession, runtime: Runtime) -> list[DueResult]:
    """Approved results not yet published, earliest due first, each with its due date by
    the working-day calendar and whether it is late. Reads in the caller's transaction if it
    has one (the digest's), else in a read-only one of its own."""
    async with _reading(session):
        pending = await PublicationRepository(session).pending_results()
        return await _due(session, runtime, pending)


async def preview(session: AsyncSession, runtime: Runtime) -> Preview:
    due = await due_for_publication(session, runtime)
    return Preview(tuple(due), runtime.settings.publish_within_working_days)


def _due_text(texts: Texts, due: Deadline) -> str:
    return due.day.isoformat() + (texts.publish_estimated if due.estimated else "")


def preview_text(texts: Texts, shown: Preview) -> str:
    late = shown.late
    if late:
        lines = [texts.publish_preview_late_header.format(count=len(late))]
        lines += [
            texts.publish_preview_late_line.format(
                code=echo(d.code, 80), target=echo(d.target), due=_due_text(texts, d.due)
            )
            for d in late[:PREVIEW_LATE_LINES]
        ]
        if len(late) > PREVIEW_LATE_LINES:
            lines.append(texts.publish_preview_more.format(count=len(late) - PREVIEW_LATE_LINES))
        late_text = "\n".join(lines)
    else:
        late_text = texts.publish_preview_none_late
    earliest = shown.earliest
    return texts.publish_preview.format(
        count=shown.count, days=shown.within_days, late=late_text,
        earliest=(texts.publish_preview_earliest.format(due=_due_text(texts, earliest.due),
                                                        code=echo(earliest.code, 80))
                  if earliest else texts.publish_none),
    )  # fmt: skip


def preview_buttons(texts: Texts, shown: Preview) -> list[list[Button]]:
    confirm = PublishConfirm(shown.count, shown.last_version).pack()
    return [[Button(texts.button_publish_confirm, confirm),
             Button(texts.button_publish_cancel, PublishCancel().pack())]]  # fmt: skip


# --- writing the files -------------------------------------------------------------------------


def _write_file(folder: Path, name: str, content: bytes) -> Path:
    """Write under a temporary name, then rename: the file is whole or absent."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    temporary = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        with temporary.open("wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _bureau(runtime: Runtime) -> str:
    return runtime.settings.bureau_name.strip()


def _footer(runtime: Runtime) -> tuple[str, ...]:
    dated = runtime.texts.publish_footer_date.format(date=runtime.today().isoformat())
    return (_bureau(runtime), dated) if _bureau(runtime) else (dated,)


async def _publish(
    session: AsyncSession,
    runtime: Runtime,
    actor: int | None,
    *,
    kind: PublicationKind,
    year: int,
    number: int,
    prefix: str,
    notice: Notice,
    written: list[Path],
    draw_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> Published:
    """Write the notice's files, record the publication, queue the files for the group and
    audit it: inside the caller's transaction; `written` collects the files for the caller
    to remove if that transaction fails."""
    folder = runtime.settings.public_dir
    files = []
    contents = await asyncio.to_thread(all_formats, notice)
    for extension, content in contents:
        name = file_name(prefix, year, number, extension)
        written.append(await asyncio.to_thread(_write_file, folder, name, content))
        files.append(PublishedFile(name, hashlib.sha256(content).hexdigest(), len(content)))
    publication = Publication(
        kind=kind, year=year, number=number, title=notice.title, draw_id=draw_id,
        files=[{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files],
        created_by=actor, created_at=runtime.utcnow(),
    )  # fmt: skip
    session.add(publication)
    await session.flush()
    await audit.record(session, actor, "publish", entity="publication",
                       entity_id=str(publication.id),
                       details={"kind": kind.value, "year": year, "number": number,
                                "title": notice.title, "rows": len(notice.rows),
                                "files": publication.files, **(details or {})},
                       covers=[(audit.Covered.PUBLICATION, str(publication.id))])  # fmt: skip
    chat = runtime.settings.admin_chat_id
    if chat is not None:
        outbox = runtime.outbox(session)
        caption = runtime.texts.publish_caption.format(title=echo(notice.title, 300))
        for f in files:
            await outbox.document(chat, f.name, filename=f.name, caption=caption, root="public",
                                  dedupe_key=f"publication:{publication.id}:{f.name}")  # fmt: skip
    log.info("published %s %d/%03d: %d rows", kind.value, year, number, len(notice.rows))
    return Published(publication.id, kind, year, number, notice.title, len(notice.rows),
                     tuple(files))  # fmt: skip


@contextlib.asynccontextmanager
async def _writing(session: AsyncSession) -> AsyncIterator[list[Path]]:
    """A write transaction whose files are removed again if it does not commit."""
    written: list[Path] = []
    try:
        async with session.begin():
            yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


# --- the three notices -------------------------------------------------------------------------


def _result_names(texts: Texts, codes: Sequence[Any]) -> str:
    # The national table's names, as published whatever the bot's language.
    return texts.publish_result_separator.join(
        BY_CODE[str(c)].name if str(c) in BY_CODE else str(c) for c in codes
    )


async def publish_results(
    session: AsyncSession, runtime: Runtime, actor: int, count: int, last_version: int
) -> Published:
    """确认公开: the results the preview showed (`count` of them, the newest version
    `last_version`), or a refusal if that is no longer what waits."""
    texts = runtime.texts
    async with _writing(session) as written:
        repo = PublicationRepository(session)
        pending = await repo.pending_results(for_update=True)
        due = await _due(session, runtime, pending)
        shown = Preview(tuple(due), runtime.settings.publish_within_working_days)
        if not pending or (shown.count, shown.last_version) != (count, last_version):
            raise Refusal(lambda t: t.publish_stale)
        by_task = {p.task.id: p for p in pending}
        year = runtime.today().year
        number = await repo.next_number(PublicationKind.RESULTS, year)
        title = texts.publish_results_title.format(
            bureau=_bureau(runtime), year=year, number=f"{number:03d}"
        ).strip()
        rows = []
        for d in sorted(due, key=lambda d: d.code):
            p = by_task[d.task_id]
            rows.append((d.code, p.target.name, p.target.uscc, d.checked_on.isoformat(),
                         _result_names(texts, p.version.codes), p.version.remarks))  # fmt: skip
        headers = tuple(texts.publish_results_headers.values())
        notice = Notice(title, headers, tuple(rows), footer=_footer(runtime),
                        sheet=texts.publish_sheet)  # fmt: skip
        published = await _publish(
            session, runtime, actor, kind=PublicationKind.RESULTS, year=year, number=number,
            prefix=texts.publish_results_prefix, notice=notice, written=written,
            details={"tasks": [d.task_id for d in due],
                     "late": [d.task_id for d in due if d.late]},
        )  # fmt: skip
        for p in pending:
            session.add(PublishedResult(publication_id=published.id, task_id=p.task.id,
                                        version_id=p.version.id))  # fmt: skip
            p.task.status = TaskStatus.PUBLISHED
        await session.flush()
    return published


async def publish_draw(session: AsyncSession, runtime: Runtime, actor: int, code: str) -> Published:
    """A locked draw's announcement: the task's facts and its drawn list (once per draw)."""
    texts = runtime.texts
    summary = await draw_views.summary(session, code, year=runtime.today().year)
    async with _writing(session) as written:
        repo = PublicationRepository(session)
        draw = await repo.lock_draw(summary.id)
        assert draw is not None
        if draw.status is not DrawStatus.LOCKED:
            status = draw.status.value
            raise Refusal(lambda t: t.publish_draw_not_locked.format(
                code=echo(draw.code, 80), status=t.draw_status_names[status]))  # fmt: skip
        earlier = await repo.of_draw(draw.id)
        if earlier is not None:
            at, title = runtime.local(earlier.created_at).date().isoformat(), earlier.title
            raise Refusal(lambda t: t.publish_draw_already.format(
                code=echo(draw.code, 80), date=at, title=echo(title, 300)))  # fmt: skip
        sample = (await repo.samples([draw.id]))[draw.id]
        usccs = [str(entry.get("uscc")) for entry in sample]
        targets = await repo.draw_targets(usccs)
        items = await repo.draw_items(draw.id)
        none = texts.publish_none

        def joined(values: Sequence[str]) -> str:
            unique = dict.fromkeys(v.strip() for v in values if v.strip())
            return texts.publish_result_separator.join(unique) or none

        window = "~".join(d.isoformat() for d in (draw.check_starts_on, draw.check_ends_on) if d)
        labels = texts.publish_draw_facts
        facts = (
            (labels["plan"], summary.plan_code or none),
            (labels["task"], draw.code),
            (labels["items"], joined([f"{i.code} {i.name}" for i in items])),
            (labels["scope"], joined([i.target_scope for i in items])),
            (labels["window"], window or none),
            (labels["body"], joined([i.inspecting_body for i in items]) if
             any(i.inspecting_body.strip() for i in items) else (_bureau(runtime) or none)),
            (labels["count"], str(len(sample))),
        )  # fmt: skip
        rows = []
        for n, uscc in enumerate(usccs, 1):
            target = targets.get(uscc)
            rows.append((str(n), target.name if target else "", uscc,
                         target.registration_authority if target else ""))  # fmt: skip
        title = texts.publish_draw_title.format(bureau=_bureau(runtime), code=draw.code).strip()
        headers = tuple(texts.publish_draw_headers.values())
        notice = Notice(title, headers, tuple(rows), facts=facts, footer=_footer(runtime),
                        sheet=texts.publish_sheet)  # fmt: skip
        year = runtime.today().year
        return await _publish(
            session, runtime, actor, kind=PublicationKind.DRAW, year=year,
            number=await repo.next_number(PublicationKind.DRAW, year),
            prefix=texts.publish_draw_prefix, notice=notice, written=written, draw_id=draw.id,
            details={"draw": draw.code},
        )  # fmt: skip


async def publish_items(session: AsyncSession, runtime: Runtime, actor: int) -> Published:
    """The public list of inspection items (S13): item, basis, bodies, content."""
    texts = runtime.texts
    async with _writing(session) as written:
        repo = PublicationRepository(session)
        items = await repo.active_items()
        if not items:
            raise Refusal(lambda t: t.publish_items_empty)
        rows = tuple(
            (str(n), i.code, i.name,
             texts.publish_item_categories.get(i.category.value, i.category.value),
             i.legal_basis, i.enforcement_body, i.inspecting_body, i.target_scope, i.content,
             "、".join(str(m) for m in i.methods), i.frequency)
            for n, i in enumerate(items, 1)
        )  # fmt: skip
        year = runtime.today().year
        title = texts.publish_items_title.format(bureau=_bureau(runtime), year=year).strip()
        headers = tuple(texts.publish_items_headers.values())
        notice = Notice(title, headers, rows, footer=_footer(runtime),
                        sheet=texts.publish_sheet)  # fmt: skip
        return await _publish(
            session, runtime, actor, kind=PublicationKind.ITEMS, year=year,
            number=await repo.next_number(PublicationKind.ITEMS, year),
            prefix=texts.publish_items_prefix, notice=notice, written=written,
        )  # fmt: skip
