"""一公开 through the fake Telegram: approved results → /publish preview (the late one
named, its due date by working days) → 确认公开 → three files in PUBLIC_DIR and in the group,
recorded with their SHA-256, the tasks published; a second press and a second /publish
publish nothing. The draw announcement and the item list, at the service level."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import hashlib
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.app import build_application, runtime_of, start, stop
from bot.refusals import Refusal
from bot.results.codes import FollowUp, Method
from bot.runtime import Runtime
from bot.services import audit, publications, results
from bot.settings import Settings
from storage.database import Database
from storage.models import (
    AuditEntry,
    Publication,
    PublicationKind,
    PublishedResult,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)
from tests.assignments_data import Person, lock, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import eventually

TEAM = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
]
NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def public_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={"public_dir": tmp_path / "public", "bureau_name": "西平县财政局"}
    )


async def _approve(db: Database, runtime: Runtime, admin_id: int) -> list[int]:
    """Two tasks' results, confirmed by their teams, then approved by the real service: one
    checked on 2026-10-09 (late by 2026-12-10), one on 2026-12-08 (due in 2027)."""
    submitted = [datetime(2026, 10, 9, 3, tzinfo=UTC), datetime(2026, 12, 8, 3, tzinfo=UTC)]
    async with db.session() as session, session.begin():
        tasks = list(await session.scalars(select(Task).order_by(Task.id)))
        versions = []
        for task, at, codes, remarks in zip(tasks, submitted, (["1"], ["A", "5"]),
                                            ("企业负责人在场", FORMULA), strict=False):  # fmt: skip
            submitter = await session.scalar(
                select(TaskMember.inspector_id).where(TaskMember.task_id == task.id).limit(1)
            )
            assert submitter is not None
            version = ResultVersion(task_id=task.id, number=1, methods=[Method.ON_SITE.value],
                                    codes=codes,
                                    findings="" if codes == ["1"] else "账簿不全",
                                    follow_up=FollowUp.NONE.value, remarks=remarks,
                                    submitted_by=submitter,
                                    submitted_at=at, status=ResultStatus.CONFIRMED)  # fmt: skip
            session.add(version)
            task.status = TaskStatus.CONFIRMED
            versions.append(version)
        await session.flush()
        ids = [v.id for v in versions]
    for version_id in ids:
        async with db.session() as session:
            await results.approve(session, runtime, admin_id, "王科长", version_id)
    return ids


async def test_publish_results_once_with_files_in_the_group_and_public_dir(
    public_settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser,
) -> None:  # fmt: skip
    settings = public_settings
    await seed(db, TEAM, targets=3)
    for person in TEAM:  # the team has opened the bot: their cards reach them
        assert person.user_id is not None
        FakeUser(fake, person.user_id, person.name)
        fake.started_users.add(person.user_id)
    app = build_application(settings, db)
    await start(app)
    try:
        runtime = runtime_of(app)
        runtime.clock = lambda: NOW
        await lock(db, 2, outbox_of=runtime, texts=runtime.texts)
        await _approve(db, runtime, admin.id)

        async with db.session() as session:
            due = await publications.due_for_publication(session, runtime)
        assert [d.late for d in due] == [True, False]
        assert due[0].checked_on == date(2026, 10, 9) and not due[0].due.estimated
        # 20 working days after 2026-12-08 run into 2027, which the calendar does not know.
        assert due[1].due.estimated and due[1].due.day.year == 2027

        mark = len(fake.sent)
        await admin.send("/publish", chat=group)
        shown = await group.expect("待公开的检查结果", after=mark)
        assert "共 2 项" in shown.text and "已超过公开期限（1 项）" in shown.text
        assert f"{due[0].code}" in shown.text and due[0].due.day.isoformat() in shown.text
        assert due[1].code not in shown.text.split("最早的公开期限")[1]

        preview = dataclasses.replace(shown)  # as it was, buttons included
        await admin.press(shown, "确认公开")
        done = await group.expect("已公开", after=mark)
        title = "西平县财政局2026年度第001号抽查任务检查结果公告"
        assert title in done.text

        def documents() -> list[object]:
            return [m for m in group.messages() if m.method == "sendDocument"]

        await eventually(lambda: len(documents()) == 3, what="the three files")
        sent = {m.file_name: m.file_bytes for m in group.messages() if m.method == "sendDocument"}
        names = {f"结果公告-2026-001.{ext}" for ext in ("xlsx", "csv", "html")}
        assert set(sent) == names

        async with db.session() as session:
            publication = (await session.scalars(select(Publication))).one()
            assert publication.kind is PublicationKind.RESULTS and publication.title == title
            assert publication.created_by == admin.id
            for entry in publication.files:
                on_disk = (settings.public_dir / entry["name"]).read_bytes()
                assert hashlib.sha256(on_disk).hexdigest() == entry["sha256"]
                assert len(on_disk) == entry["size"] and sent[entry["name"]] == on_disk
            statuses = set(await session.scalars(select(Task.status).where(
                Task.id.in_([d.task_id for d in due]))))  # fmt: skip
            assert statuses == {TaskStatus.PUBLISHED}
            assert await session.scalar(select(func.count()).select_from(PublishedResult)) == 2
            assert await session.scalar(
                select(func.count()).where(AuditEntry.action == "publish")
            ) == 1  # fmt: skip
            names_by_task = dict(
                (await session.execute(
                    select(Task.id, Target.name).join(Target, Target.id == Task.target_id)
                )).all()
            )  # fmt: skip
        assert not [p for p in settings.public_dir.iterdir() if p.name.startswith(".")]

        # The files hold the rows: task code, target, result names, the formula as text.
        book = openpyxl.load_workbook(io.BytesIO(sent["结果公告-2026-001.xlsx"] or b""))
        rows = [tuple(c or "" for c in r) for r in book.active.iter_rows(values_only=True)]  # type: ignore[union-attr]
        body = rows[rows.index(("任务编号", "检查对象名称", "统一社会信用代码", "检查完成日期",
                                "检查结果", "备注")) + 1 :][:2]  # fmt: skip
        assert {r[0] for r in body} == {d.code for d in due}
        assert {r[1] for r in body} == {names_by_task[d.task_id] for d in due}
        by_code = {r[0]: r for r in body}
        assert by_code[due[0].code][3:6] == ("2026-10-09", "未发现问题", "企业负责人在场")
        assert by_code[due[1].code][4:6] == ("发现问题待后续处理；违反其他部门相关规定", FORMULA)
        table = list(csv.reader(io.StringIO((sent["结果公告-2026-001.csv"] or b"").decode(
            "utf-8-sig"), newline="")))  # fmt: skip
        assert table[0] == [title]
        assert "<title>" + title in (sent["结果公告-2026-001.html"] or b"").decode()

        # The same preview confirmed again, and a new /publish: nothing more is published.
        answer = await admin.press(preview, "确认公开")
        await eventually(lambda: answer in fake.callback_answers, what="the second press")
        assert "已经变化" in str(fake.callback_answers[answer].get("text", ""))
        mark = len(fake.sent)
        await admin.send("/publish", chat=group)
        await group.expect("没有待公开的检查结果", after=mark)
        async with db.session() as session:
            assert await session.scalar(select(func.count()).select_from(Publication)) == 1
    finally:
        await stop(app)


async def test_draw_announcement_and_item_list(public_settings: Settings, db: Database) -> None:
    settings = public_settings.model_copy(update={"admin_chat_id": None})
    await seed(db, TEAM, targets=3)
    locked = await lock(db, 2)
    async with db.session() as session, session.begin():
        target = await session.scalar(select(Target).where(
            Target.uscc == locked.record.sample[0].uscc))  # fmt: skip
        assert target is not None
        target.registration_authority = "西平县市场监督管理局"
    runtime = Runtime.create(settings, db)
    runtime.clock = lambda: NOW

    async with db.session() as session:
        draw = await publications.publish_draw(session, runtime, 1001, locked.code)
    assert draw.title == f"西平县财政局随机抽查任务公告（{locked.code}）" and draw.count == 2
    assert [f.name for f in draw.files] == [f"抽查任务公告-2026-001.{e}"
                                            for e in ("xlsx", "csv", "html")]  # fmt: skip
    content = (settings.public_dir / draw.files[1].name).read_bytes()
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    facts = {row[0]: row[1] for row in table[1:8]}
    assert facts["抽查任务编号"] == locked.code and facts["抽取检查对象数量"] == "2"
    assert facts["检查时间"] == "2026-12-01~2026-12-31"
    assert "会计信息质量检查" in facts["抽查事项"]
    first = table[table.index(["序号", "检查对象名称", "统一社会信用代码", "登记机关"]) + 1]
    assert first[2:] == [locked.record.sample[0].uscc, "西平县市场监督管理局"]
    with pytest.raises(Refusal):  # a draw is announced once
        async with db.session() as session:
            await publications.publish_draw(session, runtime, 1001, locked.code)

    async with db.session() as session:
        items = await publications.publish_items(session, runtime, 1001)
    assert items.title == "西平县财政局2026年度随机抽查事项清单" and items.count == 1
    content = (settings.public_dir / items.files[0].name).read_bytes()
    assert hashlib.sha256(content).hexdigest() == items.files[0].sha256
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [tuple(c or "" for c in r) for r in sheet.iter_rows(values_only=True)]
    assert any(r[1:3] == ("XPCZ-001", "会计信息质量检查") for r in rows)
    async with db.session() as session:
        kinds = sorted(k.value for k in await session.scalars(select(Publication.kind)))
    assert kinds == ["draw", "items"]


async def test_two_confirmations_at_once_publish_once(
    public_settings: Settings, db: Database
) -> None:
    settings = public_settings.model_copy(update={"admin_chat_id": None})
    await seed(db, TEAM, targets=3)
    await lock(db, 2)
    runtime = Runtime.create(settings, db)
    runtime.clock = lambda: NOW
    await _approve(db, runtime, 1001)
    async with db.session() as session:
        shown = await publications.preview(session, runtime)
    assert shown.count == 2

    async def confirm() -> object:
        async with db.session() as session:
            try:
                return await publications.publish_results(
                    session, runtime, 1001, shown.count, shown.last_version
                )
            except Refusal as refusal:
                return refusal

    outcomes = await asyncio.gather(confirm(), confirm())
    assert sorted(type(o).__name__ for o in outcomes) == ["Published", "Refusal"]
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Publication)) == 1
        assert await session.scalar(select(func.count()).select_from(PublishedResult)) == 2
    # Only the published notice's three files: the refused one left nothing behind.
    assert len(list(settings.public_dir.iterdir())) == 3


async def test_a_failed_publication_leaves_no_files(
    public_settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = public_settings.model_copy(update={"admin_chat_id": None})
    await seed(db, TEAM, targets=1)
    runtime = Runtime.create(settings, db)

    async def broken(*_args: object, **_kwargs: object) -> None:
        assert len(list(settings.public_dir.iterdir())) == 3  # written before the record
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            await publications.publish_items(session, runtime, 1001)
    assert list(settings.public_dir.iterdir()) == []
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Publication)) == 0
