"""The registers (一单两库) as services: import, export, templates, browsing.

The CLI and the admin group call the same functions, so both share one code path.
"""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from bot.refusals import Refusal
from bot.registers import exporter, importer
from bot.registers.report import ImportReport
from bot.registers.schema import REGISTERS
from bot.registers.uscc import normalize_uscc, uscc_problem
from bot.services import jobs
from bot.services.draw_views import TargetDraw, read_target_draws
from storage.database import read_only
from storage.models import CreditClass, InspectionItem, Inspector, JobKind, JobStatus, Target
from storage.repositories import JobRepository
from storage.repositories.registers import BrowseRepository, ExportRepository, TargetQuery

PAGE_SIZE = 10

RegisterName = Literal["targets", "items", "inspectors", "conflicts"]
REGISTER_NAMES: tuple[RegisterName, ...] = get_args(RegisterName)

#: What people type for each register, besides its English name (and the catalog title).
_ALIASES: dict[str, RegisterName] = {
    "检查对象": "targets", "对象": "targets", "检查对象名录": "targets", "企业": "targets",
    "抽查事项": "items", "事项": "items", "抽查事项清单": "items", "事项清单": "items",
    "检查人员": "inspectors", "人员": "inspectors", "检查人员名录": "inspectors",
    "执法人员": "inspectors",
    "回避关系": "conflicts", "回避": "conflicts", "利害关系": "conflicts",
}  # fmt: skip


def register_named(text: str) -> RegisterName | None:
    """The register a person means by `text` (English or Chinese name), if any."""
    word = text.strip().lower()
    for name in REGISTER_NAMES:
        if word == name:
            return name
    return _ALIASES.get(word)


# --- import ---------------------------------------------------------------------------------

_BUSY = (JobKind.IMPORT, JobKind.DEACTIVATE)


async def start_import(
    session: AsyncSession,
    name: RegisterName,
    *,
    file: str,
    chat_id: int | None = None,
    user_id: int | None = None,
    message_id: int | None = None,
    stored_as: str | None = None,
) -> int:
    """Record the import as a running job (one import per register at a time)."""
    async with session.begin():
        details = {"file": file} | ({"path": stored_as} if stored_as else {})
        return await jobs.begin(session, JobKind.IMPORT, name, chat_id=chat_id, user_id=user_id,
                                message_id=message_id, details=details,
                                exclusive_with=_BUSY)  # fmt: skip


async def run_import(
    session: AsyncSession,
    job_id: int,
    name: RegisterName,
    path: Path,
    *,
    actor: int | None,
    today: date,
    deactivate_missing: bool = False,
) -> ImportReport:
    """Run a started import job to its end; the job records the outcome either way."""
    try:
        async with jobs.kept_alive(session, job_id):
            return await importer.import_file(session, name, path, actor=actor, today=today,
                                              deactivate_missing=deactivate_missing,
                                              job_id=job_id)  # fmt: skip
    except BaseException:
        await abandon(session, job_id)
        raise


async def abandon(session: AsyncSession, job_id: int) -> None:
    """A job that failed for a reason of its own (not a crash): nothing was written."""
    if session.in_transaction():
        await session.rollback()
    async with session.begin():
        job = await JobRepository(session).get(job_id)
        if job is not None and job.status is JobStatus.RUNNING:
            await jobs.finish(session, job_id, JobStatus.FAILED, {"aborted": True})


async def import_register(
    session: AsyncSession,
    name: RegisterName,
    path: Path,
    *,
    actor: int | None,
    today: date,
    deactivate_missing: bool = False,
) -> ImportReport:
    """Start and run an import in one go (the command line)."""
    job_id = await start_import(session, name, file=path.name, user_id=actor)
    return await run_import(session, job_id, name, path, actor=actor, today=today,
                            deactivate_missing=deactivate_missing)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Deactivation:
    job_id: int
    register: RegisterName
    stored_as: str  # the import's file, relative to MEDIA_DIR
    file: str
    count: int  # missing rows when the import was made


async def start_deactivation(
    session: AsyncSession,
    import_job_id: int,
    *,
    chat_id: int,
    user_id: int,
    message_id: int | None,
) -> Deactivation:
    """The admin confirmed deactivating the rows missing from an import's file. Refused when
    that import is no longer the register's latest (another import or a deactivation came
    after it: the button is stale, or was pressed twice)."""
    async with session.begin():
        repo = JobRepository(session)
        job = await repo.get(import_job_id)
        if job is None or job.kind is not JobKind.IMPORT or "path" not in job.details:
            raise Refusal(lambda t: t.button_unknown)
        latest = await repo.latest(_BUSY, job.subject)
        if latest is None or latest.id != job.id or job.status is not JobStatus.DONE:
            raise Refusal(lambda t: t.deactivate_stale)
        name = register_named(job.subject)
        assert name is not None
        details = {**job.details, "import_job": job.id}
        new_id = await jobs.begin(session, JobKind.DEACTIVATE, name, chat_id=chat_id,
                                  user_id=user_id, message_id=message_id, details=details,
                                  exclusive_with=_BUSY)  # fmt: skip
        return Deactivation(new_id, name, job.details["path"], job.details.get("file", ""),
                            int(job.result.get("missing", 0)))  # fmt: skip


async def dismiss_deactivation(session: AsyncSession, import_job_id: int) -> bool:
    """'Keep them': True if the import is still current (then nothing needs doing)."""
    async with read_only(session):
        repo = JobRepository(session)
        job = await repo.get(import_job_id)
        latest = await repo.latest(_BUSY, job.subject) if job is not None else None
        return job is not None and latest is not None and latest.id == job.id


