"""Result pages of a case: the overview, the results per scenario and the charts.

The overview (``/cases/{id}``) is the first result screen: per scenario the consolidated result
against the baseline scenario with its metrics, every participant's own total with a warning
where it is worse off than alone, and the preconditions a scenario breaches. Its results sit in
a region that reloads itself (``/overzicht/resultaten``) when the page fires ``case-changed``,
and that polls while a background job is still calculating a large case.

Every page starts from the results JSON document of the revision (``results_document``) passed
through ``visible_results``, so a *deelnemer* without the right to see others gets their names
and totals only. Charts are drawn from the same document and cached per app by (case id,
revision, scenario, kind); they use only consolidated series and participants' totals, which
every reader of a case may see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samenrekenen.cache import RevisionCache
from samenrekenen.format import (
    format_eur,
    format_pct,
    format_year_or_none,
    format_years,
    unit_label,
)
from samenrekenen.labels import PRECONDITION_LABELS
from samenrekenen.model import Case
from samenrekenen.report.charts import CHART_KINDS, ChartData, chart_data, render_svg
from samenrekenen.report.charts import participant_verdict as verdict_of

from ..access import CaseAccess
from ..auth import Ctx, PageCase
from ..context import AppContext
from ..render import render
from ..service import Pending, results_document, visible_results

router = APIRouter(include_in_schema=False)

THOUSANDS_PARAM = "k"
"""Value of the query parameter ``eenheid`` that shows amounts × € 1.000."""


VERDICT_LABELS = {
    "worse": "slechter af dan alleen",
    "better": "beter af",
    "equal": "gelijk",
    "none": "geen lid van dit scenario",
}
"""A participant's verdict over the horizon, in Dutch."""

_CHART_CACHE = "overview.charts"


# --- view models ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    """How amounts are shown: whole euros or thousands of euros (``eenheid=k``)."""

    thousands: bool

    @property
    def unit(self) -> str:
        """The unit label: ``€`` or ``× € 1.000``."""
        return unit_label(self.thousands)

    @property
    def query(self) -> str:
        """The query string that keeps this choice in links (empty for euros)."""
        return f"?eenheid={THOUSANDS_PARAM}" if self.thousands else ""

    def __call__(self, value: float | None) -> str:
        """An amount in the chosen unit."""
        return format_eur(value, self.thousands)


@dataclass(frozen=True)
class ParticipantResult:
    """A participant's own result in one scenario."""

    id: str
    name: str
    total: float
    verdict: str
    break_even: str

    @property
    def worse(self) -> bool:
        """Worse off than alone over the horizon (total difference above € 0,005)."""
        return self.verdict == "worse"

    @property
    def verdict_label(self) -> str:
        """The verdict in Dutch."""
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Breach:
    """A precondition the scenario does not meet."""

    label: str
    message: str


@dataclass(frozen=True)
class ScenarioSummary:
    """What the overview shows of one scenario."""

    id: str
    name: str
    is_baseline: bool
    members: int
    total_cost: float
    total_difference: float
    metrics: dict[str, Any]
    break_even: str
    payback: str
    savings: str
    participants: list[ParticipantResult]
    breaches: list[Breach]
    checked: int

    @property
    def worse_off(self) -> list[ParticipantResult]:
        """The members that are worse off than alone."""
        return [p for p in self.participants if p.worse]

    def participant(self, participant_id: str) -> ParticipantResult | None:
        """The result of one participant (None when it has none in this scenario)."""
        return next((p for p in self.participants if p.id == participant_id), None)


@dataclass(frozen=True)
class Chart:
    """A chart for a page: its data (for the table beside it) and its SVG."""

    kind: str
    data: ChartData
    svg: Markup
    url: str


@dataclass(frozen=True)
class EntityView:
    """One entity's yearly figures on the results page (``verdict``: see VERDICT_LABELS)."""

    key: str
    name: str
    entity: dict[str, Any]
    verdict: str = ""

    @property
    def has_detail(self) -> bool:
        """Whether the per-category detail is visible to this user."""
        return "cost_by_category" in self.entity


def _amounts(eenheid: str) -> Amounts:
    return Amounts(eenheid == THOUSANDS_PARAM)


