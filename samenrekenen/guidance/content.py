"""The schema of the guidance content files, and their validated, cached loading.

Each data file in this folder (``phases.yaml``, ``forms.yaml``, ``processes.yaml``,
``checklists.yaml``, ``provisions.yaml``, ``outlines.yaml``) has a root model here;
:func:`phases`, :func:`forms`, … read the file once (through
:func:`samenrekenen.model.guidance_codes.read_content`, the same reader the case validation
uses) and validate it, cross-references included. A broken file raises :class:`ContentError`
with Dutch messages. :func:`content_schema` exports the JSON Schema of every file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from samenrekenen.model.guidance_codes import read_content
from samenrekenen.model.messages import dutch_message


class ContentError(ValueError):
    """A content file that does not match its schema (Dutch message with file and path)."""


class Content(BaseModel):
    """Base of every content record: unknown fields are refused, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- phases.yaml ------------------------------------------------------------------------------


class Condition(Content):
    """A condition of the one-year plan (004 Tabel 6)."""

    id: str
    text: str
    source: str


class OneYearPlan(Content):
    """Phases 1–3 take about a year only under these conditions."""

    duration_months: int
    max_participants: int
    text: str
    source: str
    conditions: list[Condition]


class InOperation(Content):
    """The period in operation between realisation and evaluation."""

    name: str
    duration_months: int
    text: str
    source: str


class Element(Content):
    """One of the seven elements that structure design and realisation."""

    id: str
    name: str


class SubActivity(Content):
    """A sub-activity (``1.2.4``), possibly for one of the seven elements."""

    id: str
    name: str
    element: str | None = None
    description: str | None = None
    source: str | None = None


class Activity(Content):
    """An activity of a phase (``1.4``) with what the source says about it; lists are empty
    where the source gives only the phase-level answer."""

    id: str
    name: str
    description: str | None = None
    sub_activities: list[SubActivity] = Field(default_factory=list)
    deliverables: list[str] = Field(default_factory=list)
    responsible: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    points_of_attention: list[str] = Field(default_factory=list)
    source: str | None = None


class Gate(Content):
    """The go/no-go moment after a phase."""

    question: str
    decided_by: str
    source: str


class Agreement(Content):
    """The agreement between the municipalities that closes a phase."""

    id: str
    name: str
    description: str
    activity: str


class FindingClassText(Content):
    """A class of trial-run findings with its Dutch name."""

    id: Literal["blocking", "obstructing", "awkward"]
    name: str


class TrialRun(Content):
    """The trial run of the realisation phase."""

    duration_months: str
    classes: list[FindingClassText]
    text: str
    source: str


class Phase(Content):
    """A phase of the phase model, in the fixed frame of the source (goal, activities, order,
    sources, way of working, tools, responsible, roles, results, points of attention)."""

    id: str
    name: str
    question: str
    goal: str
    duration_months: int | None
    duration_note: str | None = None
    order: str
    information_sources: list[str]
    way_of_working: list[str]
    tools: list[str]
    responsible: list[str]
    roles: str
    results: list[str]
    points_of_attention: list[str]
    gate: Gate | None
    agreement: Agreement | None
    trial_run: TrialRun | None = None
    source: str
    activities: list[Activity] = Field(min_length=1)


