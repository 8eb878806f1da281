"""The demo case: a valid, realistic case file whose story holds with the engine.

The story: costs rise in every scenario (also alone); with investment in quality and innovation
(*minder meerkosten*) the cooperation's costs rise less than alone over the horizon; the
cooperation earns itself back only after several years; and a member can be worse off than
alone while the whole is better off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from samenrekenen.demo import demo_case, demo_yaml
from samenrekenen.engine import calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.io.casefile import load_case
from samenrekenen.model import Case, Participant
from samenrekenen.model.validation import check_case

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = ("ongewijzigd-beleid", "kostenreductie", "minder-meerkosten", "minder-meerkosten-vier")
COOPERATION_SCENARIOS = SCENARIOS[1:]
TOLERANCE_EUR = 0.005


@pytest.fixture(scope="module")
def case() -> Case:
    return demo_case()


@pytest.fixture(scope="module")
def result(case: Case) -> CaseResult:
    return calculate(case)


def _inhabitants(participant: Participant) -> list[float]:
    value = participant.drivers["inhabitants"]
    return list(value.values()) if isinstance(value, dict) else [value]


def _sources(node: Any) -> Iterator[dict[str, Any]]:
    """Every source note in the case file's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, dict):
                yield value
            else:
                yield from _sources(value)
    elif isinstance(node, list):
        for item in node:
            yield from _sources(item)


# --- the file ----------------------------------------------------------------------------------


def test_demo_validates_without_errors(case: Case) -> None:
    assert case.schema_version == 1
    assert check_case(case) == []


def test_demo_yaml_is_the_text_that_demo_case_parses() -> None:
    text = demo_yaml()
    assert text.startswith("#")
    assert Case.model_validate(yaml.safe_load(text)) == demo_case()


def test_examples_demo_is_identical_to_the_packaged_demo() -> None:
    assert (REPO / "examples" / "demo.yaml").read_text(encoding="utf-8") == demo_yaml()


def test_examples_demo_loads_with_the_case_file_loader() -> None:
    assert load_case(REPO / "examples" / "demo.yaml") == demo_case()


def test_demo_frames_an_external_ssc_over_ten_years_with_a_software_index(case: Case) -> None:
    cooperation = case.cooperation
    assert cooperation.form == "external_ssc"
    assert cooperation.first_year == 2026
    assert cooperation.horizon_years == 10
    assert cooperation.indexation.default.rate == 0.02
    assert cooperation.indexation.per_category["software"].rate != 0.02
    assert cooperation.discount_rate == 0.0225
    assert {o.name for o in cooperation.objectives} == {
        "Lagere gemeentelijke kosten",
        "Betere dienstverlening",
        "Ontzorgen",
        "Versnelling van innovatie",
    }
    preconditions = cooperation.preconditions
    assert preconditions.max_one_off_costs_eur is not None
    assert preconditions.max_realisation_months is not None
    assert preconditions.no_forced_redundancies


def test_demo_has_ten_municipalities_from_5000_to_160000_inhabitants(case: Case) -> None:
    participants = case.participants
    assert len(participants) == 10
    assert [p.id for p in participants] == [f"gm{9001 + i}" for i in range(10)]
    assert [p.cbs_code for p in participants] == [f"GM{9001 + i}" for i in range(10)]
    first = [_inhabitants(p)[0] for p in participants]
    assert len(set(first)) == 10
    assert all(5000 <= n <= 160000 for p in participants for n in _inhabitants(p))
    assert min(first) < 6000
    assert max(first) > 150000
    for participant in participants:
        assert {"inhabitants", "workplaces", "employees", "accounts"} <= set(participant.drivers)
        inhabitants = participant.drivers["inhabitants"]
        assert isinstance(inhabitants, dict) and len(inhabitants) > 1  # modest growth
        workplaces = participant.drivers["workplaces"]
        assert isinstance(workplaces, dict)
        per_1000 = 1000 * next(iter(workplaces.values())) / _inhabitants(participant)[0]
        assert 6.5 <= per_1000 <= 9.5


def test_demo_ict_cost_per_inhabitant_is_realistic_and_higher_for_small_municipalities(
    case: Case, result: CaseResult
) -> None:
    baseline = result.scenario(case.baseline_scenario.id)
    per_inhabitant = [
        baseline.entities[p.id].cost[0] / _inhabitants(p)[0] for p in case.participants
    ]
    assert all(55 <= value <= 115 for value in per_inhabitant)
    assert per_inhabitant[0] > per_inhabitant[-1] + 30


def test_demo_baselines_have_hidden_costs_with_causes(case: Case) -> None:
    causes = set()
    for participant in case.participants:
        hidden = [h for cost in participant.baseline.costs for h in cost.hidden]
        assert hidden, participant.id
        causes |= {h.cause for h in hidden}
        assert {c.category for c in participant.baseline.costs} == {c.id for c in case.categories}
    assert {
        "functional_management_in_line",
        "project_budgets",
        "training_in_hr_budget",
    } <= causes


