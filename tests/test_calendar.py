"""The working-day calendar (pure): 2026's real 调休 from the package, counting across a
holiday and a make-up weekend, the countdown's sign, an unknown year, the register's override."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.calendar import PACKAGE_YEARS, Countdown, Deadline, WorkCalendar, holiday_name

CAL = WorkCalendar()


def test_the_package_knows_2004_to_2026_only() -> None:
    assert min(PACKAGE_YEARS) == 2004 and max(PACKAGE_YEARS) == 2026
    assert CAL.knows(2026) and not CAL.knows(2027)
    assert CAL.source(2026) == "package" and CAL.source(2027) == "weekends"


def test_2026_tiaoxiu() -> None:
    assert CAL.is_working_day(date(2026, 1, 4))  # a Sunday, made up for 元旦
    assert not CAL.is_working_day(date(2026, 1, 2))  # a Friday off
    assert all(not CAL.is_working_day(date(2026, 10, d)) for d in range(1, 8))
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday made up for 国庆
    # Spring Festival: Sunday 15 February to Monday 23 February, Saturdays 14 and 28 worked.
    assert all(not CAL.is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert CAL.is_working_day(date(2026, 2, 14)) and CAL.is_working_day(date(2026, 2, 28))
    assert CAL.is_working_day(date(2026, 2, 24))
    assert holiday_name(date(2026, 2, 17)) == "Spring Festival"
    assert holiday_name(date(2027, 2, 17)) is None


def test_add_working_days_across_a_holiday_and_a_make_up_weekend() -> None:
    # Friday 13 Feb 2026: Saturday 14 is worked (1), then nine days off, 24 Feb is the 2nd.
    assert CAL.add_working_days(date(2026, 2, 13), 1) == Deadline(date(2026, 2, 14), False)
    assert CAL.add_working_days(date(2026, 2, 13), 2) == Deadline(date(2026, 2, 24), False)
    # 20 working days after a check ending on 30 September: the National Day week and its
    # make-up Saturday 10 October (a plain weekend count would say 28 October).
    deadline = CAL.add_working_days(date(2026, 9, 30), 20)
    assert deadline == Deadline(date(2026, 11, 3), False)
    assert CAL.working_days_between(date(2026, 9, 30), deadline.day) == Countdown(20, False)
    # n = 0: the day itself when it is a working day, else the next one.
    assert CAL.add_working_days(date(2026, 1, 4), 0).day == date(2026, 1, 4)
    assert CAL.add_working_days(date(2026, 1, 1), 0).day == date(2026, 1, 4)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2026, 1, 1), -1)


def test_countdown_sign() -> None:
    deadline = date(2026, 2, 24)
    assert CAL.countdown(deadline, deadline) == Countdown(0, False)
    assert CAL.countdown(date(2026, 2, 13), deadline).days == 2  # Sat 14 and Tue 24
    assert CAL.countdown(date(2026, 2, 25), deadline) == Countdown(-1, False)
    assert CAL.countdown(date(2026, 2, 25), deadline).overdue
    assert not CAL.countdown(deadline, deadline).overdue
    # A deadline on a day off is overdue the day after, though no working day has passed.
    assert CAL.countdown(date(2026, 10, 4), date(2026, 10, 3)).days == -1


def test_an_unknown_year_counts_weekends_only_and_is_estimated() -> None:
    # Friday 31 December 2027... 2027 is unknown: 1 January 2027 (a Friday) counts as working.
    assert not CAL.knows(2027)
    assert CAL.is_working_day(date(2027, 1, 1)) and not CAL.is_working_day(date(2027, 1, 2))
    assert CAL.add_working_days(date(2027, 1, 1), 1) == Deadline(date(2027, 1, 4), True)
    # From a known year into an unknown one: estimated; entirely within 2026: not.
    crossing = CAL.add_working_days(date(2026, 12, 25), 5)
    assert crossing == Deadline(date(2027, 1, 1), True)
    assert not CAL.add_working_days(date(2026, 12, 1), 5).estimated
    assert CAL.countdown(date(2026, 12, 30), date(2027, 1, 4)) == Countdown(3, True)
    assert CAL.unknown_years(date(2026, 12, 1), date(2028, 1, 1)) == [2027, 2028]
    view = CAL.year(2027)
    assert view.estimated and view.weekdays_off == () and view.weekend_workdays == ()


def test_the_register_overrides_the_package() -> None:
    # A register 2026 that says New Year's Friday (2 January) is a working day, and that 2027
    # has its Spring Festival: the package's other 2026 days off no longer count.
    overrides = {date(2026, 1, 1): False, date(2027, 2, 8): False, date(2027, 2, 6): True}
    cal = WorkCalendar(overrides, [2026, 2027])
    assert cal.source(2026) == "register" and cal.source(2027) == "register"
    assert cal.is_working_day(date(2026, 1, 2)) and not cal.is_working_day(date(2026, 1, 1))
    assert not cal.is_working_day(date(2026, 1, 4))  # Sunday: the register says nothing
    assert cal.is_working_day(date(2026, 10, 1))
    assert not cal.is_working_day(date(2027, 2, 8)) and cal.is_working_day(date(2027, 2, 6))
    assert cal.add_working_days(date(2027, 2, 5), 2) == Deadline(date(2027, 2, 9), False)
    assert cal.year(2027).weekdays_off == (date(2027, 2, 8),)
    # Without the package, a year nobody imported is weekends only.
    bare = WorkCalendar(package=False)
    assert bare.is_working_day(date(2026, 1, 2)) and bare.is_estimated(date(2026, 1, 2))


def test_year_view_of_2026() -> None:
    view = CAL.year(2026)
    assert view.source == "package" and not view.estimated
    assert view.weekend_workdays == tuple(
        date(2026, m, d) for m, d in ((1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10))
    )
    assert len(view.weekdays_off) == 19
    assert date(2026, 10, 1) in view.weekdays_off and date(2026, 10, 3) not in view.weekdays_off
    working = sum(CAL.is_working_day(date(2026, 1, 1) + timedelta(days=i)) for i in range(365))
    assert working == 365 - 104 - 19 + 6
