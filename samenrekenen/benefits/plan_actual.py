"""Plan versus actual: the chosen scenario's costs and benefits against what happened.

The plan is the engine's result for the scenario decided on. Costs are compared per entity,
category and year in the cost view *before* monetised benefits (those are compared per benefit
line); a participant's plan includes what the share charges it by the engine's keys. Only years
with actuals are compared, and a year with actuals is complete: a category (or a monetised
benefit line) without an actual in such a year counts as € 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult, Component
from ..engine.results import FloatArray, ScenarioResult
from ..model import Case
from .indicators import IndicatorProgress, indicator_progress

CENT = 0.005
"""Half a cent: plan amounts closer to zero have no percentage difference."""

TOTAL = "totaal"
"""The category of an entity's total in :meth:`PlanActual.entity_totals`."""


def decided_scenario(case: Case, scenario_id: str | None = None) -> str:
    """The scenario the actuals are compared with: ``scenario_id``, else the one the actuals
    name, else the first scenario that is not the baseline (KeyError when unknown)."""
    chosen = scenario_id or (case.actuals.scenario if case.actuals else None)
    if chosen is None:
        others = [s.id for s in case.scenarios if s is not case.baseline_scenario]
        chosen = (others or [case.baseline_scenario.id])[0]
    return case.scenario(chosen).id


@dataclass(frozen=True)
class Comparison:
    """A planned and an actual amount (euros)."""

    plan_eur: float
    actual_eur: float

    @property
    def difference_eur(self) -> float:
        """Actual minus plan: positive means more than planned."""
        return self.actual_eur - self.plan_eur

    @property
    def difference_pct(self) -> float | None:
        """The difference in percent of the plan (None when the plan is zero)."""
        if abs(self.plan_eur) < CENT:
            return None
        return self.difference_eur / abs(self.plan_eur) * 100.0


@dataclass(frozen=True)
class CostComparison(Comparison):
    """Plan and actual cost of one entity in one category (or :data:`TOTAL`) and year."""

    entity: str
    category: str
    year: int


@dataclass(frozen=True)
class BenefitComparison(Comparison):
    """Plan and actual of one monetised benefit line in one year."""

    benefit: str
    description: str
    year: int

    @property
    def realised_pct(self) -> float | None:
        """The actual in percent of the plan (None when nothing was planned)."""
        if abs(self.plan_eur) < CENT:
            return None
        return self.actual_eur / self.plan_eur * 100.0


@dataclass(frozen=True)
class PlanActual:
    """Plan versus actual of one scenario: costs, benefits and indicators."""

    scenario_id: str
    years: list[int]
    costs: list[CostComparison]
    benefits: list[BenefitComparison]
    indicators: list[IndicatorProgress]

    def entity_totals(self) -> list[CostComparison]:
        """Per entity and year the sum over its categories, in the order of :attr:`costs`."""
        totals: dict[tuple[str, int], tuple[float, float]] = {}
        for row in self.costs:
            plan, actual = totals.get((row.entity, row.year), (0.0, 0.0))
            totals[(row.entity, row.year)] = (plan + row.plan_eur, actual + row.actual_eur)
        return [
            CostComparison(plan_eur=plan, actual_eur=actual, entity=e, category=TOTAL, year=y)
            for (e, y), (plan, actual) in totals.items()
        ]


def plan_cost(scenario: ScenarioResult, entity: str) -> FloatArray:
    """An entity's planned cost ``[categories, years]`` before its monetised benefits."""
    result = scenario.entities[entity]
    return np.asarray(result.cost_by_category) - result.components[Component.BENEFITS]


def plan_actual(case: Case, result: CaseResult, scenario_id: str | None = None) -> PlanActual:
    """Plan versus actual of the decided scenario (see :func:`decided_scenario`)."""
    chosen = decided_scenario(case, scenario_id)
    scenario = result.scenario(chosen)
    costs = _costs(case, result, scenario)
    benefits = _benefits(case, result, scenario)
    years = sorted({row.year for row in costs} | {row.year for row in benefits})
    return PlanActual(chosen, years, costs, benefits, indicator_progress(case))


def _costs(case: Case, result: CaseResult, scenario: ScenarioResult) -> list[CostComparison]:
    actual: dict[str, dict[int, dict[str, float]]] = {}
    for entry in case.actuals.costs if case.actuals else []:
        actual.setdefault(entry.entity, {}).setdefault(entry.year, {})[entry.category] = (
            entry.amount_eur
        )
    rows = []
    for entity in [*result.participants, "share"]:
        if entity not in actual:
            continue
        plan = plan_cost(scenario, entity)
        for year in sorted(actual[entity]):
            t = result.years.index(year)
            given = actual[entity][year]
            for k, category in enumerate(result.categories):
                planned = float(plan[k, t])
                if category in given or abs(planned) >= CENT:
                    rows.append(
                        CostComparison(
                            plan_eur=planned,
                            actual_eur=given.get(category, 0.0),
                            entity=entity,
                            category=category,
                            year=year,
                        )
                    )
    return rows


def _benefits(case: Case, result: CaseResult, scenario: ScenarioResult) -> list[BenefitComparison]:
    actual: dict[int, dict[str, float]] = {}
    for entry in case.actuals.benefits if case.actuals else []:
        actual.setdefault(entry.year, {})[entry.benefit] = entry.amount_eur
    planned: dict[str, FloatArray] = {}
    for line in scenario.lines:
        if line.component is Component.BENEFITS:
            before = planned.get(line.line_id, np.zeros(len(result.years)))
            planned[line.line_id] = before - np.asarray(line.cost)
    lines = [b for b in case.resolved(scenario.id).benefits if b.monetised]
    return [
        BenefitComparison(
            plan_eur=float(planned[line.id][result.years.index(year)])
            if line.id in planned
            else 0.0,
            actual_eur=actual[year].get(line.id, 0.0),
            benefit=line.id,
            description=line.description or line.id,
            year=year,
        )
        for year in sorted(actual)
        for line in lines
    ]
