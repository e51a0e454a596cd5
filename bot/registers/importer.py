"""Importing a register file: validate every row, write all of it or nothing.

One pass over the file inside one transaction. Rows are parsed and checked in chunks; as long
as no error was found, each chunk is written (insert new keys, update changed rows). At the end
rows missing from the file are deactivated (never deleted: they may have history), and the
transaction commits — or, if any row had an error, rolls back, so a bad file changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.registers.reader import FileProblem, Table, open_table
from bot.registers.report import ImportReport
from bot.registers.schema import REGISTERS, Register
from bot.registers.values import Invalid, Problem, parser_for
from bot.services import audit
from storage.models import Base, Conflict, InspectionItem, Inspector, Target
from storage.repositories.registers import DepartmentRepository, RegisterRepository
from storage.types import utcnow

log = logging.getLogger(__name__)

CHUNK = 2000


@dataclass
class _Row:
    number: int
    values: dict[str, Any]  # model column -> value
    key: Any


@dataclass
class _Context:
    session: AsyncSession
    report: ImportReport
    today: date
    headers: dict[str, str]  # field -> header as in the file
    had_rows: bool = True  # the table had rows before this import
    seen: dict[Any, int] = field(default_factory=dict)  # key -> first row number
    cache: dict[str, Any] = field(default_factory=dict)


class _Adapter:
    """How one register maps onto its table. Subclasses add relations and extra checks."""

    model: type[Base]
    key: tuple[InstrumentedAttribute[Any], ...]
    #: Timestamp columns set on insert and on update.
    inserted_stamps: tuple[str, ...] = ("created_at", "updated_at")
    #: True when table keys are resolved from the file's (ids instead of numbers and codes).
    resolved_keys = False
    #: Whether `resolve` queries the database (then writes cannot overlap with parsing).
    resolve_uses_database = True
    updated_stamps: tuple[str, ...] = ("updated_at",)

    def __init__(self, register: Register) -> None:
        self.register = register

    async def prepare(self, ctx: _Context) -> None:
        """Load what the checks need (small registers load their neighbours whole)."""

    async def resolve(
        self, ctx: _Context, number: int, record: dict[str, Any], key: Any
    ) -> _Row | None:
        """Model values of one valid record, or None after reporting why not."""
        return _Row(number, record, key)

    def key_of(self, record: dict[str, Any]) -> Any:
        if len(self.key) == 1:
            return record[self.key[0].key]
        return tuple(record[k.key] for k in self.key)


class _Targets(_Adapter):
    resolve_uses_database = False
    model = Target
    key = (Target.uscc,)


class _WithDepartment(_Adapter):
    async def prepare(self, ctx: _Context) -> None:
        ctx.cache["departments"] = await DepartmentRepository(ctx.session).by_name()

    async def department_id(self, ctx: _Context, name: str) -> int | None:
        if not name:
            return None
        departments: dict[str, int] = ctx.cache["departments"]
        if name not in departments:
            departments[name] = await DepartmentRepository(ctx.session).create(name)
        return departments[name]

    async def resolve(
        self, ctx: _Context, number: int, record: dict[str, Any], key: Any
    ) -> _Row | None:
        values = dict(record)
        if "department" in values:  # a missing column changes nothing
            values["department_id"] = await self.department_id(ctx, values.pop("department"))
        return _Row(number, values, key)


class _Items(_WithDepartment):
    model = InspectionItem
    key = (InspectionItem.code,)


class _Inspectors(_WithDepartment):
    model = Inspector
    key = (Inspector.certificate_no,)

    async def prepare(self, ctx: _Context) -> None:
        await super().prepare(ctx)
        rows = await ctx.session.execute(
            select(
                Inspector.certificate_no,
                Inspector.staff_no,
                Inspector.phone,
                Inspector.name,
                Inspector.active,
            )
        )
        existing = list(rows.all())
        ctx.cache["staff"] = {s: (c, n) for c, s, _p, n, _a in existing if s}
        # A phone binds an account, so it must point at one person; someone who has left
        # (inactive) may pass their number on.
        ctx.cache["phones"] = {p: (c, n) for c, _s, p, n, a in existing if p and a}
        ctx.cache["file_staff"] = {}
        ctx.cache["file_phones"] = {}

    async def resolve(
        self, ctx: _Context, number: int, record: dict[str, Any], key: Any
    ) -> _Row | None:
        cert = record["certificate_no"]
        ok = True
        for field_name, cache, file_cache in (
            ("staff_no", "staff", "file_staff"),
            ("phone", "phones", "file_phones"),
        ):
            value = record.get(field_name) or None
            if value is None:
                continue
            header = ctx.headers.get(field_name)
            earlier = ctx.cache[file_cache].setdefault(value, number)
            holder = ctx.cache[cache].get(value)
            if earlier != number:
                ctx.report.error(number, header, Problem.of("duplicate", row=earlier))
                ok = False
            elif holder is not None and holder[0] != cert:
                ctx.report.error(
                    number, header, Problem.of("taken", name=holder[1], certificate=holder[0])
                )
                ok = False
        expires = record.get("certificate_expires_on")
        if expires is None:
            ctx.report.warn(number, ctx.headers.get("certificate_expires_on"),
                            Problem.of("no_expiry"))  # fmt: skip
        elif expires < ctx.today:
            ctx.report.warn(number, ctx.headers.get("certificate_expires_on"),
                            Problem.of("expired", date=expires.isoformat()))  # fmt: skip
        if not ok:
            return None
        row = await super().resolve(ctx, number, record, key)
        if row is not None and not row.values.get("staff_no"):
            row.values["staff_no"] = None  # unique column: empty means "none", not ""
        return row


class _Conflicts(_Adapter):
    model = Conflict
    key = (Conflict.inspector_id, Conflict.target_id)
    inserted_stamps = ("declared_at",)
    updated_stamps = ()
    resolved_keys = True

    async def prepare(self, ctx: _Context) -> None:
        rows = await ctx.session.execute(select(Inspector.certificate_no, Inspector.id))
        ctx.cache["inspectors"] = dict(rows.all())

    async def resolve(
        self, ctx: _Context, number: int, record: dict[str, Any], key: Any
    ) -> _Row | None:
        inspector_id = ctx.cache["inspectors"].get(record["certificate_no"])
        target_id = await ctx.session.scalar(select(Target.id).where(Target.uscc == record["uscc"]))
        if inspector_id is None:
            problem = Problem.of("unknown_inspector", value=record["certificate_no"])
            ctx.report.error(number, ctx.headers["certificate_no"], problem)
        if target_id is None:
            problem = Problem.of("unknown_target", value=record["uscc"])
            ctx.report.error(number, ctx.headers["uscc"], problem)
        if inspector_id is None or target_id is None:
            return None
        values = {"inspector_id": inspector_id, "target_id": target_id, "reason": record["reason"]}
        return _Row(number, values, (inspector_id, target_id))

    def key_of(self, record: dict[str, Any]) -> Any:
        return (record["certificate_no"], record["uscc"])


ADAPTERS: dict[str, type[_Adapter]] = {
    "targets": _Targets,
    "items": _Items,
    "inspectors": _Inspectors,
    "conflicts": _Conflicts,
}


async def import_file(
    session: AsyncSession,
    register_name: str,
    path: Path,
    *,
    actor: int | None,
    today: date,
) -> ImportReport:
    """Import `path` into a register in one transaction; see the module docstring."""
    register = REGISTERS[register_name]
    adapter = ADAPTERS[register_name](register)
    report = ImportReport(register_name)
    try:
        table = open_table(path, register)
    except FileProblem as exc:
        report.error(None, None, Problem.of(exc.code, **exc.params))
        return report
    if table.unknown_headers:
        ignored = "、".join(table.unknown_headers)
        report.warn(table.header_row, None, Problem.of("unknown_columns", columns=ignored))
    headers = {column.field: column.header for column in table.columns.values()}
    await session.rollback()  # start from a clean transaction of our own
    async with session.begin() as transaction:
        ctx = _Context(session, report, today, headers)
        await adapter.prepare(ctx)
        try:
            await _run(ctx, adapter, table)
        except FileProblem as exc:
            report.error(None, None, Problem.of(exc.code, **exc.params))
        except IntegrityError as exc:
            log.warning("import of %s hit a database constraint: %s", register_name, exc)
            report.error(None, None, Problem.of("constraint"))
        if report.rows == 0 and report.ok:
            report.error(None, None, Problem.of("empty"))
        if not report.ok:
            await transaction.rollback()
            report.added = report.updated = report.unchanged = report.deactivated = 0
            return report
        await audit.record(
            session,
            actor,
            "import",
            entity=register_name,
            details={
                "file": path.name,
                "rows": report.rows,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "deactivated": report.deactivated,
            },
        )
    return report


async def _run(ctx: _Context, adapter: _Adapter, table: Table) -> None:
    repo = RegisterRepository(ctx.session, adapter.model, adapter.key)
    ctx.had_rows = await repo.any()
    parsers = [(i, c.field, parser_for(c)) for i, c in table.columns.items()]
    chunk: list[_Row] = []
    writing: asyncio.Task[None] | None = None
    # Keys of the rows in the file, as the table knows them (for deactivating the others).
    file_keys: set[Any] | dict[Any, int] = set() if adapter.resolved_keys else ctx.seen
    try:
        for number, cells in table.rows:
            ctx.report.rows += 1
            if len(cells) < table.width:
                # Usually a file cut short (a truncated download or copy); say so.
                short = Problem.of("short_row", cells=len(cells), columns=table.width)
                ctx.report.warn(number, None, short)
            if writing is not None and ctx.report.rows % 100 == 0:
                await asyncio.sleep(0)  # let the pending write move on to its next statement
            record = _parse_row(ctx, parsers, number, cells)
            if record is None:
                continue
            key = adapter.key_of(record)
            first = ctx.seen.setdefault(key, number)
            if first != number:
                header = ctx.headers[adapter.register.key[0]]
                ctx.report.error(number, header, Problem.of("duplicate", row=first))
                continue
            row = await adapter.resolve(ctx, number, record, key)
            if row is None:
                continue
            if isinstance(file_keys, set):
                file_keys.add(row.key)
            chunk.append(row)
            if len(chunk) >= CHUNK:
                if adapter.resolve_uses_database:
                    await _write(ctx, adapter, repo, chunk)
                else:
                    # SQLite works in its own thread: let it write this chunk while we parse the
                    # next one. The session is only ever used by one of the two at a time.
                    if writing is not None:
                        await writing
                    writing = asyncio.create_task(_write(ctx, adapter, repo, chunk))
                chunk = []
    except BaseException:
        if writing is not None:  # never leave a write running on a failed import
            with contextlib.suppress(Exception):
                await writing
        raise
    if writing is not None:
        await writing
    await _write(ctx, adapter, repo, chunk)
    if ctx.report.ok:
        await _deactivate_missing(ctx, repo, file_keys)


def _parse_row(ctx: _Context, parsers: list[tuple[int, str, Any]], number: int,
               cells: list[Any]) -> dict[str, Any] | None:  # fmt: skip
    record: dict[str, Any] = {}
    valid = True
    width = len(cells)
    for index, field_name, parse_cell in parsers:
        try:
            record[field_name] = parse_cell(cells[index] if index < width else None)
        except Invalid as exc:
            ctx.report.error(number, ctx.headers[field_name], exc.problem)
            valid = False
    return record if valid else None


async def _write(
    ctx: _Context, adapter: _Adapter, repo: RegisterRepository, rows: list[_Row]
) -> None:
    if not rows or not ctx.report.ok:
        return  # once an error is found nothing will be kept; only keep validating
    fields = list(dict.fromkeys([*rows[0].values, "active"]))
    # Into an empty table (a first import) every row is new: no need to look any up.
    stored = await repo.stored([r.key for r in rows], fields) if ctx.had_rows else {}
    comparable = await repo.comparable(fields)
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        current = stored.get(row.key)
        if current is None:
            inserts.append(row.values)
            continue
        wanted = {"active": True, **row.values}
        if comparable(wanted) != current[1]:
            stamps = dict.fromkeys(adapter.updated_stamps, now)
            updates.append({"id": current[0], **wanted, **stamps})
        else:
            ctx.report.unchanged += 1
    # Same for every new row: given once, not copied into each.
    constants: dict[str, Any] = dict.fromkeys(adapter.inserted_stamps, now)
    if "active" not in rows[0].values:
        constants["active"] = True
    await repo.insert(inserts, constants)
    await repo.update(updates)
    ctx.report.added += len(inserts)
    ctx.report.updated += len(updates)


async def _deactivate_missing(
    ctx: _Context, repo: RegisterRepository, keys: set[Any] | dict[Any, int]
) -> None:
    last_id = 0
    while batch := await repo.active_after(last_id, 10_000):
        last_id = batch[-1][0]
        gone = [row_id for row_id, key in batch if key not in keys]
        await repo.deactivate(gone)
        ctx.report.deactivated += len(gone)
