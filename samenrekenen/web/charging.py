"""The charging (verrekening) of a case revision for pages and the API: computed from the
revision's calculated result, cached per (case, revision, scenario), and trimmed for a
*deelnemer* who may not see other participants' detail (it keeps their totals)."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import HTTPException

from samenrekenen.cache import RevisionCache
from samenrekenen.charging import ChargingError, applies_to, charge
from samenrekenen.charging.bills import member_bills
from samenrekenen.charging.dfa import financial_arrangements
from samenrekenen.charging.membership import change_membership
from samenrekenen.charging.quality import quality_checks
from samenrekenen.charging.vat import vat_effect
from samenrekenen.io.charging import charging_to_dict, dfa_to_dict, membership_to_dict
from samenrekenen.store.tables import CaseRow

from .access import CaseAccess
from .context import AppContext
from .service import result_of

_CACHE = "charging.documents"
_MEMBERSHIP_CACHE = "charging.membership"
_DETAIL = (
    "invoices_eur",
    "keyed_eur",
    "streams_eur",
    "transferred_eur",
    "charging_difference_eur",
    "volume_effect_eur",
    "cost_eur",
    "difference_eur",
)


def charging_scenarios(ctx: AppContext, row: CaseRow) -> list[str]:
    """The scenarios the case's charging design applies to (none without a design)."""
    case = ctx.case_of(row)
    return [] if case.charging_design is None else applies_to(case.charging_design, case)


def charging_document(ctx: AppContext, row: CaseRow, scenario_id: str) -> dict[str, Any]:
    """The charging document of a scenario (404 when the design does not apply to it, 422
    when the design cannot be applied)."""
    if scenario_id not in charging_scenarios(ctx, row):
        raise HTTPException(
            404, f"Voor het scenario '{scenario_id}' is geen verrekening ingericht."
        )
    cache: RevisionCache[tuple[int, int, str], dict[str, Any]] = ctx.extras.setdefault(
        _CACHE, RevisionCache(64)
    )

    def make() -> dict[str, Any]:
        case, result = ctx.case_of(row), result_of(ctx, row)
        try:
            charging = charge(case, result, scenario_id)
        except ChargingError as error:
            raise HTTPException(422, f"De verrekening kan niet worden berekend: {error}.") from None
        bills = member_bills(case, result, charging)
        quality = quality_checks(case, result, charging)
        return charging_to_dict(charging, bills, quality, vat_effect(case, result, charging))

    return cache.get_or_make((row.id, row.revision, scenario_id), make)


def visible_charging(access: CaseAccess, document: dict[str, Any]) -> dict[str, Any]:
    """The document a user may see: other participants' detail is removed for a *deelnemer*
    without the right to see it; their totals stay."""
    hidden = {p["id"] for p in document["participants"] if not access.sees_detail(p["id"])}
    if not hidden:
        return document
    shown = copy.copy(document)
    vat = document["vat"]
    shown["vat"] = {
        **vat,
        "participants": {k: v for k, v in vat["participants"].items() if k not in hidden},
    }
    shown["participants"] = [
        {k: v for k, v in p.items() if k not in _DETAIL} if p["id"] in hidden else p
        for p in document["participants"]
    ]
    return shown


def membership_document(
    ctx: AppContext, row: CaseRow, scenario_id: str, participant: str, year: int
) -> dict[str, Any]:
    """The effect of ``participant`` joining or leaving the scenario from ``year`` (404 for a
    scenario that is not a cooperation scenario, 422 for a change that cannot be made)."""
    case = ctx.case_of(row)
    if scenario_id not in [s.id for s in case.scenarios if not s.is_baseline]:
        raise HTTPException(
            404, f"Het samenwerkingsscenario '{scenario_id}' bestaat niet in deze case."
        )
    cache: RevisionCache[tuple[int, int, str, str, int], dict[str, Any]] = ctx.extras.setdefault(
        _MEMBERSHIP_CACHE, RevisionCache(64)
    )

    def make() -> dict[str, Any]:
        try:
            change = change_membership(case, scenario_id, participant, year)
        except ChargingError as error:
            raise HTTPException(422, f"Toe- of uittreding kan niet: {error}.") from None
        return membership_to_dict(change)

    return cache.get_or_make((row.id, row.revision, scenario_id, participant, year), make)


def dfa_document(
    ctx: AppContext, row: CaseRow, scenario_id: str, participant: str, year: int
) -> dict[str, Any]:
    """The DFA of a member for a year (404 when it is not a member or the year is outside)."""
    case, result = ctx.case_of(row), result_of(ctx, row)
    if scenario_id not in charging_scenarios(ctx, row):
        raise HTTPException(
            404, f"Voor het scenario '{scenario_id}' is geen verrekening ingericht."
        )
    try:
        charging = charge(case, result, scenario_id)
    except ChargingError as error:
        raise HTTPException(422, f"De verrekening kan niet worden berekend: {error}.") from None
    bills = {b.id: b for b in member_bills(case, result, charging)}
    if participant not in bills or year not in charging.years:
        raise HTTPException(404, "Deze deelnemer of dit jaar heeft geen DFA in dit scenario.")
    return dfa_to_dict(financial_arrangements(case, result, charging, bills[participant], year))
