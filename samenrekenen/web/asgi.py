"""The app as an import string for uvicorn's worker processes, configured by environment.

``samenrekenen serve`` sets these variables, prepares the database once and then starts
uvicorn with ``samenrekenen.web.asgi:app_from_environment`` (a factory).
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from pathlib import Path

from fastapi import FastAPI
from starlette.types import Message, Scope

from samenrekenen.engine import calculate
from samenrekenen.io.results import result_to_dict
from samenrekenen.store.cases import checked

from .app import create_app
from .demo_setup import demo_document
from .render import templates
from .settings import DEFAULT_DATA_DIR, Settings

ENV_PREFIX = "SAMENREKENEN_"
GC_THRESHOLDS = (20_000, 20, 10)
"""Garbage-collector thresholds of a server process (Python's are 700, 10, 10). Measured under
the load benchmark, two runs each: edit p95 364/319 ms against 455/361 ms, view p95 53/48
against 66/75 ms, 6% less server CPU."""


def settings_from_environment() -> Settings:
    """Settings from ``SAMENREKENEN_*`` variables."""
    env = os.environ
    return Settings(
        database_url=env.get(ENV_PREFIX + "DATABASE_URL", ""),
        data_dir=Path(env.get(ENV_PREFIX + "DATA_DIR", str(DEFAULT_DATA_DIR))),
        host=env.get(ENV_PREFIX + "HOST", "127.0.0.1"),
        port=int(env.get(ENV_PREFIX + "PORT", "8000")),
        with_demo=env.get(ENV_PREFIX + "DEMO", "") == "1",
        secure_cookies=env.get(ENV_PREFIX + "SECURE_COOKIES", "") == "1",
        prepare=env.get(ENV_PREFIX + "PREPARED", "") != "1",
    )


UNROUTED_PATH = "/.opwarmen"
"""A path no route has; :func:`warm_up` lets the app route a request for it."""


def warm_up(app: FastAPI) -> None:
    """Do once, at the start of a server process, what its first requests would otherwise
    pay for: validating a case reads the guidance content (YAML), calculating one runs the
    engine's code paths for the first time, a page compiles its templates, and FastAPI
    prepares a router's routes for matching when the first request passes it.

    Measured on a freshly started process: its first save took 277 ms and its first overview
    104 ms, against 51–56 ms and 8 ms for the next ones (warmed up: 68 and 49 ms; the rest is
    the case's first read and the process's first database connection). With fifty users
    starting together, the saves of a load run's first two seconds were a twentieth of all
    its saves and most of its slowest."""
    case = checked(demo_document())
    result_to_dict(calculate(case), case=case, cash_flow=False)
    for name in templates.env.list_templates():
        templates.env.get_template(name)
    route_once(app)


def route_once(app: FastAPI) -> int:
    """Answer one request for :data:`UNROUTED_PATH`; its status (404). Finding that no route
    has the path passes every router. In a thread with its own event loop, because uvicorn
    makes the app from inside its running one."""
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": UNROUTED_PATH,
        "raw_path": UNROUTED_PATH.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
    }
    routing = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    routing.start()
    routing.join()
    return int(next(m["status"] for m in messages if m["type"] == "http.response.start"))


def app_from_environment() -> FastAPI:
    """The application for uvicorn's ``--factory`` mode, warmed up (:func:`warm_up`).

    What exists once the app is made (modules, templates, the schema: some 200.000 objects)
    lives as long as the process, so it is frozen out of the garbage collector: otherwise
    every full collection walks it again, and under load that stalled every request of the
    process for about a tenth of a second several times a minute. The youngest generation is
    collected after :data:`GC_THRESHOLDS` allocations rather than 700, so the many short-lived
    arrays and dicts of one calculation are freed by reference counting before a collection
    would walk them and promote the survivors to the older generations.
    """
    app = create_app(settings_from_environment())
    warm_up(app)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return app
