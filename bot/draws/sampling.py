"""Verifiable target sampling: consistent sampling exactly as Rivest's `consistent_sampler`.

For a seed and an id (here a USCC):

    seed_hash = sha256_hex(str(seed))
    ticket(id) = "0." + reversed("{:064d}".format(int(sha256_hex(seed_hash + str(id)), 16)))

where `sha256_hex` is the lowercase hex SHA-256 of the UTF-8 text. Tickets compare as strings;
ties (equal tickets) go by id. A sample of k from a pool is the k ids with the lowest tickets;
sampling a pool and then filtering it gives the same result as sampling the filtered pool, so
anyone with the pool, the seed and the rules re-derives the draw. This module computes the
same tickets as `consistent_sampler` 1.0.10 (a test checks it against the package), several
times faster: it never builds a ticket object per id, and keeps only the k best of a stratum.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

#: Name and version of the construction, written into every public record.
ALGORITHM = "consistent-sampling-sha256/1"

Stratum = Literal["A", "B", "C", "D", "unclassified", "blacklisted", "abnormal"]
STRATA: tuple[Stratum, ...] = ("blacklisted", "abnormal", "A", "B", "C", "D", "unclassified")


def as_stratum(name: str) -> Stratum:
    """A stratum's name, as read from a file or the database; ValueError if unknown."""
    if name not in STRATA:
        raise ValueError(f"unknown stratum {name!r}")
    return name


def stratum_of(credit_class: str | None, blacklisted: bool, abnormal: bool) -> Stratum:
    """A target's stratum: the lists first (they have their own, higher ratios), then the
    credit-risk class."""
    if blacklisted:
        return "blacklisted"
    if abnormal:
        return "abnormal"
    if credit_class in ("A", "B", "C", "D"):
        return credit_class  # type: ignore[return-value]
    return "unclassified"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_hash(seed: str) -> str:
    return sha256_hex(str(seed))


def ticket(seed_digest: str, item_id: str) -> str:
    """The ticket of `item_id` under the seed whose `seed_hash` is `seed_digest`."""
    number = int.from_bytes(hashlib.sha256((seed_digest + item_id).encode("utf-8")).digest())
    return "0." + str(number).zfill(64)[::-1]


@dataclass(frozen=True, slots=True)
class Drawn:
    """One sampled target: its ticket decides the order of the draw."""

    ticket: str
    uscc: str
    stratum: Stratum


_PREFIX_DIGITS = 19
_PREFIX_MODULUS = 10**_PREFIX_DIGITS


def _prefix(digest: bytes) -> str:
    """The first 19 digits of a ticket (after "0."): the hash's last 19 decimal digits,
    reversed. Ordering by them is ordering by the ticket, unless two prefixes are equal."""
    low = int.from_bytes(digest) % _PREFIX_MODULUS
    return str(low).zfill(_PREFIX_DIGITS)[::-1]


def _first_digit(digest: bytes) -> int:
    """A ticket's first digit, n mod 10 of the hash's number n, without converting n: n mod 2
    is the last byte's parity and n mod 5 the bytes' sum mod 5 (256 = 1 mod 5)."""
    by_five = sum(digest) % 5
    return by_five if by_five % 2 == digest[-1] % 2 else by_five + 5


def rank(seed: str, ids: Iterable[str], take: int) -> list[tuple[str, str]]:
    """The `take` ids with the lowest tickets, as (ticket, id) in ascending order.

    Exactly `sorted((ticket(id), id) for id in ids)[:take]`, computed without a 78-digit
    decimal conversion per id: ids whose ticket cannot start low enough are dropped by its
    first digit (read off the hash's bytes), the rest are ordered by the tickets' first 19
    digits, and full tickets are made for the chosen ids only. Where a guess was too tight,
    or equal prefixes straddle the cut, the pool is ranked again more carefully."""
    if take <= 0:
        return []
    ids = ids if isinstance(ids, list) else list(ids)
    digest = seed_hash(seed)
    prefix = digest.encode("utf-8")
    sha = hashlib.sha256
    # The k-th lowest of n uniform tickets lies near k/n: allow first digits up to twice that.
    highest = min(9, int(20 * (take + 1) / max(len(ids), 1)))
    while True:
        if highest == 0:  # the usual case (a sample under 5 %), kept free of function calls
            candidates = [
                (hashed, i)
                for i in ids
                if not (hashed := sha(prefix + i.encode()).digest())[-1] & 1 and not sum(hashed) % 5
            ]
        else:  # _first_digit, written out: a call per id costs a fifth of the time
            candidates = [
                (hashed, i)
                for i in ids
                if (
                    (by_five := sum(hashed := sha(prefix + i.encode()).digest()) % 5)
                    + (5 if (by_five ^ hashed[-1]) & 1 else 0)
                )
                <= highest
            ]
        if len(candidates) > take or highest == 9:
            break
        highest = min(9, highest * 2 + 1)
    keys = ((_prefix(hashed), i) for hashed, i in candidates)
    best = heapq.nsmallest(take + 1, keys)
    if len(best) > take and best[take][0] == best[take - 1][0]:
        return heapq.nsmallest(take, ((ticket(digest, i), i) for i in ids))
    return sorted((ticket(digest, i), i) for _p, i in best[:take])


def sample(
    seed: str, pool: Mapping[Stratum, list[str]], sizes: Mapping[Stratum, int]
) -> list[Drawn]:
    """The stratified sample: in each stratum the `sizes[stratum]` lowest tickets; all of
    them in ascending ticket order (the order teams are formed in)."""
    drawn = [
        Drawn(t, uscc, stratum)
        for stratum, ids in pool.items()
        for t, uscc in rank(seed, ids, min(sizes.get(stratum, 0), len(ids)))
    ]
    drawn.sort(key=lambda d: (d.ticket, d.uscc))
    return drawn


def pool_digest(pool: Mapping[Stratum, Iterable[str]]) -> str:
    """SHA-256 of the frozen pool: one line "USCC<TAB>stratum\n" per target, sorted by
    USCC. Posted before the seed exists, so the pool cannot be changed to suit a seed."""
    return PoolDigest.of(sorted((uscc, stratum) for stratum, ids in pool.items() for uscc in ids))


class PoolDigest:
    """`pool_digest` over (USCC, stratum) pairs that arrive already sorted by USCC (a
    database hands them over in index order), without holding them all to sort."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def update(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._hash.update("".join(f"{uscc}\t{stratum}\n" for uscc, stratum in pairs).encode())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> str:
        digest = cls()
        digest.update(pairs)
        return digest.hexdigest()
