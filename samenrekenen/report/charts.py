"""Charts of a calculation as SVG text, built from the results JSON document.

Every chart starts from the document of :func:`samenrekenen.io.results.result_to_dict` (see
``docs/results-json.md``), never from engine objects, so a stored version's results can be drawn
the same way as a fresh calculation. Six kinds (:data:`CHART_KINDS`):

- ``kosten``: consolidated cost per scenario over the years;
- ``cumulatief``: cumulative consolidated difference per scenario against the baseline scenario;
- ``abcd``: the decomposition of one scenario's difference into B, C and D (stacked bars) with
  the difference as a line;
- ``deelnemers``: each member's total difference over the horizon; members worse off than alone
  get a hatch pattern and a text label, not only another colour;
- ``structureel``: one scenario's cost split into structural and one-off parts, with the baseline
  scenario's cost as a reference line;
- ``begroting``: budget effect (``budget_difference``) beside the economic effect
  (``difference``).

The data of a chart (:class:`ChartData`, from :func:`chart_data`) also feeds the accessible
table shown next to it. :func:`chart_svg` draws it with matplotlib's SVG backend: text stays
text (``svg.fonttype = none``), no external fonts or URLs, fixed ids (``svg.hashsalt``) and no
metadata, so equal input gives byte-equal output. The root ``<svg>`` carries a ``<title>``, an
``aria-label`` and a viewBox without width and height, so CSS scales it; element ids are
prefixed per kind so several charts can be inlined in one page.

Only consolidated series and participants' totals are drawn: what :func:`visible_results` of
the web layer leaves for every user, so one cached chart fits every reader of a case.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from samenrekenen.format import (
    THOUSANDS_LABEL,
    format_eur,
    format_year_or_none,
)
from samenrekenen.io.tables import TOLERANCE_EUR, WORSE_OFF

CHART_KINDS: dict[str, str] = {
    "kosten": "Kosten per scenario (geconsolideerd)",
    "cumulatief": "Cumulatief verschil per scenario t.o.v. ongewijzigd beleid",
    "abcd": "Opbouw van het verschil: B, C en D",
    "deelnemers": "Totaal verschil per deelnemer over de looptijd",
    "structureel": "Structurele en incidentele kosten",
    "begroting": "Begrotingseffect en economisch effect",
}
"""Chart kinds (the key in URLs) with their Dutch titles."""

LINE, STACK, BAR, TABLE_ONLY = "line", "stack", "bar", "table"
"""How a series is drawn: a line, a stacked bar, a grouped bar, or only in the data table."""

_INK = "#1b1f24"
_GRID = "#d5dbe1"
_WORSE = "#a4161a"
_BETTER = "#1d6b37"
_BASELINE = "#1b1f24"
# Colours with at least 3:1 contrast against white (WCAG 1.4.11); every series also differs
# in line style, marker or hatch, so no information depends on colour alone.
_COLOURS = ("#0b4f8a", "#8a5a00", "#1d6b37", "#6a3d9a", "#a4161a", "#4a5360", "#005f73")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_LINESTYLES = ("-", "-", "-.", "-", "-.", "-", "-.")
# Line hatches only: dotted and circled ones are hundreds of curves per pattern tile, which
# made the PDF renderer spend seconds on three charts.
_HATCHES = ("", "//", "--", "xx", "\\\\", "++", "||")
_THOUSANDS_FROM = 100_000.0
_SALT = "samenrekenen"

_RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": _SALT,
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "text.color": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "grid.color": _GRID,
    "hatch.linewidth": 1.2,
    "legend.frameon": False,
}

_LOCK = threading.Lock()
"""matplotlib's settings are global: one chart is drawn at a time."""


@dataclass(frozen=True)
class Series:
    """One named series of a chart, one value per category (year or participant)."""

    label: str
    values: tuple[float | None, ...]
    role: str = LINE
    emphasis: bool = False
    dashed: bool = False
    slot: int = -1
    """Fixed colour and marker slot (a scenario keeps its look in every chart); -1: in order."""


