"""Fairness pages: is a scenario's cost split fair (``/cases/{id}/eerlijkheid``) and which group
of members pays off best (``/cases/{id}/coalities``).

Both answers come from background jobs (``web/fairness.py``); while one runs the page shows its
progress and reloads its result region until the answer is there.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from samenrekenen.io.fairness import (
    CHECK_HEADINGS,
    better_off_text,
    check_rows,
    compensation_lines,
    summary_lines,
)
from samenrekenen.model import Case

from ..access import CaseAccess
from ..auth import Ctx, PageCase
from ..fairness import COALITIONS, FAIRNESS, coalition_params, fairness_params
from ..render import render
from ..service import Failed, Pending, job_answer
from .overview import Amounts

router = APIRouter(include_in_schema=False)

SHOWN_COALITIONS = 25


def _scenario_choice(case: Case, scenario: str) -> tuple[list[Any], str]:
    """The cooperation scenarios and the chosen one (default: the first)."""
    others = [s for s in case.scenarios if not s.is_baseline]
    return others, scenario or (others[0].id if others else "")


def _state(answer: dict[str, Any] | Pending | Failed) -> dict[str, Any]:
    if isinstance(answer, Pending):
        percent = max(0, min(100, round(answer.progress * 100)))
        return {"pending": answer, "percent": percent, "failed": None, "data": None}
    if isinstance(answer, Failed):
        return {"pending": None, "failed": answer.message, "data": None}
    return {"pending": None, "failed": None, "data": answer}


def _base(access: CaseAccess, tab: str, path: str) -> dict[str, Any]:
    return {"access": access, "tab": tab, "money": Amounts(False), "page_path": path}


@router.get("/cases/{case_id}/eerlijkheid", response_class=HTMLResponse)
def fairness_page(request: Request, access: PageCase, ctx: Ctx, scenario: str = "") -> Response:
    """The fairness of a scenario's cost split: allocations side by side with their checks."""
    case = ctx.case_of(access.row)
    scenarios, chosen = _scenario_choice(case, scenario)
    path = f"/cases/{access.row.id}/eerlijkheid"
    context = _base(access, "fairness", path) | {"scenarios": scenarios, "chosen": chosen}
    if chosen:
        params = fairness_params(case, chosen)
        answer = job_answer(ctx, access.row, FAIRNESS, params, access.user.email)
        context |= _state(answer) | {"poll_url": f"{path}?{urlencode({'scenario': chosen})}"}
        data = context["data"]
        if data is not None:
            context |= {
                "check_headings": CHECK_HEADINGS,
                "check_rows": check_rows(data),
                "summary": summary_lines(data),
                "compensation": compensation_lines(data)[1:],
                "compensation_intro": (compensation_lines(data) or [""])[0],
            }
    return render(request, "fairness.html", context)


@router.get("/cases/{case_id}/coalities", response_class=HTMLResponse)
def coalitions_page(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    scenario: str = "",
    kandidaat: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The coalition explorer: every group of the chosen candidates, ranked by NPV."""
    case = ctx.case_of(access.row)
    scenarios, chosen = _scenario_choice(case, scenario)
    path = f"/cases/{access.row.id}/coalities"
    names = {p.id: p.name for p in case.participants}
    context = _base(access, "coalitions", path) | {
        "scenarios": scenarios,
        "chosen": chosen,
        "participants": case.participants,
        "shown": SHOWN_COALITIONS,
    }
    if chosen:
        try:
            params = coalition_params(case, chosen, kandidaat or None)
        except HTTPException as error:
            if error.status_code != 422:
                raise
            return render(request, "coalitions.html", context | {"choice_error": error.detail})
        query = urlencode([("scenario", chosen), *(("kandidaat", c) for c in params["candidates"])])
        answer = job_answer(ctx, access.row, COALITIONS, params, access.user.email)
        context |= _state(answer) | {
            "candidates": params["candidates"],
            "poll_url": f"{path}?{query}",
        }
        data = context["data"]
        if data is not None:
            context["rows"] = [
                {
                    "members": ", ".join(names.get(p, p) for p in row["members"]),
                    "row": row,
                    "verdict": better_off_text(row, names),
                }
                for row in data["coalitions"][:SHOWN_COALITIONS]
            ]
            context["marginal"] = [
                (names.get(p, p), value) for p, value in data["marginal_npv_eur"].items()
            ]
    return render(request, "coalitions.html", context)
