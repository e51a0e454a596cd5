"""What an import found and did."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.registers.values import Problem
from bot.texts import Texts

#: Issues kept in memory for the report; beyond that they are only counted.
KEEP_ISSUES = 10_000


@dataclass(frozen=True, slots=True)
class Issue:
    row: int | None  # as Excel numbers it; None for the file as a whole
    column: str | None  # the header a person sees
    problem: Problem


@dataclass
class ImportReport:
    register: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    reactivated: int = 0  # deactivated rows the file brought back
    deactivated: int = 0
    #: Rows of the register not in the file, left as they were (not deactivated).
    missing: int = 0
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warnings: list[Issue] = field(default_factory=list)
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, row: int | None, column: str | None, problem: Problem) -> None:
        self.error_count += 1
        if len(self.errors) < KEEP_ISSUES:
            self.errors.append(Issue(row, column, problem))

    def warn(self, row: int | None, column: str | None, problem: Problem) -> None:
        self.warning_count += 1
        if len(self.warnings) < KEEP_ISSUES:
            self.warnings.append(Issue(row, column, problem))


def describe(issue: Issue, texts: Texts) -> str:
    """One issue as a sentence, e.g. 第 5 行「统一社会信用代码」：校验位错误（应为 6）."""
    reason = texts.problems[issue.problem.code].format(**dict(issue.problem.params))
    if issue.row is None:
        return reason
    if issue.column is None:
        return texts.issue_row.format(row=issue.row, reason=reason)
    return texts.issue_cell.format(row=issue.row, column=issue.column, reason=reason)


#: What makes Excel (or LibreOffice) read a CSV cell as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cells: Sequence[str | int]) -> list[str | int]:
    # A quote first makes Excel show the cell as the text it is, never run it.
    return [f"'{c}" if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in cells]


def issues_csv(report: ImportReport, texts: Texts) -> bytes:
    """All kept errors and warnings as a CSV that Excel opens correctly (UTF-8 with BOM).

    Reasons quote what the file held, so no cell may start like a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_inert(texts.issues_csv_header.split(",")))
    for kind, issues in (
        (texts.issue_error, report.errors),
        (texts.issue_warning, report.warnings),
    ):
        for issue in issues:
            reason = texts.problems[issue.problem.code].format(**dict(issue.problem.params))
            writer.writerow(_inert([kind, issue.row or "", issue.column or "", reason]))
    return out.getvalue().encode("utf-8-sig")
