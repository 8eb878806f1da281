"""How a case stands in forming the cooperation (domain §6): the state of the guidance.

:class:`Formation` records, per case, what the guidance content (``samenrekenen/guidance/``:
phases, forms, processes, checklists, provisions) is applied to: the status of every activity
of the phase model, the go/no-go decisions, links to documents, findings of the trial run, the
choice of a legal form (weights and score overrides), the process split, the sourcing of the
ICT processes, the opportunity map, the collective provisions and the priority questionnaire.
Codes (activity ``1.4``, phase ``2``, process ``F7``, criterion ``zeggenschap``) refer to the
content files; :mod:`.guidance_validation` checks them. No computation here: the rules are in
``samenrekenen.guidance``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from .common import Id, Model, Sourced

Score = Annotated[int, Field(ge=1, le=5, description="Score from 1 (low) to 5 (high).")]


class ActivityStatus(StrEnum):
    """Where an activity of the phase model stands: open, bezig, gereed or n.v.t."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class GateOutcome(StrEnum):
    """A go/no-go decision at the end of a phase."""

    GO = "go"
    NO_GO = "no_go"


class FindingClass(StrEnum):
    """How heavy a trial-run finding is (004 §3.2): blokkerend, belemmerend, or lastig maar
    niet onoverkomelijk (onhandig)."""

    BLOCKING = "blocking"
    OBSTRUCTING = "obstructing"
    AWKWARD = "awkward"


class FindingStatus(StrEnum):
    """Whether a trial-run finding is still open or resolved."""

    OPEN = "open"
    RESOLVED = "resolved"


class Placement(StrEnum):
    """Who carries out a process after the split: the municipality, the SSC, or both."""

    MUNICIPALITY = "municipality"
    SHARED_SERVICE = "shared_service"
    BOTH = "both"


class SourcingModel(StrEnum):
    """The four models for an ICT process (002, recommendation 6): in-house, a third party,
    a municipality, or a separate cooperation."""

    IN_HOUSE = "in_house"
    THIRD_PARTY = "third_party"
    MUNICIPALITY = "municipality"
    SEPARATE_COOPERATION = "separate_cooperation"


class OpportunityLevel(StrEnum):
    """How far a cooperation opportunity reaches (ours): knowledge sharing, joint procurement,
    joint implementation, joint operation."""

    KNOWLEDGE_SHARING = "knowledge_sharing"
    JOINT_PROCUREMENT = "joint_procurement"
    JOINT_IMPLEMENTATION = "joint_implementation"
    JOINT_OPERATION = "joint_operation"


class GateDecision(Model):
    """The go/no-go decision after a phase, with its date and the decision's text."""

    phase: str = Field(min_length=1, description="Phase id, '0' to '3'.")
    outcome: GateOutcome
    date: dt.date
    text: str = Field(min_length=1, description="What was decided, in the decision's words.")
    decided_by: str | None = None


class DocumentLink(Model):
    """A link to a document of the formation (decision, report, agreement)."""

    label: str = Field(min_length=1)
    url: str = Field(min_length=1)
    activity: str | None = Field(None, description="Activity id the document belongs to.")
    phase: str | None = Field(None, description="Phase id the document belongs to.")


class TrialFinding(Model):
    """A finding of the trial run (proefdraaien, activity 3.2)."""

    id: Id
    description: str = Field(min_length=1)
    severity: FindingClass
    status: FindingStatus = FindingStatus.OPEN
    element: str | None = Field(None, description="Element of the design it concerns.")


class FormChoice(Model):
    """The comparison of legal forms: user weights per criterion and score overrides.

    Criteria without a weight keep their default weight; forms and criteria without an
    override keep the default score of the content.
    """

    weights: dict[str, float] = Field(
        default_factory=dict, description="Weight per criterion id (0 or more)."
    )
    scores: dict[str, dict[str, Score]] = Field(
        default_factory=dict, description="Score 1–5 per legal form id and criterion id."
    )
    chosen: str | None = Field(None, description="Id of the legal form chosen.")


