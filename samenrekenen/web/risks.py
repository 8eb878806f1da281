"""Monte Carlo and sensitivity analyses as background jobs, for the pages and the API.

Ten thousand draws of a large case take seconds, so both always run in the worker; the answer
of a revision with the same inputs is reused. Every member of a case may read them: they hold
each participant's totals and percentiles only, which every member may see (issue 3).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from samenrekenen.io.risk import montecarlo_to_dict, sensitivity_to_dict
from samenrekenen.model import Case
from samenrekenen.risk import run_monte_carlo, run_sensitivity
from samenrekenen.store.tables import Job

from .context import AppContext
from .fairness import Progress, case_at_revision, require_cooperation_scenario

MONTECARLO = "montecarlo"
"""Kind of the job that draws the uncertain inputs of a scenario."""

SENSITIVITY = "sensitivity"
"""Kind of the job that computes the tornado and the break-even thresholds of a scenario."""

MAX_DRAWS = 100_000
"""Most draws one analysis may ask for (the worker stays available for others)."""


def montecarlo_params(
    case: Case, scenario_id: str, draws: int | None, seed: int | None
) -> dict[str, Any]:
    """The inputs of a Monte Carlo job: scenario, draws and seed; the case's defaults where
    none are given, and a fixed seed so that a page that reloads asks for the same job
    (404 unknown scenario, 422 draws out of range)."""
    require_cooperation_scenario(case, scenario_id)
    uncertainty = case.uncertainty
    chosen = draws or (uncertainty.draws if uncertainty else 10_000)
    if not 1 <= chosen <= MAX_DRAWS:
        raise HTTPException(
            422, f"Kies 1 tot {MAX_DRAWS:_} trekkingen; nu {chosen:_}.".replace("_", ".")
        )
    fixed = seed if seed is not None else (uncertainty.seed if uncertainty else None)
    return {"scenario": scenario_id, "draws": chosen, "seed": fixed if fixed is not None else 1}


def sensitivity_params(case: Case, scenario_id: str) -> dict[str, Any]:
    """The inputs of a sensitivity job (404 for an unknown or the baseline scenario)."""
    require_cooperation_scenario(case, scenario_id)
    return {"scenario": scenario_id}


def run_montecarlo_job(ctx: AppContext, job: Job, progress: Progress) -> dict[str, Any]:
    """Job handler: the Monte Carlo analysis of ``params.scenario``."""
    case = case_at_revision(ctx, job)
    if case is None:
        return {"superseded": True}
    params = job.params or {}

    def report(done: int, total: int) -> None:
        progress(done / max(total, 1), f"{done} van {total} trekkingen doorgerekend")

    result = run_monte_carlo(
        case, params["scenario"], draws=params["draws"], seed=params["seed"], progress=report
    )
    return montecarlo_to_dict(result, case)


def run_sensitivity_job(ctx: AppContext, job: Job, progress: Progress) -> dict[str, Any]:
    """Job handler: the tornado and the break-even thresholds of ``params.scenario``."""
    case = case_at_revision(ctx, job)
    if case is None:
        return {"superseded": True}
    progress(0.1, "Gevoeligheid wordt berekend")
    return sensitivity_to_dict(run_sensitivity(case, (job.params or {})["scenario"]), case)
