"""Sensitivity of a scenario: a tornado over every uncertain input and a break-even search.

The tornado sets one input at a time to its low and its high value, with every other input at
its most likely value, and sorts the inputs by the swing of the result (the NPV when the case
has a discount rate, else −Σ difference) — for the consolidated case and per participant. The
break-even search finds, for the case as entered (with the optimism-bias uplift when set), the
smallest extra delay, cost overrun or benefit shortfall that makes the result non-positive:
first on a grid over the range (the smallest grid point that does it), then by bisection
between that point and the one before; None when nothing within the range does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..engine.metrics import TOLERANCE_EUR
from ..engine.results import FloatArray
from ..model import Case
from .montecarlo import CONSOLIDATED, cooperation_scenario, evaluate_outcome
from .variants import Changes, Effect, RiskPlan, risk_plan

GRID_POINTS = 25
"""Grid points of the first pass of the break-even search."""

SEARCH_TOLERANCE_PCT = 0.01
"""Bisection stops when a percentage threshold is known to this precision."""


@dataclass(frozen=True)
class SearchRange:
    """A break-even search: what it varies, over which range, and whether in whole steps."""

    name: str
    label: str
    low: float
    high: float
    whole: bool


SEARCHES = (
    SearchRange("delay_months", "Vertraging (maanden)", 0.0, 120.0, True),
    SearchRange("cost_overrun_pct", "Kostenoverschrijding (%)", 0.0, 300.0, False),
    SearchRange("benefit_shortfall_pct", "Tekort op de baten (%)", 0.0, 100.0, False),
)
"""The three break-even searches with their ranges."""


@dataclass(frozen=True)
class TornadoBar:
    """One input of the tornado: its low and high value and the result at each."""

    name: str
    label: str
    low: float
    high: float
    result_low: float
    result_high: float

    @property
    def swing(self) -> float:
        """How far the result moves between low and high."""
        return abs(self.result_high - self.result_low)


@dataclass(frozen=True)
class SensitivityResult:
    """Tornado and break-even thresholds of one scenario, per entity key (participant ids
    and ``consolidated``). ``center`` is the result with every input at its most likely value,
    ``deterministic`` the result of the case as entered (both with the uplift when set)."""

    scenario_id: str
    scenario_name: str
    discount_rate: float
    costs_uplift_pct: float
    duration_uplift_months: float
    center: dict[str, float]
    deterministic: dict[str, float]
    tornado: dict[str, list[TornadoBar]]
    break_even: dict[str, dict[str, float | None]]

    @property
    def metric(self) -> str:
        """What the result is: ``npv`` (discounted) or ``cumulative``."""
        return "npv" if self.discount_rate > 0 else "cumulative"


def run_sensitivity(case: Case, scenario_id: str | None = None) -> SensitivityResult:
    """The tornado and the break-even thresholds of a scenario (default: the first besides
    the baseline scenario)."""
    plan = risk_plan(case)
    s = cooperation_scenario(plan.case, scenario_id)
    keys = {CONSOLIDATED: plan.cc.n_entities} | {p: i for i, p in enumerate(plan.cc.participants)}
    columns = list(keys.values())
    rows = _tornado_rows(plan)
    changes = [*plan.with_inputs(rows), *plan.uplift(len(rows))]
    results = evaluate_outcome(plan, s, len(rows), changes)
    tornado = {key: _bars(plan, results.result[:, x]) for key, x in keys.items()}
    deterministic = evaluate_outcome(plan, s, 1, plan.uplift(1)).result[0]
    thresholds = {search.name: _search(plan, s, search, columns) for search in SEARCHES}
    cs = plan.cc.scenarios[s]
    return SensitivityResult(
        scenario_id=cs.id,
        scenario_name=cs.name,
        discount_rate=plan.cc.case.cooperation.discount_rate,
        costs_uplift_pct=plan.costs_uplift_pct,
        duration_uplift_months=sum(e.weight for e in plan.duration_effects if e.index[0] == s),
        center={key: float(results.result[0, x]) for key, x in keys.items()},
        deterministic={key: float(deterministic[x]) for key, x in keys.items()},
        tornado=tornado,
        break_even={
            key: {name: found[j] for name, found in thresholds.items()}
            for j, key in enumerate(keys)
        },
    )


def _tornado_rows(plan: RiskPlan) -> FloatArray:
    """Input values ``[1 + 2·inputs, inputs]``: all most likely, then each input low, high."""
    likely = plan.likely()
    rows = [likely]
    for j, inp in enumerate(plan.inputs):
        for value in (inp.low, inp.high):
            row = likely.copy()
            row[j] = value
            rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(plan.inputs))


def _bars(plan: RiskPlan, result: FloatArray) -> list[TornadoBar]:
    bars = [
        TornadoBar(
            inp.name,
            inp.label,
            inp.low,
            inp.high,
            float(result[1 + 2 * j]),
            float(result[2 + 2 * j]),
        )
        for j, inp in enumerate(plan.inputs)
    ]
    return sorted(bars, key=lambda bar: -bar.swing)


def _probe(search: SearchRange, plan: RiskPlan, amounts: FloatArray) -> Changes:
    """The changes that put ``amounts`` of a search into variants."""
    effects: Sequence[Effect]
    if search.name == "delay_months":
        effects, values = plan.delay_effects, amounts
    elif search.name == "cost_overrun_pct":
        effects, values = plan.cost_effects, 100.0 + amounts
    else:
        effects, values = plan.benefit_effects, 100.0 - amounts
    return [(effects, values)]


def _search(plan: RiskPlan, s: int, search: SearchRange, columns: list[int]) -> list[float | None]:
    """Per entity column, the smallest amount within the search range at which the result is
    not positive (0 when it is not positive already); None when there is none."""

    def negative(amounts: FloatArray) -> npt.NDArray[np.bool_]:
        """Whether the result is non-positive ``[amounts, entity]`` at each amount."""
        n = amounts.size
        outcome = evaluate_outcome(plan, s, n, [*_probe(search, plan, amounts), *plan.uplift(n)])
        return np.asarray(outcome.result[:, columns] <= TOLERANCE_EUR)

    grid = np.linspace(search.low, search.high, GRID_POINTS)
    on_grid = negative(grid)
    found = np.asarray(on_grid.any(axis=0), dtype=np.bool_)
    first = np.argmax(on_grid, axis=0)
    lo = grid[np.maximum(first - 1, 0)]
    hi = grid[first]
    open_ = found & (first > 0)
    step = 1.0 if search.whole else SEARCH_TOLERANCE_PCT
    # Bisection on every open bracket at once: one variant per entity, read at its own column.
    while open_.any() and np.max((hi - lo)[open_]) > step:
        mid = (lo + hi) / 2.0
        if search.whole:
            mid = np.floor(mid)
        picked = np.flatnonzero(open_)
        now = negative(mid[picked])[np.arange(picked.size), picked]
        hi[picked] = np.where(now, mid[picked], hi[picked])
        lo[picked] = np.where(now, lo[picked], mid[picked])
    return [float(np.round(h, 2)) if ok else None for h, ok in zip(hi, found, strict=True)]
