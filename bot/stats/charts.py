"""The statistics as PNG charts, rendered headless (Agg) for a phone screen (1080 px wide).

Thread-safe: each chart is its own `matplotlib.figure.Figure` on an Agg canvas; nothing uses
pyplot or changes matplotlib's global rcParams. Chinese labels need a CJK font, and the
machine may have none (no root for system fonts): the project's set-up installs `zhplot`
from PyPI, which carries Noto Sans SC (OFL). Its file is registered with matplotlib's font
manager once, and every text of a figure is set to that family. zhplot's own module is not
imported: importing it switches matplotlib's global font for the whole process.
"""

from __future__ import annotations

import importlib.util
import io
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from bot.stats.collect import Stats
from bot.stats.report import code_counts, percent, status_counts
from bot.texts import Texts

FONT_FAMILY = "Noto Sans SC"
FONT_FILE = "NotoSansSC-Regular.ttf"
WIDTH_IN, DPI = 10.8, 100  # 1080 px
#: Bars per chart at most (the XLSX has every row).
MAX_BARS = 20
_COLORS = {"main": "#3b6fb6", "good": "#4c9a5b", "bad": "#d0563b", "muted": "#b8bec7",
           "planned": "#9aa9c2"}  # fmt: skip

_font_lock = threading.Lock()
_font_registered = False


def font_path() -> Path:
    """The CJK font file inside the installed zhplot package, found without importing it."""
    spec = importlib.util.find_spec("zhplot")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the zhplot package (the CJK font) is not installed: run make")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE


def register_font() -> str:
    """Register the CJK font with matplotlib (once per process); returns its family name."""
    global _font_registered
    with _font_lock:
        if not _font_registered:
            font_manager.fontManager.addfont(str(font_path()))
            _font_registered = True
    return FONT_FAMILY


def use_font(figure: Figure, family: str) -> None:
    """Every text of the figure (titles, labels, ticks, legends, bar labels) in `family`.
    Ticks matplotlib adds while drawing copy the first tick's font."""
    for text in figure.findobj(Text):
        text.set_fontfamily(family)


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # Agg, whatever backend the process chose
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _figure(rows: int, height: float) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    axes = figure.subplots(rows, 1, squeeze=False)
    return figure, [a for row in axes for a in row]


def _short(label: str, width: int = 16) -> str:
    # By characters: Chinese has no spaces to break at.
    return label if len(label) <= width else label[: width - 1] + "…"


def _barh(axes: Axes, title: str, labels: Sequence[str], values: Sequence[int], texts: Texts,
          color: str = _COLORS["main"]) -> None:  # fmt: skip
    axes.set_title(title, fontsize=20, loc="left")
    if not values:
        axes.text(0.5, 0.5, texts.stats_charts["no_data"], ha="center", va="center",
                  fontsize=16, color="#666666", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return
    positions = list(range(len(values)))
    bars = axes.barh(positions, values, color=color)
    axes.set_yticks(positions, labels=[_short(label) for label in labels], fontsize=15)
    axes.invert_yaxis()
    axes.bar_label(bars, padding=4, fontsize=14)
    axes.set_xlabel(texts.stats_charts["tasks_axis"], fontsize=14)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=13)
    axes.margins(x=0.12)
    axes.spines[["top", "right"]].set_visible(False)


def _height(bars: int) -> float:
    return 1.6 + 0.5 * max(bars, 2)


def overview(stats: Stats, texts: Texts) -> Figure:
    """Tasks by status, and by result code of their approved result."""
    statuses = status_counts(stats)
    codes = code_counts(stats)[:MAX_BARS]
    figure = Figure(figsize=(WIDTH_IN, _height(len(statuses)) + _height(len(codes))), dpi=DPI,
                    layout="constrained")  # fmt: skip
    top, bottom = figure.subplots(2, 1, height_ratios=[max(len(statuses), 2),
                                                       max(len(codes), 2)])  # fmt: skip
    names = texts.drawn_task_status
    _barh(top, texts.stats_charts["status"], [names.get(s.value, s.value) for s, _ in statuses],
          [n for _, n in statuses], texts)  # fmt: skip
    _barh(bottom, texts.stats_charts["results"], [f"{c} {name}" for c, name, _ in codes],
          [n for _, _, n in codes], texts, _COLORS["good"])  # fmt: skip
    use_font(figure, register_font())
    return figure