class PhaseModel(Content):
    """Root of ``phases.yaml``."""

    source: str
    one_year_plan: OneYearPlan
    in_operation: InOperation
    elements: list[Element] = Field(min_length=7, max_length=7)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> PhaseModel:
        elements = {e.id for e in self.elements}
        activities = {a.id for p in self.phases for a in p.activities}
        for phase in self.phases:
            for activity in phase.activities:
                _prefixed(activity.id, phase.id, "activiteit")
                for sub in activity.sub_activities:
                    _prefixed(sub.id, activity.id, "subactiviteit")
                    if sub.element is not None and sub.element not in elements:
                        raise ValueError(f"subactiviteit {sub.id}: onbekend element {sub.element}")
            if phase.agreement is not None and phase.agreement.activity not in activities:
                raise ValueError(f"fase {phase.id}: overeenkomst bij onbekende activiteit")
        return self

    def phase(self, phase_id: str) -> Phase:
        """The phase with this id (KeyError when absent)."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def activities(self) -> Iterator[tuple[Phase, Activity]]:
        """Every activity with its phase, in order."""
        for phase in self.phases:
            for activity in phase.activities:
                yield phase, activity


def _prefixed(code: str, parent: str, what: str) -> None:
    if not code.startswith(f"{parent}."):
        raise ValueError(f"{what} {code} hoort niet bij {parent}")


# --- forms.yaml -------------------------------------------------------------------------------


class CooperationFormText(Content):
    """A cooperation form (network, host municipality, …) with its usual legal forms."""

    id: str
    name: str
    description: str
    legal_forms: list[str]
    source: str


class LegalForm(Content):
    """A legal form of the cooperation."""

    id: str
    name: str
    kind: Literal["geen", "overeenkomst", "publiekrechtelijk", "privaatrechtelijk"]
    description: str
    source: str


class Criterion(Content):
    """A criterion to compare legal forms on, with its default weight."""

    id: str
    name: str
    description: str
    default_weight: float = Field(ge=0)
    source: str


class DefaultScore(Content):
    """A default score (1–5) of a legal form on a criterion, with a short reason."""

    score: int = Field(ge=1, le=5)
    reason: str


class Forms(Content):
    """Root of ``forms.yaml``; ``scores`` holds every legal form × every criterion."""

    cooperation_forms: list[CooperationFormText]
    legal_forms: list[LegalForm] = Field(min_length=2)
    criteria: list[Criterion] = Field(min_length=1)
    scores_source: str
    scores: dict[str, dict[str, DefaultScore]]

    @model_validator(mode="after")
    def _complete(self) -> Forms:
        forms = {f.id for f in self.legal_forms}
        for cooperation in self.cooperation_forms:
            unknown = set(cooperation.legal_forms) - forms
            if unknown:
                raise ValueError(f"{cooperation.id}: onbekende rechtsvorm {sorted(unknown)}")
        for form in self.legal_forms:
            given = set(self.scores.get(form.id, {}))
            missing = {c.id for c in self.criteria} - given
            if missing:
                raise ValueError(f"{form.id}: score ontbreekt voor {sorted(missing)}")
        unknown = set(self.scores) - forms
        if unknown:
            raise ValueError(f"scores voor onbekende rechtsvorm {sorted(unknown)}")
        return self


# --- processes.yaml ---------------------------------------------------------------------------

Retained = Literal["policy", "framework", "commissioning", "control", "information_management"]


class SubProcess(Content):
    """A sub-process (``P3D``)."""

    code: str
    name: str
    retained: Retained | None = None
    indirect: bool = False
    note: str | None = None


class Process(Content):
    """A main process of one of the lists, with its flags."""

    code: str
    name: str
    description: str | None = None
    retained: Retained | None = None
    indirect: bool = False
    optional: bool = False
    sub: list[SubProcess] = Field(default_factory=list)


class ProcessDomain(Content):
    """One process list: HR (KPI), finance (KFI) or ICT."""

    id: Literal["hr", "finance", "ict"]
    name: str
    source: str
    processes: list[Process] = Field(min_length=1)


class ProcessPair(Content):
    """Two processes that belong together for a rule (four eyes, overlap)."""

    codes: tuple[str, str]
    reason: str


class PairList(Content):
    """Pairs of processes with their source."""

    source: str
    pairs: list[ProcessPair]


class Processes(Content):
    """Root of ``processes.yaml``."""

    domains: list[ProcessDomain] = Field(min_length=1)
    four_eyes: PairList
    overlaps: PairList

    @model_validator(mode="after")
    def _references(self) -> Processes:
        codes = [code for domain in self.domains for code, _ in _flat(domain)]
        if len(codes) != len(set(codes)):
            raise ValueError("procescodes zijn niet uniek")
        for pair in [*self.four_eyes.pairs, *self.overlaps.pairs]:
            unknown = set(pair.codes) - set(codes)
            if unknown:
                raise ValueError(f"paar {pair.codes}: onbekende procescode {sorted(unknown)}")
        return self

    def flat(self) -> dict[str, tuple[ProcessDomain, Process | SubProcess, Process | None]]:
        """Every process and sub-process by code: its list, itself and its main process
        (None for a main process)."""
        return {
            code: (domain, item, parent)
            for domain in self.domains
            for code, (item, parent) in _flat(domain)
        }


def _flat(
    domain: ProcessDomain,
) -> Iterator[tuple[str, tuple[Process | SubProcess, Process | None]]]:
    for process in domain.processes:
        yield process.code, (process, None)
        for sub in process.sub:
            yield sub.code, (sub, process)


# --- checklists.yaml --------------------------------------------------------------------------


class ChecklistItem(Content):
    """A success factor, pitfall or checklist item of a recommendation."""

    id: str
    text: str
    source: str | None = None


class Recommendation(Content):
    """One of the nine recommendations of 002 with its checklist items."""

    number: int = Field(ge=1, le=9)
    id: str
    title: str
    source: str
    items: list[ChecklistItem] = Field(min_length=1)


class ScaleNotice(Content):
    """A scale fact with its threshold."""

    id: Literal[
        "ict-function-vulnerable", "ict-department-small", "ssc-many-members", "small-participant"
    ]
    text: str
    source: str
    max_fte: float | None = None
    max_members: int | None = None
    min_inhabitants: float | None = None
    min_employees: float | None = None
    hypothesis: bool = False


class ChargingLink(Content):
    """Where the charging quality criteria are checked (not listed a second time)."""

    text: str
    cli: str
    page: str
    source: str


class Checklists(Content):
    """Root of ``checklists.yaml``."""

    success_factors: list[ChecklistItem] = Field(min_length=1)
    pitfalls: list[ChecklistItem] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(min_length=9, max_length=9)
    scale_notices: list[ScaleNotice]
    charging_criteria: ChargingLink

    def notice(self, notice_id: str) -> ScaleNotice:
        """The scale notice with this id (KeyError when absent)."""
        for notice in self.scale_notices:
            if notice.id == notice_id:
                return notice
        raise KeyError(notice_id)


# --- provisions.yaml --------------------------------------------------------------------------


class Layer(Content):
    """A layer of the house of the i-municipality (003)."""

    id: str
    name: str
    examples: list[str]
    source: str


class LifecyclePhase(Content):
    """A phase of the life cycle of an i-provision (003), in 003's order."""

    id: str
    name: str
    description: str
    source: str


