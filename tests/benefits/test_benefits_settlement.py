"""The charging settlement run on actuals: plan tariffs on actual volumes, then the settlement
of the rest, adding up to the share's actual costs to the cent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenrekenen.benefits import settle_on_actuals
from samenrekenen.charging import ChargingError
from samenrekenen.engine.results import CaseResult
from samenrekenen.model import Actuals, Case, CostActual, VolumeActual

YEAR = 2027


def _with_actuals(case: Case, costs: dict[str, float], volumes: dict[str, float]) -> Case:
    actuals = Actuals(
        scenario="minder-meerkosten",
        costs=[
            CostActual(entity="share", category=c, year=YEAR, amount_eur=a)
            for c, a in costs.items()
        ],
        volumes=[
            VolumeActual(participant=p, driver="werkplek", year=YEAR, value=v)
            for p, v in volumes.items()
        ],
    )
    return case.model_copy(update={"actuals": actuals})


def test_the_demo_settlement_reconciles_with_the_actual_share_costs(
    demo: Case, demo_result: CaseResult
) -> None:
    settled = settle_on_actuals(demo, demo_result)
    assert settled.years == [YEAR]
    t = settled.year_index(YEAR)
    assert demo.actuals is not None
    actual_cost = sum(c.amount_eur for c in demo.actuals.costs if c.entity == "share")
    assert settled.actual.share_cost_eur[t] == pytest.approx(actual_cost)
    assert round(float(settled.actual.total_eur[:, t].sum()), 2) == round(actual_cost, 2)
    assert settled.actual.uncovered_eur()[t] == 0.0


def test_invoices_use_the_plan_tariffs_and_the_actual_volumes(
    demo: Case, demo_result: CaseResult
) -> None:
    case = _with_actuals(demo, {"software": 15_000_000.0}, {"gm9001": 42.0})
    settled = settle_on_actuals(case, demo_result)
    t = settled.year_index(YEAR)
    k = [p.id for p in settled.actual.products].index("werkplek")
    tariff = settled.plan.products[k].tariff_eur[t]
    assert settled.actual.products[k].tariff_eur[t] == pytest.approx(tariff)
    m = settled.actual.members.index("gm9001")  # 42 workplaces measured, 40 planned
    assert settled.actual.invoices_eur[k, m, t] == pytest.approx(42 * tariff, abs=0.01)
    assert settled.plan.invoices_eur[k, m, t] == pytest.approx(40 * tariff, abs=0.01)


def test_years_without_actual_share_costs_keep_the_plan(
    demo: Case, demo_result: CaseResult
) -> None:
    settled = settle_on_actuals(demo, demo_result)
    t = settled.actual.years.index(2030)
    np.testing.assert_allclose(settled.actual.share_cost_eur[t], settled.plan.share_cost_eur[t])


def test_a_case_without_charging_design_cannot_be_settled(small: Case) -> None:
    from samenrekenen.engine import calculate

    with pytest.raises(ChargingError):
        settle_on_actuals(small, calculate(small))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    factors=st.lists(st.floats(0.5, 1.5), min_size=7, max_size=7),
    volumes=st.lists(st.integers(0, 400), min_size=3, max_size=3),
)
def test_settlement_on_any_actuals_adds_up_to_the_actual_costs_to_the_cent(
    demo: Case, demo_result: CaseResult, factors: list[float], volumes: list[int]
) -> None:
    share = demo_result.scenario("minder-meerkosten").entities["share"]
    t = demo_result.years.index(YEAR)
    costs = {
        category: round(float(share.cost_by_category[k, t]) * factor, 2)
        for (k, category), factor in zip(enumerate(demo_result.categories), factors, strict=False)
    }
    volume_of = dict(zip(("gm9001", "gm9002", "gm9003"), map(float, volumes), strict=True))
    settled = settle_on_actuals(_with_actuals(demo, costs, volume_of), demo_result)
    billed = settled.actual.total_eur[:, t]
    assert round(float(billed.sum()), 2) == round(sum(costs.values()), 2)
    assert np.allclose(billed * 100, np.round(billed * 100), atol=1e-6)  # whole cents
