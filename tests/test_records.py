"""The record sheet and the evidence export: 📄 记录表 on a started task's card sends the
sheet (team members and admins only); `export evidence` writes the files with a manifest of
hashes and refuses a stored file that was changed."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import SpotCheckApplication, runtime_of
from bot.refusals import Refusal
from bot.services import field, records
from storage.database import Database
from storage.models import Evidence, MemberStatus, TaskMember
from tests.assignments_data import Person, lock, members, seed
from tests.evidence_data import photo
from tests.fake_telegram import FakeTelegram, FakeUser

BOUND = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
]


async def _started(db: Database, fake: FakeTelegram, app: SpotCheckApplication) -> tuple[
    dict[str, FakeUser], int, str, str
]:  # fmt: skip
    """A locked draw; the first task's leader accepted and started it."""
    await seed(db, BOUND, targets=4)
    users = {p.certificate: FakeUser(fake, p.user_id or 0, p.name) for p in BOUND}
    fake.started_users.update(p.user_id or 0 for p in BOUND)
    runtime = runtime_of(app)
    locked = await lock(db, 1, outbox_of=runtime, texts=runtime.texts)
    first = locked.record.sample[0]
    rows = await members(db)
    member, inspector, task = next((m, i, t) for m, i, t in rows
                                   if i.certificate_no == first.team[0])  # fmt: skip
    async with db.session() as session, session.begin():
        row = await session.get(TaskMember, member.id)
        assert row is not None
        row.status = MemberStatus.ACCEPTED
    async with db.session() as session:
        await field.start_task(session, inspector.id, task.id)
    return users, task.id, first.team[0], f"{locked.code}-001"


async def test_record_sheet_from_the_card_and_by_code(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, tmp_path: Path
) -> None:
    users, task_id, leader_cert, code = await _started(db, fake, app)
    leader = users[leader_cert]
    async with db.session():
        team = {i.certificate_no for _m, i, t in await members(db) if t.id == task_id}
    outsider = next(u for c, u in users.items() if c not in team)
    picture = photo(1)
    mark = len(fake.sent)
    await leader.send_photo(picture)
    await leader.expect("收到", after=mark)

    mark = len(fake.sent)
    await leader.send("/tasks")
    listing = await leader.expect("我的检查任务", after=mark)
    mark = len(fake.sent)
    await leader.press(listing, listing.buttons()[0]["text"])
    card = await leader.expect("进展", after=mark)
    assert "📄 记录表" in [b["text"] for b in card.buttons()]
    mark = len(fake.sent)
    await leader.press(card, "📄 记录表")
    sheet = await fake.wait_for_message(leader.id, lambda m: m.file_name is not None, after=mark)
    assert sheet.file_name == f"随机抽查情况记录表-{code}.xlsx" and sheet.file_bytes
    book = load_workbook(io.BytesIO(sheet.file_bytes))
    assert book.active is not None
    cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value}
    assert hashlib.sha256(picture).hexdigest() in cells, "the photo is listed with its hash"
    assert any(leader.first_name in c and "（组长）" in c for c in cells)
    assert "尚未提交检查结果" in cells

    # By code in the private chat; someone who was never on the team is refused.
    mark = len(fake.sent)
    await leader.send(f"/record {code}")
    await fake.wait_for_message(leader.id, lambda m: m.file_name is not None, after=mark)
    mark = len(fake.sent)
    await outsider.send(f"/record {code}")
    refusal = await outsider.expect("只有该任务的检查组成员或管理员", after=mark)
    assert refusal.file_name is None
    await leader.send("/record 双随机〔2026〕第999号-001")
    await leader.expect("没有这个检查任务")


async def test_export_evidence_writes_files_and_manifest(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, tmp_path: Path
) -> None:
    users, task_id, leader_cert, code = await _started(db, fake, app)
    leader = users[leader_cert]
    for n in (1, 2):
        mark = len(fake.sent)
        await leader.send_photo(photo(n))
        await leader.expect("收到", after=mark)
    runtime = runtime_of(app)
    async with db.session() as session:
        assert await records.find_task(session, code) == task_id
        manifest, digest, written = await records.export_evidence(
            session, task_id, tmp_path / "out", texts=runtime.texts, settings=runtime.settings
        )
    assert written == 2
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert digest == hashlib.sha256(manifest.read_bytes()).hexdigest()
    for entry in data["files"]:
        content = (tmp_path / "out" / entry["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert entry["sent_by"] == leader.first_name
    sheet = tmp_path / "out" / data["record_sheet"]["file"]
    assert hashlib.sha256(sheet.read_bytes()).hexdigest() == data["record_sheet"]["sha256"]

    # Not into a folder with files in it; and never vouching for a changed file.
    async with db.session() as session:
        with pytest.raises(Refusal):
            await records.export_evidence(
                session, task_id, tmp_path / "out", texts=runtime.texts, settings=runtime.settings
            )
    async with db.session() as session:
        first = await session.scalar(select(Evidence).where(Evidence.task_id == task_id))
        assert first is not None and first.path is not None
    (runtime.settings.media_dir / first.path).write_bytes(b"edited")
    async with db.session() as session:
        with pytest.raises(Refusal) as changed:
            await records.export_evidence(
                session, task_id, tmp_path / "again", texts=runtime.texts, settings=runtime.settings
            )
    assert "已被改动" in changed.value.text(runtime.texts)