def break_even_text(metrics: Mapping[str, Any]) -> str:
    """The break-even year, ``2036 (schatting)`` when extrapolated, ``niet`` when there is none."""
    year = metrics.get("break_even_year")
    text = format_year_or_none(year)
    if year is not None and metrics.get("break_even_is_estimate"):
        text += " (schatting)"
    return text


def _payback_text(metrics: Mapping[str, Any]) -> str:
    value = metrics.get("simple_payback_years")
    return format_years(value) if value is not None else "n.v.t."


def _savings_text(metrics: Mapping[str, Any]) -> str:
    value = metrics.get("savings_pct")
    return format_pct(value) if value is not None else "n.v.t."


def irr_text(metrics: Mapping[str, Any]) -> str:
    """The internal rate of return in percent, or ``bestaat niet``."""
    value = metrics.get("irr")
    return format_pct(value * 100) if value is not None else "bestaat niet"


def npv_label(results: Mapping[str, Any]) -> str:
    """The NPV's name with its discount rate (or ``niet verdisconteerd``)."""
    rate = float(results.get("discount_rate") or 0.0)
    note = f"disconteringsvoet {format_pct(rate * 100, 2)}" if rate > 0 else "niet verdisconteerd"
    return f"Netto contante waarde ({note})"


def _total(series: list[float | None] | None) -> float:
    return sum(float(v or 0.0) for v in series or [])


def _names(case: Case) -> dict[str, str]:
    return {p.id: p.name for p in case.participants}


def _participant_results(
    results: Mapping[str, Any], scenario: Mapping[str, Any], names: Mapping[str, str]
) -> list[ParticipantResult]:
    entities = scenario.get("entities", {})
    found = []
    for key in results["participants"]:
        entity = entities.get(key)
        if entity is None:
            continue
        found.append(
            ParticipantResult(
                id=key,
                name=names.get(key, key),
                total=_total(entity.get("difference")),
                verdict=verdict_of(scenario, key),
                break_even=break_even_text(entity.get("metrics", {})),
            )
        )
    return found


def summarise(
    results: Mapping[str, Any], scenario: Mapping[str, Any], names: Mapping[str, str]
) -> ScenarioSummary:
    """The overview of one scenario of a results document."""
    consolidated = scenario["consolidated"]
    metrics = consolidated.get("metrics", {})
    checks = scenario.get("preconditions", [])
    breaches = [
        Breach(PRECONDITION_LABELS.get(c["precondition"], c["precondition"]), c["message"])
        for c in checks
        if not c.get("ok", True)
    ]
    return ScenarioSummary(
        id=scenario["id"],
        name=scenario.get("name") or scenario["id"],
        is_baseline=bool(scenario.get("is_baseline")),
        members=len(scenario.get("members", [])),
        total_cost=_total(consolidated.get("cost")),
        total_difference=_total(consolidated.get("difference")),
        metrics=metrics,
        break_even=break_even_text(metrics),
        payback=_payback_text(metrics),
        savings=_savings_text(metrics),
        participants=_participant_results(results, scenario, names),
        breaches=breaches,
        checked=len(checks),
    )


