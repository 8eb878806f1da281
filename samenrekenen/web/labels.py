"""Dutch descriptions of case-document paths and values, and the changes between two documents.

The audit trail and the version comparison address changes by the case file's own paths
(``participants[2].baseline.costs[0].visible_eur``). :func:`describe_path` turns such a path
into what a user recognises, using the names in the document: ``Gemeente Aadorp · nulmeting ·
kosten Werkplekken · zichtbaar bedrag``. :func:`describe_value` shows an old or new value the
Dutch way, and :func:`changed_paths` lists what differs between two documents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from samenrekenen.format import MISSING, format_number
from samenrekenen.model.categories import DEFAULT_CATEGORIES
from samenrekenen.model.edits import WHOLE_CASE, PathError, Segment, format_path, parse_path
from samenrekenen.store.cases import CASE_NAME, MEMBERS, VISIBILITY

SEPARATOR = " · "
"""Between the parts of a described path."""

WHOLE_CASE_LABEL = "hele case (casebestand)"
SETTING_LABELS = {
    CASE_NAME: "naam van de case",
    VISIBILITY: "deelnemers zien elkaars details",
    MEMBERS: "leden en rollen",
}
"""Descriptions of the audit paths of the case's settings and members."""
"""The description of the whole document (a replacement by upload)."""

FIELD_LABELS: dict[str, str] = {
    # The case and the cooperation
    "schema_version": "formaatversie",
    "version_label": "versielabel",
    "cooperation": "samenwerking",
    "form": "samenwerkingsvorm",
    "domains": "domeinen",
    "scope_level": "reikwijdte",
    "first_year": "eerste jaar",
    "horizon_years": "looptijd in jaren",
    "indexation": "indexatie",
    "default": "standaard",
    "per_category": "per categorie",
    "rate": "percentage",
    "discount_rate": "discontovoet",
    "decision_question": "beslisvraag",
    "preconditions": "randvoorwaarden",
    "max_realisation_months": "maximale realisatietijd in maanden",
    "max_one_off_costs_eur": "maximale incidentele kosten",
    "no_forced_redundancies": "geen gedwongen ontslagen",
    "staff_policy": "personeelsbeleid",
    "quality_and_cost_differences": "verschillen in kwaliteit en kosten",
    "objectives": "doelstellingen",
    "indicator": "indicator",
    "measurement": "meting",
    "target": "streefwaarde",
    "categories": "categorieën",
    "parent": "bovenliggende categorie",
    "budget_code": "taakveld",
    "shared_service": "gezamenlijke organisatie",
    "charging": "verrekening",
    "default_key": "standaardsleutel",
    "transfer_key": "sleutel voor de knip",
    "benchmark_norms": "benchmarknormen",
    "per_inhabitant_eur": "norm per inwoner",
    "per_workplace_eur": "norm per werkplek",
    "per_fte_eur": "norm per fte",
    # Sources
    "source": "bron",
    "supplied_by": "aangeleverd door",
    "document": "document",
    "date": "datum",
    # Participants and their baseline
    "participants": "deelnemers",
    "id": "id",
    "name": "naam",
    "cbs_code": "CBS-code",
    "drivers": "volumes",
    "inhabitants": "inwoners",
    "workplaces": "werkplekken",
    "accounts": "accounts",
    "employees": "medewerkers",
    "interest_rate": "rentepercentage",
    "depreciation_terms": "afschrijvingstermijnen",
    "baseline": "nulmeting",
    "status": "status",
    "comments": "opmerkingen",
    "author": "auteur",
    "text": "tekst",
    "costs": "kosten",
    "category": "categorie",
    "visible_eur": "zichtbaar bedrag",
    "hidden": "verborgen kosten",
    "amount_eur": "bedrag",
    "cause": "oorzaak",
    "description": "omschrijving",
    "staffing": "bezetting",
    "function_group": "functiegroep",
    "fte": "fte",
    "cost_per_fte_eur": "kosten per fte",
    "assets": "activa",
    "purchase_year": "aanschafjaar",
    "term_years": "afschrijvingstermijn in jaren",
    "method": "afschrijvingsmethode",
    "contracts": "contracten",
    "supplier": "leverancier",
    "annual_amount_eur": "jaarbedrag",
    "end_date": "einddatum",
    "service_level_score": "score dienstverlening",
    # Scenarios and their lines
    "scenarios": "scenario's",
    "is_baseline": "ongewijzigd beleid",
    "extends": "bouwt voort op",
    "members": "deelnemende gemeenten",
    "delay_months": "vertraging in maanden",
    "phases": "fasen",
    "go_live": "livegang",
    "share_pct": "aandeel in procenten",
    "include_overhead": "overhead meetellen",
    "remove_lines": "vervallen regels",
    "objectives_not_reached": "niet bereikte doelstellingen",
    "transfers": "knip",
    "level_changes": "niveauwijzigingen",
    "staff_changes": "formatiewijzigingen",
    "structural_costs": "structurele kosten",
    "one_off_costs": "incidentele kosten",
    "investments": "investeringen",
    "markups": "projectopslagen",
    "benefits": "baten",
    "asset_retirements": "afgestoten activa",
    "qualitative_items": "kwalitatieve posten",
    "values": "waarden",
    "bearer": "drager",
    "basis": "grondslag",
    "indexed": "geïndexeerd",
    "phased": "gefaseerd",
    "allocation_key": "verdeelsleutel",
    "charge_key": "verrekensleutel",
    "vat": "btw",
    "until_year": "tot en met jaar",
    "kind": "soort",
    "savings_realised": "besparing gerealiseerd",
    "realised_from_year": "gerealiseerd vanaf",
    "cost_type": "kostensoort",
    "overhead": "overhead",
    "checklist_class": "checklistklasse",
    "first_depreciation": "eerste afschrijving",
    "interest_rule": "renteberekening",
    "applies_to": "geldt voor",
    "benefit_area": "batengebied",
    "participant": "deelnemer",
    "asset": "activum",
    "year": "jaar",
    "monetised": "in geld uitgedrukt",
}
"""Dutch names of the case file's field names (a field not listed shows its own name)."""

