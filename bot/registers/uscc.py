"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from __future__ import annotations

import re
from operator import mul

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


_WELL_FORMED = re.compile(f"[{ALPHABET}]{{18}}")


def check_character(first17: str) -> str:
    """The 18th character for the first 17; KeyError on a character outside the alphabet."""
    if len(first17) != 17:
        raise ValueError("17 characters expected")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> tuple[str, dict[str, str | int]] | None:
    """None if `code` is a well-formed USCC, else a problem code and its parameters."""
    if len(code) != 18:
        return "uscc_length", {"length": len(code)}
    if not _WELL_FORMED.fullmatch(code):
        return "uscc_chars", {"chars": "".join(sorted({ch for ch in code if ch not in _VALUE}))}
    expected = check_character(code[:17])
    if code[17] != expected:
        return "uscc_check", {"expected": expected}
    return None


_ASCII = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Full-width letters and digits to ASCII; spaces (ASCII and ideographic) removed.
_PASTED = str.maketrans({chr(ord(c) + 0xFEE0): c for c in _ASCII} | {" ": None, "\u3000": None})


def normalize_uscc(raw: str) -> str:
    """What people paste: spaces, full-width characters, lower case."""
    if len(raw) == 18 and raw.isascii():
        return raw.upper()  # the common case, kept fast for million-row imports
    return raw.translate(_PASTED).upper()
