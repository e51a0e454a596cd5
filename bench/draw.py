"""The draw at scale, in memory: 1,000,000 targets over four credit classes plus blacklisted
ones, a stratified sample of 20,000, 300 inspectors in 6 departments with 200 declared
conflicts, cross-department teams of 2. Also times Rivest's `consistent_sampler` on the same
pool and seed for the same target sample, and checks that both samples are identical.

    python bench/draw.py [--targets 1000000] [--sample 20000]

Goals: identical sample; the whole draw within 10 s and 1 GB RSS; target sampling at least
5 times faster than the package. The targets are written to a fresh SQLite database first
(not timed), and the pool is frozen from it as a draw does.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.draws.record import make_record, verify  # noqa: E402
from bot.draws.sampling import Stratum, rank  # noqa: E402
from bot.draws.teams import Inspector, TeamRules  # noqa: E402
from bot.registers.uscc import check_character  # noqa: E402
from bot.services import draws  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.models import CreditClass, Target  # noqa: E402
from storage.repositories.draws import ScopeFilter  # noqa: E402
from storage.repositories.registers import RegisterRepository  # noqa: E402
from storage.types import utcnow  # noqa: E402

#: Share of the directory and sampling rate per stratum (a county's typical spread).
STRATA: dict[Stratum, tuple[float, float]] = {
    "A": (0.40, 0.0075),
    "B": (0.30, 0.015),
    "C": (0.20, 0.03),
    "D": (0.09, 0.05),
    "blacklisted": (0.01, 0.20),
}
DEPARTMENTS = ["会计股", "监督检查股", "采购股", "资产股", "票据股", "法规股"]


def pool_of(targets: int) -> dict[Stratum, list[str]]:
    pool: dict[Stratum, list[str]] = {s: [] for s in STRATA}
    names = list(STRATA)
    weights = [share for share, _rate in STRATA.values()]
    rng = random.Random(11)
    for i in range(targets):
        body = f"91411721{i:09d}"
        pool[rng.choices(names, weights)[0]].append(body + check_character(body))
    return pool


async def freeze(pool: dict[Stratum, list[str]], folder: Path) -> tuple[float, draws.FrozenPool]:
    """Write the targets to a fresh SQLite database, then time freezing the pool from it."""
    db = Database(f"sqlite+aiosqlite:///{folder / 'draw.sqlite3'}")
    await db.migrate()
    async with db.session() as session, session.begin():
        repo = RegisterRepository(session, Target, (Target.uscc,))
        now = utcnow()
        for stratum, ids in pool.items():
            credit = CreditClass(stratum) if stratum in ("A", "B", "C", "D") else None
            for start in range(0, len(ids), 20_000):
                rows = [{"uscc": u, "name": u, "credit_class": credit,
                         "blacklisted": stratum == "blacklisted"}
                        for u in ids[start : start + 20_000]]  # fmt: skip
                await repo.insert(rows, {"created_at": now, "updated_at": now, "active": True})
    started = time.perf_counter()
    async with db.session() as session:
        frozen = await draws.freeze_pool(
            session, ScopeFilter(), [], year=2026, min_interval_days=365, today=date(2026, 11, 26)
        )
    seconds = time.perf_counter() - started
    await db.dispose()
    return seconds, frozen


async def staged(
    folder: Path, ratios: dict[Stratum, float], inspectors: list[Inspector], seed: str
) -> dict[str, tuple[float, str]]:
    """The wizard's stages on the same database: preview, freeze (the pool stored with the
    draw), seed (sample, teams, tasks and members written, locked)."""
    from bot.outbox import Outbox
    from bot.services import draw_stages
    from bot.texts import get_texts
    from storage.models import Department, InspectionItem
    from storage.models import Inspector as InspectorRow

    db = Database(f"sqlite+aiosqlite:///{folder / 'draw.sqlite3'}")
    async with db.session() as session, session.begin():
        departments = [Department(code=f"D{i}", name=name) for i, name in enumerate(DEPARTMENTS)]
        session.add_all(departments)
        await session.flush()
        by_name = {d.name: d.id for d in departments}
        session.add(InspectionItem(code="XPCZ-001", name="bench", department_id=by_name["会计股"]))
        session.add_all(
            InspectorRow(name=f"检查员{n}", certificate_no=i.certificate,
                         certificate_expires_on=date(2030, 1, 1),
                         department_id=by_name[i.department])
            for n, i in enumerate(inspectors)
        )  # fmt: skip
    size = draws.Size("ratios", ratios=tuple(ratios.items()))
    request = draws.DrawRequest(item_codes=("XPCZ-001",), size=size,
                                starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31),
                                seed="", cross_department=True)  # fmt: skip
    times: dict[str, tuple[float, str]] = {}
    async with db.session() as session:
        started = time.perf_counter()
        preview = await draw_stages.preview(session, request)
        times["preview"] = (time.perf_counter() - started, f"{preview.sample_size:,} to draw")
        started = time.perf_counter()
        frozen = await draw_stages.freeze(session, request, actor=None, code_prefix="BENCH",
                                          expected_digest=preview.digest)  # fmt: skip
        times["freeze (pool stored)"] = (time.perf_counter() - started, frozen.code)
        started = time.perf_counter()
        locked = await draw_stages.apply_seed(
            session, frozen.code, seed, actor=None, outbox=Outbox(session), texts=get_texts("zh-CN")
        )
        seconds = time.perf_counter() - started
        times["seed (draw, tasks, lock)"] = (seconds, f"{len(locked.record.sample):,} tasks")
    times["freeze + seed"] = (times["freeze (pool stored)"][0] + seconds, "")
    await db.dispose()
    return times


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()
    pool = pool_of(args.targets)
    scale = args.sample / sum(len(pool[s]) * rate for s, (_share, rate) in STRATA.items())
    sizes = {s: round(len(pool[s]) * rate * scale) for s, (_share, rate) in STRATA.items()}
    inspectors = [Inspector(f"411721{i:08d}", DEPARTMENTS[i % 6]) for i in range(300)]
    rng = random.Random(5)
    everyone = [u for ids in pool.values() for u in ids]
    conflicts: dict[str, list[str]] = {}
    for _ in range(200):
        conflicts.setdefault(rng.choice(everyone), []).append(rng.choice(inspectors).certificate)
    seed = "07 23 41 15 62 38 90 04 57 11 骰子"
    with tempfile.TemporaryDirectory() as folder:
        freezing, frozen = asyncio.run(freeze(pool, Path(folder)))
        ratio = {s: 100 * sizes[s] / len(frozen.pool[s]) for s in sizes}
        stage_times = asyncio.run(staged(Path(folder), ratio, inspectors, seed))
    assert frozen.size == args.targets
    pool = frozen.pool
    print(f"pool {args.targets:,} targets; sample {sum(sizes.values()):,} "
          f"({', '.join(f'{s} {n:,}' for s, n in sizes.items())}); "
          f"300 inspectors, 200 conflicts")  # fmt: skip

    started = time.perf_counter()
    ours = {s: [i for _t, i in rank(seed, pool[s], sizes[s])] for s in pool}
    ranking = time.perf_counter() - started

    started = time.perf_counter()
    record = make_record(
        code="BENCH-001", items=["XPCZ-001"], seed=seed, pool=pool, sizes=sizes,
        inspectors=inspectors, rules=TeamRules(size=2, cross_department=True),
        previous={}, conflicts=conflicts,
    )  # fmt: skip
    whole = time.perf_counter() - started
    teamless = [t for t in record.sample if not t.team]
    started = time.perf_counter()
    verified = verify(record) is None
    verifying = time.perf_counter() - started

    import consistent_sampler  # a test dependency: make install-dev / make test installs it

    started = time.perf_counter()
    theirs = {
        s: list(consistent_sampler.sampler(pool[s], seed=seed, take=sizes[s], output="id"))
        for s in pool
    }
    package = time.perf_counter() - started
    identical = ours == theirs

    print(f"freeze the pool (database):    {freezing:6.2f} s")
    print(f"rank the pool (all strata):    {ranking:6.2f} s")
    print(f"sample + teams:                {whole:6.2f} s   ({len(teamless)} targets without team)")
    print(f"whole draw (freeze + sample + teams): {freezing + whole:5.2f} s")
    outcome = "verified" if verified else "DIFFERS"
    print(f"verify the record:             {verifying:6.2f} s   ({outcome})")
    print(f"consistent_sampler, same sample: {package:4.2f} s   ratio {package / ranking:.1f}x")
    print(f"identical sample:              {identical}")
    print(f"peak RSS:                      {peak_rss_mb():6.0f} MB")
    print("as the group's wizard does it, in the database (tasks and teams written):")
    for label, (seconds, note) in stage_times.items():
        print(f"  {label:28} {seconds:6.2f} s   {note}")
    ok = identical and verified and not teamless and package / ranking >= 5
    ok = ok and freezing + whole <= 10
    ok = ok and peak_rss_mb() <= 1024
    print("result: " + ("PASS" if ok else "FAIL") + " (goals: identical, <= 10 s, <= 1 GB, >= 5x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
