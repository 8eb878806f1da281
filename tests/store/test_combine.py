"""The combiner: requests for one key that queue while a batch is served go together."""

from __future__ import annotations

import threading
import time

import pytest

from samenrekenen.store.combine import Combiner


def _wait_until(condition: object) -> None:
    deadline = time.monotonic() + 10
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the requests did not queue"
        time.sleep(0.001)


def test_requests_that_queue_meanwhile_form_one_batch_in_arrival_order() -> None:
    release = threading.Event()
    batches: list[list[int]] = []

    def serve(key: str, requests: list[int]) -> list[int | Exception]:
        batches.append(list(requests))
        if requests == [0]:
            release.wait(10)
        return [ValueError(f"{key} {r}") if r == 2 else r * 10 for r in requests]

    combiner: Combiner[str, int, int] = Combiner(serve)
    answers: dict[int, int | Exception] = {}

    def submit(request: int) -> None:
        try:
            answers[request] = combiner.submit("case", request)
        except ValueError as exc:
            answers[request] = exc

    threads = [threading.Thread(target=submit, args=(0,))]
    threads[0].start()
    _wait_until(lambda: batches)
    for request in (1, 2, 3):
        threads.append(threading.Thread(target=submit, args=(request,)))
        threads[-1].start()
        _wait_until(lambda n=request: combiner.queued("case") == n)
    release.set()
    for thread in threads:
        thread.join()
    assert batches == [[0], [1, 2, 3]]
    assert answers[0] == 0 and answers[1] == 10 and answers[3] == 30
    assert str(answers[2]) == "case 2"
    assert combiner.queued("case") == 0 and combiner.submit("case", 4) == 40


def test_a_failing_batch_fails_its_requests_and_the_key_is_served_again() -> None:
    def serve(key: str, requests: list[int]) -> list[int | Exception]:
        if requests == [1]:
            raise RuntimeError("database gone")
        return list(requests)

    combiner: Combiner[str, int, int] = Combiner(serve)
    with pytest.raises(RuntimeError, match="database gone"):
        combiner.submit("case", 1)
    assert combiner.submit("case", 2) == 2


def test_keys_are_served_independently() -> None:
    release = threading.Event()

    def serve(key: str, requests: list[int]) -> list[int | Exception]:
        if key == "slow":
            release.wait(10)
        return list(requests)

    combiner: Combiner[str, int, int] = Combiner(serve)
    slow = threading.Thread(target=combiner.submit, args=("slow", 1))
    slow.start()
    assert combiner.submit("quick", 2) == 2  # not held up by the other key's batch
    release.set()
    slow.join()
