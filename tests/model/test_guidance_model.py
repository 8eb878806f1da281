"""The formation block of a case: defaults, the checks against the guidance content and Dutch
messages; an invalid block leaves the case as it was."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError
from test_messages import ENGLISH

from samenrekenen.io.casefile import CaseFileError, validate_document
from samenrekenen.model import Case
from samenrekenen.model.messages import translate_errors
from samenrekenen.model.validation import CaseError, check_case

Data = dict[str, Any]
ErrorsOf = Callable[[Data], list[CaseError]]


def _with_formation(case_data: Data, **formation: Any) -> Data:
    data = copy.deepcopy(case_data)
    data["formation"] = formation
    return data


def _all_errors(data: Data) -> list[CaseError]:
    """Pydantic's errors in Dutch, or else the checks' errors."""
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return translate_errors(exc, data)
    return check_case(case)


def _messages(errors: list[CaseError], path: str) -> list[str]:
    return [e.message for e in errors if e.path == path]


def test_a_case_without_formation_stays_valid(case_data: Data, errors_of: ErrorsOf) -> None:
    assert "formation" not in case_data
    assert errors_of(case_data) == []
    assert Case.model_validate(case_data).formation is None


def test_an_empty_formation_is_valid_with_defaults(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(case_data)
    assert errors_of(data) == []
    formation = Case.model_validate(data).formation
    assert formation is not None
    assert formation.process_domains == ["ict"]
    assert formation.activity_status == {}


def test_unknown_process_code_is_a_dutch_error(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(
        case_data, process_assignments=[{"code": "F99", "placement": "shared_service"}]
    )
    (message,) = _messages(errors_of(data), "formation.process_assignments[0].code")
    assert message.startswith("onbekende procescode 'F99'; kies een van: P1, P1A")


def test_unknown_activity_and_phase_are_errors(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(
        case_data,
        activity_status={"1.9": "done"},
        gate_decisions=[{"phase": "7", "outcome": "go", "date": "2026-01-01", "text": "Ja"}],
    )
    errors = errors_of(data)
    assert _messages(errors, "formation.activity_status.1.9")[0].startswith(
        "onbekende activiteit '1.9'"
    )
    assert "heeft geen go/no-go-moment" in _messages(errors, "formation.gate_decisions[0].phase")[0]


def test_phase_four_has_no_gate(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(
        case_data,
        gate_decisions=[{"phase": "4", "outcome": "go", "date": "2026-01-01", "text": "Ja"}],
    )
    assert _messages(errors_of(data), "formation.gate_decisions[0].phase")


BLOCKING = {"id": "b1", "description": "Salarisrun faalt", "severity": "blocking"}
GO_3 = {"phase": "3", "outcome": "go", "date": "2026-05-01", "text": "In bedrijf"}


def test_go_with_open_blocking_finding_is_refused(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(case_data, trial_findings=[BLOCKING], gate_decisions=[GO_3])
    (message,) = _messages(errors_of(data), "formation.gate_decisions[0].outcome")
    assert "blokkerende bevindingen" in message and "b1" in message


@pytest.mark.parametrize(
    ("finding", "decision"),
    [
        ({**BLOCKING, "status": "resolved"}, GO_3),
        ({**BLOCKING, "severity": "obstructing"}, GO_3),
        (BLOCKING, {**GO_3, "outcome": "no_go"}),
        (BLOCKING, {**GO_3, "phase": "2"}),
    ],
)
def test_go_is_allowed_without_open_blocking_findings(
    case_data: Data, errors_of: ErrorsOf, finding: Data, decision: Data
) -> None:
    data = _with_formation(case_data, trial_findings=[finding], gate_decisions=[decision])
    assert errors_of(data) == []


def test_negative_weight_is_a_dutch_error(case_data: Data, errors_of: ErrorsOf) -> None:
    data = _with_formation(case_data, form_choice={"weights": {"zeggenschap": -1}})
    (message,) = _messages(errors_of(data), "formation.form_choice.weights.zeggenschap")
    assert message == "negatief gewicht -1 is niet mogelijk; een gewicht is 0 of meer"


def test_all_weights_zero_is_an_error(case_data: Data, errors_of: ErrorsOf) -> None:
    from samenrekenen.guidance import content

    weights = {c.id: 0 for c in content.forms().criteria}
    data = _with_formation(case_data, form_choice={"weights": weights})
    assert _messages(errors_of(data), "formation.form_choice.weights")


def test_scores_out_of_range_are_dutch_errors(case_data: Data) -> None:
    data = _with_formation(
        case_data,
        form_choice={"scores": {"stichting": {"zeggenschap": 9}}},
        provisions=[
            {
                "id": "p",
                "name": "P",
                "layer": "dak",
                "phase": "x",
                "public_value": 3,
                "legitimacy": 0,
            }
        ],
    )
    errors = _all_errors(data)
    assert _messages(errors, "formation.form_choice.scores.stichting.zeggenschap") == [
        "9 mag hoogstens 5 zijn"
    ]
    assert _messages(errors, "formation.provisions[0].legitimacy") == ["0 moet 1 of meer zijn"]


def test_unknown_codes_of_forms_provisions_sourcing_and_questionnaire(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    data = _with_formation(
        case_data,
        form_choice={"scores": {"nv": {"zeggenschap": 3}}, "chosen": "nv"},
        provisions=[
            {
                "id": "p",
                "name": "P",
                "layer": "dak",
                "phase": "x",
                "public_value": 3,
                "legitimacy": 1,
            }
        ],
        sourcing=[{"process": "P1", "model": "third_party"}],
        questionnaire=[{"group": "raad", "answers": {"ernst": 3}}],
        checklist_done=["rec-10"],
    )
    paths = {e.path for e in errors_of(data)}
    assert paths == {
        "formation.form_choice.scores.nv",
        "formation.form_choice.chosen",
        "formation.provisions[0].layer",
        "formation.provisions[0].phase",
        "formation.sourcing[0].process",
        "formation.questionnaire[0].answers.ernst",
        "formation.checklist_done[0]",
    }


def test_no_english_reaches_the_user(case_data: Data) -> None:
    data = _with_formation(
        case_data,
        activity_status={"1.1": "klaar"},
        trial_findings=[{"id": "x", "description": "", "severity": "heel erg"}],
        form_choice={"weights": {"zeggenschap": "veel"}},
        provisions=[{"id": "p", "name": "P", "layer": "dak", "phase": "x", "public_value": 7}],
    )
    errors = _all_errors(data)
    assert errors
    for error in errors:
        assert not any(word in error.message for word in ENGLISH), error


def test_invalid_formation_leaves_the_document_unchanged(case_data: Data) -> None:
    data = _with_formation(
        case_data, process_assignments=[{"code": "X1", "placement": "municipality"}]
    )
    before = copy.deepcopy(data)
    with pytest.raises(CaseFileError) as raised:
        validate_document(data, "casus.yaml")
    assert data == before
    assert "casus.yaml: formation.process_assignments[0].code: onbekende procescode" in str(
        raised.value
    )