# --- export and templates -------------------------------------------------------------------


async def export_register(session: AsyncSession, name: RegisterName, title: str,
                          path: Path) -> int:  # fmt: skip
    """Write the register's rows to `path` (XLSX) so that they import back unchanged. The
    spreadsheet is built in a worker thread, so other chats are not kept waiting."""
    register = REGISTERS[name]
    fields = [c.field for c in register.columns]
    repo = ExportRepository(session)
    writer = exporter.XlsxWriter(register, title)

    def append(rows: list[dict[str, object]]) -> None:
        for row in rows:
            writer.append(row)

    if name == "targets":
        last = 0
        while True:
            async with read_only(session):
                batch = await repo.targets(last, 5000)
            if not batch:
                break
            last = batch[-1].id
            await asyncio.to_thread(append, [{f: getattr(t, f) for f in fields} for t in batch])
    else:
        async with read_only(session):
            if name == "conflicts":
                rows: list[dict[str, object]] = [
                    {"certificate_no": certificate, "uscc": uscc, "reason": reason}
                    for certificate, uscc, reason in await repo.conflicts()
                ]
            else:
                found = await (repo.items() if name == "items" else repo.inspectors())
                rows = [
                    {**{f: getattr(obj, f) for f in fields if f != "department"},
                     "department": department}
                    for obj, department in found
                ]  # fmt: skip
        await asyncio.to_thread(append, rows)
    await asyncio.to_thread(writer.save, path)
    return writer.count


def write_template(name: RegisterName, title: str, path: Path) -> None:
    exporter.write_template(REGISTERS[name], title, path)


# --- browsing -------------------------------------------------------------------------------

_CREDIT = re.compile(r"^([ABCD])\s*[类级]?$", re.IGNORECASE)
_BLACKLIST_WORDS = {"失信", "黑名单", "严重违法失信", "失信名单"}
_ABNORMAL_WORDS = {"异常", "经营异常", "异常名录"}
_ALL_WORDS = {"全部", "含停用", "包括停用"}


def parse_query(text: str) -> TargetQuery:
    """`/targets 餐馆 C类 失信`: words match name, region, industry, address or USCC; the
    rest are filters (credit class, list flags, 含停用 for deactivated targets too)."""
    words: list[str] = []
    credit: CreditClass | None = None
    blacklisted = abnormal = include_inactive = False
    for word in text.split():
        if match := _CREDIT.match(word):
            credit = CreditClass(match[1].upper())
        elif word in _BLACKLIST_WORDS:
            blacklisted = True
        elif word in _ABNORMAL_WORDS:
            abnormal = True
        elif word in _ALL_WORDS:
            include_inactive = True
        else:
            words.append(word)
    return TargetQuery(tuple(words), credit, blacklisted, abnormal, include_inactive)


@dataclass(frozen=True, slots=True)
class Page:
    targets: list[Target]
    total: int
    page: int  # 1-based, within 1..pages
    pages: int


async def search_targets(session: AsyncSession, text: str, page: int) -> Page:
    """One page of the targets matching `text`, in pinyin order of their names."""
    query = parse_query(text)
    async with read_only(session):
        repo = BrowseRepository(session)
        total = await repo.count_targets(query)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(max(page, 1), pages)
        rows = await repo.search_targets(query, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return Page(rows, total, page, pages)


@dataclass(frozen=True, slots=True)
class TargetLookup:
    """`/target TEXT`: a USCC (maybe mistyped) or part of a name."""

    uscc: str | None  # TEXT read as a USCC, if it has the shape of one
    expected_check: str | None  # the right check character, if the given one is wrong
    #: The target: by its USCC, or the only one whose name etc. match TEXT.
    target: Target | None
    #: The draws the target was drawn in, newest first.
    draws: list[TargetDraw] = field(default_factory=list)


async def find_target(session: AsyncSession, text: str) -> TargetLookup:
    code = normalize_uscc(text)
    problem = uscc_problem(code)
    if problem is not None and problem[0] != "uscc_check":
        # Not a USCC: a name. One match is the target; more (or none) are for a search.
        query = parse_query(text)
        async with read_only(session):
            repo = BrowseRepository(session)
            if await repo.count_targets(query) != 1:
                return TargetLookup(None, None, None)
            only = (await repo.search_targets(query, 0, 1))[0]
            return TargetLookup(None, None, only, await read_target_draws(session, only.uscc))
    expected = str(problem[1]["expected"]) if problem is not None else None
    async with read_only(session):
        target = await BrowseRepository(session).target(code)
        draws = await read_target_draws(session, code) if target is not None else []
    return TargetLookup(code, expected, target, draws)


Eligibility = Literal["eligible", "inactive", "no_expiry", "expired"]


def eligibility(inspector: Inspector, today: date) -> Eligibility:
    """Why an inspector can or cannot be drawn."""
    if not inspector.active:
        return "inactive"
    if inspector.certificate_expires_on is None:
        return "no_expiry"
    if inspector.certificate_expires_on < today:
        return "expired"
    return "eligible"


async def inspectors(session: AsyncSession) -> list[tuple[Inspector, str | None]]:
    async with read_only(session):
        return await ExportRepository(session).inspectors()


async def items(session: AsyncSession) -> list[tuple[InspectionItem, str | None]]:
    """Active items with their department's name."""
    async with read_only(session):
        return await ExportRepository(session).items()
