"""Typed callback data for inline buttons: one small class per kind of button.

A class declares its fields with types; `pack` writes them as ``prefix:field:field...`` and
checks Telegram's 64-byte limit, `unpack` reads them back and refuses anything malformed (a
forged or outdated press must never crash a handler), `matches` tells whether data is of this
kind (for handler patterns). Nothing here knows Telegram, so services can build buttons too.

    @dataclass(frozen=True, slots=True)
    class TargetsPage(CallbackData, prefix="tg"):
        page: int
        query: str

Field types: int (a bounded, plain decimal), bool, str (only the last field may contain
":"), and StrEnum subclasses (stored by value). Buttons that act on something changeable carry
its version as a field, so that a double press or a press on an old message is recognised.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import typing
from typing import Any, ClassVar, Self

MAX_BYTES = 64
#: Larger numbers than any id we hand out; bounded so that parsing can never overflow.
MAX_INT = 2**53
_INT = re.compile(r"^-?[0-9]{1,16}$")
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,7}$")


class CallbackDataError(ValueError):
    """The data is not a valid button of this kind (forged, truncated or from an old version)."""


class CallbackData:
    prefix: ClassVar[str]
    _registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is None:
            # `@dataclass(slots=True)` builds the class again; it keeps the prefix it had.
            inherited = cls.__dict__.get("prefix")
            if not isinstance(inherited, str):
                raise TypeError(f"{cls.__name__} needs a prefix: class X(CallbackData, prefix=...)")
            CallbackData._registry[inherited] = cls
            return
        if not _PREFIX.match(prefix):
            raise ValueError(f"callback prefix {prefix!r}: 1-8 characters of a-z0-9_")
        if prefix in CallbackData._registry:
            raise ValueError(f"callback prefix {prefix!r} is used twice")
        CallbackData._registry[prefix] = cls
        cls.prefix = prefix

    @classmethod
    def _fields(cls) -> list[tuple[str, Any]]:
        return _fields_of(cls)

    def pack(self) -> str:
        parts = [self.prefix]
        fields = self._fields()
        for index, (name, kind) in enumerate(fields):
            value = getattr(self, name)
            text = _encode(kind, value)
            if ":" in text and index < len(fields) - 1:
                raise ValueError(f"{type(self).__name__}.{name}: only the last field may hold ':'")
            parts.append(text)
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        return isinstance(data, str) and (data == cls.prefix or data.startswith(cls.prefix + ":"))

    @classmethod
    def unpack(cls, data: object) -> Self:
        if not cls.matches(data):
            raise CallbackDataError(f"not a {cls.__name__} button")
        assert isinstance(data, str)
        fields = cls._fields()
        parts = data.split(":", len(fields))[1:]
        if len(parts) != len(fields):
            raise CallbackDataError(f"{cls.__name__}: {len(parts)} fields, {len(fields)} expected")
        pairs = zip(fields, parts, strict=True)
        values = {name: _decode(kind, text) for (name, kind), text in pairs}
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise CallbackDataError(str(exc)) from exc

    @classmethod
    def room_for_last(cls, **fixed: Any) -> int:
        """Bytes left for the last (text) field once the others have these values."""
        fields = cls._fields()
        head = [cls.prefix, *(_encode(kind, fixed[name]) for name, kind in fields[:-1]), ""]
        return MAX_BYTES - len(":".join(head).encode())


def fit_bytes(text: str, limit: int) -> str:
    """`text` shortened (by whole characters) to at most `limit` UTF-8 bytes."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text


def _encode(kind: Any, value: Any) -> str:
    if kind is bool:
        return "1" if value else "0"
    if kind is int:
        if not -MAX_INT < value < MAX_INT:
            raise ValueError(f"{value} is out of range for callback data")
        return str(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return str(value.value)
    return str(value)


def _decode(kind: Any, text: str) -> Any:
    if kind is bool:
        if text not in ("0", "1"):
            raise CallbackDataError(f"not a flag: {text!r}")
        return text == "1"
    if kind is int:
        if not _INT.match(text):
            raise CallbackDataError(f"not a number: {text!r}")
        return int(text)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(text)
        except ValueError as exc:
            raise CallbackDataError(f"unknown {kind.__name__}: {text!r}") from exc
    return text


_FIELDS: dict[str, list[tuple[str, Any]]] = {}


def _fields_of(cls: type[CallbackData]) -> list[tuple[str, Any]]:
    # Resolving the type hints costs ~0.2 ms: once per class (by its unique prefix), not once
    # per button (the reminder sweep packs thousands of buttons at a time).
    fields = _FIELDS.get(cls.prefix)
    if fields is None:
        hints = typing.get_type_hints(cls)
        fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        _FIELDS[cls.prefix] = fields
    return fields
