"""The background worker: a thread in every server process that runs queued jobs.

Job kinds register a handler in :data:`HANDLERS`; a handler gets the context, the job and a
``progress(fraction, message)`` callback and returns the job's result (JSON-ready). Later domain
modules add their kinds here (fairness and the coalition explorer: ``web/fairness.py``; the
Excel export and the council report: ``web/exports.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from samenrekenen.engine import calculate
from samenrekenen.io.results import result_to_dict
from samenrekenen.store.cases import checked
from samenrekenen.store.tables import Job

from .context import AppContext
from .exports import EXPORT, run_export
from .fairness import COALITIONS, FAIRNESS, run_coalitions, run_fairness
from .risks import MONTECARLO, SENSITIVITY, run_montecarlo_job, run_sensitivity_job
from .service import RECALCULATE

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
Handler = Callable[[AppContext, Job, Progress], dict[str, Any]]

_POLL_SECONDS = 0.5


def recalculate(ctx: AppContext, job: Job, progress: Progress) -> dict[str, Any]:
    """Calculate every scenario of a case revision, reporting progress per scenario."""
    row = ctx.cases.get(job.case_id)
    if row.revision != job.revision:
        # A newer revision exists: its own job will follow; this one has nothing to add.
        return {"superseded_by": row.revision}
    case = checked(row.document)
    baseline = [s for s in case.scenarios if s.is_baseline]
    documents: list[dict[str, Any]] = []
    head: dict[str, Any] | None = None
    others = [s for s in case.scenarios if not s.is_baseline]
    for number, scenario in enumerate(others, start=1):
        progress((number - 1) / max(len(others), 1), f"Scenario '{scenario.name}' berekenen")
        chain = _with_ancestors(case.scenarios, scenario.id)
        part = case.model_copy(update={"scenarios": [*baseline, *chain]})
        document = result_to_dict(calculate(part), scenario.id, None, part)
        head = head or document
        documents.extend(document["scenarios"])
    if head is None:
        return result_to_dict(calculate(case), case=case)
    base = result_to_dict(calculate(case.model_copy(update={"scenarios": baseline})), case=case)
    return {**head, "scenarios": [*base["scenarios"], *documents]}


def _with_ancestors(scenarios: list[Any], scenario_id: str) -> list[Any]:
    by_id = {s.id: s for s in scenarios}
    chain: list[Any] = []
    current = by_id.get(scenario_id)
    while current is not None and not current.is_baseline:
        chain.insert(0, current)
        current = by_id.get(current.extends) if current.extends else None
    return chain


HANDLERS: dict[str, Handler] = {
    RECALCULATE: recalculate,
    FAIRNESS: run_fairness,
    COALITIONS: run_coalitions,
    EXPORT: run_export,
    MONTECARLO: run_montecarlo_job,
    SENSITIVITY: run_sensitivity_job,
}


class Worker:
    """Runs queued jobs in a daemon thread until :meth:`stop`."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="samenrekenen-worker", daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop and wait for it."""
        self._stop.set()
        self._thread.join(timeout=10)

    def run_once(self) -> bool:
        """Run one queued job, if there is one; whether a job ran."""
        job = self.ctx.jobs.claim()
        if job is None:
            return False
        handler = HANDLERS.get(job.kind)
        try:
            if handler is None:
                raise ValueError(f"onbekend soort taak '{job.kind}'")
            result = handler(self.ctx, job, lambda f, m: self.ctx.jobs.report(job.id, f, m))
        except Exception as exc:  # a failed job is recorded, the worker goes on
            log.exception("job %s failed", job.id)
            self.ctx.jobs.fail(job.id, f"De berekening is mislukt: {exc}")
        else:
            self.ctx.jobs.finish(job.id, result)
        return True

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_once()
            except Exception:  # database unavailable for a moment: try again later
                log.exception("worker loop")
                ran = False
            if not ran:
                self._stop.wait(_POLL_SECONDS)
