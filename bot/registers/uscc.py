"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the first 17; KeyError on a character outside the alphabet."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> tuple[str, dict[str, str | int]] | None:
    """None if `code` is a well-formed USCC, else a problem code and its parameters."""
    if len(code) != 18:
        return "uscc_length", {"length": len(code)}
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return "uscc_chars", {"chars": "".join(bad)}
    expected = check_character(code[:17])
    if code[17] != expected:
        return "uscc_check", {"expected": expected}
    return None


def normalize_uscc(raw: str) -> str:
    """What people paste: spaces, full-width characters, lower case."""
    table = {
        ord(c): ord(c) - 0xFEE0
        for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
    }
    return raw.translate(table).replace(" ", "").replace("\u3000", "").upper()
