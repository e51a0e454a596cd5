"""How draws are shown: a draw's summary, its drawn list in pages and as an XLSX, the list of
all draws, and the draws a target was drawn in. Read only, no Telegram: the group's views,
the wizard's announcement and the command line share these.

A draw is named by its id (buttons carry it: short and stable) or by its code as people type
it: in full (双随机〔2026〕第001号), with ASCII brackets, or only its number in a year
(〔2026〕第1号; with `year`, also 第001号, 001 or 1), when that names one draw.
"""

from __future__ import annotations

import asyncio
import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.sampling import STRATA
from bot.refusals import Refusal
from bot.texts import Texts, echo, plain
from storage.database import read_only
from storage.models import Draw, DrawStatus, MemberRole, MemberStatus, TaskStatus
from storage.repositories.draw_views import DrawViewRepository, MemberRow
from storage.repositories.results import ResultRepository

#: Rows per page of the drawn list and of the list of draws.
PAGE_SIZE = 10
#: Draws shown on a target's card.
TARGET_DRAWS = 10

DrawRef = int | str


# --- what the views show ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StratumSize:
    stratum: str
    pool: int  # targets of the stratum in the frozen pool
    sample: int  # targets drawn from it


@dataclass(frozen=True, slots=True)
class DrawSummary:
    id: int
    code: str
    status: DrawStatus
    items: tuple[tuple[str, str], ...]  # (code, name), the first one is the draw's item
    starts_on: date | None
    ends_on: date | None
    plan_code: str | None
    pool_size: int
    pool_digest: str
    seed: str
    strata: tuple[StratumSize, ...]  # in STRATA order; strata absent from the pool left out
    team_size: int
    cross_department: bool
    tasks: int
    teamless: int  # tasks with nobody on the team
    recusals: int
    created_at: datetime
    locked_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: int | None
    cancel_reason: str | None

    @property
    def sample_size(self) -> int:
        return sum(s.sample for s in self.strata)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    certificate: str
    leader: bool
    status: MemberStatus

    @property
    def off_team(self) -> bool:
        """Recused, or replaced: on record, no longer on the team."""
        return self.status in (MemberStatus.RECUSED, MemberStatus.REPLACED)


@dataclass(frozen=True, slots=True)
class DrawnRow:
    number: int  # in draw (ticket) order, from 1
    uscc: str
    name: str
    region: str
    industry: str
    stratum: str
    team: tuple[Member, ...]  # leader first; recused members included, marked
    status: TaskStatus | None  # None: no task row (should not happen for a locked draw)


@dataclass(frozen=True, slots=True)
class DrawnPage:
    draw_id: int
    code: str
    status: DrawStatus
    rows: tuple[DrawnRow, ...]
    total: int
    page: int  # 1-based, within 1..pages
    pages: int


@dataclass(frozen=True, slots=True)
class ListedDraw:
    id: int
    code: str
    status: DrawStatus
    item_codes: tuple[str, ...]
    starts_on: date | None
    ends_on: date | None
    sample_size: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Listing:
    draws: tuple[ListedDraw, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class TargetDraw:
    """A draw a target was drawn in, with its team there."""

    draw_id: int
    code: str
    status: DrawStatus
    starts_on: date | None
    ends_on: date | None
    team: tuple[Member, ...]
    #: The approved result there (standard codes) and its check date; () while none.
    result_codes: tuple[str, ...] = ()
    checked_on: date | None = None


# --- finding a draw ---------------------------------------------------------------------------

_BRACKETS = str.maketrans({"[": "〔", "(": "〔", "（": "〔", "【": "〔",
                           "]": "〕", ")": "〕", "）": "〕", "】": "〕"})  # fmt: skip
_NUMBER = re.compile(r"^(?:〔(\d{4})〕)?第?0*(\d{1,5})号?$")


async def _find(repo: DrawViewRepository, ref: DrawRef, year: int | None) -> Draw:
    if isinstance(ref, int):
        draw = await repo.by_id(ref)
        if draw is None:
            raise Refusal(lambda t: t.button_unknown)
        return draw
    typed = ref.strip()
    if not typed:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(ref)))
    normal = re.sub(r"\s+", "", typed.translate(_BRACKETS))
    for code in dict.fromkeys((typed, normal)):
        if (draw := await repo.by_code(code)) is not None:
            return draw
    match = _NUMBER.match(normal)
    number_year = int(match[1]) if match and match[1] else year
    if match is None or number_year is None or int(match[2]) == 0:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(typed)))
    codes = await repo.codes_ending(f"〔{number_year}〕第{int(match[2]):03d}号")
    if len(codes) > 1:
        raise Refusal(lambda t: t.draw_ambiguous.format(
            code=echo(typed), codes=echo(t.draw_list_separator.join(codes), 300)))  # fmt: skip
    draw = await repo.by_code(codes[0]) if codes else None
    if draw is None:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(typed)))
    return draw


