"""Comparing legal forms on weighted criteria (domain §6): the ranking and how sensitive the
top of the ranking is to each criterion's weight.

A form's total is the weighted mean of its scores (1–5): Σ weight × score ÷ Σ weight, with the
case's weights and score overrides (``formation.form_choice``) over the defaults of
``forms.yaml``. Ties keep the content order. The functions assume a validated choice (no
negative weights, not all zero: :mod:`samenrekenen.model.guidance_validation` checks that).
"""

from __future__ import annotations

from dataclasses import dataclass

from samenrekenen.model.guidance import FormChoice

from . import content

TOLERANCE = 1e-9


@dataclass(frozen=True)
class RankedForm:
    """A legal form with its weighted total and rank (1 = best)."""

    id: str
    name: str
    total: float
    rank: int


@dataclass(frozen=True)
class WeightSensitivity:
    """How far one criterion's weight may move before another form takes the top place.

    ``change`` is the smallest change of the weight (positive: raise, negative: lower) at which
    ``new_top`` ties with the current best form and beyond which it wins; both are None when no
    change of this weight alone moves the top (*stabiel*).
    """

    criterion: str
    name: str
    weight: float
    change: float | None
    new_top: str | None

    @property
    def stable(self) -> bool:
        """Whether no change of this weight alone changes the best form."""
        return self.change is None


def weights(choice: FormChoice | None) -> dict[str, float]:
    """The weight of every criterion: the case's, else the default."""
    own = choice.weights if choice else {}
    return {c.id: own.get(c.id, c.default_weight) for c in content.forms().criteria}


def scores(choice: FormChoice | None) -> dict[str, dict[str, int]]:
    """The score of every legal form on every criterion: the case's override, else the default."""
    own = choice.scores if choice else {}
    table = content.forms().scores
    return {
        form.id: {
            c.id: own.get(form.id, {}).get(c.id, table[form.id][c.id].score)
            for c in content.forms().criteria
        }
        for form in content.forms().legal_forms
    }


def rank_forms(choice: FormChoice | None) -> list[RankedForm]:
    """Every legal form by weighted total, best first (ties in content order share no rank:
    the earlier one ranks higher)."""
    weight = weights(choice)
    totals = _totals(weight, scores(choice))
    names = {form.id: form.name for form in content.forms().legal_forms}
    order = sorted(totals, key=lambda form: -totals[form])
    return [RankedForm(f, names[f], totals[f], rank) for rank, f in enumerate(order, start=1)]


def _totals(weight: dict[str, float], table: dict[str, dict[str, int]]) -> dict[str, float]:
    total_weight = sum(weight.values())
    return {
        form: sum(weight[c] * score for c, score in row.items()) / total_weight
        for form, row in table.items()
    }


def sensitivity(choice: FormChoice | None) -> list[WeightSensitivity]:
    """For every criterion, the smallest change of its weight alone that changes the best form.

    With the others fixed, form g catches up with the best form t when
    Σ w·(s_g − s_t) + Δ·(s_gc − s_tc) reaches 0, so Δ = −D_g ÷ d_gc; a weight cannot go below
    0, and a form that only ties at weight 0 never wins.
    """
    weight = weights(choice)
    table = scores(choice)
    top = rank_forms(choice)[0].id
    names = {c.id: c.name for c in content.forms().criteria}
    return [
        _criterion_sensitivity(criterion, names[criterion], weight, table, top)
        for criterion in weight
    ]


def _criterion_sensitivity(
    criterion: str,
    name: str,
    weight: dict[str, float],
    table: dict[str, dict[str, int]],
    top: str,
) -> WeightSensitivity:
    best: tuple[float, str] | None = None
    for form, row in table.items():
        slope = row[criterion] - table[top][criterion]
        if form == top or slope == 0:
            continue
        gap = sum(weight[c] * (row[c] - table[top][c]) for c in weight)
        change = -gap / slope
        if weight[criterion] + change <= TOLERANCE and change < 0:
            continue
        if best is None or abs(change) < abs(best[0]):
            best = (change, form)
    if best is None:
        return WeightSensitivity(criterion, name, weight[criterion], None, None)
    return WeightSensitivity(criterion, name, weight[criterion], best[0], best[1])
