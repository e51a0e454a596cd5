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

from bot.draws.record import DrawnTarget, DrawRecord
from bot.draws.sampling import PoolDigest, Stratum, as_stratum
from bot.draws.teams import Inspector as TeamInspector
from bot.draws.teams import TargetFacts
from bot.refusals import Refusal
from bot.services.assignments import IssueReport
from bot.texts import echo
from storage.database import read_only
from storage.repositories.draws import DrawRepository, DrawWriter, ScopeFilter

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


async def public_record(session: AsyncSession, code: str) -> str:
    """The draw's public record as JSON (what `python -m bot verify` checks)."""
    async with read_only(session):
        draw = await DrawWriter(session).by_code(code)
    if draw is None or draw.record is None:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(code)))
    return json.dumps(draw.record, ensure_ascii=False, indent=1)
