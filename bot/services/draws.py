"""The draw's inputs, read from the database: the frozen pool with its exclusions, the eligible
inspectors, and what the team rules need to know about drawn targets.

Each function is one read-only transaction. The domain logic (sampling, teams, the record)
is in `bot.draws`; the wizard, locking, tasks and cards build on these.
"""

from __future__ import annotations

import enum
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.record import DrawnTarget, DrawRecord, make_record
from bot.draws.sampling import PoolDigest, Stratum, as_stratum, sample
from bot.draws.teams import Inspector as TeamInspector
from bot.draws.teams import TargetFacts, TeamRules
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.services import audit
from bot.services.assignments import IssueReport, issue_cards
from bot.texts import Texts, echo, get_texts
from storage.database import read_only
from storage.models import Draw, DrawStatus, Task, TaskStatus
from storage.repositories.draws import DrawRepository, DrawWriter, ScopeFilter
from storage.types import utcnow

#: Registration statuses of targets that no longer exist here (deregistered, revoked,
#: cancelled, moved away): never drawn.
GONE = frozenset({"注销", "吊销", "撤销", "迁出"})


class Exclusion(enum.StrEnum):
    GONE = "gone"  # deregistered, revoked, cancelled or moved away
    INACTIVE = "inactive"  # deactivated in the register
    RECENTLY_CHECKED = "recently_checked"  # within the plan's minimum interval
    ALREADY_DRAWN = "already_drawn"  # drawn for the same item this year


@dataclass
class FrozenPool:
    pool: dict[Stratum, list[str]]
    excluded: Counter[Exclusion] = field(default_factory=Counter)
    digest: str = ""

    @property
    def size(self) -> int:
        return sum(len(ids) for ids in self.pool.values())


async def freeze_pool(
    session: AsyncSession,
    scope: ScopeFilter,
    item_ids: Sequence[int],
    *,
    year: int,
    min_interval_days: int,
    today: date,
) -> FrozenPool:
    """The targets a draw may sample, by stratum, with every exclusion counted by reason.
    The database does the sorting out; only the kept (USCC, stratum) pairs come back."""
    since = today - timedelta(days=min_interval_days)
    frozen = FrozenPool({})
    async with read_only(session):
        repo = DrawRepository(session)
        args = (scope, sorted(GONE), list(item_ids), year, since)
        counts = await repo.exclusions(*args)
        frozen.excluded.update({Exclusion(reason): n for reason, n in counts.items()})
        digest = PoolDigest()  # the rows come in USCC order: hashed as they arrive
        async for rows in repo.pool(*args):
            digest.update(rows)
            for uscc, stratum in rows:
                frozen.pool.setdefault(as_stratum(stratum), []).append(uscc)
    frozen.digest = digest.hexdigest()
    return frozen


async def eligible_inspectors(session: AsyncSession, valid_through: date) -> list[TeamInspector]:
    """Inspectors who may be drawn: active, certificate valid through the window's end."""
    async with read_only(session):
        rows = await DrawRepository(session).eligible_inspectors(valid_through)
    return [
        TeamInspector(i.certificate_no, department or "", frozenset(i.expertise))
        for i, department in rows
    ]


async def target_facts(session: AsyncSession, usccs: Sequence[str]) -> dict[str, TargetFacts]:
    """Conflicts and last inspection teams of drawn targets."""
    async with read_only(session):
        repo = DrawRepository(session)
        conflicts = await repo.conflicts(usccs)
        previous = await repo.last_teams(usccs)
    return {
        uscc: TargetFacts(frozenset(conflicts.get(uscc, ())), frozenset(previous.get(uscc, ())))
        for uscc in usccs
        if uscc in conflicts or uscc in previous
    }


# --- running and locking a draw -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Size:
    """How many to draw: a fixed count over the whole pool (shared out by stratum in
    proportion), a percentage of every stratum, or the plan's ratio (percent) per stratum."""

    kind: Literal["count", "percent", "ratios"]
    value: float = 0
    #: For "ratios": percent per stratum, as (stratum, percent) pairs; a stratum not named
    #: is not drawn.
    ratios: tuple[tuple[Stratum, float], ...] = ()

    def per_stratum(self, pool: Mapping[Stratum, list[str]]) -> dict[Stratum, int]:
        if self.kind == "ratios":
            ratios = dict(self.ratios)
            return {s: _share(len(ids), ratios.get(s, 0.0)) for s, ids in pool.items()}
        if self.kind == "percent":
            return {s: _share(len(ids), self.value) for s, ids in pool.items()}
        total = sum(len(ids) for ids in pool.values())
        wanted = min(int(self.value), total)
        # Largest remainder: shares that add up exactly, fixed for a given pool.
        exact = {s: wanted * len(ids) / total for s, ids in pool.items()} if total else {}
        sizes = {s: math.floor(x) for s, x in exact.items()}
        left = wanted - sum(sizes.values())
        for s in sorted(exact, key=lambda s: (sizes[s] - exact[s], s))[:left]:
            sizes[s] += 1
        return sizes

    def as_ratios(self) -> dict[str, float]:
        """What the public record keeps of the size."""
        if self.kind == "ratios":
            return dict(self.ratios)
        return {self.kind: self.value}


def _share(size: int, percent: float) -> int:
    """`percent` of a stratum, rounded up (a ratio of 3 % of 10 targets is one target)."""
    return min(size, math.ceil(size * percent / 100 - 1e-9)) if percent > 0 else 0


@dataclass(frozen=True, slots=True)
class DrawRequest:
    item_codes: tuple[str, ...]
    size: Size
    starts_on: date
    ends_on: date
    seed: str
    scope: ScopeFilter = field(default_factory=ScopeFilter)
    team_size: int = 2
    cross_department: bool = False
    min_interval_days: int = 365
    #: The annual plan whose ratios the size comes from, if any.
    plan_id: int | None = None


