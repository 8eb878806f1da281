"""What pages and the API do with a case, in one place (routes stay thin).

Saving an edit, the results document of a revision (inline for ordinary cases, a background job
for large ones), and what a *deelnemer* may see of other participants.
"""

from __future__ import annotations

import copy
import logging
import threading
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, UploadFile

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.io.results import cash_flow_tables, result_to_dict
from samenrekenen.model import Case
from samenrekenen.model.edits import Edit, PathError
from samenrekenen.store import Saved
from samenrekenen.store.cases import ResultsOf
from samenrekenen.store.jobs import DONE, FAILED, QUEUED, RUNNING
from samenrekenen.store.results import Calculated
from samenrekenen.store.tables import CaseRow

from .access import CaseAccess
from .auth import permit
from .context import AppContext

RECALCULATE = "recalculate"
"""Kind of the job that calculates every scenario of a large case."""

_DETAIL_KEYS = ("cost_by_category", "abcd", "budget", "budget_difference")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    """Results that a background job is still calculating."""

    job_id: int
    progress: float
    message: str


@dataclass(frozen=True)
class Failed:
    """A job that failed at this revision; ``message`` says why (Dutch)."""

    message: str


def job_answer(
    ctx: AppContext, row: CaseRow, kind: str, params: dict[str, Any], user: str
) -> dict[str, Any] | Pending | Failed:
    """The answer of a background job of ``kind`` for this revision and inputs (a fairness
    analysis, the coalition explorer, an export); the job is queued when there is none."""
    job = ctx.jobs.latest(row.id, kind, params)
    if job is not None and job.revision == row.revision:
        if job.status == DONE and job.result is not None:
            return job.result
        if job.status in (QUEUED, RUNNING):
            return Pending(job.id, job.progress, job.message)
        if job.status == FAILED:
            return Failed(job.message)
    job = ctx.jobs.submit(row.id, kind, row.revision, user, params)
    return Pending(job.id, 0.0, "In de wachtrij")


def save_edit(ctx: AppContext, access: CaseAccess, edit: Edit, base_revision: int) -> Saved:
    """Check the user's right to make ``edit`` and store it (EditConflict, InvalidEdit).

    An ordinary case is calculated while it is saved and its results are stored in the same
    transaction as the new revision: no server process shows the revision without finding its
    results (none calculates it again), and the editor's own request for them is answered from
    this process's cache. Of edits stored together only the last revision is calculated."""
    permit(access.may_apply(access.row.document, edit))
    inline = case_size(access.row.document) <= ctx.settings.inline_calculation_limit
    results = _saved_results(ctx, access.row.id) if inline else None
    try:
        saved = ctx.cases.apply(access.row.id, edit, base_revision, access.user, results)
    except PathError as exc:
        raise HTTPException(422, str(exc)) from None
    ctx.remember(access.row.id, saved.revision, saved.case)
    return saved


def _saved_results(ctx: AppContext, case_id: int) -> ResultsOf:
    """Calculates the results to store with a case being saved, which are put in this
    process's caches once they are committed with a revision. None when calculating fails,
    which does not stop the save: the results pages report the failure as for any revision."""

    def results(case: Case) -> Calculated | None:
        try:
            result = calculate(case)
            document = result_to_dict(result, case=case, cash_flow=False)
        except Exception:  # the change is saved; only its results are missing
            _log.exception("calculating a saved case failed")
            return None

        def committed(revision: int) -> None:
            key = (case_id, revision)
            ctx.remember(*key, case)
            ctx.results.put(key, result)
            ctx.result_docs.put(key, document)

        return Calculated(ENGINE_VERSION, document, committed)

    return results


def case_size(document: dict[str, Any]) -> int:
    """A measure of calculation work: participants × years × categories × lines."""
    cooperation = document.get("cooperation", {})
    years = int(cooperation.get("horizon_years", 10) or 10)
    participants = len(document.get("participants", []))
    categories = len(document.get("categories", [])) or 7
    lines = sum(
        len(scenario.get(key, []))
        for scenario in document.get("scenarios", [])
        for key, value in scenario.items()
        if isinstance(value, list)
    )
    return participants * years * categories * max(lines, 1)


