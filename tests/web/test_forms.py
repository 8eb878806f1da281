"""The model-driven form fields: Dutch labels for every field, parsing of Dutch entry, and
descriptors that address the case file's own paths."""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from samenrekenen.demo import demo_case
from samenrekenen.labels import ENUM_LABELS, enum_label, label_for
from samenrekenen.model import Case
from samenrekenen.model.common import Model
from samenrekenen.model.edits import PathError
from samenrekenen.model.participants import Participant, Staffing
from samenrekenen.model.scenario import LINE_LISTS, Investment, Scenario
from samenrekenen.web.demo_setup import demo_document
from samenrekenen.web.forms import (
    ALL_FORM_MODELS,
    LINE_MODELS,
    FieldError,
    FormContext,
    Kind,
    describe,
    field_at,
    parse_field,
)


def _enums(annotation: Any) -> list[type[Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [annotation]
    return [e for arg in get_args(annotation) for e in _enums(arg)]


def test_every_field_of_every_edited_model_has_a_dutch_label() -> None:
    missing = []
    for model in ALL_FORM_MODELS:
        for name in model.model_fields:
            try:
                label = label_for(model, name)
            except KeyError:
                missing.append(f"{model.__name__}.{name}")
                continue
            assert label and label != name, f"{model.__name__}.{name}: {label!r}"
    assert not missing, f"velden zonder Nederlands label: {missing}"


def test_every_line_type_is_covered_by_the_editor() -> None:
    assert set(LINE_MODELS) == set(LINE_LISTS)
    covered = set(ALL_FORM_MODELS)
    for name in (*LINE_LISTS, "phases", "qualitative_items"):
        item = get_args(Scenario.model_fields[name].annotation)[0]
        assert item in covered, name


def test_an_unmapped_field_fails() -> None:
    class Unknown(Model):
        zonder_label_veld: int = 0

    with pytest.raises(KeyError):
        label_for(Unknown, "zonder_label_veld")


def test_every_choice_of_every_enumeration_has_a_dutch_label() -> None:
    for model in ALL_FORM_MODELS:
        for name, info in model.model_fields.items():
            for enum in _enums(info.annotation):
                assert enum in ENUM_LABELS, f"{model.__name__}.{name}: {enum.__name__}"
                for member in enum:
                    value = str(member.value)
                    assert value in ENUM_LABELS[enum], f"{enum.__name__}.{value}"
                    assert enum_label(enum, value) != value


def test_dutch_number_entry_is_parsed() -> None:
    path = "participants[0].baseline.costs[0].visible_eur"
    assert parse_field(Case, path, "1.234,56") == pytest.approx(1234.56)
    assert parse_field(Case, path, "€ 2.000") == 2000.0
    assert parse_field(Investment, "values[2027]", "900.000") == 900000.0
    assert parse_field(Participant, "drivers.inhabitants[2027]", "5.200") == 5200.0


def test_bad_number_gets_a_dutch_message() -> None:
    with pytest.raises(FieldError, match="is geen getal"):
        parse_field(Staffing, "fte", "twaalf")
    with pytest.raises(FieldError, match="geen geheel getal"):
        parse_field(Investment, "term_years", "4,5")


def test_empty_optional_field_removes_the_value_and_required_field_refuses() -> None:
    assert parse_field(Investment, "term_years", "  ") is None
    assert parse_field(Investment, "values[2027]", "") is None
    assert parse_field(Investment, "description", "") is None
    with pytest.raises(FieldError, match="verplicht"):
        parse_field(Staffing, "fte", "")
    with pytest.raises(FieldError, match="verplicht"):
        parse_field(Investment, "id", "")


def test_choices_dates_checkboxes_and_id_lists() -> None:
    assert parse_field(Investment, "method", "annuity") == "annuity"
    with pytest.raises(FieldError, match="geen geldige keuze"):
        parse_field(Investment, "method", "degressief")
    assert parse_field(Scenario, "phases[0].go_live", "31-12-2027") == "2027-12-31"
    assert parse_field(Scenario, "phases[0].go_live", "2027-07-01") == "2027-07-01"
    with pytest.raises(FieldError, match="geen geldige datum"):
        parse_field(Scenario, "phases[0].go_live", "1 juli")
    assert parse_field(Investment, "indexed", "true") is True
    assert parse_field(Investment, "indexed", "") is False
    assert parse_field(Scenario, "members", ["gm1", "", "gm2", "gm1"]) == ["gm1", "gm2"]
    assert parse_field(Scenario, "members", []) is None
    with pytest.raises(FieldError, match="minstens één"):
        parse_field(Scenario, "markups[0].applies_to", [])


def test_unknown_path_is_refused() -> None:
    with pytest.raises(PathError):
        parse_field(Case, "participants[0].baseline.kosten", "1")


def _context() -> FormContext:
    return FormContext.for_case(demo_case(), 7, "minder-meerkosten")


def test_describe_gives_year_inputs_nested_fieldsets_and_lists() -> None:
    document = demo_document()
    ctx = _context()
    fields = {f.name: f for f in describe(Scenario, "scenarios[2]", document["scenarios"][2], ctx)}
    assert fields["members"].kind is Kind.ID_LIST
    assert fields["extends"].kind is Kind.SELECT
    assert fields["delay_months"].kind is Kind.INTEGER
    investments = fields["investments"]
    assert investments.kind is Kind.ITEMS and investments.add is not None
    line = {f.name: f for f in investments.items[1].fields}
    values = line["values"]
    assert values.kind is Kind.YEAR_VALUES
    assert [c.path for c in values.children][:2] == [
        "scenarios[2].investments[1].values[2026]",
        "scenarios[2].investments[1].values[2027]",
    ]
    assert values.children[1].value == 900000.0 and values.children[1].revision == 7
    assert line["basis"].kind is Kind.FIELDSET
    assert {c.name for c in line["basis"].children} == {"kind", "driver"}
    assert line["allocation_key"].creatable and not line["allocation_key"].present
    assert line["source"].collapsed
    markup = {f.name: f for f in fields["markups"].items[0].fields}
    assert {c.value for c in markup["applies_to"].choices} >= {"innovatie-platform"}


def test_describe_participant_drivers_and_baseline() -> None:
    document = demo_document()
    fields = {
        f.name: f
        for f in describe(Participant, "participants[0]", document["participants"][0], _context())
    }
    drivers = fields["drivers"]
    assert drivers.kind is Kind.DRIVERS
    rows = {r.name: r for r in drivers.children}
    assert rows["inhabitants"].children[0].path == "participants[0].drivers.inhabitants[2026]"
    assert rows["inhabitants"].children[1].placeholder == "5.200"
    assert rows["accounts"].children[0].value == 60.0
    baseline = {f.name: f for f in fields["baseline"].children}
    assert baseline["status"].kind is Kind.SELECT
    assert {c.label for c in baseline["status"].choices} == {"Concept", "Ingeleverd", "Gevalideerd"}
    cost = {f.name: f for f in baseline["costs"].items[0].fields}
    assert cost["visible_eur"].path == "participants[0].baseline.costs[0].visible_eur"
    assert cost["visible_eur"].text == "64.600"
    assert cost["hidden"].kind is Kind.ITEMS
    assert baseline["comments"].add is not None
    assert [f.name for f in baseline["comments"].add.fields] == ["text"]


def test_field_at_rebuilds_the_field_a_page_shows() -> None:
    document = demo_document()
    ctx = _context()
    cell = field_at(document, "scenarios[2].investments[1].values[2027]", ctx)
    assert cell.kind is Kind.YEAR_CELL and cell.text == "900.000"
    assert cell.label == "Aanschaf per jaar (€) – 2027"
    driver = field_at(document, "participants[0].drivers.accounts[2026]", ctx)
    assert driver.value == 60.0
    later = field_at(document, "participants[0].drivers.accounts[2027]", ctx)
    assert later.value is None and later.placeholder == "60"
    term = field_at(document, "participants[0].depreciation_terms.werkplek", ctx)
    assert term.kind is Kind.INTEGER and term.value == 4 and term.label == "Werkplek"
    status = field_at(document, "participants[0].baseline.status", ctx)
    assert status.display == "Gevalideerd"


def test_read_only_display_is_dutch() -> None:
    document = demo_document()
    ctx = _context()
    ctx.editable = lambda _path: False
    fields = describe(Participant, "participants[0]", document["participants"][0], ctx)
    rate = next(f for f in fields if f.name == "interest_rate")
    assert not rate.editable and rate.display == "0,025"
    models: list[type[BaseModel]] = [Participant, Scenario]
    for model in models:
        for spec in describe(model, "x", {}, ctx):
            assert not spec.editable
