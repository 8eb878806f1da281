"""The phase model applied to a case: activity statuses, gate decisions, the timeline with the
typical durations of 004 and the warning when the one-year plan's conditions do not hold."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from samenrekenen.model import Case
from samenrekenen.model.guidance import ActivityStatus, Formation, GateDecision

from . import content
from .notices import Notice

IN_OPERATION = "in_operation"
"""Timeline key of the year in operation between phases 3 and 4."""

ONE_YEAR_SOURCE = "004 Tabel 6"


@dataclass(frozen=True)
class ActivityState:
    """An activity of the phase model with its status in the case."""

    phase: str
    id: str
    name: str
    status: ActivityStatus


@dataclass(frozen=True)
class TimelineEntry:
    """A stretch of the timeline: a phase (or the year in operation) from ``start`` up to
    ``end`` (exclusive); ``months`` is None where the source gives no duration (p.m.)."""

    key: str
    name: str
    start: dt.date
    end: dt.date
    months: int | None
    note: str | None


def activity_states(formation: Formation | None) -> list[ActivityState]:
    """Every activity of phases 0–4 in order, with its status (open when not recorded)."""
    statuses = formation.activity_status if formation else {}
    return [
        ActivityState(phase.id, a.id, a.name, statuses.get(a.id, ActivityStatus.OPEN))
        for phase, a in content.phases().activities()
    ]


def latest_gate_decisions(formation: Formation | None) -> dict[str, GateDecision]:
    """The most recent gate decision per phase id (by date; a later entry wins a tie)."""
    latest: dict[str, GateDecision] = {}
    for decision in formation.gate_decisions if formation else []:
        current = latest.get(decision.phase)
        if current is None or decision.date >= current.date:
            latest[decision.phase] = decision
    return latest


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the day of the month is kept, capped at the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def timeline(formation: Formation | None, start: dt.date) -> list[TimelineEntry]:
    """Phases 0–4 and the year in operation from ``start``, with the typical durations of the
    source, or the case's own (``formation.duration_months``). Phase 0 has no typical duration
    (p.m.): without the case's own it takes no time on the timeline."""
    own = formation.duration_months if formation else {}
    model = content.phases()
    stretches: list[tuple[str, str, int | None, str | None]] = []
    for phase in model.phases:
        if phase is model.phases[-1]:
            stay = model.in_operation
            stretches.append((IN_OPERATION, stay.name, stay.duration_months, None))
        note = phase.duration_note if phase.id not in own else None
        stretches.append((phase.id, phase.name, own.get(phase.id, phase.duration_months), note))
    entries: list[TimelineEntry] = []
    elapsed = 0
    for key, name, months, note in stretches:
        # Counted from the start date, so that capped month ends do not drift.
        begin = add_months(start, elapsed)
        elapsed += months or 0
        entries.append(TimelineEntry(key, name, begin, add_months(start, elapsed), months, note))
    return entries


def one_year_warning(case: Case) -> list[Notice]:
    """Why phases 1–3 may take longer than about a year (004 Tabel 6): more than four
    participants, and every condition answered 'no' or not answered. Empty when all hold."""
    plan = content.phases().one_year_plan
    notices: list[Notice] = []
    count = len(case.participants)
    if count > plan.max_participants:
        notices.append(
            Notice(
                "one-year-plan",
                "participants",
                f"{count} deelnemers: de planning van circa een jaar geldt voor maximaal "
                f"{plan.max_participants} gemeenten; reken op een langere doorlooptijd",
                ONE_YEAR_SOURCE,
            )
        )
    answers = case.formation.one_year_conditions if case.formation else None
    for condition in plan.conditions:
        value = getattr(answers, condition.id, None)
        if value is not True:
            state = "niet voldaan" if value is False else "niet bevestigd"
            notices.append(
                Notice(
                    "one-year-plan",
                    condition.id,
                    f"{state}: {condition.text}; de planning van circa een jaar geldt alleen "
                    "als hieraan is voldaan",
                    condition.source,
                )
            )
    return notices
