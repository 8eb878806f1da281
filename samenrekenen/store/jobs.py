"""Background jobs stored in the database: ``queued → running → done | failed``.

Any server process may run a job: :meth:`Jobs.claim` moves one queued job to running with a
guarded update, so two workers never run the same job.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, update

from .db import Database
from .tables import Job, utcnow

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"


def params_key(params: dict[str, Any] | None) -> str:
    """A digest of a job's canonical inputs (empty without inputs)."""
    if not params:
        return ""
    text = json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Jobs:
    """The job queue in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def submit(
        self,
        case_id: int,
        kind: str,
        revision: int,
        created_by: str,
        params: dict[str, Any] | None = None,
    ) -> Job:
        """Queue a job of ``kind`` for a case at ``revision``, with its inputs ``params``."""
        with self.db.session() as session:
            job = Job(
                case_id=case_id,
                kind=kind,
                revision=revision,
                created_by=created_by,
                params=params,
                params_key=params_key(params),
            )
            session.add(job)
            session.flush()
            return job

    def get(self, job_id: int) -> Job | None:
        """The job with this id."""
        with self.db.session() as session:
            return session.get(Job, job_id)

    def latest(self, case_id: int, kind: str, params: dict[str, Any] | None = None) -> Job | None:
        """The newest job of ``kind`` for a case with these inputs."""
        key = params_key(params)
        with self.db.session() as session:
            return session.scalar(
                select(Job)
                .where(Job.case_id == case_id, Job.kind == kind, Job.params_key == key)
                .order_by(Job.id.desc())
                .limit(1)
            )

    def claim(self) -> Job | None:
        """Take the oldest queued job and mark it running; None when there is none."""
        with self.db.session() as session:
            candidates = session.scalars(
                select(Job.id).where(Job.status == QUEUED).order_by(Job.id).limit(5)
            ).all()
        for job_id in candidates:
            with self.db.session() as session:
                taken = session.execute(
                    update(Job)
                    .where(Job.id == job_id, Job.status == QUEUED)
                    .values(status=RUNNING, started_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    return session.get(Job, job_id)
        return None

    def report(self, job_id: int, progress: float, message: str = "") -> None:
        """Record a running job's progress (0–1) and what it is doing."""
        with self.db.session() as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(progress=max(0.0, min(1.0, progress)), message=message)
            )

    def finish(self, job_id: int, result: dict[str, Any]) -> None:
        """Mark a job done with its result."""
        self._end(job_id, DONE, result, "")

    def fail(self, job_id: int, message: str) -> None:
        """Mark a job failed with a Dutch message."""
        self._end(job_id, FAILED, None, message)

    def _end(self, job_id: int, status: str, result: dict[str, Any] | None, message: str) -> None:
        with self.db.session() as session:
            values: dict[str, Any] = {"status": status, "finished_at": utcnow(), "result": result}
            if status == DONE:
                values["progress"] = 1.0
            if message:
                values["message"] = message
            session.execute(update(Job).where(Job.id == job_id).values(**values))

    def requeue_stale(self) -> int:
        """Put jobs that were running when the server stopped back in the queue."""
        with self.db.session() as session:
            moved = session.execute(
                update(Job).where(Job.status == RUNNING).values(status=QUEUED, progress=0.0)
            )
            return int(moved.rowcount)  # type: ignore[attr-defined]
