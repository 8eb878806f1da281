"""Dutch labels of the choices in a case's ``formation`` block (the case file keeps the English
values; every screen, table and report shows these)."""

from __future__ import annotations

import datetime as dt

from samenrekenen.model.guidance import (
    ActivityStatus,
    FindingClass,
    FindingStatus,
    GateOutcome,
    OpportunityLevel,
    Placement,
    SourcingModel,
)

ACTIVITY_STATUS = {
    ActivityStatus.OPEN: "open",
    ActivityStatus.IN_PROGRESS: "bezig",
    ActivityStatus.DONE: "gereed",
    ActivityStatus.NOT_APPLICABLE: "n.v.t.",
}
GATE_OUTCOME = {GateOutcome.GO: "go", GateOutcome.NO_GO: "no-go"}
FINDING_CLASS = {
    FindingClass.BLOCKING: "blokkerend",
    FindingClass.OBSTRUCTING: "belemmerend",
    FindingClass.AWKWARD: "lastig maar niet onoverkomelijk",
}
FINDING_STATUS = {FindingStatus.OPEN: "open", FindingStatus.RESOLVED: "opgelost"}
PLACEMENT = {
    Placement.MUNICIPALITY: "gemeente",
    Placement.SHARED_SERVICE: "SSC",
    Placement.BOTH: "beide",
}
SOURCING_MODEL = {
    SourcingModel.IN_HOUSE: "in eigen beheer",
    SourcingModel.THIRD_PARTY: "een derde",
    SourcingModel.MUNICIPALITY: "een gemeente",
    SourcingModel.SEPARATE_COOPERATION: "een afzonderlijk samenwerkingsverband",
}
OPPORTUNITY_LEVEL = {
    OpportunityLevel.KNOWLEDGE_SHARING: "kennisdeling",
    OpportunityLevel.JOINT_PROCUREMENT: "gezamenlijke inkoop",
    OpportunityLevel.JOINT_IMPLEMENTATION: "gezamenlijke implementatie",
    OpportunityLevel.JOINT_OPERATION: "gezamenlijke exploitatie",
}
RETAINED = {
    "policy": "beleid",
    "framework": "kaders",
    "commissioning": "opdrachtgeverschap",
    "control": "control",
    "information_management": "informatiemanagement",
}


def format_date(day: dt.date) -> str:
    """A date the Dutch way: ``1-3-2026``."""
    return f"{day.day}-{day.month}-{day.year}"