def results_document(
    ctx: AppContext, row: CaseRow, cash_flow: bool = False, scenario: str | None = None
) -> dict[str, Any] | Pending:
    """The results of a case revision as the documented JSON document, or the job computing it.

    Ordinary cases are calculated inside the request (and cached per revision); a case larger
    than ``settings.inline_calculation_limit`` is handed to the background worker so no request
    holds a server worker for long. The pages show no cash-flow tables, so they are added only
    with ``cash_flow`` (the API's documents), and then only for ``scenario`` when one is asked
    for (the others are left out).
    """
    if case_size(row.document) <= ctx.settings.inline_calculation_limit:
        key = (row.id, row.revision)
        pages = ctx.result_docs.get_or_make(key, lambda: _shared(ctx, row))
        if not cash_flow:
            return pages
        wanted = [s["id"] for s in pages["scenarios"] if scenario in (None, s["id"])]
        return {
            **pages,
            "scenarios": [_scenario_with_cash_flow(ctx, row, pages, s) for s in wanted],
        }
    job = ctx.jobs.latest(row.id, RECALCULATE)
    if job is not None and job.revision == row.revision:
        if job.status == "done" and job.result is not None:
            return job.result
        if job.status in ("queued", "running"):
            return Pending(job.id, job.progress, job.message)
    job = ctx.jobs.submit(row.id, RECALCULATE, row.revision, "")
    return Pending(job.id, 0.0, "In de wachtrij")


def result_of(ctx: AppContext, row: CaseRow) -> CaseResult:
    """The calculated result of a case revision (cached per revision)."""
    return ctx.results.get_or_make((row.id, row.revision), lambda: calculate(ctx.case_of(row)))


def _shared(ctx: AppContext, row: CaseRow) -> dict[str, Any]:
    """The results of a revision without cash-flow tables, from the database; calculated and
    stored when absent, so that every server process does not calculate each new revision
    again."""
    stored = ctx.stored_results.get(row.id, row.revision, ENGINE_VERSION)
    if stored is not None:
        return stored
    made = result_to_dict(result_of(ctx, row), case=ctx.case_of(row), cash_flow=False)
    # Stored after answering: whoever changed the case waits only for the calculation.
    threading.Thread(
        target=ctx.stored_results.put,
        args=(row.id, row.revision, ENGINE_VERSION, made),
        name="results-store",
        daemon=True,
    ).start()
    return made


def _scenario_with_cash_flow(
    ctx: AppContext, row: CaseRow, pages: dict[str, Any], scenario: str
) -> dict[str, Any]:
    """One scenario of the results document with its cash-flow tables (cached)."""

    def make() -> dict[str, Any]:
        result = result_of(ctx, row)
        shown = next(s for s in pages["scenarios"] if s["id"] == scenario)
        return {**shown, "cash_flow_tables": cash_flow_tables(result, result.scenario(scenario))}

    return ctx.full_result_docs.get_or_make((row.id, row.revision, scenario), make)


def visible_results(access: CaseAccess, results: dict[str, Any]) -> dict[str, Any]:
    """The results a user may see: a *deelnemer* without the right to see others gets their
    names and totals only (no per-category detail or cash-flow tables)."""
    hidden = [p for p in results.get("participants", []) if not access.sees_detail(p)]
    if not hidden:
        return results
    shown = copy.copy(results)
    shown["scenarios"] = [_without_detail(s, hidden) for s in results["scenarios"]]
    return shown


def _without_detail(scenario: dict[str, Any], hidden: list[str]) -> dict[str, Any]:
    scenario = copy.copy(scenario)
    entities = dict(scenario.get("entities", {}))
    for participant in hidden:
        if participant in entities:
            entities[participant] = {
                k: v for k, v in entities[participant].items() if k not in _DETAIL_KEYS
            }
    scenario["entities"] = entities
    tables = scenario.get("cash_flow_tables")
    if tables is not None:
        scenario["cash_flow_tables"] = {k: v for k, v in tables.items() if k not in hidden}
    return scenario


def visible_document(access: CaseAccess) -> dict[str, Any]:
    """The case document a user may see: other participants' baseline measurements are left
    out for a *deelnemer* who may not see their detail."""
    document = access.row.document
    hidden = [
        i
        for i, p in enumerate(document.get("participants", []))
        if not access.sees_detail(p.get("id", ""))
    ]
    if not hidden:
        return document
    shown = copy.deepcopy(document)
    for index in hidden:
        shown["participants"][index].pop("baseline", None)
    return shown


async def read_upload(ctx: AppContext, file: UploadFile) -> bytes:
    """The content of an uploaded file, refused (413, Dutch) above the upload limit."""
    content = await file.read(ctx.settings.max_upload_bytes + 1)
    if len(content) > ctx.settings.max_upload_bytes:
        limit = ctx.settings.max_upload_bytes // 1_000_000
        raise HTTPException(413, f"Het bestand is te groot; hoogstens {limit} MB.")
    return content
