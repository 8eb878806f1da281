"""The codes of the guidance content, for checking a case's :class:`Formation` against them.

The content (phases, forms, processes, checklists, provisions) is data in
``samenrekenen/guidance/*.yaml``; :func:`read_content` reads one file as plain data (cached), and
:func:`guidance_codes` collects the codes a case may refer to. The model reads the files as data
and never imports the ``guidance`` package, which builds its validated schema
(``samenrekenen.guidance.content``) on this same reader (decision record 0004).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

CONTENT_FOLDER = "guidance"
"""Folder of the content files inside the ``samenrekenen`` package."""

CONTENT_FILES = ("phases", "forms", "processes", "checklists", "provisions", "outlines")
"""The content files, without ``.yaml``."""


@cache
def read_content(name: str) -> dict[str, Any]:
    """The content file ``name`` (e.g. ``phases``) as plain data; KeyError for an unknown name."""
    if name not in CONTENT_FILES:
        raise KeyError(name)
    path = resources.files("samenrekenen").joinpath(CONTENT_FOLDER, f"{name}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yaml is geen tabel met velden")
    return data


@dataclass(frozen=True)
class GuidanceCodes:
    """Every code a :class:`~samenrekenen.model.guidance.Formation` may refer to, in content
    order (tuples, so messages can list them)."""

    phases: tuple[str, ...]
    gated_phases: tuple[str, ...]
    trial_phase: str
    activities: tuple[str, ...]
    elements: tuple[str, ...]
    process_domains: tuple[str, ...]
    processes: tuple[str, ...]
    ict_processes: tuple[str, ...]
    criteria: tuple[str, ...]
    default_weights: tuple[float, ...]
    legal_forms: tuple[str, ...]
    layers: tuple[str, ...]
    lifecycle: tuple[str, ...]
    questionnaire_items: tuple[str, ...]
    checklist_items: tuple[str, ...]

    def activity_phase(self, activity: str) -> str:
        """The phase id of an activity or sub-activity id (``1.4.2`` → ``1``)."""
        return activity.split(".", 1)[0]


def _activity_ids(phases: list[dict[str, Any]]) -> Iterator[str]:
    for phase in phases:
        for activity in phase["activities"]:
            yield activity["id"]
            for sub in activity.get("sub_activities", []):
                yield sub["id"]


def _process_codes(domain: dict[str, Any]) -> Iterator[str]:
    for process in domain["processes"]:
        yield process["code"]
        for sub in process.get("sub", []):
            yield sub["code"]


def _checklist_items(checklists: dict[str, Any]) -> Iterator[str]:
    for key in ("success_factors", "pitfalls"):
        for item in checklists[key]:
            yield item["id"]
    for recommendation in checklists["recommendations"]:
        for item in recommendation["items"]:
            yield item["id"]


@cache
def guidance_codes() -> GuidanceCodes:
    """The codes of the shipped content (read once)."""
    phases = read_content("phases")
    processes = read_content("processes")
    forms = read_content("forms")
    provisions = read_content("provisions")
    domains = processes["domains"]
    return GuidanceCodes(
        phases=tuple(p["id"] for p in phases["phases"]),
        gated_phases=tuple(p["id"] for p in phases["phases"] if p.get("gate")),
        trial_phase=next(p["id"] for p in phases["phases"] if p.get("trial_run")),
        activities=tuple(_activity_ids(phases["phases"])),
        elements=tuple(e["id"] for e in phases["elements"]),
        process_domains=tuple(d["id"] for d in domains),
        processes=tuple(code for d in domains for code in _process_codes(d)),
        ict_processes=tuple(_process_codes(next(d for d in domains if d["id"] == "ict"))),
        criteria=tuple(c["id"] for c in forms["criteria"]),
        default_weights=tuple(float(c["default_weight"]) for c in forms["criteria"]),
        legal_forms=tuple(f["id"] for f in forms["legal_forms"]),
        layers=tuple(layer["id"] for layer in provisions["layers"]),
        lifecycle=tuple(phase["id"] for phase in provisions["lifecycle"]),
        questionnaire_items=tuple(
            item["id"] for d in provisions["questionnaire"]["dimensions"] for item in d["items"]
        ),
        checklist_items=tuple(_checklist_items(read_content("checklists"))),
    )