def test_demo_baselines_have_staffing_assets_and_contracts(case: Case) -> None:
    for participant in case.participants:
        baseline = participant.baseline
        groups = {s.function_group for s in baseline.staffing}
        assert {"Technisch beheer", "Functioneel beheer", "Management"} <= groups
        assert all(75000 <= s.cost_per_fte_eur <= 95000 for s in baseline.staffing)
        assert baseline.assets
        assert baseline.contracts and all(c.end_date for c in baseline.contracts)


def test_demo_baseline_statuses_include_one_draft_with_a_comment(case: Case) -> None:
    statuses = [p.baseline.status for p in case.participants]
    assert "validated" in statuses and "submitted" in statuses
    drafts = [p for p in case.participants if p.baseline.status == "draft"]
    assert len(drafts) == 1
    assert drafts[0].baseline.comments


def test_demo_inputs_carry_source_notes() -> None:
    notes = list(_sources(yaml.safe_load(demo_yaml())))
    assert len(notes) >= 100
    assert all(note.get("supplied_by") and note.get("document") for note in notes)
    assert any(str(note["supplied_by"]).startswith("Controller gemeente") for note in notes)


def test_demo_has_the_four_scenarios(case: Case) -> None:
    assert [s.id for s in case.scenarios] == list(SCENARIOS)
    assert case.baseline_scenario.id == "ongewijzigd-beleid"
    assert case.scenario("minder-meerkosten").extends == "kostenreductie"
    four = case.resolved("minder-meerkosten-vier")
    assert four.members is not None and len(four.members) == 4
    assert case.resolved("minder-meerkosten").phases
    assert case.charging.default_key.kind == "inhabitants"


# --- the story ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_story_total_costs_rise_over_the_years_in_every_scenario(
    result: CaseResult, scenario_id: str
) -> None:
    cost = result.scenario(scenario_id).consolidated.cost
    assert cost[-1] > cost[0]


def test_story_lower_extra_costs_rise_less_than_going_alone(result: CaseResult) -> None:
    consolidated = result.scenario("minder-meerkosten").consolidated
    baseline = result.scenario("ongewijzigd-beleid").consolidated
    assert consolidated.cost[-1] > consolidated.cost[0]
    assert consolidated.cost[-1] - consolidated.cost[0] < baseline.cost[-1] - baseline.cost[0]
    assert consolidated.cumulative_difference[-1] < -TOLERANCE_EUR


@pytest.mark.parametrize("scenario_id", COOPERATION_SCENARIOS)
def test_story_consolidated_break_even_comes_after_several_years(
    case: Case, result: CaseResult, scenario_id: str
) -> None:
    metrics = result.scenario(scenario_id).consolidated.metrics
    assert metrics.break_even_year is not None
    assert metrics.break_even_year >= case.cooperation.first_year + 3


def test_story_lower_extra_costs_breaks_even_within_the_horizon(
    case: Case, result: CaseResult
) -> None:
    metrics = result.scenario("minder-meerkosten").consolidated.metrics
    assert metrics.break_even_year is not None
    assert not metrics.break_even_is_estimate
    assert metrics.break_even_year <= case.cooperation.last_year


def test_story_a_member_is_worse_off_than_alone_in_some_scenario(
    case: Case, result: CaseResult
) -> None:
    worse_off = [
        (scenario.id, participant.id)
        for scenario in result.scenarios
        for participant in case.participants
        if scenario.entities[participant.id].cumulative_difference[-1] > TOLERANCE_EUR
    ]
    assert worse_off


def test_story_the_whole_gains_while_a_member_loses_with_ten_members(
    case: Case, result: CaseResult
) -> None:
    scenario = result.scenario("minder-meerkosten")
    assert scenario.consolidated.cumulative_difference[-1] < -TOLERANCE_EUR
    assert any(
        scenario.entities[p.id].cumulative_difference[-1] > TOLERANCE_EUR for p in case.participants
    )


def test_story_non_members_of_the_four_keep_their_baseline(case: Case, result: CaseResult) -> None:
    four = result.scenario("minder-meerkosten-vier")
    members = set(case.resolved("minder-meerkosten-vier").members or [])
    for participant in case.participants:
        if participant.id not in members:
            assert abs(four.entities[participant.id].cumulative_difference).max() < TOLERANCE_EUR


def test_four_member_variant_breaches_the_one_off_precondition() -> None:
    """Fewer members carry the same one-off costs: the demo shows a breached precondition."""
    result = calculate(demo_case())
    checks = {c.precondition: c for c in result.scenario("minder-meerkosten-vier").preconditions}
    assert not checks["max_one_off_costs_eur"].ok
    assert all(c.ok for c in result.scenario("kostenreductie").preconditions)
