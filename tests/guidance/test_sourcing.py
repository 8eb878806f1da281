"""The sourcing matrix and the outsourcing rule of 002."""

from __future__ import annotations

from typing import Any

from guidance_helpers import with_formation

from samenrekenen.guidance import sourcing
from samenrekenen.model import Case

MET = {"predictable": True, "describable": True, "not_business_critical": True}


def _rules(case: Case, *choices: dict[str, Any]) -> list[tuple[str, str]]:
    changed = with_formation(case, sourcing=list(choices))
    return [(n.rule, n.subject) for n in sourcing.sourcing_findings(changed.formation)]


def test_the_matrix_has_the_five_ict_processes(demo: Case) -> None:
    rows = sourcing.sourcing_matrix(demo.formation)
    assert [r.code for r in rows] == ["I1", "I2", "I3", "I4", "I5"]
    assert rows[2].choice is None


def test_outsourcing_fires_when_a_criterion_does_not_hold(demo: Case) -> None:
    critical = {"process": "I4", "model": "third_party", **MET, "not_business_critical": False}
    assert _rules(demo, critical) == [("outsourcing", "I4")]
    unanswered = {"process": "I4", "model": "municipality"}
    (row,) = [
        r
        for r in sourcing.sourcing_matrix(with_formation(demo, sourcing=[unanswered]).formation)
        if r.code == "I4"
    ]
    assert row.failing == ("voorspelbaar", "beschrijfbaar", "niet bedrijfskritisch")


def test_outsourcing_does_not_fire_when_all_criteria_hold_or_in_house(demo: Case) -> None:
    assert _rules(demo, {"process": "I4", "model": "third_party", **MET}) == []
    assert _rules(demo, {"process": "I4", "model": "in_house"}) == []


def test_outsourcing_policy_or_information_management_fires(demo: Case) -> None:
    assert _rules(demo, {"process": "I5", "model": "separate_cooperation", **MET}) == [
        ("retained-ict", "I5")
    ]
    assert _rules(demo, {"process": "I5", "model": "in_house"}) == []
