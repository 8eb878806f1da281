"""The fairness analysis of a case: allocations side by side, checked against the game."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.charging import charge
from samenrekenen.charging.bills import member_bills
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.fairness.analysis import analyse_fairness
from samenrekenen.fairness.coalitions import case_game

SCENARIO = "minder-meerkosten"
CASE = demo_case()


def _discount(n: int) -> np.ndarray:
    return (1.0 + CASE.cooperation.discount_rate) ** -np.arange(n, dtype=np.float64)


def test_chosen_charging_is_the_charging_design_where_it_applies() -> None:
    report = analyse_fairness(case_game(CASE, SCENARIO))
    result = calculate(CASE)
    bills = member_bills(CASE, result, charge(CASE, result, SCENARIO))
    expected = [bill.cost_eur @ _discount(len(result.years)) for bill in bills]
    chosen = report.allocation("charging")
    assert chosen is not None and chosen.check is not None
    assert chosen.amounts_eur == pytest.approx(expected)
    assert chosen.check.efficient


def test_without_a_design_the_engines_simple_keys_are_the_chosen_charging() -> None:
    case = CASE.model_copy(update={"charging_design": None})
    report = analyse_fairness(case_game(case, SCENARIO))
    scenario = calculate(case).scenario(SCENARIO)
    expected = [
        np.asarray(scenario.entities[p].cost) @ _discount(len(scenario.consolidated.cost))
        for p in report.players
    ]
    chosen = report.allocation("charging")
    assert chosen is not None
    assert chosen.amounts_eur == pytest.approx(expected)


def test_every_allocation_splits_the_grand_coalitions_cost() -> None:
    report = analyse_fairness(case_game(CASE, SCENARIO))
    for allocation in report.allocations:
        assert allocation.amounts_eur.sum() == pytest.approx(report.grand_cost_eur, abs=0.05)
    nucleolus = report.allocation("nucleolus")
    assert report.core_nonempty and nucleolus is not None and nucleolus.check is not None
    assert nucleolus.check.in_core
    assert report.compensation is not None
    assert report.compensation.transfers.sum() == pytest.approx(0.0, abs=0.05)
