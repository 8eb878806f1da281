"""The JSON API under ``/api/v1``: every page action has a twin here, with the same rights.

A script logs in with ``POST /api/v1/session`` and sends the token as ``Authorization: Bearer``
(no CSRF header needed); a browser session cookie works too, with the ``X-CSRF-Token`` header on
unsafe methods. Rights come from the same dependencies as the pages (:mod:`.auth`,
:mod:`.access`): anonymous → 401, a case or id the user may not see → 404, a change the user may
see but not make → 403. Edits go through :func:`.service.save_edit`: a stale edit of an item
someone else changed answers 409 with that change, an edit that would make the case invalid
answers 422 with every error in Dutch. The developer documentation is ``docs/api.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.io.actuals import ActualsError
from samenrekenen.io.excel_import import WorkbookError
from samenrekenen.io.results import result_to_dict
from samenrekenen.model import Case
from samenrekenen.model.edits import WHOLE_CASE, Edit, EditKind, PathError
from samenrekenen.report.council import PdfUnavailableError
from samenrekenen.store import AccountError, CaseNotFound, EditConflict, InvalidEdit, Role, Saved
from samenrekenen.store.accounts import INVALID_LINK, INVITATION, LoggedIn
from samenrekenen.store.cases import checked
from samenrekenen.store.db import json_bytes
from samenrekenen.store.tables import AuditEntry, CaseRow, Job, Membership, User, Version

from . import guidance as guidance_web
from .access import ROLE_LABELS, CaseAccess
from .api_models import (
    MAX_ID,
    AuditOut,
    CaseCreate,
    CaseDetail,
    CasePatch,
    CaseSummary,
    Change,
    ChargingDocument,
    CoalitionsDocument,
    Conflict,
    DfaDocument,
    DocumentReplace,
    EditIn,
    EditOut,
    FairnessDocument,
    FormationDocument,
    GuidanceDocument,
    Invalid,
    JobCreate,
    JobOut,
    KeyMetrics,
    LineCreate,
    LineKind,
    LineOut,
    LineSaved,
    LinkIn,
    LinkOut,
    LinkPasswordIn,
    LoginIn,
    MemberAdd,
    MemberAdded,
    MemberOut,
    MemberSet,
    MembershipDocument,
    MonteCarloDocument,
    NetworkDocument,
    ParticipantDetail,
    ParticipantSummary,
    PendingOut,
    Problem,
    Replaced,
    ResultsDocument,
    Rights,
    ScenarioComparison,
    ScenarioDetail,
    ScenarioSummary,
    SensitivityDocument,
    SessionOut,
    SteeringDocument,
    UserCreate,
    UserCreated,
    UserOut,
    UserPatch,
    VersionComparison,
    VersionCreate,
    VersionDetail,
    VersionSummary,
)
from .auth import NOT_FOUND, ApiAdmin, ApiIdentity, Ctx, api_case, permit, require
from .casefiles import document_of, download_text, empty_document
from .charging import charging_document, dfa_document, membership_document, visible_charging
from .context import AppContext
from .demo_setup import demo_document
from .exports import (
    export_answer,
    export_params,
    import_template,
    participant_index,
    require_whole_case,
    template_file,
)
from .fairness import COALITIONS, FAIRNESS, coalition_params, fairness_params
from .risks import MAX_DRAWS, MONTECARLO, SENSITIVITY, montecarlo_params, sensitivity_params
from .routes.exports import file_response
from .routes.history import entry_visible
from .service import (
    RECALCULATE,
    Failed,
    Pending,
    job_answer,
    results_document,
    save_edit,
    visible_document,
)
from .service import visible_results as _visible_results
from .steering import network_document, steering_document, store_actuals

router = APIRouter(prefix="/api/v1")

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="Het token uit POST /api/v1/session, als 'Authorization: Bearer <token>'.",
)
_protected = APIRouter(dependencies=[Security(_bearer)])

LINE_KINDS: tuple[LineKind, ...] = get_args(LineKind)
"""The line lists of a scenario and its qualitative items, in document order."""

_AUDIT_SCAN = 1_000_000
"""Audit entries read before filtering what a *deelnemer* may not see."""

_RESPONSES: dict[int, dict[str, Any]] = {
    400: {"model": Problem, "description": "Geweigerd; de uitleg staat in 'detail'."},
    401: {"model": Problem, "description": "Niet ingelogd (of het token is verlopen)."},
    403: {"model": Problem, "description": "U mag dit zien maar niet wijzigen."},
    404: {
        "model": Problem,
        "description": "Bestaat niet, of u heeft er geen toegang toe (ids verraden niets).",
    },
    409: {"model": Conflict, "description": "Iemand anders wijzigde hetzelfde onderdeel."},
    422: {"model": Invalid, "description": "Ongeldig verzoek of ongeldige case; niets opgeslagen."},
}


def _doc(
    tag: str,
    summary: str,
    description: str,
    *codes: int,
    more: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Decorator arguments: a Dutch tag, summary, description and the documented answers
    besides success (``codes`` from the common refusals, ``more`` for others)."""
    return {
        "tags": [tag],
        "summary": summary,
        "description": description,
        "responses": {**{code: _RESPONSES[code] for code in codes}, **(more or {})},
    }


# --- path parameters and dependencies ---------------------------------------------------------


async def _case(
    case_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Id van de case.")],
    request: Request,
) -> CaseAccess:
    """The user's access to the case in the path (401 anonymous, 404 not a member)."""
    return await api_case(case_id, request)


CaseAcc = Annotated[CaseAccess, Depends(_case)]
ParticipantId = Annotated[
    str, Path(min_length=1, max_length=100, description="Id van de deelnemer, bijv. gm0392.")
]
ScenarioId = Annotated[str, Path(min_length=1, max_length=100, description="Id van het scenario.")]
LineId = Annotated[str, Path(min_length=1, max_length=100, description="Id van de regel.")]
VersionId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id van de versie.")]
JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id van de taak.")]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id van de gebruiker.")]
BaseRevision = Annotated[
    int,
    Query(ge=0, le=MAX_ID, description="De revisie waarop de wijziging is gebaseerd."),
]


# --- helpers -----------------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _user(user: User) -> UserOut:
    return UserOut(
        id=user.id, email=user.email, name=user.name, is_admin=user.is_admin, active=user.active
    )


def _summary(row: CaseRow, role: str) -> CaseSummary:
    return CaseSummary(
        id=row.id,
        name=row.name,
        revision=row.revision,
        role=role,
        role_label=ROLE_LABELS.get(role, role),
        participants_see_others=row.participants_see_others,
        updated_at=_utc(row.updated_at),
    )


def _invalid(path: str, message: str) -> HTTPException:
    """A 422 refusal of one field, in the shape of an invalid edit."""
    return HTTPException(422, [{"path": path, "message": message}])


def _invalid_edit(exc: InvalidEdit) -> HTTPException:
    return HTTPException(422, [{"path": e.path, "message": e.message} for e in exc.errors])


def _checked(document: dict[str, Any]) -> Case:
    try:
        return checked(document)
    except InvalidEdit as exc:
        raise _invalid_edit(exc) from None


def _conflict(
    ctx: AppContext, access: CaseAccess, exc: EditConflict, locked: str, base: int
) -> JSONResponse:
    # The entries on the exception were read in the refused transaction and are expired after
    # its rollback: read them again.
    entries = ctx.cases.changes_since(access.row.id, base, locked)
    document = access.row.document
    changes = [
        Change(
            path=entry.path,
            user=entry.user_email,
            revision=entry.revision,
            at=_utc(entry.at),
            new_value=entry.new_value if entry_visible(access, document, entry) else None,
        )
        for entry in entries
    ]
    body = Conflict(detail=str(exc), changes=changes)
    return JSONResponse(body.model_dump(mode="json"), status_code=409)


