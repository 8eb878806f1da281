"""Process pages (tab *Proces*, ``/cases/{id}/proces/...``): forming the cooperation step by
step with the guidance of domain §6 — phases and go/no-go decisions, the legal form, the
process split and sourcing, the opportunity map, collective provisions and the questionnaire,
checklists with scale notices, and the two phase-1 reports.

The formation is edited as forms that save themselves (``POST /cases/{id}/wijzig``, like the
rest of the case); the score grid of the legal forms is saved as a whole. Both validate the
whole case, so a refused change (a *go* with an open blocking finding, a negative weight)
shows its Dutch message and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from samenrekenen.guidance import content, opportunities, provisions
from samenrekenen.guidance.labels import (
    GATE_OUTCOME,
    OPPORTUNITY_LEVEL,
    PLACEMENT,
    SOURCING_MODEL,
    format_date,
)
from samenrekenen.guidance.phases import one_year_warning
from samenrekenen.model.guidance import Formation, FormChoice
from samenrekenen.report.council import PdfUnavailableError
from samenrekenen.report.guidance_charts import radar_svg
from samenrekenen.report.phase_reports import PHASE_REPORTS
from samenrekenen.store import EditConflict, InvalidEdit

from ..access import CaseAccess
from ..auth import Ctx, PageCase
from ..exports import sees_whole_case
from ..forms import FormField, entry_text, field_spec
from ..guidance import (
    REPORTS,
    opportunity_case,
    phase_report_file,
    save_scores,
    score_grid,
    scores_from_form,
    visible_formation,
)
from ..render import render
from .editor import form_context
from .exports import file_response

router = APIRouter(include_in_schema=False)

PAGES = (
    ("", "Fasen en besluiten"),
    ("/rechtsvorm", "Rechtsvorm"),
    ("/knip", "Knip en sourcing"),
    ("/kansen", "Kansenkaart"),
    ("/voorzieningen", "Collectieve voorzieningen"),
    ("/checklists", "Checklists"),
    ("/rapporten", "Rapporten fase 1"),
)
"""The sub-pages of the tab, in order: path after ``/proces`` and title."""

LABELS = {
    "outcome": GATE_OUTCOME,
    "placement": PLACEMENT,
    "sourcing": SOURCING_MODEL,
    "level": OPPORTUNITY_LEVEL,
}


class _Page:
    """What every process page needs: the case, its formation document and the form context."""

    def __init__(self, access: CaseAccess, ctx: Ctx, sub: str) -> None:
        self.access = access
        self.case = ctx.case_of(access.row)
        self.document = access.row.document
        self.formation: dict[str, Any] = self.document.get("formation") or {}
        self.fc = form_context(access, self.case, self.document, access.row.revision)
        self.sub = sub

    def form(self, name: str) -> FormField:
        """The form of field ``name`` of the formation."""
        return field_spec(Formation, name, f"formation.{name}", self.formation.get(name), self.fc)

    def choice_form(self, name: str) -> FormField:
        """The form of field ``name`` of the form choice."""
        choice = self.formation.get("form_choice") or {}
        path = f"formation.form_choice.{name}"
        return field_spec(FormChoice, name, path, choice.get(name), self.fc)

    def context(self, **more: Any) -> dict[str, Any]:
        """The template context: tab, sub-navigation, labels and ``more``."""
        base = f"/cases/{self.access.row.id}/proces"
        return {
            "access": self.access,
            "tab": "process",
            "edit_url": f"/cases/{self.access.row.id}/wijzig",
            "proces_url": base,
            "pages": [(base + path, title, path == self.sub) for path, title in PAGES],
            "labels": LABELS,
            "nl_date": lambda iso: format_date(dt.date.fromisoformat(iso)),
            "data": visible_formation(self.access, self.case),
            **more,
        }


def _status_fields(page: _Page) -> dict[str, list[FormField]]:
    """The status input of every activity, by phase id."""
    statuses = page.form("activity_status")
    by_phase: dict[str, list[FormField]] = {p.id: [] for p in content.phases().phases}
    for child in statuses.children:
        by_phase.setdefault(child.name.split(".")[0], []).append(child)
    return by_phase


@router.get("/cases/{case_id}/proces", response_class=HTMLResponse)
def phases_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Phases 0–4 with the status of every activity, the go/no-go decisions, the trial-run
    findings, documents, the timeline and the one-year-plan warning."""
    page = _Page(access, ctx, "")
    context = page.context(
        phases=content.phases().phases,
        status_fields=_status_fields(page),
        start_form=page.form("start_date"),
        durations_form=page.form("duration_months"),
        gates_form=page.form("gate_decisions"),
        findings_form=page.form("trial_findings"),
        documents_form=page.form("documents"),
        conditions_form=page.form("one_year_conditions"),
        warnings=one_year_warning(page.case),
    )
    return render(request, "guidance_phases.html", context)


def _weights_form(page: _Page) -> FormField:
    """The weights with the default weight of each criterion as placeholder."""
    spec = page.choice_form("weights")
    defaults = {c.id: c.default_weight for c in content.forms().criteria}
    for child in spec.children:
        child.placeholder = entry_text(defaults[child.name]) if child.name in defaults else ""
    return spec


def _forms_context(page: _Page, errors: list[str]) -> dict[str, Any]:
    return page.context(
        weights_form=_weights_form(page),
        chosen_form=page.choice_form("chosen"),
        criteria=content.forms().criteria,
        grid=score_grid(page.case),
        legal_forms={f.id: f for f in content.forms().legal_forms},
        errors=errors,
    )


