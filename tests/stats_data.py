"""A small year of spot checks for the statistics: one plan, one locked draw of 5 targets by
the plan's ratios, and the tasks taken to known states (results on time and late, published
on time, late and not at all, one in progress, one cancelled, one recusal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select, update

from bot.services.draw_stages import draw_now
from bot.services.draws import DrawRequest, Size
from storage.database import Database
from storage.models import (
    CreditClass,
    Draw,
    MemberStatus,
    Plan,
    PlanStatus,
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
from tests.assignments_data import END, PREFIX, START, Person, seed

PEOPLE = [
    Person("张三", "41172120200001", "会计科", None),
    Person("李四", "41172120200002", "会计科", None),
    Person("王五", "41172120200003", "监督检查局", None),
    Person("赵六", "41172120200004", "监督检查局", None),
]
PLAN_CODE = "PLAN-2026"
RATIOS = {"A": 50.0, "B": 10.0, "C": 50.0, "unclassified": 25.0}
#: The moment the statistics are read: every window has ended, some publications are late.
NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
LOCKED_AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
REGIONS = ("芦庙乡", "芦庙乡", "出山镇", "师灵镇")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Year:
    code: str  # the draw's
    tasks: list[int]  # task ids in order: published, late unpublished, late published, open,
    # cancelled


async def build(db: Database) -> Year:
    usccs = await seed(db, PEOPLE, 12)
    classes = [CreditClass.A] * 4 + [CreditClass.C] * 4 + [None] * 4
    async with db.session() as session, session.begin():
        for n, (uscc, credit) in enumerate(zip(usccs, classes, strict=True)):
            await session.execute(
                update(Target)
                .where(Target.uscc == uscc)
                .values(
                    credit_class=credit,
                    region=REGIONS[n % 4],
                    industry="餐饮业" if n % 2 else "零售业",
                )
            )
        plan = Plan(code=PLAN_CODE, year=2026, title="2026年度抽查计划",
                    status=PlanStatus.ACTIVE, ratios=RATIOS)  # fmt: skip
        session.add(plan)
        await session.flush()
        plan_id = plan.id
    request = DrawRequest(
        item_codes=("XPCZ-001",), starts_on=START, ends_on=END, seed="骰子 2 7 1 8",
        size=Size("ratios", ratios=(("A", 50.0), ("C", 50.0), ("unclassified", 25.0))),
        plan_id=plan_id,
    )  # fmt: skip
    async with db.session() as session:
        locked = await draw_now(session, request, actor=None, code_prefix=PREFIX)
    async with db.session() as session, session.begin():
        draw = await session.scalar(select(Draw).where(Draw.code == locked.code))
        assert draw is not None
        draw.locked_at = LOCKED_AT  # a fixed year, whatever today's date
        tasks = list(await session.scalars(select(Task).where(Task.draw_id == draw.id)
                                           .order_by(Task.id)))  # fmt: skip
        assert len(tasks) == 5, len(tasks)
        members = {
            t.id: list(await session.scalars(select(TaskMember)
                                             .where(TaskMember.task_id == t.id)
                                             .order_by(TaskMember.id)))
            for t in tasks
        }  # fmt: skip
        published, late_unpublished, late_published, open_task, cancelled = tasks

        def version(task: Task, number: int, codes: list[str], submitted: date) -> ResultVersion:
            row = ResultVersion(task_id=task.id, number=number, codes=codes, methods=["实地检查"],
                                follow_up="none", submitted_by=members[task.id][0].inspector_id,
                                submitted_at=_at(submitted),
                                status=ResultStatus.APPROVED)  # fmt: skip
            session.add(row)
            return row

        v1 = version(published, 1, ["1"], date(2026, 12, 10))
        version(late_unpublished, 1, ["A", "5"], date(2027, 1, 5))
        # Approved, then corrected: only the latest approved version counts.
        version(late_published, 1, ["8"], date(2026, 12, 1))
        v3 = version(late_published, 2, ["1"], date(2026, 12, 3))
        published.status, published.checked_on = TaskStatus.PUBLISHED, date(2026, 12, 10)
        late_unpublished.status = TaskStatus.REVIEWED
        late_unpublished.checked_on = date(2027, 1, 5)
        late_published.status, late_published.checked_on = TaskStatus.PUBLISHED, date(2026, 12, 1)
        open_task.status = TaskStatus.IN_PROGRESS
        cancelled.status = TaskStatus.CANCELLED
        members[open_task.id][1].status = MemberStatus.RECUSED
        await session.flush()
        on_time = Publication(kind=PublicationKind.RESULTS, year=2026, number=1, title="公告1",
                              created_at=_at(date(2026, 12, 15)))  # fmt: skip
        late = Publication(kind=PublicationKind.RESULTS, year=2027, number=1, title="公告2",
                           created_at=_at(date(2027, 2, 20)))  # fmt: skip
        session.add_all([on_time, late])
        await session.flush()
        session.add_all([
            PublishedResult(publication_id=on_time.id, task_id=published.id, version_id=v1.id),
            PublishedResult(publication_id=late.id, task_id=late_published.id, version_id=v3.id),
        ])  # fmt: skip
        return Year(locked.code, [t.id for t in tasks])
