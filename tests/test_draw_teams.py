"""Team rules hold for every generated register, impossible cases say why, and the teams
follow from the seed alone."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.draws.sampling import seed_hash
from bot.draws.teams import (
    Inspector,
    NoTeam,
    TargetFacts,
    TeamRules,
    Teams,
    form_teams,
    inspector_order,
    load_cap,
)

DEPARTMENTS = ["会计股", "监督检查股", "采购股"]


def _inspectors(count: int, departments: int = 2) -> list[Inspector]:
    return [
        Inspector(f"C{i:03d}", DEPARTMENTS[i % departments], frozenset({"会计"} if i % 4 else ()))
        for i in range(count)
    ]


@st.composite
def registers(draw: st.DrawFn) -> tuple[list[Inspector], list[str], dict[str, TargetFacts],
                                         TeamRules]:  # fmt: skip
    count = draw(st.integers(min_value=0, max_value=14))
    inspectors = [
        Inspector(
            f"C{i:02d}",
            draw(st.sampled_from(DEPARTMENTS)),
            frozenset(draw(st.sets(st.sampled_from(["会计", "审计", "采购"]), max_size=2))),
        )
        for i in range(count)
    ]
    targets = [f"T{i:03d}" for i in range(draw(st.integers(min_value=1, max_value=12)))]
    certificates = [i.certificate for i in inspectors]
    facts = {
        t: TargetFacts(
            conflicts=frozenset(draw(st.sets(st.sampled_from(certificates), max_size=3)))
            if certificates else frozenset(),
            previous=frozenset(draw(st.sets(st.sampled_from(certificates), max_size=2)))
            if certificates else frozenset(),
        )
        for t in targets
    }  # fmt: skip
    rules = TeamRules(
        size=draw(st.integers(min_value=2, max_value=3)),
        cross_department=draw(st.booleans()),
        required_departments=frozenset(draw(st.sets(st.sampled_from(DEPARTMENTS), max_size=1))),
        required_expertise=frozenset(draw(st.sets(st.sampled_from(["会计", "审计"]), max_size=1))),
    )
    return inspectors, targets, facts, rules


@settings(max_examples=300, deadline=None)
@given(registers(), st.text(max_size=8))
def test_every_team_keeps_every_rule_or_says_why_not(
    register: tuple[list[Inspector], list[str], dict[str, TargetFacts], TeamRules], seed: str
) -> None:
    inspectors, targets, facts, rules = register
    by_certificate = {i.certificate: i for i in inspectors}
    teams = form_teams(seed, targets, inspectors, rules, facts)
    cap = load_cap(len(targets), rules.size, len(inspectors))
    load: Counter[str] = Counter()
    for team in teams:
        if team.problem is not None:
            assert team.members == ()
            continue
        members = [by_certificate[c] for c in team.members]
        fact = facts[team.uscc]
        assert len(set(team.members)) == rules.size
        assert not set(team.members) & fact.conflicts, "a conflict of interest"
        assert len(set(team.members) & fact.previous) < 2, "the same pair as last time"
        departments = {m.department for m in members}
        assert rules.required_departments <= departments
        if rules.cross_department:
            assert len(departments) >= 2
        assert rules.required_expertise <= frozenset().union(*(m.expertise for m in members))
        load.update(team.members)
    assert all(n <= cap for n in load.values()), "over the fair share plus one"
    # The same seed gives the same teams: anyone can re-derive them.
    assert form_teams(seed, targets, inspectors, rules, facts) == teams


def test_impossible_cases_say_which_rule() -> None:
    alone = [Inspector("C1", "会计股"), Inspector("C2", "会计股")]
    facts = {"T": TargetFacts()}
    [team] = form_teams("s", ["T"], alone, TeamRules(cross_department=True), facts)
    assert team.problem is NoTeam.CROSS_DEPARTMENT
    [team] = form_teams("s", ["T"], alone, TeamRules(required_departments=frozenset({"采购股"})),
                        facts)  # fmt: skip
    assert (team.problem, team.missing) == (NoTeam.DEPARTMENT, "采购股")
    [team] = form_teams("s", ["T"], alone, TeamRules(required_expertise=frozenset({"审计"})), facts)
    assert (team.problem, team.missing) == (NoTeam.EXPERTISE, "审计")
    [team] = form_teams(
        "s", ["T"], alone, TeamRules(), {"T": TargetFacts(conflicts=frozenset({"C1"}))}
    )
    assert team.problem is NoTeam.TOO_FEW
    [team] = form_teams("s", ["T"], alone, TeamRules(),
                        {"T": TargetFacts(previous=frozenset({"C1", "C2"}))})  # fmt: skip
    assert team.problem is NoTeam.REPEAT_PAIR


def test_last_times_inspectors_only_when_nobody_else_fits() -> None:
    inspectors = _inspectors(6)
    previous = frozenset({"C000", "C001"})
    [team] = form_teams("s", ["T"], inspectors, TeamRules(), {"T": TargetFacts(previous=previous)})
    assert not set(team.members) & previous
    three = _inspectors(3)
    [team] = form_teams("s", ["T"], three, TeamRules(),
                        {"T": TargetFacts(previous=frozenset({"C000", "C001"}))})  # fmt: skip
    assert team.members and len(set(team.members) & {"C000", "C001"}) == 1


def test_the_team_is_the_first_fitting_combination_in_the_targets_order() -> None:
    inspectors = _inspectors(8)
    [team] = form_teams("种子", ["T"], inspectors, TeamRules(), {})
    order = inspector_order(seed_hash("种子"), "T", inspectors)
    assert team.members == (order[0].certificate, order[1].certificate)


def test_loads_are_balanced_over_a_draw() -> None:
    inspectors = _inspectors(10)
    targets = [f"T{i:03d}" for i in range(40)]
    teams = form_teams("seed", targets, inspectors, TeamRules(), {})
    load = Counter(c for t in teams for c in t.members)
    assert all(t.problem is None for t in teams)
    assert max(load.values()) <= load_cap(40, 2, 10) == 9


def test_a_recused_member_is_replaced_by_the_next_fitting_inspector() -> None:
    inspectors = _inspectors(6)
    teams = Teams("seed", inspectors, TeamRules(cross_department=True), targets=1)
    team = teams.form("T", TargetFacts())
    recused = team.members[0]
    replacement = teams.replacement("T", team.members, [recused], TargetFacts())
    assert replacement is not None and replacement.certificate not in team.members
    kept = next(i for i in inspectors if i.certificate == team.members[1])
    assert replacement.department != kept.department, "the team still spans departments"
    order = [i.certificate for i in teams.order("T")]
    skipped = order[: order.index(replacement.certificate)]
    assert all(c in team.members or next(i for i in inspectors if i.certificate == c).department
               == kept.department for c in skipped), "the first one that fits"  # fmt: skip
    assert teams.load[recused] == 0 and teams.load[replacement.certificate] == 1


def test_the_order_is_the_documented_fisher_yates_shuffle() -> None:
    """Re-derived here from the module's description alone, as an auditor would."""
    import hashlib

    inspectors = _inspectors(9, departments=3)
    digest = seed_hash("骰子 6 2 4")
    uscc = "91411721MA44XXXX1X"
    items = sorted(inspectors, key=lambda i: i.certificate)
    for k in range(len(items) - 1):
        r = int(hashlib.sha256(f"{digest}{uscc}#{k}".encode()).hexdigest(), 16)
        j = k + r % (len(items) - k)
        items[k], items[j] = items[j], items[k]
    assert inspector_order(digest, uscc, reversed(inspectors)) == items
    # Each inspector comes first for some target: the order is not fixed across targets.
    firsts = {inspector_order(digest, f"T{t}", inspectors)[0].certificate for t in range(60)}
    assert len(firsts) == 9
