"""Typed callback data: packs, unpacks, refuses anything forged, fits Telegram's 64 bytes."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pytest

from bot.callbacks import MAX_BYTES, CallbackData, CallbackDataError
from bot.registers.buttons import MissingRows, TargetsPage


class Colour(enum.StrEnum):
    RED = "r"
    BLUE = "b"


@dataclass(frozen=True, slots=True)
class Sample(CallbackData, prefix="smp"):
    item: int
    flag: bool
    colour: Colour
    text: str


def test_round_trip_keeps_every_field_and_type() -> None:
    button = Sample(42, True, Colour.BLUE, "芦庙乡: 餐馆")
    data = button.pack()
    assert data == "smp:42:1:b:芦庙乡: 餐馆"
    assert Sample.unpack(data) == button
    assert Sample.matches(data) and not MissingRows.matches(data)


@pytest.mark.parametrize(
    "data",
    [
        "smp:1:1:b",  # a field missing
        "smp:x:1:b:t",  # not a number
        "smp:99999999999999999999:1:b:t",  # would overflow
        "smp:1:2:b:t",  # not a flag
        "smp:1:1:g:t",  # no such colour
        "smpx:1:1:b:t",  # another prefix
        "x" * 64,
        None,
    ],
)
def test_forged_data_is_refused_not_crashed_on(data: object) -> None:
    with pytest.raises(CallbackDataError):
        Sample.unpack(data)


def test_the_64_byte_limit_is_checked_and_texts_are_fitted() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Sample(1, False, Colour.RED, "长" * 30).pack()
    page = TargetsPage.of(12, "西平县" * 20)
    data = page.pack()
    assert len(data.encode()) <= MAX_BYTES
    assert TargetsPage.unpack(data) == page and page.query.startswith("西平县")


def test_only_the_last_field_may_hold_a_colon() -> None:
    @dataclass(frozen=True)
    class Two(CallbackData, prefix="two"):
        first: str
        second: str

    assert Two.unpack(Two("a", "b:c").pack()) == Two("a", "b:c")
    with pytest.raises(ValueError, match="only the last field"):
        Two("a:b", "c").pack()


def test_a_prefix_is_used_once() -> None:
    with pytest.raises(ValueError, match="used twice"):

        @dataclass(frozen=True)
        class Again(CallbackData, prefix="smp"):
            item: int
