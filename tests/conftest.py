"""Fixtures: a real database (SQLite file, or PostgreSQL when asked), the fake Telegram, and
the real bot running against it.

Set SPOTCHECK_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run the
whole suite on PostgreSQL; every test then works in a schema of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import SpotCheckApplication, build_application, start, stop
from bot.settings import Settings
from storage.database import Database, normalize_url
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser

POSTGRES_URL = os.environ.get("SPOTCHECK_TEST_POSTGRES_URL", "")
ADMIN_CHAT_ID = -1001234567890
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}"


@pytest.fixture(autouse=True)
def _no_env_leak(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests must not read a developer's .env or settings from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_", "WEBHOOK_")):
            monkeypatch.delenv(name)


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[tuple[str, str | None]]:
    """(url, schema) of an empty database for one test."""
    if not POSTGRES_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'spotcheck.sqlite3'}", None
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(normalize_url(POSTGRES_URL))
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield POSTGRES_URL, schema
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await engine.dispose()


@pytest.fixture
async def db(database_url: tuple[str, str | None]) -> AsyncIterator[Database]:
    url, schema = database_url
    database = Database(url, schema=schema)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    # The configured admin group exists (with no administrators until a test adds some), as
    # it does wherever the bot runs: private /start asks it whether the sender is an admin.
    server.add_chat({"id": ADMIN_CHAT_ID, "type": "supergroup", "title": "管理群"})
    await server.start()
    yield server
    await server.stop()
    refused = server.unexpected_refusals()
    assert not refused, f"the fake Telegram refused calls the bot made: {refused}"


@pytest.fixture
def settings(fake: FakeTelegram, tmp_path: Path, database_url: tuple[str, str | None]) -> Settings:
    return Settings(
        telegram_bot_token=fake.token,
        telegram_api_url=fake.base_url,
        database_url=database_url[0],
        admin_chat_id=ADMIN_CHAT_ID,
        media_dir=tmp_path / "media",
        _env_file=None,
    )


@pytest.fixture
async def app(settings: Settings, db: Database) -> AsyncIterator[SpotCheckApplication]:
    application = build_application(settings, db)
    await start(application)
    yield application
    await stop(application)


@pytest.fixture
def admin(fake: FakeTelegram) -> FakeUser:
    return FakeUser(fake, 1001, "王科长", username="wang_admin")


@pytest.fixture
def member(fake: FakeTelegram) -> FakeUser:
    """In the admin group, but not one of its administrators."""
    return FakeUser(fake, 1002, "李干事")


@pytest.fixture
def group(fake: FakeTelegram, admin: FakeUser, member: FakeUser) -> FakeGroup:
    return FakeGroup(fake, ADMIN_CHAT_ID, "西平县财政局双随机管理群", admins=[admin])


@pytest.fixture
def stranger(fake: FakeTelegram) -> FakeUser:
    return FakeUser(fake, 2001, "路人甲")
