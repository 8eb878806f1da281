"""The opportunity map (kansenkaart, 2013 case): opportunities by domain with their level and
candidate partners, and turning one into a new case of its own, pre-filled with the partners.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from samenrekenen.model import SCHEMA_VERSION, Case
from samenrekenen.model.guidance import Formation, Opportunity, OpportunityLevel
from samenrekenen.model.participants import Participant

from .labels import OPPORTUNITY_LEVEL

BASELINE_ID = "ongewijzigd-beleid"
COOPERATION_ID = "samenwerking"


def opportunity_map(formation: Formation | None) -> dict[str, list[Opportunity]]:
    """The case's opportunities by domain (domains in order of first appearance), each domain's
    opportunities from the furthest-reaching level down."""
    levels = list(OpportunityLevel)
    by_domain: dict[str, list[Opportunity]] = {}
    for opportunity in formation.opportunities if formation else []:
        by_domain.setdefault(opportunity.domain, []).append(opportunity)
    return {
        domain: sorted(items, key=lambda o: -levels.index(o.level))
        for domain, items in by_domain.items()
    }


def case_from_opportunity(
    case: Case | None,
    opportunity: Opportunity,
    participants: Sequence[str] | None = None,
    first_year: int | None = None,
) -> dict[str, Any]:
    """A new case document for ``opportunity``: its partners as participants, a baseline
    scenario and an empty cooperation scenario, the opportunity on its map.

    ``participants`` picks some of the opportunity's partners (default: all). A partner that is
    a participant id of ``case`` is copied with its name, CBS code and volume drivers (not its
    baseline, which belongs to the other case's domain); any other partner becomes a new
    participant named after it. The first year is ``first_year``, else the case's, else next
    year. The document passes :func:`samenrekenen.io.casefile.validate_document`.
    """
    chosen = list(participants) if participants is not None else list(opportunity.partners)
    unknown = [p for p in chosen if p not in opportunity.partners]
    if unknown:
        raise ValueError(
            f"{', '.join(unknown)} is geen kandidaat-partner van kans '{opportunity.id}'"
        )
    if not chosen:
        raise ValueError(f"kans '{opportunity.id}' heeft geen kandidaat-partners; voeg er een toe")
    year = first_year or (case.cooperation.first_year if case else dt.date.today().year + 1)
    members = _participants(case, chosen)
    level = OPPORTUNITY_LEVEL[opportunity.level]
    copy = opportunity.model_copy(update={"partners": [m["id"] for m in members]})
    return {
        "schema_version": SCHEMA_VERSION,
        "cooperation": {
            "name": opportunity.description,
            "domains": [opportunity.domain],
            "first_year": year,
            "decision_question": f"Gaan wij samen over tot {level} ({opportunity.domain})?",
        },
        "participants": members,
        "scenarios": [
            {"id": BASELINE_ID, "name": "Ongewijzigd beleid", "is_baseline": True},
            {"id": COOPERATION_ID, "name": f"Samenwerking: {level}"},
        ],
        "formation": {"opportunities": [copy.model_dump(mode="json", exclude_none=True)]},
    }


def _participants(case: Case | None, partners: list[str]) -> list[dict[str, Any]]:
    existing = {p.id: p for p in case.participants} if case else {}
    used = {partner for partner in partners if partner in existing}
    members = []
    for partner in partners:
        if partner in existing:
            members.append(_copied(existing[partner]))
        else:
            identifier = _unique(_slug(partner), used)
            used.add(identifier)
            members.append({"id": identifier, "name": partner})
    return members


def _copied(participant: Participant) -> dict[str, Any]:
    return participant.model_dump(
        mode="json", include={"id", "name", "cbs_code", "drivers"}, exclude_none=True
    )


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "deelnemer"


def _unique(identifier: str, used: set[str]) -> str:
    candidate, number = identifier, 2
    while candidate in used:
        candidate, number = f"{identifier}-{number}", number + 1
    return candidate
