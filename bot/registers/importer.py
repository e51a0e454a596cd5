"""Importing a register file: validate every row, then write all of it or nothing.

Two phases, so that the database's write lock is held only while writing:

1. **Validate.** The file is read, parsed and checked chunk by chunk in a worker thread, so
   the event loop stays free for every other chat. Each chunk is compared with the stored rows
   in a short read transaction, and what must be inserted or updated is spooled to a temporary
   file. Nothing is written, and all errors of every row are collected.
2. **Write.** Only if no row had an error: one write transaction creates new departments,
   applies the spool, deactivates rows missing from the file if (and only if) the caller asked
   for it, writes the audit entry and finishes the job. A crash anywhere leaves the register as
   it was.

Rows of the register that are missing from the file are counted (`report.missing`) and left
alone unless `deactivate_missing` is set: a partial file only adds and updates. Rows the file
brings back after they were deactivated are counted as reactivated, not updated.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Dialect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.registers.reader import FileProblem, Table, open_table
from bot.registers.report import ImportReport
from bot.registers.schema import REGISTERS, Register, is_example_row
from bot.registers.values import Invalid, Problem, parser_for
from bot.services import audit, jobs
from storage.database import read_only
from storage.models import Base, Conflict, InspectionItem, Inspector, JobStatus, Target
from storage.repositories.registers import (
    DepartmentRepository,
    PreparedInsert,
    RegisterRepository,
)
from storage.types import utcnow

log = logging.getLogger(__name__)

CHUNK = 2000
#: Key in spooled rows for a department that does not exist yet (created in the write phase).
_NEW_DEPARTMENT = "__new_department"

Parser = Callable[[Any], Any]


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
    #: The import's timestamp (created_at / updated_at of what it writes).
    now: datetime = field(default_factory=utcnow)
    dialect: Dialect | None = None
    seen: dict[Any, int] = field(default_factory=dict)  # key -> first row number
    cache: dict[str, Any] = field(default_factory=dict)
    new_departments: set[str] = field(default_factory=set)


class _Adapter:
    """How one register maps onto its table. Subclasses add relations and extra checks."""

    model: type[Base]
    key: tuple[InstrumentedAttribute[Any], ...]
    #: Timestamp columns set on insert and on update.
    inserted_stamps: tuple[str, ...] = ("created_at", "updated_at")
    updated_stamps: tuple[str, ...] = ("updated_at",)
    #: True when table keys are resolved from the file's (ids instead of numbers and codes).
    resolved_keys = False
    #: New rows can be turned into INSERT parameters before the write phase (they need no
    #: department created first), which keeps the write lock short for big registers.
    prepare_early = True

    def __init__(self, register: Register) -> None:
        self.register = register

    async def prepare(self, ctx: _Context) -> None:
        """Load what the checks need (in a read transaction of the caller's)."""

    def check(self, ctx: _Context, number: int, record: dict[str, Any]) -> bool:
        """Checks beyond single cells (runs in the worker thread, so no database). `record`
        holds the cells that parsed; False after reporting an error."""
        return True

    def values(self, ctx: _Context, record: dict[str, Any]) -> dict[str, Any]:
        """Model column values of a valid record (runs in the worker thread)."""
        return record

    async def resolve(self, ctx: _Context, rows: list[_Row]) -> list[_Row]:
        """Database look-ups for a chunk (in a read transaction); drops rows with errors."""
        return rows

    def key_of(self, record: dict[str, Any]) -> Any:
        names = [k.key for k in self.key]
        if any(name not in record for name in names):
            return None  # a key cell did not parse
        return record[names[0]] if len(names) == 1 else tuple(record[n] for n in names)


class _Targets(_Adapter):
    model = Target
    key = (Target.uscc,)

    def values(self, ctx: _Context, record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "name_sort": record["name"].encode("gb18030", errors="replace")}


class _WithDepartment(_Adapter):
    prepare_early = False

    async def prepare(self, ctx: _Context) -> None:
        ctx.cache["departments"] = await DepartmentRepository(ctx.session).by_name()

    def values(self, ctx: _Context, record: dict[str, Any]) -> dict[str, Any]:
        values = dict(record)
        if "department" not in values:  # a missing column changes nothing
            return values
        name = values.pop("department")
        known: dict[str, int] = ctx.cache["departments"]
        values["department_id"] = known.get(name) if name else None
        if name and name not in known:
            ctx.new_departments.add(name)
            values[_NEW_DEPARTMENT] = name
        return values


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

    def check(self, ctx: _Context, number: int, record: dict[str, Any]) -> bool:
        cert = record.get("certificate_no")
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
        if "certificate_expires_on" in ctx.headers and "certificate_expires_on" in record:
            expires = record["certificate_expires_on"]
            header = ctx.headers["certificate_expires_on"]
            if expires is None:
                ctx.report.warn(number, header, Problem.of("no_expiry"))
            elif expires < ctx.today:
                ctx.report.warn(number, header, Problem.of("expired", date=expires.isoformat()))
        return ok

    def values(self, ctx: _Context, record: dict[str, Any]) -> dict[str, Any]:
        values = super().values(ctx, record)
        if not values.get("staff_no"):
            values["staff_no"] = None  # unique column: empty means "none", not ""
        return values


class _Conflicts(_Adapter):
    model = Conflict
    key = (Conflict.inspector_id, Conflict.target_id)
    inserted_stamps = ("declared_at",)
    updated_stamps = ()
    resolved_keys = True

    async def prepare(self, ctx: _Context) -> None:
        rows = await ctx.session.execute(select(Inspector.certificate_no, Inspector.id))
        ctx.cache["inspectors"] = dict(rows.all())

    def key_of(self, record: dict[str, Any]) -> Any:
        if "certificate_no" not in record or "uscc" not in record:
            return None
        return (record["certificate_no"], record["uscc"])

    async def resolve(self, ctx: _Context, rows: list[_Row]) -> list[_Row]:
        usccs = list({row.values["uscc"] for row in rows})
        found = await ctx.session.execute(
            select(Target.uscc, Target.id).where(Target.uscc.in_(usccs))
        )
        targets = dict(found.all())
        inspectors: dict[str, int] = ctx.cache["inspectors"]
        kept: list[_Row] = []
        for row in rows:
            cert, uscc = row.values["certificate_no"], row.values["uscc"]
            inspector_id, target_id = inspectors.get(cert), targets.get(uscc)
            if inspector_id is None:
                problem = Problem.of("unknown_inspector", value=cert)
                ctx.report.error(row.number, ctx.headers["certificate_no"], problem)
            if target_id is None:
                problem = Problem.of("unknown_target", value=uscc)
                ctx.report.error(row.number, ctx.headers["uscc"], problem)
            if inspector_id is None or target_id is None:
                continue
            values = {"inspector_id": inspector_id, "target_id": target_id,
                      "reason": row.values["reason"]}  # fmt: skip
            kept.append(_Row(row.number, values, (inspector_id, target_id)))
        return kept


ADAPTERS: dict[str, type[_Adapter]] = {
    "targets": _Targets,
    "items": _Items,
    "inspectors": _Inspectors,
    "conflicts": _Conflicts,
}


#: New rows of a chunk: ready INSERT parameters, or dictionaries still to be completed.
_Inserts = PreparedInsert | list[dict[str, Any]]


class _Spool:
    """What the write phase will do, chunk by chunk, in a temporary file (bounded memory)."""

    def __init__(self) -> None:
        # Lives across the two phases; `close` ends it (import_file's finally).
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.chunks = 0

    def add(self, inserts: _Inserts, updates: list[dict[str, Any]]) -> None:
        if inserts or updates:
            pickle.dump((inserts, updates), self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self.chunks += 1

    def __iter__(self) -> Iterator[tuple[_Inserts, list[dict[str, Any]]]]:
        self._file.seek(0)
        for _ in range(self.chunks):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


async def import_file(
    session: AsyncSession,
    register_name: str,
    path: Path,
    *,
    actor: int | None,
    today: date,
    deactivate_missing: bool = False,
    job_id: int | None = None,
) -> ImportReport:
    """Import `path` into a register; see the module docstring. Finishes `job_id` if given."""
    register = REGISTERS[register_name]
    adapter = ADAPTERS[register_name](register)
    report = ImportReport(register_name)
    spool = _Spool()
    try:
        await session.rollback()  # start from a clean slate of our own
        missing: list[int] = []
        now = utcnow()
        try:
            table = await asyncio.to_thread(open_table, path, register)
            missing = await _validate(session, report, adapter, table, today, spool, now)
        except FileProblem as exc:
            report.error(None, None, Problem.of(exc.code, **exc.params))
        if report.rows == 0 and report.ok:
            report.error(None, None, Problem.of("empty"))
        report.missing = len(missing)
        if report.ok:
            await _write(session, report, adapter, spool, missing if deactivate_missing else [],
                         actor=actor, file=path.name, job_id=job_id, now=now)  # fmt: skip
    finally:
        spool.close()
    if not report.ok:
        report.added = report.updated = report.unchanged = report.reactivated = 0
        report.deactivated = 0
        if job_id is not None:
            async with session.begin():
                await jobs.finish(session, job_id, JobStatus.FAILED, _summary(report))
    return report


async def _validate(
    session: AsyncSession,
    report: ImportReport,
    adapter: _Adapter,
    table: Table,
    today: date,
    spool: _Spool,
    now: datetime,
) -> list[int]:
    """Phase 1: check every row, spool the changes; returns the ids of rows missing from
    the file (only meaningful when the report is ok)."""
    headers = {column.field: column.header for column in table.columns.values()}
    ctx = _Context(session, report, today, headers, now=now)
    if table.unknown_headers:
        ignored = "、".join(table.unknown_headers)
        report.warn(table.header_row, None, Problem.of("unknown_columns", columns=ignored))
    repo = RegisterRepository(session, adapter.model, adapter.key)
    async with read_only(session):
        await adapter.prepare(ctx)
        ctx.had_rows = await repo.any()
        ctx.dialect = await repo.dialect()
    parsers = [(i, c.field, parser_for(c)) for i, c in table.columns.items()]
    # Keys of the rows in the file, as the table knows them (to find the missing ones).
    file_keys: set[Any] = set()
    rows_left = iter(table.rows)
    while True:
        chunk, done = await asyncio.to_thread(_parse_chunk, ctx, adapter, parsers, table,
                                              rows_left)  # fmt: skip
        if chunk and report.ok:
            # After the first error nothing will be written: only keep validating.
            async with read_only(session):
                chunk = await adapter.resolve(ctx, chunk)
                if adapter.resolved_keys:
                    file_keys.update(row.key for row in chunk)
                if report.ok:
                    await _diff(ctx, adapter, repo, chunk, spool)
        if done:
            break
    if not report.ok or not ctx.had_rows:
        return []
    keys = file_keys if adapter.resolved_keys else ctx.seen
    missing: list[int] = []
    last_id = 0
    while True:
        async with read_only(session):
            batch = await repo.active_after(last_id, 10_000)
        if not batch:
            return missing
        last_id = batch[-1][0]
        missing += [row_id for row_id, key in batch if key not in keys]


def _parse_chunk(
    ctx: _Context,
    adapter: _Adapter,
    parsers: list[tuple[int, str, Parser]],
    table: Table,
    rows: Iterator[tuple[int, list[Any]]],
) -> tuple[list[_Row], bool]:
    """Up to CHUNK valid rows from `rows`, and whether the file is exhausted (worker thread)."""
    report = ctx.report
    key_header = ctx.headers[adapter.register.key[0]]
    chunk: list[_Row] = []
    for number, cells in rows:
        report.rows += 1
        if len(cells) < table.width:
            # Usually a file cut short (a truncated download or copy); say so.
            short = Problem.of("short_row", cells=len(cells), columns=table.width)
            report.warn(number, None, short)
        record, valid = _parse_row(ctx, parsers, number, cells)
        if is_example_row(adapter.register, record):
            # The template's example left in place: its key must never overwrite real data.
            report.error(number, None, Problem.of("example_row"))
            valid = False
        # Every error of a row is reported in one run, not only the first one found.
        key = adapter.key_of(record)
        if key is not None:
            first = ctx.seen.setdefault(key, number)
            if first != number:
                report.error(number, key_header, Problem.of("duplicate", row=first))
                valid = False
        valid = adapter.check(ctx, number, record) and valid
        if valid:
            chunk.append(_Row(number, adapter.values(ctx, record), key))
            if len(chunk) >= CHUNK:
                return chunk, False
    return chunk, True


def _parse_row(
    ctx: _Context, parsers: list[tuple[int, str, Parser]], number: int, cells: list[Any]
) -> tuple[dict[str, Any], bool]:
    record: dict[str, Any] = {}
    valid = True
    width = len(cells)
    for index, field_name, parse_cell in parsers:
        try:
            record[field_name] = parse_cell(cells[index] if index < width else None)
        except Invalid as exc:
            ctx.report.error(number, ctx.headers[field_name], exc.problem)
            valid = False
    return record, valid


async def _diff(
    ctx: _Context, adapter: _Adapter, repo: RegisterRepository, rows: list[_Row], spool: _Spool
) -> None:
    """Compare a chunk with the stored rows; spool inserts and updates (read transaction)."""
    if not rows:
        return
    fields = [f for f in dict.fromkeys([*rows[0].values, "active"]) if f != _NEW_DEPARTMENT]
    # Into an empty table (a first import) every row is new: no need to look any up.
    stored = await repo.stored([r.key for r in rows], fields) if ctx.had_rows else {}
    comparable = await repo.comparable(fields)
    active_at = fields.index("active")
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    report = ctx.report
    for row in rows:
        current = stored.get(row.key)
        if current is None:
            inserts.append(row.values)
            continue
        wanted = {"active": True, **row.values}
        if _NEW_DEPARTMENT in wanted or comparable(wanted) != current[1]:
            updates.append({"id": current[0], **wanted})
            if not current[1][active_at] and wanted["active"]:
                report.reactivated += 1
            else:
                report.updated += 1
        else:
            report.unchanged += 1
    report.added += len(inserts)
    if adapter.prepare_early and inserts:
        assert ctx.dialect is not None
        constants = _constants(adapter, inserts, ctx.now)
        prepared = await asyncio.to_thread(repo.prepare_insert, ctx.dialect, inserts, constants)
        spool.add(prepared, updates)
    else:
        spool.add(inserts, updates)


def _constants(adapter: _Adapter, inserts: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """Column values the same for every new row: given once, not copied into each."""
    constants: dict[str, Any] = dict.fromkeys(adapter.inserted_stamps, now)
    if "active" not in inserts[0]:
        constants["active"] = True
    return constants


async def _write(
    session: AsyncSession,
    report: ImportReport,
    adapter: _Adapter,
    spool: _Spool,
    deactivate: list[int],
    *,
    actor: int | None,
    file: str,
    job_id: int | None,
    now: datetime,
) -> None:
    """Phase 2: everything in one write transaction, or nothing."""
    repo = RegisterRepository(session, adapter.model, adapter.key)
    try:
        async with session.begin():
            departments = DepartmentRepository(session)
            known = await departments.by_name()
            stamps = dict.fromkeys(adapter.updated_stamps, now)
            for inserts, updates in spool:
                pending = [] if isinstance(inserts, PreparedInsert) else inserts
                for values in (*pending, *updates):
                    name = values.pop(_NEW_DEPARTMENT, None)
                    if name is not None:
                        if name not in known:
                            known[name] = await departments.create(name)
                        values["department_id"] = known[name]
                if isinstance(inserts, PreparedInsert):
                    await repo.insert_prepared(inserts)
                elif inserts:
                    await repo.insert(inserts, _constants(adapter, inserts, now))
                await repo.update([{**values, **stamps} for values in updates])
            await repo.deactivate(deactivate)
            report.deactivated = len(deactivate)
            report.missing -= len(deactivate)
            await audit.record(
                session, actor, "import", entity=report.register,
                details={"file": file, **_summary(report)},
            )  # fmt: skip
            if job_id is not None:
                await jobs.finish(session, job_id, JobStatus.DONE, _summary(report))
    except IntegrityError as exc:
        log.warning("import of %s hit a database constraint: %s", report.register, exc)
        report.error(None, None, Problem.of("constraint"))


def _summary(report: ImportReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "added": report.added,
        "updated": report.updated,
        "reactivated": report.reactivated,
        "unchanged": report.unchanged,
        "deactivated": report.deactivated,
        "missing": report.missing,
        "errors": report.error_count,
    }