def _members(rows: Sequence[MemberRow]) -> tuple[Member, ...]:
    return tuple(Member(m.name, m.certificate, m.role is MemberRole.LEADER, m.status)
                 for m in rows)  # fmt: skip


# --- the services ------------------------------------------------------------------------------


async def summary(session: AsyncSession, draw: DrawRef, *, year: int | None = None) -> DrawSummary:
    """One draw, as its summary and announcement show it. `year`: the year a bare number
    (第001号, 1) means; without it only full codes are found."""
    async with read_only(session):
        return await summary_now(session, draw, year=year)


async def summary_now(
    session: AsyncSession, draw: DrawRef, *, year: int | None = None
) -> DrawSummary:
    """`summary`, in the caller's transaction (the lock's own announcement sees its draw)."""
    repo = DrawViewRepository(session)
    found = await _find(repo, draw, year)
    items = (await repo.items([found.id])).get(found.id, [])
    plan_code = await repo.plan_code(found.plan_id) if found.plan_id is not None else None
    counts = await repo.counts(found.id)
    sizes: dict[str, Any] = await repo.record_part(found.id, "sizes") or {}
    in_pool = await repo.pool_strata(found.id)
    if in_pool is None:
        pool: list[Any] = await repo.record_part(found.id, "pool") or []
        in_pool = Counter(str(pair[1]) for pair in pool)
    strata = tuple(
        StratumSize(s, in_pool.get(s, 0), int(sizes.get(s, 0)))
        for s in (*STRATA, *sorted(set(in_pool) - set(STRATA)))
        if in_pool.get(s) or sizes.get(s)
    )
    rules = found.rules or {}
    return DrawSummary(
        id=found.id, code=found.code, status=found.status, items=tuple(items),
        starts_on=found.check_starts_on, ends_on=found.check_ends_on, plan_code=plan_code,
        pool_size=found.pool_size, pool_digest=found.pool_digest, seed=found.seed,
        strata=strata, team_size=int(rules.get("team_size", 2)),
        cross_department=bool(rules.get("cross_department", False)),
        tasks=counts.tasks, teamless=counts.teamless, recusals=counts.recusals,
        created_at=found.created_at, locked_at=found.locked_at,
        cancelled_at=found.cancelled_at, cancelled_by=found.cancelled_by,
        cancel_reason=found.cancel_reason,
    )  # fmt: skip


async def _rows(
    repo: DrawViewRepository, draw_id: int, sample: Sequence[dict[str, Any]], first: int
) -> list[DrawnRow]:
    """The drawn targets `sample` (entries of the record's sample, `first` the number of the
    first), with their targets and teams as they stand now."""
    usccs = [str(t["uscc"]) for t in sample]
    tasks = {t.uscc: t for t in await repo.tasks(draw_id, usccs)}
    teams = await repo.members([t.task_id for t in tasks.values()])
    rows: list[DrawnRow] = []
    for number, entry in enumerate(sample, first):
        uscc = str(entry["uscc"])
        task = tasks.get(uscc)
        team = _members(teams.get(task.task_id, [])) if task else ()
        rows.append(DrawnRow(number, uscc, task.name if task else "", task.region if task else "",
                             task.industry if task else "", str(entry.get("stratum", "")), team,
                             task.status if task else None))  # fmt: skip
    return rows


async def drawn_page(
    session: AsyncSession, draw: DrawRef, page: int, *, year: int | None = None
) -> DrawnPage:
    """One page of a draw's drawn list, in draw order (the order of the record's sample: by
    ticket), with each target's team as it stands (recused members marked)."""
    async with read_only(session):
        return await drawn_page_now(session, draw, page, year=year)


