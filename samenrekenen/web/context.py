"""The application object's resources: database, repositories, caches of cases and results."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from samenrekenen.engine import calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.model import Case
from samenrekenen.store import Accounts, Cases, Database, Jobs
from samenrekenen.store.cases import checked
from samenrekenen.store.tables import CaseRow

from .settings import Settings

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The cached value for ``key``, made (outside the lock) when absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


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
    models: LruCache[tuple[int, int], Case] = field(default_factory=LruCache)
    results: LruCache[tuple[int, int], CaseResult] = field(default_factory=LruCache)
    result_docs: LruCache[tuple[int, int], dict[str, Any]] = field(default_factory=LruCache)
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, settings: Settings) -> AppContext:
        """Connect to the database of ``settings`` and bring its schema up to date."""
        db = Database(settings.database_url)
        if settings.prepare:
            db.upgrade()
        return cls(settings, db, Accounts(db), Cases(db), Jobs(db))

    def case_of(self, row: CaseRow) -> Case:
        """The validated case of a stored row."""
        return self.models.get_or_make((row.id, row.revision), lambda: checked(row.document))

    def result_of(self, row: CaseRow) -> CaseResult:
        """The calculated result of a stored row."""
        return self.results.get_or_make(
            (row.id, row.revision), lambda: calculate(self.case_of(row))
        )

    def remember(self, case_id: int, revision: int, case: Case) -> None:
        """Cache a case that was just validated while saving."""
        self.models.get_or_make((case_id, revision), lambda: case)
