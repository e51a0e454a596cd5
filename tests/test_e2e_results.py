"""检查结果 through the fake Telegram: the findings form across a restart with its refusals,
the partner's objection and confirmation of the corrected version, the admin's 退回 and
通过, no editing after approval but a correction with its reason, the target updated and the
proposed consequence applied."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.app import build_application, runtime_of, start, stop
from bot.services import results
from bot.settings import Settings
from bot.texts import get_texts
from storage.database import Database
from storage.models import (
    AuditEntry,
    Inspector,
    ResultConfirmation,
    ResultStatus,
    ResultVersion,
    Target,
    Task,
    TaskStatus,
)
from tests.assignments_data import Person, lock, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually

TEAM = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
]
UNREACHABLE = "　　6 通过登记的住所（经营场所）无法联系"


async def _answer(fake: FakeTelegram, query_id: str) -> str:
    await eventually(lambda: query_id in fake.callback_answers, what="the press's answer")
    return str(fake.callback_answers[query_id].get("text", ""))


async def _tap(user: FakeUser, message: SentMessage, label: str) -> str:
    return await _answer(user.fake, await user.press(message, label))


def _labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons()]


async def test_findings_confirmation_review_and_target(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
) -> None:  # fmt: skip
    await seed(db, TEAM, targets=3)
    users = {}
    for p in TEAM:
        assert p.user_id is not None
        users[p.certificate] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)
    due = date.today() + timedelta(days=30)
    app = build_application(settings, db)
    await start(app)
    try:
        locked = await lock(db, 1, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
        team = locked.record.sample[0].team
        leader, partner = users[team[0]], users[team[1]]
        await leader.expect("检查任务")

        mark = len(fake.sent)
        await leader.send("/result")
        pick = await leader.expect("请选择要录入检查结果的任务", after=mark)
        mark = len(fake.sent)
        await _tap(leader, pick, _labels(pick)[0])
        form = await leader.expect("检查结果录入", after=mark)
        assert "① 选择核查方式" in form.text
        await _tap(leader, form, "实地检查")
        await _tap(leader, form, "书面检查")
        assert "☑️ 实地检查" in _labels(form)
        await _tap(leader, form, "下一步")
        assert "② 选择检查结果" in form.text
        # No code: the step is refused with the reason.
        refused = await _tap(leader, form, "下一步")
        assert "请至少选择一项检查结果" in refused
        await _tap(leader, form, "1 未发现问题")
        await _tap(leader, form, "下一步")
        assert "③" in form.text
        await _tap(leader, form, "跳过")
        await _tap(leader, form, "责令改正")
        assert "责令改正的期限" in form.text
    finally:
        await stop(app)

    # The form waits in the database: the deadline is typed after a restart.
    app = build_application(settings, db)
    await start(app)
    try:
        mark = len(fake.sent)
        await leader.send("2020-01-01")
        await leader.expect("日期无法识别或早于今天", after=mark)
        mark = len(fake.sent)
        await leader.send(due.isoformat())
        form = await leader.expect("⑤ 请发送备注", after=mark)
        assert f"责令改正（期限 {due.isoformat()}）" in form.text
        mark = len(fake.sent)
        await leader.send("企业负责人在场")
        form = await leader.expect("请核对以上内容", after=mark)
        assert "备注：企业负责人在场" in form.text

        # A problem code clears 未发现问题; submitting it without findings is refused.
        await _tap(leader, form, "修改检查结果")
        await _tap(leader, form, UNREACHABLE)
        labels = _labels(form)
        assert "1 未发现问题" in labels and "☑️ A 发现问题待后续处理" in labels
        await _tap(leader, form, "返回核对")
        refused = await _tap(leader, form, "提交")
        assert "须填写检查情况描述" in refused
        # No code at all is refused too.
        await _tap(leader, form, "修改检查结果")
        await _tap(leader, form, "☑️ A 发现问题待后续处理")
        assert not [label for label in _labels(form) if label.startswith("☑️")]
        await _tap(leader, form, "返回核对")
        assert "请至少选择一项检查结果" in await _tap(leader, form, "提交")
        await _tap(leader, form, "修改检查结果")
        await _tap(leader, form, UNREACHABLE)
        await _tap(leader, form, "返回核对")
        await _tap(leader, form, "修改情况描述")
        mark = len(fake.sent)
        await leader.send("登记住所无人办公，电话无法接通")
        form = await leader.expect("请核对以上内容", after=mark)
        mark = len(fake.sent)
        await _tap(leader, form, "提交")
        assert f"第 1 版），等待 {partner.first_name} 确认" in form.text

        # The partner objects once.
        first = await partner.expect("请确认检查结果", after=mark)
        assert "证据材料：0 份" in first.text and "通过登记的住所" in first.text
        mark = len(fake.sent)
        await _tap(partner, first, "有异议")
        await partner.expect("异议理由", after=mark)
        await partner.send("改正期限应为十五天")
        await partner.expect("已提出异议", after=mark)
        returned = await leader.expect("有异议：改正期限应为十五天", after=mark)

        # The leader corrects it (a new version); the partner confirms it.
        mark = len(fake.sent)
        await _tap(leader, returned, "继续录入")
        form = await leader.expect("请核对以上内容", after=mark)
        await _tap(leader, form, "修改后续处置")
        await _tap(leader, form, "☑️ 责令改正")
        mark = len(fake.sent)
        await leader.send((due - timedelta(days=15)).isoformat())
        form = await leader.expect("请核对以上内容", after=mark)
        mark = len(fake.sent)
        await _tap(leader, form, "提交")
        assert "第 2 版" in form.text
        second = await partner.expect("第 2 版", after=mark)
        # The old request no longer counts.
        assert "不在待确认状态" in await _tap(partner, first, "确认无误")
        assert "已确认第 2 版" in await _tap(partner, second, "确认无误")
        await leader.expect("已确认", after=mark)
        card = await group.expect("检查结果待审核", after=mark)

        # The admin returns it once, with a note typed in the group.
        mark = len(fake.sent)
        await _tap(admin, card, "退回")
        await group.expect("请回复本消息", after=mark)
        await admin.send("请补充现场照片说明", chat=group)
        await group.expect("已退回", after=mark)
        note = await leader.expect("退回：请补充现场照片说明", after=mark)
        await partner.expect("退回：请补充现场照片说明", after=mark)
        assert "不在待审核状态" in await _tap(admin, card, "通过")

        mark = len(fake.sent)
        await _tap(leader, note, "继续录入")
        form = await leader.expect("请核对以上内容", after=mark)
        await _tap(leader, form, "提交")
        third = await partner.expect("第 3 版", after=mark)
        await _tap(partner, third, "确认无误")
        card = await group.expect("检查结果待审核", after=mark)
        # Before deciding, the admin can look at the record sheet (and the evidence).
        assert {"📂 本任务的全部证据", "📄 记录表"} <= {b["text"] for b in card.buttons()}
        mark = len(fake.sent)
        await admin.press(card, "📄 记录表")
        sheet = await fake.wait_for_message(group.id, lambda m: m.file_name is not None,
                                            after=mark)  # fmt: skip
        assert sheet.file_name is not None and sheet.file_name.endswith(".xlsx")
        mark = len(fake.sent)
        await _tap(admin, card, "通过")
        assert "审核通过" in card.text and card.buttons() == []
        await leader.expect("已审核通过", after=mark)
        proposal = await group.expect("信用处置建议", after=mark)
        assert "列入经营异常名录" in proposal.text
        await _tap(admin, proposal, "执行")
        assert "已由" in proposal.text and proposal.buttons() == []

        # The target's card shows the result under its draw.
        mark = len(fake.sent)
        await admin.send(f"/target {locked.record.sample[0].uscc}", chat=group)
        shown = await group.expect("检查结果（", after=mark)
        assert "6 通过登记的住所（经营场所）无法联系" in shown.text

        # Approved is final: no editing, only a correction with its reason.
        assert "不能再修改" in await _tap(leader, note, "继续录入")
        mark = len(fake.sent)
        await leader.send("/result")
        await leader.expect("没有需要录入检查结果的任务", after=mark)
        mark = len(fake.sent)
        await leader.send("/correct")
        pick = await leader.expect("请选择要更正检查结果的任务", after=mark)
        mark = len(fake.sent)
        await _tap(leader, pick, _labels(pick)[0])
        form = await leader.expect("更正原因", after=mark)
        mark = len(fake.sent)
        await leader.send("笔误：住所地址核对有误")
        form = await leader.expect("请核对以上内容", after=mark)
        assert "更正原因：笔误" in form.text
        mark = len(fake.sent)
        await _tap(leader, form, "提交")
        await partner.expect("第 4 版", after=mark)
        mark = len(fake.sent)
        await _tap(leader, form, "查看结果")
        view = await leader.expect("版本", after=mark)
        assert "第 3 版 · 已审核通过" in view.text and "第 4 版 · 待组员确认" in view.text
        assert "更正原因：笔误" in view.text and "退回说明：请补充现场照片说明" in view.text
    finally:
        await stop(app)

    async with db.session() as session:
        versions = list((await session.execute(
            select(ResultVersion).order_by(ResultVersion.number))).scalars())  # fmt: skip
        assert [v.status for v in versions] == [
            ResultStatus.SUPERSEDED, ResultStatus.SUPERSEDED, ResultStatus.APPROVED,
            ResultStatus.SUBMITTED,
        ]  # fmt: skip
        assert versions[1].review_note == "请补充现场照片说明"
        assert versions[2].codes == ["A", "2", "6"] and versions[2].follow_up == "order"
        assert versions[2].follow_up_due_on == due - timedelta(days=15)
        assert versions[3].correction_reason == "笔误：住所地址核对有误"
        objections = list((await session.execute(select(ResultConfirmation).where(
            ResultConfirmation.reason.is_not(None)))).scalars())  # fmt: skip
        assert [o.reason for o in objections] == ["改正期限应为十五天"]
        task = (await session.execute(select(Task))).scalar_one()
        target = await session.get(Target, task.target_id)
        assert target is not None
        assert task.status is TaskStatus.SUBMITTED  # the correction waits for the partner
        assert task.checked_on is not None and target.last_inspected_on == task.checked_on
        assert target.abnormal_listed
        mine = select(Inspector).where(Inspector.telegram_user_id == leader.id)
        inspector = (await session.execute(mine)).scalar_one()
        buttons = await results.card_buttons(session, get_texts("zh-CN"), task.id, inspector)
        assert [label for label, _data in buttons] == ["继续录入", "查看结果"]
        actions = set((await session.execute(select(AuditEntry.action))).scalars())
        assert {"result_submit", "result_object", "result_confirm", "result_return",
                "result_approve", "proposal_apply"} <= actions  # fmt: skip


async def _submit_no_problem(user: FakeUser, fake: FakeTelegram) -> SentMessage:
    """/result on the only task, 实地检查 and 未发现问题, no follow-up, submitted."""
    mark = len(fake.sent)
    await user.send("/result")
    pick = await user.expect("请选择要录入检查结果的任务", after=mark)
    mark = len(fake.sent)
    await _tap(user, pick, _labels(pick)[0])
    form = await user.expect("检查结果录入", after=mark)
    if "请核对以上内容" not in form.text:
        for label in (
            "实地检查",
            "下一步",
            "1 未发现问题",
            "下一步",
            "跳过",
            "无需后续处置",
            "跳过",
        ):
            await _tap(user, form, label)
    await _tap(user, form, "提交")
    assert "已提交检查结果" in form.text
    return form


async def test_questions_whose_result_moved_on_are_closed(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
) -> None:  # fmt: skip
    """An objection's reason typed after the version was replaced, and a 退回 note typed after
    the result was approved, are told so once; the next text is not taken for them again."""
    await seed(db, TEAM, targets=3)
    users = {}
    for p in TEAM:
        assert p.user_id is not None
        users[p.certificate] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)
    app = build_application(settings, db)
    await start(app)
    try:
        locked = await lock(db, 1, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
        team = locked.record.sample[0].team
        leader, partner = users[team[0]], users[team[1]]
        mark = len(fake.sent)
        await _submit_no_problem(leader, fake)
        first = await partner.expect("请确认检查结果", after=mark)
        # Someone else's press, and the submitter's own, are refused.
        assert "您提交的检查结果" in await _tap(leader, first, "确认无误")
        assert "不是该任务检查组的成员" in await _tap(admin, first, "确认无误")
        mark = len(fake.sent)
        await _tap(partner, first, "有异议")
        await partner.expect("异议理由", after=mark)
        # Meanwhile the leader submits again: version 2 replaces version 1.
        await _submit_no_problem(leader, fake)
        second = await partner.expect("第 2 版", after=mark)
        mark = len(fake.sent)
        await partner.send("我有异议")
        await partner.expect("已不在待确认状态", after=mark)
        mark = len(fake.sent)
        await partner.send("你好")
        await partner.expect("", after=mark)
        assert "已不在待确认状态" not in fake.sent[-1].text

        mark = len(fake.sent)
        await _tap(partner, second, "确认无误")
        card = await group.expect("检查结果待审核", after=mark)
        await _tap(admin, card, "退回")
        await group.expect("请回复本消息", after=mark)
        await _tap(admin, card, "通过")
        mark = len(fake.sent)
        await admin.send("请补充说明", chat=group)
        await group.expect("已不在待审核状态", after=mark)
        mark = len(fake.sent)
        await admin.send("大家好", chat=group)
        await leader.send("/result")
        await leader.expect("没有需要录入检查结果的任务", after=mark)
        assert not [m for m in group.messages()[-3:] if "不在待审核状态" in m.text and
                    fake.sent.index(m) >= mark]  # fmt: skip
    finally:
        await stop(app)
