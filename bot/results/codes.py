"""The national table of standard results (检查结果), check methods (核查方式) and follow-up
kinds (后续处置), with the rules a selection must obey.

Codes and names are the ones of the national publicity system (see ../shared/domain.md); the
names are kept here because they are published as they are, whatever the bot's language.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ResultCode:
    code: str
    name: str
    #: The code this one is a sub-item of (under 发现问题待后续处理).
    parent: str | None = None
    #: A problem was found: the findings text is required.
    problem: bool = False


NO_PROBLEM = "1"
PENDING = "A"

#: In the order the national system lists them; sub-items right after their parent.
CODES: tuple[ResultCode, ...] = (
    ResultCode("1", "未发现问题"),
    ResultCode("A", "发现问题待后续处理", problem=True),
    ResultCode("2", "违反工商行政管理相关规定", "A", problem=True),
    ResultCode("B", "未按规定公示应当公示的信息", "2", problem=True),
    ResultCode("C", "公示信息隐瞒真实情况、弄虚作假", "2", problem=True),
    ResultCode("6", "通过登记的住所（经营场所）无法联系", "2", problem=True),
    ResultCode("D", "违反其他工商行政管理规定行为", "2", problem=True),
    ResultCode("3", "违反食品药品相关规定", "A", problem=True),
    ResultCode("4", "违反质量技术监督相关规定", "A", problem=True),
    ResultCode("5", "违反其他部门相关规定", "A", problem=True),
    ResultCode("E", "发现问题经责令已改正", problem=True),
    ResultCode("F", "未发现开展本次抽查涉及的经营活动"),
    ResultCode("7", "已关闭停业或正在组织清算"),
    ResultCode("8", "不配合检查情节严重", problem=True),
    ResultCode("9", "注销"),
    ResultCode("10", "被吊销"),
    ResultCode("11", "被撤销"),
    ResultCode("12", "迁出"),
)
BY_CODE = {c.code: c for c in CODES}
ORDER = {c.code: n for n, c in enumerate(CODES)}


def children(code: str) -> tuple[str, ...]:
    return tuple(c.code for c in CODES if c.parent == code)


def ancestors(code: str) -> tuple[str, ...]:
    found: list[str] = []
    parent = BY_CODE[code].parent
    while parent is not None:
        found.append(parent)
        parent = BY_CODE[parent].parent
    return tuple(found)


def depth(code: str) -> int:
    return len(ancestors(code))


def _descendants(code: str) -> set[str]:
    found: set[str] = set()
    for child in children(code):
        found |= {child} | _descendants(child)
    return found


def ordered(codes: Iterable[str]) -> list[str]:
    return sorted(set(codes), key=ORDER.__getitem__)


def toggle(selected: Sequence[str], code: str) -> list[str]:
    """The selection after pressing `code`: 未发现问题 and the other codes exclude each other
    (choosing one clears the others), a sub-item brings its parents along, and a parent
    taken away takes its sub-items with it."""
    if code not in BY_CODE:
        raise ValueError(f"unknown result code {code!r}")
    now = set(selected) & BY_CODE.keys()
    if code in now:
        now -= {code} | _descendants(code)
    elif code == NO_PROBLEM:
        now = {NO_PROBLEM}
    else:
        now = (now - {NO_PROBLEM}) | {code, *ancestors(code)}
    return ordered(now)


class Problem(enum.StrEnum):
    """Why a selection or a form cannot be submitted (each has a text)."""

    NO_CODE = "no_code"
    NO_PROBLEM_WITH_OTHERS = "no_problem_with_others"
    NO_SUB_ITEM = "no_sub_item"
    NO_FINDINGS = "no_findings"
    NO_METHOD = "no_method"
    NO_FOLLOW_UP = "no_follow_up"
    NO_DUE_DATE = "no_due_date"


def code_problem(codes: Sequence[str]) -> Problem | None:
    """What is wrong with a set of codes on its own (None: a valid selection)."""
    chosen = set(codes)
    if not chosen:
        return Problem.NO_CODE
    if NO_PROBLEM in chosen and len(chosen) > 1:
        return Problem.NO_PROBLEM_WITH_OTHERS
    for code in chosen:
        if children(code) and not chosen & set(children(code)):
            return Problem.NO_SUB_ITEM  # 发现问题待后续处理 says which kind of problem
    return None


def has_problem(codes: Iterable[str]) -> bool:
    return any(BY_CODE[c].problem for c in codes if c in BY_CODE)


class Method(enum.StrEnum):
    """核查方式."""

    ON_SITE = "site"
    DOCUMENTS = "docs"
    OTHER_AUTHORITY = "authority"
    TESTING = "testing"
    ONLINE = "online"
    EXPERTS = "experts"


METHOD_NAMES: dict[Method, str] = {
    Method.ON_SITE: "实地检查",
    Method.DOCUMENTS: "书面检查",
    Method.OTHER_AUTHORITY: "行政部门检查结果或专业意见",
    Method.TESTING: "检验检测",
    Method.ONLINE: "网络监测",
    Method.EXPERTS: "委托专业机构辅助",
}


class FollowUp(enum.StrEnum):
    """后续处置; only ORDER (责令改正) has a deadline."""

    NONE = "none"  # 无需后续处置 (closes the case)
    ORDER = "order"  # 责令改正, with a deadline and a later check
    TRANSFER = "transfer"  # 移送 case clues to the case-handling unit
    NOTIFY = "notify"  # 抄告 another department
    DAILY = "daily"  # 移交日常监管


@dataclass(frozen=True, slots=True)
class Draft:
    methods: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    findings: str = ""
    follow_up: str | None = None
    due_on: str | None = None  # ISO date
    remarks: str = ""


def form_problem(draft: Draft) -> Problem | None:
    """Why the form cannot be submitted yet, the first reason in the order of the form."""
    if not draft.methods:
        return Problem.NO_METHOD
    problem = code_problem(draft.codes)
    if problem is not None:
        return problem
    if has_problem(draft.codes) and not draft.findings.strip():
        return Problem.NO_FINDINGS
    if draft.follow_up is None:
        return Problem.NO_FOLLOW_UP
    if draft.follow_up == FollowUp.ORDER and not draft.due_on:
        return Problem.NO_DUE_DATE
    return None


class Consequence(enum.StrEnum):
    """A credit-record consequence an approved result proposes; an admin applies or dismisses."""

    ABNORMAL_LIST = "abnormal"  # 列入经营异常名录


#: Codes that propose a consequence: an unreachable registered address and concealed or false
#: publicised information put a business on the abnormal list (企业信息公示暂行条例).
PROPOSES: dict[str, Consequence] = {
    "6": Consequence.ABNORMAL_LIST,
    "C": Consequence.ABNORMAL_LIST,
}


def consequences(codes: Iterable[str]) -> list[Consequence]:
    return sorted({PROPOSES[c] for c in codes if c in PROPOSES})