def baseline_first(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The scenarios of a results document with the baseline scenario first."""
    scenarios: list[dict[str, Any]] = results["scenarios"]
    return sorted(scenarios, key=lambda s: not s.get("is_baseline"))


# --- shared helpers -------------------------------------------------------------------------


def _visible(ctx: AppContext, access: CaseAccess) -> dict[str, Any] | Pending:
    document = results_document(ctx, access.row)
    if isinstance(document, Pending):
        return document
    return visible_results(access, document)


def _pending_context(pending: Pending) -> dict[str, Any]:
    return {
        "pending": pending,
        "percent": max(0, min(100, round(pending.progress * 100))),
    }


def _scenario_or_404(case: Case, scenario_id: str) -> None:
    if all(s.id != scenario_id for s in case.scenarios):
        raise HTTPException(404, f"Het scenario '{scenario_id}' bestaat niet in deze case.")


def _scenario_of(results: Mapping[str, Any], scenario_id: str) -> dict[str, Any]:
    for scenario in results["scenarios"]:
        if scenario["id"] == scenario_id:
            found: dict[str, Any] = scenario
            return found
    raise HTTPException(404, f"Het scenario '{scenario_id}' heeft geen resultaten.")


_ChartCache = RevisionCache[tuple[int, int, str, str], tuple[ChartData, str]]


def _chart_cache(ctx: AppContext) -> _ChartCache:
    cache: _ChartCache = ctx.extras.setdefault(_CHART_CACHE, RevisionCache(256))
    return cache


def _chart(
    ctx: AppContext,
    access: CaseAccess,
    results: Mapping[str, Any],
    scenario_id: str,
    kind: str,
) -> tuple[ChartData, str]:
    names = _names(ctx.case_of(access.row))

    def make() -> tuple[ChartData, str]:
        data = chart_data(results, scenario_id, kind, names)
        return data, render_svg(data)

    key = (access.row.id, access.row.revision, scenario_id, kind)
    return _chart_cache(ctx).get_or_make(key, make)


def _case_summary(case: Case) -> dict[str, Any]:
    cooperation = case.cooperation
    return {
        "name": cooperation.name,
        "first_year": cooperation.first_year,
        "last_year": cooperation.first_year + cooperation.horizon_years - 1,
        "horizon": cooperation.horizon_years,
        "participants": len(case.participants),
        "scenarios": len(case.scenarios),
        "question": cooperation.decision_question,
        "version_label": case.version_label,
    }


# --- the overview ---------------------------------------------------------------------------


def _overview_results_context(
    ctx: AppContext, access: CaseAccess, amounts: Amounts
) -> dict[str, Any]:
    case = ctx.case_of(access.row)
    context: dict[str, Any] = {
        "access": access,
        "money": amounts,
        "amounts": amounts,
        "fragment_url": f"/cases/{access.row.id}/overzicht/resultaten{amounts.query}",
    }
    results = _visible(ctx, access)
    if isinstance(results, Pending):
        return context | _pending_context(results)
    names = _names(case)
    summaries = [summarise(results, s, names) for s in baseline_first(results)]
    others = [s for s in summaries if not s.is_baseline]
    context |= {
        "pending": None,
        "results": results,
        "summaries": summaries,
        "others": others,
        "participants": [(p, names.get(p, p)) for p in results["participants"]],
        "npv_label": npv_label(results),
        "first_year": results["years"][0] if results["years"] else None,
        "last_year": results["years"][-1] if results["years"] else None,
    }
    return context


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def overview(request: Request, access: PageCase, ctx: Ctx, eenheid: str = "") -> Response:
    """The case overview: the case in short and the results of every scenario."""
    amounts = _amounts(eenheid)
    context = _overview_results_context(ctx, access, amounts)
    context |= {
        "tab": "overview",
        "summary": _case_summary(ctx.case_of(access.row)),
        "page_path": f"/cases/{access.row.id}",
    }
    return render(request, "overview.html", context)


@router.get("/cases/{case_id}/overzicht/resultaten", response_class=HTMLResponse)
def overview_results(request: Request, access: PageCase, ctx: Ctx, eenheid: str = "") -> Response:
    """The results region of the overview (reloaded after an edit and while calculating)."""
    context = _overview_results_context(ctx, access, _amounts(eenheid))
    return render(request, "partials/overview_results.html", context)


# --- results per scenario -------------------------------------------------------------------


@router.get("/cases/{case_id}/resultaten", response_class=HTMLResponse)
def results_list(request: Request, access: PageCase, ctx: Ctx, eenheid: str = "") -> Response:
    """The scenarios, each with its headline result and a link to its full results."""
    amounts = _amounts(eenheid)
    case = ctx.case_of(access.row)
    context: dict[str, Any] = {
        "access": access,
        "tab": "results",
        "money": amounts,
        "amounts": amounts,
        "scenarios": case.scenarios,
        "summaries": {},
        "page_path": f"/cases/{access.row.id}/resultaten",
        "pending": None,
    }
    results = _visible(ctx, access)
    if isinstance(results, Pending):
        context |= _pending_context(results)
    else:
        names = _names(case)
        context["summaries"] = {s["id"]: summarise(results, s, names) for s in results["scenarios"]}
    return render(request, "results_list.html", context)


def _entity_views(
    results: Mapping[str, Any], scenario: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[list[EntityView], list[str]]:
    """The members' views in case order, and the names of the participants that are no
    member of the scenario."""
    entities = scenario.get("entities", {})
    members = scenario.get("members", [])
    views = [
        EntityView(key, names.get(key, key), entities[key], verdict_of(scenario, key))
        for key in results["participants"]
        if key in entities and key in members
    ]
    outside = [names.get(key, key) for key in results["participants"] if key not in members]
    return views, outside


def _category_rows(
    entity: Mapping[str, Any], categories: Mapping[str, str]
) -> list[tuple[str, list[float | None]]]:
    by_category: Mapping[str, list[float | None]] = entity.get("cost_by_category") or {}
    return [(categories.get(key, key), list(values)) for key, values in by_category.items()]


@router.get("/cases/{case_id}/resultaten/{scenario_id}", response_class=HTMLResponse)
def scenario_results(
    request: Request, scenario_id: str, access: PageCase, ctx: Ctx, eenheid: str = ""
) -> Response:
    """All results of one scenario: metrics, yearly tables, the share and six charts."""
    amounts = _amounts(eenheid)
    case = ctx.case_of(access.row)
    _scenario_or_404(case, scenario_id)
    context: dict[str, Any] = {
        "access": access,
        "tab": "results",
        "money": amounts,
        "amounts": amounts,
        "scenarios": case.scenarios,
        "scenario_id": scenario_id,
        "scenario_name": case.scenario(scenario_id).name,
        "page_path": f"/cases/{access.row.id}/resultaten/{scenario_id}",
        "pending": None,
    }
    results = _visible(ctx, access)
    if isinstance(results, Pending):
        return render(request, "results.html", context | _pending_context(results))
    scenario = _scenario_of(results, scenario_id)
    names = _names(case)
    categories = {c.id: c.name for c in case.categories}
    members, outside = _entity_views(results, scenario, names)
    consolidated = EntityView("consolidated", "Geconsolideerd", scenario["consolidated"])
    share_entity = scenario.get("entities", {}).get("share")
    share = EntityView("share", case.shared_service.name, share_entity) if share_entity else None
    charts = []
    for kind in CHART_KINDS:
        data, svg = _chart(ctx, access, results, scenario_id, kind)
        url = f"/cases/{access.row.id}/grafiek/{scenario_id}/{kind}.svg"
        charts.append(Chart(kind, data, Markup(svg), url))
    context |= {
        "results": results,
        "scenario": scenario,
        "summary": summarise(results, scenario, names),
        "consolidated": consolidated,
        "members": members,
        "outside": outside,
        "share": share,
        "years": results["years"],
        "category_rows": lambda view: _category_rows(view.entity, categories),
        "npv_label": npv_label(results),
        "break_even_text": break_even_text,
        "payback_text": _payback_text,
        "savings_text": _savings_text,
        "irr_text": irr_text,
        "total": _total,
        "verdicts": VERDICT_LABELS,
        "charts": charts,
    }
    return render(request, "results.html", context)


@router.get("/cases/{case_id}/grafiek/{scenario_id}/{kind}.svg")
def chart_image(
    request: Request, scenario_id: str, kind: str, access: PageCase, ctx: Ctx
) -> Response:
    """One chart of a scenario as an SVG image (revalidated by an ETag of the revision)."""
    if kind not in CHART_KINDS:
        raise HTTPException(404, f"Er is geen grafiek '{kind}'.")
    _scenario_or_404(ctx.case_of(access.row), scenario_id)
    results = _visible(ctx, access)
    if isinstance(results, Pending):
        raise HTTPException(
            503,
            "De resultaten worden nog berekend; probeer het over enkele seconden opnieuw.",
            headers={"Retry-After": "2"},
        )
    _scenario_of(results, scenario_id)
    tag = f'"{access.row.id}-{access.row.revision}-{scenario_id}-{kind}"'
    headers = {"Cache-Control": "private, no-cache", "ETag": tag}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    _data, svg = _chart(ctx, access, results, scenario_id, kind)
    return Response(svg, media_type="image/svg+xml", headers=headers)
