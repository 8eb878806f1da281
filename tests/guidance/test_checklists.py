"""The checklists, the scale notices computed from the case and the charging link."""

from __future__ import annotations

from samenrekenen.guidance import checklists
from samenrekenen.model import Case, Staffing


def _rules(case: Case) -> list[tuple[str, str]]:
    return [(n.rule, n.subject) for n in checklists.scale_notices(case)]


def _with_staff(case: Case, fte: float) -> Case:
    first = case.participants[0]
    baseline = first.baseline.model_copy(
        update={
            "staffing": [Staffing(function_group="Technisch beheer", fte=fte, cost_per_fte_eur=1)]
        }
    )
    changed = first.model_copy(update={"baseline": baseline, "drivers": {"inhabitants": 45000}})
    return case.model_copy(update={"participants": [changed]})


def test_the_checklist_marks_done_items(demo: Case) -> None:
    done = {s.item.id for s in checklists.checklist(demo) if s.done}
    assert done == {"sf-business-case", "rec-1-afbakening", "rec-3-keuze"}


def test_an_ict_function_of_two_fte_is_vulnerable(demo: Case) -> None:
    assert _rules(_with_staff(demo, 2)) == [("ict-function-vulnerable", "gm9001")]


def test_an_ict_department_up_to_seven_fte_is_small(demo: Case) -> None:
    assert _rules(_with_staff(demo, 7)) == [("ict-department-small", "gm9001")]
    assert _rules(_with_staff(demo, 7.5)) == []


def test_more_than_six_members_of_an_external_ssc(demo: Case) -> None:
    assert ("ssc-many-members", "") in _rules(demo)
    six = demo.model_copy(update={"participants": demo.participants[4:]})
    assert ("ssc-many-members", "") not in _rules(six)


def test_a_small_participant_is_a_hypothesis(demo: Case) -> None:
    notices = [n for n in checklists.scale_notices(demo) if n.rule == "small-participant"]
    assert notices[0].subject == "gm9001"
    assert "hypothese" in notices[0].message and "nog niet bevestigd" in notices[0].message
    assert "gm9010" not in {n.subject for n in notices}


def test_the_charging_criteria_point_to_the_quality_check(demo: Case) -> None:
    link = checklists.charging_criteria_link(demo)
    assert link["check"] == "samenrekenen.charging.quality.quality_checks"
    assert link["has_design"] is True
