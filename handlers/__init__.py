"""Telegram only: parse the update, check who may do it, call one service, render.

Each feature is one module with a `register(app)` function; `register_all` is the list.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    accounts,
    assignments,
    binding,
    common,
    draw,
    draws_view,
    errors,
    evidence,
    field,
    holidays,
    plans,
    publish,
    records,
    registers,
    reminders,
    results,
    stats,
    status,
    tasks_admin,
)


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    # Order matters within a group: the first matching handler wins (e.g. /start <payload>
    # before plain /start), and the private-chat fallback comes last.
    # plans before registers: /import plan and /template plan are the plan's.
    for feature in (
        accounts,
        binding,
        plans,
        holidays,
        registers,
        assignments,
        evidence,
        results,
        records,
        tasks_admin,
        field,
        reminders,
        draw,
        draws_view,
        publish,
        stats,
        common,
        status,
        errors,
    ):
        feature.register(app)
    draw.register_typed(app)
    binding.register_fallback(app)
    errors.register_fallback(app)
