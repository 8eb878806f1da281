"""The app as an import string for uvicorn's worker processes, configured by environment.

``samenrekenen serve`` sets these variables, prepares the database once and then starts
uvicorn with ``samenrekenen.web.asgi:app_from_environment`` (a factory).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from fastapi import FastAPI

from .app import create_app
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


def app_from_environment() -> FastAPI:
    """The application for uvicorn's ``--factory`` mode.

    What exists once the app is made (modules, templates, the schema: some 200.000 objects)
    lives as long as the process, so it is frozen out of the garbage collector: otherwise
    every full collection walks it again, and under load that stalled every request of the
    process for about a tenth of a second several times a minute. The youngest generation is
    collected after :data:`GC_THRESHOLDS` allocations rather than 700, so the many short-lived
    arrays and dicts of one calculation are freed by reference counting before a collection
    would walk them and promote the survivors to the older generations.
    """
    app = create_app(settings_from_environment())
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return app
