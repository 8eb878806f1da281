"""Bandwidth paths map to the engine's variant arrays; inherited lines move together."""

from __future__ import annotations

import numpy as np
import pytest
from risk_cases import threshold_case

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate, compile_case, evaluate_batch, single_variant
from samenrekenen.model import Bandwidth, Case, Scenario, StructuralCost, Uncertainty
from samenrekenen.model.risk_validation import resolve_path
from samenrekenen.risk import risk_plan
from samenrekenen.risk.montecarlo import evaluate_outcome
from samenrekenen.risk.variants import EffectKind


def _plan_with(case: Case, *paths: str) -> list[tuple[int, ...]]:
    bandwidths = [Bandwidth(path=p, low=0, likely=1, high=2) for p in paths]
    plan = risk_plan(case.model_copy(update={"uncertainty": Uncertainty(bandwidths=bandwidths)}))
    return [e.index for e in plan.inputs[0].effects]


def test_a_bandwidth_on_a_parent_line_moves_it_in_every_scenario_that_inherits_it() -> None:
    places = _plan_with(threshold_case(), "scenarios[samen].one_off_costs[project].values.2026")
    scenarios = {index[0] for index in places}
    assert scenarios == {1, 2}  # samen and samen-plus, not the baseline scenario


def test_a_child_that_replaces_the_line_keeps_its_own() -> None:
    case = threshold_case()
    plus = case.scenarios[2].model_copy(
        update={
            "structural_costs": [StructuralCost(id="beheer", category="ict", values={2026: 5.0})]
        }
    )
    replaced = Scenario(
        id="samen-anders",
        name="Anders",
        extends="samen-plus",
        structural_costs=[StructuralCost(id="beheer", category="ict", values={2026: 7.0})],
    )
    case = case.model_copy(update={"scenarios": [*case.scenarios[:2], plus, replaced]})
    places = _plan_with(case, "scenarios[samen-plus].structural_costs[beheer].values")
    assert {index[0] for index in places} == {2}


def test_baseline_amounts_and_drivers_move_their_own_cell() -> None:
    case = demo_case()
    cc = compile_case(case)
    places = _plan_with(case, "participants[gm9003].baseline.costs[software].visible_eur")
    assert places == [(2, cc.categories.index("software"))]
    drivers = _plan_with(case, "participants[gm9003].drivers.inhabitants")
    assert drivers == [(cc.driver_names.index("inhabitants"), 2)]


def test_variants_at_the_entered_values_equal_the_single_variant() -> None:
    plan = risk_plan(demo_case().model_copy(update={"risks": []}))
    variants = plan.variants(3, plan.with_inputs(np.tile(_entered(plan), (3, 1))))
    assert variants.drivers is not None  # the demo has a driver bandwidth
    one = single_variant(plan.cc)
    assert np.allclose(variants.visible, one.visible)
    assert np.allclose(variants.drivers, plan.cc.drivers[None])
    for s, values in enumerate(variants.values):
        assert np.allclose(values, one.values[s])


def _entered(plan: object) -> np.ndarray:
    """Every demo input at the value that leaves the case as entered."""
    entered = {"delay": 0.0, "benefit_realisation": 100.0, "staff_savings": 1.0}
    return np.array([entered.get(i.name, i.likely) for i in plan.inputs])  # type: ignore[attr-defined]


def test_drivers_in_the_variants_give_the_same_results_as_the_compiled_ones() -> None:
    cc = compile_case(demo_case())
    one = single_variant(cc)
    with_drivers = type(one)(
        one.visible, one.hidden, one.values, one.members, one.delay_months, cc.drivers[None].copy()
    )
    a = evaluate_batch(cc, one)
    b = evaluate_batch(cc, with_drivers)
    assert np.array_equal(a.npv, b.npv, equal_nan=True)
    assert np.array_equal(a.cost, b.cost)
    lean = evaluate_batch(cc, one, scenarios=[2, 0], per_category=False)
    assert np.allclose(lean.cost[:, 0], a.cost[:, 2], rtol=1e-12)
    assert np.allclose(lean.npv[:, 1], a.npv[:, 0], equal_nan=True)


def test_the_staff_switch_drops_only_the_planned_savings() -> None:
    case = demo_case().model_copy(
        update={"uncertainty": Uncertainty(staff_savings_probability=0.5)}
    )
    plan = risk_plan(case)
    switch = plan.inputs[0]
    assert {e.kind for e in switch.effects} == {EffectKind.SAVINGS}
    variants = plan.variants(2, plan.with_inputs(np.array([[1.0], [0.0]])))
    for effect in switch.effects:
        s, line = effect.index
        realised, dropped = variants.values[s][:, line]
        assert realised.min() < 0
        assert np.array_equal(dropped, np.maximum(realised, 0.0))


@pytest.mark.parametrize(
    ("path", "moves_result"),
    [
        ("scenarios[kostenreductie].transfers[knip-ict].values.2027", True),
        ("scenarios[kostenreductie].level_changes[besparing-servers].values.2028", True),
        ("scenarios[minder-meerkosten].markups[implementatie-platform].values", True),
        ("scenarios[kostenreductie].staff_changes[formatie-bedrijfsbureau].cost_per_fte_eur", True),
        # Staff cost moves alike alone and together (no level change on it): only the baseline.
        ("participants[gm9001].baseline.staffing[Technisch beheer].fte", False),
        ("participants[gm9001].drivers.accounts", False),  # no line uses accounts
    ],
)
def test_every_kind_of_path_moves_its_input(path: str, moves_result: bool) -> None:
    case = demo_case().model_copy(update={"risks": []})
    entered = resolve_path(case, path).value
    likely = 100.0 if entered is None else entered
    bandwidth = Bandwidth(path=path, low=0.5 * likely, likely=likely, high=1.5 * likely)
    plan = risk_plan(case.model_copy(update={"uncertainty": Uncertainty(bandwidths=[bandwidth])}))
    changes = plan.with_inputs(np.array([[likely], [0.5 * likely]]))
    variants = plan.variants(2, changes)
    arrays = [variants.visible, *variants.values, variants.drivers]
    assert any(not np.allclose(a[0], a[1]) for a in arrays if a is not None)
    outcome = evaluate_outcome(plan, 2, 2, changes)
    as_entered, moved = outcome.result[:, -1]
    npv = calculate(case).scenario("minder-meerkosten").consolidated.metrics.npv
    assert as_entered == pytest.approx(npv)
    assert (moved != pytest.approx(as_entered)) is moves_result