def _stored(
    ctx: AppContext,
    access: CaseAccess,
    edit: Edit,
    base: int,
    store: Callable[[], Saved],
) -> Saved | JSONResponse:
    """Run a store action for ``edit``: 409 (returned) on a conflict, 422/404 (raised) when
    refused."""
    path = edit.path
    try:
        return store()
    except EditConflict as exc:
        return _conflict(ctx, access, exc, edit.locked_path, base)
    except InvalidEdit as exc:
        raise _invalid_edit(exc) from None
    except PathError as exc:
        raise _invalid(path, str(exc)) from None
    except CaseNotFound:
        raise HTTPException(404, NOT_FOUND) from None
    except HTTPException as exc:
        if exc.status_code == 422 and isinstance(exc.detail, str):
            raise _invalid(path, exc.detail) from None
        raise


def _save(ctx: AppContext, access: CaseAccess, edit: Edit, base: int) -> Saved | JSONResponse:
    return _stored(ctx, access, edit, base, lambda: save_edit(ctx, access, edit, base))


def _participant(access: CaseAccess, participant_id: str) -> tuple[int, dict[str, Any]]:
    for index, participant in enumerate(access.row.document.get("participants", [])):
        if participant.get("id") == participant_id:
            return index, participant
    raise HTTPException(404, NOT_FOUND)


def _participant_summary(access: CaseAccess, index: int, p: dict[str, Any]) -> ParticipantSummary:
    pid = str(p.get("id", ""))
    return ParticipantSummary(
        id=pid,
        name=str(p.get("name", "")),
        cbs_code=p.get("cbs_code"),
        index=index,
        path=f"participants[{index}]",
        sees_detail=access.sees_detail(pid),
        own=pid == access.participant_id,
    )


def _scenario(access: CaseAccess, scenario_id: str) -> tuple[int, dict[str, Any]]:
    for index, scenario in enumerate(access.row.document.get("scenarios", [])):
        if scenario.get("id") == scenario_id:
            return index, scenario
    raise HTTPException(404, NOT_FOUND)


def _scenario_summary(index: int, scenario: dict[str, Any]) -> ScenarioSummary:
    return ScenarioSummary(
        id=str(scenario.get("id", "")),
        name=str(scenario.get("name", "")),
        is_baseline=bool(scenario.get("is_baseline", False)),
        extends=scenario.get("extends"),
        index=index,
        path=f"scenarios[{index}]",
    )


def _lines(index: int, scenario: dict[str, Any]) -> list[LineOut]:
    return [
        LineOut(
            kind=kind,
            id=str(line.get("id", "")),
            index=position,
            path=f"scenarios[{index}].{kind}[{position}]",
            line=line,
        )
        for kind in LINE_KINDS
        for position, line in enumerate(scenario.get(kind, []))
    ]


def _line(access: CaseAccess, scenario_id: str, line_id: str, kind: LineKind | None) -> LineOut:
    index, scenario = _scenario(access, scenario_id)
    for line in _lines(index, scenario):
        if line.id == line_id and kind in (None, line.kind):
            return line
    raise HTTPException(404, NOT_FOUND)


def _pending(ctx: AppContext, pending: Pending) -> JSONResponse:
    job = ctx.jobs.get(pending.job_id)
    body = PendingOut(
        job_id=pending.job_id,
        progress=pending.progress,
        status=job.status if job else "queued",
        message=pending.message,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=202)


def _results(
    ctx: AppContext, access: CaseAccess, scenario: str | None = None
) -> dict[str, Any] | JSONResponse:
    made = results_document(ctx, access.row, cash_flow=True, scenario=scenario)
    if isinstance(made, Pending):
        return _pending(ctx, made)
    return _visible_results(access, made)


def _document_answer(document: dict[str, Any]) -> Response:
    """A results document as JSON, written directly: it is ResultsDocument already, and having
    FastAPI check and convert it again costs one more worker thread hand-over and a second
    pass over the document (measured: about 1 of the 6 ms of CPU a results fetch cost)."""
    return Response(json_bytes(document), media_type="application/json")


def _one_scenario(results: dict[str, Any], scenario_id: str) -> dict[str, Any]:
    scenarios = [s for s in results.get("scenarios", []) if s.get("id") == scenario_id]
    if not scenarios:
        raise HTTPException(404, NOT_FOUND)
    return {**results, "scenarios": scenarios}


def _version_summary(version: Version) -> VersionSummary:
    return VersionSummary(
        id=version.id,
        name=version.name,
        revision=version.revision,
        engine_version=version.engine_version,
        created_by=version.created_by,
        created_at=_utc(version.created_at),
    )


def _version(ctx: AppContext, access: CaseAccess, version_id: int) -> Version:
    try:
        return ctx.cases.version(access.row.id, version_id)
    except CaseNotFound:
        raise HTTPException(404, NOT_FOUND) from None


def _case_results(case: Case) -> dict[str, Any]:
    """The results document stored with a version."""
    return result_to_dict(calculate(case), case=case)


def _key_metrics(scenario: dict[str, Any]) -> KeyMetrics:
    consolidated = scenario.get("consolidated", {})
    metrics = consolidated.get("metrics", {})
    return KeyMetrics(
        total_difference=round(sum(v or 0.0 for v in consolidated.get("difference", [])), 2),
        npv=metrics.get("npv"),
        savings_pct=metrics.get("savings_pct"),
        break_even_year=metrics.get("break_even_year"),
        simple_payback_years=metrics.get("simple_payback_years"),
        irr=metrics.get("irr"),
    )


def _audit_out(entry: AuditEntry) -> AuditOut:
    return AuditOut(
        revision=entry.revision,
        at=_utc(entry.at),
        user=entry.user_email,
        action=entry.action,
        path=entry.path,
        old_value=entry.old_value,
        new_value=entry.new_value,
    )


def _member_out(member: Membership, user: User) -> MemberOut:
    return MemberOut(
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=member.role,
        role_label=ROLE_LABELS.get(member.role, member.role),
        participant_id=member.participant_id,
    )


def _checked_role(access: CaseAccess, ctx: AppContext, body: MemberSet) -> str | None:
    """The participant of a *deelnemer* role (422 when it is not one of the case)."""
    if body.role != Role.PARTICIPANT:
        return None
    participants = {p.id for p in ctx.case_of(access.row).participants}
    if body.participant_id not in participants:
        raise _invalid(
            "participant_id",
            "Kies de gemeente van de deelnemer: een id uit GET /cases/{case_id}/participants.",
        )
    return body.participant_id


def _member(ctx: AppContext, case_id: int, user_id: int) -> MemberOut:
    for member, user in ctx.cases.members(case_id):
        if user.id == user_id:
            return _member_out(member, user)
    raise HTTPException(404, NOT_FOUND)


def _link(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/link/{token}"


def _known_user(ctx: AppContext, user_id: int) -> User:
    user = ctx.accounts.user(user_id)
    if user is None:
        raise HTTPException(404, "Onbekende gebruiker.")
    return user


def _job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.id,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        message=job.message,
        revision=job.revision,
        created_at=_utc(job.created_at),
        started_at=_utc(job.started_at) if job.started_at else None,
        finished_at=_utc(job.finished_at) if job.finished_at else None,
    )


# --- session -----------------------------------------------------------------------------------


