"""The app as an import string for uvicorn's worker processes, configured by environment.

``samenrekenen serve`` sets these variables, prepares the database once and then starts
uvicorn with ``samenrekenen.web.asgi:app_from_environment`` (a factory).
"""

from __future__ import annotations

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
    """The application for uvicorn's ``--factory`` mode."""
    return create_app(settings_from_environment())
