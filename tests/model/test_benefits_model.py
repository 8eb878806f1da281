"""Benefits steering in the case model: the network, benefit lines, indicators and actuals
are checked reference by reference, with Dutch messages and case-file paths."""

from __future__ import annotations

from typing import Any

import pytest

from samenrekenen.demo import demo_case
from samenrekenen.io.casefile import CaseFileError, validate_document
from samenrekenen.model import Benefit, Case
from samenrekenen.model.validation import check_case


@pytest.fixture
def data() -> dict[str, Any]:
    return demo_case().model_dump(mode="json", exclude_none=True)


def _errors(data: dict[str, Any]) -> dict[str, str]:
    try:
        validate_document(data, "demo.yaml")
    except CaseFileError as error:
        return {e.path: e.message for e in error.errors}
    return {}


def _scenario(data: dict[str, Any], scenario_id: str) -> dict[str, Any]:
    return next(s for s in data["scenarios"] if s["id"] == scenario_id)


def test_the_demo_with_benefits_indicators_and_actuals_is_valid() -> None:
    case = demo_case()
    assert check_case(case) == []
    assert case.indicators and case.actuals is not None
    assert any(not b.monetised for b in case.scenario("minder-meerkosten").benefits)


def test_existing_benefit_lines_keep_their_meaning_by_default() -> None:
    line = Benefit(id="b", category="software")
    assert line.monetised is True
    assert line.owner is None and line.network_node is None


def test_an_edited_network_edge_to_an_unknown_node_is_named(data: dict[str, Any]) -> None:
    data["benefits_network"] = {
        "nodes": [
            {"id": "inkoop", "name": "Inkoop", "layer": "measure"},
            {"id": "doel", "name": "Effectieve gemeente", "layer": "goal"},
        ],
        "edges": [
            {"source": "inkoop", "target": "onbekend"},
            {"source": "inkoop", "target": "doel"},
        ],
    }
    errors = _errors(data)
    assert "onbekende knoop 'onbekend'" in errors["benefits_network.edges[0].target"]
    # The demo's benefits name nodes of the default network, which this one replaces.
    line_path = next(p for p in errors if p.endswith("network_node"))
    assert "onbekende knoop 'continuiteit'" in errors[line_path]


def test_an_edge_against_the_direction_and_a_circle_are_refused(data: dict[str, Any]) -> None:
    nodes = [
        {"id": "a", "name": "A", "layer": "source"},
        {"id": "b", "name": "B", "layer": "source"},
        {"id": "doel", "name": "Doel", "layer": "objective"},
        {"id": "eind", "name": "Eind", "layer": "goal"},
    ]
    edges = [
        {"source": "a", "target": "b"},
        {"source": "b", "target": "a"},
        {"source": "eind", "target": "doel"},
    ]
    data["benefits_network"] = {"nodes": nodes, "edges": edges}
    for scenario in data["scenarios"]:
        for line in scenario.get("benefits", []):
            line.pop("network_node", None)
    errors = _errors(data)
    assert "van oorzaak naar gevolg" in errors["benefits_network.edges[2].target"]
    assert "kring: a → b → a" in errors["benefits_network.edges"]


def test_a_non_monetised_benefit_with_amounts_is_refused(data: dict[str, Any]) -> None:
    scenario = _scenario(data, "minder-meerkosten")
    index = next(i for i, b in enumerate(scenario["benefits"]) if b.get("monetised") is False)
    scenario["benefits"][index]["values"] = {"2028": 1000}
    position = data["scenarios"].index(scenario)
    message = _errors(data)[f"scenarios[{position}].benefits[{index}].values"]
    assert "niet in geld" in message


def test_an_indicator_on_an_unknown_benefit_or_objective_is_named(data: dict[str, Any]) -> None:
    data["indicators"][0]["objective"] = "geen-doel"
    data["indicators"][4]["benefit"] = "geen-baat"
    data["indicators"][1]["benefit"] = "minder-uitval"  # both a benefit and an objective
    errors = _errors(data)
    assert "onbekende doelstelling 'geen-doel'" in errors["indicators[0].objective"]
    assert "onbekende baat 'geen-baat'" in errors["indicators[4].benefit"]
    assert "niet beide" in errors["indicators[1]"]


def test_actuals_for_an_unknown_entity_category_or_year_are_named(data: dict[str, Any]) -> None:
    costs = data["actuals"]["costs"]
    costs[0]["entity"] = "gm0000"
    costs[1]["category"] = "koffie"
    costs[2]["year"] = 2040
    data["actuals"]["volumes"][0]["driver"] = "fietsen"
    data["actuals"]["indicators"][0]["indicator"] = "geen"
    errors = _errors(data)
    assert "onbekende entiteit 'gm0000'" in errors["actuals.costs[0].entity"]
    assert "onbekende categorie 'koffie'" in errors["actuals.costs[1].category"]
    assert "buiten de looptijd" in errors["actuals.costs[2].year"]
    assert "onbekende volume 'fietsen'" in errors["actuals.volumes[0].driver"]
    assert "onbekende kengetal 'geen'" in errors["actuals.indicators[0].indicator"]


def test_an_actual_amount_for_a_non_monetised_benefit_is_refused(data: dict[str, Any]) -> None:
    data["actuals"]["benefits"].append({"benefit": "kwetsbaarheid", "year": 2027, "amount_eur": 5})
    errors = _errors(data)
    assert "niet in geld" in errors["actuals.benefits[1].benefit"]


def test_the_same_actual_twice_is_refused(data: dict[str, Any]) -> None:
    data["actuals"]["costs"].append(dict(data["actuals"]["costs"][0]))
    errors = _errors(data)
    assert (
        "staat al bij actuals.costs[0]"
        in errors[f"actuals.costs[{len(data['actuals']['costs']) - 1}]"]
    )


def test_benefit_errors_carry_no_english_pydantic_text(data: dict[str, Any]) -> None:
    data["actuals"]["volumes"][0]["value"] = -3
    data["indicators"][0]["targets"] = {"2027": "veel"}
    errors = _errors(data)
    assert errors
    for message in errors.values():
        assert not any(word in message for word in ("Input should", "field required", "value is"))


def test_the_case_schema_offers_the_benefits_fields() -> None:
    properties = Case.model_json_schema()["properties"]
    assert {"benefits_network", "indicators", "actuals"} <= set(properties)
