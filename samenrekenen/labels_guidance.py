"""Dutch labels of the ``formation`` models (forming the cooperation, domain §6), merged into
:mod:`samenrekenen.labels` like the steering labels.

The labels of enumeration values start from the words of :mod:`samenrekenen.guidance.labels`
(which the tables and reports use in running text) with a capital, as form choices are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, StrEnum
from typing import TypeVar

from pydantic import BaseModel

from samenrekenen.guidance.labels import (
    ACTIVITY_STATUS,
    FINDING_CLASS,
    FINDING_STATUS,
    GATE_OUTCOME,
    OPPORTUNITY_LEVEL,
    PLACEMENT,
    SOURCING_MODEL,
)
from samenrekenen.model import Case
from samenrekenen.model.guidance import (
    ActivityStatus,
    DocumentLink,
    FindingClass,
    FindingStatus,
    Formation,
    FormChoice,
    GateDecision,
    GateOutcome,
    OneYearConditions,
    Opportunity,
    OpportunityLevel,
    Placement,
    ProcessAssignment,
    Provision,
    QuestionnaireResponse,
    Sourcing,
    SourcingModel,
    TrialFinding,
)

GUIDANCE_FIELD_LABELS: dict[tuple[type[BaseModel], str], str] = {
    (Case, "formation"): "Vorming van de samenwerking",
    (Formation, "start_date"): "Begin van fase 0",
    (Formation, "duration_months"): "Eigen doorlooptijd per fase (maanden)",
    (Formation, "activity_status"): "Stand per activiteit",
    (Formation, "gate_decisions"): "Go/no-go-besluiten",
    (Formation, "documents"): "Documenten",
    (Formation, "trial_findings"): "Bevindingen uit het proefdraaien",
    (Formation, "one_year_conditions"): "Voorwaarden voor een planning van circa een jaar",
    (Formation, "form_choice"): "Keuze van de rechtsvorm",
    (Formation, "process_domains"): "Proceslijsten in de knip",
    (Formation, "process_assignments"): "De knip: processen",
    (Formation, "sourcing"): "Sourcing van de ict-processen",
    (Formation, "opportunities"): "Kansenkaart",
    (Formation, "provisions"): "Collectieve voorzieningen",
    (Formation, "questionnaire"): "Prioriteitsvragenlijst",
    (Formation, "checklist_done"): "Afgevinkte checklistpunten",
    (GateDecision, "phase"): "Fase",
    (GateDecision, "outcome"): "Besluit",
    (GateDecision, "text"): "Tekst van het besluit",
    (GateDecision, "decided_by"): "Besloten door",
    (DocumentLink, "label"): "Titel",
    (DocumentLink, "url"): "Adres (url)",
    (DocumentLink, "activity"): "Bij activiteit",
    (DocumentLink, "phase"): "Bij fase",
    (TrialFinding, "severity"): "Zwaarte",
    (TrialFinding, "element"): "Element van het ontwerp",
    (OneYearConditions, "commitment"): "Volledig commitment",
    (OneYearConditions, "capacity"): "Capaciteit beschikbaar",
    (OneYearConditions, "timely_decisions"): "Tijdige besluitvorming",
    (OneYearConditions, "way_of_working"): "Werken volgens de handleiding",
    (OneYearConditions, "excluding_staff_reduction"): "Personele reductie buiten de planning",
    (FormChoice, "weights"): "Gewicht per criterium",
    (FormChoice, "scores"): "Scores per rechtsvorm (1–5)",
    (FormChoice, "chosen"): "Gekozen rechtsvorm",
    (ProcessAssignment, "code"): "Proces",
    (ProcessAssignment, "placement"): "Belegd bij",
    (ProcessAssignment, "indirect"): "Bevat indirecte werkzaamheden",
    (ProcessAssignment, "four_eyes"): "Borging vier-ogenprincipe",
    (ProcessAssignment, "note"): "Afspraken (wie doet de indirecte taken)",
    (Sourcing, "process"): "Ict-proces",
    (Sourcing, "model"): "Uitgevoerd door",
    (Sourcing, "partner"): "Partner",
    (Sourcing, "predictable"): "Voorspelbaar",
    (Sourcing, "describable"): "Beschrijfbaar",
    (Sourcing, "not_business_critical"): "Niet bedrijfskritisch",
    (Opportunity, "domain"): "Domein",
    (Opportunity, "level"): "Niveau",
    (Opportunity, "partners"): "Kandidaat-partners",
    (Provision, "layer"): "Laag",
    (Provision, "phase"): "Fase van de levenscyclus",
    (Provision, "public_value"): "Publieke waarde (1–5)",
    (Provision, "legitimacy"): "Legitimiteitsvragen (1–5)",
    (QuestionnaireResponse, "group"): "Respondentgroep",
    (QuestionnaireResponse, "respondent"): "Respondent",
    (QuestionnaireResponse, "answers"): "Antwoorden (1–5)",
}
"""Labels of the formation fields, by model."""

EnumT = TypeVar("EnumT", bound=StrEnum)

GUIDANCE_ITEM_LABELS: dict[type[BaseModel], str] = {
    GateDecision: "Besluit",
    DocumentLink: "Document",
    TrialFinding: "Bevinding",
    ProcessAssignment: "Proces",
    Sourcing: "Ict-proces",
    Opportunity: "Kans",
    Provision: "Voorziening",
    QuestionnaireResponse: "Respondent",
}


def _capitalised(labels: Mapping[EnumT, str]) -> dict[str, str]:
    # Form choices start with a capital; the words are those of the running text.
    return {member.value: text[0].upper() + text[1:] for member, text in labels.items()}


GUIDANCE_ENUM_LABELS: dict[type[Enum], dict[str, str]] = {
    ActivityStatus: _capitalised(ACTIVITY_STATUS),
    GateOutcome: _capitalised(GATE_OUTCOME),
    FindingClass: _capitalised(FINDING_CLASS),
    FindingStatus: _capitalised(FINDING_STATUS),
    Placement: _capitalised(PLACEMENT),
    SourcingModel: _capitalised(SOURCING_MODEL),
    OpportunityLevel: _capitalised(OPPORTUNITY_LEVEL),
}
