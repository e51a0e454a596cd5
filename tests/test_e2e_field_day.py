"""The whole field day of a team of two through the fake Telegram: the cards arrive, both
accept, one starts the task from its card, checks in, sends an album, a PDF and a video,
enters findings with a 责令改正 deadline; the partner objects once and confirms the corrected
version; an admin returns it once and approves it; /target shows the result under its draw
and /tasks lists the task as done. On the way, the wrong inputs the other end-to-end tests
leave out: presses on someone else's form, confirmation and review buttons, a 退回 note typed
by someone else, and evidence, a check-in and stale buttons after the approval."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from datetime import date, timedelta

from sqlalchemy import func, select, update

from bot.app import SpotCheckApplication, runtime_of
from bot.services import audit
from bot.settings import Settings
from storage.database import Database
from storage.models import (
    AuditEntry,
    Checkin,
    Decision,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    Inspector,
    MemberStatus,
    ResultConfirmation,
    ResultProposal,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskMember,
    TaskStatus,
)
from tests.assignments_data import Person, lock, seed
from tests.evidence_data import PDF, photo
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually

PEOPLE = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
]
TARGET_AT = (33.3800, 114.0200)
CODE_B = "　　B 未按规定公示应当公示的信息"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"v" * 3000


async def _answer(fake: FakeTelegram, query_id: str) -> str:
    await eventually(lambda: query_id in fake.callback_answers, what="the press's answer")
    return str(fake.callback_answers[query_id].get("text", ""))


async def _tap(user: FakeUser, message: SentMessage, label: str) -> str:
    return await _answer(user.fake, await user.press(message, label))


def _labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons()]


def _frozen(message: SentMessage) -> SentMessage:
    """The message as it is now (a later edit changes the original in place)."""
    return dataclasses.replace(message, reply_markup=copy.deepcopy(message.reply_markup))


async def _open_card(user: FakeUser, target: str) -> tuple[SentMessage, SentMessage]:
    """/tasks, then the task's button: (the list, the card)."""
    fake = user.fake
    mark = len(fake.sent)
    await user.send("/tasks")
    listing = await user.expect("我的检查任务", after=mark)
    label = next(b for b in _labels(listing) if target in b)
    mark = len(fake.sent)
    await user.press(listing, label)
    return listing, await user.expect("进展", after=mark)


async def _versions(db: Database) -> list[ResultVersion]:
    async with db.session() as session:
        query = select(ResultVersion).order_by(ResultVersion.number)
        return list((await session.scalars(query)).all())


async def _task(db: Database) -> Task:
    async with db.session() as session:
        return (await session.execute(select(Task))).scalar_one()


