"""The annual plan file (年度抽查计划): one sheet, one year.

It is not one table like a register, so it has a reader of its own on the registers' rows
(`reader.sheet_rows`, the same limits and formats, XLSX and CSV) and cell values
(`values.parser_for`, the same problems):

    年度                       2026
    计划名称                   西平县财政局2026年度“双随机、一公开”抽查工作计划
    A类抽查比例（%）           3
    …                          (B, C, D, 未分类, 严重违法失信名单, 经营异常名录)
    两次检查最短间隔（天）     365

    事项编码* | 事项名称 | 抽查频次 | 抽查方式 | 备注
    XPCZ-001  | …        | 每年 1 次 | 实地检查、书面检查 |

Above the items' header every row is a setting: its label in the first filled cell, the value
in the next filled one. A row with one cell only (a title, a note) is ignored. Row numbers are
Excel's; errors name the row and the label (or the items' column) as the file spells them.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from bot.draws.sampling import Stratum
from bot.registers.reader import (
    FileProblem,
    guess_register,
    match_headers,
    normalize_header,
    sheet_rows,
)
from bot.registers.report import ImportReport
from bot.registers.schema import Column, Kind, Register
from bot.registers.values import Invalid, Problem, parser_for, text_of

#: The plan's strata in the order a person reads them (credit classes, then the lists).
PLAN_STRATA: tuple[Stratum, ...] = ("A", "B", "C", "D", "unclassified", "blacklisted", "abnormal")
DEFAULT_MIN_DAYS = 365
MAX_MIN_DAYS = 3650
YEARS = (2000, 2100)
#: Rows read at most: a plan lists tens of items; a longer file is not a plan.
MAX_PLAN_ROWS = 5000

_RATIO_LABELS: dict[Stratum, tuple[str, tuple[str, ...]]] = {
    "A": ("A类抽查比例（%）", ("A类比例", "A类", "A级抽查比例", "A级比例", "ratio A")),
    "B": ("B类抽查比例（%）", ("B类比例", "B类", "B级抽查比例", "B级比例", "ratio B")),
    "C": ("C类抽查比例（%）", ("C类比例", "C类", "C级抽查比例", "C级比例", "ratio C")),
    "D": ("D类抽查比例（%）", ("D类比例", "D类", "D级抽查比例", "D级比例", "ratio D")),
    "unclassified": ("未分类抽查比例（%）", ("未分类比例", "未分类", "未评级抽查比例",
                                             "ratio unclassified")),
    "blacklisted": ("严重违法失信名单抽查比例（%）", ("严重违法失信抽查比例", "严重违法失信比例",
                                                   "失信名单比例", "黑名单比例",
                                                   "ratio blacklisted")),
    "abnormal": ("经营异常名录抽查比例（%）", ("经营异常抽查比例", "经营异常比例", "异常名录比例",
                                             "ratio abnormal")),
}  # fmt: skip

#: The settings block: label, aliases and kind of each value.
SETTINGS = Register(
    name="plan",
    key=("year",),
    columns=(
        Column("year", "年度", ("计划年度", "year"), required=True, max_length=10,
               example="2026"),
        Column("title", "计划名称", ("名称", "标题", "title"), required=True, max_length=200,
               example="2026年度“双随机、一公开”抽查工作计划"),
        *(Column(f"ratio_{s}", label, aliases, Kind.FLOAT, required=True, bounds=(0.0, 100.0))
          for s, (label, aliases) in _RATIO_LABELS.items()),
        Column("min_days", "两次检查最短间隔（天）", ("最短间隔", "最短间隔天数", "检查间隔",
               "min interval"), Kind.FLOAT, bounds=(0.0, float(MAX_MIN_DAYS)), example="365"),
    ),
)  # fmt: skip

#: The items' table under the settings.
ITEMS = Register(
    name="plan_items",
    key=("code",),
    columns=(
        Column("code", "事项编码", ("编码", "事项代码", "code"), required=True, max_length=32),
        # For the reader of the file only: the register's name is what counts.
        Column("name", "事项名称", ("抽查事项", "名称", "name"), max_length=200),
        Column("frequency", "抽查频次", ("频次", "frequency"), max_length=100),
        Column("methods", "抽查方式", ("检查方式", "方式", "methods"), Kind.TAGS),
        Column("note", "备注", ("说明", "note"), max_length=500),
    ),
)  # fmt: skip

NOTE = (
    "填写说明：比例为百分数（3 表示 3%），取值 0～100，0 表示该类不抽取；"
    "事项编码须在抽查事项清单中；抽查频次、抽查方式留空则沿用抽查事项清单。"
    "一个文件为一个年度的计划，重新导入同一年度即更新该年度计划。"
)


@dataclass(frozen=True, slots=True)
class PlanItemRow:
    row: int
    code: str
    name: str = ""
    frequency: str = ""
    methods: tuple[str, ...] = ()
    note: str = ""


@dataclass
class PlanFile:
    """What a plan file says (fields are None where a value was missing or wrong)."""

    year: int | None = None
    title: str = ""
    ratios: dict[Stratum, float] = field(default_factory=dict)
    min_days: int = DEFAULT_MIN_DAYS
    items: list[PlanItemRow] = field(default_factory=list)
    #: The items' headers as the file spells them (errors name them).
    headers: dict[str, str] = field(
        default_factory=lambda: {c.field: c.header for c in ITEMS.columns}
    )

    @property
    def code_header(self) -> str:
        return self.headers["code"]


def _number_text(raw: Any) -> Any:
    # "3%" and "365天" are common ways to write a ratio and an interval: the number counts.
    if not isinstance(raw, str):
        return raw
    return raw.strip().removesuffix("%").removesuffix("％").removesuffix("天").strip()


def _year(raw: Any, report: ImportReport, number: int, label: str) -> int | None:
    text = text_of(raw).removesuffix("年度").removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", text) or not YEARS[0] <= int(text) <= YEARS[1]:
        report.error(number, label, Problem.of("plan_bad_year", value=text_of(raw)[:20],
                                               low=YEARS[0], high=YEARS[1]))  # fmt: skip
        return None
    return int(text)


def _filled(cells: list[Any]) -> list[tuple[int, Any]]:
    return [(i, c) for i, c in enumerate(cells) if text_of(c)]


def read_plan(path: Path) -> tuple[PlanFile, ImportReport]:
    """The plan in `path`, and every problem found (synchronous: run it in a thread)."""
    report = ImportReport("plan")
    plan = PlanFile()
    try:
        rows = _read_rows(path)
    except FileProblem as exc:
        report.error(None, None, Problem.of(exc.code, **exc.params))
        return plan, report
    settings: dict[str, tuple[int, str, Any]] = {}  # field -> (row, label as written, value)
    lookup = {normalize_header(n): c for c in SETTINGS.columns for n in (c.header, *c.aliases)}
    header_at: int | None = None
    columns: dict[int, Column] = {}
    scanned: list[list[Any]] = []
    for number, cells in rows:
        if header_at is None:
            scanned.append(cells)
            matched, _unknown = match_headers(ITEMS, cells)
            if ITEMS.columns[0] in matched.values():
                header_at, columns = number, matched
                plan.headers.update(
                    {c.field: text_of(cells[i]).rstrip("*＊ ") for i, c in matched.items()}
                )
                continue
            _setting(cells, number, lookup, settings, report)
        else:
            _item(cells, number, columns, plan, report)
    if not settings and header_at is None:
        other = guess_register(scanned, SETTINGS)
        problem = (Problem.of("other_register", register=other.name, requested="plan")
                   if other is not None else Problem.of("plan_no_settings"))  # fmt: skip
        report.error(None, None, problem)
        return plan, report
    _settings(settings, plan, report)
    if header_at is None:
        report.error(None, None, Problem.of("plan_no_items_header",
                                            header=ITEMS.columns[0].header))  # fmt: skip
    elif not plan.items and report.ok:
        report.error(None, None, Problem.of("plan_no_items"))
    return plan, report


def _read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    kept: list[tuple[int, list[Any]]] = []
    with contextlib.closing(sheet_rows(path)) as rows:
        for number, cells in rows:
            if number > MAX_PLAN_ROWS:
                raise FileProblem("too_many_rows", limit=MAX_PLAN_ROWS)
            if _filled(cells):
                kept.append((number, cells))
    return kept


def _setting(
    cells: list[Any], number: int, lookup: dict[str, Column],
    settings: dict[str, tuple[int, str, Any]], report: ImportReport,
) -> None:  # fmt: skip
    filled = _filled(cells)
    if len(filled) < 2:
        label = text_of(filled[0][1]) if filled else ""
        column = lookup.get(normalize_header(label)) if label else None
        if column is not None:  # a label with nothing next to it
            settings.setdefault(column.field, (number, label, None))
            if settings[column.field][0] != number:
                report.error(number, label, Problem.of("duplicate", row=settings[column.field][0]))
        return  # a title or a note
    label = text_of(filled[0][1])
    column = lookup.get(normalize_header(label))
    if column is None:
        report.warn(number, None, Problem.of("plan_unknown_row", label=label[:40]))
        return
    earlier = settings.get(column.field)
    if earlier is not None:
        report.error(number, label, Problem.of("duplicate", row=earlier[0]))
        return
    settings[column.field] = (number, label, filled[1][1])


def _settings(found: dict[str, tuple[int, str, Any]], plan: PlanFile, report: ImportReport) -> None:
    for column in SETTINGS.columns:
        number, label, raw = found.get(column.field, (None, column.header, None))
        if number is None:
            if column.required:
                report.error(None, None, Problem.of("plan_missing_setting", label=column.header))
            continue
        if column.field == "year":
            if text_of(raw):
                plan.year = _year(raw, report, number, label)
            else:
                report.error(number, label, Problem.of("required"))
            continue
        try:
            value = parser_for(column)(_number_text(raw) if column.kind is Kind.FLOAT else raw)
        except Invalid as exc:
            report.error(number, label, exc.problem)
            continue
        if column.field == "title":
            plan.title = value
        elif column.field == "min_days":
            if value is not None:
                if value != int(value):
                    report.error(number, label, Problem.of("plan_not_whole", value=text_of(raw)))
                else:
                    plan.min_days = int(value)
        else:
            plan.ratios[column.field.removeprefix("ratio_")] = value  # type: ignore[index]
    given = [v for v in plan.ratios.values() if v]
    if given and max(given) <= 1:
        # Percent-formatted cells read as 0.03 for 3 %: worth a second look.
        report.warn(None, None, Problem.of("plan_small_ratios"))


_ITEM_PARSERS = {c.field: parser_for(c) for c in ITEMS.columns}


def _item(
    cells: list[Any], number: int, columns: dict[int, Column], plan: PlanFile,
    report: ImportReport,
) -> None:  # fmt: skip
    record: dict[str, Any] = {}
    ok = True
    for index, column in columns.items():
        raw = cells[index] if index < len(cells) else None
        try:
            record[column.field] = _ITEM_PARSERS[column.field](raw)
        except Invalid as exc:
            report.error(number, plan.headers[column.field], exc.problem)
            ok = False
    if not ok:
        return
    code = record["code"]
    earlier = next((i.row for i in plan.items if i.code == code), None)
    if earlier is not None:
        report.error(number, plan.code_header, Problem.of("duplicate", row=earlier))
        return
    plan.items.append(PlanItemRow(number, code, record.get("name", ""),
                                  record.get("frequency", ""), tuple(record.get("methods", ())),
                                  record.get("note", "")))  # fmt: skip


# --- the template ---------------------------------------------------------------------------

_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True, slots=True)
class PlanSheet:
    """What a plan file holds, ready to write (a template, or a plan to edit)."""

    year: int
    title: str
    ratios: dict[str, float]
    min_days: int
    items: list[PlanItemRow]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_plan(sheet: PlanSheet, title: str, path: Path) -> None:
    """The plan as a file `read_plan` reads back unchanged: every cell is text."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = title[:31]
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 40
    for letter in "CDE":
        ws.column_dimensions[letter].width = 22

    def text(row: int, column: int, value: str, *, bold: bool = False,
             required: bool = False) -> None:  # fmt: skip
        cell = ws.cell(row=row, column=column, value=value)
        cell.data_type = "s"
        cell.number_format = "@"
        if bold:
            cell.font = _BOLD
        if required:
            cell.fill = _REQUIRED_FILL

    text(1, 1, title, bold=True)
    text(2, 1, NOTE)
    values: dict[str, str] = {"year": str(sheet.year), "title": sheet.title,
                              "min_days": str(sheet.min_days)}  # fmt: skip
    for stratum in PLAN_STRATA:
        values[f"ratio_{stratum}"] = _number(sheet.ratios.get(stratum, 0.0))
    row = 4
    for column in SETTINGS.columns:
        text(row, 1, column.header, bold=True, required=column.required)
        text(row, 2, values[column.field])
        row += 1
    row += 1
    for index, column in enumerate(ITEMS.columns, 1):
        text(row, index, column.header + ("*" if column.required else ""), bold=True,
             required=column.required)  # fmt: skip
    for item in sheet.items:
        row += 1
        for index, value in enumerate((item.code, item.name, item.frequency,
                                       "、".join(item.methods), item.note), 1):  # fmt: skip
            if value:
                text(row, index, value)
    workbook.save(path)