class ProcessAssignment(Model):
    """Where one process of the split goes (the knip), by its code (``P3D``, ``F7``, ``I4``)."""

    code: str = Field(min_length=1)
    placement: Placement
    indirect: bool = Field(False, description="Contains indirect tasks (internal control, …).")
    four_eyes: str | None = Field(
        None, description="How the four-eyes principle is safeguarded for this process."
    )
    note: str | None = Field(None, description="Agreements, e.g. who does the indirect tasks.")


class Sourcing(Model):
    """Who carries out one of the five ICT processes, and the outsourcing criteria of 002:
    predictable, describable and not business-critical (None: not answered)."""

    process: str = Field(min_length=1, description="ICT process code, I1 to I5.")
    model: SourcingModel
    partner: str | None = None
    predictable: bool | None = None
    describable: bool | None = None
    not_business_critical: bool | None = None


class Opportunity(Model):
    """An opportunity on the opportunity map (kansenkaart)."""

    id: Id
    domain: str = Field(min_length=1, description="Domain, e.g. 'ict', 'belastingen'.")
    description: str = Field(min_length=1)
    level: OpportunityLevel
    partners: list[str] = Field(
        default_factory=list,
        description="Candidate partners: participant ids of the case, or names of others.",
    )


class Provision(Model):
    """A collective i-provision classified by layer and life-cycle phase (003)."""

    id: Id
    name: str = Field(min_length=1)
    layer: str = Field(min_length=1, description="Layer id (provisions.yaml).")
    phase: str = Field(min_length=1, description="Life-cycle phase id (provisions.yaml).")
    public_value: Score
    legitimacy: Score = Field(description="1–5: more is more legitimacy questions.")
    note: str | None = None


class QuestionnaireResponse(Model):
    """One respondent's answers to the priority questionnaire (seriousness, urgency, growth)."""

    group: str = Field(min_length=1, description="Respondent group, e.g. 'bestuurders'.")
    respondent: str | None = None
    answers: dict[str, Score] = Field(default_factory=dict, description="Score per item id.")


class OneYearConditions(Model):
    """The conditions under which phases 1–3 take about a year (004 Tabel 6), as answers:
    True (holds), False (does not hold) or None (not answered)."""

    commitment: bool | None = None
    capacity: bool | None = None
    timely_decisions: bool | None = None
    way_of_working: bool | None = None
    excluding_staff_reduction: bool | None = Field(
        None, description="True when the plan leaves staff reduction out of the timeline."
    )


class Formation(Sourced):
    """The state of forming the cooperation: phases, choices, split, map and questionnaire."""

    start_date: dt.date | None = Field(None, description="Start of phase 0, for the timeline.")
    duration_months: dict[str, int] = Field(
        default_factory=dict, description="Duration in months per phase id, replacing the typical."
    )
    activity_status: dict[str, ActivityStatus] = Field(
        default_factory=dict, description="Status per activity id (or sub-activity id)."
    )
    gate_decisions: list[GateDecision] = Field(default_factory=list)
    documents: list[DocumentLink] = Field(default_factory=list)
    trial_findings: list[TrialFinding] = Field(default_factory=list)
    one_year_conditions: OneYearConditions = Field(default_factory=OneYearConditions)
    form_choice: FormChoice | None = None
    process_domains: list[str] = Field(
        default_factory=lambda: ["ict"],
        description="Process lists in scope of the split: hr, finance, ict.",
    )
    process_assignments: list[ProcessAssignment] = Field(default_factory=list)
    sourcing: list[Sourcing] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)
    questionnaire: list[QuestionnaireResponse] = Field(default_factory=list)
    checklist_done: list[str] = Field(
        default_factory=list, description="Ids of checklist items that are done."
    )
