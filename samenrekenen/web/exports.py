"""Files made from a case for pages and the API: the Excel export and the council report as
background jobs, a participant's data-collection template, and its upload.

Making the export or the report takes seconds (formulas for every result, a typeset PDF), so it
runs in the worker (issue 3: no request holds a server worker for long); the file is kept in the
job's answer and reused for the same revision and options. The template is small and made
inside the request; an uploaded template is all or nothing, stored as one revision with an
audited change per part it replaces.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from samenrekenen.io.excel_export import export_workbook
from samenrekenen.io.excel_import import import_workbook
from samenrekenen.io.excel_template import template_workbook
from samenrekenen.model import Case
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store import Saved
from samenrekenen.store.tables import CaseRow, Job

from .access import CaseAccess
from .auth import permit, require
from .context import AppContext
from .service import Failed, Pending, job_answer

EXPORT = "export"
"""Kind of the job that makes an Excel export or a council report."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMATS = {
    "xlsx": ("Excel-werkmap met formules", XLSX, "xlsx"),
    "pdf": ("Raadsrapportage (PDF)", "application/pdf", "pdf"),
    "html": ("Raadsrapportage (HTML)", "text/html; charset=utf-8", "html"),
}
"""Export formats: Dutch name, media type and file extension."""

IMPORTED_PARTS = ("baseline", "drivers")
"""The parts of a participant that its data-collection template holds."""


@dataclass(frozen=True)
class ExportFile:
    """A finished export: its file name, media type and content."""

    filename: str
    media_type: str
    content: bytes


def export_params(fmt: str, thousands: bool = False, confidential: str = "") -> dict[str, Any]:
    """The inputs of an export job (404 for an unknown format)."""
    if fmt not in FORMATS:
        raise HTTPException(404, f"Onbekend formaat '{fmt}'; kies uit {', '.join(FORMATS)}.")
    if fmt == "xlsx":
        return {"format": fmt}
    return {"format": fmt, "thousands": thousands, "confidential": confidential.strip()[:100]}


def sees_whole_case(ctx: AppContext, access: CaseAccess) -> bool:
    """Whether the user may see every participant's detail, which exports hold."""
    return all(access.sees_detail(p.id) for p in ctx.case_of(access.row).participants)


def require_whole_case(ctx: AppContext, access: CaseAccess) -> None:
    """Exports only for users who may see every participant's detail (404 for others)."""
    require(sees_whole_case(ctx, access))


def export_answer(
    ctx: AppContext, access: CaseAccess, params: dict[str, Any]
) -> ExportFile | Pending | Failed:
    """The export of this revision with these options, or the job still making it."""
    answer = job_answer(ctx, access.row, EXPORT, params, access.user.email)
    if isinstance(answer, Pending | Failed):
        return answer
    if "content_b64" not in answer:  # the job found a newer revision than this request's
        return Failed("De case is intussen gewijzigd; vraag het bestand opnieuw aan.")
    return ExportFile(
        answer["filename"], answer["media_type"], base64.b64decode(answer["content_b64"])
    )


def run_export(ctx: AppContext, job: Job, progress: Any) -> dict[str, Any]:
    """Job handler: the Excel export or the council report of the job's revision."""
    row = ctx.cases.get(job.case_id)
    if row.revision != job.revision:
        return {"superseded_by": row.revision}
    params = job.params or {}
    fmt = params["format"]
    progress(0.1, f"{FORMATS[fmt][0]} maken")
    content = _made(ctx.case_of(row), row, params)
    _name, media, extension = FORMATS[fmt]
    return {
        "filename": f"case-{row.id}-versie-{row.revision}.{extension}",
        "media_type": media,
        "content_b64": base64.b64encode(content).decode("ascii"),
    }


def _made(case: Case, row: CaseRow, params: dict[str, Any]) -> bytes:
    if params["format"] == "xlsx":
        return export_workbook(case)
    from samenrekenen.report.council import report_html, report_pdf

    options: dict[str, Any] = {
        "version_label": f"versie {row.revision}",
        "confidential": params.get("confidential") or None,
        "thousands": bool(params.get("thousands")),
        "today": dt.date.today(),
    }
    if params["format"] == "pdf":
        return report_pdf(case, **options)
    return report_html(case, **options).encode("utf-8")


def participant_index(case: Case, participant_id: str) -> int:
    """The position of a participant in the case (404 when it does not exist)."""
    for index, participant in enumerate(case.participants):
        if participant.id == participant_id:
            return index
    raise HTTPException(404, f"De deelnemer '{participant_id}' bestaat niet in deze case.")


def template_file(ctx: AppContext, access: CaseAccess, participant_id: str) -> ExportFile:
    """A participant's data-collection template, for users who may see its detail (404)."""
    case = ctx.case_of(access.row)
    participant_index(case, participant_id)
    require(access.sees_detail(participant_id))
    return ExportFile(
        f"invulbestand-{participant_id}-versie-{access.row.revision}.xlsx",
        XLSX,
        template_workbook(case, participant_id),
    )


def check_may_import(ctx: AppContext, access: CaseAccess, participant_id: str) -> int:
    """Refuse (404, 403) a user who may not replace this participant's baseline; its index."""
    index = participant_index(ctx.case_of(access.row), participant_id)
    require(access.sees_detail(participant_id))
    permit(access.can_edit_all or (access.can_edit and access.participant_id == participant_id))
    return index


def import_template(
    ctx: AppContext,
    access: CaseAccess,
    participant_id: str,
    content: bytes,
    base_revision: int,
    notation: str = "nl",
) -> list[Saved]:
    """Store a filled-in template of a participant as one revision (WorkbookError with every
    problem, EditConflict, InvalidEdit; nothing is stored then)."""
    case = ctx.case_of(access.row)
    index = check_may_import(ctx, access, participant_id)
    imported = import_workbook(
        case, content, notation=notation, file="invulbestand", participant_id=participant_id
    )
    edits = _changed_parts(case, imported, index)
    document = access.row.document
    for edit in edits:
        permit(access.may_apply(document, edit))
    if not edits:
        return []
    saved = ctx.cases.apply_together(access.row.id, edits, base_revision, access.user)
    ctx.remember(access.row.id, saved[-1].revision, saved[-1].case)
    return saved


def _changed_parts(before: Case, after: Case, index: int) -> list[Edit]:
    """Edits that set each part of participant ``index`` that the import changed."""
    old = before.participants[index].model_dump(mode="json", exclude_none=True)
    new = after.participants[index].model_dump(mode="json", exclude_none=True)
    return [
        Edit(EditKind.SET, f"participants[{index}].{part}", new.get(part))
        for part in IMPORTED_PARTS
        if old.get(part) != new.get(part)
    ]
