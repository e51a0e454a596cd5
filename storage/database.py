"""Engine, sessions and migrations.

SQLite runs in WAL mode with foreign keys on. A write transaction (`session.begin()`) starts
with ``BEGIN IMMEDIATE``: writers queue on the busy timeout instead of failing with "database
is locked" when a read transaction tries to become a write transaction. A transaction that
only reads uses `read_only(session)` instead: a deferred ``BEGIN`` that takes no lock, so a
long export never holds up the writers (WAL lets readers and one writer run side by side).
That only stays cheap because services keep write transactions short and never hold one
across a Telegram call.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: Execution option marking a transaction that only reads (see `read_only`).
READ_ONLY_OPTION = "spotcheck_read_only"
#: Whether PRAGMA query_only is on, per DBAPI connection (kept in the pool record's info).
_QUERY_ONLY = "spotcheck_query_only"

#: How long a write waits for a lock another transaction holds before it fails.
DEFAULT_LOCK_TIMEOUT = 30.0


@asynccontextmanager
async def read_only(session: AsyncSession) -> AsyncIterator[None]:
    """A transaction that only reads; use it instead of `session.begin()` for reads.

    On SQLite it starts with a deferred ``BEGIN`` (no write lock, so it neither waits for nor
    holds up writers) and runs with ``PRAGMA query_only``; on PostgreSQL it is a READ ONLY
    transaction. A write inside it fails on both, instead of quietly taking the write lock
    half-way (which on SQLite can fail with "database is locked" however long the timeout).
    """
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if session.get_bind().dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    async with session.begin():
        # Applied when the transaction procures its connection, i.e. before "begin" fires.
        await session.connection(execution_options=options)
        yield


def normalize_url(url: str) -> str:
    """Accept the URLs people write and pick the async driver this project ships."""
    parsed = make_url(url)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
        "postgresql+psycopg2": "postgresql+asyncpg",
    }.get(parsed.drivername, parsed.drivername)
    if driver not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise ValueError(f"unsupported database {parsed.drivername!r}: use sqlite or postgresql")
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


class Database:
    """Owns the engine; hands out one session per update or job."""

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        echo: bool = False,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        """`lock_timeout` (seconds): how long a write waits for a lock held by another
        transaction before it fails: SQLite's busy timeout, PostgreSQL's lock_timeout."""
        self.url = normalize_url(url)
        #: PostgreSQL only: the schema everything lives in (None: the default search_path).
        self.schema = schema
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        connect_args: dict[str, Any] = {}
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            connect_args["timeout"] = lock_timeout
        else:
            server_settings = {"lock_timeout": f"{round(lock_timeout * 1000)}ms"}
            if schema:
                # Tests isolate themselves in a schema of their own.
                server_settings["search_path"] = schema
            connect_args["server_settings"] = server_settings
        self.engine: AsyncEngine = create_async_engine(
            self.url, echo=echo, connect_args=connect_args, pool_pre_ping=not self.is_sqlite
        )
        if self.is_sqlite:
            _configure_sqlite(self.engine, lock_timeout)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        return self.sessionmaker()

    async def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (Alembic), on this engine's own connection."""
        async with self.engine.begin() as conn:
            await conn.run_sync(_alembic, "upgrade", revision)

    async def downgrade(self, revision: str) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_alembic, "downgrade", revision)

    async def dispose(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _alembic(connection: Connection, action: str, revision: str) -> None:
    cfg = alembic_config(connection)
    if action == "upgrade":
        command.upgrade(cfg, revision)
    else:
        command.downgrade(cfg, revision)


def _configure_sqlite(engine: AsyncEngine, lock_timeout: float) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        # Take transaction control from the driver so that "begin" below decides.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={round(lock_timeout * 1000)}")
        cursor.close()
        record.info[_QUERY_ONLY] = False

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        reading = bool(conn.get_execution_options().get(READ_ONLY_OPTION))
        # query_only belongs to the connection, not the transaction: switch it only when the
        # kind of transaction changes, so that the usual run of writes costs nothing extra.
        if conn.info.get(_QUERY_ONLY, False) != reading:
            conn.exec_driver_sql(f"PRAGMA query_only={int(reading)}")
            conn.info[_QUERY_ONLY] = reading
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def run_migrations_sync(url: str) -> None:
    """For the CLI: migrate and dispose, outside any running event loop."""

    async def _run() -> None:
        db = Database(url)
        try:
            await db.migrate()
        finally:
            await db.dispose()

    asyncio.run(_run())
