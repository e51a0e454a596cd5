"""The draw in stages, as the admin group's wizard runs it: preview (nothing random, nothing
written), freeze (the pool and inspectors are fixed and the digest is public), seed (the draw
is made and locked at once), and cancel (with a reason; the draw stays on record).

Splitting freeze from seed is what makes the draw defensible: the pool is published before
anyone knows the seed, and the seed is applied exactly once, so nobody can try seeds until a
favoured list appears. Each function is one short transaction.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.record import DrawRecord, make_record
from bot.draws.sampling import STRATA, Stratum, sample
from bot.draws.teams import Inspector as TeamInspector
from bot.draws.teams import TeamRules, load_cap
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.services import audit
from bot.services.assignments import issue_cards
from bot.services.draws import (
    DrawRequest,
    Exclusion,
    LockedDraw,
    eligible_inspectors,
    freeze_pool,
    target_facts,
)
from bot.texts import Texts, echo, get_texts
from storage.database import read_only
from storage.models import Draw, DrawStatus, Task, TaskStatus
from storage.repositories.draws import DrawWriter
from storage.types import utcnow

#: Witnesses' digits: at least this many, so that the seed is not guessable.
MIN_SEED_DIGITS = 6
MAX_SEED_LENGTH = 200
#: Digits of a seed the bot draws itself (about 80 bits).
CRYPTO_SEED_DIGITS = 24


def check_feasible(rules: TeamRules, inspectors: Sequence[TeamInspector]) -> None:
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
class Item:
    id: int
    code: str
    department: str | None


@dataclass(frozen=True, slots=True)
class Preview:
    """What the admin sees before confirming: nothing random has happened yet."""

    items: tuple[Item, ...]
    pool: dict[Stratum, int]
    excluded: Counter[Exclusion]
    sizes: dict[Stratum, int]
    digest: str
    inspectors: int
    departments: dict[str, int]
    #: Expected tasks per inspector (fair share) and the most anyone may get.
    fair_share: float
    load_cap: int
    #: Names of eligible inspectors who have not opened the bot: they get no card yet.
    unbound: tuple[str, ...]
    #: The reason no draw is possible with these rules (from `_check_feasible`), or None.
    blocked: Refusal | None = None
    #: (department, inspectors, targets they can cover at most) where a joint check needs
    #: the department in every team and it cannot reach every drawn target.
    short_departments: tuple[tuple[str, int, int], ...] = field(default=())

    @property
    def pool_size(self) -> int:
        return sum(self.pool.values())

    @property
    def sample_size(self) -> int:
        return sum(self.sizes.values())


async def _items(session: AsyncSession, codes: Sequence[str]) -> tuple[Item, ...]:
    async with read_only(session):
        items = await DrawWriter(session).items_by_code(codes)
    if len(items) != len(codes) or not items:
        known = {code for _i, code, _d in items}
        missing = [c for c in codes if c not in known] or list(codes)
        raise Refusal(lambda t: t.draw_unknown_item.format(code=echo("、".join(missing))))
    return tuple(Item(i, c, d) for i, c, d in items)


def _rules(request: DrawRequest, items: Sequence[Item]) -> TeamRules:
    departments = {i.department for i in items if i.department}
    return TeamRules(
        size=request.team_size,
        cross_department=request.cross_department,
        # A joint check (several items) puts every item's department in each team.
        required_departments=frozenset(departments) if len(items) > 1 else frozenset(),
    )


async def preview(session: AsyncSession, request: DrawRequest) -> Preview:
    """Pool, exclusions, sizes, inspectors and their expected load: read only."""
    items = await _items(session, request.item_codes)
    rules = _rules(request, items)
    frozen = await freeze_pool(session, request.scope, [i.id for i in items],
                               year=request.starts_on.year,
                               min_interval_days=request.min_interval_days,
                               today=request.starts_on)  # fmt: skip
    inspectors = await eligible_inspectors(session, request.ends_on)
    async with read_only(session):
        unbound = await DrawWriter(session).unbound_names([i.certificate for i in inspectors])
    sizes = request.size.per_stratum(frozen.pool)
    blocked: Refusal | None = None
    try:
        check_feasible(rules, inspectors)
    except Refusal as refusal:
        blocked = refusal
    total = sum(sizes.values())
    count = max(len(inspectors), 1)
    cap = load_cap(total, rules.size, count)
    warnings = []
    per_department = Counter(i.department for i in inspectors)
    for department in sorted(rules.required_departments):
        # Every team of a joint check needs one of them: they can cover at most this many.
        reach = per_department[department] * cap
        if blocked is None and reach < total:
            warnings.append((department, per_department[department], reach))
    return Preview(
        items=items,
        pool={s: len(frozen.pool[s]) for s in STRATA if s in frozen.pool},
        excluded=frozen.excluded,
        sizes={s: sizes[s] for s in STRATA if s in sizes},
        digest=frozen.digest,
        inspectors=len(inspectors),
        departments=dict(Counter(i.department or "" for i in inspectors)),
        fair_share=total * rules.size / count,
        load_cap=cap,
        unbound=tuple(unbound),
        blocked=blocked,
        short_departments=tuple(warnings),
    )


@dataclass(frozen=True, slots=True)
class Frozen:
    code: str
    digest: str
    pool_size: int
    excluded: Counter[Exclusion] = field(default_factory=Counter)


class PoolChanged(Refusal):
    """The registers changed between the preview and the freeze: preview again."""

    def __init__(self) -> None:
        super().__init__(lambda t: t.wizard_pool_changed)


async def _nothing(_: Any) -> None:
    return None


async def freeze(
    session: AsyncSession,
    request: DrawRequest,
    *,
    actor: int | None,
    code_prefix: str,
    expected_digest: str | None,
    then: Callable[[Frozen], Awaitable[None]] = _nothing,
) -> Frozen:
    """Fix the pool and the eligible inspectors under a new draw code, with no seed. Refused
    when the pool is no longer the one the admin previewed (the registers changed)."""
    items = await _items(session, request.item_codes)
    rules = _rules(request, items)
    frozen = await freeze_pool(session, request.scope, [i.id for i in items],
                               year=request.starts_on.year,
                               min_interval_days=request.min_interval_days,
                               today=request.starts_on)  # fmt: skip
    if expected_digest is not None and frozen.digest != expected_digest:
        raise PoolChanged()
    inspectors = await eligible_inspectors(session, request.ends_on)
    check_feasible(rules, inspectors)
    sizes = request.size.per_stratum(frozen.pool)
    if not sum(sizes.values()):
        raise Refusal(lambda t: t.wizard_nothing_to_draw)
    record = DrawRecord(
        code="", items=[i.code for i in items], seed="",
        pool=sorted((u, s) for s, ids in frozen.pool.items() for u in ids), sizes=sizes,
        inspectors=inspectors, rules=rules,
        window=(request.starts_on.isoformat(), request.ends_on.isoformat()),
        ratios=request.size.as_ratios(), pool_digest=frozen.digest,
    )  # fmt: skip
    async with session.begin():
        writer = DrawWriter(session)
        prefix = f"{code_prefix}〔{request.starts_on.year}〕"
        record.code = f"{prefix}第{await writer.codes_this_year(prefix) + 1:03d}号"
        data = record.to_data()
        await writer.add(
            Draw(
                code=record.code, plan_id=request.plan_id, item_id=items[0].id,
                status=DrawStatus.PREVIEW, seed="",
                rules=data["rules"], pool_size=frozen.size, pool_digest=frozen.digest,
                sample_size=sum(sizes.values()), check_starts_on=request.starts_on,
                check_ends_on=request.ends_on, created_by=actor, created_at=utcnow(),
                record=data,
            ),
            [i.id for i in items],
        )  # fmt: skip
        await audit.record(session, actor, "draw_freeze", entity="draw", entity_id=record.code,
                           details={"pool_digest": frozen.digest, "pool": frozen.size,
                                    "sizes": dict(sizes),
                                    "record_sha256": audit.draw_record_sha256(data)},
                           covers=[(audit.Covered.DRAW, record.code)])  # fmt: skip
        done = Frozen(record.code, frozen.digest, frozen.size, frozen.excluded)
        await then(done)
    return done


_SEPARATORS = re.compile(r"[\s,，、.。-]+")


def witness_seed(text: str) -> str:
    """The seed as witnesses typed it: digits, in groups separated by spaces or commas,
    normalised to single spaces. Refused when it is too short or has other characters."""
    groups = [g for g in _SEPARATORS.split(text.strip()) if g]
    seed = " ".join(groups)
    if not groups or not all(g.isascii() and g.isdigit() for g in groups):
        raise Refusal(lambda t: t.wizard_seed_not_digits)
    digits = sum(len(g) for g in groups)
    if digits < MIN_SEED_DIGITS or len(seed) > MAX_SEED_LENGTH:
        raise Refusal(lambda t: t.wizard_seed_length.format(least=MIN_SEED_DIGITS,
                                                            most=MAX_SEED_LENGTH))  # fmt: skip
    return seed


def crypto_seed() -> str:
    """A seed from the operating system's cryptographic random source, in decimal digits."""
    return str(secrets.randbelow(10**CRYPTO_SEED_DIGITS)).zfill(CRYPTO_SEED_DIGITS)


