"""Properties the engine must have on every valid case (docs/calculation.md, domain §2.5)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, note
from hypothesis import strategies as st
from strategies import Options, cases, decimals

from samenrekenen.engine import calculate
from samenrekenen.engine.metrics import irr
from samenrekenen.engine.results import Component
from samenrekenen.engine.rounding import largest_remainder
from samenrekenen.model import MEMBERS, SHARE, Case, OneOffCost, Scenario, StructuralCost

ABS, REL = 1e-6, 1e-9
CHARGED = (Component.CHARGED_B, Component.CHARGED_C, Component.CHARGED_D)
OWN = [c for c in Component if c not in CHARGED]

CONSTANT_WORLD = Options(
    zero_indexation=True,
    constant_drivers=True,
    constant_baseline=True,
    retirements=False,
    replace_and_remove=False,
    always_extend=True,
)
"""Constant prices and volumes, a baseline whose lines do not vary over time, no asset
retirements, and scenarios that extend the baseline and only add lines (so every difference is
an effect of their own lines)."""


def assert_close(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    assert np.allclose(actual, expected, rtol=REL, atol=ABS), f"{what}: {actual} != {expected}"


@given(cases())
def test_consolidated_cost_is_the_sum_of_every_bearers_own_costs(case: Case) -> None:
    result = calculate(case)
    for scenario in result.scenarios:
        own = sum(scenario.entities[e].components[OWN].sum(axis=(0, 1)) for e in scenario.entities)
        assert_close(scenario.consolidated.cost, own, f"{scenario.id} consolidated")


@given(cases())
def test_b_plus_c_plus_d_is_the_difference_every_year(case: Case) -> None:
    result = calculate(case)
    for scenario in result.scenarios:
        for key, entity in [*scenario.entities.items(), ("consolidated", scenario.consolidated)]:
            abcd = entity.abcd
            assert_close(
                abcd["b"] + abcd["c"] + abcd["d"], entity.difference, f"{scenario.id}/{key} abcd"
            )


@given(cases(), st.data())
def test_scenario_identical_to_the_baseline_has_no_difference_and_no_break_even(
    case: Case, data: st.DataObject
) -> None:
    baseline = case.baseline_scenario
    twin = Scenario(
        id="twin",
        name="Twin",
        extends=baseline.id,
        delay_months=data.draw(st.integers(0, 30)),
    )
    result = calculate(case.model_copy(update={"scenarios": [*case.scenarios, twin]}))
    scenario = result.scenario("twin")
    for key, entity in [*scenario.entities.items(), ("consolidated", scenario.consolidated)]:
        assert np.all(np.abs(entity.difference) <= ABS), key
        assert entity.metrics.break_even_year is None, key
        assert entity.metrics.break_even_is_estimate is False, key


@given(
    cases(
        Options(zero_indexation=True, constant_drivers=True, constant_baseline=True, assets=False)
    )
)
def test_constant_prices_volumes_and_fixed_lines_give_a_flat_baseline(case: Case) -> None:
    result = calculate(case)
    baseline = result.scenario(case.baseline_scenario.id)
    for key, entity in [*baseline.entities.items(), ("consolidated", baseline.consolidated)]:
        assert_close(entity.cost, np.full_like(entity.cost, entity.cost[0]), f"{key} flat")


@given(cases(CONSTANT_WORLD), st.data())
def test_delay_of_whole_years_shifts_every_effect(case: Case, data: st.DataObject) -> None:
    others = [s for s in case.scenarios if s.id != case.baseline_scenario.id]
    target = data.draw(st.sampled_from(others))
    years = data.draw(st.integers(1, 2))

    def with_delay(months: int) -> Case:
        scenarios = [
            s.model_copy(update={"delay_months": months}) if s.id == target.id else s
            for s in case.scenarios
        ]
        return case.model_copy(update={"scenarios": scenarios})

    on_time = calculate(with_delay(0)).scenario(target.id)
    delayed = calculate(with_delay(12 * years)).scenario(target.id)
    for key in [*on_time.entities, "consolidated"]:
        a = on_time.consolidated if key == "consolidated" else on_time.entities[key]
        b = delayed.consolidated if key == "consolidated" else delayed.entities[key]
        assert_close(b.difference[:years], np.zeros(years), f"{key} first {years} years")
        assert_close(b.difference[years:], a.difference[:-years], f"{key} shifted")


@given(cases(), st.data())
def test_adding_a_cost_never_lowers_the_consolidated_total(case: Case, data: st.DataObject) -> None:
    scenario = data.draw(st.sampled_from(case.scenarios))
    pids = [p.id for p in case.participants]
    bearers = [*pids, MEMBERS] if scenario.is_baseline else [SHARE, MEMBERS, *pids]
    fields = {
        "id": "added-cost",
        "bearer": data.draw(st.sampled_from(bearers)),
        "category": data.draw(st.sampled_from([c.id for c in case.categories])),
        "values": {data.draw(st.sampled_from(case.cooperation.years)): data.draw(decimals(1, 1e6))},
    }
    if data.draw(st.booleans()):
        added = {"one_off_costs": [*scenario.one_off_costs, OneOffCost(**fields)]}
    else:
        added = {"structural_costs": [*scenario.structural_costs, StructuralCost(**fields)]}
    scenarios = [s.model_copy(update=added) if s.id == scenario.id else s for s in case.scenarios]
    before = calculate(case).scenario(scenario.id).consolidated.cost.sum()
    after = calculate(case.model_copy(update={"scenarios": scenarios}))
    total = after.scenario(scenario.id).consolidated.cost.sum()
    assert total >= before - ABS - REL * abs(before)


@given(
    decimals(-1e7, 1e7, places=4),
    st.lists(st.one_of(st.just(0.0), decimals(0, 1e6, places=3)), min_size=1, max_size=8),
)
@example(434.695, [0.0])  # binary 434.69499…: round(total, 2) is 434.69
def test_largest_remainder_parts_add_up_exactly_and_stay_within_a_cent(
    total: float, weights: list[float]
) -> None:
    ids = [f"p{i}" for i in range(len(weights))]
    parts = largest_remainder(total, weights, ids)
    cents = [round(p * 100) for p in parts]
    assert all(math.isclose(p * 100, c, abs_tol=1e-6) for p, c in zip(parts, cents, strict=True))
    assert sum(cents) == round(round(total, 2) * 100)
    weight_sum = sum(weights)
    shares = (
        [w / weight_sum for w in weights] if weight_sum > 0 else [1 / len(weights)] * len(weights)
    )
    rounded = round(total, 2)
    for part, share in zip(parts, shares, strict=True):
        assert abs(part - rounded * share) < 0.01 + 1e-9


@given(cases())
def test_the_book_value_of_investments_ends_in_what_they_leave_at_the_horizon(case: Case) -> None:
    # The share owns no baseline assets and retires none: its residual value is exactly the
    # book value of its investments at the end of the horizon.
    result = calculate(case)
    for scenario in result.scenarios:
        share = scenario.entities[SHARE]
        assert share.investment_book_value is not None
        assert math.isclose(
            share.investment_book_value[-1], share.metrics.residual_value, rel_tol=REL, abs_tol=ABS
        ), scenario.id
        total = sum(e.investment_book_value for e in scenario.entities.values())
        assert_close(scenario.consolidated.investment_book_value, total, f"{scenario.id} total")


@given(
    st.lists(st.floats(1.0, 1e7), min_size=1, max_size=15),
    st.lists(st.floats(1.0, 1e7), min_size=1, max_size=25),
    st.booleans(),
)
def test_the_irr_of_flows_with_one_sign_change_discounts_them_to_zero(
    costs: list[float], returns: list[float], flipped: bool
) -> None:
    flows = np.array([-c for c in costs] + returns) * (-1.0 if flipped else 1.0)
    powers = np.arange(flows.size)
    ends = [np.sign((flows * x**powers).sum()) for x in (1e-6, 1e6)]
    rate = float(irr(flows[None])[0])
    if ends[0] == ends[1]:
        assert math.isnan(rate)
        return
    note(f"flows {flows.tolist()} rate {rate}")
    discounted = flows * (1.0 + rate) ** -powers
    assert abs(discounted.sum()) <= 1e-7 * np.abs(discounted).sum()
