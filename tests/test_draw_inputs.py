"""A draw's inputs from a real database: the frozen pool and its exclusions, inspectors,
conflicts; then a whole draw on them verifies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bot.draws.record import make_record, verify
from bot.draws.sampling import stratum_of
from bot.draws.teams import TeamRules
from bot.services import draws
from bot.services.draws import Exclusion
from bot.services.registers import RegisterName, import_register
from storage.database import Database
from storage.models import CreditClass, Target
from storage.repositories.draws import ScopeFilter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = date(2026, 11, 26)


async def _load_examples(db: Database) -> None:
    names: tuple[RegisterName, ...] = ("items", "targets", "inspectors", "conflicts")
    for name in names:
        path = next(EXAMPLES.glob(f"{name}.*"))
        async with db.session() as session:
            report = await import_register(session, name, path, actor=None, today=TODAY)
        assert report.ok, report.errors[:3]


async def test_the_pool_excludes_by_reason_and_a_draw_on_it_verifies(db: Database) -> None:
    await _load_examples(db)
    async with db.session() as session, session.begin():
        usccs = list(await session.scalars(select(Target.uscc).order_by(Target.id).limit(30)))
        await session.execute(update(Target).where(Target.uscc.in_(usccs[:5]))
                              .values(registration_status="注销"))  # fmt: skip
        await session.execute(update(Target).where(Target.uscc.in_(usccs[5:8]))
                              .values(active=False))  # fmt: skip
        await session.execute(update(Target).where(Target.uscc.in_(usccs[8:15]))
                              .values(last_inspected_on=TODAY - timedelta(days=100)))  # fmt: skip
        total = int(await session.scalar(select(func.count()).select_from(Target)) or 0)
        gone_before = int(await session.scalar(
            select(func.count()).select_from(Target)
            .where(Target.registration_status.in_(draws.GONE))) or 0)  # fmt: skip
        recent_before = int(await session.scalar(
            select(func.count()).select_from(Target).where(
                Target.last_inspected_on > TODAY - timedelta(days=365),
                Target.registration_status.not_in(draws.GONE), Target.active.is_(True),
            )) or 0)  # fmt: skip
    async with db.session() as session:
        frozen = await draws.freeze_pool(session, ScopeFilter(), [], year=2026,
                                         min_interval_days=365, today=TODAY)  # fmt: skip
    assert frozen.excluded[Exclusion.GONE] == gone_before >= 5
    assert frozen.excluded[Exclusion.INACTIVE] == 3
    assert frozen.excluded[Exclusion.RECENTLY_CHECKED] == recent_before >= 7
    assert frozen.size + sum(frozen.excluded.values()) == total
    assert not set(usccs[:15]) & {u for ids in frozen.pool.values() for u in ids}
    # The database sorts targets into the same strata as the domain does.
    async with db.session() as session:
        rows = (await session.execute(select(Target.uscc, Target.credit_class, Target.blacklisted,
                                             Target.abnormal_listed))).all()  # fmt: skip
    expected = {u: stratum_of(c.value if c else None, b, a) for u, c, b, a in rows}
    assert all(expected[u] == s for s, ids in frozen.pool.items() for u in ids)

    async with db.session() as session:
        only_c = await draws.freeze_pool(session, ScopeFilter(credit_classes=(CreditClass.C,)),
                                         [], year=2026, min_interval_days=365,
                                         today=TODAY)  # fmt: skip
    assert set(only_c.pool) <= {"C", "blacklisted", "abnormal"}

    window_end = date(2026, 12, 31)
    async with db.session() as session:
        inspectors = await draws.eligible_inspectors(session, window_end)
        assert len(inspectors) == 7, "8 in the register, one certificate expired"
        sizes = {stratum: max(1, len(ids) // 20) for stratum, ids in frozen.pool.items()}
        record = make_record(code="T-1", items=["XPCZ-001"], seed="42", pool=frozen.pool,
                             sizes=sizes, inspectors=inspectors, rules=TeamRules(size=2),
                             previous={}, conflicts={})  # fmt: skip
        drawn = [t.uscc for t in record.sample]
        facts = await draws.target_facts(session, drawn)
    assert record.pool_digest == frozen.digest and verify(record) is None
    # The sample registers declare conflicts; the facts carry those of drawn targets.
    async with db.session() as session:
        declared = await draws.target_facts(
            session, [u for ids in frozen.pool.values() for u in ids]
        )
    assert sum(len(f.conflicts) for f in declared.values()) >= 1
    assert set(facts) <= set(drawn)