async def apply_seed(
    session: AsyncSession,
    code: str,
    seed: str,
    *,
    actor: int | None,
    outbox: Outbox,
    texts: Texts,
    then: Callable[[LockedDraw], Awaitable[None]] = _nothing,
) -> LockedDraw:
    """Draw targets and teams from the frozen pool with `seed`, and lock: once, ever."""
    async with read_only(session):
        draw = await DrawWriter(session).by_code(code)
        if draw is None or draw.record is None:
            raise Refusal(lambda t: t.draw_unknown.format(code=echo(code)))
        status, stored = draw.status, draw.record
    if status is not DrawStatus.PREVIEW:
        raise not_waiting(code, status)
    frozen = DrawRecord.from_data(stored)
    pool = frozen.strata()
    # Conflicts and last teams are read now, for the drawn targets only: the sample depends
    # on the seed and the frozen pool alone.
    facts = await target_facts(session, [d.uscc for d in sample(seed, pool, frozen.sizes)])
    record = make_record(
        code=code, items=frozen.items, seed=seed, pool=pool, sizes=frozen.sizes,
        inspectors=frozen.inspectors, rules=frozen.rules,
        previous={u: sorted(f.previous) for u, f in facts.items()},
        conflicts={u: sorted(f.conflicts) for u, f in facts.items()},
        window=frozen.window, ratios=frozen.ratios,
    )  # fmt: skip
    async with session.begin():
        writer = DrawWriter(session)
        head = await writer.lock(code)
        assert head is not None
        if head.status is not DrawStatus.PREVIEW:
            raise not_waiting(code, head.status)  # a second press, or another admin, won
        await writer.change(head.id, status=DrawStatus.LOCKED, seed=seed, locked_at=utcnow(),
                            sample_size=len(record.sample), record=record.to_data())  # fmt: skip
        targets = await writer.ids_by_uscc([t.uscc for t in record.sample])
        people = await writer.inspector_ids([i.certificate for i in frozen.inspectors])
        tasks = [
            Task(draw_id=head.id, target_id=targets[t.uscc], ticket=t.ticket[:80],
                 status=TaskStatus.ASSIGNED, due_on=head.check_ends_on)
            for t in record.sample
        ]  # fmt: skip
        await writer.add_tasks(tasks, [[people[c] for c in t.team] for t in record.sample])
        await audit.record(session, actor, "draw", entity="draw", entity_id=code,
                           details={"seed": seed, "pool_digest": head.pool_digest,
                                    "sample": len(record.sample),
                                    "record_sha256": audit.draw_record_sha256(record.to_data())},
                           covers=[(audit.Covered.DRAW, code)])  # fmt: skip
        cards = await issue_cards(session, outbox, texts, head.id)
        locked = LockedDraw(code, record, Counter(), cards)
        await then(locked)
    return locked