def _check_feasible(rules: TeamRules, inspectors: Sequence[TeamInspector]) -> None:
    """Refuse, before anything is random, rules that no team can meet for any target."""
    if len(inspectors) < rules.size:
        raise Refusal(lambda t: t.draw_too_few_inspectors.format(eligible=len(inspectors),
                                                                 size=rules.size))  # fmt: skip
    present = {i.department for i in inspectors}
    missing = sorted(rules.required_departments - present)
    if missing:
        raise Refusal(lambda t: t.draw_department_missing.format(
            departments=echo("、".join(missing))))  # fmt: skip
    if rules.cross_department and len(present) < 2:
        raise Refusal(lambda t: t.draw_one_department)


@dataclass(frozen=True, slots=True)
class LockedDraw:
    code: str
    record: DrawRecord
    excluded: Counter[Exclusion]
    #: The cards queued with the lock, and the members who have no account to get one.
    cards: IssueReport | None = None

    @property
    def teamless(self) -> list[DrawnTarget]:
        """Drawn targets no team fits the rules for: their tasks have no members until an
        admin assigns a team by hand (with a logged reason) or cancels the draw."""
        return [t for t in self.record.sample if not t.team]


async def draw_now(
    session: AsyncSession,
    request: DrawRequest,
    *,
    actor: int | None,
    code_prefix: str,
    outbox: Outbox | None = None,
    texts: Texts | None = None,
) -> LockedDraw:
    """Freeze, sample, form teams and lock in one go (the command line; the group's wizard
    takes the same steps with a pause between the frozen pool and the seed). Refused, with
    nothing written, when an item is unknown. A target no team fits is drawn all the same,
    with a task and no members: the seed was used, so the draw stands (see `LockedDraw`)."""
    async with read_only(session):
        items = await DrawWriter(session).items_by_code(request.item_codes)
    if len(items) != len(request.item_codes) or not items:
        known = {code for _i, code, _d in items}
        missing = [c for c in request.item_codes if c not in known] or list(request.item_codes)
        raise Refusal(lambda t: t.draw_unknown_item.format(code=echo("、".join(missing))))
    departments = {d for _i, _c, d in items if d}
    rules = TeamRules(
        size=request.team_size,
        cross_department=request.cross_department,
        # A joint check (several items) puts every item's department in each team.
        required_departments=frozenset(departments) if len(items) > 1 else frozenset(),
    )
    frozen = await freeze_pool(session, request.scope, [i for i, _c, _d in items],
                               year=request.starts_on.year,
                               min_interval_days=request.min_interval_days,
                               today=request.starts_on)  # fmt: skip
    inspectors = await eligible_inspectors(session, request.ends_on)
    _check_feasible(rules, inspectors)
    sizes = request.size.per_stratum(frozen.pool)
    drawn = [d.uscc for d in sample(request.seed, frozen.pool, sizes)]
    facts = await target_facts(session, drawn)
    record = make_record(
        code="", items=[c for _i, c, _d in items], seed=request.seed, pool=frozen.pool,
        sizes=sizes, inspectors=inspectors, rules=rules,
        previous={u: sorted(f.previous) for u, f in facts.items()},
        conflicts={u: sorted(f.conflicts) for u, f in facts.items()},
        window=(request.starts_on.isoformat(), request.ends_on.isoformat()),
        ratios=request.size.as_ratios(),
    )  # fmt: skip
    async with session.begin():
        writer = DrawWriter(session)
        prefix = f"{code_prefix}〔{request.starts_on.year}〕"
        record.code = f"{prefix}第{await writer.codes_this_year(prefix) + 1:03d}号"
        now = utcnow()
        draw = await writer.add(
            Draw(
                code=record.code, plan_id=request.plan_id, item_id=items[0][0],
                status=DrawStatus.LOCKED, seed=request.seed, rules=record.to_data()["rules"],
                pool_size=frozen.size, pool_digest=frozen.digest,
                sample_size=len(record.sample), check_starts_on=request.starts_on,
                check_ends_on=request.ends_on, created_by=actor, created_at=now,
                locked_at=now, record=record.to_data(),
            ),
            [i for i, _c, _d in items],
        )  # fmt: skip
        targets = await writer.ids_by_uscc([t.uscc for t in record.sample])
        people = await writer.inspector_ids([i.certificate for i in inspectors])
        tasks = [
            Task(draw_id=draw.id, target_id=targets[t.uscc], ticket=t.ticket[:80],
                 status=TaskStatus.ASSIGNED, due_on=request.ends_on)
            for t in record.sample
        ]  # fmt: skip
        await writer.add_tasks(tasks, [[people[c] for c in t.team] for t in record.sample])
        await audit.record(session, actor, "draw", entity="draw", entity_id=record.code,
                           details={"seed": request.seed, "pool_digest": frozen.digest,
                                    "sample": len(record.sample)})  # fmt: skip
        # Without a running bot (the command line) the cards wait in the outbox for it.
        cards = await issue_cards(
            session, outbox or Outbox(session), texts or get_texts("zh-CN"), draw.id
        )
    return LockedDraw(record.code, record, frozen.excluded, cards)


async def public_record(session: AsyncSession, code: str) -> str:
    """The draw's public record as JSON (what `python -m bot verify` checks)."""
    async with read_only(session):
        draw = await DrawWriter(session).by_code(code)
    if draw is None or draw.record is None:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(code)))
    return json.dumps(draw.record, ensure_ascii=False, indent=1)
