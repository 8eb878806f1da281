"""Audit trail, versions, version comparison and background recalculation jobs.

``/wijzigingen`` lists every saved change (optionally of one item, ``?pad=``), ``/versies``
lists and fixes immutable versions, ``/versies/vergelijk`` compares two versions (or a version
with the current state) and ``/herberekenen`` with ``/taken/{id}`` runs a recalculation in the
background and shows its progress. A *deelnemer* who may not see other participants' detail sees
neither their baseline changes nor their detailed results.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_datetime
from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.format import MISSING, format_eur, format_number, format_pct, format_years
from samenrekenen.io.casefile import dump_case
from samenrekenen.io.results import result_to_dict
from samenrekenen.model import Case
from samenrekenen.model.edits import PathError, parse_path
from samenrekenen.store import CaseNotFound, InvalidEdit, Role
from samenrekenen.store.cases import MEMBERS, SETTING, checked
from samenrekenen.store.jobs import DONE, FAILED, QUEUED, RUNNING
from samenrekenen.store.tables import AuditEntry, Job, Version

from ..access import CaseAccess
from ..auth import NOT_FOUND, Ctx, PageCase, permit, require
from ..context import AppContext
from ..labels import changed_paths, describe_change, describe_path, describe_value
from ..render import render
from ..service import RECALCULATE, Pending, results_document, visible_results

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
"""Audit entries per page."""

MAX_CHANGES = 500
"""Changed inputs listed in a comparison; the rest is counted."""

MAX_VERSION_NAME = 200

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
"""Times are stored in UTC and shown in Dutch local time."""

CURRENT = "huidig"
"""The comparison side that means the case's current state."""

ACTION_LABELS = {
    "set": "gewijzigd",
    "add": "toegevoegd",
    "remove": "verwijderd",
    "replace": "casebestand vervangen",
    SETTING: "instelling gewijzigd",
}

JOB_TITLES = {RECALCULATE: "Herberekening van alle scenario's"}

JOB_STATUS = {
    QUEUED: "In de wachtrij",
    RUNNING: "Bezig",
    DONE: "Klaar",
    FAILED: "Mislukt",
}

_EVERYTHING = 1_000_000_000
_UNSAFE_FILENAME = re.compile(r"[^a-z0-9]+")


def local_time(moment: dt.datetime) -> str:
    """A stored (UTC) time in Dutch local time: ``5 maart 2026 om 14:04``."""
    return format_datetime(_utc(moment), "d MMMM y 'om' HH:mm", tzinfo=LOCAL_TIME, locale="nl_NL")


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _machine_time(moment: dt.datetime) -> str:
    return _utc(moment).astimezone(LOCAL_TIME).isoformat(timespec="seconds")


# --- audit trail ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the page shows it."""

    revision: int
    who: str
    when: str
    when_iso: str
    action: str
    description: str
    path: str
    old: str
    new: str
    has_values: bool


def entry_visible(access: CaseAccess, document: dict[str, Any], entry: AuditEntry) -> bool:
    """Whether a user may see an audit entry: a *deelnemer* who may not see other participants'
    detail does not see changes of their baseline measurement."""
    if entry.path == MEMBERS:
        return access.can_manage  # who has which role is for the case's managers
    if access.role != Role.PARTICIPANT or access.row.participants_see_others:
        return True
    participants = document.get("participants", [])
    hidden = {
        index
        for index, participant in enumerate(participants)
        if not access.sees_detail(str(participant.get("id", "")))
    }
    try:
        segments = parse_path(entry.path)
    except PathError:
        return True
    if segments[0] != "participants":
        return True
    if len(segments) >= 3 and isinstance(segments[1], int) and segments[2] == "baseline":
        # A position that no longer exists cannot be attributed: leave it out to be safe.
        return segments[1] < len(participants) and segments[1] not in hidden
    if len(segments) <= 2:
        return all(
            _shows_only_visible(access, value) for value in (entry.old_value, entry.new_value)
        )
    return True


