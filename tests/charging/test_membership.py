"""Entry and exit: the case recomputed with a member added or removed from a year."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.charging import ChargingError, charge
from samenrekenen.charging.bills import member_bills
from samenrekenen.charging.membership import change_membership, with_members
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.model import Case
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
    assert change.fee_parts["stranded"] == pytest.approx(2 * bill.total_eur[t0 - 1])
    assert change.fees_eur[t0] == pytest.approx(sum(change.fee_parts.values()))
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


def test_the_share_s_book_value_follows_its_investments_by_hand() -> None:
    # kostenreductie: the share buys 1.500.000 in 2026 and 1.200.000 in 2027, indexed by 2%
    # (servers_storage) to 1.224.000; linear over 5 years from the year after the purchase.
    book = calculate(CASE).scenario("kostenreductie").entities["share"].investment_book_value
    assert book is not None
    bought = [1_500_000.0, 1_224_000.0]
    expected = [
        sum(a * max(0.0, 1 - max(0, t - s) / 5) for s, a in enumerate(bought) if s <= t)
        for t in range(6)
    ]
    np.testing.assert_allclose(book[:6], expected)
    assert book[1] == pytest.approx(2_424_000) and book[2] == pytest.approx(1_879_200)


def _with_terms(**terms: float) -> Case:
    assert CASE.charging_design is not None
    design = CASE.charging_design.model_copy(update={"entry_exit": EntryExitTerms(**terms)})
    return CASE.model_copy(update={"charging_design": design})


def test_a_leaver_pays_its_part_of_the_book_value_of_the_common_assets() -> None:
    case = _with_terms(exit_book_value_pct=50, exit_friction_eur=10_000)
    change = change_membership(case, SCENARIO, "gm9010", 2030)
    t0 = change.years.index(2030)
    result = calculate(case)
    share = result.scenario(SCENARIO).entities["share"].investment_book_value
    bills = {
        b.id: b.total_eur[t0 - 1]
        for b in member_bills(case, result, charge(case, result, SCENARIO))
    }
    part = bills["gm9010"] / sum(bills.values())
    assert change.common_assets_eur == pytest.approx(share[t0 - 1])
    assert change.asset_share == pytest.approx(part)
    assert change.fee_parts["book_value"] == pytest.approx(0.5 * part * share[t0 - 1])
    assert change.fee_parts["friction"] == 10_000
    assert change.fees_eur[t0] == pytest.approx(sum(change.fee_parts.values()))


def test_a_newcomer_buys_into_the_assets_the_members_financed() -> None:
    case = _with_terms(joining_book_value_pct=100, connection_cost_eur=50_000)
    change = change_membership(case, "minder-meerkosten-vier", "gm9003", 2028)
    t0 = change.years.index(2028)
    before = calculate(case).scenario("minder-meerkosten-vier").entities["share"]
    assert before.investment_book_value is not None
    assert change.common_assets_eur == pytest.approx(before.investment_book_value[t0 - 1])
    after_case = with_members(case, "minder-meerkosten-vier", change.members_after)
    after = calculate(after_case)
    bills = {
        b.id: b.total_eur[t0]
        for b in member_bills(
            after_case, after, charge(after_case, after, "minder-meerkosten-vier")
        )
    }
    assert change.asset_share == pytest.approx(bills["gm9003"] / sum(bills.values()))
    assert change.fee_parts == {
        "connection": 50_000,
        "joining_fee": 0.0,
        "book_value": pytest.approx(change.asset_share * change.common_assets_eur),
    }
    # Joining in the first year there is nothing financed yet to buy into.
    first = change_membership(case, "minder-meerkosten-vier", "gm9003", change.years[0])
    assert first.common_assets_eur == 0 and first.fee_parts["book_value"] == 0
