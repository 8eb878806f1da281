"""Entry and exit: the case recomputed with a member added or removed from a year."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.charging import ChargingError, charge
from samenrekenen.charging.bills import member_bills
from samenrekenen.charging.membership import change_membership, with_members
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.model.charging import EntryExitTerms

CASE = demo_case()
SCENARIO = "minder-meerkosten"


def test_removing_and_readding_a_member_restores_the_results_exactly() -> None:
    original = calculate(CASE)
    members = original.scenario(SCENARIO).members
    without = with_members(CASE, SCENARIO, [m for m in members if m != "gm9005"])
    assert "gm9005" not in calculate(without).scenario(SCENARIO).members
    restored = calculate(with_members(without, SCENARIO, members))
    for scenario in original.scenarios:
        again = restored.scenario(scenario.id)
        for key, entity in scenario.entities.items():
            assert np.array_equal(entity.cost, again.entities[key].cost), (scenario.id, key)
        assert np.array_equal(scenario.consolidated.cost, again.consolidated.cost)


def test_exit_keeps_the_years_before_and_pays_the_stranded_years() -> None:
    change = change_membership(CASE, SCENARIO, "gm9010", 2030)
    t0 = change.years.index(2030)
    assert not change.joins
    assert np.array_equal(change.after_eur[:, :t0], change.before_eur[:, :t0])
    result = calculate(CASE)
    bill = {b.id: b for b in member_bills(CASE, result, charge(CASE, result, SCENARIO))}["gm9010"]
    # Four years in (2026–2029): the step from three years, two stranded years.
    assert change.fees_eur[t0] == pytest.approx(2 * bill.total_eur[t0 - 1])
    leaver = change.participants.index("gm9010")
    alone = np.asarray(result.scenario(CASE.baseline_scenario.id).entities["gm9010"].cost)
    assert change.after_eur[leaver, t0 + 1 :] == pytest.approx(alone[t0 + 1 :])
    assert change.after_eur[leaver, t0] == pytest.approx(alone[t0] + change.fees_eur[t0])
    assert "gm9010" not in change.members_after


def test_the_fee_goes_to_the_other_members() -> None:
    change = change_membership(CASE, SCENARIO, "gm9010", 2030)
    t0 = change.years.index(2030)
    plain = with_members(CASE, SCENARIO, change.members_after)
    result = calculate(plain)
    bills = {b.id: b for b in member_bills(plain, result, charge(plain, result, SCENARIO))}
    others = [p for p in change.members_after]
    received = sum(
        bills[p].cost_eur[t0] - change.after_eur[change.participants.index(p), t0] for p in others
    )
    assert received == pytest.approx(change.fees_eur[t0])


def test_entry_pays_connection_costs_and_joining_fee() -> None:
    assert CASE.charging_design is not None
    terms = EntryExitTerms(connection_cost_eur=50000, joining_fee_eur=25000)
    design = CASE.charging_design.model_copy(update={"entry_exit": terms})
    case = CASE.model_copy(update={"charging_design": design})
    change = change_membership(case, "minder-meerkosten-vier", "gm9003", 2028)
    assert change.joins and "gm9003" in change.members_after
    t0 = change.years.index(2028)
    assert change.fees_eur[t0] == 75000 and change.fees_eur.sum() == 75000
    outside = change.participants.index("gm9001")
    assert np.array_equal(change.effect_eur[outside], np.zeros(len(change.years)))


def test_bad_requests_are_dutch_errors() -> None:
    with pytest.raises(ChargingError, match="bestaat niet"):
        change_membership(CASE, SCENARIO, "gm0000", 2030)
    with pytest.raises(ChargingError, match="ligt buiten de looptijd"):
        change_membership(CASE, SCENARIO, "gm9001", 2050)
    two = with_members(CASE, SCENARIO, ["gm9001", "gm9002"])
    with pytest.raises(ChargingError, match="minder dan twee"):
        change_membership(two, SCENARIO, "gm9001", 2030)