@router.post(
    "/session",
    status_code=201,
    response_model=SessionOut,
    **_doc(
        "sessie",
        "Inloggen",
        "Opent een sessie en geeft het token. Na vijf mislukte pogingen binnen een kwartier "
        "wordt het e-mailadres tijdelijk geweigerd.",
        400,
        422,
    ),
)
def login(body: LoginIn, ctx: Ctx) -> SessionOut:
    """Open a session for correct credentials (400 with a Dutch reason otherwise)."""
    try:
        logged_in = ctx.accounts.login(body.email, body.password)
    except AccountError as exc:
        raise HTTPException(400, str(exc)) from None
    return _session(logged_in)


def _session(logged_in: LoggedIn) -> SessionOut:
    return SessionOut(
        token=logged_in.token, csrf_token=logged_in.csrf_token, user=_user(logged_in.user)
    )


@router.post(
    "/links/{token}",
    status_code=201,
    response_model=SessionOut,
    **_doc(
        "sessie",
        "Wachtwoord instellen via een link",
        "Stelt met een uitnodigings- of herstellink het wachtwoord in (de link werkt één keer) "
        "en opent een sessie.",
        400,
        404,
        422,
    ),
)
def redeem_link(token: str, body: LinkPasswordIn, ctx: Ctx) -> SessionOut:
    """The API twin of the link page: set the password and open a session."""
    if ctx.accounts.link_user(token) is None:
        raise HTTPException(404, INVALID_LINK)
    try:
        logged_in = ctx.accounts.redeem_link(token, body.password)
    except AccountError as exc:
        raise HTTPException(400, str(exc)) from None
    return _session(logged_in)


@_protected.delete(
    "/session",
    status_code=204,
    response_class=Response,
    **_doc("sessie", "Uitloggen", "Beëindigt de sessie van het meegestuurde token.", 401, 403),
)
def logout(identity: ApiIdentity, ctx: Ctx) -> Response:
    """End the session of the token (or cookie) used."""
    ctx.accounts.logout(identity.token)
    return Response(status_code=204)


@_protected.get(
    "/me",
    response_model=UserOut,
    **_doc("sessie", "Wie ben ik", "De ingelogde gebruiker.", 401),
)
def me(identity: ApiIdentity) -> UserOut:
    """The logged-in user."""
    return _user(identity.user)


# --- cases -------------------------------------------------------------------------------------


@_protected.get(
    "/cases",
    response_model=list[CaseSummary],
    **_doc("cases", "Cases", "De cases die u mag openen, met uw rol.", 401),
)
def list_cases(identity: ApiIdentity, ctx: Ctx) -> list[CaseSummary]:
    """The cases the user may open; an administrator who is no member counts as beheerder."""
    return [
        _summary(row, role or Role.MANAGER) for row, role in ctx.cases.visible_to(identity.user)
    ]


@_protected.post(
    "/cases",
    status_code=201,
    response_model=CaseSummary,
    **_doc(
        "cases",
        "Case aanmaken",
        "Alleen sitebeheerders. Een lege case, de democase of een meegestuurd casedocument; u "
        "wordt beheerder van de nieuwe case. Een ongeldig document geeft 422 met alle fouten.",
        401,
        404,
        422,
    ),
)
def create_case(body: CaseCreate, identity: ApiAdmin, ctx: Ctx) -> CaseSummary:
    """Create a case (site administrators)."""
    if body.source == "demo":
        document = demo_document()
    elif body.source == "document":
        if body.document is None:
            raise _invalid("document", "Stuur het casedocument mee in 'document'.")
        document = document_of(_checked(body.document))
    else:
        document = empty_document(body.name)
    name = (body.name.strip() or str(document.get("cooperation", {}).get("name", "")))[:200]
    try:
        row = ctx.cases.create(name, document, identity.user)
    except InvalidEdit as exc:
        raise _invalid_edit(exc) from None
    return _summary(row, Role.MANAGER)


@_protected.get(
    "/cases/{case_id}",
    response_model=CaseDetail,
    **_doc(
        "cases",
        "Case",
        "Naam, revisie, instellingen, uw rol en rechten en het casedocument zoals u het mag "
        "zien. Gebruik 'revision' als base_revision bij wijzigingen.",
        401,
        404,
        422,
    ),
)
def get_case(access: CaseAcc) -> CaseDetail:
    """A case with the document the user may see."""
    summary = _summary(access.row, access.role)
    return CaseDetail(
        **summary.model_dump(),
        participant_id=access.participant_id,
        rights=Rights(
            can_manage=access.can_manage,
            can_edit_all=access.can_edit_all,
            can_edit=access.can_edit,
        ),
        document=visible_document(access),
    )


@_protected.patch(
    "/cases/{case_id}",
    response_model=CaseSummary,
    **_doc(
        "cases",
        "Instellingen wijzigen",
        "Beheerder: naam en of deelnemers elkaars details zien.",
        401,
        403,
        404,
        422,
    ),
)
def patch_case(body: CasePatch, access: CaseAcc, ctx: Ctx) -> CaseSummary:
    """Rename a case or change its visibility setting (beheerder)."""
    permit(access.can_manage)
    if body.name is not None:
        if not body.name.strip():
            raise _invalid("name", "De naam mag niet leeg zijn.")
        ctx.cases.rename(access.row.id, body.name, by=access.user)
    if body.participants_see_others is not None:
        ctx.cases.set_participants_see_others(
            access.row.id, body.participants_see_others, by=access.user
        )
    return _summary(ctx.cases.get(access.row.id), access.role)


@_protected.delete(
    "/cases/{case_id}",
    status_code=204,
    response_class=Response,
    **_doc(
        "cases",
        "Case verwijderen",
        "Beheerder: verwijdert de case met audittrail, versies en taken.",
        401,
        403,
        404,
        422,
    ),
)
def delete_case(access: CaseAcc, ctx: Ctx) -> Response:
    """Delete a case with its history (beheerder)."""
    permit(access.can_manage)
    ctx.cases.delete(access.row.id)
    return Response(status_code=204)


@_protected.put(
    "/cases/{case_id}/document",
    response_model=Replaced,
    **_doc(
        "cases",
        "Case vervangen",
        "Adviseur of beheerder: vervangt alle invoer door het meegestuurde casedocument, alles "
        "of niets. 409 als de case na base_revision is gewijzigd; 422 met alle fouten.",
        401,
        403,
        404,
        409,
        422,
    ),
)
def replace_document(body: DocumentReplace, access: CaseAcc, ctx: Ctx) -> Replaced | JSONResponse:
    """Replace the whole case document (one audited change)."""
    permit(access.can_edit_all)
    case = _checked(body.document)
    whole = Edit(EditKind.SET, WHOLE_CASE, None)
    saved = _stored(
        ctx,
        access,
        whole,
        body.base_revision,
        lambda: ctx.cases.replace(
            access.row.id, document_of(case), body.base_revision, access.user
        ),
    )
    if isinstance(saved, JSONResponse):
        return saved
    ctx.remember(access.row.id, saved.revision, saved.case)
    return Replaced(revision=saved.revision)


@_protected.get(
    "/cases/{case_id}/document",
    response_class=Response,
    **_doc(
        "cases",
        "Casebestand downloaden",
        "Het casebestand als YAML of JSON, voor wie de details van alle deelnemers ziet.",
        401,
        404,
        422,
    ),
)
def download_document(
    access: CaseAcc,
    ctx: Ctx,
    fmt: Annotated[
        str,
        Query(alias="format", pattern="^(yaml|json)$", description="yaml (standaard) of json."),
    ] = "yaml",
) -> Response:
    """The case file; only for users who see every participant's detail."""
    case = ctx.case_of(access.row)
    require(all(access.sees_detail(p.id) for p in case.participants))
    text, media = download_text(case, fmt)
    filename = f"case-{access.row.id}-versie-{access.row.revision}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text, media_type=media, headers=headers)


