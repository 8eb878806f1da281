"""The case list, creating a case (empty, demo, upload), case files, members and settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samenrekenen.io.casefile import CaseFileError
from samenrekenen.model.validation import CaseError
from samenrekenen.store import AccountError, EditConflict, InvalidEdit, Role
from samenrekenen.store.accounts import INVITATION

from ..access import ROLE_LABELS
from ..auth import Ctx, PageCase, PageIdentity, permit, require
from ..casefiles import document_of, download_text, empty_document, read_upload
from ..demo_setup import demo_document
from ..render import render

router = APIRouter(include_in_schema=False)

SOURCES = {"leeg": "Lege case", "demo": "Demo (tien gemeenten)", "bestand": "Casebestand uploaden"}


async def read_limited(ctx: Ctx, upload: UploadFile | None) -> tuple[str, bytes]:
    """The name and content of an uploaded file, refused above the upload limit."""
    if upload is None or not upload.filename:
        raise CaseFileError("upload", [CaseError("", "kies een casebestand (.yaml of .json)")])
    content = await upload.read(ctx.settings.max_upload_bytes + 1)
    if len(content) > ctx.settings.max_upload_bytes:
        raise HTTPException(
            413, "Het bestand is te groot; een casebestand mag hoogstens 5 MB zijn."
        )
    return upload.filename, content


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, identity: PageIdentity, ctx: Ctx) -> Response:
    """The cases this user may open."""
    rows = ctx.cases.visible_to(identity.user)
    context = {"rows": rows, "role_labels": ROLE_LABELS, "sources": SOURCES, "errors": []}
    return render(request, "cases.html", context)


@router.post("/cases", response_class=HTMLResponse)
async def create_case(
    request: Request,
    identity: PageIdentity,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=200)] = "",
    source: Annotated[str, Form(max_length=20)] = "leeg",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Create a case (site administrators); an invalid upload lists every problem."""
    require(identity.user.is_admin)
    try:
        if source == "demo":
            document = demo_document()
        elif source == "bestand":
            filename, content = await read_limited(ctx, file)
            document = document_of(read_upload(filename, content))
        else:
            document = empty_document(name)
        row = ctx.cases.create(name or document["cooperation"]["name"], document, identity.user)
    except (CaseFileError, InvalidEdit) as exc:
        context = {
            "rows": ctx.cases.visible_to(identity.user),
            "role_labels": ROLE_LABELS,
            "sources": SOURCES,
            "errors": [e.format() for e in exc.errors],
        }
        return render(request, "cases.html", context, 400)
    return RedirectResponse(f"/cases/{row.id}", status_code=303)


@router.get("/cases/{case_id}/download")
def download(access: PageCase, ctx: Ctx, formaat: str = "yaml") -> Response:
    """The case file (YAML or JSON); only for users who see every participant's detail."""
    require(all(access.sees_detail(p.id) for p in ctx.case_of(access.row).participants))
    fmt = "json" if formaat == "json" else "yaml"
    text, media = download_text(ctx.case_of(access.row), fmt)
    filename = f"case-{access.row.id}-versie-{access.row.revision}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text, media_type=media, headers=headers)


@router.post("/cases/{case_id}/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    revision: Annotated[int, Form()] = 0,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Replace the case's inputs by an uploaded file: all or nothing, one audited change."""
    permit(access.can_edit_all)
    try:
        filename, content = await read_limited(ctx, file)
        case = read_upload(filename, content)
        ctx.cases.replace(access.row.id, document_of(case), revision, access.user)
    except CaseFileError as exc:
        return _settings(request, access, ctx, upload_errors=[e.format() for e in exc.errors])
    except EditConflict as exc:
        return _settings(request, access, ctx, upload_errors=[str(exc)])
    return RedirectResponse(f"/cases/{access.row.id}", status_code=303)


# --- members and settings ---------------------------------------------------------------------


def _settings(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    upload_errors: list[str] | None = None,
    member_error: str = "",
    link: str = "",
) -> Response:
    case = ctx.case_of(access.row)
    context = {
        "access": access,
        "tab": "settings",
        "members": ctx.cases.members(access.row.id) if access.can_manage else [],
        "participants": case.participants,
        "roles": ROLE_LABELS,
        "upload_errors": upload_errors or [],
        "member_error": member_error,
        "link": link,
    }
    status = 400 if upload_errors or member_error else 200
    return render(request, "case_settings.html", context, status)


@router.get("/cases/{case_id}/instellingen", response_class=HTMLResponse)
def settings_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Members, roles, the visibility setting, case files."""
    return _settings(request, access, ctx)


@router.post("/cases/{case_id}/instellingen")
def save_settings(
    access: PageCase,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=200)] = "",
    participants_see_others: Annotated[bool, Form()] = False,
) -> Response:
    """Rename the case and set whether participants see each other's detail."""
    permit(access.can_manage)
    if name.strip():
        ctx.cases.rename(access.row.id, name, by=access.user)
    ctx.cases.set_participants_see_others(access.row.id, participants_see_others, by=access.user)
    return RedirectResponse(f"/cases/{access.row.id}/instellingen", status_code=303)


@router.post("/cases/{case_id}/leden", response_class=HTMLResponse)
def add_member(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    email: Annotated[str, Form(max_length=254)] = "",
    role: Annotated[str, Form(max_length=20)] = Role.READER,
    participant_id: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Give a user a role; a site administrator may invite a new user at the same time."""
    permit(access.can_manage)
    participants = {p.id for p in ctx.case_of(access.row).participants}
    if role not in ROLE_LABELS:
        return _settings(request, access, ctx, member_error="Kies een rol.")
    if role == Role.PARTICIPANT and participant_id not in participants:
        return _settings(request, access, ctx, member_error="Kies de gemeente van de deelnemer.")
    user = ctx.accounts.by_email(email)
    link = ""
    if user is None:
        if not access.user.is_admin:
            message = "Onbekend e-mailadres. Vraag de sitebeheerder een account aan te maken."
            return _settings(request, access, ctx, member_error=message)
        try:
            user = ctx.accounts.create_user(email)
        except AccountError as exc:
            return _settings(request, access, ctx, member_error=str(exc))
        token = ctx.accounts.issue_link(user.id, INVITATION)
        link = str(request.base_url).rstrip("/") + f"/link/{token}"
    ctx.cases.set_member(access.row.id, user.id, role, participant_id or None, by=access.user)
    return _settings(request, access, ctx, link=link)


@router.post("/cases/{case_id}/leden/{user_id}/verwijderen")
def remove_member(user_id: int, access: PageCase, ctx: Ctx) -> Response:
    """Take a member's role away (not one's own)."""
    permit(access.can_manage)
    if user_id == access.user.id:
        raise HTTPException(400, "U kunt uzelf niet uit de case verwijderen.")
    ctx.cases.remove_member(access.row.id, user_id, by=access.user)
    return RedirectResponse(f"/cases/{access.row.id}/instellingen", status_code=303)


@router.post("/cases/{case_id}/verwijderen")
def delete_case(access: PageCase, ctx: Ctx) -> Response:
    """Delete the case with its history (beheerder)."""
    permit(access.can_manage)
    ctx.cases.delete(access.row.id)
    return RedirectResponse("/cases", status_code=303)
