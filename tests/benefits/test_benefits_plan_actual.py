"""Plan versus actual, indicators against targets, and non-monetised benefits."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.benefits import TOTAL, decided_scenario, indicator_progress, plan_actual
from samenrekenen.engine import calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.model import Case


def test_plan_versus_actual_costs_match_a_hand_calculation(small: Case) -> None:
    comparison = plan_actual(small, calculate(small))
    assert comparison.scenario_id == "samen"
    assert comparison.years == [2027]
    rows = {(r.entity, r.category): r for r in comparison.costs}
    share = rows[("share", "werkplek")]
    # The share took over € 100.000 and spent € 110.000.
    assert (share.plan_eur, share.actual_eur) == pytest.approx((100000, 110000))
    assert share.difference_eur == pytest.approx(10000)
    assert share.difference_pct == pytest.approx(10.0)
    # The municipality is charged € 100.000 (its plan before the benefit) and spent € 95.000.
    own = rows[("gm0001", "werkplek")]
    assert (own.plan_eur, own.difference_eur, own.difference_pct) == pytest.approx(
        (100000, -5000, -5.0)
    )
    assert set(rows) == {("share", "werkplek"), ("gm0001", "werkplek")}


def test_entity_totals_add_up_their_categories(demo: Case, demo_result: CaseResult) -> None:
    comparison = plan_actual(demo, demo_result)
    for total in comparison.entity_totals():
        assert total.category == TOTAL
        parts = [r for r in comparison.costs if (r.entity, r.year) == (total.entity, total.year)]
        assert total.actual_eur == pytest.approx(sum(r.actual_eur for r in parts))
        assert total.plan_eur == pytest.approx(sum(r.plan_eur for r in parts))
    assert {t.entity for t in comparison.entity_totals()} == {"share", "gm9001", "gm9002"}


def test_only_years_with_actuals_are_compared(small: Case) -> None:
    comparison = plan_actual(small, calculate(small))
    assert {r.year for r in comparison.costs} == {2027}


def test_benefits_plan_versus_realised(small: Case) -> None:
    comparison = plan_actual(small, calculate(small))
    [row] = comparison.benefits  # the non-monetised benefit has no amounts to compare
    assert row.benefit == "inkoopvoordeel"
    assert (row.plan_eur, row.actual_eur, row.realised_pct) == pytest.approx((10000, 8000, 80.0))


def test_indicators_show_target_actual_and_whether_it_is_met(small: Case) -> None:
    progress = {p.id: p for p in indicator_progress(small)}
    cijfer = progress["cijfer"]
    assert (cijfer.subject_kind, cijfer.subject, cijfer.baseline_value) == (
        "benefit",
        "tevredenheid",
        6.5,
    )
    assert [(y.year, y.target, y.actual, y.met) for y in cijfer.years] == [
        (2027, 7.0, 7.0, True),
        (2028, 7.5, 7.2, False),
    ]
    kosten = progress["kosten"]  # lower is better: 10,5 misses a target of 10
    assert [(y.year, y.met) for y in kosten.years] == [(2027, False)]


def test_the_decided_scenario_is_the_option_then_the_actuals_then_the_first_cooperation(
    small: Case, demo: Case
) -> None:
    assert decided_scenario(small) == "samen"
    assert decided_scenario(demo) == "minder-meerkosten"
    assert decided_scenario(demo, "kostenreductie") == "kostenreductie"
    with pytest.raises(KeyError):
        decided_scenario(demo, "bestaat-niet")


def test_non_monetised_benefits_give_identical_engine_results(small: Case) -> None:
    without = small.model_copy(
        update={
            "scenarios": [
                small.scenarios[0],
                small.scenarios[1].model_copy(
                    update={"benefits": [b for b in small.scenarios[1].benefits if b.monetised]}
                ),
            ]
        }
    )
    with_result, without_result = calculate(small), calculate(without)
    for a, b in zip(with_result.scenarios, without_result.scenarios, strict=True):
        for key in a.entities:
            np.testing.assert_array_equal(a.entities[key].cost, b.entities[key].cost)
            np.testing.assert_array_equal(a.entities[key].cash, b.entities[key].cash)
        assert [line.line_id for line in a.lines] == [line.line_id for line in b.lines]
