"""Specification of the Dutch messages for pydantic errors (samenrekenen.model.messages)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from samenrekenen.model import Case
from samenrekenen.model.messages import translate_errors
from samenrekenen.model.validation import CaseError

Data = dict[str, Any]

ENGLISH = (
    "Field required",
    "Input should",
    "Value error",
    "Extra inputs",
    "not permitted",
    "String should",
    "List should",
    "Dictionary should",
    "should be",
    "should have",
    "unable to parse",
    "valid number",
    "valid integer",
    "Assertion failed",
    "after validation",
    " or ",
)


def _errors(data: Data) -> list[CaseError]:
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    return translate_errors(raised.value, data)


def _message_at(data: Data, path: str) -> str:
    errors = _errors(data)
    found = [e.message for e in errors if e.path == path]
    assert found, errors
    return found[0]


def _minimal() -> Data:
    return {
        "schema_version": 1,
        "cooperation": {"name": "Samen", "first_year": 2026},
        "participants": [{"id": "gm0001", "name": "Een", "drivers": {"inhabitants": 1000}}],
        "scenarios": [
            {
                "id": "alleen",
                "name": "Alleen",
                "is_baseline": True,
                "investments": [{"id": "i", "category": "werkplek", "values": {"2027": 5}}],
            }
        ],
    }


def test_minimal_case_is_valid() -> None:
    Case.model_validate(_minimal())


def test_malformed_number_is_quoted_as_written(case_data: Data) -> None:
    case_data["scenarios"][1]["investments"][0]["values"] = {2027: "12,5k"}
    message = _message_at(case_data, "scenarios[1].investments[0].values.2027")
    assert message.startswith('"12,5k" is geen geldig getal')


def test_year_keys_from_json_and_yaml_give_the_same_path() -> None:
    for key in ("2027", 2027):
        data = _minimal()
        data["scenarios"][0]["investments"][0]["values"] = {key: "veel"}
        assert _errors(data)[0].path == "scenarios[0].investments[0].values.2027"


def test_path_without_the_raw_data_still_tells_years_from_indices() -> None:
    data = _minimal()
    data["scenarios"][0]["investments"][0]["values"] = {2027: "veel"}
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    assert translate_errors(raised.value)[0].path == "scenarios[0].investments[0].values.2027"


def test_missing_field() -> None:
    data = _minimal()
    del data["cooperation"]["first_year"]
    message = _message_at(data, "cooperation.first_year")
    assert message == "verplicht veld 'first_year' ontbreekt; vul het in"


def test_unknown_field_suggests_the_nearest_field() -> None:
    data = _minimal()
    data["participants"][0]["nmae"] = "x"
    message = _message_at(data, "participants[0].nmae")
    assert message == "onbekend veld 'nmae'; bedoelt u 'name'?"


def test_unknown_field_without_a_near_one() -> None:
    data = _minimal()
    data["scenarios"][0]["investments"][0]["xyzzy"] = 1
    message = _message_at(data, "scenarios[0].investments[0].xyzzy")
    assert message == "onbekend veld 'xyzzy'; controleer de spelling of verwijder het"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("cooperation.first_year", "2026x", '"2026x" is geen geldig geheel getal'),
        ("cooperation.first_year", 2026.5, "2026.5 is geen geheel getal; laat de decimalen weg"),
        ("cooperation.first_year", [2026], "verwacht een geheel getal, maar kreeg een lijst"),
        ("cooperation.first_year", 1800, "1800 moet 1900 of meer zijn"),
        ("cooperation.horizon_years", 0, "0 moet 1 of meer zijn"),
        ("cooperation.discount_rate", 1.5, "1.5 mag hoogstens 1 zijn"),
        ("cooperation.name", "", "mag niet leeg zijn; vul een waarde in"),
        ("cooperation.name", 12, "verwacht tekst, maar kreeg het getal 12"),
        ("cooperation.form", "fusie", '"fusie" is geen geldige keuze; kies een van: network, '),
        ("cooperation.discount_rate", "2,25%", '"2,25%" is geen geldig getal'),
        ("cooperation.preconditions", [], "verwacht een blok met velden, maar kreeg een lijst"),
        ("cooperation.preconditions.no_forced_redundancies", "ja", '"ja" is geen ja/nee-waarde'),
        ("cooperation.domains", "ict", 'verwacht een lijst, maar kreeg de tekst "ict"'),
        ("cooperation.indexation.per_category", [1], "verwacht een tabel"),
        ("participants", [], "moet minstens 1 element(en) bevatten"),
        ("participants[0].cbs_code", "0392", '"0392" is geen geldige CBS-code'),
        ("participants[0].id", "gm 1", '"gm 1" is geen geldige id'),
        ("participants[0].interest_rate", -0.01, "-0.01 moet 0 of meer zijn"),
        ("participants[0].drivers.inhabitants", "12,5k", '"12,5k" is geen geldig getal'),
        ("participants[0].drivers.inhabitants", [1], "verwacht een getal of een tabel met een"),
        ("participants[0].drivers.inhabitants", None, "verwacht een getal of een tabel met een"),
        ("scenarios[0].investments[0].term_years", 0, "0 moet groter zijn dan 0"),
        ("scenarios[0].investments[0].method", "snel", "kies een van: linear, annuity"),
        ("scenarios[0].phases", [{"id": "f", "go_live": "1-1-2027", "share_pct": 5}], "JJJJ-MM-DD"),
        ("scenarios[0].delay_months", 601, "601 mag hoogstens 600 zijn"),
        ("scenarios[0].qualitative_items", [{"id": "q", "description": "d", "kind": "x"}], "kies"),
    ],
)
def test_error_types_have_dutch_messages(path: str, value: Any, expected: str) -> None:
    data = _minimal()
    _put(data, path, value)
    errors = _errors(data)
    assert any(e.path.startswith(path) and expected in e.message for e in errors), errors
    for error in errors:
        assert not any(fragment in error.message for fragment in ENGLISH), error


def test_one_message_per_union_when_no_branch_fits() -> None:
    data = _minimal()
    data["participants"][0]["drivers"]["inhabitants"] = [1]
    assert [e.path for e in _errors(data)] == ["participants[0].drivers.inhabitants"]


def test_year_map_of_a_driver_reports_the_bad_year() -> None:
    data = _minimal()
    data["participants"][0]["drivers"]["inhabitants"] = {2026: 5, "volgend jaar": 6}
    errors = _errors(data)
    assert [e.path for e in errors] == ["participants[0].drivers.inhabitants.volgend jaar"]
    assert errors[0].message.startswith('"volgend jaar" is geen geldig jaartal')


def test_every_error_is_translated_at_once() -> None:
    data = _minimal()
    data["cooperation"]["first_year"] = "ooit"
    data["participants"][0]["name"] = ""
    data["scenarios"][0]["investments"][0]["values"] = {"2027": "12,5k"}
    assert [e.path for e in _errors(data)] == [
        "cooperation.first_year",
        "participants[0].name",
        "scenarios[0].investments[0].values.2027",
    ]


def _put(data: Data, path: str, value: Any) -> None:
    """Set a value at a path such as ``participants[0].drivers.inhabitants``."""
    keys: list[str | int] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        keys.append(name)
        if index:
            keys.append(int(index.rstrip("]")))
    target: Any = data
    for key in keys[:-1]:
        target = target[key] if isinstance(key, int) else target.setdefault(key, {})
    target[keys[-1]] = value


# --- no English ever -----------------------------------------------------------------------

_WORDS = st.text(st.characters(blacklist_characters=" "), max_size=12)
"""Random text without spaces, so that echoed input cannot spell an English phrase."""

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    _WORDS,
    st.sampled_from(["12,5k", "2026-13-01", "", " ", "GM12", "annuity", "€ 5"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(_WORDS, st.integers(), max_size=2),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_english_pydantic_text_reaches_the_user(case_data: Data, data: st.DataObject) -> None:
    case = copy.deepcopy(case_data)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(case)
        where = data.draw(st.sampled_from(paths))
        target: Any = case
        for key in where[:-1]:
            target = target[key]
        if isinstance(target, dict) and data.draw(st.booleans()):
            target[data.draw(_WORDS)] = data.draw(_JUNK)
        else:
            target[where[-1]] = data.draw(_JUNK)
    try:
        Case.model_validate(case)
    except ValidationError as exc:
        for error in translate_errors(exc, case) + translate_errors(exc):
            assert error.message
            assert not any(fragment in error.message for fragment in ENGLISH), error
