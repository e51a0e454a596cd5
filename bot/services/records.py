"""A task's record sheet (随机抽查情况记录表) and its evidence as a self-checking set of files.

Read-only: the sheet shows the approved result (or, before approval, the newest version,
marked as such), the latest check-in, and every stored file with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.records.sheet import EvidenceLine, Member, RecordSheet, render_xlsx
from bot.refusals import Refusal
from bot.results.codes import BY_CODE
from bot.settings import CommonSettings
from bot.texts import Texts, echo, plain
from storage.database import read_only
from storage.models import Checkin, Evidence, EvidenceKind, ResultVersion
from storage.repositories.records import RecordRepository, TaskHead, TeamRow
from storage.types import utcnow


@dataclass(frozen=True, slots=True)
class SheetFile:
    name: str
    content: bytes
    task_code: str


#: What no file name may carry (Windows' set, both path separators, control characters).
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def sheet_file_name(prefix: str, code: str) -> str:
    """The sheet's file name: the export writes it into a folder, so DRAW_CODE_PREFIX (free
    configured text, part of the code) must not make it a path; short enough for any disk
    (60 characters of CJK stay under 255 bytes)."""
    stem = _UNSAFE_NAME.sub("_", f"{prefix}-{code}")[:60].strip(" .") or "record"
    return f"{stem}.xlsx"


def task_code(head: TaskHead) -> str:
    """「<draw code>-<number>」: the draw's code and the target's place in its order."""
    return f"{head.draw.code}-{head.number:03d}"


async def find_task(session: AsyncSession, code: str) -> int:
    """A task by its code as `task_code` writes it (the number may lose its zeros)."""
    draw_code, _, number = code.strip().rpartition("-")
    found = None
    if draw_code and number.isdigit():
        async with read_only(session):
            found = await RecordRepository(session).task_by_code(draw_code, int(number))
    if found is None:
        raise Refusal(lambda t: t.record_unknown_task)
    return found


def _kind(texts: Texts, kind: EvidenceKind) -> str:
    return plain(texts.task_evidence_kinds.get(kind.value, kind.value))


def _local(settings: CommonSettings, moment: datetime | None) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") if moment else ""


@dataclass(frozen=True, slots=True)
class _Result:
    methods: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    findings: str = ""
    follow_up: str = ""
    remarks: str = ""
    version: str = ""


def _result_lines(texts: Texts, version: ResultVersion | None) -> _Result:
    if version is None:
        return _Result(version=plain(texts.record_no_result))
    names = texts.result_code_names
    follow = plain(texts.result_follow_up_names.get(version.follow_up, version.follow_up))
    if version.follow_up_due_on is not None:
        follow = f"{follow}（{version.follow_up_due_on.isoformat()}）"
    status = plain(texts.result_status_names.get(version.status.value, version.status.value))
    return _Result(
        methods=tuple(plain(texts.result_method_names.get(m, m)) for m in version.methods),
        results=tuple(
            f"{c} {plain(names.get(c, BY_CODE[c].name if c in BY_CODE else ''))}"
            for c in version.codes
        ),
        findings=version.findings,
        follow_up=follow,
        remarks=version.remarks,
        version=plain(texts.record_version.format(number=version.number, status=status)),
    )


async def record_sheet(
    session: AsyncSession,
    task_id: int,
    *,
    texts: Texts,
    settings: CommonSettings,
    user_id: int | None,
    is_admin: bool,
) -> SheetFile:
    """The sheet of a task, for an admin or someone who was on its team (`user_id` None: the
    command line, which is trusted)."""
    async with read_only(session):
        repo = RecordRepository(session)
        head = await repo.head(task_id)
        if head is None:
            raise Refusal(lambda t: t.record_unknown_task)
        if user_id is not None and not is_admin and not await repo.was_on_team(task_id, user_id):
            raise Refusal(lambda t: t.record_not_yours)
        items = await repo.items(head.draw.id)
        team = await repo.team(task_id)
        checkin = await repo.latest_checkin(task_id)
        version = await repo.result(task_id)
        evidence = await repo.evidence(task_id)
    sheet = _sheet(texts, settings, head, items, team, checkin, version, evidence)
    content = render_xlsx(sheet, texts.record_sheet_labels)
    code = task_code(head)
    return SheetFile(sheet_file_name(texts.record_file_prefix, code), content, code)


def _sheet(
    texts: Texts,
    settings: CommonSettings,
    head: TaskHead,
    items: Sequence[tuple[str, str]],
    team: Sequence[TeamRow],
    checkin: tuple[Checkin, str] | None,
    version: ResultVersion | None,
    evidence: Sequence[tuple[Evidence, str]],
) -> RecordSheet:
    target, task = head.target, head.task
    window = ""
    if task.due_on is not None or head.draw.check_starts_on is not None:
        window = texts.record_window.format(
            start=head.draw.check_starts_on.isoformat() if head.draw.check_starts_on else "",
            end=(task.due_on or head.draw.check_ends_on or "").__str__(),
        )  # fmt: skip
    where = ""
    if checkin is not None:
        row, name = checkin
        distance = (texts.record_distance.format(metres=round(row.distance_m))
                    if row.distance_m is not None else "")  # fmt: skip
        accuracy = (texts.record_accuracy.format(metres=round(row.horizontal_accuracy))
                    if row.horizontal_accuracy is not None else "")  # fmt: skip
        where = texts.record_checkin.format(
            at=_local(settings, row.located_at), name=name,
            latitude=f"{row.latitude:.6f}", longitude=f"{row.longitude:.6f}",
            distance=distance, accuracy=accuracy,
        ).strip()  # fmt: skip
    lines = tuple(
        EvidenceLine(
            _kind(texts, e.kind), e.file_name or Path(e.path or "").name, e.size,
            e.sha256 or "", _local(settings, e.sent_at or e.created_at), sender,
        )
        for e, sender in evidence
    )  # fmt: skip
    result = _result_lines(texts, version)
    return RecordSheet(
        bureau=settings.bureau_name, task_code=task_code(head), draw_code=head.draw.code,
        target_name=target.name, uscc=target.uscc, address=target.address,
        legal_representative=target.legal_representative, phone=target.phone,
        items=tuple(f"{code} {name}" for code, name in items), window=window,
        check_date=task.checked_on.isoformat() if task.checked_on else "",
        team=tuple(Member(m.name, m.certificate, m.department, m.leader) for m in team),
        checkin=where, evidence=lines, generated_at=_local(settings, utcnow()),
        methods=result.methods, results=result.results, findings=result.findings,
        follow_up=result.follow_up, remarks=result.remarks, version=result.version,
    )  # fmt: skip


def _file_refusal(why: str, evidence_id: int) -> Refusal:
    return Refusal(lambda t: t.record_file_problems[why].format(id=evidence_id))


async def export_evidence(
    session: AsyncSession, task_id: int, folder: Path, *, texts: Texts, settings: CommonSettings
) -> tuple[Path, str, int]:
    """Write a task's stored files, its record sheet and a manifest of their SHA-256 hashes
    into `folder` (which must be empty or new). Returns the manifest, its own SHA-256 (which
    fixes the whole set) and the number of files. A stored file whose hash no longer matches
    is refused: the export never vouches for a changed file."""
    sheet = await record_sheet(session, task_id, texts=texts, settings=settings, user_id=None,
                               is_admin=True)  # fmt: skip
    async with read_only(session):
        evidence = await RecordRepository(session).evidence(task_id)
    media = settings.media_dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise Refusal(lambda t: t.record_export_not_empty.format(folder=echo(folder, 200)))
    entries = []
    for number, (row, sender) in enumerate(evidence, 1):
        source = (media / (row.path or "")).resolve()
        if not row.path or not source.is_relative_to(media) or not source.is_file():
            raise _file_refusal("missing", row.id)
        content = source.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != row.sha256:
            raise _file_refusal("changed", row.id)
        name = f"{number:03d}-{row.kind.value}{source.suffix}"
        (folder / name).write_bytes(content)
        sent = (row.sent_at or row.created_at).isoformat()
        entries.append({"file": name, "sha256": digest, "size": len(content),
                        "kind": row.kind.value, "sent_by": sender, "sent_at": sent,
                        "original_name": row.file_name or ""})  # fmt: skip
    sheet_path = folder / sheet.name
    sheet_path.write_bytes(sheet.content)
    manifest = {
        "task": sheet.task_code,
        "files": entries,
        "record_sheet": {
            "file": sheet.name,
            "sha256": hashlib.sha256(sheet.content).hexdigest(),
        },
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    path = folder / "manifest.json"
    path.write_text(text, encoding="utf-8")
    return path, hashlib.sha256(text.encode()).hexdigest(), len(entries)
