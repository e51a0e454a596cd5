"""A draw's public record, and its verification from the record alone.

The record holds everything a third party needs to re-derive the draw, and nothing they would
have to trust: the seed, the frozen pool as (USCC, stratum) pairs and its digest, the sample
size per stratum, the eligible inspectors (certificate, department, expertise), the team rules,
each drawn target's last inspection team, its declared conflicts (as SHA-256 of
"certificate/USCC", so that the record does not publish who is related to whom), and the
outcome: the sample in draw order with tickets and teams, and the recusals with their
replacements in the order they happened. `verify` re-derives all of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.draws.sampling import (
    ALGORITHM,
    Drawn,
    Stratum,
    as_stratum,
    pool_digest,
    sample,
    sha256_hex,
)
from bot.draws.teams import TEAM_ALGORITHM, Inspector, TargetFacts, TeamRules, Teams

FORMAT = "spotcheck-draw/1"


def conflict_key(certificate: str, uscc: str) -> str:
    return sha256_hex(f"{certificate}/{uscc}")


@dataclass(frozen=True, slots=True)
class DrawnTarget:
    uscc: str
    stratum: Stratum
    ticket: str
    team: tuple[str, ...]  # certificates; empty if no team could be formed
    problem: str | None = None  # why not (a teams.NoTeam value)


@dataclass(frozen=True, slots=True)
class Recusal:
    uscc: str
    certificate: str
    replacement: str | None  # None: nobody fits the rules; an admin decides


@dataclass(frozen=True, slots=True)
class ManualTeam:
    """A team an admin assigned by hand (with a reason) to a target the rules left without
    one, or short of members after a recusal nobody could replace. `after`: how many
    recusals were recorded before it, which places it among them."""

    uscc: str
    team: tuple[str, ...]  # certificates, the leader first
    reason: str
    after: int = 0


@dataclass
class DrawRecord:
    code: str
    items: list[str]
    seed: str
    pool: list[tuple[str, Stratum]]
    sizes: dict[Stratum, int]
    inspectors: list[Inspector]
    rules: TeamRules
    previous: dict[str, list[str]] = field(default_factory=dict)
    #: Per drawn target, its declared conflicts as conflict_key values.
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    sample: list[DrawnTarget] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)
    manual: list[ManualTeam] = field(default_factory=list)
    window: tuple[str, str] = ("", "")
    ratios: dict[str, float] = field(default_factory=dict)
    pool_digest: str = ""

    def facts(self, uscc: str) -> TargetFacts:
        known = set(self.conflicts.get(uscc, ()))
        return TargetFacts(
            conflicts=frozenset(
                i.certificate for i in self.inspectors
                if known and conflict_key(i.certificate, uscc) in known
            ),
            previous=frozenset(self.previous.get(uscc, ())),
        )  # fmt: skip

    def strata(self) -> dict[Stratum, list[str]]:
        pool: dict[Stratum, list[str]] = {}
        for uscc, stratum in self.pool:
            pool.setdefault(stratum, []).append(uscc)
        return pool

    # --- JSON -------------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=1)

    def to_data(self) -> dict[str, Any]:
        """The record as JSON values (what the database stores and `to_json` writes)."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "code": self.code,
            "items": self.items,
            "seed": self.seed,
            "algorithm": {"targets": ALGORITHM, "teams": TEAM_ALGORITHM},
            "window": list(self.window),
            "ratios": self.ratios,
            "sizes": self.sizes,
            "rules": {
                "team_size": self.rules.size,
                "cross_department": self.rules.cross_department,
                "required_departments": sorted(self.rules.required_departments),
                "required_expertise": sorted(self.rules.required_expertise),
            },
            "pool_digest": self.pool_digest,
            "pool": self.pool,  # (USCC, stratum) pairs: JSON arrays
            "inspectors": [
                {
                    "certificate": i.certificate,
                    "department": i.department,
                    "expertise": sorted(i.expertise),
                }
                for i in self.inspectors
            ],
            "previous": self.previous,
            "conflicts": {u: sorted(keys) for u, keys in sorted(self.conflicts.items())},
            "sample": [{**asdict(t), "team": list(t.team)} for t in self.sample],
            "recusals": [asdict(r) for r in self.recusals],
            "manual": [{**asdict(m), "team": list(m.team)} for m in self.manual],
        }
        return data

    @classmethod
    def from_json(cls, text: str) -> DrawRecord:
        return cls.from_data(json.loads(text))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> DrawRecord:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} record")
        rules = data["rules"]
        return cls(
            code=data["code"],
            items=list(data["items"]),
            seed=data["seed"],
            pool=[(uscc, as_stratum(stratum)) for uscc, stratum in data["pool"]],
            sizes={as_stratum(k): int(v) for k, v in data["sizes"].items()},
            inspectors=[
                Inspector(i["certificate"], i["department"], frozenset(i["expertise"]))
                for i in data["inspectors"]
            ],
            rules=TeamRules(
                size=int(rules["team_size"]),
                cross_department=bool(rules["cross_department"]),
                required_departments=frozenset(rules["required_departments"]),
                required_expertise=frozenset(rules["required_expertise"]),
            ),
            previous={k: list(v) for k, v in data["previous"].items()},
            conflicts={u: list(keys) for u, keys in data["conflicts"].items()},
            sample=[
                DrawnTarget(
                    t["uscc"],
                    as_stratum(t["stratum"]),
                    t["ticket"],
                    tuple(t["team"]),
                    t.get("problem"),
                )
                for t in data["sample"]
            ],
            recusals=[
                Recusal(r["uscc"], r["certificate"], r["replacement"]) for r in data["recusals"]
            ],
            manual=[
                ManualTeam(m["uscc"], tuple(m["team"]), m["reason"], int(m["after"]))
                for m in data.get("manual", [])
            ],
            window=(data["window"][0], data["window"][1]),
            ratios=dict(data["ratios"]),
            pool_digest=data["pool_digest"],
        )


