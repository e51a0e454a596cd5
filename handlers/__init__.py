"""Telegram only: parse the update, check who may do it, call one service, render.

Each feature is one module with a `register(app)` function; `register_all` is the list.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import accounts, binding, common, draws_view, errors, registers, status


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    # Order matters within a group: the first matching handler wins (e.g. /start <payload>
    # before plain /start), and the private-chat fallback comes last.
    for feature in (accounts, binding, registers, draws_view, common, status, errors):
        feature.register(app)
    binding.register_fallback(app)
    errors.register_fallback(app)
