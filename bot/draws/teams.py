"""Random inspector teams, derived from the draw's seed so that anyone can re-derive them.

The construction, exactly (version `teams/1`):

1. For one drawn target, the inspectors in ascending order of
   `SHA-256(seed_hash + USCC + "/" + certificate)` (the 32 digest bytes compared as bytes;
   `seed_hash` as in `bot.draws.sampling`, all text UTF-8) are that target's **order**.
   (Bytes rather than tickets: a draw orders every inspector for every target, and this is
   the same randomness without a 78-digit decimal conversion each time.)
2. Targets get their teams one after another, in the order of the draw (ascending target
   ticket). A target's **candidates** are the eligible inspectors (active, certificate valid
   through the window's end: the caller passes only those) in its order, without those who
   declared a conflict with it and without those who reached the **load cap**:
   `ceil(targets × team size / eligible inspectors) + 1` teams in this draw.
3. The team is the first combination of `size` candidates, in lexicographic order of their
   positions in the target's order, that satisfies every rule:
   - no two members were both in the target's last inspection team (no repeated pair);
   - with `cross_department`, members come from at least two departments;
   - every required department (a joint check: each item's department) has a member;
   - every required expertise tag is held by at least one member.
   That search runs first without the members of the last inspection team, and only if
   nothing fits, with them (never the same pair).
4. If nothing fits, the target gets no team, and the reason says which rule could not be
   met; nothing is bent silently.
5. A recused member is replaced by the first inspector in that target's order who is not in
   the team, not recused for it, eligible and under the load cap, and with whom the team
   satisfies every rule.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from bot.draws.sampling import seed_hash

TEAM_ALGORITHM = "teams/1"
#: Combinations examined per target before giving up (a pathological register, not a draw).
SEARCH_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Inspector:
    certificate: str
    department: str = ""
    expertise: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TeamRules:
    size: int = 2
    cross_department: bool = False
    required_departments: frozenset[str] = frozenset()
    required_expertise: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.size < 2:
            raise ValueError("a team has at least two certified inspectors")


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """What the rules need to know about one drawn target."""

    conflicts: frozenset[str] = frozenset()  # certificates of inspectors who must recuse
    previous: frozenset[str] = frozenset()  # the team of its last inspection


class NoTeam(enum.StrEnum):
    """Why a target got no team."""

    TOO_FEW = "too_few"  # fewer candidates than the team size (conflicts, load, eligibility)
    CROSS_DEPARTMENT = "cross_department"  # the candidates are all of one department
    DEPARTMENT = "department"  # a required department has no candidate
    EXPERTISE = "expertise"  # a required expertise tag has no candidate
    REPEAT_PAIR = "repeat_pair"  # every fitting team repeats a pair of the last inspection
    SEARCH_LIMIT = "search_limit"


@dataclass(frozen=True, slots=True)
class Team:
    uscc: str
    members: tuple[str, ...]  # certificates, in the target's order; empty when `problem`
    problem: NoTeam | None = None
    missing: str = ""  # the department or expertise tag that could not be covered


def inspector_order(digest: str, uscc: str, inspectors: Iterable[Inspector]) -> list[Inspector]:
    """The target's order of inspectors (step 1)."""
    everyone = list(inspectors)
    return _order(digest, uscc, [i.certificate.encode("utf-8") for i in everyone], everyone)


def _order(
    digest: str, uscc: str, certificates: list[bytes], inspectors: Sequence[Inspector]
) -> list[Inspector]:
    # A draw orders every inspector for every target: kept to one hash and one tuple each
    # (digests are unique, so the tuples sort by digest alone, in C).
    head = (digest + uscc + "/").encode("utf-8")
    sha = hashlib.sha256
    keyed = [(sha(head + c).digest(), n) for n, c in enumerate(certificates)]
    keyed.sort()
    return [inspectors[n] for _d, n in keyed]


def load_cap(targets: int, size: int, inspectors: int) -> int:
    return math.ceil(targets * size / max(inspectors, 1)) + 1


def _fits(team: Sequence[Inspector], rules: TeamRules, previous: frozenset[str]) -> bool:
    if sum(1 for m in team if m.certificate in previous) >= 2:
        return False
    departments = {m.department for m in team}
    if rules.cross_department and len(departments) < 2:
        return False
    if not rules.required_departments <= departments:
        return False
    held = frozenset().union(*(m.expertise for m in team))
    return rules.required_expertise <= held


class _LimitReached(Exception):
    pass