# --- edits -------------------------------------------------------------------------------------


@_protected.post(
    "/cases/{case_id}/edits",
    response_model=EditOut,
    **_doc(
        "bewerkingen",
        "Wijziging opslaan",
        "Eén wijziging van het casedocument op een pad (zie docs/api.md voor de paden). De hele "
        "case wordt gecontroleerd voordat iets wordt opgeslagen. Een deelnemer wijzigt alleen de "
        "eigen nulmeting en volumes en regels waarvan hij drager is; een lezer niets (403). 409: "
        "iemand anders wijzigde hetzelfde onderdeel na base_revision.",
        401,
        403,
        404,
        409,
        422,
    ),
)
def save(body: EditIn, access: CaseAcc, ctx: Ctx) -> Response:
    """Store one edit made on ``base_revision``."""
    saved = _save(ctx, access, Edit(body.kind, body.path, body.value), body.base_revision)
    if isinstance(saved, JSONResponse):
        return saved
    answer = EditOut(
        revision=saved.revision,
        path=saved.path,
        old_value=saved.old_value,
        new_value=saved.new_value,
    )
    # Written here rather than checked and converted once more by FastAPI in another worker
    # thread: this is the busiest write of the API.
    return Response(answer.model_dump_json(), media_type="application/json")


# --- participants ------------------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/participants",
    response_model=list[ParticipantSummary],
    **_doc(
        "deelnemers",
        "Deelnemers",
        "Ids en namen van alle deelnemers (voor iedereen in de case zichtbaar).",
        401,
        404,
        422,
    ),
)
def list_participants(access: CaseAcc) -> list[ParticipantSummary]:
    """Every participant's id and name with its path."""
    participants = access.row.document.get("participants", [])
    return [_participant_summary(access, i, p) for i, p in enumerate(participants)]


@_protected.get(
    "/cases/{case_id}/participants/{participant_id}",
    response_model=ParticipantDetail,
    **_doc(
        "deelnemers",
        "Deelnemer",
        "Alle gegevens van een deelnemer, ook de nulmeting. Een deelnemer die de details van "
        "anderen niet mag zien, krijgt voor een andere deelnemer 404.",
        401,
        404,
        422,
    ),
)
def get_participant(participant_id: ParticipantId, access: CaseAcc) -> ParticipantDetail:
    """A participant with its baseline measurement."""
    require(access.sees_detail(participant_id))
    index, participant = _participant(access, participant_id)
    summary = _participant_summary(access, index, participant)
    return ParticipantDetail(**summary.model_dump(), participant=participant)


# --- scenarios and lines -----------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/scenarios",
    response_model=list[ScenarioSummary],
    **_doc("scenario's", "Scenario's", "Alle scenario's met hun pad.", 401, 404, 422),
)
def list_scenarios(access: CaseAcc) -> list[ScenarioSummary]:
    """Every scenario with its path."""
    scenarios = access.row.document.get("scenarios", [])
    return [_scenario_summary(i, s) for i, s in enumerate(scenarios)]


@_protected.get(
    "/cases/{case_id}/scenarios/{scenario_id}",
    response_model=ScenarioDetail,
    **_doc("scenario's", "Scenario", "Een scenario met zijn eigen gegevens.", 401, 404, 422),
)
def get_scenario(scenario_id: ScenarioId, access: CaseAcc) -> ScenarioDetail:
    """A scenario as stored (its own lines; inherited ones live in the parent)."""
    index, scenario = _scenario(access, scenario_id)
    summary = _scenario_summary(index, scenario)
    return ScenarioDetail(**summary.model_dump(), scenario=scenario)


@_protected.get(
    "/cases/{case_id}/scenarios/{scenario_id}/lines",
    response_model=list[LineOut],
    **_doc(
        "scenario's",
        "Regels",
        "Alle eigen regels van het scenario, per regellijst, elk met het pad om het te "
        "wijzigen via POST /cases/{case_id}/edits.",
        401,
        404,
        422,
    ),
)
def list_lines(scenario_id: ScenarioId, access: CaseAcc) -> list[LineOut]:
    """The scenario's own lines of every list, with their paths."""
    index, scenario = _scenario(access, scenario_id)
    return _lines(index, scenario)


@_protected.get(
    "/cases/{case_id}/scenarios/{scenario_id}/lines/{line_id}",
    response_model=LineOut,
    **_doc("scenario's", "Regel", "Eén regel met zijn pad.", 401, 404, 422),
)
def get_line(
    scenario_id: ScenarioId,
    line_id: LineId,
    access: CaseAcc,
    kind: Annotated[LineKind | None, Query(description="Alleen in deze regellijst.")] = None,
) -> LineOut:
    """One line of a scenario."""
    return _line(access, scenario_id, line_id, kind)


@_protected.post(
    "/cases/{case_id}/scenarios/{scenario_id}/lines",
    status_code=201,
    response_model=LineSaved,
    **_doc(
        "scenario's",
        "Regel toevoegen",
        "Voegt een regel toe aan een regellijst van het scenario (een 'add'-wijziging). Een "
        "deelnemer voegt alleen regels toe waarvan hij zelf drager is.",
        401,
        403,
        404,
        409,
        422,
    ),
)
def add_line(
    scenario_id: ScenarioId, body: LineCreate, access: CaseAcc, ctx: Ctx
) -> LineSaved | JSONResponse:
    """Append a line to one of the scenario's lists."""
    index, _scenario_document = _scenario(access, scenario_id)
    path = f"scenarios[{index}].{body.kind}"
    saved = _save(ctx, access, Edit(EditKind.ADD, path, body.line), body.base_revision)
    if isinstance(saved, JSONResponse):
        return saved
    lines = getattr(saved.case.scenarios[index], body.kind)
    position = len(lines) - 1
    return LineSaved(
        revision=saved.revision,
        kind=body.kind,
        index=position,
        path=f"{path}[{position}]",
        line=lines[position].model_dump(mode="json", exclude_none=True),
    )


@_protected.delete(
    "/cases/{case_id}/scenarios/{scenario_id}/lines/{line_id}",
    response_model=LineSaved,
    **_doc(
        "scenario's",
        "Regel verwijderen",
        "Verwijdert een eigen regel van het scenario (een 'remove'-wijziging).",
        401,
        403,
        404,
        409,
        422,
    ),
)
def remove_line(
    scenario_id: ScenarioId,
    line_id: LineId,
    base_revision: BaseRevision,
    access: CaseAcc,
    ctx: Ctx,
    kind: Annotated[LineKind | None, Query(description="Alleen in deze regellijst.")] = None,
) -> LineSaved | JSONResponse:
    """Remove a line of a scenario."""
    line = _line(access, scenario_id, line_id, kind)
    saved = _save(ctx, access, Edit(EditKind.REMOVE, line.path), base_revision)
    if isinstance(saved, JSONResponse):
        return saved
    return LineSaved(
        revision=saved.revision, kind=line.kind, index=line.index, path=line.path, line=line.line
    )


# --- results -----------------------------------------------------------------------------------

_PENDING = {202: {"model": PendingOut, "description": "Wordt op de achtergrond berekend."}}


