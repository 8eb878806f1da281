"""A small in-process cache shared by the store and the web application."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
RevisionKey = TypeVar("RevisionKey", bound=tuple[Any, ...])


class LruCache(Generic[K, V]):
    """A small thread-safe least-recently-used cache that makes each value once.

    Requests that miss the same key at the same time wait for the first one to make it,
    instead of all making it at once (after every edit, each view of that case would otherwise
    recalculate the new revision in parallel, starving the process).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[K, threading.Lock] = {}

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The cached value for ``key``, made (by one caller at a time) when absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            maker = self._making.setdefault(key, threading.Lock())
        with maker:
            with self._lock:
                if key in self._items:  # made by the caller we waited for
                    self._items.move_to_end(key)
                    return self._items[key]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                self._store(key, value)
                self._making.pop(key, None)
        return value

    def get(self, key: K) -> V | None:
        """The cached value for ``key``, or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: K, value: V) -> None:
        """Cache ``value`` for ``key``."""
        with self._lock:
            self._store(key, value)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()

    def _store(self, key: K, value: V) -> None:
        self._items[key] = value
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class RevisionCache(LruCache[RevisionKey, V]):
    """An LRU cache of values per case revision, keyed ``(case id, revision, ...)``, that keeps
    only the newest ``revisions`` revisions of each case.

    A case that is being edited gets a new revision with every save; older revisions are no
    longer shown, and holding them only made the garbage collector's full collections longer
    (measured under the load benchmark: 64 parsed revisions of the demo case, some 250.000
    objects, made each full collection stall the server process for 0,15 to 0,45 s).
    """

    def __init__(self, size: int = 64, revisions: int = 2) -> None:
        super().__init__(size)
        self.revisions = revisions
        self._newest: dict[Any, int] = {}

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()
            self._newest.clear()

    def _store(self, key: RevisionKey, value: V) -> None:
        case, revision = key[0], int(key[1])
        newest = self._newest.get(case)
        if newest is not None and revision <= newest - self.revisions:
            return  # made for a request that read an old revision: not worth keeping
        if newest is None or revision > newest:
            self._newest[case] = revision
            if newest is not None:
                self._drop_older(case, revision - self.revisions)
        super()._store(key, value)
        if len(self._newest) > self.size:  # forget cases that left the cache
            present = {k[0] for k in self._items}
            self._newest = {c: r for c, r in self._newest.items() if c in present}

    def _drop_older(self, case: Any, revision: int) -> None:
        """Drop the entries of ``case`` up to ``revision``."""
        for old in [k for k in self._items if k[0] == case and k[1] <= revision]:
            del self._items[old]
