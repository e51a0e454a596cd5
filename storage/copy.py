"""Copy one SpotCheck database into another (say, SQLite into PostgreSQL), keeping every id.

The target is migrated first and must hold no data; every table is copied in dependency
order, in batches, in one transaction (all or nothing); PostgreSQL's sequences are then moved
past the copied ids. Stored media paths are relative to MEDIA_DIR and are copied as they are.
"""

from __future__ import annotations

import logging

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database
from storage.models import Base

log = logging.getLogger(__name__)

BATCH = 2000


class TargetNotEmpty(Exception):
    def __init__(self, tables: list[str]) -> None:
        super().__init__(f"the target database already holds data (in {', '.join(tables)})")
        self.tables = tables


async def copy_database(source: Database, target: Database, batch: int = BATCH) -> dict[str, int]:
    """Rows copied per table. Raises TargetNotEmpty (nothing is written then)."""
    await source.migrate()  # both at the same schema (the bot would migrate at start anyway)
    await target.migrate()
    tables = Base.metadata.sorted_tables
    copied: dict[str, int] = {}
    async with source.engine.connect() as src, target.engine.begin() as dst:
        filled = [t.name for t in tables if await _count(dst, t)]
        if filled:
            raise TargetNotEmpty(filled)
        for table in tables:
            copied[table.name] = await _copy_table(src, dst, table, batch)
            if copied[table.name]:
                log.info("copied %d rows of %s", copied[table.name], table.name)
        if dst.dialect.name == "postgresql":
            for table in tables:
                await _reset_sequence(dst, table)
    return copied


async def _count(conn: AsyncConnection, table: Table) -> int:
    return int(await conn.scalar(select(func.count()).select_from(table)) or 0)


async def _copy_table(src: AsyncConnection, dst: AsyncConnection, table: Table, batch: int) -> int:
    order = list(table.primary_key.columns)
    result = await src.stream(select(table).order_by(*order).execution_options(yield_per=batch))
    copied = 0
    async for rows in result.partitions(batch):
        await dst.execute(insert(table), [dict(row._mapping) for row in rows])
        copied += len(rows)
    return copied


async def _reset_sequence(dst: AsyncConnection, table: Table) -> None:
    """Move an id column's sequence past the copied ids (the next insert must not collide)."""
    key = list(table.primary_key.columns)
    if len(key) != 1 or key[0].autoincrement is False or key[0].name != "id":
        return
    await dst.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
            f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
        ),
        {"table": table.name},
    )
