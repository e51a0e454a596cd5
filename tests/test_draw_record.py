"""The public record re-derives from itself alone; any change to it is found."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.draws.record import (
    DrawRecord,
    ManualTeam,
    assign_manual,
    make_record,
    members_now,
    recuse,
    verify,
)
from bot.draws.sampling import Stratum
from bot.draws.teams import Inspector, TeamRules
from tests.registers_data import make_uscc


def _record() -> DrawRecord:
    rng = random.Random(9)
    pool: dict[Stratum, list[str]] = {
        "A": [make_uscc(rng) for _ in range(300)],
        "C": [make_uscc(rng) for _ in range(120)],
        "blacklisted": [make_uscc(rng) for _ in range(6)],
    }
    inspectors = [Inspector(f"4117212020{i:04d}", ["会计股", "监督检查股", "采购股"][i % 3])
                  for i in range(12)]  # fmt: skip
    everyone = [u for ids in pool.values() for u in ids]
    return make_record(
        code="西财双随机〔2026〕第001号",
        items=["XPCZ-001"],
        seed="3 1 4 1 5 9 2 6 5 3 骰子",
        pool=pool,
        sizes={"A": 9, "C": 12, "blacklisted": 6},
        inspectors=inspectors,
        rules=TeamRules(size=2, cross_department=True),
        previous={everyone[0]: [inspectors[0].certificate, inspectors[1].certificate]},
        conflicts={u: [inspectors[3].certificate] for u in everyone[::5]},
        window=("2026-12-01", "2026-12-31"),
        ratios={"A": 3.0, "C": 10.0, "blacklisted": 100.0},
    )


def test_a_record_verifies_and_survives_json() -> None:
    record = _record()
    assert len(record.sample) == 27 and all(t.team for t in record.sample)
    assert verify(record) is None
    again = DrawRecord.from_json(record.to_json())
    assert again == record and verify(again) is None
    assert "3 1 4 1 5 9 2 6 5 3 骰子" in record.to_json(), "the seed is published in full"
    published = [k for keys in json.loads(record.to_json())["conflicts"].values() for k in keys]
    assert published and all(re.fullmatch(r"[0-9a-f]{64}", c) for c in published), (
        "conflicts are published as hashes, not as who is related to whom"
    )


def test_any_change_is_found_and_named() -> None:
    record = _record()
    swapped = dataclasses.replace(record.sample[4], team=record.sample[5].team)
    tampered = dataclasses.replace(record, sample=[*record.sample[:4], swapped,
                                                   *record.sample[5:]])  # fmt: skip
    assert (verify(tampered) or "").startswith("target 5: derived")
    fewer = dataclasses.replace(record, pool=record.pool[1:])
    assert (verify(fewer) or "").startswith("pool digest")
    reseeded = dataclasses.replace(record, seed="another seed")
    assert verify(reseeded) is not None


def test_a_recusal_and_its_replacement_are_part_of_the_record() -> None:
    record = _record()
    target = record.sample[0]
    replaced = recuse(record, target.uscc, target.team[0])
    assert replaced.replacement is not None and replaced.replacement not in target.team
    assert verify(DrawRecord.from_json(record.to_json())) is None
    record.recusals[-1] = dataclasses.replace(replaced, replacement=target.team[1])
    assert "recusal 1" in (verify(record) or "")


def test_verify_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = _record()
    good = tmp_path / "draw.json"
    good.write_text(record.to_json(), encoding="utf-8")
    assert main(["verify", str(good)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "verified"
    bad = tmp_path / "bad.json"
    bad.write_text(record.to_json().replace(record.sample[0].ticket, "0.1"), encoding="utf-8")
    assert main(["verify", str(bad)]) == 1
    assert "target 1" in capsys.readouterr().out
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    assert main(["verify", str(tmp_path / "junk.json")]) == 2


def _teamless_record() -> DrawRecord:
    """Three inspectors of whom one is in conflict with every target: one team of two fits
    (the load cap stops the rest), so most targets are left without a team."""
    rng = random.Random(5)
    pool: dict[Stratum, list[str]] = {"A": [make_uscc(rng) for _ in range(20)]}
    inspectors = [Inspector(f"4117212021{i:04d}", "会计股") for i in range(3)]
    return make_record(
        code="X〔2026〕第002号", items=["XPCZ-001"], seed="7", pool=pool, sizes={"A": 6},
        inspectors=inspectors, rules=TeamRules(size=2),
        previous={}, conflicts={u: [inspectors[2].certificate] for u in pool["A"]},
    )  # fmt: skip


def test_a_manual_team_is_accepted_only_where_the_rules_left_none() -> None:
    record = _teamless_record()
    teamless = [t for t in record.sample if not t.team]
    formed = [t for t in record.sample if t.team]
    assert teamless and formed
    certs = [i.certificate for i in record.inspectors]
    manual = assign_manual(record, teamless[0].uscc, [certs[2], certs[0]], "人手不足，局长批准")
    assert manual.after == 0 and members_now(record, teamless[0].uscc) == [certs[2], certs[0]]
    again = DrawRecord.from_json(record.to_json())
    assert again == record and verify(again) is None
    assert json.loads(record.to_json())["manual"][0]["reason"] == "人手不足，局长批准"
    # A target that has its team cannot get another by hand.
    with pytest.raises(ValueError, match="has a team"):
        assign_manual(record, formed[0].uscc, [certs[1], certs[2]], "x")
    forged = dataclasses.replace(
        record, manual=[*record.manual, ManualTeam(formed[0].uscc, (certs[1], certs[2]), "x")]
    )
    assert "manual team 2" in (verify(forged) or "") and "rules gave it a team" in (
        verify(forged) or ""
    )
    single = dataclasses.replace(record, manual=[ManualTeam(teamless[0].uscc, (certs[0],), "x")])
    assert "fewer than 2" in (verify(single) or "")


def test_a_manual_team_after_a_recusal_without_replacement() -> None:
    record = _teamless_record()
    target = next(t for t in record.sample if t.team)
    certs = [i.certificate for i in record.inspectors]
    # The third inspector is in conflict: nobody can replace a recused member.
    replaced = recuse(record, target.uscc, target.team[0])
    assert replaced.replacement is None
    assert members_now(record, target.uscc) == [target.team[1]]
    manual = assign_manual(record, target.uscc, [target.team[1], certs[2]], "经批准")
    assert manual.after == 1
    assert verify(DrawRecord.from_json(record.to_json())) is None
    # Placed before the recusal, the same manual team is refused: the target had its team.
    early = dataclasses.replace(record, manual=[dataclasses.replace(manual, after=0)])
    assert "rules gave it a team" in (verify(early) or "")
