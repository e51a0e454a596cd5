"""Alembic environment.

`storage.database.Database.migrate` hands in its own connection (config.attributes), so the
app, the CLI and the tests migrate through exactly the engine they use. Run standalone
(`alembic -c alembic.ini revision --autogenerate`), it connects to DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone() -> None:
    from bot.settings import DEFAULT_DATABASE_URL
    from storage.database import Database

    db = Database(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await db.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")

_connection = context.config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    asyncio.run(_run_standalone())
