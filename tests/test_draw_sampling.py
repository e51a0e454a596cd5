"""Target sampling is Rivest's consistent sampling, ticket for ticket."""

from __future__ import annotations

import random

import consistent_sampler
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.draws.sampling import (
    Stratum,
    pool_digest,
    rank,
    sample,
    seed_hash,
    stratum_of,
    ticket,
)
from tests.registers_data import make_uscc

SEEDS = ["314159", "01382438112797316654", "20 dice: 3 5 1 6 2", "西平县2026年第1次抽取", ""]


def _pool(size: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return list({make_uscc(rng) for _ in range(size)})


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("size", "take"), [(1, 1), (50, 3), (2000, 40), (2000, 1999), (3000, 900)])
def test_the_same_sample_as_consistent_sampler(seed: str, size: int, take: int) -> None:
    ids = _pool(size)
    ours = rank(seed, ids, take)
    theirs = list(consistent_sampler.sampler(ids, seed=seed, take=take, output="ticket",
                                             digits=100))  # fmt: skip
    assert [i for _t, i in ours] == [t.id for t in theirs]
    # The tickets themselves, every digit.
    assert [t for t, _i in ours] == [t.ticket_number for t in theirs]


def test_tickets_as_the_domain_page_defines_them() -> None:
    digest = seed_hash("01382438112797316654")
    expected = consistent_sampler.first_ticket("AB-130", "01382438112797316654").ticket_number
    assert ticket(digest, "AB-130") == expected
    assert 77 <= len(ticket(digest, "AB-130")) - 2 <= 78


@settings(max_examples=60, deadline=None)
@given(
    seed=st.text(max_size=12),
    size=st.integers(min_value=1, max_value=300),
    take=st.integers(min_value=0, max_value=320),
)
def test_rank_is_the_lowest_tickets_for_any_seed(seed: str, size: int, take: int) -> None:
    ids = [f"T{i:05d}" for i in range(size)]
    digest = seed_hash(seed)
    assert rank(seed, ids, take) == sorted((ticket(digest, i), i) for i in ids)[:take]


def test_stratified_sample_and_its_order() -> None:
    pool: dict[Stratum, list[str]] = {"A": _pool(400, 2), "D": _pool(100, 3),
                                      "blacklisted": _pool(10, 4)}  # fmt: skip
    drawn = sample("seed", pool, {"A": 12, "D": 30, "blacklisted": 99})
    by_stratum = {s: [d.uscc for d in drawn if d.stratum == s] for s in pool}
    assert len(by_stratum["A"]) == 12 and len(by_stratum["D"]) == 30
    assert sorted(by_stratum["blacklisted"]) == sorted(pool["blacklisted"]), "all of them"
    assert [d.ticket for d in drawn] == sorted(d.ticket for d in drawn), "one order by ticket"
    for stratum, ids in pool.items():
        expected = [i for _t, i in rank("seed", ids, len(by_stratum[stratum]))]
        assert sorted(by_stratum[stratum]) == sorted(expected)


def test_filtering_after_sampling_equals_sampling_the_filtered_pool() -> None:
    ids = _pool(1000, 5)
    kept = set(ids[::3])
    whole = [i for _t, i in rank("s", ids, len(ids)) if i in kept][:20]
    assert whole == [i for _t, i in rank("s", sorted(kept), 20)]


def test_strata_and_pool_digest() -> None:
    assert stratum_of("C", blacklisted=True, abnormal=True) == "blacklisted"
    assert stratum_of("C", blacklisted=False, abnormal=True) == "abnormal"
    assert stratum_of(None, blacklisted=False, abnormal=False) == "unclassified"
    assert stratum_of("B", blacklisted=False, abnormal=False) == "B"
    first = pool_digest({"A": ["2", "1"], "B": ["3"]})
    assert first == pool_digest({"B": ["3"], "A": ["1", "2"]}), "order does not matter"
    assert first != pool_digest({"A": ["1", "2"], "C": ["3"]}), "strata count"
    assert len(first) == 64