def _shows_only_visible(access: CaseAccess, value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(
        not isinstance(item, dict)
        or "baseline" not in item
        or access.sees_detail(str(item.get("id", "")))
        for item in items
    )


def _audit_row(document: dict[str, Any], entry: AuditEntry) -> AuditRow:
    has_values = entry.action != "replace"
    return AuditRow(
        revision=entry.revision,
        who=entry.user_email or "onbekend",
        when=local_time(entry.at),
        when_iso=_machine_time(entry.at),
        action=ACTION_LABELS.get(entry.action, entry.action),
        description=describe_path(
            document, entry.path, entry.old_value if entry.action == "remove" else None
        ),
        path=entry.path,
        old=describe_value(entry.old_value),
        new=describe_value(entry.new_value),
        has_values=has_values,
    )


@router.get("/cases/{case_id}/wijzigingen", response_class=HTMLResponse)
def audit_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    pagina: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    pad: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """Every saved change, newest first, 50 per page; ``pad`` keeps the changes of one item."""
    document = access.row.document
    entries = [
        entry
        for entry in ctx.cases.audit(access.row.id, pad or None, limit=_EVERYTHING)
        if entry_visible(access, document, entry)
    ]
    pages = max(1, math.ceil(len(entries) / PAGE_SIZE))
    page = min(pagina, pages)
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]

    def page_link(number: int) -> str:
        query = {"pagina": number, **({"pad": pad} if pad else {})}
        return f"/cases/{access.row.id}/wijzigingen?{urlencode(query)}"

    context = {
        "access": access,
        "tab": "audit",
        "rows": [_audit_row(document, entry) for entry in shown],
        "total": len(entries),
        "page": page,
        "pages": pages,
        "previous_link": page_link(page - 1) if page > 1 else "",
        "next_link": page_link(page + 1) if page < pages else "",
        "path": pad,
        "path_description": describe_path(document, pad) if pad else "",
        "first_number": (page - 1) * PAGE_SIZE + 1,
    }
    return render(request, "audit.html", context)


# --- versions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    """A version in the list."""

    id: int
    name: str
    revision: int
    engine_version: str
    created_by: str
    when: str
    when_iso: str


def _version_row(version: Version) -> VersionRow:
    return VersionRow(
        id=version.id,
        name=version.name,
        revision=version.revision,
        engine_version=version.engine_version,
        created_by=version.created_by or "onbekend",
        when=local_time(version.created_at),
        when_iso=_machine_time(version.created_at),
    )


def results_of(case: Case) -> dict[str, Any]:
    """The results document fixed with a version: every scenario, with the case's overview."""
    return result_to_dict(calculate(case), case=case)


def _versions_page(
    request: Request, access: CaseAccess, ctx: AppContext, name: str = "", error: str = ""
) -> Response:
    versions = ctx.cases.versions(access.row.id)
    context = {
        "access": access,
        "tab": "versions",
        "versions": [_version_row(v) for v in reversed(versions)],
        "name": name,
        "error": error,
        "current": CURRENT,
    }
    return render(request, "versions.html", context, 400 if error else 200)


@router.get("/cases/{case_id}/versies", response_class=HTMLResponse)
def versions_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The fixed versions of the case, newest first, and the form to fix a new one."""
    return _versions_page(request, access, ctx)


@router.post("/cases/{case_id}/versies", response_class=HTMLResponse)
def create_version(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Fix the current inputs and their results as an immutable, named version."""
    permit(access.can_edit_all)
    name = name.strip()
    if not name:
        error = "Geef de versie een naam, bijvoorbeeld 'Raadsvoorstel maart'."
        return _versions_page(request, access, ctx, name, error)
    if len(name) > MAX_VERSION_NAME:
        error = f"De naam is te lang; gebruik hoogstens {MAX_VERSION_NAME} tekens."
        return _versions_page(request, access, ctx, name, error)
    version = ctx.cases.create_version(
        access.row.id, name, access.user.email, ENGINE_VERSION, results_of
    )
    return RedirectResponse(f"/cases/{access.row.id}/versies/{version.id}", status_code=303)


@dataclass(frozen=True)
class MetricRow:
    """One key figure of a scenario: its value on each compared side and the difference."""

    label: str
    values: list[str]
    difference: str


@dataclass(frozen=True)
class ScenarioFigures:
    """The key results of one scenario, consolidated and per participant."""

    id: str
    name: str
    is_baseline: bool
    metrics: list[MetricRow]
    participants: list[MetricRow]


_METRICS: tuple[tuple[str, str, str], ...] = (
    ("total_difference", "Totaal verschil over de looptijd", "eur"),
    ("break_even_year", "Omslagpunt", "year"),
    ("simple_payback_years", "Eenvoudige terugverdientijd", "years"),
    ("savings_pct", "Besparing", "pct"),
    ("npv", "Netto contante waarde", "eur"),
)


def _total(entity: dict[str, Any] | None) -> float | None:
    series = (entity or {}).get("cumulative_difference") or []
    value = series[-1] if series else None
    return float(value) if isinstance(value, int | float) else None


def _figures(scenario: dict[str, Any]) -> dict[str, Any]:
    consolidated = scenario.get("consolidated", {})
    metrics = dict(consolidated.get("metrics", {}))
    metrics["total_difference"] = _total(consolidated)
    return metrics


