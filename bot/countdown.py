"""A deadline as people read it: the date, the working days left (or overdue) and, where
the year's holidays are not known yet, 预估. Pure: the caller supplies the countdown."""

from __future__ import annotations

from datetime import date

from bot.calendar import Countdown
from bot.texts import Texts


def due_text(
    texts: Texts, due: date | None, countdown: Countdown | None, today: date | None
) -> str:
    """Plain text (no markup), so it also fits button labels; the bare date without a
    countdown or `today`."""
    if due is None:
        return texts.tasks_no_due
    shown = due.isoformat()
    if countdown is not None and today is not None:
        if due == today:
            shown = texts.due_today.format(due=shown)
        elif due > today:
            shown = texts.due_left.format(due=shown, days=countdown.days)
        elif countdown.days < 0:
            shown = texts.due_overdue_days.format(due=shown, days=-countdown.days)
        else:  # past, but no working day since (a weekend or holiday deadline)
            shown = texts.due_overdue.format(due=shown)
        if countdown.estimated:
            shown += texts.due_estimated
    return shown
