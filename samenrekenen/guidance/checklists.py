"""Checklists from practice (success factors, pitfalls, the nine recommendations of 002 with
their items), the scale notices computed from the case, and the link to the charging quality
check (the charging criteria are checked there, not listed a second time).

Scale notices, each a :class:`Notice` with the notice's id as ``rule``:

- ``ict-function-vulnerable``: a participant's ICT staff (FTE in its baseline staffing) is at
  most 2 (002);
- ``ict-department-small``: more than 2 and at most 7 FTE (002);
- ``ssc-many-members``: more than six participants in an external SSC (004, KING);
- ``small-participant``: fewer than about 30.000 inhabitants in the first year — the source's
  unconfirmed hypothesis that splitting off tasks may not pay (004 Bijlage 5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from samenrekenen.format import format_number
from samenrekenen.model import Case, CooperationForm, Participant
from samenrekenen.model.participants import DriverValues

from . import content
from .content import ChecklistItem, ScaleNotice
from .notices import Notice


@dataclass(frozen=True)
class ChecklistState:
    """A checklist item with whether the case marks it done."""

    group: str
    item: ChecklistItem
    done: bool


def checklist(case: Case | None) -> list[ChecklistState]:
    """Every success factor, pitfall and recommendation item, with the case's 'done' marks;
    ``group`` is ``success_factors``, ``pitfalls`` or a recommendation's id."""
    done = set(case.formation.checklist_done) if case and case.formation else set()
    lists = content.checklists()
    groups: list[tuple[str, list[ChecklistItem]]] = [
        ("success_factors", lists.success_factors),
        ("pitfalls", lists.pitfalls),
        *((r.id, r.items) for r in lists.recommendations),
    ]
    return [
        ChecklistState(group, item, item.id in done) for group, items in groups for item in items
    ]


def ict_fte(participant: Participant) -> float:
    """The participant's ICT staff in FTE: the sum of its baseline staffing."""
    return sum(s.fte for s in participant.baseline.staffing)


def driver_in_year(values: DriverValues | None, year: int) -> float | None:
    """A volume driver's value in ``year``: a constant, or the value of the last given year up
    to it (the first given year before that)."""
    if values is None or isinstance(values, int | float):
        return values
    if not values:
        return None
    earlier = [y for y in values if y <= year]
    return values[max(earlier)] if earlier else values[min(values)]


def scale_notices(case: Case) -> list[Notice]:
    """Every scale notice that applies to the case, participant by participant."""
    lists = content.checklists()
    return [
        *_ssc_members(case, lists.notice("ssc-many-members")),
        *_participants(case, lists),
    ]


def _ssc_members(case: Case, notice: ScaleNotice) -> Iterator[Notice]:
    count = len(case.participants)
    if case.cooperation.form is CooperationForm.EXTERNAL_SSC and count > (notice.max_members or 0):
        yield Notice(
            notice.id, "", f"{count} gemeenten in één extern SSC: {notice.text}", notice.source
        )


def _participants(case: Case, lists: content.Checklists) -> Iterator[Notice]:
    vulnerable = lists.notice("ict-function-vulnerable")
    small = lists.notice("ict-department-small")
    few = lists.notice("small-participant")
    year = case.cooperation.first_year
    for participant in case.participants:
        fte = ict_fte(participant)
        name = participant.name
        if participant.baseline.staffing and fte <= (vulnerable.max_fte or 0):
            yield Notice(
                vulnerable.id, participant.id, _fte_text(name, fte, vulnerable), vulnerable.source
            )
        elif participant.baseline.staffing and fte <= (small.max_fte or 0):
            yield Notice(small.id, participant.id, _fte_text(name, fte, small), small.source)
        inhabitants = driver_in_year(participant.drivers.get("inhabitants"), year)
        if inhabitants is not None and inhabitants < (few.min_inhabitants or 0):
            yield Notice(
                few.id,
                participant.id,
                f"{name} heeft {format_number(inhabitants)} inwoners in {year}; afsplitsen van "
                f"taken loont mogelijk niet. Dit is een hypothese: {few.text}",
                few.source,
            )


def _fte_text(name: str, fte: float, notice: ScaleNotice) -> str:
    return f"{name} heeft {format_number(fte, 1)} fte ict-formatie: {notice.text}"


def charging_criteria_link(case: Case) -> dict[str, object]:
    """Where the quality criteria of the charging system are checked: the charging quality
    check (``samenrekenen.charging.quality.quality_checks``), with whether the case has a
    charging design to check yet."""
    link = content.checklists().charging_criteria
    return {
        "text": link.text,
        "check": "samenrekenen.charging.quality.quality_checks",
        "cli": link.cli,
        "page": link.page,
        "has_design": case.charging_design is not None,
        "source": link.source,
    }
