"""Tornado and break-even search on a case whose thresholds are known by hand."""

from __future__ import annotations

import pytest
from risk_cases import threshold_case

from samenrekenen.demo import demo_case
from samenrekenen.model import Bandwidth, OptimismBias, Uncertainty
from samenrekenen.risk import run_sensitivity

ONE_OFF = "scenarios[samen].one_off_costs[project].values"
BENEFIT = "scenarios[samen].benefits[inkoopvoordeel].values.2027"


def test_the_break_even_search_finds_the_known_thresholds() -> None:
    result = run_sensitivity(threshold_case(), "samen")
    for key in ("consolidated", "gm0001", "gm0002"):
        found = result.break_even[key]
        assert found["delay_months"] == 24
        assert found["cost_overrun_pct"] == pytest.approx(200 / 3, abs=0.011)
        assert found["benefit_shortfall_pct"] == pytest.approx(40.0, abs=0.011)


def test_a_threshold_beyond_the_range_is_none_and_a_negative_case_is_at_zero() -> None:
    # Over 30 years the benefit outweighs any delay up to 120 months.
    long = run_sensitivity(threshold_case(horizon_years=30), "samen")
    assert long.break_even["consolidated"]["delay_months"] is None
    # A 100% uplift makes the project cost € 600 > € 500: negative before any change.
    bias = Uncertainty(optimism_bias=OptimismBias(costs_pct=100))
    negative = run_sensitivity(threshold_case(bias), "samen")
    assert negative.deterministic["consolidated"] == pytest.approx(-100.0)
    assert negative.break_even["consolidated"] == {
        "delay_months": 0.0,
        "cost_overrun_pct": 0.0,
        "benefit_shortfall_pct": 0.0,
    }


def test_the_tornado_moves_one_input_at_a_time_and_sorts_by_swing() -> None:
    bandwidths = [
        Bandwidth(path=ONE_OFF, low=90, likely=100, high=120),
        Bandwidth(path=BENEFIT, low=50, likely=100, high=110),
    ]
    result = run_sensitivity(threshold_case(Uncertainty(bandwidths=bandwidths)), "samen")
    assert result.center["consolidated"] == pytest.approx(200.0)
    bars = result.tornado["consolidated"]
    assert [b.name for b in bars] == [BENEFIT, ONE_OFF]
    assert (bars[0].result_low, bars[0].result_high) == pytest.approx((-50.0, 250.0))
    assert (bars[1].result_low, bars[1].result_high) == pytest.approx((230.0, 140.0))
    assert bars[0].swing == pytest.approx(300.0)
    # Each participant bears its share (inhabitants 3:1) of every result.
    assert result.tornado["gm0001"][0].swing == pytest.approx(225.0)


def test_the_demo_has_a_tornado_and_thresholds_for_every_participant() -> None:
    case = demo_case()
    result = run_sensitivity(case, "minder-meerkosten")
    assert set(result.tornado) == {"consolidated", *(p.id for p in case.participants)}
    swings = [b.swing for b in result.tornado["consolidated"]]
    assert swings == sorted(swings, reverse=True)
    assert len(swings) == len(case.uncertainty.bandwidths) + 3  # type: ignore[union-attr]


def test_the_baseline_scenario_cannot_be_analysed() -> None:
    with pytest.raises(ValueError, match="ongewijzigd beleid zelf"):
        run_sensitivity(threshold_case(), "alleen")
    with pytest.raises(ValueError, match="onbekend scenario 'nergens'"):
        run_sensitivity(threshold_case(), "nergens")