async def drawn_page_now(
    session: AsyncSession, draw: DrawRef, page: int, *, year: int | None = None
) -> DrawnPage:
    """`drawn_page`, in the caller's transaction."""
    repo = DrawViewRepository(session)
    found = await _find(repo, draw, year)
    sample: list[dict[str, Any]] = await repo.record_part(found.id, "sample") or []
    pages = max(1, math.ceil(len(sample) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    rows = await _rows(repo, found.id, sample[start : start + PAGE_SIZE], start + 1)
    return DrawnPage(found.id, found.code, found.status, tuple(rows), len(sample), page, pages)


async def listing(session: AsyncSession, page: int) -> Listing:
    """All draws, newest first, cancelled ones and previews included."""
    async with read_only(session):
        repo = DrawViewRepository(session)
        total = await repo.count()
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(max(page, 1), pages)
        draws = await repo.newest((page - 1) * PAGE_SIZE, PAGE_SIZE)
        items = await repo.items([d.id for d in draws])
    listed = tuple(
        ListedDraw(d.id, d.code, d.status, tuple(c for c, _n in items.get(d.id, [])),
                   d.check_starts_on, d.check_ends_on, d.sample_size, d.created_at)
        for d in draws
    )  # fmt: skip
    return Listing(listed, total, page, pages)


async def target_draws(session: AsyncSession, uscc: str) -> list[TargetDraw]:
    """The draws a target was drawn in (newest first, at most TARGET_DRAWS), with its team."""
    async with read_only(session):
        return await read_target_draws(session, uscc)


async def read_target_draws(session: AsyncSession, uscc: str) -> list[TargetDraw]:
    """`target_draws` within the caller's transaction (the /target card's)."""
    repo = DrawViewRepository(session)
    found = await repo.of_target(uscc, TARGET_DRAWS)
    teams = await repo.members([task_id for _d, task_id in found])
    results = await ResultRepository(session).approved_of([task_id for _d, task_id in found])
    draws = []
    for d, task_id in found:
        codes, task = results.get(task_id, ([], None))
        draws.append(TargetDraw(d.id, d.code, d.status, d.check_starts_on, d.check_ends_on,
                                _members(teams.get(task_id, [])), tuple(codes),
                                task.checked_on if task else None))  # fmt: skip
    return draws


# --- the drawn list as a spreadsheet ---------------------------------------------------------

_BOLD = Font(bold=True)
_TEXT = "@"  # Excel's "Text" number format


def _cell(sheet: WriteOnlyWorksheet, text: str, bold: bool = False) -> Cell:
    # Text cells, as in the register exports: "=..." never becomes a formula, a USCC never a
    # number; XML cannot carry control characters, so they are left out.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    cell.number_format = _TEXT
    if bold:
        cell.font = _BOLD
    return cell


def _team_text(texts: Texts, team: Sequence[Member]) -> str:
    return texts.draw_list_separator.join(
        texts.drawn_xlsx_member.format(name=m.name, certificate=m.certificate)
        + (texts.drawn_xlsx_off_team[m.status.value] if m.off_team else "")
        for m in team
    )


def _xlsx(texts: Texts, code: str, draw_status: DrawStatus, rows: Sequence[DrawnRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(texts.drawn_xlsx_sheet)
    sheet.append([_cell(sheet, header, bold=True) for header in texts.drawn_xlsx_headers.values()])
    for row in rows:
        leaders = texts.draw_list_separator.join(
            m.name for m in row.team if m.leader and not m.off_team
        )
        status = texts.drawn_task_status.get(row.status.value, "") if row.status else ""
        if not any(not m.off_team for m in row.team):
            status = texts.drawn_xlsx_no_team
        values = [str(row.number), row.name, row.uscc, row.region, row.industry,
                  texts.stratum_names.get(row.stratum, row.stratum), _team_text(texts, row.team),
                  leaders, status]  # fmt: skip
        sheet.append([_cell(sheet, v) if v else None for v in values])
    sheet.append([])
    # A cancelled draw's list stays on record; the file says it was cancelled.
    status_name = texts.draw_status_names[draw_status.value]
    footer = texts.drawn_xlsx_footer.format(code=code, status=status_name)
    sheet.append([_cell(sheet, plain(footer))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class DrawnFile:
    code: str
    count: int  # drawn targets (rows)
    content: bytes  # the XLSX file

    @property
    def file_name(self) -> str:
        return re.sub(r"[\\/:*?\"<>|]", "_", self.code) + ".xlsx"


async def drawn_xlsx(
    session: AsyncSession, draw: DrawRef, texts: Texts, *, year: int | None = None
) -> DrawnFile:
    """The whole drawn list as an XLSX file, every cell text. The workbook is built in a
    worker thread, so other chats are not kept waiting."""
    async with read_only(session):
        repo = DrawViewRepository(session)
        found = await _find(repo, draw, year)
        sample: list[dict[str, Any]] = await repo.record_part(found.id, "sample") or []
        rows = await _rows(repo, found.id, sample, 1)
    content = await asyncio.to_thread(_xlsx, texts, found.code, found.status, rows)
    return DrawnFile(found.code, len(rows), content)
