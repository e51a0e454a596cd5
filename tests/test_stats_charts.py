"""The charts are PNG images whose Chinese text is drawn with the CJK font that comes from
PyPI (zhplot's Noto Sans SC), not as boxes; the check is shown to fail with a Latin font."""

from __future__ import annotations

import logging
import re
import struct
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.stats import charts
from bot.stats.collect import CoverageRow, Scope, Stats
from bot.texts import get_texts
from storage.models import DrawStatus, TaskStatus
from storage.repositories.stats import InspectorCounts, PublicationCounts

TEXTS = get_texts("zh-CN")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CJK = re.compile(r"[\u4e00-\u9fff]")

STATS = Stats(
    scope=Scope(2026),
    at=datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
    draws={DrawStatus.LOCKED: 2},
    by_status={TaskStatus.ASSIGNED: 3, TaskStatus.REVIEWED: 5, TaskStatus.PUBLISHED: 4},
    by_code={"1": 6, "A": 2, "5": 2, "6": 1},
    regions=[("芦庙乡", 6, 4), ("出山镇", 4, 3), ("", 2, 2)],
    industries=[("餐饮业", 7, 5), ("零售业", 5, 4)],
    inspectors=[
        InspectorCounts("张三", "41172120200001", "会计科", 6, 4, 1, 0),
        InspectorCounts("李四", "41172120200002", "会计科", 5, 3, 0, 1),
        InspectorCounts("王五", "41172120200003", "监督检查局", 4, 1, 2, 0),
    ],
    overdue_total=3,
    overdue=[],
    publications=PublicationCounts(on_time=3, late=1, overdue=2, pending=3),
    late_publications=[],
    ratios_plan="PLAN-2026",
    coverage=[
        CoverageRow("A", 3.0, 100, 3),
        CoverageRow("C", 30.0, 40, 12),
        CoverageRow("unclassified", 5.0, 0, 0),
    ],
    estimated=False,
)

FIGURES = (charts.overview, charts.inspectors, charts.coverage, charts.places)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def cjk_problems(figure: Figure) -> list[str]:
    """Why the figure's Chinese would not show as characters: a text whose resolved font is
    not the CJK one, or a glyph the renderer reported missing. Empty when all is well."""
    problems = []
    chinese = [t for t in figure.findobj(Text) if _CJK.search(t.get_text())]
    assert chinese, "the figure has no Chinese text to check"
    for text in chinese:
        resolved = Path(font_manager.findfont(text.get_fontproperties()))
        if resolved.name != charts.FONT_FILE:
            problems.append(f"{text.get_text()!r} resolves to {resolved.name}")
    handler = _Collect()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            picture = charts.png(figure)
    finally:
        logger.removeHandler(handler)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in handler.records]
    problems += [m for m in messages if "missing from font" in m or "Glyph" in m]
    assert picture.startswith(PNG_SIGNATURE)
    return problems


def png_size(picture: bytes) -> tuple[int, int]:
    assert picture[:8] == PNG_SIGNATURE and picture[12:16] == b"IHDR"
    width, height = struct.unpack(">II", picture[16:24])
    return width, height


@pytest.mark.parametrize("make", FIGURES, ids=lambda f: f.__name__)
def test_chinese_is_drawn_with_the_cjk_font(make: charts.FigureMaker) -> None:
    assert charts.font_path().is_file()
    assert cjk_problems(make(STATS, TEXTS)) == []


def test_the_check_fails_with_a_latin_font() -> None:
    """Negative control: the same chart in DejaVu Sans (no Chinese glyphs) is caught."""
    figure = charts.overview(STATS, TEXTS)
    charts.use_font(figure, "DejaVu Sans")
    problems = cjk_problems(figure)
    assert any("DejaVuSans" in p for p in problems)
    assert any("missing from font" in p for p in problems)


def test_charts_are_phone_sized_pngs() -> None:
    pictures = charts.render_all(STATS, TEXTS)
    assert len(pictures) == len(FIGURES)
    for picture in pictures:
        width, height = png_size(picture)
        assert width == 1080 and 400 <= height <= 3000
        assert len(picture) > 10_000  # drawn, not blank


def test_empty_scope_still_renders() -> None:
    none = PublicationCounts(0, 0, 0, 0)
    empty = Stats(STATS.scope, STATS.at, {}, {}, {}, [], [], [], 0, [], none, [], None, [], False)
    for picture in charts.render_all(empty, TEXTS):
        assert png_size(picture)[0] == 1080
