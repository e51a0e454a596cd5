"""Telegram only: parse the update, check who may do it, call one service, render.

Each feature is one module with a `register(app)` function; `register_all` is the list.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import accounts, common, errors, status


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    for feature in (accounts, common, status, errors):
        feature.register(app)