@dataclass(frozen=True)
class ChartData:
    """What a chart shows: its title, a one-sentence summary, categories and series.

    ``notes`` holds a remark per category (empty, or as long as ``categories``), such as the
    verdict of a participant; ``horizontal`` draws categories as rows (participants).
    """

    kind: str
    title: str
    summary: str
    category_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()
    horizontal: bool = False

    @property
    def rows(self) -> list[tuple[str, list[float | None], str]]:
        """The data table: per category its label, the values of every series and its note."""
        return [
            (
                category,
                [s.values[index] for s in self.series],
                self.notes[index] if self.notes else "",
            )
            for index, category in enumerate(self.categories)
        ]


# --- data of the six charts ------------------------------------------------------------------


def _scenario(results: Mapping[str, Any], scenario_id: str) -> dict[str, Any]:
    for scenario in results["scenarios"]:
        if scenario["id"] == scenario_id:
            found: dict[str, Any] = scenario
            return found
    raise KeyError(f"onbekend scenario '{scenario_id}'")


def _baseline(results: Mapping[str, Any]) -> dict[str, Any]:
    scenarios: list[dict[str, Any]] = results["scenarios"]
    return next((s for s in scenarios if s.get("is_baseline")), scenarios[0])


def _values(series: Sequence[float | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else float(v) for v in series)


def _years(results: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(format_year_or_none(int(y)) for y in results["years"])


def _period(results: Mapping[str, Any]) -> str:
    years = results["years"]
    return f"{years[0]}–{years[-1]}" if years else ""


def _scenario_label(scenario: Mapping[str, Any]) -> str:
    name = str(scenario.get("name") or scenario["id"])
    if scenario.get("is_baseline") and "ongewijzigd beleid" not in name.lower():
        return f"{name} (ongewijzigd beleid)"
    return name


def _last_values_text(series: Sequence[Series]) -> str:
    parts = [f"{s.label}: {format_eur(s.values[-1])}" for s in series if s.values]
    return "; ".join(parts)


def _scenario_lines(
    results: Mapping[str, Any], scenario_id: str, key: str, with_baseline: bool
) -> tuple[Series, ...]:
    """One line per scenario of a consolidated series; the chosen scenario emphasised, the
    baseline dashed."""
    return tuple(
        Series(
            _scenario_label(s),
            _values(s["consolidated"][key]),
            LINE,
            emphasis=s["id"] == scenario_id,
            dashed=bool(s.get("is_baseline")),
            slot=index,
        )
        for index, s in enumerate(results["scenarios"])
        if with_baseline or not s.get("is_baseline")
    )


def _cost_data(
    results: Mapping[str, Any], scenario_id: str, _names: Mapping[str, str]
) -> ChartData:
    series = _scenario_lines(results, scenario_id, "cost", with_baseline=True)
    summary = (
        f"Lijngrafiek van de geconsolideerde kosten per jaar, {_period(results)}, "
        f"voor {len(series)} scenario's. Laatste jaar: {_last_values_text(series)}."
    )
    return ChartData("kosten", CHART_KINDS["kosten"], summary, "Jaar", _years(results), series)


def _cumulative_data(
    results: Mapping[str, Any], scenario_id: str, _names: Mapping[str, str]
) -> ChartData:
    series = _scenario_lines(results, scenario_id, "cumulative_difference", with_baseline=False)
    summary = (
        f"Lijngrafiek van het cumulatieve verschil met ongewijzigd beleid per jaar, "
        f"{_period(results)}; onder nul is een besparing. "
        f"Laatste jaar: {_last_values_text(series) or 'geen andere scenario’s'}."
    )
    return ChartData(
        "cumulatief", CHART_KINDS["cumulatief"], summary, "Jaar", _years(results), series
    )


def _abcd_data(
    results: Mapping[str, Any], scenario_id: str, _names: Mapping[str, str]
) -> ChartData:
    scenario = _scenario(results, scenario_id)
    consolidated = scenario["consolidated"]
    abcd = consolidated["abcd"]
    series = (
        Series("B: eenmalige kosten en desinvestering", _values(abcd["b"]), STACK),
        Series("C: verandering bestaande kosten", _values(abcd["c"]), STACK),
        Series("D: nieuwe structurele kosten", _values(abcd["d"]), STACK),
        Series("Verschil (B + C + D)", _values(consolidated["difference"]), LINE, emphasis=True),
        Series("A: verborgen kosten in ongewijzigd beleid", _values(abcd["a"]), TABLE_ONLY),
    )
    total = sum(v or 0.0 for v in consolidated["difference"])
    summary = (
        f"Gestapelde staven per jaar, {_period(results)}, met de eenmalige kosten (B), de "
        f"verandering van bestaande kosten (C) en de nieuwe structurele kosten (D) van "
        f"{_scenario_label(scenario)}, en een lijn voor het verschil met ongewijzigd beleid. "
        f"Totaal verschil over de looptijd: {format_eur(total)}."
    )
    title = f"{CHART_KINDS['abcd']} — {_scenario_label(scenario)}"
    return ChartData("abcd", title, summary, "Jaar", _years(results), series)


def participant_verdict(scenario: Mapping[str, Any], participant: str) -> str:
    """``worse``, ``better``, ``equal`` or ``none`` (no member of the scenario): a participant's
    total difference over the horizon against going alone, with the € 0,005 tolerance."""
    if participant not in scenario.get("members", []):
        return "none"
    entity = scenario.get("entities", {}).get(participant)
    if entity is None:
        return "none"
    total = sum(float(v or 0.0) for v in entity["difference"])
    if total > TOLERANCE_EUR:
        return "worse"
    if total < -TOLERANCE_EUR:
        return "better"
    return "equal"


def _participants_data(
    results: Mapping[str, Any], scenario_id: str, names: Mapping[str, str]
) -> ChartData:
    scenario = _scenario(results, scenario_id)
    entities = scenario.get("entities", {})
    members = [
        p for p in results["participants"] if p in scenario.get("members", []) and p in entities
    ]
    totals = tuple(sum(float(v or 0.0) for v in entities[p]["difference"]) for p in members)
    verdicts = [participant_verdict(scenario, p) for p in members]
    notes = tuple(
        f"⚠ {WORSE_OFF}" if v == "worse" else "beter af" if v == "better" else "gelijk"
        for v in verdicts
    )
    labels = tuple(names.get(p, p) for p in members)
    worse = [label for label, v in zip(labels, verdicts, strict=True) if v == "worse"]
    summary = (
        f"Liggende staven met het totale verschil van iedere deelnemer met alleen verder gaan, "
        f"{_period(results)}, in {_scenario_label(scenario)}; onder nul is een besparing. "
        + (
            f"{WORSE_OFF.capitalize()}: {', '.join(worse)}."
            if worse
            else "Geen deelnemer is slechter af dan alleen."
        )
    )
    title = f"{CHART_KINDS['deelnemers']} — {_scenario_label(scenario)}"
    series = (Series("Totaal verschil", totals, BAR),)
    return ChartData(
        "deelnemers", title, summary, "Deelnemer", labels, series, notes, horizontal=True
    )


def _structural_data(
    results: Mapping[str, Any], scenario_id: str, _names: Mapping[str, str]
) -> ChartData:
    scenario = _scenario(results, scenario_id)
    consolidated = scenario["consolidated"]
    baseline = _baseline(results)["consolidated"]
    series = (
        Series("Structureel", _values(consolidated["structural"]), STACK),
        Series("Incidenteel", _values(consolidated["one_off"]), STACK),
        Series("Kosten ongewijzigd beleid", _values(baseline["cost"]), LINE, dashed=True),
    )
    one_off = sum(v or 0.0 for v in consolidated["one_off"])
    summary = (
        f"Gestapelde staven per jaar, {_period(results)}, met de structurele en de incidentele "
        f"kosten van {_scenario_label(scenario)}, en een stippellijn voor de kosten bij "
        f"ongewijzigd beleid. Incidentele kosten over de looptijd: {format_eur(one_off)}."
    )
    title = f"{CHART_KINDS['structureel']} — {_scenario_label(scenario)}"
    return ChartData("structureel", title, summary, "Jaar", _years(results), series)


def _budget_data(
    results: Mapping[str, Any], scenario_id: str, _names: Mapping[str, str]
) -> ChartData:
    scenario = _scenario(results, scenario_id)
    consolidated = scenario["consolidated"]
    series = (
        Series("Begrotingseffect", _values(consolidated["budget_difference"]), BAR),
        Series("Economisch effect (TCO)", _values(consolidated["difference"]), BAR),
    )
    budget = sum(v or 0.0 for v in consolidated["budget_difference"])
    economic = sum(v or 0.0 for v in consolidated["difference"])
    summary = (
        f"Staven per jaar, {_period(results)}, met het verschil in de begroting naast het "
        f"economische verschil (alle kosten, ook verborgen) van {_scenario_label(scenario)}. "
        f"Over de looptijd: begrotingseffect {format_eur(budget)}, economisch effect "
        f"{format_eur(economic)}."
    )
    title = f"{CHART_KINDS['begroting']} — {_scenario_label(scenario)}"
    return ChartData("begroting", title, summary, "Jaar", _years(results), series)


_BUILDERS: dict[str, Callable[[Mapping[str, Any], str, Mapping[str, str]], ChartData]] = {
    "kosten": _cost_data,
    "cumulatief": _cumulative_data,
    "abcd": _abcd_data,
    "deelnemers": _participants_data,
    "structureel": _structural_data,
    "begroting": _budget_data,
}


def chart_data(
    results: Mapping[str, Any],
    scenario_id: str,
    kind: str,
    names: Mapping[str, str] | None = None,
) -> ChartData:
    """The data of chart ``kind`` for ``scenario_id`` (the highlighted scenario of the charts
    over all scenarios). ``names`` maps participant ids to display names.

    Raises KeyError for an unknown kind or scenario.
    """
    if kind not in _BUILDERS:
        raise KeyError(f"onbekende grafiek '{kind}'")
    _scenario(results, scenario_id)
    return _BUILDERS[kind](results, scenario_id, names or {})


# --- drawing ------------------------------------------------------------------------------


def _plotted(data: ChartData) -> list[Series]:
    return [s for s in data.series if s.role != TABLE_ONLY]


def _in_thousands(data: ChartData) -> bool:
    largest = max((abs(v) for s in _plotted(data) for v in s.values if v is not None), default=0.0)
    return largest >= _THOUSANDS_FROM


@functools.lru_cache(maxsize=4096)
def _tick(value: float, thousands: bool) -> str:
    """An axis or bar label (Babel is slow; ticks repeat)."""
    return format_eur(value, thousands)


def _array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _draw_stacks(ax: Any, x: np.ndarray, stacks: list[Series], width: float) -> list[Any]:
    handles = []
    positive = np.zeros(len(x))
    negative = np.zeros(len(x))
    for index, series in enumerate(stacks):
        values = np.nan_to_num(_array(series.values))
        bottom = np.where(values >= 0, positive, negative)
        handle = ax.bar(
            x,
            values,
            width,
            bottom=bottom,
            color=_COLOURS[index % len(_COLOURS)],
            edgecolor="white",
            hatch=_HATCHES[index % len(_HATCHES)] or None,
            linewidth=0.6,
            label=series.label,
        )
        handles.append(handle)
        positive = positive + np.where(values >= 0, values, 0.0)
        negative = negative + np.where(values < 0, values, 0.0)
    return handles


def _draw_bars(ax: Any, x: np.ndarray, bars: list[Series]) -> list[Any]:
    width = 0.8 / len(bars)
    handles = []
    for index, series in enumerate(bars):
        offset = (index - (len(bars) - 1) / 2) * width
        handle = ax.bar(
            x + offset,
            np.nan_to_num(_array(series.values)),
            width,
            color=_COLOURS[index % len(_COLOURS)],
            edgecolor="white",
            hatch=_HATCHES[index % len(_HATCHES)] or None,
            linewidth=0.6,
            label=series.label,
        )
        handles.append(handle)
    return handles


def _draw_lines(ax: Any, x: np.ndarray, lines: list[Series], offset: int) -> list[Any]:
    handles = []
    for index, series in enumerate(lines):
        if series.dashed:
            colour, style, marker = _BASELINE, "--", None
        else:
            slot = (series.slot if series.slot >= 0 else index + offset) % len(_COLOURS)
            colour, style, marker = _COLOURS[slot], _LINESTYLES[slot], _MARKERS[slot]
        (handle,) = ax.plot(
            x,
            _array(series.values),
            color=colour,
            linestyle=style,
            marker=marker,
            markersize=6 if series.emphasis else 4,
            linewidth=3.0 if series.emphasis else 1.6,
            label=series.label,
            zorder=3,
        )
        handles.append(handle)
    return handles


_WIDTH_PT = 576.0
_CHAR_PT = 6.4
"""Width of a digit of 10 pt DejaVu Sans, for the margins (a fixed layout is much faster than
matplotlib's constrained layout, and text may render a little wider in a browser)."""
_LEGEND_ROW_PT = 17.0
_AXIS_PT = 40.0


def _figure(plot_height: float, left: float, legend_rows: int) -> tuple[Figure, Any]:
    """A figure of fixed width with one axes: ``left`` margin and a legend of ``legend_rows``
    rows below the x axis (sizes in points)."""
    legend = legend_rows * _LEGEND_ROW_PT + (6.0 if legend_rows else 0.0)
    bottom = 4.0 + legend + _AXIS_PT
    height = bottom + plot_height + 12.0
    fig = Figure(figsize=(_WIDTH_PT / 72.0, height / 72.0))
    rect = (
        left / _WIDTH_PT,
        bottom / height,
        1.0 - (left + 16.0) / _WIDTH_PT,
        plot_height / height,
    )
    return fig, fig.add_axes(rect)


def _legend(fig: Figure, handles: list[Any], labels: list[str], ncols: int) -> None:
    fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 2.0 / (fig.get_figheight() * 72.0)),
        ncols=ncols,
    )