def not_waiting(code: str, status: DrawStatus) -> Refusal:
    if status is DrawStatus.LOCKED:
        return Refusal(lambda t: t.wizard_already_locked.format(code=echo(code)))
    return Refusal(lambda t: t.wizard_draw_cancelled.format(code=echo(code)))


@dataclass(frozen=True, slots=True)
class Cancelled:
    code: str
    was: DrawStatus
    tasks: int


async def cancel(
    session: AsyncSession,
    code: str,
    reason: str,
    *,
    actor: int | None,
    then: Callable[[Cancelled], Awaitable[None]] = _nothing,
) -> Cancelled:
    """Cancel a frozen or locked draw with a reason. Nothing is deleted: the draw, its record
    and its tasks stay, marked cancelled, and it is listed with the others."""
    reason = " ".join(reason.split())
    if not 2 <= len(reason) <= 300:
        raise Refusal(lambda t: t.draw_cancel_reason_needed)
    async with session.begin():
        writer = DrawWriter(session)
        head = await writer.lock(code)
        if head is None:
            raise Refusal(lambda t: t.draw_unknown.format(code=echo(code)))
        if head.status is DrawStatus.CANCELLED:
            raise not_waiting(code, head.status)
        was = head.status
        await writer.change(head.id, status=DrawStatus.CANCELLED, cancelled_at=utcnow(),
                            cancelled_by=actor, cancel_reason=reason)  # fmt: skip
        tasks = await writer.cancel_tasks(head.id)
        details = {"reason": reason, "was": was.value, "tasks": tasks}
        await audit.record(session, actor, "draw_cancel", entity="draw", entity_id=code,
                           details=details, covers=[(audit.Covered.DRAW, code)])  # fmt: skip
        done = Cancelled(code, was, tasks)
        await then(done)
    return done


def seed_groups(seed: str, width: int = 4) -> str:
    """A long bot-made seed in groups of digits, easier to read aloud and to compare. The
    seed itself is the unbroken string."""
    if not seed.isdigit() or len(seed) <= width * 2:
        return seed
    return " ".join(seed[i : i + width] for i in range(0, len(seed), width))


async def draw_now(
    session: AsyncSession,
    request: DrawRequest,
    *,
    actor: int | None,
    code_prefix: str,
    outbox: Outbox | None = None,
    texts: Texts | None = None,
) -> LockedDraw:
    """Freeze and apply the request's seed at once: the command line's draw, through the
    same two stages as the group's wizard. Refused, with nothing written, when an item is
    unknown or the rules cannot be met; a target no team fits is drawn all the same, with a
    task and no members (see `LockedDraw.teamless`). Without a running bot the cards wait in
    the outbox for it."""
    frozen = await freeze(session, request, actor=actor, code_prefix=code_prefix,
                          expected_digest=None)  # fmt: skip
    locked = await apply_seed(session, frozen.code, request.seed, actor=actor,
                              outbox=outbox or Outbox(session),
                              texts=texts or get_texts("zh-CN"))  # fmt: skip
    return replace(locked, excluded=frozen.excluded)