_ITEM_LABELS: dict[str, str] = {
    "scenarios": "scenario",
    "categories": "categorie",
    "objectives": "doelstelling",
    "costs": "kosten",
    "hidden": "verborgen post",
    "staffing": "bezetting",
    "assets": "activum",
    "contracts": "contract",
    "comments": "opmerking",
    "phases": "fase",
    "transfers": "knip",
    "level_changes": "niveauwijziging",
    "staff_changes": "formatiewijziging",
    "structural_costs": "structurele kosten",
    "one_off_costs": "incidentele kosten",
    "investments": "investering",
    "markups": "projectopslag",
    "benefits": "baat",
    "asset_retirements": "afstoting",
    "qualitative_items": "kwalitatieve post",
}
"""How one item of a list is introduced (followed by its name)."""

YEAR_LIKE = 1000
"""Integer keys from this value on are years of a table per year, not list positions."""

_NAME_KEYS = ("name", "description", "function_group", "id")
_MAX_TEXT = 160


def field_label(name: str) -> str:
    """The Dutch name of a field of the case file."""
    return FIELD_LABELS.get(name, name.replace("_", " "))


def describe_path(document: dict[str, Any], path: str, removed: Any = None) -> str:
    """A Dutch description of ``path`` with the names found in ``document``.

    ``participants[0].baseline.costs[0].visible_eur`` becomes ``Gemeente Aadorp · nulmeting ·
    kosten Werkplekken · zichtbaar bedrag``. Items that the document no longer holds are
    numbered instead of named; a path that is not well formed is returned as it is. For a
    removed list item, pass it as ``removed``: it is named instead of the item that now has its
    position.
    """
    if path == WHOLE_CASE:
        return WHOLE_CASE_LABEL
    if path in SETTING_LABELS:
        return SETTING_LABELS[path]
    try:
        segments = parse_path(path)
    except PathError:
        return path
    categories = _category_names(document)
    parts: list[str] = []
    node: Any = document
    field: str | None = None
    for number, segment in enumerate(segments, start=1):
        if isinstance(segment, int) and _is_position(segment, node, field):
            item = node[segment] if isinstance(node, list) and segment < len(node) else None
            if removed is not None and number == len(segments):
                item = removed
            if parts and field is not None and parts[-1] == field_label(field):
                parts.pop()
            parts.append(_item_label(field, item, segment, categories))
            node, field = item, None
        elif isinstance(node, dict) or node is None:
            key = str(segment)
            parts.append(key if isinstance(segment, int) else field_label(key))
            node = node.get(key) if isinstance(node, dict) else None
            field = None if isinstance(segment, int) else key
        else:
            parts.append(str(segment))
            node, field = None, None
    return SEPARATOR.join(parts)


def _is_position(segment: int, node: Any, field: str | None) -> bool:
    """Whether ``segment`` is a position in a list (not a year key of a table per year)."""
    if isinstance(node, list):
        return True
    return node is None and field is not None and segment < YEAR_LIKE


def _category_names(document: dict[str, Any]) -> dict[str, str]:
    listed = document.get("categories") if isinstance(document, dict) else None
    if isinstance(listed, list) and listed:
        return {
            str(c.get("id")): str(c.get("name") or c.get("id"))
            for c in listed
            if isinstance(c, dict)
        }
    return {c.id: c.name for c in DEFAULT_CATEGORIES}


