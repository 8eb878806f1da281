"""The case model: scenarios resolved along their ``extends`` chain."""

from __future__ import annotations

from samenrekenen.demo import demo_case


def _extending_scenario_id() -> str:
    return next(s.id for s in demo_case().scenarios if s.extends is not None)


def test_a_resolved_scenario_has_its_parents_lines_and_is_kept() -> None:
    case = demo_case()
    child = case.scenario(_extending_scenario_id())
    assert child.extends is not None
    resolved = case.resolved(child.id)
    parent = case.resolved(child.extends)
    assert resolved.extends is None
    assert {line.id for line in parent.one_off_costs} <= {
        line.id for line in resolved.one_off_costs
    } | set(child.remove_lines)
    assert case.resolved(child.id) is resolved


def test_a_copy_with_other_scenarios_resolves_its_own() -> None:
    case = demo_case()
    scenario_id = _extending_scenario_id()
    before = case.resolved(scenario_id)
    parent_id = case.scenario(scenario_id).extends
    scenarios = [
        s.model_copy(update={"delay_months": 9}) if s.id == parent_id else s for s in case.scenarios
    ]
    copy = case.model_copy(update={"scenarios": scenarios})
    assert copy.resolved(scenario_id) is not before
    assert case.resolved(scenario_id) is before  # the original keeps its own
    assert copy.resolved(parent_id).delay_months == 9