def _format(kind: str, value: Any, estimate: bool = False) -> str:
    if value is None:
        return "niet" if kind == "year" else MISSING
    if kind == "eur":
        return format_eur(value)
    if kind == "year":
        return f"{int(value)}" + (" (geschat)" if estimate else "")
    if kind == "years":
        return format_years(value)
    return format_pct(value)


def _difference(kind: str, before: Any, after: Any) -> str:
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return MISSING
    change = after - before
    if kind == "eur":
        text = format_eur(change)
    elif kind == "year":
        text = f"{int(change)} jaar"
    elif kind == "years":
        text = format_years(change)
    else:
        text = f"{format_number(change, 1)} procentpunt"
    if change > 0 and any(digit in text for digit in "123456789"):
        # A visible increase gets its sign, as a decrease has its minus.
        return text.replace("€ ", "€ +") if kind == "eur" else f"+{text}"
    return text


def scenario_figures(results: list[dict[str, Any]], names: dict[str, str]) -> list[ScenarioFigures]:
    """Key results per scenario for one or more results documents side by side (by scenario
    id, in the order the documents list them); the difference is last minus first."""
    order: list[tuple[str, str, bool]] = []
    for document in results:
        for scenario in document.get("scenarios", []):
            if scenario["id"] not in [o[0] for o in order]:
                order.append((scenario["id"], scenario.get("name", ""), scenario["is_baseline"]))
    participants: list[str] = []
    for document in results:
        participants += [p for p in document.get("participants", []) if p not in participants]
    figures: list[ScenarioFigures] = []
    for scenario_id, name, is_baseline in order:
        sides = [
            next((s for s in d.get("scenarios", []) if s["id"] == scenario_id), None)
            for d in results
        ]
        values = [_figures(s) if s else {} for s in sides]
        metrics = [
            MetricRow(
                label,
                [_format(kind, v.get(key), bool(v.get("break_even_is_estimate"))) for v in values],
                _difference(kind, values[0].get(key), values[-1].get(key)),
            )
            for key, label, kind in _METRICS
        ]
        rows = []
        for participant in participants:
            totals = [_total((s or {}).get("entities", {}).get(participant)) for s in sides]
            rows.append(
                MetricRow(
                    names.get(participant, participant),
                    [_format("eur", t) for t in totals],
                    _difference("eur", totals[0], totals[-1]),
                )
            )
        figures.append(ScenarioFigures(scenario_id, name, is_baseline, metrics, rows))
    return figures