def _item_label(field: str | None, item: Any, index: int, categories: dict[str, str]) -> str:
    number = f"{index + 1}"
    if field == "participants":
        name = _name_of(item)
        return name or f"deelnemer {number}"
    intro = _ITEM_LABELS.get(field or "", field_label(field) if field else "onderdeel")
    if field == "costs" and isinstance(item, dict) and item.get("category"):
        category = str(item["category"])
        return f"{intro} {categories.get(category, category)}"
    if field in ("hidden", "comments") or not isinstance(item, dict):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            return f"{intro} {item}"
        return f"{intro} {number}"
    name = _name_of(item)
    return f"{intro} {name}" if name else f"{intro} {number}"


def _name_of(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for key in _NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return _shorten(value.strip(), 80)
    return ""


def describe_value(value: Any) -> str:
    """A stored value shown the Dutch way: numbers ``1.234,5``, ``ja``/``nee``, lists and year
    tables compactly; ``—`` for nothing."""
    return _shorten(_describe(value, depth=0), _MAX_TEXT)


def _describe(value: Any, depth: int) -> str:
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return value
    if depth > 0:
        name = _name_of(value)
        if name:
            return name
        return "[…]" if isinstance(value, list) else "{…}"
    if isinstance(value, list):
        if not value:
            return "(leeg)"
        return ", ".join(_describe(item, depth + 1) for item in value)
    if isinstance(value, dict):
        if not value:
            return "(leeg)"
        name = _name_of(value)
        if name and any(isinstance(v, dict | list) for v in value.values()):
            return name
        return "; ".join(f"{_key_text(k)}: {_describe(v, depth + 1)}" for k, v in value.items())
    return str(value)


def _key_text(key: Any) -> str:
    text = str(key)
    return text if text.isdigit() else field_label(text)


def _number(value: float) -> str:
    number = float(value)
    if not math.isfinite(number):
        return MISSING
    if number.is_integer():
        return format_number(number)
    decimals = 0
    while decimals < 6 and round(number, decimals) != number:
        decimals += 1
    text = format_number(number, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Change:
    """One difference between two documents: the path (in the newer document where it exists)
    with the value before and after; ``None`` on one side for an added or removed item."""

    path: str
    old: Any
    new: Any


def describe_change(old_document: Any, new_document: Any, change: Change) -> str:
    """The description of a change: a removed item is named as the older document had it."""
    gone = change.new is None and change.old is not None
    document = old_document if gone else new_document
    return describe_path(document if isinstance(document, dict) else {}, change.path)


def changed_paths(old: Any, new: Any) -> list[Change]:
    """Every difference between two case documents, in document order.

    Objects are compared field by field; lists of objects with ids are matched by id (so
    removing one line does not report every later line as changed), other lists item by item,
    and lists of plain values as a whole.
    """
    changes: list[Change] = []
    _diff(old, new, [], changes)
    return changes


def _diff(old: Any, new: Any, segments: list[Segment], changes: list[Change]) -> None:
    if _same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            segment: Segment = int(key) if str(key).isdigit() else key
            _diff(old.get(key), new.get(key), [*segments, segment], changes)
        return
    if isinstance(old, list) and isinstance(new, list) and _has_items(old, new):
        if _by_id(old) is not None and _by_id(new) is not None:
            _diff_by_id(old, new, segments, changes)
            return
        for index in range(max(len(old), len(new))):
            before = old[index] if index < len(old) else None
            after = new[index] if index < len(new) else None
            _diff(before, after, [*segments, index], changes)
        return
    changes.append(Change(_path(segments), old, new))


def _diff_by_id(
    old: list[Any], new: list[Any], segments: list[Segment], changes: list[Change]
) -> None:
    old_ids = _by_id(old) or {}
    new_ids = _by_id(new) or {}
    for index, item in enumerate(new):
        before = old_ids.get(item["id"])
        _diff(before[1] if before else None, item, [*segments, index], changes)
    for ident, (index, item) in old_ids.items():
        if ident not in new_ids:
            changes.append(Change(_path([*segments, index]), item, None))


def _has_items(old: list[Any], new: list[Any]) -> bool:
    return any(isinstance(item, dict | list) for item in [*old, *new])


def _by_id(items: list[Any]) -> dict[Any, tuple[int, Any]] | None:
    found: dict[Any, tuple[int, Any]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item or item["id"] in found:
            return None
        found[item["id"]] = (index, item)
    return found


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new)


def _path(segments: list[Segment]) -> str:
    return format_path(segments) if segments else WHOLE_CASE
