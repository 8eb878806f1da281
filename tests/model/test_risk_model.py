"""The risk register and the uncertainty block: defaults, validation and Dutch messages."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError
from test_messages import ENGLISH

from samenrekenen.demo import demo_case
from samenrekenen.model import Case
from samenrekenen.model.messages import translate_errors
from samenrekenen.model.risk_validation import PathError, TargetKind, resolve_path
from samenrekenen.model.validation import CaseError, check_case

Data = dict[str, Any]

SOFTWARE = "participants[gm9001].baseline.costs[software].visible_eur"


@pytest.fixture(scope="module")
def demo_data() -> Data:
    return demo_case().model_dump(mode="json", exclude_none=True)


def _errors(data: Data) -> list[CaseError]:
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return translate_errors(exc, data)
    return check_case(case)


def _with(demo_data: Data, **uncertainty: Any) -> Data:
    data = copy.deepcopy(demo_data)
    data["uncertainty"].update(uncertainty)
    return data


def _only(errors: list[CaseError]) -> CaseError:
    assert len(errors) == 1, errors
    for error in errors:
        assert not any(fragment in error.message for fragment in ENGLISH), error
    return errors[0]


def test_a_case_without_risks_or_uncertainty_stays_valid(demo_data: Data) -> None:
    data = {k: v for k, v in demo_data.items() if k not in ("risks", "uncertainty")}
    case = Case.model_validate(data)
    assert case.risks == [] and case.uncertainty is None
    assert check_case(case) == []


def test_the_demo_has_a_register_and_bandwidths_and_is_valid() -> None:
    case = demo_case()
    assert 3 <= len(case.risks) <= 5
    assert case.uncertainty is not None and case.uncertainty.delay is not None
    assert check_case(case) == []


def test_low_above_likely_is_an_error_at_low(demo_data: Data) -> None:
    bandwidth = {"path": SOFTWARE, "low": 200, "likely": 100, "high": 300}
    error = _only(_errors(_with(demo_data, bandwidths=[bandwidth], correlations=[])))
    assert error.path == "uncertainty.bandwidths[0].low"
    assert error.message.startswith("laag (200) is groter dan meest waarschijnlijk (100)")


def test_likely_above_high_is_an_error_at_high(demo_data: Data) -> None:
    error = _only(_errors(_with(demo_data, delay={"low": 0, "likely": 12, "high": 6})))
    assert error.path == "uncertainty.delay.high"
    assert "hoog (6) is kleiner dan meest waarschijnlijk (12)" in error.message


def test_a_delay_is_in_whole_months(demo_data: Data) -> None:
    error = _only(_errors(_with(demo_data, delay={"low": 0, "likely": 2.5, "high": 6})))
    assert error.path == "uncertainty.delay.likely"
    assert error.message == "2,5 is geen heel aantal maanden"


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("risk", 1.5, "risks[0].probability"),
        ("risk", -0.1, "risks[0].probability"),
        ("staff", 2, "uncertainty.staff_savings_probability"),
    ],
)
def test_a_probability_outside_0_to_1_is_a_dutch_error(
    demo_data: Data, where: str, value: float, path: str
) -> None:
    data = copy.deepcopy(demo_data)
    if where == "risk":
        data["risks"][0]["probability"] = value
    else:
        data["uncertainty"]["staff_savings_probability"] = value
    error = _only(_errors(data))
    assert error.path == path
    assert "mag hoogstens 1 zijn" in error.message or "moet 0 of meer zijn" in error.message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "participants[gm9999].baseline.costs[0].visible_eur",
            "participants heeft geen element 'gm9999'",
        ),
        ("participants[0].baseline.costs[0].visibel_eur", "heeft geen veld 'visibel_eur'"),
        (
            "scenarios[kostenreductie].one_off_costs[migratie].values.2040",
            "geen waarde voor '2040'",
        ),
        ("scenarios[9].one_off_costs[0].values", "scenarios heeft geen element 9 (er zijn er 4)"),
        ("cooperation.discount_rate", "op 'cooperation.discount_rate' kan geen bandbreedte"),
        ("charging_design.products[0].tariff.price_eur", "verandert de business case niet"),
        ("scenarios[0]..values", "is geen geldig pad"),
    ],
)
def test_a_bandwidth_on_a_path_that_cannot_carry_one_names_the_path(
    demo_data: Data, path: str, message: str
) -> None:
    bandwidth = {"path": path, "low": 1, "likely": 2, "high": 3}
    error = _only(_errors(_with(demo_data, bandwidths=[bandwidth], correlations=[])))
    assert error.path == "uncertainty.bandwidths[0].path"
    assert error.message.startswith(f"'{path}': ")
    assert message in error.message


def test_the_same_path_twice_is_an_error(demo_data: Data) -> None:
    bandwidth = {"path": SOFTWARE, "low": 1, "likely": 2, "high": 3}
    error = _only(_errors(_with(demo_data, bandwidths=[bandwidth, bandwidth], correlations=[])))
    assert error.path == "uncertainty.bandwidths[1].path"
    assert "heeft al een bandbreedte bij uncertainty.bandwidths[0]" in error.message


@pytest.mark.parametrize(
    ("matrix", "path", "message"),
    [
        ([[1, 0.5], [0.4, 1]], "matrix[0][1]", "niet symmetrisch"),
        ([[1, 0.5], [0.5, 0.9]], "matrix[1][1]", "op de diagonaal hoort 1, niet 0,9"),
        ([[1, 1.5], [1.5, 1]], "matrix[0][1]", "1,5 ligt niet tussen -1 en 1"),
        ([[1, 0.5, 0.2]], "matrix", "de matrix moet 2 × 2 zijn"),
    ],
)
def test_a_correlation_matrix_must_be_valid(
    demo_data: Data, matrix: list[list[float]], path: str, message: str
) -> None:
    correlations = [{"inputs": ["delay", "migratie"], "matrix": matrix}]
    errors = _errors(_with(demo_data, correlations=correlations))
    assert errors, matrix
    assert errors[0].path == f"uncertainty.correlations[0].{path}"
    assert message in errors[0].message


def test_correlations_that_do_not_fit_together_are_refused(demo_data: Data) -> None:
    matrix = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]
    correlations = [{"inputs": ["delay", "migratie", "projectorganisatie"], "matrix": matrix}]
    error = _only(_errors(_with(demo_data, correlations=correlations)))
    assert error.path == "uncertainty.correlations[0].matrix"
    assert "niet positief semidefiniet" in error.message


def test_a_singular_but_semi_definite_matrix_is_accepted(demo_data: Data) -> None:
    correlations = [{"inputs": ["delay", "migratie"], "matrix": [[1, 1], [1, 1]]}]
    assert _errors(_with(demo_data, correlations=correlations)) == []


def test_a_correlation_names_known_inputs_once(demo_data: Data) -> None:
    correlations = [
        {"inputs": ["delay", "onbekend"], "matrix": [[1, 0], [0, 1]]},
        {"inputs": ["delay", "migratie"], "matrix": [[1, 0], [0, 1]]},
    ]
    errors = _errors(_with(demo_data, correlations=correlations))
    assert [e.path for e in errors] == [
        "uncertainty.correlations[0].inputs[1]",
        "uncertainty.correlations[1].inputs[0]",
    ]
    assert "onbekende invoer 'onbekend'" in errors[0].message
    assert "zet gecorreleerde invoer in één matrix" in errors[1].message


def test_a_risk_taken_into_the_case_needs_its_place(demo_data: Data) -> None:
    data = copy.deepcopy(demo_data)
    risk = data["risks"][1]
    risk.update(category="onbekend", year=2050, bearer="gm0000", scenarios=["nergens"])
    del data["risks"][0]["impact_months"]
    data["risks"][0].update(impact_eur=1, impact_months=2, include_reserve=False)
    errors = _errors(data)
    assert {e.path for e in errors} == {
        "risks[0]",
        "risks[1].scenarios[0]",
        "risks[1].bearer",
        "risks[1].category",
        "risks[1].year",
    }


def test_a_reserve_needs_an_impact_in_euros(demo_data: Data) -> None:
    data = copy.deepcopy(demo_data)
    data["risks"][0].update(include_reserve=True, category="software")
    error = _only(_errors(data))
    assert error.path == "risks[0].include_reserve"


def test_resolve_path_names_list_items_by_index_or_id() -> None:
    case = demo_case()
    by_id = resolve_path(case, SOFTWARE)
    by_index = resolve_path(case, "participants[0].baseline.costs[4].visible_eur")
    assert by_id == by_index
    assert by_id.kind is TargetKind.VISIBLE and by_id.value == 145400
    staffing = resolve_path(case, "participants[gm9001].baseline.staffing[Management].fte")
    assert (staffing.kind, staffing.value, staffing.other_factor) == (
        TargetKind.STAFFING,
        0.2,
        91000,
    )
    whole = resolve_path(case, "participants[gm9001].drivers.inhabitants")
    assert whole.kind is TargetKind.DRIVER and whole.value is None
    with pytest.raises(PathError, match=r"op 'participants\[gm9001\].name' kan geen"):
        resolve_path(case, "participants[gm9001].name")
