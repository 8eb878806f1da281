"""Report and export page (``/cases/{id}/rapport``) and a participant's data-collection template
(``/cases/{id}/deelnemers/{pid}/invulbestand``): download, and upload of the filled-in file.

The council report and the Excel export are made by a background job (``web/exports.py``); the
page shows its progress and then the download link. Only users who see every participant's
detail may have them, as with the case file.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samenrekenen.io.excel_import import WorkbookError
from samenrekenen.store import EditConflict, InvalidEdit

from ..access import CaseAccess
from ..auth import Ctx, PageCase
from ..exports import (
    FORMATS,
    ExportFile,
    check_may_import,
    export_answer,
    export_params,
    import_template,
    require_whole_case,
    sees_whole_case,
    template_file,
)
from ..render import render
from ..service import Failed, Pending, read_upload

router = APIRouter(include_in_schema=False)


def file_response(made: ExportFile) -> Response:
    """A finished file as a download."""
    headers = {"Content-Disposition": f'attachment; filename="{made.filename}"'}
    return Response(made.content, media_type=made.media_type, headers=headers)


def _options(formaat: str, eenheid: str, vertrouwelijk: str) -> dict[str, Any]:
    return export_params(formaat, eenheid == "k", vertrouwelijk)


@router.get("/cases/{case_id}/rapport", response_class=HTMLResponse)
def export_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    formaat: str = "",
    eenheid: str = "",
    vertrouwelijk: str = "",
) -> Response:
    """The council report and the Excel export: options, progress of the job, download."""
    path = f"/cases/{access.row.id}/rapport"
    context: dict[str, Any] = {
        "access": access,
        "tab": "exports",
        "page_path": path,
        "formats": FORMATS,
        "allowed": sees_whole_case(ctx, access),
        "chosen": formaat,
        "thousands": eenheid == "k",
        "confidential": vertrouwelijk,
    }
    if formaat and context["allowed"]:
        query = urlencode({"formaat": formaat, "eenheid": eenheid, "vertrouwelijk": vertrouwelijk})
        answer = export_answer(ctx, access, _options(formaat, eenheid, vertrouwelijk))
        context |= {
            "poll_url": f"{path}?{query}",
            "download_url": f"{path}/bestand?{query}",
            "pending": answer if isinstance(answer, Pending) else None,
            "percent": round(answer.progress * 100) if isinstance(answer, Pending) else 100,
            "failed": answer.message if isinstance(answer, Failed) else None,
            "ready": isinstance(answer, ExportFile),
        }
    return render(request, "exports.html", context)


@router.get("/cases/{case_id}/rapport/bestand")
def export_file(
    access: PageCase, ctx: Ctx, formaat: str = "", eenheid: str = "", vertrouwelijk: str = ""
) -> Response:
    """The finished report or export; while it is still being made, the page with its
    progress."""
    require_whole_case(ctx, access)
    answer = export_answer(ctx, access, _options(formaat, eenheid, vertrouwelijk))
    if not isinstance(answer, ExportFile):
        query = urlencode({"formaat": formaat, "eenheid": eenheid, "vertrouwelijk": vertrouwelijk})
        return RedirectResponse(f"/cases/{access.row.id}/rapport?{query}", status_code=303)
    return file_response(answer)


@router.get("/cases/{case_id}/deelnemers/{participant_id}/invulbestand")
def template_download(participant_id: str, access: PageCase, ctx: Ctx) -> Response:
    """The participant's data-collection template, filled in with its current values."""
    return file_response(template_file(ctx, access, participant_id))


@router.post("/cases/{case_id}/deelnemers/{participant_id}/invulbestand")
async def template_upload(
    request: Request,
    participant_id: str,
    access: PageCase,
    ctx: Ctx,
    revision: Annotated[int, Form()] = 0,
    notatie: Annotated[str, Form()] = "nl",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Take over a filled-in template: all or nothing; every problem is listed."""
    check_may_import(ctx, access, participant_id)
    if file is None or not file.filename:
        return _refused(request, access, participant_id, ["Kies een ingevulde werkmap (.xlsx)."])
    content = await read_upload(ctx, file)
    try:
        import_template(ctx, access, participant_id, content, revision, notatie)
    except WorkbookError as exc:
        return _refused(request, access, participant_id, [p.format() for p in exc.problems])
    except InvalidEdit as exc:
        return _refused(request, access, participant_id, [e.format() for e in exc.errors])
    except EditConflict as exc:
        return _refused(request, access, participant_id, [str(exc)])
    url = f"/cases/{access.row.id}/deelnemers/{participant_id}?ingelezen=1"
    return RedirectResponse(url, status_code=303)


def _refused(
    request: Request, access: CaseAccess, participant_id: str, problems: list[str]
) -> Response:
    context = {
        "access": access,
        "tab": "participants",
        "participant_id": participant_id,
        "problems": problems,
    }
    return render(request, "template_refused.html", context, status_code=422)
