"""What the process pages and their API twins share: the guidance of a case as a user may see
it, the score grid of the legal forms, a new case from an opportunity, and the two phase-1
reports (verkenningsrapport, plan totale traject) as files.

The pages are ``routes/guidance.py``; the API section is in ``api.py``. Every change goes
through :func:`.service.save_edit`, so the whole case is validated (a *go* for phase 3 with an
open blocking finding, a negative weight, an unknown code: refused with a Dutch message, nothing
stored).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException

from samenrekenen.guidance import content, forms
from samenrekenen.guidance.opportunities import case_from_opportunity
from samenrekenen.io.guidance import formation_to_dict
from samenrekenen.model import Case
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store import InvalidEdit, Saved
from samenrekenen.store.tables import CaseRow

from .access import CaseAccess
from .auth import NOT_FOUND, permit
from .context import AppContext
from .exports import ExportFile, require_whole_case
from .service import save_edit

REPORTS = {
    "exploration": ("Verkenningsrapport", "verkenningsrapport"),
    "programme": ("Plan voor het totale traject", "plan-totale-traject"),
}
"""The two deliverables of phase 1: the API's name → the Dutch title and the page's slug."""

REPORT_FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}

SCORES_PATH = "formation.form_choice.scores"


def visible_formation(access: CaseAccess, case: Case) -> dict[str, Any]:
    """:func:`~samenrekenen.io.guidance.formation_to_dict` without the scale notices about
    participants whose detail the user may not see (they name ICT staff in the baseline)."""
    data = formation_to_dict(case)
    checklists = data["checklists"]
    checklists["scale_notices"] = visible_notices(access, case, checklists["scale_notices"])
    return data


def visible_notices(
    access: CaseAccess, case: Case, notices: list[Mapping[str, str]]
) -> list[Mapping[str, str]]:
    """The notices the user may see: about the case, or about a participant it sees."""
    participants = {p.id for p in case.participants}
    return [
        n for n in notices if n["subject"] not in participants or access.sees_detail(n["subject"])
    ]


def score_grid(case: Case) -> list[dict[str, Any]]:
    """Every legal form with its score per criterion (the case's override, else the default)
    and whether that score is the case's own."""
    choice = case.formation.form_choice if case.formation else None
    own = choice.scores if choice else {}
    table = forms.scores(choice)
    return [
        {
            "id": form.id,
            "name": form.name,
            "scores": [
                {
                    "criterion": c.id,
                    "score": table[form.id][c.id],
                    "own": c.id in own.get(form.id, {}),
                }
                for c in content.forms().criteria
            ],
        }
        for form in content.forms().legal_forms
    ]


def scores_from_form(values: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """The score overrides entered in the grid (inputs ``score.<form>.<criterion>``): every
    score that differs from the default; an entry that is no whole number is refused with a
    Dutch message (:class:`ValueError`)."""
    defaults = content.forms().scores
    overrides: dict[str, dict[str, int]] = {}
    for form in content.forms().legal_forms:
        for criterion in content.forms().criteria:
            raw = values.get(f"score.{form.id}.{criterion.id}", "").strip()
            if not raw:
                continue
            if not raw.isdigit():
                raise ValueError(
                    f"'{raw}' bij {form.name}, {criterion.name} is geen score; kies 1 tot 5."
                )
            score = int(raw)
            if score != defaults[form.id][criterion.id].score:
                overrides.setdefault(form.id, {})[criterion.id] = score
    return overrides


def save_scores(
    ctx: AppContext, access: CaseAccess, scores: dict[str, dict[str, int]], revision: int
) -> Saved:
    """Store the score overrides as one edit (EditConflict, InvalidEdit; 403 for a user who
    may not change the form choice)."""
    permit(access.can_edit_all)
    return save_edit(ctx, access, Edit(EditKind.SET, SCORES_PATH, scores or None), revision)


def opportunity_case(ctx: AppContext, access: CaseAccess, opportunity_id: str) -> CaseRow:
    """A new case made from an opportunity of this case, pre-filled with its partners, for a
    site administrator (403 for others, 404 for an unknown opportunity, 422 when the
    opportunity has no partners)."""
    permit(access.user.is_admin)
    case = ctx.case_of(access.row)
    found = case.formation.opportunities if case.formation else []
    opportunity = next((o for o in found if o.id == opportunity_id), None)
    if opportunity is None:
        raise HTTPException(404, NOT_FOUND)
    try:
        document = case_from_opportunity(case, opportunity)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    try:
        return ctx.cases.create(opportunity.description[:200], document, access.user)
    except InvalidEdit as exc:
        raise HTTPException(422, "; ".join(e.format() for e in exc.errors)) from None


def phase_report_file(ctx: AppContext, access: CaseAccess, kind: str, fmt: str) -> ExportFile:
    """One of the two phase-1 reports of the current revision as a file (404 for an unknown
    kind or format, or for a user who does not see every participant's detail: the reports
    show each participant's baseline)."""
    from samenrekenen.report.phase_reports import phase_report_html, phase_report_pdf

    if kind not in REPORTS or fmt not in REPORT_FORMATS:
        raise HTTPException(404, NOT_FOUND)
    require_whole_case(ctx, access)
    case = ctx.case_of(access.row)
    label = f"versie {access.row.revision}"
    if fmt == "pdf":
        made = phase_report_pdf(case, kind, version_label=label)
    else:
        made = phase_report_html(case, kind, version_label=label).encode("utf-8")
    slug = REPORTS[kind][1]
    filename = f"case-{access.row.id}-{slug}-versie-{access.row.revision}.{fmt}"
    return ExportFile(filename, REPORT_FORMATS[fmt], made)
