"""``samenrekenen serve --workers N``: N server processes, each on its own SO_REUSEPORT
socket, that answer together and stop together."""

from __future__ import annotations

import signal
import urllib.request
from pathlib import Path

import psutil
from conftest import start_server


def _serving_processes(pid: int) -> list[psutil.Process]:
    # multiprocessing's resource tracker is a child too; the servers are the spawned ones.
    children = psutil.Process(pid).children()
    return [c for c in children if "spawn_main" in " ".join(c.cmdline())]


def test_two_server_processes_answer_and_stop_together(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server = start_server(data_dir, tmp_path / "server.log", "--workers", "2")
    try:
        workers = _serving_processes(server.process.pid)
        assert len(workers) == 2
        for _ in range(10):  # a new connection each time, spread by the kernel
            with urllib.request.urlopen(server.url + "/inloggen", timeout=5) as answer:
                assert answer.status == 200
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=20) == 0
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive
    finally:
        server.stop()


def test_a_server_process_that_dies_ends_the_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server = start_server(data_dir, tmp_path / "server.log", "--workers", "2")
    try:
        first, second = _serving_processes(server.process.pid)
        first.kill()
        assert server.process.wait(timeout=20) != 0
        _gone, alive = psutil.wait_procs([second], timeout=10)
        assert not alive
    finally:
        server.stop()
