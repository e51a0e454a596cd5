"""Long jobs are recorded before they start; a job whose process died is reported once."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.refusals import Refusal
from bot.runtime import Runtime
from bot.services import jobs, registers
from bot.settings import Settings
from bot.texts import get_texts
from storage.database import Database
from storage.models import Job, JobKind, JobStatus, OutboxMessage, Target
from storage.types import utcnow
from tests.registers_data import TARGET_HEADER, target_rows, write_csv

GROUP = -1001234567890


def _runtime(db: Database, tmp_path: Path) -> Runtime:
    settings = Settings(telegram_bot_token="1:x", database_url=db.url, admin_chat_id=GROUP,
                        media_dir=tmp_path, _env_file=None)  # fmt: skip
    return Runtime.create(settings, db)


async def _dead_pid() -> int:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await process.wait()
    return process.pid


async def test_a_job_of_a_dead_process_is_reported_to_its_starter(
    db: Database, tmp_path: Path
) -> None:
    runtime = _runtime(db, tmp_path)
    async with db.session() as session:
        job_id = await registers.start_import(session, "targets", file="名录.xlsx",
                                              chat_id=GROUP, user_id=7)  # fmt: skip
        # Our own job is alive: nothing to report.
        assert await jobs.sweep(session, runtime) == 0
        async with session.begin():
            job = await session.get(Job, job_id)
            assert job is not None
            job.details = {**job.details, "instance": "an-earlier-run", "pid": await _dead_pid()}
        assert await jobs.sweep(session, runtime) == 1
        assert await jobs.sweep(session, runtime) == 0, "reported once"
        async with session.begin():
            job = await session.get(Job, job_id)
            notices = list(await session.scalars(select(OutboxMessage)))
    assert job is not None and job.status is JobStatus.INTERRUPTED
    assert [n.chat_id for n in notices] == [GROUP]
    text = notices[0].payload["text"]
    assert "检查对象名录导入（名录.xlsx）因机器人重启而中断" in text
    assert "未导入任何数据" in text


async def test_an_expired_lease_counts_as_dead_wherever_it_ran(
    db: Database, tmp_path: Path
) -> None:
    runtime = _runtime(db, tmp_path)
    async with db.session() as session:
        job_id = await registers.start_import(session, "items", file="x.csv")
        async with session.begin():
            job = await session.get(Job, job_id)
            assert job is not None
            job.details = {**job.details, "host": "another-machine"}
        assert await jobs.sweep(session, runtime) == 0, "its lease still runs"
        async with session.begin():
            job = await session.get(Job, job_id)
            assert job is not None
            job.lease_until = utcnow() - timedelta(seconds=1)
        assert await jobs.sweep(session, runtime) == 1
        async with session.begin():
            assert not list(await session.scalars(select(OutboxMessage))), "no chat to tell"


async def test_one_import_per_register_at_a_time(db: Database, tmp_path: Path) -> None:
    texts = get_texts("zh-CN")
    async with db.session() as session:
        await registers.start_import(session, "targets", file="a.csv", chat_id=GROUP)
        with pytest.raises(Refusal) as refused:
            await registers.start_import(session, "targets", file="b.csv", chat_id=GROUP)
        assert "正在导入或停用中" in refused.value.text(texts)
        # Another register is free.
        await registers.start_import(session, "items", file="c.csv", chat_id=GROUP)


async def test_a_finished_import_records_its_outcome(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(4))
    async with db.session() as session:
        report = await registers.import_register(session, "targets", path, actor=None,
                                                 today=utcnow().date())  # fmt: skip
        assert report.ok
        bad = write_csv(tmp_path / "bad.csv", TARGET_HEADER, [["123", "x"]])
        report = await registers.import_register(session, "targets", bad, actor=None,
                                                 today=utcnow().date())  # fmt: skip
        assert not report.ok
        rows = list(await session.scalars(select(Job).order_by(Job.id)))
    assert [(j.kind, j.status) for j in rows] == [
        (JobKind.IMPORT, JobStatus.DONE),
        (JobKind.IMPORT, JobStatus.FAILED),
    ]
    assert rows[0].result["added"] == 4 and rows[1].result["errors"] >= 1
    assert rows[0].details["pid"] == os.getpid()


async def test_an_import_that_crashes_changes_nothing_and_frees_the_register(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.repositories import registers as repositories

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repositories.RegisterRepository, "insert_prepared", broken)
    path = write_csv(tmp_path / "t.csv", TARGET_HEADER, target_rows(4))
    async with db.session() as session:
        with pytest.raises(RuntimeError):
            await registers.import_register(session, "targets", path, actor=None,
                                            today=utcnow().date())  # fmt: skip
    async with db.session() as session:
        assert not list(await session.scalars(select(Target)))
        job = await session.scalar(select(Job))
        assert job is not None and job.status is JobStatus.FAILED
    async with db.session() as session:  # the register is free again
        await registers.start_import(session, "targets", file="again.csv")
