"""Benefits and steering pages: the benefits network with indicators (``/cases/{id}/baten``)
and plan versus actual with the settlement on actuals and the evaluation
(``/cases/{id}/plan-werkelijk``).

The network, the indicators and the actuals are edited as forms that save themselves, like the
rest of the case (``routes/editor.py``); an actuals file (CSV or Excel) is taken over as one
revision, all or nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from samenrekenen.io.actuals import ActualsError
from samenrekenen.labels import enum_label
from samenrekenen.model import Case
from samenrekenen.model.benefits import NodeLayer
from samenrekenen.model.scenario import BenefitKind
from samenrekenen.store import EditConflict, InvalidEdit

from ..access import CaseAccess
from ..auth import Ctx, PageCase, permit
from ..forms import field_spec
from ..render import render
from ..service import read_upload
from ..steering import (
    adopt_default_network,
    network_document,
    steering_charts,
    steering_document,
    store_actuals,
)
from .editor import form_context
from .overview import Amounts

router = APIRouter(include_in_schema=False)


def _base(access: CaseAccess, tab: str) -> dict[str, Any]:
    return {
        "access": access,
        "tab": tab,
        "money": Amounts(False),
        "edit_url": f"/cases/{access.row.id}/wijzig",
    }


def benefit_rows(case: Case) -> list[dict[str, Any]]:
    """Every scenario's own benefit lines with what the network and the owner need."""
    return [
        {
            "scenario": scenario.name,
            "id": line.id,
            "description": line.description or line.id,
            "kind": enum_label(BenefitKind, line.kind.value),
            "area": line.benefit_area or "—",
            "bearer": line.bearer,
            "owner": line.owner or "—",
            "node": line.network_node or "—",
            "monetised": line.monetised,
        }
        for scenario in case.scenarios
        for line in scenario.benefits
    ]


@router.get("/cases/{case_id}/baten", response_class=HTMLResponse)
def benefits_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The benefits network (diagram and relations), the benefit lines and the indicators."""
    case = ctx.case_of(access.row)
    document = access.row.document
    fc = form_context(access, case, document, access.row.revision)
    network = network_document(case)
    names = {node["id"]: node["name"] for node in network["nodes"]}
    context = _base(access, "benefits") | {
        "network": network,
        "diagram": Markup(network["svg"]),
        "layers": {layer.value: enum_label(NodeLayer, layer.value) for layer in NodeLayer},
        "names": names,
        "benefits": benefit_rows(case),
        "network_form": None
        if network["is_default"]
        else field_spec(
            Case, "benefits_network", "benefits_network", document.get("benefits_network"), fc
        ),
        "indicators_form": field_spec(
            Case, "indicators", "indicators", document.get("indicators"), fc
        ),
    }
    return render(request, "benefits.html", context)


@router.post("/cases/{case_id}/baten/standaardnetwerk")
async def adopt_network(
    access: PageCase, ctx: Ctx, revision: Annotated[int, Form()] = 0
) -> Response:
    """Copy the default network into the case so that it can be changed."""
    permit(access.can_edit_all)
    try:
        adopt_default_network(ctx, access, revision)
    except EditConflict as exc:
        raise HTTPException(409, str(exc)) from None
    return RedirectResponse(f"/cases/{access.row.id}/baten#kop-netwerk", status_code=303)


@router.get("/cases/{case_id}/plan-werkelijk", response_class=HTMLResponse)
def plan_actual_page(request: Request, access: PageCase, ctx: Ctx, scenario: str = "") -> Response:
    """Plan versus actual: evaluation, costs, benefits, indicators and the settlement on
    actuals, with the actuals themselves as forms and an upload of an actuals file."""
    case = ctx.case_of(access.row)
    document = access.row.document
    data = steering_document(ctx, access, scenario or None)
    fc = form_context(access, case, document, access.row.revision)
    context = _base(access, "steering") | {
        "scenarios": [s for s in case.scenarios if not s.is_baseline],
        "chosen": data["scenario"],
        "data": data,
        "names": {p.id: p.name for p in case.participants} | {"share": "Share"},
        "charts": [Markup(svg) for svg in steering_charts(ctx, access, scenario or None)],
        "actuals_form": field_spec(Case, "actuals", "actuals", document.get("actuals"), fc),
        "imported": request.query_params.get("ingelezen") == "1",
    }
    return render(request, "plan_actual.html", context)


@router.post("/cases/{case_id}/plan-werkelijk/bestand")
async def actuals_upload(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    revision: Annotated[int, Form()] = 0,
    notatie: Annotated[str, Form()] = "nl",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Take over an actuals file (CSV or Excel): all or nothing; every problem is listed."""
    permit(access.can_edit_all)
    if file is None or not file.filename:
        return _refused(
            request, access, ["Kies een bestand met werkelijke cijfers (.csv of .xlsx)."]
        )
    content = await read_upload(ctx, file)
    try:
        store_actuals(ctx, access, content, file.filename, revision, notatie)
    except ActualsError as exc:
        return _refused(request, access, [p.format(exc.file) for p in exc.problems])
    except InvalidEdit as exc:
        return _refused(request, access, [e.format() for e in exc.errors])
    except EditConflict as exc:
        return _refused(request, access, [str(exc)])
    return RedirectResponse(f"/cases/{access.row.id}/plan-werkelijk?ingelezen=1", status_code=303)


def _refused(request: Request, access: CaseAccess, problems: list[str]) -> Response:
    context = _base(access, "steering") | {"problems": problems}
    return render(request, "actuals_refused.html", context, status_code=422)
