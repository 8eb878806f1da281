"""The charging page (``/cases/{id}/verrekening``): products with cost price and tariff, each
participant's bill for a year with its settlement and the effect of ±10% volume, the
reconciliation of invoices and settlement with the share's costs and the quality check; and the
entry and exit page (``/cases/{id}/toe-en-uittreding``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from samenrekenen.io.charging import BASIS_LABELS, QUALITY_LABELS, TARIFF_LABELS

from ..auth import Ctx, PageCase
from ..charging import (
    charging_document,
    charging_scenarios,
    dfa_document,
    membership_document,
    visible_charging,
)
from ..render import render
from .overview import Amounts

router = APIRouter(include_in_schema=False)


def _bill_rows(data: dict[str, Any], names: dict[str, str], t: int) -> list[dict[str, Any]]:
    rows = []
    for bill in data["participants"]:
        detail = "invoices_eur" in bill
        rows.append(
            {
                "id": bill["id"],
                "name": names.get(bill["id"], bill["id"]),
                "detail": detail,
                "invoices": [s[t] for s in bill["invoices_eur"].values()] if detail else [],
                "keyed": sum(s[t] or 0.0 for s in bill["keyed_eur"].values()) if detail else None,
                "streams": [bill["streams_eur"][s][t] for s in data["streams"]] if detail else [],
                "settlement": bill["settlement_eur"][t],
                "total": bill["total_eur"][t],
                "difference_charging": bill["charging_difference_eur"][t] if detail else None,
                "engine": bill["engine_charge_eur"][t],
                "difference": bill["difference_eur"][t] if detail else None,
                "plus": bill["volume_effect_eur"]["plus_10_pct"][t] if detail else None,
                "minus": bill["volume_effect_eur"]["minus_10_pct"][t] if detail else None,
            }
        )
    return rows


@router.get("/cases/{case_id}/verrekening", response_class=HTMLResponse)
def charging_page(
    request: Request, access: PageCase, ctx: Ctx, scenario: str = "", jaar: int = 0
) -> Response:
    """The charging of a scenario in one year (default: the last year of the horizon)."""
    case = ctx.case_of(access.row)
    scenario_ids = charging_scenarios(ctx, access.row)
    chosen = scenario or (scenario_ids[0] if scenario_ids else "")
    context: dict[str, Any] = {
        "access": access,
        "tab": "charging",
        "money": Amounts(False),
        "page_path": f"/cases/{access.row.id}/verrekening",
        "scenarios": [s for s in case.scenarios if s.id in scenario_ids],
        "chosen": chosen,
        "design": case.charging_design,
        "tariff_labels": TARIFF_LABELS,
        "quality_labels": QUALITY_LABELS,
    }
    if chosen:
        data = visible_charging(access, charging_document(ctx, access.row, chosen))
        year = jaar if jaar in data["years"] else data["years"][-1]
        t = data["years"].index(year)
        names = {p.id: p.name for p in case.participants}
        context |= {"data": data, "year": year, "t": t, "rows": _bill_rows(data, names, t)}
    return render(request, "charging.html", context)


@router.get("/cases/{case_id}/toe-en-uittreding", response_class=HTMLResponse)
def membership_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    scenario: str = "",
    deelnemer: str = "",
    jaar: int = 0,
) -> Response:
    """A member joins or leaves a scenario from a year: the effect on every member."""
    case = ctx.case_of(access.row)
    scenarios = [s for s in case.scenarios if not s.is_baseline]
    chosen = scenario or (scenarios[0].id if scenarios else "")
    names = {p.id: p.name for p in case.participants}
    context: dict[str, Any] = {
        "access": access,
        "tab": "membership",
        "money": Amounts(False),
        "page_path": f"/cases/{access.row.id}/toe-en-uittreding",
        "scenarios": scenarios,
        "chosen": chosen,
        "participants": case.participants,
        "years": case.cooperation.years,
        "participant": deelnemer,
        "year": jaar,
        "names": names,
    }
    if chosen and deelnemer and jaar:
        context["data"] = membership_document(ctx, access.row, chosen, deelnemer, jaar)
    return render(request, "membership.html", context)


@router.get("/cases/{case_id}/verrekening/dfa", response_class=HTMLResponse)
def dfa_page(
    request: Request, access: PageCase, ctx: Ctx, deelnemer: str, jaar: int, scenario: str = ""
) -> Response:
    """The yearly financial-arrangements file of one member (printable); a *deelnemer* sees
    only its own."""
    if not access.sees_detail(deelnemer):
        raise HTTPException(404, "Deze deelnemer heeft geen DFA dat u mag zien.")
    scenario_ids = charging_scenarios(ctx, access.row)
    chosen = scenario or (scenario_ids[0] if scenario_ids else "")
    data = dfa_document(ctx, access.row, chosen, deelnemer, jaar)
    names = {p.id: p.name for p in ctx.case_of(access.row).participants}
    context = {
        "access": access,
        "tab": "charging",
        "money": Amounts(False),
        "data": data,
        "name": names.get(deelnemer, deelnemer),
        "basis_labels": BASIS_LABELS,
    }
    return render(request, "dfa.html", context)
