"""The wizard's typed answers and sizes: what is accepted, what is refused (no server)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.refusals import Refusal
from bot.services.draw_stages import crypto_seed, seed_groups, witness_seed
from bot.services.draw_wizard import Draft, parse_size, parse_window
from bot.services.draws import Size
from bot.texts import get_texts

TODAY = date(2026, 11, 27)
ZH = get_texts("zh-CN")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-12-01 2026-12-31", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026/12/1 至 2026/12/31", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026年12月1日—2026年12月31日", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-11-27 2026-11-27", TODAY, TODAY),
    ],
)
def test_windows_accepted(text: str, start: date, end: date) -> None:
    assert parse_window(text, TODAY) == (start, end)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("下周一开始", "没有认出两个日期"),
        ("2026-12-01", "没有认出两个日期"),
        ("2026-02-30 2026-03-01", "没有认出两个日期"),
        ("2026-12-31 2026-12-01", "结束日期不能早于"),
        ("2026-11-01 2026-11-20", "结束日期不能早于"),  # already over
        ("2026-12-01 2027-01-31", "同一年度"),
    ],
)
def test_windows_refused(text: str, why: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_window(text, TODAY)
    assert why in refused.value.text(ZH)


def test_sizes() -> None:
    assert parse_size("count", " 30 ") == 30
    assert parse_size("percent", "2.5％") == 2.5
    for kind, text in (("count", "0"), ("count", "3.5"), ("count", "一百"), ("percent", "0"),
                       ("percent", "101"), ("count", "2000000")):  # fmt: skip
        with pytest.raises(Refusal):
            parse_size(kind, text)  # type: ignore[arg-type]


def test_witness_seeds() -> None:
    assert witness_seed(" 3 1 4，1 5 9\n2 6 ") == "3 1 4 1 5 9 2 6"
    assert witness_seed("20261127") == "20261127"
    for bad in ("12345", "3 1 4 a", "１２３４５６７", "", "1" * 201):
        with pytest.raises(Refusal):
            witness_seed(bad)


def test_crypto_seed_is_fresh_and_full_length() -> None:
    seeds = {crypto_seed() for _ in range(20)}
    assert len(seeds) == 20 and all(len(s) == 24 and s.isdigit() for s in seeds)
    assert seed_groups("123456789012") == "1234 5678 9012"
    assert seed_groups("3 1 4") == "3 1 4"


def test_plan_ratios_round_up_per_stratum() -> None:
    pool = {"A": ["x"] * 100, "blacklisted": ["y"] * 7, "D": ["z"] * 10}
    size = Size("ratios", ratios=(("A", 3.0), ("blacklisted", 100.0), ("D", 15.0)))
    assert size.per_stratum(pool) == {"A": 3, "blacklisted": 7, "D": 2}  # type: ignore[arg-type]
    assert size.as_ratios() == {"A": 3.0, "blacklisted": 100.0, "D": 15.0}
    assert Size("percent", 3).per_stratum({"A": ["x"] * 10}) == {"A": 1}


def test_draft_survives_its_json() -> None:
    draft = Draft(items=("A", "B"), regions=("城关镇",), classes=("C",), size_kind="ratios",
                  ratios=(("A", 3.0),), start="2026-12-01", end="2026-12-31", team_size=3,
                  cross=True, digest="d", code="c", seed="1 2 3")  # fmt: skip
    assert Draft.from_data(draft.to_data()) == draft
    assert Draft.from_data({"size_kind": "bogus"}).size_kind is None
