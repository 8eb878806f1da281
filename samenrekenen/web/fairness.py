"""Fairness analyses and the coalition explorer as background jobs, for pages and the API.

An analysis evaluates up to 2¹⁵ coalitions through the engine, so it always runs in the worker;
the answer of a revision with the same inputs is reused, so a page that reloads itself while a
job runs queues nothing new. Every member of a case may read the answers: they hold each
participant's totals only, which every member may see (issue 3: names and totals are needed
for fairness).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException

from samenrekenen.fairness.analysis import analyse_fairness
from samenrekenen.fairness.coalitions import EXACT_LIMIT, case_game, explore
from samenrekenen.io.fairness import exploration_to_dict, fairness_to_dict
from samenrekenen.model import Case
from samenrekenen.store.tables import Job

from .context import AppContext

FAIRNESS = "fairness"
"""Kind of the job that analyses the fairness of a scenario's cost split."""

COALITIONS = "coalitions"
"""Kind of the job that evaluates every coalition of a set of candidates."""

TOP_COALITIONS = 200
"""Coalitions kept in an explorer's answer (the best by NPV)."""


def fairness_params(case: Case, scenario_id: str) -> dict[str, Any]:
    """The inputs of a fairness job (404 for a scenario that does not exist or is the
    baseline scenario)."""
    require_cooperation_scenario(case, scenario_id)
    return {"scenario": scenario_id}


def coalition_params(case: Case, scenario_id: str, candidates: list[str] | None) -> dict[str, Any]:
    """The inputs of an explorer job: the scenario and the candidates in case order (422 for
    an unknown participant, fewer than two or more than the exact limit)."""
    require_cooperation_scenario(case, scenario_id)
    ids = [p.id for p in case.participants]
    if candidates is None:
        chosen = case.scenario(scenario_id).members or ids
    else:
        unknown = [c for c in candidates if c not in ids]
        if unknown:
            raise HTTPException(422, f"De deelnemer '{unknown[0]}' bestaat niet in deze case.")
        chosen = candidates
    ordered = [p for p in ids if p in set(chosen)]
    if not 2 <= len(ordered) <= EXACT_LIMIT:
        raise HTTPException(
            422, f"Kies 2 tot {EXACT_LIMIT} kandidaten; nu zijn het er {len(ordered)}."
        )
    return {"scenario": scenario_id, "candidates": ordered}


def require_cooperation_scenario(case: Case, scenario_id: str) -> None:
    """Refuse (404) a scenario that does not exist or is the baseline scenario."""
    if all(s.id != scenario_id for s in case.scenarios) or (case.scenario(scenario_id).is_baseline):
        raise HTTPException(
            404, f"Het samenwerkingsscenario '{scenario_id}' bestaat niet in deze case."
        )


Progress = Callable[[float, str], None]


def case_at_revision(ctx: AppContext, job: Job) -> Case | None:
    """The case at the revision a job was queued for; None once it has a newer revision."""
    row = ctx.cases.get(job.case_id)
    if row.revision != job.revision:
        return None
    return ctx.case_of(row)


def _counter(progress: Progress) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress(done / max(total, 1), f"{done} van {total} coalities doorgerekend")

    return report


def run_fairness(ctx: AppContext, job: Job, progress: Progress) -> dict[str, Any]:
    """Job handler: the fairness analysis of ``params.scenario``."""
    case = case_at_revision(ctx, job)
    if case is None:
        return {"superseded": True}
    params = job.params or {}
    game = case_game(case, params["scenario"])
    return fairness_to_dict(analyse_fairness(game, _counter(progress)))


def run_coalitions(ctx: AppContext, job: Job, progress: Progress) -> dict[str, Any]:
    """Job handler: every coalition of ``params.candidates`` in ``params.scenario``."""
    case = case_at_revision(ctx, job)
    if case is None:
        return {"superseded": True}
    params = job.params or {}
    game = case_game(case, params["scenario"], params["candidates"])
    return exploration_to_dict(explore(game, progress=_counter(progress)), TOP_COALITIONS)