async def _count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _actions(db: Database) -> list[str]:
    async with db.session() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_whole_field_day(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser, member: FakeUser, settings: Settings,
) -> None:  # fmt: skip
    usccs = await seed(db, PEOPLE, targets=1)
    users = {}
    for p in PEOPLE:
        assert p.user_id is not None
        users[p.certificate] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)
    async with db.session() as session, session.begin():
        await session.execute(update(Target).values(latitude=TARGET_AT[0],
                                                    longitude=TARGET_AT[1]))  # fmt: skip
        target_name = str(await session.scalar(select(Target.name)))
        ids = dict((await session.execute(select(Inspector.telegram_user_id, Inspector.id))).all())
    runtime = runtime_of(app)
    locked = await lock(db, 1, outbox_of=runtime, texts=runtime.texts)
    (drawn,) = locked.record.sample
    assert drawn.uscc == usccs[0]
    leader, partner = users[drawn.team[0]], users[drawn.team[1]]
    outsider = next(u for c, u in users.items() if c not in drawn.team)
    task_id = (await _task(db)).id

    # --- the cards arrive; both accept ----------------------------------------------------
    for person in (leader, partner):
        card = await person.expect("检查任务")
        assert target_name in card.text and _labels(card) == ["接受", "申请回避"]
        assert "已接受任务" in await _tap(person, card, "接受")
        await fake.wait_for_message(person.id, lambda m: m.edited and "您已于" in m.text)
    async with db.session() as session:
        statuses = list((await session.scalars(select(TaskMember.status))).all())
    assert statuses == [MemberStatus.ACCEPTED, MemberStatus.ACCEPTED]
    assert (await _actions(db)).count("accept") == 2

    # --- 开始检查 on the task card (/tasks → card) ---------------------------------------
    listing, card = await _open_card(leader, target_name)
    assert "待检查" in listing.text and _labels(card) == ["开始检查"]
    mark = len(fake.sent)
    await leader.press(card, "开始检查")
    started = await leader.expect("已开始检查", after=mark)
    assert "这是您当前的任务" in started.text
    async with db.session() as session:
        me = await session.get(Inspector, ids[leader.id])
        assert me is not None and me.current_task_id == task_id
    assert (await _task(db)).status is TaskStatus.IN_PROGRESS

    # --- check-in with a location ----------------------------------------------------------
    mark = len(fake.sent)
    await leader.tap_location_button(started, TARGET_AT[0] + 0.001, TARGET_AT[1], accuracy=12)
    checked = await leader.expect("已签到", after=mark)
    assert "距检查对象约 111 米" in checked.text and "⚠️" not in checked.text
    async with db.session() as session:
        (checkin,) = (await session.scalars(select(Checkin))).all()
    assert (checkin.task_id, checkin.inspector_id) == (task_id, ids[leader.id])
    assert (checkin.latitude, checkin.longitude) == (TARGET_AT[0] + 0.001, TARGET_AT[1])
    assert checkin.horizontal_accuracy == 12 and checkin.flags == []
    assert checkin.distance_m is not None and 100 < checkin.distance_m < 120
    task = await _task(db)
    # The task records when its team was on site: the approval dates the inspection by it.
    assert task.checkin_at == checkin.located_at
    assert (task.checkin_latitude, task.checkin_longitude) == (checkin.latitude,
                                                                checkin.longitude)  # fmt: skip

    # --- evidence: an album of three photos, a PDF and a video -----------------------------
    photos = [photo(n) for n in range(3)]
    mark = len(fake.sent)
    await leader.send_album(photos, caption="门头、公示栏、年报截图")
    album = await leader.expect("收到 3 个文件", after=mark)
    assert "照片 3" in album.text and target_name in album.text
    mark = len(fake.sent)
    await leader.send_document("责令改正通知书.pdf", PDF, mime_type="application/pdf")
    await leader.expect("已收到文件", after=mark)
    mark = len(fake.sent)
    await leader.send_video(VIDEO, caption="现场视频")
    await leader.expect("已收到视频", after=mark)
    async with db.session() as session:
        rows = list((await session.scalars(select(Evidence).order_by(Evidence.id))).all())
    assert [r.kind for r in rows] == [EvidenceKind.PHOTO] * 3 + [EvidenceKind.DOCUMENT,
                                                                  EvidenceKind.VIDEO]  # fmt: skip
    for row, content in zip(rows, [*photos, PDF, VIDEO], strict=True):
        assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size == len(content)
        assert (row.task_id, row.inspector_id) == (task_id, ids[leader.id])
        assert row.status is EvidenceStatus.STORED and row.sent_at is not None
        assert (settings.media_dir / str(row.path)).read_bytes() == content
    (album_id,) = {r.media_group_id for r in rows[:3]}
    assert album_id is not None and rows[0].caption == "门头、公示栏、年报截图"
    assert rows[3].file_name == "责令改正通知书.pdf" and rows[4].caption == "现场视频"

    # --- findings through the form, opened from the task card -----------------------------
    _listing, card = await _open_card(leader, target_name)
    assert f"签到：✅ {leader.first_name}" in card.text
    assert "照片 3" in card.text and "文件 1" in card.text and "视频 1" in card.text
    assert _labels(card) == ["📍 签到", "录入检查结果", "📂 本任务的全部证据", "📄 记录表"]
    old_card = _frozen(card)
    mark = len(fake.sent)
    await _tap(leader, card, "录入检查结果")
    form = await leader.expect("检查结果录入", after=mark)
    assert "① 选择核查方式" in form.text
    # Someone else's press on the leader's form (the partner, an inspector of another team)
    # belongs to no form of theirs: refused, the draft unchanged.
    for other in (partner, outsider):
        assert "此按钮已失效" in await _tap(other, form, "实地检查")
    assert "☑️ 实地检查" not in _labels(form)
    await _tap(leader, form, "实地检查")
    await _tap(leader, form, "下一步")
    await _tap(leader, form, CODE_B)  # brings its parents along
    assert {"☑️ A 发现问题待后续处理", "☑️ 　2 违反工商行政管理相关规定",
            "☑️ " + CODE_B} <= set(_labels(form))  # fmt: skip
    await _tap(leader, form, "下一步")
    mark = len(fake.sent)
    await leader.send("企业未按期公示2025年度报告")
    form = await leader.expect("后续处置", after=mark)
    await _tap(leader, form, "责令改正")
    due = date.today() + timedelta(days=30)
    mark = len(fake.sent)
    await leader.send(due.isoformat())
    form = await leader.expect("⑤ 请发送备注", after=mark)
    mark = len(fake.sent)
    await leader.send("法定代表人在场")
    form = await leader.expect("请核对以上内容", after=mark)
    assert f"责令改正（期限 {due.isoformat()}）" in form.text
    assert "企业未按期公示2025年度报告" in form.text
    old_form = _frozen(form)
    mark = len(fake.sent)
    await _tap(leader, form, "提交")
    assert f"第 1 版），等待 {partner.first_name} 确认" in form.text
    (v1,) = await _versions(db)
    assert v1.status is ResultStatus.SUBMITTED and v1.codes == ["A", "2", "B"]
    assert v1.methods == ["site"] and v1.follow_up == "order" and v1.follow_up_due_on == due
    assert v1.findings == "企业未按期公示2025年度报告" and v1.remarks == "法定代表人在场"
    assert v1.submitted_by == ids[leader.id]
    assert (await _task(db)).status is TaskStatus.SUBMITTED

    # --- the partner objects once ----------------------------------------------------------
    first = await partner.expect("请确认检查结果", after=mark)
    assert "证据材料：5 份" in first.text and "未按规定公示应当公示的信息" in first.text
    assert "不是该任务检查组的成员" in await _tap(outsider, first, "有异议")
    assert "不是该任务检查组的成员" in await _tap(outsider, first, "确认无误")
    mark = len(fake.sent)
    await _tap(partner, first, "有异议")
    await partner.expect("异议理由", after=mark)
    await partner.send("改正期限应为十五天")
    await partner.expect("已提出异议", after=mark)
    objected = await leader.expect("有异议：改正期限应为十五天", after=mark)
    (v1,) = await _versions(db)
    assert v1.status is ResultStatus.RETURNED
    assert (await _task(db)).status is TaskStatus.IN_PROGRESS
    listing, _card = await _open_card(leader, target_name)
    assert "已退回" in listing.text

    # --- the submitter corrects and resubmits; the partner confirms ------------------------
    mark = len(fake.sent)
    await _tap(leader, objected, "继续录入")
    form = await leader.expect("请核对以上内容", after=mark)
    await _tap(leader, form, "修改后续处置")
    await _tap(leader, form, "☑️ 责令改正")
    due = date.today() + timedelta(days=15)
    mark = len(fake.sent)
    await leader.send(due.isoformat())
    form = await leader.expect("请核对以上内容", after=mark)
    mark = len(fake.sent)
    await _tap(leader, form, "提交")
    assert "第 2 版" in form.text
    second = await partner.expect("第 2 版", after=mark)
    assert "已确认第 2 版" in await _tap(partner, second, "确认无误")
    await leader.expect("已确认", after=mark)
    review = await group.expect("检查结果待审核", after=mark)
    assert "第 2 版" in review.text and "证据材料：5 份" in review.text
    v1, v2 = await _versions(db)
    assert (v1.status, v2.status) == (ResultStatus.SUPERSEDED, ResultStatus.CONFIRMED)
    assert v2.follow_up_due_on == due and (await _task(db)).status is TaskStatus.CONFIRMED

    # --- an admin returns it once, with a note typed in the group ---------------------------
    # A group member who is no administrator cannot decide, nor type the note.
    assert "只有管理群的管理员" in await _tap(member, review, "通过")
    assert "只有管理群的管理员" in await _tap(member, review, "退回")
    mark = len(fake.sent)
    await _tap(admin, review, "退回")
    await group.expect("请回复本消息", after=mark)
    await member.send("我来写退回说明", chat=group)
    await admin.send("请补充营业执照照片", chat=group)
    await group.expect("已退回", after=mark)
    note = await leader.expect("退回：请补充营业执照照片", after=mark)
    await partner.expect("退回：请补充营业执照照片", after=mark)
    _v1, v2 = await _versions(db)
    assert v2.status is ResultStatus.RETURNED and v2.review_note == "请补充营业执照照片"
    assert v2.reviewed_by == admin.id and (await _task(db)).status is TaskStatus.IN_PROGRESS
    assert not [m for m in fake.sent[mark:] if "我来写退回说明" in m.text]

    # --- the team adds the photo asked for, resubmits; the partner confirms; approved -------
    mark = len(fake.sent)
    await leader.send_photo(photo(7), caption="营业执照")
    await leader.expect("已收到照片", after=mark)
    mark = len(fake.sent)
    await _tap(leader, note, "继续录入")
    form = await leader.expect("请核对以上内容", after=mark)
    await _tap(leader, form, "提交")
    third = await partner.expect("第 3 版", after=mark)
    answered = _frozen(third)
    await _tap(partner, third, "确认无误")
    assert "证据材料：6 份" in third.text
    review = await group.expect("检查结果待审核", after=mark)
    assert "第 3 版" in review.text and "证据材料：6 份" in review.text
    mark = len(fake.sent)
    await _tap(admin, review, "通过")
    assert "审核通过" in review.text and review.buttons() == []
    await leader.expect("已审核通过", after=mark)
    await partner.expect("已审核通过", after=mark)
    versions = await _versions(db)
    assert [v.status for v in versions] == [ResultStatus.SUPERSEDED, ResultStatus.SUPERSEDED,
                                            ResultStatus.APPROVED]  # fmt: skip
    v3 = versions[2]
    assert v3.reviewed_by == admin.id and v3.codes == ["A", "2", "B"]
    assert v3.follow_up_due_on == due
    task = await _task(db)
    checked_on = runtime.local(checkin.located_at).date()
    assert task.status is TaskStatus.REVIEWED and task.checked_on == checked_on
    async with db.session() as session:
        target = (await session.execute(select(Target))).scalar_one()
        answers = list((await session.execute(
            select(ResultConfirmation.version_id, ResultConfirmation.decision,
                   ResultConfirmation.reason).order_by(ResultConfirmation.id))).all())  # fmt: skip
    assert target.last_inspected_on == checked_on and not target.abnormal_listed
    assert answers == [(versions[0].id, Decision.OBJECT, "改正期限应为十五天"),
                       (versions[1].id, Decision.CONFIRM, None),
                       (versions[2].id, Decision.CONFIRM, None)]  # fmt: skip
    assert await _count(db, ResultProposal) == 0  # B proposes no credit-record consequence

    # --- /target shows the history; /tasks lists the task as done ----------------------------
    mark = len(fake.sent)
    await admin.send(f"/target {drawn.uscc}", chat=group)
    shown = await group.expect("检查记录", after=mark)
    draw_at = shown.text.index(locked.code)
    result_at = shown.text.index(f"检查结果（{checked_on.isoformat()}）")
    assert draw_at < result_at and "B 未按规定公示应当公示的信息" in shown.text[result_at:]
    assert f"上次检查：{checked_on.isoformat()}" in shown.text
    for person in (leader, partner):
        listing, card = await _open_card(person, target_name)
        assert "已完成" in listing.text and "待检查" not in listing.text
        assert "开始检查" not in _labels(card) and "📍 签到" not in _labels(card)

    # --- after the approval: evidence, a check-in, stale buttons change nothing -------------
    evidence_before = await _count(db, Evidence)
    mark = len(fake.sent)
    await leader.send_photo(photo(42))
    await leader.expect("没有进行中的检查任务", after=mark)
    async with db.session() as session:
        late = (await session.scalars(select(Evidence).order_by(Evidence.id.desc()))).first()
        on_task = await session.scalar(select(func.count()).select_from(Evidence)
                                       .where(Evidence.task_id == task_id))  # fmt: skip
    assert late is not None and late.task_id is None and late.status is EvidenceStatus.PENDING
    assert late.inspector_id == ids[leader.id] and on_task == 6
    assert await _count(db, Evidence) == evidence_before + 1
    mark = len(fake.sent)
    await leader.send_location(*TARGET_AT, accuracy=10)
    await leader.expect("没有进行中的检查任务，位置未记录", after=mark)
    assert await _count(db, Checkin) == 1
    assert "已结束" in await _tap(leader, old_card, "📍 签到")
    assert "此按钮已失效" in await _tap(leader, old_form, "提交")
    assert "不在待确认状态" in await _tap(partner, answered, "确认无误")
    assert len(await _versions(db)) == 3 and (await _task(db)).status is TaskStatus.REVIEWED

    # Every step is in the audit log, in order.
    actions = [a for a in await _actions(db) if a.startswith(("accept", "start_task", "checkin",
                                                               "result_"))]  # fmt: skip
    assert actions == [
        "accept", "accept", "start_task", "checkin",
        "result_submit", "result_object",
        "result_submit", "result_confirm", "result_return",
        "result_submit", "result_confirm", "result_approve",
    ]  # fmt: skip
    # ... and the chain covers what the day produced: the versions, the files, the draw.
    async with db.session() as session:
        verified = await audit.verify(session)
    assert verified.ok, verified.problem
    assert await _count(db, AuditEntry) == verified.count
