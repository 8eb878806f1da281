"""Result records of the engine: labelled numpy arrays, no formatting.

Arrays of a :class:`BatchResult` carry a leading batch axis; :class:`CaseResult` is the result of
one case (a batch of one) with the detail that presentation needs (per line, per category).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class Component(IntEnum):
    """Cost components of an entity (see docs/calculation.md, 'Components and classes')."""

    RETAINED_VISIBLE = 0
    RETAINED_HIDDEN = 1
    TRANSFERRED_IN = 2
    LEVEL_CHANGE = 3
    EXISTING_CAPITAL = 4
    BENEFITS = 5
    NEW_STRUCTURAL = 6
    NEW_CAPITAL = 7
    ONE_OFF = 8
    DISINVESTMENT = 9
    CHARGED_B = 10
    CHARGED_C = 11
    CHARGED_D = 12


N_COMPONENTS = len(Component)

CLASS_OF_COMPONENT: dict[Component, str] = {
    Component.RETAINED_VISIBLE: "c",
    Component.RETAINED_HIDDEN: "c",
    Component.TRANSFERRED_IN: "c",
    Component.LEVEL_CHANGE: "c",
    Component.EXISTING_CAPITAL: "c",
    Component.BENEFITS: "c",
    Component.NEW_STRUCTURAL: "d",
    Component.NEW_CAPITAL: "d",
    Component.ONE_OFF: "b",
    Component.DISINVESTMENT: "b",
    Component.CHARGED_B: "b",
    Component.CHARGED_C: "c",
    Component.CHARGED_D: "d",
}
"""A/B/C/D class of every component (A is the hidden part of the baseline, shown separately)."""


@dataclass(frozen=True)
class Metrics:
    """Metrics of one entity (or the consolidated case) in one scenario; None where undefined."""

    break_even_year: int | None
    break_even_is_estimate: bool
    simple_payback_years: float | None
    savings_pct: float | None
    npv: float | None
    irr: float | None
    residual_value: float


@dataclass(frozen=True)
class LineAmounts:
    """What one scenario line contributes to one entity, per year (cost view and cash view)."""

    line_id: str
    line_type: str
    description: str | None
    category: str
    entity: str
    component: Component
    cost: FloatArray
    cash: FloatArray


@dataclass(frozen=True)
class PreconditionCheck:
    """Outcome of checking a scenario against one precondition."""

    precondition: str
    ok: bool
    value: float | None
    limit: float | None
    message: str


@dataclass(frozen=True)
class BenchmarkRow:
    """A participant's real baseline cost (first year) per unit of a driver, against a norm."""

    participant: str
    per_inhabitant_eur: float | None
    per_workplace_eur: float | None
    per_fte_eur: float | None
    norm_per_inhabitant_eur: float | None
    norm_per_workplace_eur: float | None
    norm_per_fte_eur: float | None
    norm_source: str


@dataclass(frozen=True)
class EntityResult:
    """Yearly series of one entity (or the consolidated case) in one scenario."""

    key: str
    cost: FloatArray
    cash: FloatArray
    budget: FloatArray
    difference: FloatArray
    cumulative_difference: FloatArray
    cash_difference: FloatArray
    budget_difference: FloatArray
    structural: FloatArray
    one_off: FloatArray
    abcd: dict[str, FloatArray]
    cost_by_category: FloatArray
    components: FloatArray
    investment_outlays: FloatArray
    metrics: Metrics
    difference_vs_today: FloatArray | None = None
    charge_income: FloatArray | None = None
    result: FloatArray | None = None
    charged: FloatArray | None = None
    transferred: FloatArray | None = None
    investment_book_value: FloatArray | None = None
    """Book value at 31 December of the scenario's investments this entity carries, per year
    (its last year is what those investments add to the residual value)."""


@dataclass(frozen=True)
class ScenarioResult:
    """Everything computed for one scenario."""

    id: str
    name: str
    is_baseline: bool
    members: list[str]
    consolidated: EntityResult
    entities: dict[str, EntityResult]
    lines: list[LineAmounts]
    preconditions: list[PreconditionCheck]


@dataclass(frozen=True)
class CaseResult:
    """The result of one case: every scenario, stamped with versions."""

    years: list[int]
    categories: list[str]
    participants: list[str]
    scenarios: list[ScenarioResult]
    benchmark: list[BenchmarkRow]
    engine_version: str
    case_version: str | None
    discount_rate: float = 0.0
    notes: list[str] = field(default_factory=list)

    def scenario(self, scenario_id: str) -> ScenarioResult:
        """The result of the scenario with this id (KeyError when absent)."""
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)
