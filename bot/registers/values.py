"""Cell values: from what Excel, WPS and people write to typed values, or a problem code."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.registers.schema import STATUSES, Column, Kind
from bot.registers.uscc import normalize_uscc, uscc_problem
from storage.models import CreditClass, ItemCategory


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, as a text code and its parameters (rendered by the catalogs)."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> Problem:
        return cls(code, tuple(params.items()))


class Invalid(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_TAG_SPLIT = re.compile(r"[、,，;；/|\s]+")
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", "不是"}
_EXCEL_EPOCH = date(1899, 12, 30)


def text_of(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # Excel turns long digit strings into numbers
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and 1 < raw < 100_000:
        return _EXCEL_EPOCH + timedelta(days=int(raw))  # an Excel serial day number
    text = text_of(raw)
    if len(text) == 10 and text[4] == "-":
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text)  # the common spelling, parsed in C
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise Invalid(Problem.of("bad_date", value=text))


def normalize_phone(text: str) -> str:
    phone = re.sub(r"[\s()（）]", "", text)
    return re.sub(r"^(\+?86|0086)-?(?=1\d{10}$)", "", phone)


def _text(column: Column, text: str, _raw: Any) -> Any:
    if len(text) > column.max_length:
        raise Invalid(Problem.of("too_long", limit=column.max_length))
    return text


def _uscc(column: Column, text: str, _raw: Any) -> Any:
    value = normalize_uscc(text)
    problem = uscc_problem(value)
    if problem:
        raise Invalid(Problem.of(problem[0], **problem[1]))
    return value


def _date(_column: Column, _text: str, raw: Any) -> Any:
    return parse_date(raw)


def _credit(_column: Column, text: str, _raw: Any) -> Any:
    letter = text.upper().removesuffix("类").removesuffix("级").strip()
    if letter not in CreditClass.__members__:
        raise Invalid(Problem.of("bad_credit", value=text))
    return CreditClass(letter)


_CATEGORIES = {"一般": ItemCategory.GENERAL, "重点": ItemCategory.KEY,
               "general": ItemCategory.GENERAL, "key": ItemCategory.KEY}  # fmt: skip


def _category(_column: Column, text: str, _raw: Any) -> Any:
    category = _CATEGORIES.get(text.removesuffix("事项")) or _CATEGORIES.get(text.lower())
    if category is None:
        raise Invalid(Problem.of("bad_category", value=text))
    return category


def _status(_column: Column, text: str, _raw: Any) -> Any:
    if text not in STATUSES:
        raise Invalid(Problem.of("bad_status", value=text, allowed="、".join(STATUSES)))
    return text


def _bool(_column: Column, text: str, _raw: Any) -> Any:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise Invalid(Problem.of("bad_bool", value=text))


def _float(column: Column, text: str, _raw: Any) -> Any:
    try:
        number = float(text)
    except ValueError:
        raise Invalid(Problem.of("bad_number", value=text)) from None
    low, high = column.bounds or (float("-inf"), float("inf"))
    if not low <= number <= high:
        raise Invalid(Problem.of("out_of_range", value=text, low=low, high=high))
    return number


def _phone(column: Column, text: str, _raw: Any) -> Any:
    value = text if len(text) == 11 and text.isdigit() else normalize_phone(text)
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise Invalid(Problem.of("bad_phone", value=text))
    return _text(column, value, value)


def _tags(_column: Column, text: str, _raw: Any) -> Any:
    return [tag for tag in _TAG_SPLIT.split(text) if tag]


_KINDS: dict[Kind, Callable[[Column, str, Any], Any]] = {
    Kind.TEXT: _text, Kind.USCC: _uscc, Kind.DATE: _date, Kind.CREDIT: _credit,
    Kind.CATEGORY: _category, Kind.STATUS: _status, Kind.BOOL: _bool, Kind.FLOAT: _float,
    Kind.PHONE: _phone, Kind.TAGS: _tags,
}  # fmt: skip
_REQUIRED = Problem.of("required")


def parser_for(column: Column) -> Callable[[Any], Any]:
    """A function from a raw cell to its typed value (Invalid with a problem otherwise).

    Built once per column of a file: a million-row import calls it for every cell.
    """
    convert = _KINDS[column.kind]
    required = column.required
    if column.kind is Kind.TEXT and not required:
        limit = column.max_length

        def parse_text(raw: Any) -> Any:  # most cells: keep this path short
            text = raw.strip() if type(raw) is str else text_of(raw)
            if len(text) > limit:
                raise Invalid(Problem.of("too_long", limit=limit))
            return text

        return parse_text

    def parse_cell(raw: Any) -> Any:
        text = raw.strip() if type(raw) is str else text_of(raw)
        if not text:
            if required:
                raise Invalid(_REQUIRED)
            return _empty(column)
        return convert(column, text, raw)

    return parse_cell


def _empty(column: Column) -> Any:
    if column.kind is Kind.BOOL:
        return column.default
    if column.kind is Kind.TAGS:
        return []
    if column.kind is Kind.CATEGORY:
        return ItemCategory.GENERAL
    if column.kind is Kind.STATUS:
        return "存续"
    if column.kind in (Kind.TEXT, Kind.PHONE):
        return ""
    return None