def inspectors(stats: Stats, texts: Texts) -> Figure:
    """Per inspector: tasks on the team, split into on time / late / not yet due."""
    shown = stats.inspectors[:MAX_BARS]
    figure, (axes,) = _figure(1, max(_height(len(shown)) + 1.0, 5.0))
    charts = texts.stats_charts
    axes.set_title(charts["inspectors"], fontsize=20, loc="left")
    if not shown:
        axes.text(0.5, 0.5, charts["no_data"], ha="center", va="center", fontsize=16,
                  transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
    else:
        positions = list(range(len(shown)))
        on_time = [i.on_time for i in shown]
        late = [i.late for i in shown]
        rest = [max(i.load - i.on_time - i.late, 0) for i in shown]
        axes.barh(positions, on_time, color=_COLORS["good"], label=charts["on_time"])
        axes.barh(positions, late, left=on_time, color=_COLORS["bad"], label=charts["late"])
        axes.barh(positions, rest, left=[a + b for a, b in zip(on_time, late, strict=True)],
                  color=_COLORS["muted"], label=charts["open"])  # fmt: skip
        axes.set_yticks(positions, labels=[_short(i.name, 8) for i in shown], fontsize=15)
        axes.invert_yaxis()
        for y, row in enumerate(shown):
            rate = percent(row.on_time, row.on_time + row.late)
            note = charts["rate"].format(rate="—" if rate is None else f"{rate:g}%")
            axes.text(max(row.load, row.on_time + row.late) + 0.1, y, f" {row.load} · {note}",
                      va="center", fontsize=13)  # fmt: skip
        axes.set_xlabel(charts["tasks_axis"], fontsize=14)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelsize=13)
        # Room on the right for the notes (stacked bars' edges would stop a margin there).
        axes.set_xlim(0, max(max(i.load for i in shown), 1) * 1.45)
        figure.legend(loc="outside lower center", ncols=3, fontsize=13, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
    use_font(figure, register_font())
    return figure


def coverage(stats: Stats, texts: Texts) -> Figure:
    """Per stratum: the plan's ratio against the share of the pool actually drawn."""
    rows = stats.coverage
    figure, (axes,) = _figure(1, 6.5)
    charts = texts.stats_charts
    axes.set_title(charts["coverage"], fontsize=20, loc="left")
    if not rows:
        axes.text(0.5, 0.5, charts["no_data"], ha="center", va="center", fontsize=16,
                  transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
    else:
        positions = list(range(len(rows)))
        width = 0.38
        planned = axes.bar([p - width / 2 for p in positions],
                           [r.planned or 0 for r in rows], width,
                           color=_COLORS["planned"], label=charts["planned"])  # fmt: skip
        reached = axes.bar([p + width / 2 for p in positions],
                           [r.reached or 0 for r in rows], width,
                           color=_COLORS["main"], label=charts["reached"])  # fmt: skip
        axes.bar_label(planned, labels=["" if r.planned is None else f"{r.planned:g}"
                                        for r in rows], fontsize=12, padding=2)  # fmt: skip
        axes.bar_label(reached, labels=["" if r.reached is None else f"{r.reached:.1f}"
                                        for r in rows], fontsize=12, padding=2)  # fmt: skip
        axes.set_xticks(positions, labels=[
            f"{texts.stratum_names.get(r.stratum, r.stratum)}\n{r.drawn}/{r.pool}" for r in rows
        ], fontsize=14)  # fmt: skip
        axes.set_ylabel(charts["percent_axis"], fontsize=14)
        axes.tick_params(axis="y", labelsize=13)
        axes.margins(y=0.15)
        axes.legend(fontsize=13, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
    use_font(figure, register_font())
    return figure


def places(stats: Stats, texts: Texts) -> Figure:
    """Tasks by region and by industry of the target (the largest first)."""
    regions = stats.regions[: MAX_BARS // 2]
    industries = stats.industries[: MAX_BARS // 2]
    figure = Figure(figsize=(WIDTH_IN, _height(len(regions)) + _height(len(industries))),
                    dpi=DPI, layout="constrained")  # fmt: skip
    top, bottom = figure.subplots(2, 1, height_ratios=[max(len(regions), 2),
                                                       max(len(industries), 2)])  # fmt: skip
    blank, charts = texts.stats_blank, texts.stats_charts
    _barh(top, charts["regions"].format(n=len(regions)), [v or blank for v, _, _ in regions],
          [n for _, n, _ in regions], texts)  # fmt: skip
    _barh(bottom, charts["industries"].format(n=len(industries)),
          [v or blank for v, _, _ in industries], [n for _, n, _ in industries], texts,
          _COLORS["planned"])  # fmt: skip
    use_font(figure, register_font())
    return figure


def render_all(stats: Stats, texts: Texts) -> list[bytes]:
    """Every chart as PNG bytes (CPU work: call it off the event loop)."""
    return [png(make(stats, texts)) for make in (overview, inspectors, coverage, places)]


#: A chart: the statistics and the catalog in, a figure out.
FigureMaker = Callable[[Stats, Texts], Figure]