class ReferenceProvision(Content):
    """An entry of 003's table of highest potential."""

    name: str
    layer: str
    phase: str
    public_value: int = Field(ge=1, le=5)
    legitimacy: int = Field(ge=1, le=5)


class ReferenceTable(Content):
    """003's table of highest potential, as reference."""

    source: str
    items: list[ReferenceProvision]


class QuestionnaireItem(Content):
    """A question of the priority questionnaire."""

    id: str
    text: str


class Dimension(Content):
    """Seriousness, urgency or growth, with its questions."""

    id: Literal["seriousness", "urgency", "growth"]
    name: str
    items: list[QuestionnaireItem] = Field(min_length=1)


class Questionnaire(Content):
    """The priority questionnaire 'Ernst, Urgentie en Groei'."""

    source: str
    scale: str
    dimensions: list[Dimension] = Field(min_length=3, max_length=3)


class Provisions(Content):
    """Root of ``provisions.yaml``."""

    layers: list[Layer] = Field(min_length=3, max_length=3)
    lifecycle: list[LifecyclePhase] = Field(min_length=5, max_length=5)
    scores: dict[str, str]
    reference: ReferenceTable
    questionnaire: Questionnaire

    @model_validator(mode="after")
    def _references(self) -> Provisions:
        layers = {layer.id for layer in self.layers}
        phases = {phase.id for phase in self.lifecycle}
        for item in self.reference.items:
            if item.layer not in layers or item.phase not in phases:
                raise ValueError(f"'{item.name}': onbekende laag of levenscyclusfase")
        return self


# --- outlines.yaml ----------------------------------------------------------------------------

Fill = Literal[
    "participants",
    "objectives",
    "preconditions",
    "form",
    "business_case",
    "scenarios",
    "one_off_costs",
    "process_split",
    "phases",
    "timeline",
    "risks",
    "agreements",
]


class OutlineSection(Content):
    """A section of a Bijlage 4 outline: number, title, the source's explanation, which case
    data fills it, and its subsections."""

    number: str
    title: str
    guidance: str | None = None
    fill: list[Fill] = Field(default_factory=list)
    sections: list[OutlineSection] = Field(default_factory=list)


class Outline(Content):
    """The outline of one deliverable."""

    title: str
    source: str
    sections: list[OutlineSection] = Field(min_length=1)


class Outlines(Content):
    """Root of ``outlines.yaml``."""

    exploration_report: Outline
    programme_plan: Outline


# --- loading ----------------------------------------------------------------------------------

ROOTS: dict[str, type[Content]] = {
    "phases": PhaseModel,
    "forms": Forms,
    "processes": Processes,
    "checklists": Checklists,
    "provisions": Provisions,
    "outlines": Outlines,
}
"""The root model of every content file."""

ContentT = TypeVar("ContentT", bound=Content)


def validate_content(name: str, model: type[ContentT], data: object) -> ContentT:
    """``data`` validated as content file ``name``; :class:`ContentError` with every error."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{name}.yaml: {'.'.join(str(p) for p in e['loc'])}: {dutch_message(e)}"
            for e in exc.errors(include_url=False)
        ]
        raise ContentError("\n".join(lines)) from None


def _load(name: str, model: type[ContentT]) -> ContentT:
    return validate_content(name, model, read_content(name))


@cache
def phases() -> PhaseModel:
    """The phase model 0–4 (``phases.yaml``)."""
    return _load("phases", PhaseModel)


@cache
def forms() -> Forms:
    """Cooperation forms, legal forms, criteria and default scores (``forms.yaml``)."""
    return _load("forms", Forms)


@cache
def processes() -> Processes:
    """The HR, finance and ICT process lists (``processes.yaml``)."""
    return _load("processes", Processes)


@cache
def checklists() -> Checklists:
    """Success factors, pitfalls, recommendations and scale notices (``checklists.yaml``)."""
    return _load("checklists", Checklists)


@cache
def provisions() -> Provisions:
    """Layers, life cycle and the priority questionnaire (``provisions.yaml``)."""
    return _load("provisions", Provisions)


@cache
def outlines() -> Outlines:
    """The Bijlage 4 outlines of the two phase-1 deliverables (``outlines.yaml``)."""
    return _load("outlines", Outlines)


def content_schema() -> dict[str, Any]:
    """The JSON Schema of every content file, by file name."""
    return {f"{name}.yaml": model.model_json_schema() for name, model in ROOTS.items()}