def _search(
    candidates: list[Inspector], rules: TeamRules, previous: frozenset[str]
) -> tuple[Inspector, ...] | None:
    """The first fitting combination, or None if there is none."""
    for examined, team in enumerate(itertools.combinations(candidates, rules.size)):
        if examined >= SEARCH_LIMIT:
            raise _LimitReached
        if _fits(team, rules, previous):
            return team
    return None


def _why_not(candidates: list[Inspector], rules: TeamRules) -> tuple[NoTeam, str]:
    if len(candidates) < rules.size:
        return NoTeam.TOO_FEW, ""
    departments = {c.department for c in candidates}
    uncovered = sorted(rules.required_departments - departments)
    if uncovered:
        return NoTeam.DEPARTMENT, uncovered[0]
    if rules.cross_department and len(departments) < 2:
        return NoTeam.CROSS_DEPARTMENT, ""
    held = frozenset().union(*(c.expertise for c in candidates))
    lacking = sorted(rules.required_expertise - held)
    if lacking:
        return NoTeam.EXPERTISE, lacking[0]
    return NoTeam.REPEAT_PAIR, ""


def choose(
    order: list[Inspector], facts: TargetFacts, rules: TeamRules, full: AbstractSet[str]
) -> tuple[tuple[Inspector, ...] | None, NoTeam | None, str]:
    """Steps 2 to 4 for one target: the team, or why there is none (`full`: the inspectors
    at the load cap)."""
    blocked = facts.conflicts | full if facts.conflicts else full
    candidates = [i for i in order if i.certificate not in blocked]
    fresh = [i for i in candidates if i.certificate not in facts.previous]
    for pool in (fresh, candidates) if len(fresh) < len(candidates) else (candidates,):
        try:
            found = _search(pool, rules, facts.previous)
        except _LimitReached:
            return None, NoTeam.SEARCH_LIMIT, ""
        if found is not None:
            return found, None, ""
    problem, missing = _why_not(candidates, rules)
    return None, problem, missing


@dataclass
class Teams:
    """Teams for a whole draw, formed in draw order (steps 1 to 4)."""

    seed: str
    inspectors: Sequence[Inspector]
    rules: TeamRules
    targets: int
    load: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._digest = seed_hash(self.seed)
        self._certificates = [i.certificate.encode("utf-8") for i in self.inspectors]
        self.cap = load_cap(self.targets, self.rules.size, len(self.inspectors))
        self._full: set[str] = {c for c, n in self.load.items() if n >= self.cap}

    def order(self, uscc: str) -> list[Inspector]:
        return _order(self._digest, uscc, self._certificates, self.inspectors)

    def _count(self, certificate: str, change: int) -> None:
        self.load[certificate] = max(0, self.load[certificate] + change)
        if self.load[certificate] >= self.cap:
            self._full.add(certificate)
        else:
            self._full.discard(certificate)

    def form(self, uscc: str, facts: TargetFacts) -> Team:
        team, problem, missing = choose(self.order(uscc), facts, self.rules, self._full)
        if team is None:
            return Team(uscc, (), problem, missing)
        for member in team:
            self._count(member.certificate, +1)
        return Team(uscc, tuple(m.certificate for m in team))

    def replacement(
        self, uscc: str, members: Sequence[str], recused: Iterable[str], facts: TargetFacts
    ) -> Inspector | None:
        """Step 5: who replaces the recused member(s) of `members` (one at a time)."""
        excluded = set(recused)
        remaining = [i for i in self.inspectors if i.certificate in members
                     and i.certificate not in excluded]  # fmt: skip
        for certificate in excluded & set(members):
            # A recused member does not do the check: it does not count towards their load.
            self._count(certificate, -1)
        for inspector in self.order(uscc):
            certificate = inspector.certificate
            if (
                certificate in members
                or certificate in excluded
                or certificate in facts.conflicts
                or self.load[certificate] >= self.cap
            ):
                continue
            if _fits([*remaining, inspector], self.rules, facts.previous):
                self._count(certificate, +1)
                return inspector
        return None


def form_teams(
    seed: str,
    drawn: Sequence[str],
    inspectors: Sequence[Inspector],
    rules: TeamRules,
    facts: Mapping[str, TargetFacts],
) -> list[Team]:
    """Teams for the drawn targets (USCCs in draw order)."""
    teams = Teams(seed, inspectors, rules, len(drawn))
    return [teams.form(uscc, facts.get(uscc, TargetFacts())) for uscc in drawn]
