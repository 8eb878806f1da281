"""Results documents per case revision, shared by every server process.

A revision's inputs never change, so its results never go stale. An edit saved through the web
application stores its revision's results in the same transaction (so no process sees the
revision without them); for other revisions the first process that needs them calculates and
stores them, the others read them. Only the newest few revisions of a case
are kept; older ones are calculated again if someone asks (fixed versions keep their own copy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .db import Database
from .tables import StoredResults

KEPT_REVISIONS = 5
"""How many of a case's newest revisions keep their stored results."""


class Calculated(NamedTuple):
    """The results document of a revision and the engine version that calculated it;
    ``committed``, when given, is told the revision once the results are committed with it
    (to cache them in this process before anyone is answered)."""

    engine_version: str
    document: dict[str, Any]
    committed: Callable[[int], None] | None = None


def store_results(session: Session, case_id: int, revision: int, calculated: Calculated) -> None:
    """Add a revision's results to ``session`` and drop those of revisions older than the
    newest :data:`KEPT_REVISIONS`."""
    session.execute(
        delete(StoredResults)
        .where(
            StoredResults.case_id == case_id,
            StoredResults.revision <= revision - KEPT_REVISIONS,
        )
        # Nothing of this table is loaded in the session: nothing to synchronise.
        .execution_options(synchronize_session=False)
    )
    session.add(
        StoredResults(
            case_id=case_id,
            revision=revision,
            engine_version=calculated.engine_version,
            document=calculated.document,
        )
    )


class Results:
    """Stored results documents in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, case_id: int, revision: int, engine_version: str) -> dict[str, Any] | None:
        """The stored results of a revision by this engine version, if any."""
        with self.db.read() as session:
            stored = session.get(StoredResults, (case_id, revision, engine_version))
            return stored.document if stored is not None else None

    def put(
        self, case_id: int, revision: int, engine_version: str, document: dict[str, Any]
    ) -> None:
        """Store a revision's results and drop those of revisions older than the newest
        :data:`KEPT_REVISIONS`. Storing is best effort: this is a cache, so a failure (another
        process stored the same revision first, or the database is busy) only means that
        another process calculates the revision itself."""
        try:
            with self.db.session() as session:
                store_results(session, case_id, revision, Calculated(engine_version, document))
        except SQLAlchemyError:
            return
