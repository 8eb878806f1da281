"""Monte Carlo through the engine's batch axis: reproducible, exact at zero bandwidth, a
delay of whole years shifts the case, and percentiles count never-breaking-even draws as late."""

from __future__ import annotations

import numpy as np
import pytest
from risk_cases import threshold_case

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.model import (
    Bandwidth,
    Case,
    DelayDistribution,
    OptimismBias,
    Risk,
    Spread,
    Uncertainty,
)
from samenrekenen.risk import run_monte_carlo
from samenrekenen.risk.montecarlo import break_even_percentiles

DRAWS = 300


def _zero_width(case: Case) -> Case:
    """The demo with every bandwidth at its entered value and no register lines."""
    u = case.uncertainty
    assert u is not None
    zero = u.model_copy(
        update={
            "bandwidths": [
                b.model_copy(update={"low": b.likely, "high": b.likely}) for b in u.bandwidths
            ],
            "delay": DelayDistribution(low=0, likely=0, high=0),
            "benefit_realisation": Spread(low=100, likely=100, high=100),
            "staff_savings_probability": 1.0,
        }
    )
    return case.model_copy(update={"uncertainty": zero, "risks": []})


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    case = demo_case()
    first = run_monte_carlo(case, "minder-meerkosten", draws=DRAWS, seed=5)
    again = run_monte_carlo(case, "minder-meerkosten", draws=DRAWS, seed=5)
    other = run_monte_carlo(case, "minder-meerkosten", draws=DRAWS, seed=6)
    assert np.array_equal(first.draws_outcome.result, again.draws_outcome.result, equal_nan=True)
    assert first.consolidated == again.consolidated
    assert not np.array_equal(
        first.draws_outcome.result, other.draws_outcome.result, equal_nan=True
    )


def test_without_a_seed_the_seed_used_is_reported_and_repeats_the_run() -> None:
    case = demo_case().model_copy(update={"uncertainty": Uncertainty(draws=50)})
    run = run_monte_carlo(case, "kostenreductie")
    again = run_monte_carlo(case, "kostenreductie", seed=run.seed)
    assert run.draws == 50
    assert np.array_equal(run.draws_outcome.result, again.draws_outcome.result, equal_nan=True)


@pytest.mark.parametrize(
    "scenario", ["kostenreductie", "minder-meerkosten", "minder-meerkosten-vier"]
)
def test_with_zero_bandwidth_every_draw_equals_the_deterministic_case(scenario: str) -> None:
    case = _zero_width(demo_case())
    run = run_monte_carlo(case, scenario, draws=DRAWS, seed=1)
    expected = calculate(case).scenario(scenario)
    entities = [*expected.entities.values(), expected.consolidated]
    npv = np.array([e.metrics.npv if e.key != "share" else np.nan for e in entities])
    cumulative = np.array([e.cumulative_difference for e in entities])
    outcome = run.draws_outcome
    for draw in range(DRAWS):
        assert np.allclose(outcome.npv[draw], npv, rtol=1e-9, atol=1e-4, equal_nan=True)
        assert np.allclose(outcome.cumulative[draw], cumulative, rtol=1e-9, atol=1e-4)
    years = [e.metrics.break_even_year for e in entities]
    drawn = [None if np.isnan(y) else int(y) for y in outcome.break_even_year[0]]
    assert drawn == years
    assert run.consolidated.p_positive == float(expected.consolidated.metrics.npv > 0)


@pytest.mark.parametrize("years", [1, 2])
def test_a_delay_of_whole_years_shifts_the_case_by_those_years(years: int) -> None:
    delay = DelayDistribution(low=12 * years, likely=12 * years, high=12 * years)
    case = threshold_case(Uncertainty(delay=delay), horizon_years=8)
    run = run_monte_carlo(case, "samen-plus", draws=20, seed=3)
    on_time = calculate(case).scenario("samen-plus")
    expected = [*[e.difference for e in on_time.entities.values()], on_time.consolidated.difference]
    for draw in range(20):
        difference = np.diff(run.draws_outcome.cumulative[draw], axis=-1, prepend=0.0)
        for x in (0, 1, 3):  # both participants and the consolidated case
            assert np.allclose(difference[x, :years], 0.0, atol=1e-9)
            assert np.allclose(difference[x, years:], expected[x][:-years], atol=1e-9)


def test_break_even_percentiles_count_never_as_later_than_any_year() -> None:
    years = np.array([2030.0] * 50 + [2032.0] * 35 + [np.nan] * 15)
    assert break_even_percentiles(years) == {"p10": 2030, "p50": 2030, "p90": None}
    assert break_even_percentiles(np.full(10, np.nan)) == {"p10": None, "p50": None, "p90": None}


def test_the_probability_of_success_follows_the_result_of_each_draw() -> None:
    spread = Bandwidth(
        path="scenarios[samen].one_off_costs[project].values", low=50, likely=150, high=250
    )
    run = run_monte_carlo(
        threshold_case(Uncertainty(bandwidths=[spread])), "samen", draws=2000, seed=2
    )
    result = run.draws_outcome.result[:, -1]
    assert run.metric == "cumulative"
    assert run.consolidated.p_positive == pytest.approx(np.mean(result > 0.005))
    # Positive while the project costs less than € 500, 166,7% of its € 300: for a triangular
    # distribution 50/150/250 that is 1 − (250 − 166,7)² / (200 · 100) = 0,653.
    assert run.consolidated.p_positive == pytest.approx(1 - (250 - 500 / 3) ** 2 / 20000, abs=0.03)


def test_optimism_bias_is_applied_and_reported_beside_the_result_without_it() -> None:
    bias = OptimismBias(costs_pct=50)
    run = run_monte_carlo(
        threshold_case(Uncertainty(optimism_bias=bias)), "samen", draws=10, seed=1
    )
    assert run.costs_uplift_pct == 50
    assert run.consolidated.deterministic["result"] == pytest.approx(200.0)
    assert run.consolidated.deterministic_with_uplift is not None
    assert run.consolidated.deterministic_with_uplift["result"] == pytest.approx(50.0)
    assert np.allclose(run.draws_outcome.result[:, -1], 50.0)


def test_a_duration_uplift_adds_months_of_the_realisation_time_to_the_delay() -> None:
    case = demo_case().model_copy(
        update={
            "uncertainty": Uncertainty(optimism_bias=OptimismBias(duration_pct=50)),
            "risks": [],
        }
    )
    run = run_monte_carlo(case, "kostenreductie", draws=5, seed=1)
    assert run.duration_uplift_months == 6  # half of the 12 months until the knip of 2027


def test_the_register_brings_its_reserve_and_mitigation_into_the_risk_results() -> None:
    risk = Risk(
        id="tegenvaller",
        description="Tegenvaller",
        probability=0.5,
        impact_eur=100.0,
        mitigation_cost_eur=20.0,
        include_reserve=True,
        include_mitigation_cost=True,
        category="ict",
    )
    case = threshold_case().model_copy(update={"risks": [risk]})
    run = run_monte_carlo(case, "samen", draws=5, seed=1)
    assert run.consolidated.deterministic["result"] == pytest.approx(200.0 - 50.0 - 20.0)
    assert run.register.in_case_eur == pytest.approx(70.0)
    assert run.register.expected_eur == pytest.approx(50.0)
    # The deterministic results of the case itself do not change.
    assert -calculate(case).scenario("samen").consolidated.cumulative_difference[
        -1
    ] == pytest.approx(200.0)
