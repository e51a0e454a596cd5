"""The rules of the national result codes and of the findings form."""

from __future__ import annotations

import pytest

from bot.results import codes
from bot.results.codes import Draft, FollowUp, Problem


def test_the_table_is_complete_and_in_order() -> None:
    assert [c.code for c in codes.CODES] == [
        "1", "A", "2", "B", "C", "6", "D", "3", "4", "5", "E", "F", "7", "8", "9", "10", "11",
        "12",
    ]  # fmt: skip
    assert codes.children("A") == ("2", "3", "4", "5")
    assert codes.children("2") == ("B", "C", "6", "D")
    assert codes.ancestors("6") == ("2", "A")
    assert len(codes.METHOD_NAMES) == 6


def test_no_problem_excludes_every_other_code() -> None:
    chosen = codes.toggle([], "6")
    assert chosen == ["A", "2", "6"]  # a sub-item brings its parents
    assert codes.toggle(chosen, "1") == ["1"]  # 未发现问题 clears the others
    assert codes.toggle(["1"], "E") == ["E"]  # and any other clears it
    assert codes.toggle(["A", "2", "6", "E"], "A") == ["E"]  # a parent takes its sub-items
    with pytest.raises(ValueError, match="unknown result code"):
        codes.toggle([], "Z")


@pytest.mark.parametrize(
    ("chosen", "problem"),
    [
        ([], Problem.NO_CODE),
        (["1", "6"], Problem.NO_PROBLEM_WITH_OTHERS),
        (["1", "F"], Problem.NO_PROBLEM_WITH_OTHERS),
        (["A"], Problem.NO_SUB_ITEM),
        (["A", "2"], Problem.NO_SUB_ITEM),
        (["A", "3"], None),
        (["A", "2", "B", "C"], None),
        (["1"], None),
        (["9"], None),
    ],
)
def test_code_problems(chosen: list[str], problem: Problem | None) -> None:
    assert codes.code_problem(chosen) == problem


def test_form_problems() -> None:
    fine = Draft(("site",), ("1",), "", FollowUp.NONE.value)
    assert codes.form_problem(fine) is None
    assert codes.form_problem(Draft((), ("1",), "", "none")) is Problem.NO_METHOD
    assert codes.form_problem(Draft(("site",), (), "", "none")) is Problem.NO_CODE
    unreachable = Draft(("site",), ("A", "2", "6"), "", "none")
    assert codes.form_problem(unreachable) is Problem.NO_FINDINGS
    assert codes.form_problem(Draft(("site",), ("E",), " ", "none")) is Problem.NO_FINDINGS
    assert codes.form_problem(Draft(("site",), ("F",), "", "none")) is None
    assert codes.form_problem(Draft(("site",), ("1",), "", None)) is Problem.NO_FOLLOW_UP
    order = Draft(("site",), ("A", "3"), "x", FollowUp.ORDER.value)
    assert codes.form_problem(order) is Problem.NO_DUE_DATE
    assert codes.form_problem(Draft(("site",), ("A", "3"), "x", "order", "2026-12-20")) is None


def test_consequences() -> None:
    assert codes.consequences(["A", "2", "6"]) == [codes.Consequence.ABNORMAL_LIST]
    assert codes.consequences(["A", "2", "C", "6"]) == [codes.Consequence.ABNORMAL_LIST]
    assert codes.consequences(["1"]) == []
