"""A small bureau in the database for assignment tests: one item, a few targets, inspectors
(some bound to Telegram accounts), conflicts; and a locked draw of it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.outbox import Outbox
from bot.services.draw_stages import draw_now
from bot.services.draws import DrawRequest, LockedDraw, Size
from bot.texts import Texts
from storage.database import Database
from storage.models import (
    Conflict,
    Department,
    InspectionItem,
    Inspector,
    Target,
    Task,
    TaskMember,
    TelegramAccount,
)
from tests.registers_data import make_uscc

START, END = date(2026, 12, 1), date(2026, 12, 31)
PREFIX = "西财双随机"


@dataclass(frozen=True)
class Person:
    name: str
    certificate: str
    department: str
    user_id: int | None  # None: not bound
    phone: str = ""


async def seed(
    db: Database,
    people: Sequence[Person],
    targets: int,
    conflicted: Sequence[str] = (),
) -> list[str]:
    """The registers; `conflicted`: certificates in conflict with every target. Returns the
    targets' USCCs."""
    rng = random.Random(11)
    usccs = [make_uscc(rng) for _ in range(targets)]
    async with db.session() as session, session.begin():
        departments: dict[str, Department] = {}
        for n, name in enumerate(sorted({p.department for p in people})):
            departments[name] = Department(code=f"D{n}", name=name)
        session.add_all(departments.values())
        await session.flush()
        first = departments[people[0].department]
        session.add(InspectionItem(code="XPCZ-001", name="会计信息质量检查",
                                   content="检查会计凭证、账簿和财务会计报告的真实性、完整性。",
                                   department_id=first.id))  # fmt: skip
        for n, uscc in enumerate(usccs, 1):
            session.add(Target(uscc=uscc, name=f"西平县测试企业{n}有限公司", region="芦庙乡",
                               address=f"西平县芦庙乡人民路{n}号", legal_representative="赵法人",
                               phone="0396-6000001"))  # fmt: skip
        for p in people:
            if p.user_id is not None:
                session.add(TelegramAccount(user_id=p.user_id, first_name=p.name))
        await session.flush()
        for p in people:
            session.add(Inspector(name=p.name, certificate_no=p.certificate,
                                  department_id=departments[p.department].id,
                                  certificate_expires_on=date(2028, 1, 1), phone=p.phone,
                                  telegram_user_id=p.user_id))  # fmt: skip
        await session.flush()
        ids = dict((await session.execute(select(Inspector.certificate_no, Inspector.id))).all())
        target_ids = dict((await session.execute(select(Target.uscc, Target.id))).all())
        for certificate in conflicted:
            session.add_all(Conflict(inspector_id=ids[certificate], target_id=target_ids[u],
                                     reason="亲属") for u in usccs)  # fmt: skip
    return usccs


async def lock(
    db: Database, count: int, *, outbox_of: object = None, texts: Texts | None = None
) -> LockedDraw:
    """A locked draw of `count` targets, teams of two; the outbox of a running bot if given
    (`outbox_of`: a Runtime), else a plain one (the cards wait, as on the command line)."""
    request = DrawRequest(item_codes=("XPCZ-001",), size=Size("count", count), starts_on=START,
                          ends_on=END, seed="骰子 3 1 4 1 5")  # fmt: skip
    async with db.session() as session:
        outbox = outbox_of.outbox(session) if outbox_of is not None else Outbox(session)  # type: ignore[attr-defined]
        return await draw_now(session, request, actor=None, code_prefix=PREFIX, outbox=outbox,
                              texts=texts)  # fmt: skip


async def members(db: Database) -> list[tuple[TaskMember, Inspector, Task]]:
    async with db.session() as session:
        rows = await session.execute(
            select(TaskMember, Inspector, Task)
            .join(Inspector, Inspector.id == TaskMember.inspector_id)
            .join(Task, Task.id == TaskMember.task_id)
            .order_by(TaskMember.id)
        )
        return [(m, i, t) for m, i, t in rows]
