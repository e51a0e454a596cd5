"""Bulk access to the registers, for imports, exports and browsing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Dialect,
    LargeBinary,
    Table,
    and_,
    func,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import (
    Base,
    Conflict,
    CreditClass,
    Department,
    InspectionItem,
    Inspector,
    Target,
)

#: Rows per statement: well under SQLite's 32,766 bound parameters.
CHUNK = 2000


@dataclass(frozen=True, slots=True)
class PreparedInsert:
    """Rows ready for one INSERT: plain tuples for a driver-level statement (SQLite), or
    dictionaries for SQLAlchemy (`statement` None)."""

    statement: str | None
    rows: list[Any]


class RegisterRepository:
    """Rows of one register table, addressed by their natural key."""

    def __init__(
        self,
        session: AsyncSession,
        model: type[Base],
        key: Sequence[InstrumentedAttribute[Any]],
    ) -> None:
        self._session = session
        self._model = model
        self._key = tuple(key)
        self._table = cast(Table, model.__table__)

    def _key_expr(self) -> ColumnElement[Any]:
        return self._key[0] if len(self._key) == 1 else tuple_(*self._key)  # type: ignore[return-value]

    async def stored(
        self, keys: Sequence[Any], fields: Sequence[str]
    ) -> dict[Any, tuple[int, tuple[Any, ...]]]:
        """For the rows with these keys: id and the values of `fields`, in the form that
        `comparable` gives (so that unchanged rows compare equal)."""
        connection = await self._session.connection()
        found: dict[Any, tuple[int, tuple[Any, ...]]] = {}
        if self._raw(connection):
            # Values as SQLite stores them: skips converting every stored value back to
            # Python (a re-import of a million rows compares them all).
            names = ", ".join(f'"{f}"' for f in fields)
            key = self._key[0].key
            for start in range(0, len(keys), CHUNK):
                part = list(keys[start : start + CHUNK])
                marks = ", ".join("?" * len(part))
                result = await connection.exec_driver_sql(
                    f'SELECT id, "{key}", {names} FROM "{self._table.name}" '
                    f'WHERE "{key}" IN ({marks})',
                    tuple(part),
                )
                for raw in result:
                    cells: list[Any] = list(raw)
                    found[cells[1]] = (cells[0], tuple(cells[2:]))
            return found
        columns = [self._table.c.id, *(self._table.c[f] for f in fields)]
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            rows = await self._session.execute(select(*columns).where(self._key_expr().in_(chunk)))
            for mapping in rows.mappings():
                key_values = tuple(mapping[k.key] for k in self._key)
                found[key_values[0] if len(key_values) == 1 else key_values] = (
                    mapping["id"],
                    tuple(mapping[f] for f in fields),
                )
        return found

    async def comparable(
        self, fields: Sequence[str]
    ) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        """A function giving a row's `fields` in the same form as `stored` returns them."""
        connection = await self._session.connection()
        if not self._raw(connection):
            return lambda values: tuple(values[f] for f in fields)
        dialect = connection.dialect
        processors = [self._table.c[f].type._cached_bind_processor(dialect) for f in fields]
        pairs = list(zip(fields, processors, strict=True))
        return lambda values: tuple(p(values[f]) if p else values[f] for f, p in pairs)

    def _raw(self, connection: AsyncConnection) -> bool:
        return connection.dialect.name == "sqlite" and len(self._key) == 1

    async def any(self) -> bool:
        return await self._session.scalar(select(self._table.c.id).limit(1)) is not None

    async def dialect(self) -> Dialect:
        return (await self._session.connection()).dialect

    def prepare_insert(
        self, dialect: Dialect, rows: list[dict[str, Any]], constants: dict[str, Any]
    ) -> PreparedInsert:
        """`rows`, each with the column values in `constants` too, ready to insert. Pure CPU
        work (no database), so an import does it before it takes the write lock."""
        if not rows or dialect.name != "sqlite":
            return PreparedInsert(None, [row | constants for row in rows])
        # A million-row import spends most of its time in SQLAlchemy's per-row parameter
        # handling. Do the same conversions (the types' own bind processors), a column at a
        # time, and hand SQLite plain tuples.
        columns = [c for c in self._table.columns if not c.primary_key]
        compiled = self._table.insert().compile(
            dialect=dialect, column_keys=[c.name for c in columns]
        )
        present = rows[0].keys()  # every row of a chunk has the same keys
        values_by_column: list[list[Any]] = []
        for name in compiled.positiontup or []:
            column = self._table.c[name]
            # Binary values stay bytes (SQLite takes them as they are; they must be picklable).
            process = (
                None
                if isinstance(column.type, LargeBinary)
                else column.type._cached_bind_processor(dialect)
            )
            if name in present and name not in constants:
                values = [row[name] for row in rows]
                values_by_column.append(list(map(process, values)) if process else values)
                continue
            # One value for the whole column (a constant or the column default): convert once.
            if name in constants:
                value = constants[name]
            elif (default := column.default) is not None:
                value = default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
            else:
                value = None
            values_by_column.append([process(value) if process else value] * len(rows))
        return PreparedInsert(compiled.string, list(zip(*values_by_column, strict=True)))

    async def insert_prepared(self, prepared: PreparedInsert) -> None:
        if not prepared.rows:
            return
        if prepared.statement is None:
            await self._session.execute(self._table.insert(), prepared.rows)
            return
        connection = await self._session.connection()
        await connection.exec_driver_sql(prepared.statement, prepared.rows)

    async def insert(self, rows: list[dict[str, Any]], constants: dict[str, Any]) -> None:
        """Insert `rows`, each with the column values in `constants` too."""
        await self.insert_prepared(self.prepare_insert(await self.dialect(), rows, constants))

    async def update(self, rows: list[dict[str, Any]]) -> None:
        """Rows carry their primary key as `id` and every column to set."""
        if rows:
            await self._session.execute(update(self._model), rows)

    async def active_after(self, last_id: int, limit: int) -> list[tuple[int, Any]]:
        """(id, key) of active rows with id > last_id, in id order: a cursor over big tables."""
        rows = await self._session.execute(
            select(self._table.c.id, *self._key)
            .where(self._table.c.active.is_(True), self._table.c.id > last_id)
            .order_by(self._table.c.id)
            .limit(limit)
        )
        out: list[tuple[int, Any]] = []
        for row in rows:
            key = tuple(row[1:])
            out.append((row[0], key[0] if len(key) == 1 else key))
        return out

    async def deactivate(self, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), CHUNK):
            await self._session.execute(
                update(self._table)
                .where(self._table.c.id.in_(ids[start : start + CHUNK]))
                .values(active=False)
            )


class DepartmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_name(self) -> dict[str, int]:
        rows = await self._session.execute(select(Department.name, Department.id))
        return {row.name: row.id for row in rows}

    async def create(self, name: str) -> int:
        department = Department(code=name[:32], name=name)
        self._session.add(department)
        await self._session.flush()
        return department.id


@dataclass(frozen=True, slots=True)
class TargetQuery:
    """A search of the targets register: every word must match somewhere, filters narrow."""

    words: tuple[str, ...] = ()
    credit: CreditClass | None = None
    blacklisted: bool = False
    abnormal: bool = False
    include_inactive: bool = False


class BrowseRepository:
    """Read-only queries for people browsing the registers."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @staticmethod
    def _condition(query: TargetQuery) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        if not query.include_inactive:
            conditions.append(Target.active.is_(True))
        for word in query.words:
            columns = (Target.name, Target.region, Target.industry, Target.address)
            matches = [c.contains(word, autoescape=True) for c in columns]
            matches.append(Target.uscc.contains(word.upper(), autoescape=True))
            conditions.append(or_(*matches))
        if query.credit is not None:
            conditions.append(Target.credit_class == query.credit)
        if query.blacklisted:
            conditions.append(Target.blacklisted.is_(True))
        if query.abnormal:
            conditions.append(Target.abnormal_listed.is_(True))
        return and_(true(), *conditions)

    async def count_targets(self, query: TargetQuery) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(Target).where(self._condition(query))
        )
        return int(total or 0)

    async def search_targets(self, query: TargetQuery, offset: int, limit: int) -> list[Target]:
        rows = await self._session.scalars(
            select(Target)
            .where(self._condition(query))
            # name_sort (GB18030 bytes) is pinyin order for common characters.
            .order_by(Target.name_sort.is_(None), Target.name_sort, Target.id)
            .offset(offset)
            .limit(limit)
        )
        return list(rows)

    async def target(self, uscc: str) -> Target | None:
        return await self._session.scalar(select(Target).where(Target.uscc == uscc))


class ExportRepository:
    """Register rows with their departments' names: for exports, and for listing them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def targets(self, after_id: int, limit: int) -> list[Target]:
        rows = await self._session.scalars(
            select(Target)
            .where(Target.active.is_(True), Target.id > after_id)
            .order_by(Target.id)
            .limit(limit)
        )
        return list(rows)

    async def items(self) -> list[tuple[InspectionItem, str | None]]:
        rows = await self._session.execute(
            select(InspectionItem, Department.name)
            .outerjoin(Department, Department.id == InspectionItem.department_id)
            .where(InspectionItem.active.is_(True))
            .order_by(InspectionItem.code)
        )
        return list(rows.all())

    async def inspectors(self) -> list[tuple[Inspector, str | None]]:
        rows = await self._session.execute(
            select(Inspector, Department.name)
            .outerjoin(Department, Department.id == Inspector.department_id)
            .order_by(Inspector.id)
        )
        return list(rows.all())

    async def conflicts(self) -> list[tuple[str, str, str]]:
        rows = await self._session.execute(
            select(Inspector.certificate_no, Target.uscc, Conflict.reason)
            .join(Inspector, Inspector.id == Conflict.inspector_id)
            .join(Target, Target.id == Conflict.target_id)
            .where(Conflict.active.is_(True))
            .order_by(Conflict.id)
        )
        return list(rows.all())
