"""The in-process least-recently-used cache."""

from __future__ import annotations

import threading
import time

import pytest

from samenrekenen.cache import LruCache, RevisionCache


def test_concurrent_misses_of_one_key_make_the_value_once() -> None:
    cache: LruCache[str, int] = LruCache(4)
    made: list[int] = []

    def make() -> int:
        time.sleep(0.05)  # long enough for every thread to miss at the same time
        made.append(1)
        return 42

    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.get_or_make("k", make)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [42] * 8
    assert len(made) == 1


def test_a_failed_make_is_not_cached_and_is_tried_again() -> None:
    cache: LruCache[str, int] = LruCache(4)

    def fail() -> int:
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError):
        cache.get_or_make("k", fail)
    assert cache.get_or_make("k", lambda: 7) == 7


def test_least_recently_used_values_are_dropped_beyond_the_size() -> None:
    cache: LruCache[int, int] = LruCache(2)
    for key in (1, 2):
        cache.get_or_make(key, lambda key=key: key)
    cache.get_or_make(1, lambda: -1)  # use 1 again: 2 is now the oldest
    cache.get_or_make(3, lambda: 3)
    assert cache.get_or_make(1, lambda: -1) == 1
    assert cache.get_or_make(2, lambda: -2) == -2


def test_a_revision_cache_keeps_only_the_newest_revisions_of_each_case() -> None:
    cache: RevisionCache[tuple[int, int, str], str] = RevisionCache(64, revisions=2)
    for revision in range(1, 6):
        cache.put((7, revision, "a"), f"7/{revision}")
        cache.put((8, revision, "a"), f"8/{revision}")
    cache.put((7, 5, "b"), "7/5b")  # more keys of one revision all stay
    kept = [
        (case, revision, key)
        for case in (7, 8)
        for revision in range(1, 6)
        for key in "ab"
        if cache.get((case, revision, key)) is not None
    ]
    assert kept == [(7, 4, "a"), (7, 5, "a"), (7, 5, "b"), (8, 4, "a"), (8, 5, "a")]


def test_a_revision_made_for_an_old_request_is_returned_but_not_kept() -> None:
    cache: RevisionCache[tuple[int, int], str] = RevisionCache(64, revisions=2)
    cache.put((1, 10), "new")
    assert cache.get_or_make((1, 3), lambda: "old") == "old"
    assert cache.get((1, 3)) is None
    assert cache.get((1, 10)) == "new"
    cache.put((1, 9), "previous")  # within the newest two: kept
    assert cache.get((1, 9)) == "previous"


def test_a_revision_cache_forgets_cases_that_left_it() -> None:
    cache: RevisionCache[tuple[int, int], int] = RevisionCache(2, revisions=2)
    cache.put((1, 50), 1)
    cache.put((2, 1), 2)
    cache.put((3, 1), 3)  # case 1 is the least recently used: dropped
    assert cache.get((1, 50)) is None
    cache.put((1, 2), 4)  # a case that left the cache starts again at any revision
    assert cache.get((1, 2)) == 4
    cache.clear()
    cache.put((2, 0), 5)
    assert cache.get((2, 0)) == 5