def derive(
    record: DrawRecord, drawn: list[Drawn] | None = None
) -> tuple[list[DrawnTarget], list[Recusal]]:
    """The sample, teams and replacements that the record's inputs and seed give (`drawn`:
    the sample, when the caller has just computed it)."""
    derived, replacements, _problem = _derive_all(record, drawn)
    return derived, replacements


def _derive_all(
    record: DrawRecord, drawn: list[Drawn] | None
) -> tuple[list[DrawnTarget], list[Recusal], str | None]:
    if drawn is None:
        drawn = sample(record.seed, record.strata(), record.sizes)
    teams = Teams(record.seed, record.inspectors, record.rules, len(drawn))
    derived: list[DrawnTarget] = []
    for target in drawn:
        formed = teams.form(target.uscc, record.facts(target.uscc))
        problem = formed.problem.value if formed.problem is not None else None
        derived.append(DrawnTarget(target.uscc, target.stratum, target.ticket, formed.members,
                                   problem))  # fmt: skip
    replacements, problem = _replay(record, teams, derived)
    return derived, replacements, problem


def _replay(
    record: DrawRecord, teams: Teams, derived: list[DrawnTarget]
) -> tuple[list[Recusal], str | None]:
    """Recusals and manual teams in the order they happened: the replacements, and the
    first manual team that the record could not have allowed (or None)."""
    members = {t.uscc: list(t.team) for t in derived}
    recused: dict[str, list[str]] = {}
    replacements: list[Recusal] = []
    problem: str | None = None
    pending = sorted(enumerate(record.manual, 1), key=lambda p: (p[1].after, p[0]))

    def apply_manual(upto: int) -> None:
        nonlocal problem
        while pending and pending[0][1].after <= upto:
            number, manual = pending.pop(0)
            current = members.get(manual.uscc)
            if problem is None:
                if current is None:
                    problem = f"manual team {number}: {manual.uscc} was not drawn"
                elif len(current) >= record.rules.size:
                    problem = (f"manual team {number} for {manual.uscc}: the rules gave it a "
                               f"team ({'+'.join(current)})")  # fmt: skip
                elif len(set(manual.team)) < 2 or len(set(manual.team)) != len(manual.team):
                    problem = f"manual team {number} for {manual.uscc}: fewer than 2 inspectors"
            teams.swap_load(current or [], manual.team)
            members[manual.uscc] = list(manual.team)

    for index, recusal in enumerate(record.recusals):
        apply_manual(index)
        recused.setdefault(recusal.uscc, []).append(recusal.certificate)
        team = members.get(recusal.uscc, [])
        chosen = teams.replacement(recusal.uscc, team, recused[recusal.uscc],
                                   record.facts(recusal.uscc))  # fmt: skip
        replacement = chosen.certificate if chosen is not None else None
        replacements.append(Recusal(recusal.uscc, recusal.certificate, replacement))
        members[recusal.uscc] = [c for c in team if c != recusal.certificate] + (
            [replacement] if replacement else []
        )
    late = [number for number, m in pending if m.after > len(record.recusals)]
    if late and problem is None:
        number = late[0]
        problem = f"manual team {number}: placed after recusals that are not in the record"
    apply_manual(len(record.recusals))
    return replacements, problem


