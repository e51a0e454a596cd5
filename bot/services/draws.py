"""The draw's inputs, read from the database: the frozen pool with its exclusions, the eligible
inspectors, and what the team rules need to know about drawn targets.

Each function is one read-only transaction. The domain logic (sampling, teams, the record)
is in `bot.draws`; the wizard, locking, tasks and cards build on these.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.sampling import STRATA, PoolDigest, Stratum
from bot.draws.teams import Inspector as TeamInspector
from bot.draws.teams import TargetFacts
from storage.database import read_only
from storage.repositories.draws import DrawRepository, ScopeFilter

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
                frozen.pool.setdefault(_stratum(stratum), []).append(uscc)
    frozen.digest = digest.hexdigest()
    return frozen


def _stratum(name: str) -> Stratum:
    if name not in STRATA:
        raise ValueError(f"unknown stratum {name!r}")
    return name


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
