"""Benefits and steering after the decision, for the pages and the API: the benefits network,
plan versus actual with the settlement on actuals and the evaluation, and the import of actuals.

Plan versus actual is computed inside the request from the cached result of the revision (it
compares tables; no extra calculation). A *deelnemer* who may not see the other participants'
detail gets their totals but not their rows per category (issue 3).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from samenrekenen.benefits import case_network, network_svg
from samenrekenen.benefits.charts import benefit_chart_svg, cost_chart_svg
from samenrekenen.benefits.plan_actual import TOTAL, plan_actual
from samenrekenen.io.actuals import import_actuals
from samenrekenen.io.benefits import steering_to_dict
from samenrekenen.model import Case
from samenrekenen.model.benefits import default_network
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store import Saved

from .access import CaseAccess
from .auth import permit
from .context import AppContext
from .service import result_of, save_edit

ACTUALS_NOTATIONS = ("nl", "en")
"""How numbers written as text in an actuals file are read."""


def chosen_scenario(case: Case, scenario_id: str | None) -> str | None:
    """The scenario asked for (404 when it does not exist), or None for the decided one."""
    if scenario_id and all(s.id != scenario_id for s in case.scenarios):
        raise HTTPException(404, f"Het scenario '{scenario_id}' bestaat niet in deze case.")
    return scenario_id or None


def steering_document(
    ctx: AppContext, access: CaseAccess, scenario_id: str | None = None
) -> dict[str, Any]:
    """Plan versus actual, settlement on actuals and evaluation as the user may see them."""
    case = ctx.case_of(access.row)
    made = steering_to_dict(case, result_of(ctx, access.row), chosen_scenario(case, scenario_id))
    return _visible(access, made)


def _visible(access: CaseAccess, made: dict[str, Any]) -> dict[str, Any]:
    def shown(row: dict[str, Any]) -> bool:
        entity = row["entity"]
        return entity == "share" or row["category"] == TOTAL or access.sees_detail(entity)

    evaluation = made["evaluation"]
    return {
        **made,
        "costs": [row for row in made["costs"] if shown(row)],
        "evaluation": {**evaluation, "costs": [r for r in evaluation["costs"] if shown(r)]},
    }


def steering_charts(ctx: AppContext, access: CaseAccess, scenario_id: str | None) -> list[str]:
    """The plan-versus-actual charts (SVG) of costs per entity and of benefits."""
    case = ctx.case_of(access.row)
    comparison = plan_actual(case, result_of(ctx, access.row), chosen_scenario(case, scenario_id))
    names = {p.id: p.name for p in case.participants} | {"share": "Share"}
    return [cost_chart_svg(comparison, names), benefit_chart_svg(comparison)]


def network_document(case: Case) -> dict[str, Any]:
    """The case's benefits network (the default when it has none) with its diagram."""
    network = case_network(case)
    return {
        "is_default": case.benefits_network is None,
        **network.model_dump(mode="json"),
        "svg": network_svg(network),
    }


def adopt_default_network(ctx: AppContext, access: CaseAccess, base_revision: int) -> Saved:
    """Copy the default network into the case so that it can be edited (EditConflict,
    InvalidEdit)."""
    network = default_network().model_dump(mode="json", exclude_none=True)
    return save_edit(ctx, access, Edit(EditKind.SET, "benefits_network", network), base_revision)


def store_actuals(
    ctx: AppContext,
    access: CaseAccess,
    content: bytes,
    filename: str,
    base_revision: int,
    notation: str = "nl",
) -> Saved | None:
    """Take over the actuals of a CSV or Excel file as one revision; None when nothing changed
    (ActualsError with every problem, EditConflict, InvalidEdit: nothing is stored then)."""
    permit(access.can_edit_all)
    case = ctx.case_of(access.row)
    imported = import_actuals(case, content, file=filename, notation=notation)
    new = imported.actuals.model_dump(mode="json", exclude_none=True) if imported.actuals else None
    old = access.row.document.get("actuals")
    if new == old:
        return None
    return save_edit(ctx, access, Edit(EditKind.SET, "actuals", new), base_revision)
