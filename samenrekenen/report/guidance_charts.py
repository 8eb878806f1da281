"""The radar chart of the priority questionnaire (003: seriousness, urgency, growth), one per
respondent group, in the house style of :mod:`samenrekenen.report.charts`: text as text, no
fixed size, a title and an accessible name, byte-equal output for equal input.

The numbers come from :func:`samenrekenen.guidance.provisions.questionnaire_summary`, so the
process page, the API and the report draw the same means.
"""

from __future__ import annotations

import re
from statistics import fmean
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from samenrekenen.format import format_number
from samenrekenen.guidance.provisions import MAX_SCORE, GroupSummary, item_labels

from .charts import INK, SERIES_COLOURS, ChartData, Series, draw_svg

RADAR_SIZE_IN = (6.0, 5.0)
"""Width and height of the radar figure in inches (a polar plot needs its own square-ish
figure; the house figure of :func:`~samenrekenen.report.charts.chart_figure` is for x–y axes)."""


def radar_data(summary: GroupSummary) -> ChartData:
    """What the radar chart of one group shows: the mean answer per questionnaire item."""
    labels = item_labels()
    values = tuple(summary.item_means[item] for item in labels)
    answered = [v for v in values if v is not None]
    average = format_number(fmean(answered), 1) if answered else "geen antwoorden"
    slug = re.sub(r"[^a-z0-9]+", "-", summary.group.lower()).strip("-") or "groep"
    return ChartData(
        kind=f"radar-{slug}",
        title=f"Prioriteit volgens {summary.group} (ernst, urgentie, groei)",
        summary=f"{summary.respondents} respondent(en); gemiddeld {average} op een schaal 1–5.",
        category_label="Vraag",
        categories=tuple(labels.values()),
        series=(Series(summary.group, values),),
    )


def radar_svg(summary: GroupSummary) -> str:
    """The radar chart (SVG text) of one group's mean answer per item."""
    return draw_svg(radar_data(summary), _draw_radar)


def _draw_radar(data: ChartData, _thousands: bool) -> Figure:
    fig = Figure(figsize=RADAR_SIZE_IN)
    ax: Any = fig.add_subplot(projection="polar")
    colour = SERIES_COLOURS[0]
    count = len(data.categories)
    angles = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
    values = np.array([v if v is not None else 0.0 for v in data.series[0].values])
    closed = np.append(angles, angles[0])
    ax.plot(closed, np.append(values, values[0]), color=colour, marker="o", linewidth=2)
    ax.fill(closed, np.append(values, values[0]), color=colour, alpha=0.15)
    ax.set_xticks(angles, labels=list(data.categories), color=INK)
    ax.set_ylim(0, MAX_SCORE)
    ax.set_yticks(range(1, MAX_SCORE + 1))
    ax.grid(True)
    return fig