@_protected.get(
    "/cases/{case_id}/results",
    response_model=ResultsDocument,
    **_doc(
        "resultaten",
        "Resultaten",
        "De resultaten van de huidige revisie (docs/results-json.md). Een grote case wordt op "
        "de achtergrond berekend: dan volgt 202 met de taak.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def results(access: CaseAcc, ctx: Ctx) -> Response:
    """The results document the user may see, or 202 while a job calculates it."""
    made = _results(ctx, access)
    return made if isinstance(made, JSONResponse) else _document_answer(made)


@_protected.get(
    "/cases/{case_id}/results/{scenario_id}",
    response_model=ResultsDocument,
    **_doc(
        "resultaten",
        "Resultaten van één scenario",
        "Als GET /cases/{case_id}/results, met alleen dit scenario.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def scenario_results(scenario_id: ScenarioId, access: CaseAcc, ctx: Ctx) -> Response:
    """The results of one scenario, or 202 while a job calculates them."""
    made = _results(ctx, access, scenario_id)
    if isinstance(made, JSONResponse):
        return made
    return _document_answer(_one_scenario(made, scenario_id))


# --- versions ----------------------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/versions",
    response_model=list[VersionSummary],
    **_doc("versies", "Versies", "De vastgelegde versies, oudste eerst.", 401, 404, 422),
)
def list_versions(access: CaseAcc, ctx: Ctx) -> list[VersionSummary]:
    """The case's versions."""
    return [_version_summary(v) for v in ctx.cases.versions(access.row.id)]


@_protected.post(
    "/cases/{case_id}/versions",
    status_code=201,
    response_model=VersionSummary,
    **_doc(
        "versies",
        "Versie vastleggen",
        "Adviseur of beheerder: legt de huidige invoer en resultaten vast als onveranderlijke "
        "versie, met de versie van de rekenkern.",
        401,
        403,
        404,
        422,
    ),
)
def create_version(body: VersionCreate, access: CaseAcc, ctx: Ctx) -> VersionSummary:
    """Fix a named version of the current inputs and results."""
    permit(access.can_edit_all)
    try:
        version = ctx.cases.create_version(
            access.row.id, body.name, access.user.email, ENGINE_VERSION, _case_results
        )
    except ValueError as exc:
        raise _invalid("name", str(exc)) from None
    return _version_summary(version)


@_protected.get(
    "/cases/{case_id}/versions/compare",
    response_model=VersionComparison,
    **_doc(
        "versies",
        "Versies vergelijken",
        "Kerncijfers per scenario van twee versies naast elkaar.",
        401,
        404,
        422,
    ),
)
def compare_versions(
    access: CaseAcc,
    ctx: Ctx,
    a: Annotated[int, Query(ge=1, le=MAX_ID, description="Id van de eerste versie.")],
    b: Annotated[int, Query(ge=1, le=MAX_ID, description="Id van de tweede versie.")],
) -> VersionComparison:
    """Key metrics per scenario of two versions of the case."""
    first, second = _version(ctx, access, a), _version(ctx, access, b)
    by_id: dict[str, ScenarioComparison] = {}
    for side, version in (("a", first), ("b", second)):
        for scenario in version.results.get("scenarios", []):
            sid = str(scenario.get("id", ""))
            row = by_id.setdefault(
                sid, ScenarioComparison(id=sid, name=str(scenario.get("name", sid)))
            )
            setattr(row, side, _key_metrics(scenario))
    return VersionComparison(
        a=_version_summary(first), b=_version_summary(second), scenarios=list(by_id.values())
    )


@_protected.get(
    "/cases/{case_id}/versions/{version_id}",
    response_model=VersionDetail,
    **_doc(
        "versies",
        "Versie",
        "Een versie met haar invoer en resultaten, zoals u die mag zien.",
        401,
        404,
        422,
    ),
)
def get_version(version_id: VersionId, access: CaseAcc, ctx: Ctx) -> VersionDetail:
    """A version's document and results as the user may see them."""
    version = _version(ctx, access, version_id)
    snapshot = CaseRow(
        id=access.row.id,
        name=access.row.name,
        document=version.document,
        revision=version.revision,
        participants_see_others=access.row.participants_see_others,
    )
    seen_as = dataclasses.replace(access, row=snapshot)
    return VersionDetail(
        **_version_summary(version).model_dump(),
        document=visible_document(seen_as),
        results=_visible_results(seen_as, version.results),
    )


# --- audit -------------------------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/audit",
    response_model=list[AuditOut],
    **_doc(
        "audit",
        "Audittrail",
        "Alle opgeslagen wijzigingen, nieuwste eerst; met 'path' alleen die van dat onderdeel "
        "(en wat erin of erboven ligt). Een deelnemer die de details van anderen niet mag zien, "
        "ziet hun nulmetingwijzigingen niet.",
        401,
        404,
        422,
    ),
)
def audit(
    access: CaseAcc,
    ctx: Ctx,
    path: Annotated[
        str | None, Query(max_length=1000, description="Pad, bijv. participants[0].baseline.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Hoogstens zoveel.")] = 100,
) -> list[AuditOut]:
    """The audit trail the user may see."""
    document = access.row.document
    entries = ctx.cases.audit(access.row.id, path or None, _AUDIT_SCAN)
    shown = [e for e in entries if entry_visible(access, document, e)]
    return [_audit_out(e) for e in shown[:limit]]


# --- members -----------------------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/members",
    response_model=list[MemberOut],
    **_doc("leden", "Leden", "Beheerder: de leden van de case met hun rol.", 401, 403, 404, 422),
)
def list_members(access: CaseAcc, ctx: Ctx) -> list[MemberOut]:
    """The members of the case (beheerder)."""
    permit(access.can_manage)
    return [_member_out(m, u) for m, u in ctx.cases.members(access.row.id)]


@_protected.post(
    "/cases/{case_id}/members",
    status_code=201,
    response_model=MemberAdded,
    **_doc(
        "leden",
        "Lid toevoegen",
        "Beheerder: geeft een bestaande gebruiker (op e-mailadres) een rol. Een sitebeheerder "
        "nodigt zo ook een nieuwe gebruiker uit en krijgt de uitnodigingslink.",
        401,
        403,
        404,
        422,
    ),
)
def add_member(body: MemberAdd, access: CaseAcc, ctx: Ctx, request: Request) -> MemberAdded:
    """Give a user, found by e-mail address, a role in the case."""
    permit(access.can_manage)
    participant = _checked_role(access, ctx, body)
    user = ctx.accounts.by_email(body.email)
    link = None
    if user is None:
        if not access.user.is_admin:
            raise _invalid(
                "email", "Onbekend e-mailadres. Vraag de sitebeheerder een account aan te maken."
            )
        try:
            user = ctx.accounts.create_user(body.email)
        except AccountError as exc:
            raise _invalid("email", str(exc)) from None
        link = _link(request, ctx.accounts.issue_link(user.id, INVITATION))
    if user.id == access.user.id:
        raise HTTPException(400, "U kunt uw eigen rol niet wijzigen.")
    ctx.cases.set_member(access.row.id, user.id, body.role, participant, by=access.user)
    return MemberAdded(member=_member(ctx, access.row.id, user.id), invitation_url=link)


@_protected.put(
    "/cases/{case_id}/members/{user_id}",
    response_model=MemberOut,
    **_doc(
        "leden",
        "Rol instellen",
        "Beheerder: geeft een gebruiker een rol (of een andere rol). Uw eigen rol wijzigt u "
        "niet (400), zodat een case niet zonder beheerder raakt.",
        400,
        401,
        403,
        404,
        422,
    ),
)
def set_member(user_id: UserId, body: MemberSet, access: CaseAcc, ctx: Ctx) -> MemberOut:
    """Give a user a role in the case."""
    permit(access.can_manage)
    _known_user(ctx, user_id)
    participant = _checked_role(access, ctx, body)
    if user_id == access.user.id:
        raise HTTPException(400, "U kunt uw eigen rol niet wijzigen.")
    ctx.cases.set_member(access.row.id, user_id, body.role, participant, by=access.user)
    return _member(ctx, access.row.id, user_id)


@_protected.delete(
    "/cases/{case_id}/members/{user_id}",
    status_code=204,
    response_class=Response,
    **_doc(
        "leden",
        "Lid verwijderen",
        "Beheerder: neemt een gebruiker zijn rol af (niet uzelf).",
        400,
        401,
        403,
        404,
        422,
    ),
)
def remove_member(user_id: UserId, access: CaseAcc, ctx: Ctx) -> Response:
    """Take a member's role away (not one's own)."""
    permit(access.can_manage)
    _member(ctx, access.row.id, user_id)
    if user_id == access.user.id:
        raise HTTPException(400, "U kunt uzelf niet uit de case verwijderen.")
    ctx.cases.remove_member(access.row.id, user_id, by=access.user)
    return Response(status_code=204)


# --- users -------------------------------------------------------------------------------------


@_protected.get(
    "/users",
    response_model=list[UserOut],
    **_doc("gebruikers", "Gebruikers", "Sitebeheerder: alle gebruikers.", 401, 404),
)
def list_users(identity: ApiAdmin, ctx: Ctx) -> list[UserOut]:
    """Every user (site administrators)."""
    return [_user(u) for u in ctx.accounts.all_users()]


@_protected.post(
    "/users",
    status_code=201,
    response_model=UserCreated,
    **_doc(
        "gebruikers",
        "Gebruiker aanmaken",
        "Sitebeheerder: maakt een gebruiker aan en geeft de uitnodigingslink om door te geven.",
        401,
        404,
        422,
    ),
)
def create_user(body: UserCreate, identity: ApiAdmin, ctx: Ctx, request: Request) -> UserCreated:
    """Create a user with an invitation link (site administrators)."""
    try:
        user = ctx.accounts.create_user(body.email, body.name, None, body.is_admin)
    except AccountError as exc:
        raise _invalid("email", str(exc)) from None
    url = _link(request, ctx.accounts.issue_link(user.id, INVITATION))
    return UserCreated(user=_user(user), invitation_url=url)


@_protected.post(
    "/users/{user_id}/link",
    response_model=LinkOut,
    **_doc(
        "gebruikers",
        "Link uitgeven",
        "Sitebeheerder: een nieuwe uitnodigings- of herstellink (eerdere vervallen).",
        401,
        404,
        422,
    ),
)
def issue_link(
    user_id: UserId, body: LinkIn, identity: ApiAdmin, ctx: Ctx, request: Request
) -> LinkOut:
    """A one-time link for a user (site administrators)."""
    _known_user(ctx, user_id)
    return LinkOut(
        url=_link(request, ctx.accounts.issue_link(user_id, body.purpose)), purpose=body.purpose
    )


@_protected.patch(
    "/users/{user_id}",
    response_model=UserOut,
    **_doc(
        "gebruikers",
        "Gebruiker (de)activeren",
        "Sitebeheerder: deactiveren beëindigt de sessies van de gebruiker direct. Uzelf "
        "deactiveert u niet (400).",
        400,
        401,
        404,
        422,
    ),
)
def patch_user(user_id: UserId, body: UserPatch, identity: ApiAdmin, ctx: Ctx) -> UserOut:
    """(De)activate a user (site administrators)."""
    _known_user(ctx, user_id)
    if user_id == identity.user.id and not body.active:
        raise HTTPException(400, "U kunt uw eigen account niet deactiveren.")
    ctx.accounts.set_active(user_id, body.active)
    return _user(_known_user(ctx, user_id))


# --- jobs --------------------------------------------------------------------------------------


@_protected.post(
    "/cases/{case_id}/jobs",
    status_code=202,
    response_model=JobOut,
    **_doc(
        "taken",
        "Taak starten",
        "Start een herberekening van alle scenario's op de achtergrond (niet voor een lezer); "
        "loopt er al een voor deze revisie, dan krijgt u die.",
        401,
        403,
        404,
        422,
    ),
)
def start_job(body: JobCreate, access: CaseAcc, ctx: Ctx) -> JobOut:
    """Queue a recalculation of the case's current revision (or return the one under way);
    like the page, not for a *lezer*."""
    permit(access.can_edit)
    job = ctx.jobs.latest(access.row.id, RECALCULATE)
    if (
        job is None
        or job.revision != access.row.revision
        or job.status
        not in (
            "queued",
            "running",
        )
    ):
        job = ctx.jobs.submit(access.row.id, body.kind, access.row.revision, access.user.email)
    return _job_out(job)


@_protected.get(
    "/cases/{case_id}/jobs/{job_id}",
    response_model=JobOut,
    **_doc("taken", "Taak", "Status en voortgang van een taak.", 401, 404, 422),
)
def get_job(job_id: JobId, access: CaseAcc, ctx: Ctx) -> JobOut:
    """A job of the case."""
    job = ctx.jobs.get(job_id)
    if job is None or job.case_id != access.row.id:
        raise HTTPException(404, NOT_FOUND)
    return _job_out(job)


# --- fairness ----------------------------------------------------------------------------------

CandidatesQuery = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="Ids van de kandidaten, gescheiden door komma's (standaard: het scenario).",
    ),
]


