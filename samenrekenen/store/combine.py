"""Requests for one key that arrive while another is being served are served together.

Edits of one case are stored one after the other (the case row is locked while an edit is
validated, calculated and written). Under load they queue, and each one in the queue used to
calculate a revision that nobody would ever read, because the next edit was already waiting.
A :class:`Combiner` lets the edits that queued up in one server process meanwhile go through
in a single transaction: each is still checked, applied and validated on its own, in order,
and gets its own revision and audit entry, but the case is calculated and written once, for the
last of them (decision record 0003).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
O = TypeVar("O")  # noqa: E741 - the outcome type

Serve = Callable[[K, list[R]], list[O | Exception]]
"""Serves a batch of requests for one key: one outcome (or the exception to raise) each."""


@dataclass
class _Waiting(Generic[R, O]):
    request: R
    turn: threading.Event = field(default_factory=threading.Event)
    outcome: O | Exception | None = None
    answered: bool = False


class Combiner(Generic[K, R, O]):
    """Serves the requests for a key in batches, one batch at a time per key.

    The thread whose request finds the key idle serves it at once, together with whatever
    queued meanwhile; when its batch is done it hands the key to the first request that queued
    after, whose thread serves the next batch. No thread serves other batches than its own, so
    no request waits longer than for the batches before it.
    """

    def __init__(self, serve: Serve[K, R, O]) -> None:
        self._serve = serve
        self._lock = threading.Lock()
        self._queues: dict[K, list[_Waiting[R, O]]] = {}
        self._busy: set[K] = set()

    def submit(self, key: K, request: R) -> O:
        """Serve ``request`` (possibly with others for ``key``); its outcome, or raise its
        exception."""
        waiting: _Waiting[R, O] = _Waiting(request)
        with self._lock:
            self._queues.setdefault(key, []).append(waiting)
            if key not in self._busy:
                self._busy.add(key)
                waiting.turn.set()
        waiting.turn.wait()
        if not waiting.answered:
            self._serve_queue(key)
        if isinstance(waiting.outcome, Exception):
            raise waiting.outcome
        return waiting.outcome  # type: ignore[return-value]

    def queued(self, key: K) -> int:
        """How many requests for ``key`` wait for the batch being served."""
        with self._lock:
            return len(self._queues.get(key, []))

    def _serve_queue(self, key: K) -> None:
        with self._lock:
            batch = self._queues.pop(key)
        try:
            outcomes = self._serve(key, [w.request for w in batch])
        except Exception as exc:  # every request of the batch fails the same way
            outcomes = [exc] * len(batch)
        finally:
            self._hand_over(key)
        for waiting, outcome in zip(batch, outcomes, strict=True):
            waiting.outcome = outcome
            waiting.answered = True
            waiting.turn.set()

    def _hand_over(self, key: K) -> None:
        with self._lock:
            queue = self._queues.get(key)
            if queue:
                queue[0].turn.set()
            else:
                self._busy.discard(key)
