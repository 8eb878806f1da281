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
    process for about a tenth of a second several times a minute.
    """
    app = create_app(settings_from_environment())
    gc.collect()
    gc.freeze()
    return app
