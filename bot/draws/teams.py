"""Random inspector teams, derived from the draw's seed so that anyone can re-derive them.

The construction, exactly (version `teams/1`):

1. A target's **order** of inspectors is a Fisher–Yates shuffle of the eligible inspectors
   sorted by certificate number (code-point order), driven by SHA-256 in counter mode: for
   k = 0, 1, ..., n − 2, with `r_k = int(sha256_hex(seed_hash + USCC + "#" + str(k)), 16)`,
   swap positions k and k + (r_k mod (n − k)). (`seed_hash` as in `bot.draws.sampling`, all
   text UTF-8.) Only the steps a search reaches are computed: a team of two usually needs
   two or three hashes, not one per inspector.
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
6. A team assigned by hand (only where steps 4 or 5 left a target short) replaces the
   target's members in the load count from then on.
"""

from __future__ import annotations

import enum
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


class Order:
    """One target's order of inspectors (step 1), computed only as far as it is read."""

    __slots__ = ("_head", "_inspectors", "_n", "_next", "_perm")

    def __init__(self, digest: str, uscc: str, inspectors: Sequence[Inspector]) -> None:
        self._head = f"{digest}{uscc}#"
        self._inspectors = inspectors
        self._perm = list(range(len(inspectors)))
        self._n = len(inspectors)
        self._next = 0  # positions before this one are final

    def __getitem__(self, position: int) -> Inspector:
        perm, n, sha = self._perm, self._n, hashlib.sha256
        while self._next <= position and self._next < n - 1:
            k = self._next
            r = int.from_bytes(sha(f"{self._head}{k}".encode()).digest())
            j = k + r % (n - k)
            perm[k], perm[j] = perm[j], perm[k]
            self._next += 1
        return self._inspectors[perm[position]]

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[Inspector]:
        return (self[p] for p in range(self._n))


def canonical(inspectors: Iterable[Inspector]) -> list[Inspector]:
    """The list every order starts from: by certificate number."""
    return sorted(inspectors, key=lambda i: i.certificate)


def inspector_order(digest: str, uscc: str, inspectors: Iterable[Inspector]) -> list[Inspector]:
    """The target's whole order of inspectors (step 1)."""
    return list(Order(digest, uscc, canonical(inspectors)))


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


class _Candidates:
    """The order without blocked inspectors, as a list that grows as the search reads it."""

    def __init__(self, order: Order, blocked: AbstractSet[str]) -> None:
        self._order = order
        self._blocked = blocked
        self._seen = 0
        self.found: list[Inspector] = []

    def get(self, index: int) -> Inspector | None:
        while len(self.found) <= index:
            if self._seen >= len(self._order):
                return None
            inspector = self._order[self._seen]
            self._seen += 1
            if inspector.certificate not in self._blocked:
                self.found.append(inspector)
        return self.found[index]


def _search(
    candidates: _Candidates, rules: TeamRules, previous: frozenset[str]
) -> tuple[Inspector, ...] | None:
    """The first fitting combination in lexicographic order of candidate positions."""
    examined = 0
    team: list[Inspector] = []

    def extend(start: int) -> tuple[Inspector, ...] | None:
        nonlocal examined
        position = start
        while (inspector := candidates.get(position)) is not None:
            team.append(inspector)
            if len(team) == rules.size:
                examined += 1
                if examined > SEARCH_LIMIT:
                    raise _LimitReached
                if _fits(team, rules, previous):
                    return tuple(team)
            elif sum(1 for m in team if m.certificate in previous) < 2:
                found = extend(position + 1)
                if found is not None:
                    return found
            team.pop()
            position += 1
        return None

    return extend(0)


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
    order: Order,
    facts: TargetFacts,
    rules: TeamRules,
    full: AbstractSet[str],
    everyone: Sequence[Inspector],
) -> tuple[tuple[Inspector, ...] | None, NoTeam | None, str]:
    """Steps 2 to 4 for one target: the team, or why there is none (`full`: the inspectors
    at the load cap; `everyone`: the eligible inspectors, for saying why not)."""
    blocked = facts.conflicts | full if facts.conflicts else full
    passes = [blocked | facts.previous, blocked] if facts.previous else [blocked]
    for excluded in passes:
        try:
            found = _search(_Candidates(order, excluded), rules, facts.previous)
        except _LimitReached:
            return None, NoTeam.SEARCH_LIMIT, ""
        if found is not None:
            return found, None, ""
    problem, missing = _why_not([i for i in everyone if i.certificate not in blocked], rules)
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
        self._canonical = canonical(self.inspectors)
        self.cap = load_cap(self.targets, self.rules.size, len(self.inspectors))
        self._full: set[str] = {c for c, n in self.load.items() if n >= self.cap}

    def order(self, uscc: str) -> Order:
        return Order(self._digest, uscc, self._canonical)

    def _count(self, certificate: str, change: int) -> None:
        self.load[certificate] = max(0, self.load[certificate] + change)
        if self.load[certificate] >= self.cap:
            self._full.add(certificate)
        else:
            self._full.discard(certificate)

    def form(self, uscc: str, facts: TargetFacts) -> Team:
        team, problem, missing = choose(self.order(uscc), facts, self.rules, self._full,
                                        self._canonical)  # fmt: skip
        if team is None:
            return Team(uscc, (), problem, missing)
        for member in team:
            self._count(member.certificate, +1)
        return Team(uscc, tuple(m.certificate for m in team))

    def swap_load(self, old: Iterable[str], new: Iterable[str]) -> None:
        """A team replaced by hand: its old members stop counting, the new ones count."""
        for certificate in old:
            self._count(certificate, -1)
        for certificate in new:
            self._count(certificate, +1)

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
