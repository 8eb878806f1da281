"""The guidance (domain §6) as JSON-ready dicts and Dutch Rich tables, for the command line
(``guidance phases|forms|checklists``) and the API.

``phases_to_dict`` is ``{"phases": [{"id", "name", "activities": [{"id", "name"}], "gate",
"agreement"}]}`` with ``gate`` (``{"question", "decided_by"}``) and ``agreement`` (``{"id",
"name"}``) null where a phase has none; with a case, every activity also has its ``status``
and the document has ``gate_decisions``, ``timeline`` and ``one_year_warning``.
:func:`formation_to_dict` holds everything the guidance says about one case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from samenrekenen.format import format_number
from samenrekenen.guidance import (
    checklists,
    content,
    forms,
    opportunities,
    phases,
    processes,
    provisions,
    sourcing,
)
from samenrekenen.guidance.labels import ACTIVITY_STATUS, GATE_OUTCOME, format_date
from samenrekenen.guidance.notices import Notice
from samenrekenen.model import Case


def _notices(notices: list[Notice]) -> list[dict[str, str]]:
    return [asdict(notice) for notice in notices]


def phases_to_dict(case: Case | None = None) -> dict[str, Any]:
    """The phase model; with ``case`` also its statuses, decisions, timeline and warnings."""
    formation = case.formation if case else None
    states = {s.id: s.status.value for s in phases.activity_states(formation)}
    data: dict[str, Any] = {
        "phases": [
            {
                "id": phase.id,
                "name": phase.name,
                "activities": [
                    {"id": a.id, "name": a.name} | ({"status": states[a.id]} if case else {})
                    for a in phase.activities
                ],
                "gate": (
                    {"question": phase.gate.question, "decided_by": phase.gate.decided_by}
                    if phase.gate
                    else None
                ),
                "agreement": (
                    {"id": phase.agreement.id, "name": phase.agreement.name}
                    if phase.agreement
                    else None
                ),
            }
            for phase in content.phases().phases
        ]
    }
    if case is not None:
        data |= _case_phases(case)
    return data


def _case_phases(case: Case) -> dict[str, Any]:
    formation = case.formation
    start = formation.start_date if formation else None
    return {
        "gate_decisions": [
            d.model_dump(mode="json") for d in (formation.gate_decisions if formation else [])
        ],
        "timeline": [
            {
                "key": e.key,
                "name": e.name,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "months": e.months,
                "note": e.note,
            }
            for e in (phases.timeline(formation, start) if start else [])
        ],
        "one_year_warning": _notices(phases.one_year_warning(case)),
    }


def forms_to_dict(case: Case | None = None) -> dict[str, Any]:
    """Cooperation forms, legal forms, criteria with the weights in force, the ranking and
    its sensitivity to each weight."""
    choice = case.formation.form_choice if case and case.formation else None
    model = content.forms()
    weight = forms.weights(choice)
    return {
        "cooperation_forms": [f.model_dump() for f in model.cooperation_forms],
        "legal_forms": [f.model_dump() for f in model.legal_forms],
        "criteria": [c.model_dump() | {"weight": weight[c.id]} for c in model.criteria],
        "scores": forms.scores(choice),
        "ranking": [asdict(r) for r in forms.rank_forms(choice)],
        "sensitivity": [asdict(s) | {"stable": s.stable} for s in forms.sensitivity(choice)],
        "chosen": choice.chosen if choice else None,
    }


def checklists_to_dict(case: Case | None = None) -> dict[str, Any]:
    """Success factors, pitfalls and the nine recommendations with their items ('done' from
    the case), the charging link, and with ``case`` the scale notices that apply."""
    states = {(s.group, s.item.id): s.done for s in checklists.checklist(case)}
    model = content.checklists()

    def items(group: str, entries: list[content.ChecklistItem]) -> list[dict[str, Any]]:
        return [e.model_dump() | {"done": states[(group, e.id)]} for e in entries]

    data: dict[str, Any] = {
        "success_factors": items("success_factors", model.success_factors),
        "pitfalls": items("pitfalls", model.pitfalls),
        "recommendations": [
            {
                "number": r.number,
                "id": r.id,
                "title": r.title,
                "source": r.source,
                "items": items(r.id, r.items),
            }
            for r in model.recommendations
        ],
        "scale_facts": [n.model_dump(exclude_none=True) for n in model.scale_notices],
    }
    if case is not None:
        data["scale_notices"] = _notices(checklists.scale_notices(case))
        data["charging_criteria"] = checklists.charging_criteria_link(case)
    return data


def formation_to_dict(case: Case) -> dict[str, Any]:
    """Everything the guidance says about ``case``: phases, forms, the split with its rule
    findings, the sourcing matrix, the opportunity map, provisions, questionnaire and
    checklists."""
    formation = case.formation
    return {
        "phases": phases_to_dict(case),
        "forms": forms_to_dict(case),
        "processes": {
            "rows": [asdict(r) for r in processes.process_rows(formation)],
            "findings": _notices(processes.process_findings(formation)),
        },
        "sourcing": {
            "rows": [
                {
                    "code": r.code,
                    "name": r.name,
                    "choice": r.choice.model_dump(mode="json") if r.choice else None,
                    "failing": list(r.failing),
                }
                for r in sourcing.sourcing_matrix(formation)
            ],
            "findings": _notices(sourcing.sourcing_findings(formation)),
        },
        "opportunities": {
            domain: [o.model_dump(mode="json") for o in items]
            for domain, items in opportunities.opportunity_map(formation).items()
        },
        "provisions": [
            {
                "layer": cell.layer,
                "phase": cell.phase,
                "provisions": [p.model_dump(mode="json") for p in cell.provisions],
            }
            for cell in provisions.classification_grid(formation)
        ],
        "questionnaire": [asdict(s) for s in provisions.questionnaire_summary(formation)],
        "checklists": checklists_to_dict(case),
    }


# --- tables -----------------------------------------------------------------------------------


def _notice_table(title: str, notices: list[Mapping[str, str]], console: Console) -> None:
    if not notices:
        return
    table = Table(title=title)
    table.add_column("Signaal")
    table.add_column("Bron")
    for notice in notices:
        table.add_row(notice["message"], notice["source"])
    console.print(table)


def phases_tables(data: Mapping[str, Any], console: Console) -> None:
    """The phase model (:func:`phases_to_dict`) as Dutch tables: per phase its activities
    (with status when a case was given), gate and agreement; then the timeline and the
    one-year-plan warning."""
    for phase in data["phases"]:
        table = Table(title=f"Fase {phase['id']}: {phase['name']}")
        table.add_column("Activiteit")
        table.add_column("Naam")
        with_status = any("status" in a for a in phase["activities"])
        if with_status:
            table.add_column("Status")
        for activity in phase["activities"]:
            row = [activity["id"], activity["name"]]
            if with_status:
                row.append(ACTIVITY_STATUS[activity["status"]])
            table.add_row(*row)
        gate = phase["gate"]["question"] if phase["gate"] else "geen"
        agreement = phase["agreement"]["name"] if phase["agreement"] else "geen"
        table.caption = f"Go/no-go: {gate} · Overeenkomst: {agreement}"
        console.print(table)
    for decision in data.get("gate_decisions", []):
        console.print(
            f"Besluit fase {decision['phase']} "
            f"({format_date(dt.date.fromisoformat(decision['date']))}): "
            f"{GATE_OUTCOME[decision['outcome']]} — {decision['text']}"
        )
    if data.get("timeline"):
        table = Table(title="Planning met de gebruikelijke doorlooptijden")
        for heading in ("Fase", "Begin", "Einde", "Maanden"):
            table.add_column(heading)
        for entry in data["timeline"]:
            months = "p.m." if entry["months"] is None else str(entry["months"])
            start, end = (dt.date.fromisoformat(entry[k]) for k in ("start", "end"))
            table.add_row(entry["name"], format_date(start), format_date(end), months)
        console.print(table)
    _notice_table("Planning van circa een jaar", data.get("one_year_warning", []), console)


def forms_tables(data: Mapping[str, Any], console: Console) -> None:
    """The forms document (:func:`forms_to_dict`) as Dutch tables: the ranking of legal forms
    and the sensitivity of the best one to each weight."""
    ranking = Table(title="Rechtsvormen gerangschikt op gewogen score (1–5)")
    for heading in ("Rang", "Rechtsvorm", "Score"):
        ranking.add_column(heading, justify="right" if heading != "Rechtsvorm" else "left")
    for row in data["ranking"]:
        ranking.add_row(str(row["rank"]), row["name"], format_number(row["total"], 2))
    console.print(ranking)
    names = {f["id"]: f["name"] for f in data["legal_forms"]}
    table = Table(title="Gevoeligheid van de eerste plaats voor elk gewicht")
    for heading in ("Criterium", "Gewicht", "Omslag bij", "Nieuwe eerste"):
        table.add_column(heading)
    for row in data["sensitivity"]:
        change = "stabiel" if row["stable"] else _signed(row["change"])
        table.add_row(
            row["name"],
            format_number(row["weight"], 2),
            change,
            names.get(row["new_top"] or "", ""),
        )
    console.print(table)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(value, 2)


def checklists_tables(data: Mapping[str, Any], console: Console) -> None:
    """The checklists (:func:`checklists_to_dict`) as Dutch tables, and the scale notices
    and charging link when a case was given."""
    for title, key in (("Succesfactoren", "success_factors"), ("Valkuilen", "pitfalls")):
        _item_table(title, data[key], console)
    for recommendation in data["recommendations"]:
        title = f"Aanbeveling {recommendation['number']}: {recommendation['title']}"
        _item_table(title, recommendation["items"], console)
    _notice_table("Schaalsignalen", data.get("scale_notices", []), console)
    if "charging_criteria" in data:
        console.print(f"Verrekening: {data['charging_criteria']['text']}")


def _item_table(title: str, items: list[Mapping[str, Any]], console: Console) -> None:
    table = Table(title=title)
    table.add_column("Punt")
    table.add_column("Gedaan")
    for item in items:
        table.add_row(item["text"], "ja" if item["done"] else "")
    console.print(table)