def _draw_years(data: ChartData, thousands: bool) -> Figure:
    plotted = _plotted(data)
    ncols = 1 if any(len(s.label) > 45 for s in plotted) else 2
    rows = -(-len(plotted) // ncols)
    largest = max((abs(v) for s in plotted for v in s.values if v is not None), default=0.0)
    chars = len(_tick(-largest * 1.2, thousands))
    fig, ax = _figure(230.0, 34.0 + chars * _CHAR_PT, rows)
    x = np.arange(len(data.categories), dtype=float)
    stacks = [s for s in data.series if s.role == STACK]
    bars = [s for s in data.series if s.role == BAR]
    lines = [s for s in data.series if s.role == LINE]
    handles = _draw_stacks(ax, x, stacks, 0.7) if stacks else []
    handles += _draw_bars(ax, x, bars) if bars else []
    handles += _draw_lines(ax, x, lines, len(stacks) + len(bars))
    if data.kind != "kosten" or any((v or 0.0) < 0 for s in plotted for v in s.values):
        ax.axhline(0.0, color=_INK, linewidth=0.9, zorder=2)
    step = max(1, -(-len(x) // 15))
    ax.set_xticks(x[::step], [data.categories[i] for i in range(0, len(x), step)])
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_xlabel(data.category_label)
    ax.set_ylabel(f"Bedrag ({THOUSANDS_LABEL if thousands else '€'})")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _tick(v, thousands)))
    ax.grid(axis="y")
    if plotted:
        _legend(fig, handles, [s.label for s in stacks + bars + lines], ncols)
    return fig


def _draw_participants(data: ChartData, thousands: bool) -> Figure:
    totals = np.nan_to_num(_array(data.series[0].values)) if data.series else np.zeros(0)
    worse = totals > TOLERANCE_EUR
    longest = max((len(c) for c in data.categories), default=4)
    fig, ax = _figure(max(60.0, 24.0 * len(totals)), 16.0 + longest * _CHAR_PT, 1)
    y = np.arange(len(totals), dtype=float)
    for mask, colour, hatch in ((~worse, _BETTER, None), (worse, _WORSE, "///")):
        if mask.any():
            ax.barh(
                y[mask],
                totals[mask],
                0.6,
                color=colour,
                edgecolor="white",
                hatch=hatch,
                linewidth=0.6,
            )
    for position, value, is_worse in zip(y, totals, worse, strict=True):
        text = _tick(float(value), thousands) + ("  ⚠ slechter af" if is_worse else "")
        ax.annotate(
            text,
            (value, position),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=9,
            fontweight="bold" if is_worse else "normal",
        )
    ax.set_yticks(y, list(data.categories))
    ax.set_ylim(len(totals) - 0.4, -0.6)
    ax.axvline(0.0, color=_INK, linewidth=0.9)
    span = max(float(np.max(np.abs(totals))) if totals.size else 1.0, 1.0)
    low = min(0.0, float(totals.min()) if totals.size else 0.0)
    high = max(0.0, float(totals.max()) if totals.size else 0.0)
    ax.set_xlim(
        low - (0.45 * span if low < 0 else 0.05 * span),
        high + (0.9 * span if worse.any() else 0.3 * span),
    )
    ax.set_xlabel(f"Totaal verschil met alleen ({THOUSANDS_LABEL if thousands else '€'})")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _tick(v, thousands)))
    ax.grid(axis="x")
    handles: list[Any] = []
    labels: list[str] = []
    if (~worse).any():
        handles.append(Patch(facecolor=_BETTER, edgecolor="white"))
        labels.append("Beter af of gelijk")
    if worse.any():
        handles.append(Patch(facecolor=_WORSE, edgecolor="white", hatch="///"))
        labels.append(WORSE_OFF.capitalize())
    if handles:
        _legend(fig, handles, labels, 2)
    return fig


