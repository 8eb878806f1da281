"""Activity statuses, gate decisions, the timeline and the one-year-plan warning."""

from __future__ import annotations

import datetime as dt

from guidance_helpers import with_formation

from samenrekenen.guidance import phases
from samenrekenen.model import ActivityStatus, Case

ALL_HOLD = {
    "commitment": True,
    "capacity": True,
    "timely_decisions": True,
    "way_of_working": True,
    "excluding_staff_reduction": True,
}


def _four(case: Case) -> Case:
    return case.model_copy(update={"participants": case.participants[:4]})


def test_activities_without_a_status_are_open(demo: Case) -> None:
    states = {s.id: s.status for s in phases.activity_states(demo.formation)}
    assert states["0.4"] is ActivityStatus.DONE
    assert states["4.2"] is ActivityStatus.OPEN
    assert len(states) == 24


def test_the_latest_gate_decision_per_phase_wins(demo: Case) -> None:
    case = with_formation(
        demo,
        gate_decisions=[
            {"phase": "1", "outcome": "no_go", "date": "2026-01-01", "text": "Nog niet"},
            {"phase": "1", "outcome": "go", "date": "2026-03-01", "text": "Door"},
        ],
    )
    assert phases.latest_gate_decisions(case.formation)["1"].text == "Door"


def test_timeline_uses_the_typical_durations_of_004() -> None:
    entries = phases.timeline(None, dt.date(2026, 1, 31))
    assert [(e.key, e.months) for e in entries] == [
        ("0", None),
        ("1", 3),
        ("2", 2),
        ("3", 7),
        (phases.IN_OPERATION, 12),
        ("4", 1),
    ]
    assert entries[1].end == dt.date(2026, 4, 30)  # end of month is kept within the month
    assert entries[-1].start == dt.date(2028, 1, 31)  # no drift from capped month ends
    assert entries[-1].end == dt.date(2028, 2, 29)


def test_timeline_takes_the_cases_own_durations(demo: Case) -> None:
    case = with_formation(demo, duration_months={"0": 2, "3": 9})
    entries = phases.timeline(case.formation, dt.date(2026, 1, 1))
    assert entries[0].end == dt.date(2026, 3, 1)
    assert entries[3].months == 9


def test_one_year_warning_fires_for_more_than_four_participants(demo: Case) -> None:
    case = with_formation(demo, one_year_conditions=ALL_HOLD)
    (notice,) = phases.one_year_warning(case)
    assert notice.subject == "participants" and "10 deelnemers" in notice.message


def test_one_year_warning_fires_for_a_condition_that_does_not_hold(demo: Case) -> None:
    case = _four(with_formation(demo, one_year_conditions={**ALL_HOLD, "capacity": False}))
    (notice,) = phases.one_year_warning(case)
    assert notice.subject == "capacity" and notice.message.startswith("niet voldaan")


def test_one_year_warning_names_unanswered_conditions(demo: Case) -> None:
    case = _four(with_formation(demo))
    assert len(phases.one_year_warning(case)) == 5


def test_no_one_year_warning_when_every_condition_holds(demo: Case) -> None:
    case = _four(with_formation(demo, one_year_conditions=ALL_HOLD))
    assert phases.one_year_warning(case) == []