def verify(record: DrawRecord) -> str | None:
    """None if the record re-derives exactly; otherwise the first difference, in words."""
    digest = pool_digest(record.strata())
    if digest != record.pool_digest:
        return f"pool digest: the pool hashes to {digest}, the record says {record.pool_digest}"
    derived, replacements, manual_problem = _derive_all(record, None)
    if len(derived) != len(record.sample):
        return f"sample size: {len(derived)} derived, {len(record.sample)} recorded"
    for number, (mine, theirs) in enumerate(zip(derived, record.sample, strict=True), 1):
        if mine != theirs:
            return f"target {number}: derived {_show(mine)}, recorded {_show(theirs)}"
    for number, (mine_r, theirs_r) in enumerate(zip(replacements, record.recusals, strict=True), 1):
        if mine_r != theirs_r:
            return (f"recusal {number} ({theirs_r.certificate} for {theirs_r.uscc}): replacement "
                    f"derived {mine_r.replacement}, recorded {theirs_r.replacement}")  # fmt: skip
    return manual_problem


def _show(target: DrawnTarget) -> str:
    team = "+".join(target.team) or f"no team ({target.problem})"
    return f"{target.uscc} ({target.stratum}) with {team}"


def make_record(
    *,
    code: str,
    items: Sequence[str],
    seed: str,
    pool: Mapping[Stratum, list[str]],
    sizes: Mapping[Stratum, int],
    inspectors: Sequence[Inspector],
    rules: TeamRules,
    previous: Mapping[str, Sequence[str]],
    conflicts: Mapping[str, Sequence[str]],
    window: tuple[str, str] = ("", ""),
    ratios: Mapping[str, float] | None = None,
) -> DrawRecord:
    """Run a draw on frozen inputs: the record, with its sample and teams filled in.
    `conflicts` maps a USCC to the certificates of inspectors in conflict with it."""
    record = DrawRecord(
        code=code,
        items=list(items),
        seed=seed,
        pool=sorted((uscc, stratum) for stratum, ids in pool.items() for uscc in ids),
        sizes=dict(sizes),
        inspectors=list(inspectors),
        rules=rules,
        window=window,
        ratios=dict(ratios or {}),
        pool_digest=pool_digest(pool),
    )
    drawn = sample(seed, pool, sizes)
    usccs = sorted(d.uscc for d in drawn)
    record.previous = {u: sorted(previous[u]) for u in usccs if previous.get(u)}
    record.conflicts = {
        u: sorted(conflict_key(c, u) for c in conflicts[u]) for u in usccs if conflicts.get(u)
    }
    record.sample, _ = derive(record, drawn)
    return record


def recuse(record: DrawRecord, uscc: str, certificate: str) -> Recusal:
    """Record a recusal and its deterministic replacement (returned)."""
    record.recusals.append(Recusal(uscc, certificate, None))
    _derived, replacements = derive(record)
    record.recusals[-1] = replacements[-1]
    return replacements[-1]


def members_now(record: DrawRecord, uscc: str) -> list[str]:
    """The team of `uscc` after every recusal and manual team so far (certificates)."""
    team = next((list(t.team) for t in record.sample if t.uscc == uscc), [])
    events: list[tuple[int, int, Recusal | ManualTeam]] = [
        (i, 1, r) for i, r in enumerate(record.recusals) if r.uscc == uscc
    ] + [(m.after, 0, m) for m in record.manual if m.uscc == uscc]
    for _at, _kind, event in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(event, ManualTeam):
            team = list(event.team)
        else:
            team = [c for c in team if c != event.certificate]
            team += [event.replacement] if event.replacement else []
    return team


def assign_manual(record: DrawRecord, uscc: str, team: Sequence[str], reason: str) -> ManualTeam:
    """Record a manual team; ValueError if the target is not drawn or already has a full team."""
    if not any(t.uscc == uscc for t in record.sample):
        raise ValueError(f"{uscc} was not drawn")
    if len(members_now(record, uscc)) >= record.rules.size:
        raise ValueError(f"{uscc} has a team")
    manual = ManualTeam(uscc, tuple(team), reason, len(record.recusals))
    record.manual.append(manual)
    return manual