def _analysis(
    ctx: AppContext, access: CaseAccess, kind: str, params: dict[str, Any]
) -> dict[str, Any] | JSONResponse:
    answer = job_answer(ctx, access.row, kind, params, access.user.email)
    if isinstance(answer, Pending):
        return _pending(ctx, answer)
    if isinstance(answer, Failed):
        raise HTTPException(422, answer.message)
    return answer


@_protected.get(
    "/cases/{case_id}/fairness/{scenario_id}",
    response_model=FairnessDocument,
    **_doc(
        "eerlijkheid",
        "Eerlijkheid van de kostenverdeling",
        "De gekozen verrekening, de Shapley-waarde, de nucleolus en verdeelsleutels, getoetst "
        "aan het kostenspel van het scenario, met voorgestelde compensatieposten. Wordt op de "
        "achtergrond berekend: tot het antwoord er is volgt 202 met de taak.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def fairness_analysis(
    scenario_id: ScenarioId, access: CaseAcc, ctx: Ctx
) -> dict[str, Any] | JSONResponse:
    """The fairness analysis of a cooperation scenario, or 202 while a job computes it."""
    params = fairness_params(ctx.case_of(access.row), scenario_id)
    return _analysis(ctx, access, FAIRNESS, params)


@_protected.get(
    "/cases/{case_id}/coalitions/{scenario_id}",
    response_model=CoalitionsDocument,
    **_doc(
        "eerlijkheid",
        "Coalities verkennen",
        "Elke coalitie van twee of meer kandidaten (ten hoogste 15) doorgerekend met dit "
        "scenario, gerangschikt op netto contante waarde, met de bijdrage van iedere "
        "kandidaat. Wordt op de achtergrond berekend: tot het antwoord er is volgt 202.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def coalition_explorer(
    scenario_id: ScenarioId, access: CaseAcc, ctx: Ctx, candidates: CandidatesQuery = None
) -> dict[str, Any] | JSONResponse:
    """The coalition explorer of a cooperation scenario, or 202 while a job computes it."""
    chosen = None if candidates is None else [c for c in candidates.split(",") if c]
    params = coalition_params(ctx.case_of(access.row), scenario_id, chosen)
    return _analysis(ctx, access, COALITIONS, params)


@_protected.get(
    "/cases/{case_id}/charging/{scenario_id}",
    response_model=ChargingDocument,
    **_doc(
        "verrekening",
        "Verrekening",
        "Kostprijzen, tarieven, de rekening per deelnemer per jaar met nacalculatie en het "
        "effect van 10% meer of minder afname, en de aansluiting met de kosten van de share "
        "(docs/charging.md). Een deelnemer die de details van anderen niet mag zien, krijgt "
        "van hen alleen de totalen.",
        401,
        404,
        422,
    ),
)
def charging(scenario_id: ScenarioId, access: CaseAcc, ctx: Ctx) -> dict[str, Any]:
    """The charging of a scenario by the case's charging design."""
    return visible_charging(access, charging_document(ctx, access.row, scenario_id))


@_protected.get(
    "/cases/{case_id}/entry-exit/{scenario_id}",
    response_model=MembershipDocument,
    **_doc(
        "verrekening",
        "Toe- en uittreding",
        "De hele case opnieuw doorgerekend met een deelnemer die vanaf een jaar toetreedt (als "
        "hij geen lid is) of uittreedt (als hij lid is): per deelnemer de kosten voor en na en "
        "het effect, met de vergoedingen van de verrekening (docs/charging.md).",
        401,
        404,
        422,
    ),
)
def entry_exit(
    scenario_id: ScenarioId,
    access: CaseAcc,
    ctx: Ctx,
    participant: Annotated[
        str, Query(min_length=1, max_length=100, description="Id van de deelnemer.")
    ],
    year: Annotated[int, Query(ge=1900, le=2200, description="Jaar van toe- of uittreding.")],
) -> dict[str, Any]:
    """The effect of a member joining or leaving a scenario from a year."""
    return membership_document(ctx, access.row, scenario_id, participant, year)


@_protected.get(
    "/cases/{case_id}/charging/{scenario_id}/dfa/{participant_id}",
    response_model=DfaDocument,
    **_doc(
        "verrekening",
        "Dossier financiële afspraken",
        "Het DFA van één deelnemer voor één jaar: producten met tarief en afname, bijdragen per "
        "financieringsstroom, factuurmomenten, verwachte nacalculatie en de aanloopkosten van "
        "de share. Een deelnemer ziet alleen het eigen DFA (tenzij deelnemers elkaar zien).",
        401,
        404,
        422,
    ),
)
def dfa(
    scenario_id: ScenarioId,
    participant_id: ParticipantId,
    access: CaseAcc,
    ctx: Ctx,
    year: Annotated[int, Query(ge=1900, le=2200, description="Jaar van het DFA.")],
) -> dict[str, Any]:
    """The yearly financial-arrangements file of one member."""
    if not access.sees_detail(participant_id):
        raise HTTPException(404, NOT_FOUND)
    return dfa_document(ctx, access.row, scenario_id, participant_id, year)


# --- reports, exports and the data-collection template -----------------------------------------

_FILE = {200: {"description": "Het bestand.", "content": {"application/octet-stream": {}}}}


@_protected.get(
    "/cases/{case_id}/exports/{fmt}",
    response_class=Response,
    **_doc(
        "rapport en export",
        "Raadsrapportage of Excel-export",
        "fmt = pdf of html (de raadsrapportage) of xlsx (de werkmap met formules), voor wie de "
        "details van alle deelnemers ziet. Wordt op de achtergrond gemaakt: 202 met de taak tot "
        "het bestand klaar is.",
        401,
        404,
        422,
        more={**_FILE, **_PENDING},
    ),
)
def export(
    fmt: Annotated[str, Path(pattern="^(pdf|html|xlsx)$", description="pdf, html of xlsx.")],
    access: CaseAcc,
    ctx: Ctx,
    thousands: Annotated[bool, Query(description="Bedragen × € 1.000.")] = False,
    confidential: Annotated[
        str, Query(max_length=100, description="Vertrouwelijkheidsmarkering.")
    ] = "",
) -> Response:
    """The council report or the Excel export of the current revision."""
    require_whole_case(ctx, access)
    answer = export_answer(ctx, access, export_params(fmt, thousands, confidential))
    if isinstance(answer, Pending):
        return _pending(ctx, answer)
    if isinstance(answer, Failed):
        raise HTTPException(422, answer.message)
    return file_response(answer)


@_protected.get(
    "/cases/{case_id}/participants/{participant_id}/template",
    response_class=Response,
    **_doc(
        "deelnemers",
        "Invulbestand downloaden",
        "De Excel-werkmap voor de nulmeting van een deelnemer, ingevuld met de huidige waarden.",
        401,
        404,
        422,
        more=_FILE,
    ),
)
def download_template(participant_id: ParticipantId, access: CaseAcc, ctx: Ctx) -> Response:
    """A participant's data-collection template."""
    return file_response(template_file(ctx, access, participant_id))


@_protected.put(
    "/cases/{case_id}/participants/{participant_id}/template",
    response_model=list[EditOut],
    **_doc(
        "deelnemers",
        "Ingevuld invulbestand inlezen",
        "Stuur de werkmap als body (Content-Type: application/vnd.openxmlformats-officedocument."
        "spreadsheetml.sheet). Alles of niets: 422 met elk probleem (blad!cel), 409 als het "
        "onderdeel na base_revision is gewijzigd. Antwoord: de opgeslagen wijzigingen.",
        401,
        403,
        404,
        409,
        422,
    ),
)
async def upload_template(
    request: Request,
    participant_id: ParticipantId,
    access: CaseAcc,
    ctx: Ctx,
    base_revision: Annotated[int, Query(ge=0, description="De versie die is ingevuld.")],
    notation: Annotated[
        str, Query(pattern="^(nl|en)$", description="Getallen als tekst: nl (1.234,56) of en.")
    ] = "nl",
) -> list[EditOut] | JSONResponse:
    """Take over a filled-in template as one revision."""
    content = await request.body()
    index = participant_index(ctx.case_of(access.row), participant_id)
    try:
        saved = import_template(ctx, access, participant_id, content, base_revision, notation)
    except WorkbookError as exc:
        raise HTTPException(
            422, [{"path": f"{p.sheet}!{p.cell}", "message": p.message} for p in exc.problems]
        ) from None
    except EditConflict as exc:
        return _conflict(ctx, access, exc, f"participants[{index}]", base_revision)
    except InvalidEdit as exc:
        raise _invalid_edit(exc) from None
    return [
        EditOut(revision=s.revision, path=s.path, old_value=s.old_value, new_value=s.new_value)
        for s in saved
    ]


# --- risks --------------------------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/montecarlo/{scenario_id}",
    response_model=MonteCarloDocument,
    **_doc(
        "risico's",
        "Kans van slagen (Monte Carlo)",
        "Trekt alle onzekere aannames (bandbreedtes, vertraging, realisatie van baten, "
        "personele besparing) en rekent elk trekking door: de kans op een positief resultaat "
        "en de percentielen, voor het geheel en iedere deelnemer. Wordt op de achtergrond "
        "berekend: tot het antwoord er is volgt 202 met de taak.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def montecarlo(
    scenario_id: ScenarioId,
    access: CaseAcc,
    ctx: Ctx,
    draws: Annotated[int | None, Query(ge=1, le=MAX_DRAWS, description="Trekkingen.")] = None,
    seed: Annotated[int | None, Query(ge=0, description="Startgetal.")] = None,
) -> dict[str, Any] | JSONResponse:
    """The Monte Carlo analysis of a cooperation scenario, or 202 while a job computes it."""
    params = montecarlo_params(ctx.case_of(access.row), scenario_id, draws, seed)
    return _analysis(ctx, access, MONTECARLO, params)


@_protected.get(
    "/cases/{case_id}/sensitivity/{scenario_id}",
    response_model=SensitivityDocument,
    **_doc(
        "risico's",
        "Gevoeligheid en omslagpunten",
        "Tornado en de kleinste vertraging, kostenoverschrijding of tekort aan baten waarbij "
        "het resultaat negatief wordt. Wordt op de achtergrond berekend: tot het antwoord er "
        "is volgt 202 met de taak.",
        401,
        404,
        422,
        more=_PENDING,
    ),
)
def sensitivity(
    scenario_id: ScenarioId, access: CaseAcc, ctx: Ctx
) -> dict[str, Any] | JSONResponse:
    """The sensitivity analysis of a cooperation scenario, or 202 while a job computes it."""
    params = sensitivity_params(ctx.case_of(access.row), scenario_id)
    return _analysis(ctx, access, SENSITIVITY, params)


# --- benefits and steering ---------------------------------------------------------------------


@_protected.get(
    "/cases/{case_id}/benefits-network",
    response_model=NetworkDocument,
    **_doc(
        "baten",
        "Batennetwerk",
        "Het batennetwerk van de case (of het standaardnetwerk) met het diagram. Wijzigen of "
        "overnemen: POST /cases/{case_id}/edits met het pad benefits_network.",
        401,
        404,
        422,
    ),
)
def benefits_network(access: CaseAcc, ctx: Ctx) -> dict[str, Any]:
    """The case's benefits network with its diagram."""
    return network_document(ctx.case_of(access.row))


@_protected.get(
    "/cases/{case_id}/plan-actual",
    response_model=SteeringDocument,
    **_doc(
        "baten",
        "Begroot en werkelijk",
        "Begroot tegen werkelijk, de nacalculatie op de werkelijke cijfers en de evaluatie na "
        "het eerste jaar in bedrijf (docs/benefits.md).",
        401,
        404,
        422,
    ),
)
def plan_versus_actual(
    access: CaseAcc,
    ctx: Ctx,
    scenario: Annotated[
        str | None, Query(max_length=100, description="Scenario (standaard: het besloten).")
    ] = None,
) -> dict[str, Any]:
    """Plan versus actual as the user may see it."""
    return steering_document(ctx, access, scenario)


@_protected.put(
    "/cases/{case_id}/actuals",
    response_model=EditOut | None,
    **_doc(
        "baten",
        "Werkelijke cijfers inlezen",
        "Stuur een CSV-bestand (puntkomma's, kolommen soort, entiteit, code, jaar, waarde) of "
        "een Excel-werkmap als body; filename bepaalt het soort (.xlsx of .csv). Alles of "
        "niets: 422 met elk probleem (rij en kolom), 409 als de werkelijke cijfers na "
        "base_revision zijn gewijzigd. Antwoord: de opgeslagen wijziging (null: niets nieuws).",
        401,
        403,
        404,
        409,
        422,
    ),
)
async def upload_actuals(
    request: Request,
    access: CaseAcc,
    ctx: Ctx,
    base_revision: Annotated[int, Query(ge=0, description="De versie die is aangevuld.")],
    filename: Annotated[
        str,
        Query(min_length=1, max_length=200, description="Bestandsnaam, bijv. werkelijk.csv."),
    ] = "werkelijk.csv",
    notation: Annotated[
        str, Query(pattern="^(nl|en)$", description="Getallen als tekst: nl (1.234,56) of en.")
    ] = "nl",
) -> EditOut | JSONResponse | None:
    """Take over an actuals file as one revision."""
    content = await request.body()
    try:
        saved = store_actuals(ctx, access, content, filename, base_revision, notation)
    except ActualsError as exc:
        raise HTTPException(
            422,
            [
                {"path": p.path or p.cell or str(p.row or ""), "message": p.format(exc.file)}
                for p in exc.problems
            ],
        ) from None
    except EditConflict as exc:
        return _conflict(ctx, access, exc, "actuals", base_revision)
    except InvalidEdit as exc:
        raise _invalid_edit(exc) from None
    if saved is None:
        return None
    return EditOut(
        revision=saved.revision,
        path=saved.path,
        old_value=saved.old_value,
        new_value=saved.new_value,
    )


# --- forming the cooperation (guidance) --------------------------------------------------------

GuidancePart = Annotated[
    str, Path(pattern="^(phases|forms|checklists)$", description="phases, forms of checklists.")
]


@_protected.get(
    "/cases/{case_id}/formation",
    response_model=FormationDocument,
    **_doc(
        "proces",
        "Vorming van de samenwerking",
        "Alles wat de begeleiding over de case zegt (docs/guidance.md). Wijzigen: POST "
        "/cases/{case_id}/edits met paden onder formation, bijvoorbeeld "
        "formation.gate_decisions; een go voor fase 3 met een open blokkerende bevinding, een "
        "negatief gewicht of een onbekende code geeft 422.",
        401,
        404,
        422,
    ),
)
def formation(access: CaseAcc, ctx: Ctx) -> dict[str, Any]:
    """The formation document of the case as the user may see it."""
    return guidance_web.visible_formation(access, ctx.case_of(access.row))


@_protected.get(
    "/cases/{case_id}/guidance/{part}",
    response_model=GuidanceDocument,
    **_doc(
        "proces",
        "Fasemodel, rechtsvormen of checklists",
        "Eén onderdeel van de begeleiding met de stand van de case, als 'samenrekenen guidance "
        "phases|forms|checklists CASUS --format json'.",
        401,
        404,
        422,
    ),
)
def guidance_part(part: GuidancePart, access: CaseAcc, ctx: Ctx) -> dict[str, Any]:
    """The phases, forms or checklists document of the case."""
    return guidance_web.visible_formation(access, ctx.case_of(access.row))[part]


@_protected.post(
    "/cases/{case_id}/opportunities/{opportunity_id}/case",
    status_code=201,
    response_model=CaseSummary,
    **_doc(
        "proces",
        "Case maken van een kans",
        "Alleen sitebeheerders: een nieuwe case met de kandidaat-partners van de kans als "
        "deelnemers, een basisscenario en een leeg samenwerkingsscenario; u wordt beheerder.",
        401,
        403,
        404,
        422,
    ),
)
def opportunity_case(
    opportunity_id: Annotated[
        str, Path(min_length=1, max_length=100, description="Id van de kans.")
    ],
    access: CaseAcc,
    ctx: Ctx,
) -> CaseSummary:
    """A new case from an opportunity on the case's map."""
    return _summary(guidance_web.opportunity_case(ctx, access, opportunity_id), Role.MANAGER)


@_protected.get(
    "/cases/{case_id}/phase-reports/{report}",
    response_class=Response,
    **_doc(
        "proces",
        "Verkenningsrapport of plan totale traject",
        "report = exploration (verkenningsrapport) of programme (plan voor het totale traject), "
        "volgens 004 Bijlage 4 en gevuld uit de case; format = html of pdf. Alleen voor wie de "
        "details van alle deelnemers ziet.",
        401,
        404,
        more=_FILE,
    ),
)
def phase_report(
    report: Annotated[
        str, Path(pattern="^(exploration|programme)$", description="exploration of programme.")
    ],
    access: CaseAcc,
    ctx: Ctx,
    format: Annotated[str, Query(pattern="^(html|pdf)$", description="html of pdf.")] = "html",
) -> Response:
    """A phase-1 report of the current revision."""
    try:
        return file_response(guidance_web.phase_report_file(ctx, access, report, format))
    except PdfUnavailableError as exc:
        raise HTTPException(503, str(exc)) from None


router.include_router(_protected)
