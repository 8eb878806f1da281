"""The engine reproduces the reference cases with known answers (``../shared/reference``).

The expected values are read from the copies in ``tests/data/reference``, so the tests run
without the shared folder; a separate test checks that the copies equal the originals whenever
the shared folder is present beside the clone. The cases themselves are the files in
``examples/``, read with the case-file loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from samenrekenen.engine import Component, calculate, capital_charge_schedule
from samenrekenen.engine.results import CaseResult, EntityResult
from samenrekenen.io.casefile import load_case
from samenrekenen.model import SHARE, Case

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
REFERENCE_COPY = REPO / "tests" / "data" / "reference"
SHARED_REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference"
REFERENCE_FILES = (
    "added_value_example.json",
    "capital_charges_example.json",
    "cost_games.json",
    "npv_example.json",
)
CENT = 0.005
"""Tolerance 'to the cent': half a cent either way."""


def reference(name: str) -> dict[str, Any]:
    data = json.loads((REFERENCE_COPY / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def example(name: str) -> Case:
    return load_case(EXAMPLES / name)


def with_discount_rate(case: Case, rate: float) -> Case:
    cooperation = case.cooperation.model_copy(update={"discount_rate": rate})
    return case.model_copy(update={"cooperation": cooperation})


# --- the copies --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_copies_equal_the_shared_originals(name: str) -> None:
    original = SHARED_REFERENCE / name
    if not SHARED_REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside the clone")
    assert original.is_file(), f"{name} is missing from {SHARED_REFERENCE.resolve()}"
    copy = json.loads((REFERENCE_COPY / name).read_text(encoding="utf-8"))
    assert copy == json.loads(original.read_text(encoding="utf-8"))


# --- added value (handbook table 16) -----------------------------------------------------------

ADDED_VALUE_SCENARIOS = ("samenwerking", "samenwerking-via-share")


@pytest.fixture(scope="module")
def added_value() -> tuple[Case, CaseResult, dict[str, Any]]:
    case = example("added_value.yaml")
    return case, calculate(case), reference("added_value_example.json")


def _added_value_entities(result: CaseResult, scenario_id: str) -> list[EntityResult]:
    scenario = result.scenario(scenario_id)
    return [scenario.consolidated, scenario.entities["gemeente-a"]]


def test_added_value_case_matches_the_reference_inputs(
    added_value: tuple[Case, CaseResult, dict[str, Any]],
) -> None:
    case, result, ref = added_value
    unit = 1000.0 if ref["unit"] == "EUR x 1.000" else 1.0
    assert len(result.years) == len(ref["years"])
    baseline = result.scenario(case.baseline_scenario.id).consolidated
    np.testing.assert_allclose(baseline.cost, np.array(ref["baseline_operating_cost"]) * unit)
    for scenario_id in ADDED_VALUE_SCENARIOS:
        consolidated = result.scenario(scenario_id).consolidated
        operating = consolidated.cost - consolidated.one_off
        np.testing.assert_allclose(operating, np.array(ref["scenario_operating_cost"]) * unit)
        np.testing.assert_allclose(consolidated.one_off, np.array(ref["one_off_cost"]) * unit)


@pytest.mark.parametrize("scenario_id", ADDED_VALUE_SCENARIOS)
def test_added_value_difference_and_cumulative_difference(
    added_value: tuple[Case, CaseResult, dict[str, Any]], scenario_id: str
) -> None:
    _, result, ref = added_value
    expected = ref["expected"]
    for entity in _added_value_entities(result, scenario_id):
        np.testing.assert_allclose(
            entity.difference, np.array(expected["difference_scenario_minus_baseline"]) * 1000
        )
        np.testing.assert_allclose(
            entity.cumulative_difference, np.array(expected["cumulative_difference"]) * 1000
        )
        np.testing.assert_allclose(
            -entity.cumulative_difference, np.array(expected["cumulative_added_value"]) * 1000
        )


@pytest.mark.parametrize("scenario_id", ADDED_VALUE_SCENARIOS)
def test_added_value_break_even_in_year_four_and_payback_two_and_a_half_years(
    added_value: tuple[Case, CaseResult, dict[str, Any]], scenario_id: str
) -> None:
    case, result, ref = added_value
    expected = ref["expected"]
    break_even_year = case.cooperation.first_year + expected["break_even_year"] - 1
    assert break_even_year == case.cooperation.first_year + 3
    for entity in _added_value_entities(result, scenario_id):
        assert entity.metrics.break_even_year == break_even_year
        assert entity.metrics.break_even_is_estimate is False
        assert entity.metrics.simple_payback_years == pytest.approx(
            expected["simple_payback_years"]
        )


# --- capital charges ---------------------------------------------------------------------------

METHODS = ("linear", "annuity")
SCENARIO_OF_METHOD = {"linear": "lineair", "annuity": "annuiteit"}
ROW_FIELDS = {
    "book_value_1_jan": "book_value_jan_1",
    "depreciation": "depreciation",
    "interest": "interest",
    "capital_charge": "capital_charge",
}


@pytest.mark.parametrize("method", METHODS)
def test_capital_charge_schedule_reproduces_the_reference_table_to_the_cent(method: str) -> None:
    ref = reference("capital_charges_example.json")
    asset = ref["asset"]
    schedule = capital_charge_schedule(
        asset["amount"], asset["purchase_year"], asset["term_years"], asset["interest_rate"], method
    )
    years = [int(y) for y in schedule.years]
    assert years == list(range(asset["purchase_year"], asset["purchase_year"] + 6))
    first = years.index(asset["purchase_year"])
    assert schedule.capital_charge[first] == 0.0
    assert schedule.book_value_dec_31[first] == pytest.approx(asset["amount"])
    for row in ref[method]:
        i = years.index(row["year"])
        for ref_field, field in ROW_FIELDS.items():
            value = float(getattr(schedule, field)[i])
            assert value == pytest.approx(row[ref_field], abs=CENT), (row["year"], field)
    assert schedule.book_value_dec_31[-1] == pytest.approx(0.0, abs=CENT)


@pytest.mark.parametrize("method", METHODS)
def test_case_capital_charges_reproduce_the_reference_table_to_the_cent(method: str) -> None:
    ref = reference("capital_charges_example.json")
    case = example("capital_charges.yaml")
    assert case.cooperation.first_year == ref["asset"]["purchase_year"]
    result = calculate(case)
    scenario = result.scenario(SCENARIO_OF_METHOD[method])
    entity = scenario.entities["gemeente-a"]
    charges = entity.components[Component.NEW_CAPITAL].sum(axis=0)
    expected = dict.fromkeys(result.years, 0.0)
    expected.update({row["year"]: row["capital_charge"] for row in ref[method]})
    np.testing.assert_allclose(charges, [expected[y] for y in result.years], atol=CENT, rtol=0)
    assert entity.metrics.residual_value == pytest.approx(0.0, abs=CENT)


@pytest.mark.parametrize("method", METHODS)
def test_share_capital_charges_reproduce_the_reference_table_and_are_charged(
    method: str,
) -> None:
    ref = reference("capital_charges_example.json")
    case = example("capital_charges.yaml")
    scenario_id = SCENARIO_OF_METHOD[method]
    scenario = case.scenario(scenario_id)
    investments = [line.model_copy(update={"bearer": SHARE}) for line in scenario.investments]
    scenarios = [
        s.model_copy(update={"investments": investments}) if s.id == scenario_id else s
        for s in case.scenarios
    ]
    result = calculate(case.model_copy(update={"scenarios": scenarios}))
    outcome = result.scenario(scenario_id)
    share_charges = outcome.entities[SHARE].components[Component.NEW_CAPITAL].sum(axis=0)
    expected = dict.fromkeys(result.years, 0.0)
    expected.update({row["year"]: row["capital_charge"] for row in ref[method]})
    np.testing.assert_allclose(
        share_charges, [expected[y] for y in result.years], atol=CENT, rtol=0
    )
    charged = outcome.entities["gemeente-a"].components[Component.CHARGED_D].sum(axis=0)
    np.testing.assert_allclose(charged, share_charges, atol=CENT, rtol=0)


# --- net present value and internal rate of return ---------------------------------------------


@pytest.fixture(scope="module")
def npv_reference() -> dict[str, Any]:
    return reference("npv_example.json")


def test_npv_case_has_the_reference_cash_flows(npv_reference: dict[str, Any]) -> None:
    result = calculate(example("npv.yaml"))
    consolidated = result.scenario("samenwerking").consolidated
    net_cash_flows = -consolidated.cash_difference
    np.testing.assert_allclose(
        net_cash_flows, np.array(npv_reference["cash_flows_year_0_first"]) * 1000
    )
    assert consolidated.metrics.residual_value == pytest.approx(0.0, abs=CENT)


@pytest.mark.parametrize("rate", ["0.0", "0.0225", "0.05"])
def test_npv_matches_the_reference_at_each_discount_rate(
    npv_reference: dict[str, Any], rate: str
) -> None:
    case = with_discount_rate(example("npv.yaml"), float(rate))
    metrics = calculate(case).scenario("samenwerking").consolidated.metrics
    assert metrics.npv == pytest.approx(npv_reference["npv"][rate] * 1000, rel=1e-4)


def test_npv_example_file_discounts_at_two_and_a_quarter_percent(
    npv_reference: dict[str, Any],
) -> None:
    case = example("npv.yaml")
    assert case.cooperation.discount_rate == 0.0225
    metrics = calculate(case).scenario("samenwerking").consolidated.metrics
    assert metrics.npv == pytest.approx(npv_reference["npv"]["0.0225"] * 1000, rel=1e-4)


@pytest.mark.parametrize("rate", [0.0, 0.0225, 0.05])
def test_irr_matches_the_reference_whatever_the_discount_rate(
    npv_reference: dict[str, Any], rate: float
) -> None:
    case = with_discount_rate(example("npv.yaml"), rate)
    metrics = calculate(case).scenario("samenwerking").consolidated.metrics
    assert metrics.irr is not None
    assert metrics.irr == pytest.approx(npv_reference["irr"], rel=1e-4)
