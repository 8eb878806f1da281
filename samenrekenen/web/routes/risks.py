"""Risk page (``/cases/{id}/risicos``): the risk register and the bandwidths as forms, the
Monte Carlo analysis (probability of success, percentiles, histogram and fan chart) and the
sensitivity analysis (tornado and break-even thresholds) of a cooperation scenario.

Both analyses are background jobs (``web/risks.py``); while one runs, its region shows the
progress and reloads itself until the answer is there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samenrekenen.io.risk import register_to_dict
from samenrekenen.model import Case
from samenrekenen.report.risk_charts import fan_svg, histogram_svg, tornado_svg
from samenrekenen.risk import register_summary

from ..auth import Ctx, PageCase
from ..forms import field_spec
from ..render import render
from ..risks import MONTECARLO, SENSITIVITY, montecarlo_params, sensitivity_params
from ..service import job_answer
from .editor import form_context
from .fairness import _base, _scenario_choice, _state

router = APIRouter(include_in_schema=False)

SEARCH_LABELS = {
    "delay_months": ("Vertraging", "maanden"),
    "cost_overrun_pct": ("Kostenoverschrijding", "%"),
    "benefit_shortfall_pct": ("Tekort aan baten", "%"),
}
"""The break-even searches: what is searched and its unit."""


def entity_rows(data: dict[str, Any], case: Case) -> list[dict[str, Any]]:
    """The Monte Carlo figures per entity: consolidated first, then every participant."""
    names = {p.id: p.name for p in case.participants}
    rows = [{"name": "Geconsolideerd", **data["consolidated"]}]
    rows += [{"name": names.get(k, k), **v} for k, v in data["entities"].items() if k in names]
    return rows


def montecarlo_charts(data: dict[str, Any] | None) -> list[Markup]:
    """The histogram and fan chart of the consolidated case, once computed."""
    if data is None:
        return []
    whole = data["consolidated"]
    made = [
        histogram_svg(whole, "Verdeling van de netto contante waarde (geconsolideerd)"),
        fan_svg(whole, data["years"], "Waaier van het cumulatieve verschil"),
    ]
    return [Markup(svg) for svg in made]  # built by report.risk_charts, text escaped


def tornado_chart(data: dict[str, Any] | None) -> list[Markup]:
    """The tornado of the consolidated case, once computed."""
    if data is None:
        return []
    whole = data["consolidated"]
    svg = tornado_svg(whole["tornado"], whole["center"], "Tornado (geconsolideerd)")
    return [Markup(svg)]  # built by report.risk_charts, text escaped


@router.get("/cases/{case_id}/risicos", response_class=HTMLResponse)
def risks_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    scenario: str = "",
    trekkingen: int | None = None,
    seed: int | None = None,
) -> Response:
    """Risk register, bandwidths, probability of success, tornado and thresholds."""
    case = ctx.case_of(access.row)
    document = access.row.document
    scenarios, chosen = _scenario_choice(case, scenario)
    path = f"/cases/{access.row.id}/risicos"
    fc = form_context(access, case, document, access.row.revision)
    context = _base(access, "risks", path) | {
        "edit_url": f"/cases/{access.row.id}/wijzig",
        "scenarios": scenarios,
        "chosen": chosen,
        "register": register_to_dict(register_summary(case)),
        "risks_form": field_spec(Case, "risks", "risks", document.get("risks"), fc),
        "uncertainty_form": field_spec(
            Case, "uncertainty", "uncertainty", document.get("uncertainty"), fc
        ),
        "search_labels": SEARCH_LABELS,
    }
    if chosen:
        params = montecarlo_params(case, chosen, trekkingen, seed)
        query = urlencode(
            {"scenario": chosen, "trekkingen": params["draws"], "seed": params["seed"]}
        )
        mc = _state(job_answer(ctx, access.row, MONTECARLO, params, access.user.email))
        sens = _state(
            job_answer(
                ctx, access.row, SENSITIVITY, sensitivity_params(case, chosen), access.user.email
            )
        )
        context |= {
            "params": params,
            "poll_url": f"{path}?{query}",
            "mc": mc,
            "sens": sens,
            "rows": entity_rows(mc["data"], case) if mc["data"] else [],
            "sens_rows": entity_rows(sens["data"], case) if sens["data"] else [],
            "mc_charts": montecarlo_charts(mc["data"]),
            "sens_charts": tornado_chart(sens["data"]),
        }
    return render(request, "risks.html", context)
