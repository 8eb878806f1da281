"""Collective i-provisions (003): the classification grid by layer × life-cycle phase with
public value and legitimacy, and the priority questionnaire (seriousness, urgency, growth)
aggregated per respondent group, with a radar chart per group."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING, Any

from samenrekenen.model.guidance import Formation, Provision

from . import content

if TYPE_CHECKING:
    from samenrekenen.report.charts import ChartData

MAX_SCORE = 5


@dataclass(frozen=True)
class GridCell:
    """The provisions of one layer in one life-cycle phase."""

    layer: str
    phase: str
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class GroupSummary:
    """The questionnaire answers of one respondent group: the mean per item and per dimension
    (None where nobody in the group answered)."""

    group: str
    respondents: int
    item_means: dict[str, float | None]
    dimension_means: dict[str, float | None]


def classification_grid(formation: Formation | None) -> list[GridCell]:
    """Every layer × life-cycle phase cell (layers and phases in 003's order) with the case's
    provisions, highest public value first and fewest legitimacy questions next."""
    provisions = formation.provisions if formation else []
    model = content.provisions()
    return [
        GridCell(
            layer.id,
            phase.id,
            tuple(
                sorted(
                    (p for p in provisions if p.layer == layer.id and p.phase == phase.id),
                    key=lambda p: (-p.public_value, p.legitimacy),
                )
            ),
        )
        for layer in model.layers
        for phase in model.lifecycle
    ]


def questionnaire_summary(formation: Formation | None) -> list[GroupSummary]:
    """The answers per respondent group (groups in order of first appearance)."""
    responses = formation.questionnaire if formation else []
    dimensions = content.provisions().questionnaire.dimensions
    groups = list(dict.fromkeys(r.group for r in responses))
    summaries = []
    for group in groups:
        mine = [r for r in responses if r.group == group]
        items = {
            item.id: _mean([r.answers[item.id] for r in mine if item.id in r.answers])
            for d in dimensions
            for item in d.items
        }
        dims: dict[str, float | None] = {
            d.id: _mean([r.answers[i.id] for r in mine for i in d.items if i.id in r.answers])
            for d in dimensions
        }
        summaries.append(GroupSummary(group, len(mine), items, dims))
    return summaries


def _mean(values: list[int]) -> float | None:
    return fmean(values) if values else None


def item_labels() -> dict[str, str]:
    """Short labels of the questionnaire items for charts: ``Ernst 1``, ``Urgentie 2``, …"""
    return {
        item.id: f"{d.name} {number}"
        for d in content.provisions().questionnaire.dimensions
        for number, item in enumerate(d.items, start=1)
    }


def radar_svg(summary: GroupSummary) -> str:
    """A radar chart (SVG text) of one group's mean answer per item, in the house style of the
    report's charts (:mod:`samenrekenen.report.charts`): text as text, no fixed size, a title
    and an accessible name, byte-equal output for equal input."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    # Drawing belongs to the report layer; its style is imported where it is used so that the
    # rules of this module load without matplotlib.
    from samenrekenen.report import charts

    labels = item_labels()
    data = _radar_data(summary, labels)
    with charts._LOCK, matplotlib.rc_context(charts._RC):
        fig = Figure(figsize=(6.0, 5.0))
        ax: Any = fig.add_subplot(projection="polar")
        _draw_radar(ax, data, charts._COLOURS[0])
        buffer = io.StringIO()
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None})
    return charts._finished(buffer.getvalue(), data)


def _radar_data(summary: GroupSummary, labels: dict[str, str]) -> ChartData:
    from samenrekenen.report.charts import ChartData, Series

    values = tuple(summary.item_means[item] for item in labels)
    answered = [v for v in values if v is not None]
    average = f"{fmean(answered):.1f}".replace(".", ",") if answered else "geen antwoorden"
    slug = re.sub(r"[^a-z0-9]+", "-", summary.group.lower()).strip("-") or "groep"
    return ChartData(
        kind=f"radar-{slug}",
        title=f"Prioriteit volgens {summary.group} (ernst, urgentie, groei)",
        summary=f"{summary.respondents} respondent(en); gemiddeld {average} op een schaal 1–5.",
        category_label="Vraag",
        categories=tuple(labels.values()),
        series=(Series(summary.group, values),),
    )


def _draw_radar(ax: Any, data: ChartData, colour: str) -> None:
    import numpy as np

    count = len(data.categories)
    angles = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
    values = np.array([v if v is not None else 0.0 for v in data.series[0].values])
    closed = np.append(angles, angles[0])
    ax.plot(closed, np.append(values, values[0]), color=colour, marker="o", linewidth=2)
    ax.fill(closed, np.append(values, values[0]), color=colour, alpha=0.15)
    ax.set_xticks(angles, labels=list(data.categories))
    ax.set_ylim(0, MAX_SCORE)
    ax.set_yticks(range(1, MAX_SCORE + 1))
    ax.grid(True)