def _names(*documents: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for document in documents:
        for participant in document.get("participants", []):
            if isinstance(participant, dict) and "id" in participant:
                names[str(participant["id"])] = str(participant.get("name") or participant["id"])
    return names


def _version(ctx: AppContext, access: CaseAccess, version_id: int) -> Version:
    try:
        return ctx.cases.version(access.row.id, version_id)
    except CaseNotFound:
        raise HTTPException(404, NOT_FOUND) from None


def _sees_all(access: CaseAccess, document: dict[str, Any]) -> bool:
    return all(access.sees_detail(str(p.get("id", ""))) for p in document.get("participants", []))


@router.get("/cases/{case_id}/versies/vergelijk", response_class=HTMLResponse)
def compare_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    a: Annotated[str, Query(max_length=20)] = "",
    b: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Two versions (or a version and the current state, ``huidig``) side by side: key results
    per scenario and participant, and every changed input."""
    versions = [_version_row(v) for v in reversed(ctx.cases.versions(access.row.id))]
    context: dict[str, Any] = {
        "access": access,
        "tab": "versions",
        "versions": versions,
        "current": CURRENT,
        "a": a or (str(versions[0].id) if versions else CURRENT),
        "b": b or CURRENT,
        "compared": False,
    }
    if a and b:
        left, right = _side(ctx, access, a), _side(ctx, access, b)
        context.update(_comparison(ctx, access, left, right))
    return render(request, "version_compare.html", context)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a fixed version or the current state."""

    label: str
    document: dict[str, Any]
    results: dict[str, Any] | Pending


def _side(ctx: AppContext, access: CaseAccess, key: str) -> Side:
    if key == CURRENT:
        label = f"Huidige stand (versie {access.row.revision})"
        return Side(label, access.row.document, results_document(ctx, access.row))
    require(key.isdigit())
    version = _version(ctx, access, int(key))
    return Side(f"{version.name} (versie {version.revision})", version.document, version.results)


def _visible_inputs(access: CaseAccess, document: dict[str, Any]) -> dict[str, Any]:
    participants = document.get("participants", [])
    if _sees_all(access, document):
        return document
    shown = dict(document)
    shown["participants"] = [
        p
        if access.sees_detail(str(p.get("id", "")))
        else {k: v for k, v in p.items() if k != "baseline"}
        for p in participants
    ]
    return shown


def _comparison(ctx: AppContext, access: CaseAccess, left: Side, right: Side) -> dict[str, Any]:
    pending = [
        _job_view(job)
        for side in (left, right)
        if isinstance(side.results, Pending)
        and (job := ctx.jobs.get(side.results.job_id)) is not None
    ]
    figures: list[ScenarioFigures] = []
    if isinstance(left.results, dict) and isinstance(right.results, dict):
        results = [visible_results(access, left.results), visible_results(access, right.results)]
        figures = scenario_figures(results, _names(left.document, right.document))
    old, new = _visible_inputs(access, left.document), _visible_inputs(access, right.document)
    changes = changed_paths(old, new)
    rows = [
        {
            "description": describe_change(old, new, change),
            "path": change.path,
            "old": describe_value(change.old),
            "new": describe_value(change.new),
        }
        for change in changes[:MAX_CHANGES]
    ]
    return {
        "compared": True,
        "left": left.label,
        "right": right.label,
        "figures": figures,
        "pending": pending,
        "changes": rows,
        "more_changes": max(0, len(changes) - MAX_CHANGES),
    }


@router.get("/cases/{case_id}/versies/{version_id}", response_class=HTMLResponse)
def version_page(request: Request, version_id: int, access: PageCase, ctx: Ctx) -> Response:
    """One fixed version: who fixed it when, its key results, and its case file."""
    version = _version(ctx, access, version_id)
    results = visible_results(access, version.results)
    context = {
        "access": access,
        "tab": "versions",
        "version": _version_row(version),
        "figures": scenario_figures([results], _names(version.document)),
        "can_download": _sees_all(access, version.document),
        "current": CURRENT,
    }
    return render(request, "version.html", context)


@router.get("/cases/{case_id}/versies/{version_id}/download")
def download_version(version_id: int, access: PageCase, ctx: Ctx) -> Response:
    """The case file of a version as YAML (for users who see every participant's detail)."""
    version = _version(ctx, access, version_id)
    require(_sees_all(access, version.document))
    slug = _UNSAFE_FILENAME.sub("-", version.name.lower()).strip("-") or "versie"
    filename = f"case-{access.row.id}-{slug[:60]}-versie-{version.revision}.yaml"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(_yaml(version.document), media_type="application/yaml", headers=headers)


def _yaml(document: dict[str, Any]) -> str:
    try:
        return dump_case(checked(document), "yaml")
    except InvalidEdit:
        # A version fixed under an older model: hand out exactly what was stored.
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


# --- background jobs --------------------------------------------------------------------------


@dataclass(frozen=True)
class JobView:
    """A job as the progress fragment shows it."""

    id: int
    case_id: int
    title: str
    status: str
    status_label: str
    percent: int
    message: str
    active: bool


def _job_view(job: Job) -> JobView:
    result = job.result or {}
    message = job.message
    if job.status == DONE and "superseded_by" in result:
        message = "De case is intussen gewijzigd; de nieuwe versie wordt apart berekend."
    elif job.status == DONE:
        message = "Alle scenario's zijn berekend."
    elif job.status == QUEUED and not message:
        message = "Wacht op een vrije rekenplek."
    return JobView(
        id=job.id,
        case_id=job.case_id,
        title=JOB_TITLES.get(job.kind, "Taak"),
        status=job.status,
        status_label=JOB_STATUS.get(job.status, job.status),
        percent=round(100 * (1.0 if job.status == DONE else job.progress)),
        message=message,
        active=job.status in (QUEUED, RUNNING),
    )


@router.post("/cases/{case_id}/herberekenen", response_class=HTMLResponse)
def recalculate(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Queue a recalculation of every scenario at the current revision (one per revision) and
    answer the progress fragment."""
    permit(access.can_edit)
    job = ctx.jobs.latest(access.row.id, RECALCULATE)
    if job is None or job.revision != access.row.revision or job.status not in (QUEUED, RUNNING):
        job = ctx.jobs.submit(access.row.id, RECALCULATE, access.row.revision, access.user.email)
    return render(request, "partials/job_progress.html", {"job": _job_view(job)})


@router.get("/cases/{case_id}/taken/{job_id}", response_class=HTMLResponse)
def job_progress(request: Request, job_id: int, access: PageCase, ctx: Ctx) -> Response:
    """The progress fragment of a job of this case; it polls itself until the job ends."""
    job = ctx.jobs.get(job_id)
    if job is None or job.case_id != access.row.id:
        raise HTTPException(404, NOT_FOUND)
    return render(request, "partials/job_progress.html", {"job": _job_view(job)})
