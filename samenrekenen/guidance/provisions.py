"""Collective i-provisions (003): the classification grid by layer × life-cycle phase with
public value and legitimacy, and the priority questionnaire (seriousness, urgency, growth)
aggregated per respondent group (its radar chart is drawn by
:mod:`samenrekenen.report.guidance_charts`)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from samenrekenen.model.guidance import Formation, Provision

from . import content

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
