"""The rules of the process split: each fires in one case and not in another."""

from __future__ import annotations

from typing import Any

from guidance_helpers import with_formation

from samenrekenen.guidance import processes
from samenrekenen.model import Case

ICT_ALL = [{"code": f"I{i}", "placement": "municipality"} for i in range(1, 6)]


def _rules(case: Case, **formation: Any) -> list[tuple[str, str]]:
    changed = with_formation(case, **formation)
    return [(n.rule, n.subject) for n in processes.process_findings(changed.formation)]


def test_no_formation_no_findings() -> None:
    assert processes.process_findings(None) == []


def test_unassigned_fires_for_a_process_without_a_place(demo: Case) -> None:
    assert ("unassigned", "I3") in _rules(demo, process_assignments=ICT_ALL[:2] + ICT_ALL[3:])
    assert _rules(demo, process_assignments=ICT_ALL) == []


def test_unassigned_names_the_open_sub_processes_of_a_partly_placed_process(demo: Case) -> None:
    placed = [{"code": "P3A", "placement": "shared_service"}]
    rules = _rules(demo, process_domains=["hr"], process_assignments=placed)
    assert ("unassigned", "P3B") in rules and ("unassigned", "P3") not in rules
    assert ("unassigned", "P2") in rules and ("unassigned", "P11") not in rules


def test_retained_fires_for_policy_at_the_ssc_alone(demo: Case) -> None:
    at_ssc = [*ICT_ALL[1:], {"code": "I1", "placement": "shared_service"}]
    assert ("retained", "I1") in _rules(demo, process_assignments=at_ssc)
    both = [*ICT_ALL[1:], {"code": "I1", "placement": "both"}]
    assert ("retained", "I1") not in _rules(demo, process_assignments=both)


def test_indirect_fires_without_an_agreement_on_who_does_it(demo: Case) -> None:
    indirect = [{"code": "F15", "placement": "shared_service"}]
    assert ("indirect", "F15") in _rules(demo, process_assignments=indirect)
    agreed = [{"code": "F15", "placement": "shared_service", "note": "SSC doet de controle"}]
    assert ("indirect", "F15") not in _rules(demo, process_assignments=agreed)
    marked = [{"code": "F2", "placement": "both", "indirect": True}]
    assert ("indirect", "F2") in _rules(demo, process_assignments=marked)


def test_four_eyes_fires_for_a_pair_at_one_party_without_a_safeguard(demo: Case) -> None:
    pair = [
        {"code": "F7", "placement": "shared_service"},
        {"code": "F9", "placement": "shared_service"},
    ]
    assert ("four-eyes", "F7+F9") in _rules(demo, process_assignments=pair)
    split = [
        {"code": "F7", "placement": "shared_service"},
        {"code": "F9", "placement": "municipality"},
    ]
    assert ("four-eyes", "F7+F9") not in _rules(demo, process_assignments=split)
    safe = [pair[0] | {"four_eyes": "Betaalbatch door de gemeente geaccordeerd"}, pair[1]]
    assert ("four-eyes", "F7+F9") not in _rules(demo, process_assignments=safe)


def test_overlap_fires_when_the_same_task_is_placed_twice_differently(demo: Case) -> None:
    apart = [
        {"code": "P3D", "placement": "shared_service"},
        {"code": "F13", "placement": "municipality"},
    ]
    assert ("overlap", "P3D+F13") in _rules(demo, process_assignments=apart)
    same = [
        {"code": "P3D", "placement": "shared_service"},
        {"code": "F13", "placement": "shared_service"},
    ]
    assert ("overlap", "P3D+F13") not in _rules(demo, process_assignments=same)


def test_the_demo_split_fires_exactly_one_rule(demo: Case) -> None:
    assert [(n.rule, n.subject) for n in processes.process_findings(demo.formation)] == [
        ("retained", "I5")
    ]
