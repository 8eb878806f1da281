"""Running the web application in one or more server processes.

With several processes each binds its own listening socket with ``SO_REUSEPORT``, so the
kernel spreads new connections evenly over them. (Processes that share one inherited socket,
as uvicorn's own ``--workers`` does, let whichever is awake first accept: under load one
process ended up with three quarters of the connections while the other sat idle.) Where the
platform has no ``SO_REUSEPORT`` uvicorn's own worker processes are used.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import socket
import sys
from collections.abc import Sequence
from types import FrameType

import uvicorn

APP = "samenrekenen.web.asgi:app_from_environment"
"""The application factory, configured by the environment that ``serve`` sets."""

_BACKLOG = 2048
_LOG_LEVEL = "warning"


def run(host: str, port: int, workers: int) -> None:
    """Serve until interrupted, in ``workers`` processes."""
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(
            APP,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=_LOG_LEVEL,
            proxy_headers=False,
        )
        return
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=serve_one, args=(host, port), name=f"samenrekenen-{number}")
        for number in range(workers)
    ]
    for process in processes:
        process.start()

    stopping: list[int] = []

    def stop(signal_number: int, _frame: FrameType | None) -> None:
        stopping.append(signal_number)
        _terminate(processes)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    multiprocessing.connection.wait([p.sentinel for p in processes])
    if not stopping:
        # A process ended by itself (a crash): the server as a whole stops and says so.
        _terminate(processes)
    for process in processes:
        process.join(timeout=10)
    if not stopping:
        sys.exit(1)


def _terminate(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()


def serve_one(host: str, port: int) -> None:
    """One server process on its own ``SO_REUSEPORT`` socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(_BACKLOG)
    config = uvicorn.Config(APP, factory=True, log_level=_LOG_LEVEL, proxy_headers=False)
    uvicorn.Server(config).run(sockets=[listener])