@router.get("/cases/{case_id}/proces/rechtsvorm", response_class=HTMLResponse)
def forms_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The legal forms: weights, scores, the ranking and its sensitivity to each weight."""
    page = _Page(access, ctx, "/rechtsvorm")
    return render(request, "guidance_forms.html", _forms_context(page, []))


@router.post("/cases/{case_id}/proces/rechtsvorm/scores", response_class=HTMLResponse)
async def save_score_grid(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Store the score grid as one change; a refused grid shows every problem (422)."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        revision = int(values.get("revision", "x"))
        save_scores(ctx, access, scores_from_form(values), revision)
    except ValueError as exc:
        return _scores_refused(request, access, ctx, [str(exc)])
    except InvalidEdit as exc:
        return _scores_refused(request, access, ctx, [e.format() for e in exc.errors])
    except EditConflict as exc:
        return _scores_refused(request, access, ctx, [str(exc)])
    return RedirectResponse(f"/cases/{access.row.id}/proces/rechtsvorm#kop-scores", 303)


def _scores_refused(request: Request, access: CaseAccess, ctx: Ctx, errors: list[str]) -> Response:
    page = _Page(access, ctx, "/rechtsvorm")
    return render(request, "guidance_forms.html", _forms_context(page, errors), 422)


@router.get("/cases/{case_id}/proces/knip", response_class=HTMLResponse)
def split_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The process split (which process goes where) and the sourcing of the ICT processes,
    each with the findings of its rules."""
    page = _Page(access, ctx, "/knip")
    context = page.context(
        domains_form=page.form("process_domains"),
        assignments_form=page.form("process_assignments"),
        sourcing_form=page.form("sourcing"),
        in_scope=page.case.formation.process_domains if page.case.formation else ["ict"],
        domain_names={d.id: d.name for d in content.processes().domains},
    )
    return render(request, "guidance_split.html", context)


@router.get("/cases/{case_id}/proces/kansen", response_class=HTMLResponse)
def opportunities_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The opportunity map, with an action that turns an opportunity into a new case."""
    page = _Page(access, ctx, "/kansen")
    names = {p.id: p.name for p in page.case.participants}
    context = page.context(
        opportunities_form=page.form("opportunities"),
        by_domain=opportunities.opportunity_map(page.case.formation),
        names=names,
        may_create=access.user.is_admin,
    )
    return render(request, "guidance_opportunities.html", context)


@router.post("/cases/{case_id}/proces/kansen/{opportunity_id}/case")
def opportunity_to_case(opportunity_id: str, access: PageCase, ctx: Ctx) -> Response:
    """Make a new case from an opportunity (site administrators) and open it."""
    row = opportunity_case(ctx, access, opportunity_id)
    return RedirectResponse(f"/cases/{row.id}", status_code=303)


@router.get("/cases/{case_id}/proces/voorzieningen", response_class=HTMLResponse)
def provisions_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Collective provisions by layer × life-cycle phase, and the priority questionnaire per
    respondent group with a radar chart per group."""
    page = _Page(access, ctx, "/voorzieningen")
    formation = page.case.formation
    summaries = provisions.questionnaire_summary(formation)
    model = content.provisions()
    context = page.context(
        provisions_form=page.form("provisions"),
        questionnaire_form=page.form("questionnaire"),
        layers=model.layers,
        lifecycle=model.lifecycle,
        grid={(c.layer, c.phase): c.provisions for c in provisions.classification_grid(formation)},
        dimensions=model.questionnaire.dimensions,
        summaries=summaries,
        radars=[Markup(radar_svg(s)) for s in summaries],
    )
    return render(request, "guidance_provisions.html", context)


@router.get("/cases/{case_id}/proces/checklists", response_class=HTMLResponse)
def checklists_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Success factors, pitfalls, the nine recommendations (what is done), the scale notices
    and where the charging criteria are checked."""
    page = _Page(access, ctx, "/checklists")
    context = page.context(done_form=page.form("checklist_done"))
    return render(request, "guidance_checklists.html", context)


@router.get("/cases/{case_id}/proces/rapporten", response_class=HTMLResponse)
def reports_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The two phase-1 reports: what each contains from the case, and the downloads."""
    page = _Page(access, ctx, "/rapporten")
    reports = [
        {
            "slug": slug,
            "title": title,
            "sections": [(s.title, s.level, s.filled) for s in PHASE_REPORTS[kind](page.case)],
        }
        for kind, (title, slug) in REPORTS.items()
    ]
    context = page.context(reports=reports, may_download=sees_whole_case(ctx, access))
    return render(request, "guidance_reports.html", context)


@router.get("/cases/{case_id}/proces/rapporten/{slug}")
def report_download(access: PageCase, ctx: Ctx, slug: str, formaat: str = "pdf") -> Response:
    """A phase-1 report of the current revision as HTML or PDF."""
    kinds = {page_slug: kind for kind, (_title, page_slug) in REPORTS.items()}
    if slug not in kinds:
        raise HTTPException(404, "Dit rapport bestaat niet.")
    try:
        return file_response(phase_report_file(ctx, access, kinds[slug], formaat))
    except PdfUnavailableError as exc:
        raise HTTPException(503, str(exc)) from None