_TAG = re.compile(r"<[^<>]+>")


def _prefixed_ids(svg: str, prefix: str) -> str:
    """Prefix every id and reference to it, only inside tags (text stays as it is)."""

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
        return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)

    return _TAG.sub(tag, svg)


def _finished(svg: str, data: ChartData) -> str:
    """The bare ``<svg>`` element: no XML prolog, metadata or global style, no fixed size,
    with a title, an accessible name and ids unique to the kind."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    end = svg.index(">")
    root = re.sub(r'\s(?:width|height)="[^"]*"', "", svg[:end])
    label = f"{data.title}. {data.summary}"
    root += (
        f' role="img" aria-label={quoteattr(label)} class="chart-svg"'
        ' stroke-linejoin="round" stroke-linecap="butt"'
    )
    svg = f"{root}>\n <title>{escape(data.title)}</title>{svg[end + 1 :]}"
    return _prefixed_ids(svg, f"grafiek-{data.kind}").strip() + "\n"


def draw_svg(data: ChartData, draw: Callable[[ChartData, bool], Figure]) -> str:
    """SVG text of the figure ``draw(data, thousands)`` makes, in the house style: one chart
    at a time, text as text, no fixed size, a title and an accessible name."""
    thousands = _in_thousands(data)
    with _LOCK, matplotlib.rc_context(_RC):
        fig = draw(data, thousands)
        buffer = io.StringIO()
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None})
    return _finished(buffer.getvalue(), data)


def chart_figure(plot_height: float, left: float, legend_rows: int) -> tuple[Figure, Any]:
    """A figure of the house width with one axes (see :func:`draw_svg`)."""
    return _figure(plot_height, left, legend_rows)


def axis_amounts(ax: Any, axis: str, thousands: bool) -> None:
    """Format the ``x`` or ``y`` axis of ``ax`` as Dutch amounts."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: _tick(v, thousands)))


