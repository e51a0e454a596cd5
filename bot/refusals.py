"""Domain refusals: one exception type that carries the text saying why.

A service raises `Refusal(lambda t: t.invite_unknown.format(certificate=echo(cert)))`; it knows
no Telegram. The handlers' error handler is the one place that renders it: as an alert for a
button press, as a reply for a message. The transaction the service was in rolls back, so a
refusal never changes anything.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.texts import Texts


class Refusal(Exception):
    def __init__(self, render: Callable[[Texts], str]) -> None:
        super().__init__("refused")
        self._render = render

    def text(self, texts: Texts) -> str:
        """The refusal in the catalog's language (Telegram HTML, values already escaped)."""
        return self._render(texts)
