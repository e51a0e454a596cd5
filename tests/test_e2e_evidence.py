"""Evidence through the fake Telegram: albums acknowledged once, documents, videos, voice
notes, duplicates, EXIF of photos sent as file, files too big or failing to download, files
without a task, senders who are no inspectors, hostile file names, and fetching again."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import SpotCheckApplication, runtime_of
from bot.refusals import Refusal
from bot.services import evidence
from bot.settings import Settings
from storage.database import Database
from storage.models import Evidence, EvidenceKind, EvidenceStatus, Task
from tests.assignments_data import Person, lock, seed
from tests.evidence_data import PDF, jpeg_with_exif, photo
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import add_inspector, eventually

TEAM = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
]


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "DOWNLOAD_BACKOFF", 0.05)


async def _team(db: Database, fake: FakeTelegram, targets: int = 1) -> tuple[FakeUser, FakeUser]:
    await seed(db, TEAM, targets=targets)
    await lock(db, targets)
    users = []
    for p in TEAM:
        assert p.user_id is not None
        fake.started_users.add(p.user_id)
        users.append(FakeUser(fake, p.user_id, p.name))
    return users[0], users[1]


async def _rows(db: Database) -> list[Evidence]:
    async with db.session() as session:
        return list((await session.scalars(select(Evidence).order_by(Evidence.id))).all())


async def _task_ids(db: Database) -> list[int]:
    async with db.session() as session:
        return list((await session.scalars(select(Task.id).order_by(Task.id))).all())


def _media_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.media_dir.rglob("*") if p.is_file())


async def test_album_pdf_video_voice(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, settings: Settings
) -> None:
    zhang, _li = await _team(db, fake)
    (task_id,) = await _task_ids(db)
    photos = [photo(n) for n in range(3)]
    await zhang.send_album(photos, caption="门头、账簿、凭证")
    ack = await zhang.expect("收到 3 个文件")
    assert "照片 3" in ack.text and "西平县测试企业1有限公司" in ack.text
    # The tip on sending "as file" comes once, with the first compressed photo.
    await zhang.expect("以“文件”方式发送照片")

    await zhang.send_document("检查底稿.pdf", PDF, mime_type="application/pdf")
    await zhang.expect("已收到文件")
    await zhang.send_video(b"\x00\x00\x00\x18ftypmp42" + b"v" * 2000)
    await zhang.expect("已收到视频")
    await zhang.send_voice(b"OggS" + b"o" * 500)
    await zhang.expect("已收到语音")
    await zhang.send_photo(photo(9))
    await zhang.expect("已收到照片")

    rows = await _rows(db)
    assert [r.kind for r in rows] == [EvidenceKind.PHOTO] * 3 + [
        EvidenceKind.DOCUMENT, EvidenceKind.VIDEO, EvidenceKind.VOICE, EvidenceKind.PHOTO,
    ]  # fmt: skip
    for row, content in zip(rows[:3], photos, strict=True):
        # The largest size was downloaded, not the thumbnail.
        assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size == len(content)
        assert row.status is EvidenceStatus.STORED and row.task_id == task_id
        assert row.media_group_id is not None and row.acknowledged_at is not None
        assert (settings.media_dir / str(row.path)).read_bytes() == content
        assert str(row.path).startswith(f"{task_id}/")
    assert rows[0].caption == "门头、账簿、凭证"
    assert rows[3].mime_type == "application/pdf" and str(rows[3].path).endswith(".pdf")
    assert rows[3].file_name == "检查底稿.pdf"
    assert all(r.sent_at is not None and r.sent_at.tzinfo is not None for r in rows)
    async with db.session() as session:
        counts = await evidence.evidence_summary(session, task_id)
    assert counts == {EvidenceKind.PHOTO: 4, EvidenceKind.DOCUMENT: 1, EvidenceKind.VIDEO: 1,
                      EvidenceKind.VOICE: 1}  # fmt: skip

    # Once, even after the debounce and the sweep had every chance to say it again.
    await asyncio.sleep(evidence.ALBUM_QUIET * 2)
    acks = [m for m in zhang.inbox() if "收到 3 个文件" in m.text]
    tips = [m for m in zhang.inbox() if "以“文件”方式发送照片" in m.text]
    assert len(acks) == 1 and len(tips) == 1


async def test_same_photo_twice(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram
) -> None:
    zhang, li = await _team(db, fake)
    await zhang.send_photo(photo(1))
    await zhang.expect("已收到照片")
    before = len(zhang.inbox())
    await zhang.send_photo(photo(1))  # sent again: new file ids, same bytes
    again = await zhang.expect("此前已收到", after=0)
    assert "不再重复保存" in again.text and len(zhang.inbox()) > before
    # The partner's copy of the same photo is the same evidence of the same task.
    await li.send_photo(photo(1))
    await li.expect("此前已收到")
    rows = await _rows(db)
    assert len(rows) == 1


async def test_photo_as_file_keeps_exif(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram
) -> None:
    zhang, _li = await _team(db, fake)
    content = jpeg_with_exif("2026:11:27 10:15:00", 33.3512, 114.0181)
    await zhang.send_document("IMG_0001.JPG", content, mime_type="image/jpeg")
    reply = await zhang.expect("已收到照片")
    assert "拍摄时间（EXIF）：2026-11-27 10:15:00" in reply.text
    assert "拍摄位置（EXIF）：33.351200, 114.018100" in reply.text
    (row,) = await _rows(db)
    assert row.kind is EvidenceKind.PHOTO and row.sha256 == hashlib.sha256(content).hexdigest()
    # The camera's clock is read in the bureau's zone (Asia/Shanghai) and stored in UTC.
    assert row.taken_at == datetime(2026, 11, 27, 2, 15, tzinfo=UTC)
    assert (row.latitude, row.longitude) == (33.3512, 114.0181)
    assert str(row.path).endswith(".jpg") and row.file_name == "IMG_0001.JPG"
    # Fetched again as the document it was (Telegram would refuse it as a photo).
    start = len(fake.sent)
    await zhang.press(reply, "📂 本任务的全部证据")
    await eventually(lambda: len(fake.calls_to("sendDocument")) == 1, what="the document")
    (sent,) = [m for m in fake.sent[start:] if m.method == "sendDocument"]
    assert sent.file_bytes == content and "拍摄时间（EXIF）" in sent.text
    # Sent as file already: no tip.
    assert not [m for m in zhang.inbox() if "以“文件”方式发送照片" in m.text]


async def test_file_over_20_mb(app: SpotCheckApplication, db: Database, fake: FakeTelegram) -> None:
    zhang, _li = await _team(db, fake)
    big = b"\x00" * (20 * 1024 * 1024 + 1)
    await zhang.send_document("现场录像.mp4", big, mime_type="video/mp4")
    refused = await zhang.expect("20 MB")
    assert "TELEGRAM_API_URL" in refused.text and "自建 Bot API 服务器" in refused.text
    assert not fake.calls_to("getFile")  # its size said enough
    # Without a size in the message, getFile's refusal says it.
    fake.expect_errors(400)
    before = len(zhang.inbox())
    await zhang.send_document("现场录像2.mp4", big + b"\x01", mime_type="video/mp4",
                              with_size=False)  # fmt: skip
    await zhang.expect("TELEGRAM_API_URL", after=before)
    assert [c.description for c in fake.calls_to("getFile")] == ["Bad Request: file is too big"]
    rows = await _rows(db)
    assert [r.status for r in rows] == [EvidenceStatus.TOO_BIG] * 2
    assert rows[0].size == len(big) and rows[0].path is None and rows[0].task_id is not None


async def test_failing_download_retried(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram
) -> None:
    zhang, _li = await _team(db, fake)
    await zhang.send_photo(photo(1), fail_downloads=2)
    await zhang.expect("已收到照片")
    await zhang.send_photo(photo(2), fail_downloads=evidence.DOWNLOAD_ATTEMPTS)
    failed = await zhang.expect("下载失败")
    assert f"已尝试 {evidence.DOWNLOAD_ATTEMPTS} 次" in failed.text
    rows = await _rows(db)
    assert [r.status for r in rows] == [EvidenceStatus.STORED, EvidenceStatus.FAILED]
    assert rows[0].sha256 == hashlib.sha256(photo(1)).hexdigest()
    assert rows[1].path is None and rows[1].telegram_file_id is not None


async def test_no_open_task(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, settings: Settings
) -> None:
    await add_inspector(db, "孙无任务", "41172120209999", 5009)
    fake.started_users.add(5009)
    sun = FakeUser(fake, 5009, "孙无任务")
    await sun.send_photo(photo(5))
    reply = await sun.expect("没有进行中的检查任务")
    assert "暂存" in reply.text and not reply.buttons()
    (row,) = await _rows(db)
    assert row.status is EvidenceStatus.PENDING and row.task_id is None
    assert str(row.path).startswith("pending/")
    assert (settings.media_dir / str(row.path)).read_bytes() == photo(5)


async def test_several_tasks_asks_which(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, settings: Settings
) -> None:
    zhang, _li = await _team(db, fake, targets=2)
    first, second = await _task_ids(db)
    await zhang.send_album([photo(1), photo(2)])
    ask = await zhang.expect("属于哪个任务")
    assert "收到 2 个文件" in ask.text and len(ask.buttons()) == 2
    rows = await _rows(db)
    assert {r.status for r in rows} == {EvidenceStatus.PENDING}
    button = next(b["text"] for b in ask.buttons() if f"#{second}" in b["text"])
    await zhang.press(ask, button)
    await eventually(lambda: "已将 2 个文件归入任务" in ask.text, what="the filing")
    rows = await _rows(db)
    assert {(r.status, r.task_id) for r in rows} == {(EvidenceStatus.STORED, second)}
    for row, content in zip(rows, [photo(1), photo(2)], strict=True):
        assert str(row.path).startswith(f"{second}/")
        assert (settings.media_dir / str(row.path)).read_bytes() == content
    # A second press on the same (stale) question changes nothing.
    query = await zhang.press(ask, button) if ask.buttons() else None
    assert query is None  # the answer replaced the question and its buttons
    del first


async def test_not_an_inspector(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    await stranger.send_photo(photo(1))
    await stranger.expect("只有已绑定的检查人员")
    await stranger.send_document("a.pdf", PDF, mime_type="application/pdf")
    await eventually(lambda: len(stranger.inbox()) == 2, what="the second refusal")
    assert await _rows(db) == [] and not fake.calls_to("getFile")


async def test_hostile_file_name(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, settings: Settings,
    tmp_path: Path,
) -> None:  # fmt: skip
    zhang, _li = await _team(db, fake)
    await zhang.send_document("../../etc/passwd", b"root:x:0:0::/root:/bin/sh\n",
                              mime_type="text/plain")  # fmt: skip
    await zhang.expect("已收到文件")
    await zhang.send_document("..\\..\\x.exe", b"MZ" + b"\x00" * 10,
                              mime_type="application/x-msdownload/../../")  # fmt: skip
    await eventually(lambda: len(zhang.inbox()) >= 2, what="both files")
    await zhang.expect("已收到文件", after=len(zhang.inbox()) - 1)
    files = _media_files(settings)
    assert len(files) == 2
    media = settings.media_dir.resolve()
    for path in files:
        assert path.resolve().is_relative_to(media) and path.parent.parent == settings.media_dir
    assert not (tmp_path / "etc").exists() and not list(tmp_path.rglob("passwd"))
    rows = await _rows(db)
    assert rows[0].file_name == "../../etc/passwd"  # kept as data, never as a path
    assert str(rows[1].path).endswith(".bin")


async def test_fetch_again(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    zhang, li = await _team(db, fake)
    (task_id,) = await _task_ids(db)
    await zhang.send_photo(photo(1))
    ack = await zhang.expect("已收到照片")
    await zhang.send_document("检查底稿.pdf", PDF, mime_type="application/pdf")
    await zhang.expect("已收到文件")
    # The partner adds a voice note and asks for everything under her own acknowledgement.
    await li.send_voice(b"OggS" + b"o" * 500)
    her_ack = await li.expect("已收到语音")
    start = len(fake.sent)
    await li.press(her_ack, "📂 本任务的全部证据")
    await li.expect("的证据共 3 个", after=start)
    await eventually(lambda: len(fake.calls_to("sendVoice")) == 1, what="the re-sent voice")
    photos = [m for m in fake.sent[start:] if m.method == "sendPhoto"]
    docs = [m for m in fake.sent[start:] if m.method == "sendDocument"]
    voices = [m for m in fake.sent[start:] if m.method == "sendVoice"]
    assert [m.file_bytes for m in photos] == [photo(1)] and [m.file_bytes for m in docs] == [PDF]
    assert [m.file_bytes for m in voices] == [b"OggS" + b"o" * 500]
    assert all(m.chat_id == li.id for m in photos + docs + voices)
    assert "SHA-256" in photos[0].text
    # Someone outside the team is refused, with an alert.
    query = await stranger.press(ack, "📂 本任务的全部证据")
    await eventually(lambda: query in fake.callback_answers, what="the refusal")
    assert "检查组成员或管理员" in fake.callback_answers[query]["text"]
    # An admin may (Telegram-free: the permission rule of the service).
    runtime = runtime_of(app)
    async with db.session() as session:
        found = await evidence.evidence_files(session, runtime, task_id, inspector_id=None,
                                              is_admin=True)  # fmt: skip
        with pytest.raises(Refusal):
            await evidence.evidence_files(session, runtime, task_id, inspector_id=None,
                                          is_admin=False)  # fmt: skip
    assert [f.kind for f in found.files] == [
        EvidenceKind.PHOTO, EvidenceKind.DOCUMENT, EvidenceKind.VOICE,
    ]  # fmt: skip


async def test_fetch_falls_back_to_the_stored_file(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram
) -> None:
    zhang, _li = await _team(db, fake)
    await zhang.send_photo(photo(7))
    ack = await zhang.expect("已收到照片")
    (row,) = await _rows(db)
    del fake.files[str(row.telegram_file_id)]  # Telegram no longer knows the file id
    fake.expect_errors(400)
    start = len(fake.sent)
    await zhang.press(ack, "📂 本任务的全部证据")
    await eventually(lambda: len(fake.calls_to("sendDocument")) == 1, what="the upload")
    (sent,) = [m for m in fake.sent[start:] if m.method == "sendDocument"]
    assert sent.file_bytes == photo(7) and sent.file_name == f"evidence-{row.id}.jpg"


async def test_album_acknowledged_once_while_parts_wait(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load the parts of an album wait behind each other in their chat for longer than
    the quiet period: the album is still acknowledged once, when its chat is idle."""
    monkeypatch.setattr(evidence, "ALBUM_QUIET", 0.1)
    monkeypatch.setattr(evidence, "DOWNLOAD_BACKOFF", 0.2)  # the second part takes 0.6 s
    zhang, _li = await _team(db, fake)
    group = "13000000000000999"
    await zhang.send_photo(photo(1), media_group_id=group)
    await zhang.send_photo(photo(2), media_group_id=group, fail_downloads=2)
    await zhang.send_photo(photo(3), media_group_id=group)
    await zhang.expect("收到 3 个文件")
    await asyncio.sleep(0.5)
    assert not [m for m in zhang.inbox() if "收到 1 个文件" in m.text or "收到 2" in m.text]
    assert len(await _rows(db)) == 3
