"""Reading a year's 放假安排: typed after /holidays, or from an XLSX/CSV file. Bad input names
the token or row and yields nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.calendar import WorkCalendar
from bot.calendar_import import (
    MAX_FILE_BYTES,
    Arrangement,
    HolidayDay,
    InputError,
    parse_text,
    read_file,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "holidays-2026.csv"


def _codes(error: InputError) -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.token, i.problem.code) for i in error.issues]


def _refused(year: int, text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as caught:
        parse_text(year, text)
    return _codes(caught.value)


def test_typed_grammar() -> None:
    found = parse_text(
        2027,
        "放假 元旦 1-1 春节 2月15日 至 21日，清明节 2027-04-05 劳动节 5/1～5/5 "
        "上班：春节 2-14 2-27",
    )
    assert found.year == 2027
    assert found.days_off == 1 + 7 + 1 + 5 and found.weekdays_off == 1 + 5 + 1 + 3
    assert found.makeup_days == 2
    assert HolidayDay(date(2027, 2, 15), False, "春节") in found.days
    assert HolidayDay(date(2027, 2, 27), True, "春节") in found.days
    assert HolidayDay(date(2027, 4, 5), False, "清明节") in found.days
    assert [d.day for d in found.days] == sorted(d.day for d in found.days)
    # Without names, and with the full-width digits of a Chinese keyboard.
    assert parse_text(2027, "休 １０-１~７").days_off == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("放假 2028-01-01", [(None, "2028-01-01", "outside_year")]),
        ("放假 2-30", [(None, "2-30", "no_such_day")]),
        ("放假 2-3O", [(None, "2-3O", "bad_date")]),
        ("放假 2-21~2-15", [(None, "2-21~2-15", "bad_range")]),
        ("放假 2-15-2-21", [(None, "2-15-2-21", "bad_date")]),  # "-" is no range
        ("上班 2-15", [(None, "2-15", "makeup_weekday")]),  # a Monday
        ("放假 2-14 上班 2-14", [(None, "2-14", "conflict")]),
        ("1-1 放假 1-2", [(None, "1-1", "no_kind")]),
        ("放假 春节", [(None, "春节", "name_without_dates")]),
        ("", [(None, None, "empty")]),
    ],
)
def test_typed_mistakes_name_the_token(text: str, expected: list[tuple[None, str, str]]) -> None:
    assert _refused(2027, text) == expected


def test_the_example_file_is_the_package_view_of_2026() -> None:
    found = read_file(EXAMPLE)
    assert found.year == 2026 and found.makeup_days == 6
    register = WorkCalendar({d.day: d.working for d in found.days}, [2026])
    package = WorkCalendar()
    for offset in range(365):
        day = date(2026, 1, 1) + timedelta(days=offset)
        assert register.is_working_day(day) == package.is_working_day(day), day
    assert register.year(2026).weekdays_off == package.year(2026).weekdays_off
    assert register.year(2026).weekend_workdays == package.year(2026).weekend_workdays


def test_an_xlsx_with_date_cells_and_a_title_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2027年部分节假日安排"])
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime(2027, 1, 1), "放假", "元旦"])
    sheet.append(["2027-02-15至2027-02-21", "放假", "春节"])
    sheet.append([datetime(2027, 2, 14), "上班", None])
    path = tmp_path / "holidays.xlsx"
    book.save(path)
    found = read_file(path)
    assert isinstance(found, Arrangement) and found.year == 2027
    assert (found.days_off, found.makeup_days) == (8, 1)
    assert read_file(path, 2027) == found


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "holidays.csv"
    path.write_text("日期,类型,名称\n" + body, encoding="utf-8-sig")
    return path


@pytest.mark.parametrize(
    ("body", "year", "expected"),
    [
        ("2027-01-01,放假,元旦\n2027-02-15,请假,\n", None, [(3, None, "bad_kind")]),
        ("2027-01-01,放假,元旦\n2027-13-01,放假,\n", None, [(3, None, "no_such_day")]),
        ("2027-01-01,放假,元旦\n明年元旦,放假,\n", None, [(3, None, "bad_date")]),
        ("2027-01-01,放假,\n2027-01-04,上班,\n", None, [(3, None, "makeup_weekday")]),
        ("2027-01-01,放假,\n2028-01-01,放假,\n", None, [(3, None, "mixed_years")]),
        ("2028-01-03,放假,\n", 2027, [(2, None, "outside_year")]),
        ("1-1,放假,\n", None, [(None, None, "no_year")]),
        ("", None, [(None, None, "empty")]),
    ],
)
def test_file_mistakes_name_the_row(
    tmp_path: Path, body: str, year: int | None, expected: list[tuple[int | None, None, str]]
) -> None:
    with pytest.raises(InputError) as caught:
        read_file(_csv(tmp_path, body), year)
    assert _codes(caught.value) == expected


def test_files_that_are_not_an_arrangement(tmp_path: Path) -> None:
    no_header = tmp_path / "other.csv"
    no_header.write_text("统一社会信用代码,名称\n1,2\n", encoding="utf-8")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    for path, code in ((no_header, "no_header"), (big, "file_too_big")):
        with pytest.raises(InputError) as caught:
            read_file(path)
        assert _codes(caught.value) == [(None, None, code)]
