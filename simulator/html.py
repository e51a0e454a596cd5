"""Telegram's HTML parse mode, strictly: what the Bot API accepts and what it refuses.

Returns the text as a user would see it (tags removed, entities decoded), so that the length
limits apply to what Telegram counts.
"""

from __future__ import annotations

import html
import re

_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote", "tg-time",
}  # fmt: skip
_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class HTMLParseError(ValueError):
    pass


def parse_html(text: str) -> str:
    """Plain text of `text`, or HTMLParseError with Telegram's wording."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TOKEN.match(text, pos)
            offset = len(text[:pos].encode())
            if match is None:
                raise HTMLParseError(
                    f"Can't parse entities: unsupported start tag at byte offset {offset}"
                )
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in _TAGS:
                raise HTMLParseError(
                    f'Can\'t parse entities: unsupported start tag "{name}" at byte offset {offset}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise HTMLParseError(
                        "Can't parse entities: can't find start tag corresponding to end tag "
                        f'"{name}" at byte offset {offset}'
                    )
                stack.pop()
            else:
                if name == "a" and "href" not in match.group(3):
                    raise HTMLParseError("Can't parse entities: a tag without href")
                stack.append(name)
            pos = match.end()
        elif char == ">":
            # Telegram tolerates a bare '>' but our texts must escape it; treat as literal.
            out.append(char)
            pos += 1
        elif char == "&":
            match = _ENTITY.match(text, pos)
            if match is None:
                out.append(char)
                pos += 1
            else:
                out.append(html.unescape(match.group(0)))
                pos = match.end()
        else:
            out.append(char)
            pos += 1
    if stack:
        raise HTMLParseError(
            f"Can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(out)
