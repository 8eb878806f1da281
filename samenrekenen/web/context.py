"""The application object's resources: database, repositories, caches of cases and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samenrekenen.cache import RevisionCache
from samenrekenen.engine.results import CaseResult
from samenrekenen.io.casefile import parse_stored
from samenrekenen.model import Case
from samenrekenen.store import Accounts, Cases, Database, Jobs, Results
from samenrekenen.store.tables import CaseRow

from .settings import Settings


@dataclass
class AppContext:
    """What every route reaches through ``request.app.state.ctx``.

    Cases and results are cached by (case id, revision): a revision never changes, so a cached
    value is never stale.
    """

    settings: Settings
    db: Database
    accounts: Accounts
    cases: Cases
    jobs: Jobs
    stored_results: Results
    models: RevisionCache[tuple[int, int], Case] = field(default_factory=RevisionCache)
    results: RevisionCache[tuple[int, int], CaseResult] = field(
        default_factory=lambda: RevisionCache(16)
    )
    result_docs: RevisionCache[tuple[int, int], dict[str, Any]] = field(
        default_factory=RevisionCache
    )
    """Results documents for the pages (without cash-flow tables)."""
    full_result_docs: RevisionCache[tuple[int, int, str], dict[str, Any]] = field(
        default_factory=lambda: RevisionCache(64)
    )
    """Scenarios of the results documents with their cash-flow tables, as the API answers
    them, by (case id, revision, scenario id)."""
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, settings: Settings) -> AppContext:
        """Connect to the database of ``settings`` and bring its schema up to date."""
        db = Database(settings.database_url)
        if settings.prepare:
            db.upgrade()
        return cls(settings, db, Accounts(db), Cases(db), Jobs(db), Results(db))

    def case_of(self, row: CaseRow) -> Case:
        """The case of a stored row (validated when it was stored)."""
        return self.models.get_or_make((row.id, row.revision), lambda: parse_stored(row.document))

    def remember(self, case_id: int, revision: int, case: Case) -> None:
        """Cache a case that was just validated while saving."""
        self.models.get_or_make((case_id, revision), lambda: case)
