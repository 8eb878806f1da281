"""The engine agrees with the per-cell reference implementation of docs/calculation.md.

Random cases (``tests/strategies.py``) are calculated by both; every cost cell, cash cell,
residual value, consolidated series and metric must agree. Hand-built cases with known answers
check the reference itself (and, through the agreement, the engine).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from reference_impl import CONSOLIDATED, capital_schedule, reference_calculate
from strategies import cases

from samenrekenen.engine import calculate
from samenrekenen.model import (
    MEMBERS,
    SHARE,
    AllocationKey,
    Asset,
    AssetRetirement,
    BaselineCost,
    BaselineMeasurement,
    Case,
    Category,
    Charging,
    Cooperation,
    DepreciationMethod,
    FirstDepreciation,
    HiddenAmount,
    Indexation,
    IndexSeries,
    InterestRule,
    Investment,
    KeyKind,
    LevelChange,
    LevelKind,
    OneOffCost,
    Participant,
    Phase,
    Scenario,
    StaffChange,
    Staffing,
    StructuralCost,
    Transfer,
)

REL, ABS = 1e-9, 1e-6
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
METRIC_NAMES = (
    "break_even_year",
    "break_even_is_estimate",
    "savings_pct",
    "simple_payback_years",
    "npv",
)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=ABS)


def same_metric(name: str, a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if name == "simple_payback_years":
        # A ratio with a possibly tiny denominator (the last year's saving): ill-conditioned.
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=ABS)
    return close(float(a), float(b))


def disagreements(case: Case) -> list[str]:
    """Every cell where engine and reference differ, described."""
    ref = reference_calculate(case)
    res = calculate(case)
    out: list[str] = []
    assert list(res.years) == ref["years"]
    assert list(res.categories) == ref["categories"]
    assert list(res.participants) == ref["participants"]

    def check(label: str, engine_value: float, reference_value: float) -> None:
        if not close(float(engine_value), reference_value):
            out.append(f"{label}: engine {float(engine_value)!r} reference {reference_value!r}")

    for scenario in res.scenarios:
        sid = scenario.id
        for e in ref["entities"]:
            er = scenario.entities[e]
            for i, t in enumerate(ref["years"]):
                for j, c in enumerate(ref["categories"]):
                    check(
                        f"{sid}/{e}/{c}/{t} cost",
                        er.cost_by_category[j, i],
                        ref["cost"][(sid, e, c, t)],
                    )
                check(f"{sid}/{e}/{t} cash", er.cash[i], ref["cash"][(sid, e, t)])
                check(f"{sid}/{e}/{t} difference", er.difference[i], ref["difference"][(sid, e, t)])
        for e in [*ref["entities"], CONSOLIDATED]:
            er = scenario.consolidated if e == CONSOLIDATED else scenario.entities[e]
            check(f"{sid}/{e} residual", er.metrics.residual_value, ref["residual"][(sid, e)])
            for name in METRIC_NAMES:
                a, b = getattr(er.metrics, name), ref["metrics"][(sid, e)][name]
                if not same_metric(name, a, b):
                    out.append(f"{sid}/{e} {name}: engine {a!r} reference {b!r}")
        con = scenario.consolidated
        for i, t in enumerate(ref["years"]):
            check(f"{sid}/consolidated/{t} cost", con.cost[i], ref["consolidated_cost"][(sid, t)])
            check(f"{sid}/consolidated/{t} cash", con.cash[i], ref["consolidated_cash"][(sid, t)])
            for j, c in enumerate(ref["categories"]):
                check(
                    f"{sid}/consolidated/{c}/{t} cost",
                    con.cost_by_category[j, i],
                    ref["consolidated_cost_by_category"][(sid, c, t)],
                )
    return out


@given(cases())
def test_engine_agrees_with_reference_on_random_cases(case: Case) -> None:
    problems = disagreements(case)
    assert not problems, "\n".join(problems[:20])


# ---------------------------------------------------------------------------------------------
# Hand-built cases with known answers (they check the reference itself, then the engine)
# ---------------------------------------------------------------------------------------------

FLAT = Indexation(default=IndexSeries(rate=0.0))
CATS = [Category(id="ict", name="ICT")]


def make_case(
    participants: list[Participant],
    scenarios: list[Scenario],
    *,
    first_year: int = 2025,
    horizon: int = 5,
    discount_rate: float = 0.0,
    charging: Charging | None = None,
    indexation: Indexation = FLAT,
) -> Case:
    return Case(
        cooperation=Cooperation(
            name="Test",
            first_year=first_year,
            horizon_years=horizon,
            indexation=indexation,
            discount_rate=discount_rate,
        ),
        categories=CATS,
        participants=participants,
        charging=charging or Charging(),
        scenarios=scenarios,
    )


def municipality(
    pid: str,
    visible: float = 0.0,
    hidden: float = 0.0,
    inhabitants: float = 0.0,
    **kwargs: Any,
) -> Participant:
    return Participant(
        id=pid,
        name=pid,
        drivers={"inhabitants": inhabitants},
        baseline=kwargs.pop(
            "baseline",
            BaselineMeasurement(
                costs=[
                    BaselineCost(
                        category="ict",
                        visible_eur=visible,
                        hidden=[HiddenAmount(amount_eur=hidden)] if hidden else [],
                    )
                ]
            ),
        ),
        **kwargs,
    )


def assert_engine_agrees(case: Case) -> None:
    problems = disagreements(case)
    assert not problems, "\n".join(problems[:20])


def series(ref: dict[str, Any], key: str, sid: str, entity: str | None = None) -> list[float]:
    if entity is None:
        return [ref[key][(sid, t)] for t in ref["years"]]
    return [ref[key][(sid, entity, t)] for t in ref["years"]]


def approx(values: list[float]) -> Any:
    return pytest.approx(values, rel=REL, abs=ABS)


def test_capital_charges_follow_the_known_answers() -> None:
    known = json.loads((REFERENCE_DIR / "capital_charges_example.json").read_text())
    asset = known["asset"]
    for method in ("linear", "annuity"):
        schedule = capital_schedule(
            asset["amount"],
            asset["purchase_year"],
            asset["term_years"],
            asset["interest_rate"],
            DepreciationMethod(method),
            FirstDepreciation.NEXT_YEAR,
            InterestRule.BOOK_VALUE_JAN_1,
            2030,
        )
        assert schedule[2024].charge == 0
        for row in known[method]:
            year = schedule[row["year"]]
            assert year.charge == pytest.approx(row["capital_charge"], abs=0.01)
            assert year.book_value_jan_1 == pytest.approx(row["book_value_1_jan"], abs=0.01)
        assert schedule[2029].book_value_dec_31 == pytest.approx(0, abs=1e-6)
        assert schedule[2030].charge == pytest.approx(0, abs=1e-6)


def test_purchase_year_and_average_book_value_rules() -> None:
    # A = 1000, n = 4, r = 10%, linear, first depreciation in the purchase year, interest over
    # the average book value: BV 1000→750→500→250→0; interest 0.1·(1000+750)/2 = 87.5, then
    # 0.1·(750+500)/2 = 62.5, 37.5, 12.5; charge = 250 + interest.
    schedule = capital_schedule(
        1000,
        2025,
        4,
        0.1,
        DepreciationMethod.LINEAR,
        FirstDepreciation.PURCHASE_YEAR,
        InterestRule.AVERAGE_BOOK_VALUE,
        2029,
    )
    assert [schedule[t].charge for t in range(2025, 2030)] == approx(
        [337.5, 312.5, 287.5, 262.5, 0]
    )
    # Next-year rule with average book value: the purchase year has no charges; then as above.
    schedule = capital_schedule(
        1000,
        2025,
        4,
        0.1,
        DepreciationMethod.LINEAR,
        FirstDepreciation.NEXT_YEAR,
        InterestRule.AVERAGE_BOOK_VALUE,
        2029,
    )
    assert [schedule[t].charge for t in range(2025, 2030)] == approx(
        [0, 337.5, 312.5, 287.5, 262.5]
    )
    # Annuity with r = 0 is A/n per year.
    schedule = capital_schedule(
        1000,
        2025,
        4,
        0.0,
        DepreciationMethod.ANNUITY,
        FirstDepreciation.PURCHASE_YEAR,
        InterestRule.BOOK_VALUE_JAN_1,
        2029,
    )
    assert [schedule[t].charge for t in range(2025, 2030)] == approx([250, 250, 250, 250, 0])


def test_added_value_example_breaks_even_in_year_four_with_payback_two_and_a_half() -> None:
    # Domain §2.6: 750 a year alone; 700, 650, 650, 650 together; one-off 175 and 75.
    known = json.loads((REFERENCE_DIR / "added_value_example.json").read_text())
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        level_changes=[
            LevelChange(
                id="saving",
                bearer="m1",
                category="ict",
                kind=LevelKind.ABSOLUTE,
                values={2026: -50, 2027: -100},
            )
        ],
        one_off_costs=[
            OneOffCost(id="project", bearer="m1", category="ict", values={2025: 175, 2026: 75})
        ],
    )
    case = make_case([municipality("m1", visible=750)], [baseline, together])
    ref = reference_calculate(case)
    expected = known["expected"]["difference_scenario_minus_baseline"]
    assert series(ref, "difference", "ssc", "m1") == approx(expected)
    metrics = ref["metrics"][("ssc", "m1")]
    assert metrics["break_even_year"] == 2025 + 3
    assert metrics["break_even_is_estimate"] is False
    assert metrics["simple_payback_years"] == pytest.approx(2.5)
    assert metrics["savings_pct"] == pytest.approx(-(175 + 25 - 300) / (5 * 750) * 100)
    assert ref["metrics"][("ssc", CONSOLIDATED)]["break_even_year"] == 2028
    assert_engine_agrees(case)


def test_npv_follows_the_known_answer_and_break_even_is_extrapolated() -> None:
    # Net cash flows −250, 50, 100, 100, 100 (npv_example.json) at 2.25%.
    known = json.loads((REFERENCE_DIR / "npv_example.json").read_text())
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        level_changes=[
            LevelChange(
                id="saving",
                bearer="m1",
                category="ict",
                kind=LevelKind.ABSOLUTE,
                values={2026: -50, 2027: -100},
            )
        ],
        one_off_costs=[OneOffCost(id="project", bearer="m1", category="ict", values={2025: 250})],
    )
    case = make_case([municipality("m1", visible=750)], [baseline, together], discount_rate=0.0225)
    ref = reference_calculate(case)
    metrics = ref["metrics"][("ssc", "m1")]
    assert metrics["npv"] == pytest.approx(known["npv"]["0.0225"], abs=1e-5)
    assert metrics["break_even_year"] == 2028  # cumulative 250, 200, 100, 0, −100
    # Three years of horizon only: cumulative 250, 200, 100, then −100 a year: 2028 (estimate).
    short = make_case([municipality("m1", visible=750)], [baseline, together], horizon=3)
    metrics = reference_calculate(short)["metrics"][("ssc", "m1")]
    assert metrics["break_even_year"] == 2028
    assert metrics["break_even_is_estimate"] is True
    assert metrics["simple_payback_years"] == pytest.approx(2.5)
    assert_engine_agrees(case)
    assert_engine_agrees(short)


def test_transfer_moves_visible_and_hidden_pro_rata_and_is_charged_by_origin() -> None:
    # m1: visible 1000, hidden 200; m2: visible 3000. Transfer 50% from 2025, with a delay of
    # 6 months: 25% in 2025, 50% from 2026. The share adds 400 structural costs from 2025,
    # charged by inhabitants (100 : 300).
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        delay_months=6,
        transfers=[Transfer(id="knip", values={2025: 50})],
        structural_costs=[
            StructuralCost(id="mgmt", bearer=SHARE, category="ict", values={2025: 400})
        ],
    )
    people = [
        municipality("m1", visible=1000, hidden=200, inhabitants=100),
        municipality("m2", visible=3000, inhabitants=300),
    ]
    case = make_case(people, [baseline, together], horizon=3)
    ref = reference_calculate(case)
    # delayed structural cost: (1 − 0.5)·400 in 2025 = 200, then 400.
    m1 = [ref["cost"][("ssc", "m1", "ict", t)] for t in ref["years"]]
    # 2025: kept 0.75·1200 = 900, origin charge 0.25·1200 = 300, share cost 200·0.25 = 50
    # 2026: kept 600, origin 600, share cost 100
    assert m1 == approx([1250, 1300, 1300])
    m2 = [ref["cost"][("ssc", "m2", "ict", t)] for t in ref["years"]]
    assert m2 == approx([3000 + 150, 3000 + 300, 3000 + 300])
    share = [ref["cost"][("ssc", SHARE, "ict", t)] for t in ref["years"]]
    assert share == approx([0.25 * 4200 + 200, 0.5 * 4200 + 400, 0.5 * 4200 + 400])
    assert series(ref, "consolidated_cost", "ssc") == approx([4400, 4600, 4600])
    assert_engine_agrees(case)


def test_percent_level_change_applies_to_retained_parts_and_to_transferred_in() -> None:
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        transfers=[Transfer(id="knip", values={2025: 40})],
        level_changes=[
            LevelChange(id="shr", bearer=SHARE, category="ict", values={2026: -25}),
            LevelChange(id="own", bearer=MEMBERS, category="ict", values={2025: 10}),
        ],
    )
    people = [municipality("m1", visible=800, hidden=200), municipality("m2", visible=1000)]
    case = make_case(
        people,
        [baseline, together],
        horizon=2,
        charging=Charging(default_key=AllocationKey(kind=KeyKind.EQUAL)),
    )
    ref = reference_calculate(case)
    # m1 keeps 600 (+10% = 660) and pays 400 (origin); in 2026 the share's −25% of 800 = −200
    # is charged equally: −100.
    assert [ref["cost"][("ssc", "m1", "ict", t)] for t in (2025, 2026)] == approx([1060, 960])
    assert [ref["cost"][("ssc", "m2", "ict", t)] for t in (2025, 2026)] == approx([1060, 960])
    assert [ref["cost"][("ssc", SHARE, "ict", t)] for t in (2025, 2026)] == approx([800, 600])
    assert_engine_agrees(case)


def test_phases_activate_pro_rata_from_the_go_live_month() -> None:
    # 50% goes live on 1 July 2026 (half of 2026 active), 50% on 1 January 2027.
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        phases=[
            Phase(id="a", go_live=dt.date(2026, 7, 1), share_pct=50),
            Phase(id="b", go_live=dt.date(2027, 1, 1), share_pct=50),
        ],
        level_changes=[
            LevelChange(
                id="saving",
                bearer="m1",
                category="ict",
                kind=LevelKind.ABSOLUTE,
                values={2025: -100},
                phased=True,
            )
        ],
    )
    case = make_case([municipality("m1", visible=1000)], [baseline, together], horizon=4)
    ref = reference_calculate(case)
    assert series(ref, "difference", "ssc", "m1") == approx([0, -25, -100, -100])
    assert_engine_agrees(case)


def test_non_member_keeps_its_baseline_and_zero_weights_fall_back_to_equal() -> None:
    baseline = Scenario(
        id="base",
        name="Alone",
        is_baseline=True,
        structural_costs=[
            StructuralCost(id="own", bearer=MEMBERS, category="ict", values={2025: 10})
        ],
    )
    together = Scenario(
        id="ssc",
        name="Together",
        extends="base",
        members=["m1", "m2"],
        one_off_costs=[OneOffCost(id="proj", bearer=SHARE, category="ict", values={2025: 90})],
    )
    people = [municipality("m1", 100), municipality("m2", 200), municipality("m3", 300)]
    case = make_case(people, [baseline, together], horizon=2)  # inhabitants all 0
    ref = reference_calculate(case)
    assert ref["cost"][("ssc", "m1", "ict", 2025)] == pytest.approx(100 + 10 + 45)
    assert ref["cost"][("ssc", "m2", "ict", 2025)] == pytest.approx(200 + 10 + 45)
    assert ref["cost"][("ssc", "m3", "ict", 2025)] == pytest.approx(300 + 10)
    assert ref["metrics"][("ssc", "m3")]["break_even_year"] is None
    assert ref["consolidated_cost"][("ssc", 2025)] == pytest.approx(630 + 90)
    assert_engine_agrees(case)


def test_staff_savings_count_only_when_realised() -> None:
    staffed = BaselineMeasurement(
        costs=[BaselineCost(category="ict", visible_eur=0)],
        staffing=[Staffing(function_group="FB", fte=4, cost_per_fte_eur=70000, category="ict")],
    )
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        staff_changes=[
            StaffChange(
                id="cut",
                bearer="m1",
                category="ict",
                function_group="FB",
                values={2025: -1},
                realised_from_year=2026,
            ),
            StaffChange(
                id="lost",
                bearer="m1",
                category="ict",
                function_group="FB",
                values={2025: -1},
                savings_realised=False,
            ),
            StaffChange(
                id="extra",
                bearer="m1",
                category="ict",
                function_group="FB",
                values={2027: 0.5},
                cost_per_fte_eur=80000,
            ),
        ],
    )
    case = make_case([municipality("m1", baseline=staffed)], [baseline, together], horizon=3)
    ref = reference_calculate(case)
    assert series(ref, "difference", "ssc", "m1") == approx([0, -70000, -30000])
    assert_engine_agrees(case)


def test_asset_retirement_stops_charges_and_writes_off_the_book_value() -> None:
    # Asset 10 000 bought 2023, term 5, rate 0: 2 000 a year from 2024; BV 1 Jan 2026 = 6 000.
    register = BaselineMeasurement(
        assets=[Asset(id="srv", category="ict", purchase_year=2023, amount_eur=10000, term_years=5)]
    )
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        asset_retirements=[AssetRetirement(id="r", participant="m1", asset="srv", year=2026)],
    )
    person = municipality("m1", baseline=register, interest_rate=0.0)
    case = make_case([person], [baseline, together], horizon=3)
    ref = reference_calculate(case)
    assert [ref["cost"][("base", "m1", "ict", t)] for t in ref["years"]] == approx([2000] * 3)
    assert [ref["cost"][("ssc", "m1", "ict", t)] for t in ref["years"]] == approx([2000, 6000, 0])
    assert series(ref, "cash", "ssc", "m1") == approx([0, 0, 0])
    assert ref["residual"][("base", "m1")] == pytest.approx(2000)
    assert ref["residual"][("ssc", "m1")] == pytest.approx(0)
    assert ref["metrics"][("ssc", "m1")]["npv"] == pytest.approx(-2000)
    assert_engine_agrees(case)


def test_share_investment_is_charged_and_its_outlay_is_in_the_cash_view() -> None:
    # The share buys 1000 in 2025 (indexed at 10%/year, so 1000 at the price basis in 2025),
    # linear over 2 years at 5%, charged by inhabitants 1 : 3.
    baseline = Scenario(id="base", name="Alone", is_baseline=True)
    together = Scenario(
        id="ssc",
        name="Together",
        investments=[
            Investment(
                id="dc",
                bearer=SHARE,
                category="ict",
                values={2025: 1000},
                term_years=2,
                interest_rate=0.05,
            )
        ],
    )
    people = [municipality("m1", inhabitants=1), municipality("m2", inhabitants=3)]
    case = make_case(
        people,
        [baseline, together],
        horizon=3,
        indexation=Indexation(default=IndexSeries(rate=0.1)),
    )
    ref = reference_calculate(case)
    # charges: 2025 0; 2026 500 + 50; 2027 500 + 25
    assert [ref["cost"][("ssc", SHARE, "ict", t)] for t in ref["years"]] == approx([0, 550, 525])
    assert [ref["cost"][("ssc", "m1", "ict", t)] for t in ref["years"]] == approx(
        [0, 137.5, 131.25]
    )
    assert series(ref, "cash", "ssc", SHARE) == approx([1000, 0, 0])
    assert series(ref, "consolidated_cash", "ssc") == approx([1000, 0, 0])
    assert series(ref, "cash", "ssc", "m2") == approx([0, 412.5, 393.75])
    assert_engine_agrees(case)
