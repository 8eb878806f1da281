"""Specification of the semantic checks of a case (samenrekenen.model.validation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from samenrekenen.model.validation import CaseError

Data = dict[str, Any]
ErrorsOf = Callable[[Data], list[CaseError]]


def _set(*path: str | int, value: Any) -> Callable[[Data], None]:
    """A change to a case dict: set the value at a path."""

    def change(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _put(data: Data, path: str, value: Any) -> None:
    """Set the value at a path written as in an error: ``scenarios[1].benefits[0].category``."""
    keys: list[str | int] = [
        int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
    ]
    _set(*keys, value=value)(data)


def _only(errors: list[CaseError]) -> CaseError:
    assert len(errors) == 1, errors
    return errors[0]


def test_valid_case_has_no_errors(case_data: Data, errors_of: ErrorsOf) -> None:
    assert errors_of(case_data) == []


def test_case_error_format_gives_file_line_path_and_message() -> None:
    error = CaseError("scenarios[1].investments[3].year", "jaar 1800 ligt buiten", 12)
    assert error.format("demo.yaml") == (
        "demo.yaml:12: scenarios[1].investments[3].year: jaar 1800 ligt buiten"
    )
    assert error.format() == "regel 12: scenarios[1].investments[3].year: jaar 1800 ligt buiten"
    assert CaseError("", "leeg").format("a.json") == "a.json: leeg"


# --- references to participants -----------------------------------------------------------

S1 = ("scenarios", 1)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set(*S1, "investments", 0, "bearer", value="gm9999"), "investments[0].bearer"),
        (
            _set(*S1, "transfers", 1, "participants", value=["gm9999"]),
            "transfers[1].participants[0]",
        ),
        (_set(*S1, "members", value=["gm0001", "gm9999"]), "members[1]"),
        (
            _set(*S1, "asset_retirements", 0, "participant", value="gm9999"),
            "asset_retirements[0].participant",
        ),
    ],
)
def test_unknown_participant_is_named_with_the_choices(
    case_data: Data, errors_of: ErrorsOf, change: Callable[[Data], None], path: str
) -> None:
    change(case_data)
    error = _only(errors_of(case_data))
    assert error.path == f"scenarios[1].{path}"
    assert "'gm9999'" in error.message
    assert "gm0001, gm0002, gm0003" in error.message


def test_unknown_participant_in_fixed_percentages(case_data: Data, errors_of: ErrorsOf) -> None:
    key = case_data["scenarios"][1]["structural_costs"][0]["charge_key"]
    key["percentages"] = {"gm0001": 60, "gm9999": 40}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].structural_costs[0].charge_key.percentages.gm9999"
    assert error.message.startswith("onbekende deelnemer 'gm9999'; kies een van: gm0001")


def test_unknown_bearer_offers_share_members_and_participants(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["level_changes"][0]["bearer"] = "iedereen"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].level_changes[0].bearer"
    assert error.message == (
        "onbekende drager 'iedereen'; kies 'share', 'members' of een deelnemer: "
        "gm0001, gm0002, gm0003"
    )


# --- references to categories --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("participants[0].baseline.costs[1].category", "sofware"),
        ("participants[0].baseline.staffing[0].category", "sofware"),
        ("participants[0].baseline.assets[0].category", "sofware"),
        ("participants[0].baseline.contracts[0].category", "sofware"),
        ("scenarios[1].benefits[0].category", "sofware"),
        ("scenarios[1].transfers[0].categories[0]", "sofware"),
        ("categories[1].parent", "sofware"),
        ("participants[0].depreciation_terms.sofware", 5),
        ("shared_service.depreciation_terms.sofware", 5),
        ("cooperation.indexation.per_category.sofware", {"rate": 0.03}),
        ("scenarios[1].indexation", {"per_category": {"sofware": {"rate": 0.03}}}),
    ],
)
def test_unknown_category_is_named_with_the_choices(
    case_data: Data, errors_of: ErrorsOf, path: str, value: Any
) -> None:
    _put(case_data, path, value)
    error = _only(errors_of(case_data))
    assert error.path.startswith(path)
    assert error.message.startswith("onbekende categorie 'sofware'; kies een van: werkplek, ")


def test_staff_change_default_category_must_exist(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["categories"] = [c for c in case_data["categories"] if c["id"] != "personele_inzet"]
    paths = [e.path for e in errors_of(case_data)]
    assert "scenarios[1].staff_changes[0].category" in paths
    assert "participants[0].baseline.staffing[0].category" in paths


def test_category_cycle_is_reported_once(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["categories"][0]["parent"] = "software"
    case_data["categories"][4]["parent"] = "werkplek"
    error = _only(errors_of(case_data))
    assert error.path == "categories[0].parent"
    assert "werkplek → software → werkplek" in error.message


# --- drivers, bases and keys ---------------------------------------------------------------


def test_unknown_driver_in_basis(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["investments"][0]["basis"]["driver"] = "accounts"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].investments[0].basis.driver"
    assert "'accounts'" in error.message
    assert "inhabitants, workplaces" in error.message


def test_unknown_driver_in_key(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["charging"]["default_key"] = {"kind": "driver", "driver": "facturen"}
    error = _only(errors_of(case_data))
    assert error.path == "charging.default_key.driver"
    assert "geen enkele deelnemer heeft de driver 'facturen'" in error.message


def test_per_driver_basis_needs_a_driver(case_data: Data, errors_of: ErrorsOf) -> None:
    del case_data["scenarios"][1]["investments"][0]["basis"]["driver"]
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].investments[0].basis.driver"
    assert "'per_driver' heeft een driver nodig" in error.message


def test_driver_key_needs_a_driver(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["one_off_costs"][0]["allocation_key"] = {"kind": "driver"}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].one_off_costs[0].allocation_key.driver"
    assert "soort 'driver' heeft een driver nodig" in error.message


def test_fixed_key_needs_percentages(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["charging"] = {"default_key": {"kind": "fixed"}}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].charging.default_key.percentages"
    assert "soort 'fixed' heeft percentages per deelnemer nodig" in error.message


def test_fixed_percentages_must_add_up_to_100(case_data: Data, errors_of: ErrorsOf) -> None:
    key = case_data["scenarios"][1]["structural_costs"][0]["charge_key"]
    key["percentages"] = {"gm0001": 60, "gm0002": 30}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].structural_costs[0].charge_key.percentages"
    assert error.message == "de vaste percentages tellen op tot 90%; dat moet 100% zijn"


def test_fixed_percentages_within_tolerance_are_fine(case_data: Data, errors_of: ErrorsOf) -> None:
    key = case_data["scenarios"][1]["structural_costs"][0]["charge_key"]
    key["percentages"] = {"gm0001": 33.333, "gm0002": 33.333, "gm0003": 33.333}
    assert errors_of(case_data) == []


def test_fixed_percentage_above_100(case_data: Data, errors_of: ErrorsOf) -> None:
    key = case_data["scenarios"][1]["structural_costs"][0]["charge_key"]
    key["percentages"] = {"gm0001": 150, "gm0002": -50}
    errors = errors_of(case_data)
    assert [e.path for e in errors] == [
        "scenarios[1].structural_costs[0].charge_key.percentages.gm0001",
        "scenarios[1].structural_costs[0].charge_key.percentages.gm0002",
    ]
    assert errors[0].message == "percentage 150 ligt buiten 0–100"


@pytest.mark.parametrize(
    ("drivers", "path"),
    [
        ({"inhabitants": -5}, "participants[0].drivers.inhabitants"),
        ({"workplaces": {2026: 10, 2027: -1}}, "participants[0].drivers.workplaces.2027"),
    ],
)
def test_negative_driver_values(
    case_data: Data, errors_of: ErrorsOf, drivers: Data, path: str
) -> None:
    case_data["participants"][0]["drivers"] = drivers
    error = _only(errors_of(case_data))
    assert error.path == path
    assert "een volume is 0 of meer" in error.message


# --- duplicate ids -------------------------------------------------------------------------


def _copy_asset(data: Data) -> None:
    assets = data["participants"][1]["baseline"]["assets"]
    assets.append({**assets[0], "amount_eur": 1})


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set("participants", 2, "id", value="gm0001"), "participants[2].id"),
        (_set("categories", 3, "id", value="werkplek"), "categories[3].id"),
        (
            _set("cooperation", "objectives", 1, "id", value="lagere-kosten"),
            "cooperation.objectives[1].id",
        ),
        (_set(*S1, "phases", 1, "id", value="f1"), "scenarios[1].phases[1].id"),
        (_copy_asset, "participants[1].baseline.assets[1].id"),
        (_set(*S1, "transfers", 1, "id", value="knip-werkplek"), "scenarios[1].transfers[1].id"),
        (_set(*S1, "benefits", 0, "id", value="inkoop"), "scenarios[1].benefits[0].id"),
        (_set("scenarios", 2, "id", value="alleen"), "scenarios[2].id"),
    ],
)
def test_duplicate_ids(
    case_data: Data, errors_of: ErrorsOf, change: Callable[[Data], None], path: str
) -> None:
    change(case_data)
    errors = errors_of(case_data)
    assert path in [e.path for e in errors]
    error = next(e for e in errors if e.path == path)
    assert "komt al voor bij" in error.message


def test_line_id_of_another_kind_in_the_parent_scenario(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][2]["markups"][0]["id"] = "knip-werkplek"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[2].markups[0].id"
    assert "bestaat ook als ander soort regel in scenario 'samen'" in error.message


def test_replacing_a_parent_line_of_the_same_kind_is_fine(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    replacement = {**case_data["scenarios"][1]["markups"][0], "values": {2027: 100}}
    case_data["scenarios"][2]["markups"].append(replacement)
    assert errors_of(case_data) == []


# --- years ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "year"),
    [
        ("scenarios[1].investments[0].values.1800", 5, 1800),
        ("scenarios[1].transfers[0].values.2040", 5, 2040),
        ("scenarios[1].benefits[0].until_year", 2036, 2036),
        ("scenarios[1].staff_changes[0].realised_from_year", 2025, 2025),
        ("scenarios[1].asset_retirements[0].year", 2040, 2040),
        ("scenarios[1].phases[1].go_live", dt.date(2037, 3, 1), 2037),
        ("cooperation.indexation.default.rates.2025", 0.03, 2025),
    ],
)
def test_year_outside_the_horizon(
    case_data: Data, errors_of: ErrorsOf, path: str, value: Any, year: int
) -> None:
    _put(case_data, path, value)
    error = _only(errors_of(case_data))
    assert error.path == path
    assert error.message == f"jaar {year} ligt buiten de looptijd 2026–2035"


def test_asset_may_be_bought_before_but_not_after_the_horizon(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["participants"][0]["baseline"]["assets"][0]["purchase_year"] = 2001
    assert errors_of(case_data) == []
    case_data["participants"][0]["baseline"]["assets"][0]["purchase_year"] = 2036
    error = _only(errors_of(case_data))
    assert error.path == "participants[0].baseline.assets[0].purchase_year"
    assert "aanschafjaar 2036 ligt na de looptijd 2026–2035" in error.message


# --- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [("participants", 1), ("shared_service",)])
def test_non_positive_depreciation_term(
    case_data: Data, errors_of: ErrorsOf, where: tuple[Any, ...]
) -> None:
    target: Any = case_data
    for key in where:
        target = target[key]
    target["depreciation_terms"] = {"werkplek": 0}
    error = _only(errors_of(case_data))
    assert error.path.endswith("depreciation_terms.werkplek")
    assert error.message.startswith("afschrijvingstermijn van 0 jaar is niet mogelijk")


def test_transfer_value_outside_0_to_100(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["transfers"][0]["values"] = {2027: 120}
    errors = errors_of(case_data)
    assert errors[0].path == "scenarios[1].transfers[0].values.2027"
    assert errors[0].message.startswith("knip-percentage 120 ligt buiten 0–100")


def test_transfers_covering_one_participant_and_category_add_up_to_at_most_100(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["transfers"][1]["values"] = {2027: 40, 2030: 50}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].transfers[0].values"
    assert error.message == (
        "de knip-percentages van 'knip-werkplek', 'knip-rest' tellen in 2030 op tot 110% voor "
        "deelnemer 'gm0001', categorie 'werkplek'; dat mag hoogstens 100% zijn"
    )


def test_transfers_that_end_before_another_starts_do_not_add_up(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    transfers = case_data["scenarios"][1]["transfers"]
    transfers[0]["values"] = {2027: 100}
    transfers[0]["until_year"] = 2029
    transfers[1]["values"] = {2030: 100}
    assert errors_of(case_data) == []


def test_a_transfer_line_without_percentages_yet_adds_nothing(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["transfers"][0]["values"] = {}
    assert errors_of(case_data) == []


def test_inherited_transfer_overflow_is_reported_where_the_lines_are(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["transfers"][1]["values"] = {2027: 50}
    errors = errors_of(case_data)
    assert [e.path for e in errors] == ["scenarios[1].transfers[0].values"]


def test_percent_level_change_is_at_least_minus_100(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["level_changes"][0]["values"] = {2028: -120}
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].level_changes[0].values.2028"
    assert error.message.startswith("een daling van -120% is niet mogelijk")
    case_data["scenarios"][1]["level_changes"][0]["kind"] = "absolute"
    assert errors_of(case_data) == []


def test_phases_add_up_to_at_most_100(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["phases"][1]["share_pct"] = 75
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].phases"
    assert error.message == "de fasen tellen op tot 125%; dat mag hoogstens 100% zijn"


# --- scenarios -----------------------------------------------------------------------------


def test_no_baseline_scenario(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][0]["is_baseline"] = False
    error = _only(errors_of(case_data))
    assert error.path == "scenarios"
    assert "zet 'is_baseline: true' bij precies één scenario" in error.message


def test_two_baseline_scenarios(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1].update(is_baseline=True, members=None, delay_months=0)
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].is_baseline"
    assert error.message.startswith("'alleen' is al het basisscenario")


def test_baseline_scenario_cannot_extend_select_members_or_be_delayed(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][0].update(extends="samen", members=["gm0001"], delay_months=3)
    errors = errors_of(case_data)
    assert [e.path for e in errors] == [
        "scenarios[0].extends",
        "scenarios[0].members",
        "scenarios[0].delay_months",
    ]
    assert (
        errors[1].message == "het basisscenario omvat altijd alle deelnemers; verwijder 'members'"
    )


def test_unknown_extends_target(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][2]["extends"] = "samne"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[2].extends"
    assert error.message == "onbekend scenario 'samne'; kies een van: alleen, samen, samen-plus"


def test_extends_cycle_is_reported_once(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["extends"] = "samen-plus"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].extends"
    assert "samen → samen-plus → samen" in error.message


def test_scenario_extending_itself(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["extends"] = "samen"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].extends"
    assert "samen → samen" in error.message


def test_remove_lines_must_name_a_parent_line(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][2]["remove_lines"] = ["korting", "kortnig"]
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[2].remove_lines[1]"
    assert error.message.startswith("scenario 'samen' heeft geen regel 'kortnig'")


def test_markup_must_refer_to_an_investment(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["markups"][0]["applies_to"] = ["platform", "platfrom"]
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].markups[0].applies_to[1]"
    assert error.message == "onbekende investering 'platfrom'; kies een van: platform"


def test_markup_may_refer_to_an_inherited_investment(case_data: Data, errors_of: ErrorsOf) -> None:
    assert case_data["scenarios"][2]["markups"][0]["applies_to"] == ["platform"]
    case_data["scenarios"][2]["remove_lines"] = ["platform"]
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[2].markups[0].applies_to[0]"


def test_asset_retirement_must_refer_to_an_asset(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["asset_retirements"][0]["asset"] = "servers"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].asset_retirements[0].asset"
    assert error.message == "deelnemer 'gm0001' heeft geen activum 'servers'; kies een van: laptops"


def test_objectives_not_reached_must_exist(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][0]["objectives_not_reached"] = ["innovatie", "snelheid"]
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[0].objectives_not_reached[1]"
    assert error.message == (
        "onbekende doelstelling 'snelheid'; kies een van: lagere-kosten, innovatie"
    )


def test_staff_change_at_the_share_needs_a_cost_per_fte(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["staff_changes"][0]["bearer"] = "share"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].staff_changes[0].cost_per_fte_eur"
    assert "vul 'cost_per_fte_eur' in" in error.message
    case_data["scenarios"][1]["staff_changes"][0]["cost_per_fte_eur"] = 75_000
    assert errors_of(case_data) == []


def test_staff_change_at_a_participant_needs_its_staffing_or_a_cost(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["staff_changes"][0]["function_group"] = "Management"
    error = _only(errors_of(case_data))
    assert error.path == "scenarios[1].staff_changes[0].cost_per_fte_eur"
    assert error.message.startswith(
        "deelnemer gm0001 heeft in de nulmeting geen bezetting voor functiegroep 'Management'"
    )


def test_staff_change_of_members_checks_every_member(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["participants"][1]["baseline"]["staffing"] = []
    case_data["scenarios"][1]["staff_changes"][0]["bearer"] = "members"
    error = _only(errors_of(case_data))
    assert error.message.startswith("deelnemer gm0002 heeft in de nulmeting geen bezetting")


def test_members_must_not_be_empty(case_data: Data, errors_of: ErrorsOf) -> None:
    case_data["scenarios"][1]["members"] = []
    errors = errors_of(case_data)
    assert "scenarios[1].members" in [e.path for e in errors]


# --- collecting ----------------------------------------------------------------------------


def test_every_error_is_collected(case_data: Data, errors_of: ErrorsOf) -> None:
    scenario = case_data["scenarios"][1]
    scenario["investments"][0]["values"] = {1800: 5}
    scenario["investments"][0]["bearer"] = "gm9999"
    scenario["markups"][0]["applies_to"] = ["nope"]
    case_data["participants"][0]["drivers"]["inhabitants"] = -1
    case_data["scenarios"][0]["is_baseline"] = False
    paths = [e.path for e in errors_of(case_data)]
    assert paths == [
        "participants[0].drivers.inhabitants",
        "scenarios",
        "scenarios[1].investments[0].values.1800",
        "scenarios[1].investments[0].bearer",
        "scenarios[1].markups[0].applies_to[0]",
    ]


def test_broken_extends_chain_does_not_stop_the_other_checks(
    case_data: Data, errors_of: ErrorsOf
) -> None:
    case_data["scenarios"][1]["extends"] = "samen-plus"
    case_data["scenarios"][2]["markups"][0]["values"] = {1999: 1}
    paths = [e.path for e in errors_of(case_data)]
    assert paths == ["scenarios[1].extends", "scenarios[2].markups[0].values.1999"]
