"""Charts of the risk analyses, in the house style of :mod:`samenrekenen.report.charts`:

- ``histogram``: the distribution of the NPV (or cumulative result) over the draws, with the
  deterministic value marked;
- ``waaier`` (fan chart): percentile bands of the cumulative difference per year;
- ``tornado``: the result with one input at its low and at its high value, widest swing on top.

Each takes the JSON documents of :mod:`samenrekenen.io.risk`, so pages, API and report draw
the same numbers. Low and high differ in hatch as well as colour, bands in shade and border.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from samenrekenen.format import format_eur

from .charts import (
    INK,
    SERIES_COLOURS,
    ChartData,
    Series,
    axis_amounts,
    chart_figure,
    draw_svg,
)

TORNADO_BARS = 12
"""Inputs shown in a tornado: the widest swings."""


def histogram_svg(distribution: Mapping[str, Any], title: str, metric: str = "npv") -> str:
    """The histogram of ``metric`` (``npv`` or ``cumulative_difference``) of one entity's
    Monte Carlo distribution."""
    hist = distribution["histograms"][metric]
    edges, counts = hist["edges"], hist["counts"]
    centres = tuple(f"{(a + b) / 2:.0f}" for a, b in itertools.pairwise(edges))
    data = ChartData(
        kind="histogram",
        title=title,
        summary=f"Kans op een positief resultaat: {distribution['p_positive'] * 100:.0f}%.",
        category_label="Klassemidden (€)",
        categories=centres,
        series=(Series("Aantal trekkingen", tuple(float(c) for c in counts)),),
    )

    def draw(_data: ChartData, thousands: bool) -> Figure:
        fig, ax = chart_figure(200.0, 48.0, 0)
        widths = np.diff(edges)
        ax.bar(
            edges[:-1],
            counts,
            width=widths,
            align="edge",
            color=SERIES_COLOURS[0],
            edgecolor="white",
            linewidth=0.5,
        )
        ax.axvline(0.0, color=INK, linewidth=1.2)
        deterministic = distribution["deterministic"].get("npv" if metric == "npv" else "result")
        if deterministic is not None:
            ax.axvline(deterministic, color=SERIES_COLOURS[4], linewidth=1.4, linestyle="--")
            ax.annotate(
                "zonder onzekerheid",
                (deterministic, max(counts) * 0.95),
                fontsize=8,
                xytext=(4, 0),
                textcoords="offset points",
            )
        axis_amounts(ax, "x", thousands)
        ax.set_xlabel("Netto contante waarde" if metric == "npv" else "Cumulatief resultaat")
        ax.set_ylabel("Aantal trekkingen")
        ax.grid(axis="y")
        return fig

    return draw_svg(data, draw)


def fan_svg(distribution: Mapping[str, Any], years: Sequence[int], title: str) -> str:
    """The fan chart of the cumulative difference (negative = cheaper than alone)."""
    fan = distribution["fan"]
    keys = [k for k in ("p10", "p25", "p50", "p75", "p90") if k in fan]
    data = ChartData(
        kind="waaier",
        title=title,
        summary="Banden van 10–90% en 25–75% van de trekkingen; de lijn is de mediaan.",
        category_label="Jaar",
        categories=tuple(str(y) for y in years),
        series=tuple(Series(k.upper(), tuple(fan[k])) for k in keys),
    )

    def draw(_data: ChartData, thousands: bool) -> Figure:
        fig, ax = chart_figure(220.0, 64.0, 0)
        x = np.asarray(years, dtype=float)
        if {"p10", "p90"} <= set(fan):
            ax.fill_between(
                x,
                fan["p10"],
                fan["p90"],
                color=SERIES_COLOURS[0],
                alpha=0.18,
                edgecolor=SERIES_COLOURS[0],
                linestyle=":",
                label="10–90%",
            )
        if {"p25", "p75"} <= set(fan):
            ax.fill_between(
                x,
                fan["p25"],
                fan["p75"],
                color=SERIES_COLOURS[0],
                alpha=0.35,
                edgecolor=SERIES_COLOURS[0],
                linestyle="--",
                label="25–75%",
            )
        if "p50" in fan:
            ax.plot(x, fan["p50"], color=INK, linewidth=1.6, marker="o", markersize=3)
        ax.axhline(0.0, color=INK, linewidth=0.9)
        ax.set_xticks(x, [str(y) for y in years])
        axis_amounts(ax, "y", thousands)
        ax.set_xlabel("Jaar")
        ax.set_ylabel("Cumulatief verschil (€)")
        ax.grid(axis="y")
        return fig

    return draw_svg(data, draw)


def tornado_svg(bars: Sequence[Mapping[str, Any]], center: float, title: str) -> str:
    """The tornado of one entity: per input the result at its low and at its high value."""
    shown = list(bars[:TORNADO_BARS])
    data = ChartData(
        kind="tornado",
        title=title,
        summary=f"Resultaat met alle aannames op hun meest waarschijnlijke waarde: "
        f"{format_eur(center)}",
        category_label="Invoer",
        categories=tuple(str(b["label"]) for b in shown),
        series=(
            Series("Lage waarde", tuple(b["result_low"] for b in shown)),
            Series("Hoge waarde", tuple(b["result_high"] for b in shown)),
        ),
        horizontal=True,
    )

    def draw(_data: ChartData, thousands: bool) -> Figure:
        fig, ax = chart_figure(max(60.0, 22.0 * len(shown)), 230.0, 1)
        y = np.arange(len(shown))[::-1].astype(float)
        low = np.array([b["result_low"] for b in shown], dtype=float) - center
        high = np.array([b["result_high"] for b in shown], dtype=float) - center
        ax.barh(
            y,
            low,
            left=center,
            height=0.6,
            color=SERIES_COLOURS[1],
            hatch="//",
            edgecolor="white",
            label="Lage waarde",
        )
        ax.barh(
            y,
            high,
            left=center,
            height=0.6,
            color=SERIES_COLOURS[0],
            edgecolor="white",
            label="Hoge waarde",
        )
        ax.axvline(center, color=INK, linewidth=1.0)
        ax.set_yticks(y, [_short(b["label"]) for b in shown])
        axis_amounts(ax, "x", thousands)
        ax.set_xlabel("Resultaat (€)")
        ax.grid(axis="x")
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncols=2)
        return fig

    return draw_svg(data, draw)


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
