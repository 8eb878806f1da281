"""Plan-versus-actual charts as SVG: grouped bars, plan solid and actual hatched (so the two
differ in pattern as well as colour), with the amounts as text above the bars."""

from __future__ import annotations

from collections.abc import Sequence

from ..format import format_eur
from .plan_actual import Comparison, PlanActual
from .svg import ACTUAL, GRID, INK, PLAN, svg_document, text

BAR_WIDTH = 28
GROUP_GAP = 40
CHART_HEIGHT = 220
MARGIN = 30
LABEL_HEIGHT = 60


def cost_chart_svg(comparison: PlanActual, names: dict[str, str]) -> str:
    """Per entity and year with actuals: planned and actual cost (before benefits)."""
    groups = [
        (f"{names.get(row.entity, row.entity)} {row.year}", row)
        for row in comparison.entity_totals()
    ]
    return _bars("Kosten: begroot en werkelijk", groups)


def benefit_chart_svg(comparison: PlanActual) -> str:
    """Per monetised benefit line and year with actuals: planned and realised benefit."""
    groups = [(f"{row.description[:28]} {row.year}", row) for row in comparison.benefits]
    return _bars("Baten in geld: begroot en gerealiseerd", groups)


def _bars(title: str, groups: Sequence[tuple[str, Comparison]]) -> str:
    top = max([max(row.plan_eur, row.actual_eur, 0.0) for _, row in groups] or [0.0]) or 1.0
    width = 2 * MARGIN + max(len(groups), 1) * (2 * BAR_WIDTH + GROUP_GAP)
    base = MARGIN + 30 + CHART_HEIGHT
    body = [
        '<defs><pattern id="werkelijk" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ACTUAL}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
        text(MARGIN, MARGIN, title, font_weight="bold"),
        f'<rect x="{MARGIN}" y="{MARGIN + 8}" width="12" height="12" fill="{PLAN}"/>',
        text(MARGIN + 16, MARGIN + 18, "Begroot"),
        f'<rect x="{MARGIN + 90}" y="{MARGIN + 8}" width="12" height="12" fill="url(#werkelijk)"/>',
        text(MARGIN + 106, MARGIN + 18, "Werkelijk (gearceerd)"),
        f'<line x1="{MARGIN}" y1="{base}" x2="{width - MARGIN}" y2="{base}" stroke="{GRID}"/>',
    ]
    for index, (label, row) in enumerate(groups):
        x = MARGIN + index * (2 * BAR_WIDTH + GROUP_GAP)
        for offset, amount, fill in (
            (0, row.plan_eur, PLAN),
            (BAR_WIDTH, row.actual_eur, "url(#werkelijk)"),
        ):
            height = max(amount, 0.0) / top * CHART_HEIGHT
            body.append(
                f'<rect x="{x + offset}" y="{base - height:.1f}" width="{BAR_WIDTH - 2}" '
                f'height="{height:.1f}" fill="{fill}" stroke="{INK}" stroke-width="0.5"/>'
            )
            body.append(
                text(
                    x + offset + BAR_WIDTH / 2,
                    base - height - 4,
                    format_eur(amount),
                    text_anchor="middle",
                    font_size="8",
                )
            )
        body.append(text(x + BAR_WIDTH, base + 16, label, text_anchor="middle", font_size="9"))
    return svg_document(width, base + LABEL_HEIGHT, title, body)