SERIES_COLOURS = _COLOURS
"""Colours of the series, in order (each also differs in style, hatch or marker)."""

INK = _INK


def render_svg(data: ChartData) -> str:
    """Draw ``data`` as an SVG document (text; see the module docstring)."""
    return draw_svg(data, _draw_participants if data.horizontal else _draw_years)


def chart_svg(
    results: Mapping[str, Any],
    scenario_id: str,
    kind: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """Chart ``kind`` of ``scenario_id`` as SVG text (KeyError for an unknown kind/scenario)."""
    return render_svg(chart_data(results, scenario_id, kind, names))


def cost_chart(results: Mapping[str, Any], scenario_id: str) -> str:
    """(a) Consolidated cost per scenario over the years; ``scenario_id`` is drawn thicker."""
    return chart_svg(results, scenario_id, "kosten")


def cumulative_chart(results: Mapping[str, Any], scenario_id: str) -> str:
    """(b) Cumulative consolidated difference of every scenario against the baseline one."""
    return chart_svg(results, scenario_id, "cumulatief")


def abcd_chart(results: Mapping[str, Any], scenario_id: str) -> str:
    """(c) The B/C/D decomposition of one scenario per year, with its difference as a line."""
    return chart_svg(results, scenario_id, "abcd")


def participants_chart(
    results: Mapping[str, Any], scenario_id: str, names: Mapping[str, str] | None = None
) -> str:
    """(d) Each member's total difference over the horizon; worse off is hatched and labelled."""
    return chart_svg(results, scenario_id, "deelnemers", names)


def structural_chart(results: Mapping[str, Any], scenario_id: str) -> str:
    """(e) Structural and one-off cost per year, with the baseline scenario's cost."""
    return chart_svg(results, scenario_id, "structureel")


def budget_chart(results: Mapping[str, Any], scenario_id: str) -> str:
    """(f) Budget effect beside the economic effect per year."""
    return chart_svg(results, scenario_id, "begroting")
