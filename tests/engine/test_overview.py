"""Cash-flow table, qualitative overview, structural/one-off, budget/economic, benchmark and
preconditions: checked on the demo and on small hand-calculated cases."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.engine.overview import cash_flow_table, qualitative_overview
from samenrekenen.model import (
    BaselineCost,
    BaselineMeasurement,
    BenchmarkNorms,
    Case,
    Category,
    Cooperation,
    HiddenAmount,
    Indexation,
    IndexSeries,
    OneOffCost,
    Participant,
    Preconditions,
    QualitativeItem,
    Scenario,
    StructuralCost,
    Transfer,
)


@pytest.fixture(scope="module")
def demo_result():  # type: ignore[no-untyped-def]
    return calculate(demo_case())


def two_municipalities(**scenario_fields: object) -> Case:
    """A: 100 visible + 20 hidden; B: 50 visible; everything moves to the share in year 2."""
    participants = [
        Participant(
            id="a",
            name="A",
            drivers={"inhabitants": 1000, "workplaces": 10},
            baseline=BaselineMeasurement(
                costs=[
                    BaselineCost(
                        category="ict", visible_eur=100, hidden=[HiddenAmount(amount_eur=20)]
                    )
                ]
            ),
        ),
        Participant(
            id="b",
            name="B",
            drivers={"inhabitants": 500, "workplaces": 5},
            baseline=BaselineMeasurement(costs=[BaselineCost(category="ict", visible_eur=50)]),
        ),
    ]
    return Case(
        cooperation=Cooperation(
            name="Twee",
            first_year=2026,
            horizon_years=3,
            indexation=Indexation(default=IndexSeries(rate=0.0)),
            preconditions=Preconditions(
                max_one_off_costs_eur=25,
                no_forced_redundancies=True,
                every_participant_better_off=True,
                max_realisation_months=6,
            ),
        ),
        categories=[Category(id="ict", name="ICT")],
        participants=participants,
        benchmark_norms=BenchmarkNorms(per_inhabitant_eur=0.1),
        scenarios=[
            Scenario(id="alleen", name="Alleen", is_baseline=True),
            Scenario(
                id="samen",
                name="Samen",
                extends="alleen",
                transfers=[Transfer(id="knip", values={2027: 100})],
                **scenario_fields,  # type: ignore[arg-type]
            ),
        ],
    )


@pytest.mark.parametrize(
    "scenario", ["ongewijzigd-beleid", "minder-meerkosten", "minder-meerkosten-vier"]
)
def test_cash_flow_of_the_table_is_minus_the_cash_view(demo_result, scenario: str) -> None:  # type: ignore[no-untyped-def]
    stakeholders = [*demo_result.participants, "share", "consolidated"]
    for stakeholder in stakeholders:
        table = cash_flow_table(demo_result, scenario, stakeholder)
        entity = demo_result.scenario(scenario)
        series = (
            entity.consolidated if stakeholder == "consolidated" else entity.entities[stakeholder]
        )
        np.testing.assert_allclose(table.row("cash_flow").values, -series.cash, atol=1e-6)


def test_cash_flow_table_has_the_prescribed_rows_in_order(demo_result) -> None:  # type: ignore[no-untyped-def]
    keys = [row.key for row in cash_flow_table(demo_result, "minder-meerkosten", "share").rows]
    totals = [
        "total_benefits",
        "total_operating",
        "total_investments",
        "total_costs",
        "cash_flow",
        "cumulative_benefits",
        "cumulative_costs",
        "cumulative_cash_flow",
    ]
    assert [k for k in keys if k in totals] == totals
    table = cash_flow_table(demo_result, "minder-meerkosten", "share")
    np.testing.assert_allclose(
        table.row("cumulative_cash_flow").values, np.cumsum(table.row("cash_flow").values)
    )


def test_structural_plus_one_off_is_the_cost(demo_result) -> None:  # type: ignore[no-untyped-def]
    for scenario in demo_result.scenarios:
        for entity in [scenario.consolidated, *scenario.entities.values()]:
            np.testing.assert_allclose(entity.structural + entity.one_off, entity.cost, atol=1e-6)


def test_moving_hidden_costs_frees_no_budget() -> None:
    result = calculate(two_municipalities())
    a = result.scenario("samen").entities["a"]
    # Year 2: A pays the share its 120 (origin key) and keeps nothing; economically it is
    # even (120 → 120), in its budget it pays 120 where it budgeted 100.
    assert a.difference[1] == pytest.approx(0.0)
    assert a.budget_difference[1] == pytest.approx(20.0)


def test_preconditions_are_checked_and_named() -> None:
    case = two_municipalities(
        one_off_costs=[
            OneOffCost(
                id="afvloeiing",
                bearer="a",
                category="ict",
                cost_type="severance",
                values={2026: 30},
            )
        ],
    )
    checks = {c.precondition: c for c in calculate(case).scenario("samen").preconditions}
    assert not checks["max_one_off_costs_eur"].ok
    assert checks["max_one_off_costs_eur"].value == pytest.approx(30)
    assert not checks["no_forced_redundancies"].ok
    assert "afvloeiing" in checks["no_forced_redundancies"].message
    assert not checks["every_participant_better_off"].ok
    assert not checks["max_realisation_months"].ok  # the knip takes effect after 12 months
    assert checks["max_realisation_months"].value == 12


def test_benchmark_per_inhabitant_against_a_norm_and_peers() -> None:
    rows = {r.participant: r for r in calculate(two_municipalities()).benchmark}
    assert rows["a"].per_inhabitant_eur == pytest.approx(120 / 1000)
    assert rows["b"].per_workplace_eur == pytest.approx(50 / 5)
    assert rows["a"].norm_per_inhabitant_eur == pytest.approx(0.1)
    assert rows["a"].norm_per_workplace_eur == pytest.approx(10.0)  # the peer's value


def test_qualitative_overview_lists_lines_and_unmonetised_items_with_bearers() -> None:
    case = two_municipalities(
        structural_costs=[
            StructuralCost(id="directie", bearer="share", category="ict", values={2027: 10})
        ],
        qualitative_items=[
            QualitativeItem(id="continuiteit", description="Minder kwetsbaar", bearer="both")
        ],
    )
    rows = {r.id: r for r in qualitative_overview(case, calculate(case), "samen")}
    assert rows["directie"].bearer == "share"
    assert rows["directie"].total_eur == pytest.approx(20)
    assert rows["continuiteit"].monetised is False
    assert rows["continuiteit"].bearer == "both"


def test_comparison_with_today_uses_the_real_start_level() -> None:
    result = calculate(two_municipalities())
    a = result.scenario("alleen").entities["a"]
    np.testing.assert_allclose(a.difference_vs_today, 0.0)
