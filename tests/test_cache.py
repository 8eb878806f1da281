"""The in-process least-recently-used cache."""

from __future__ import annotations

import threading
import time

import pytest

from samenrekenen.cache import LruCache


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
