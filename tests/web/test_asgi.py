"""The application as the server processes make it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from samenrekenen.model.guidance_codes import guidance_codes
from samenrekenen.web.app import create_app
from samenrekenen.web.asgi import (
    ENV_PREFIX,
    GC_THRESHOLDS,
    app_from_environment,
    route_once,
    warm_up,
)
from samenrekenen.web.render import templates
from samenrekenen.web.settings import Settings


def test_a_server_process_freezes_what_exists_at_start_and_collects_less_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_PREFIX + "DATA_DIR", str(tmp_path))
    monkeypatch.setenv(ENV_PREFIX + "DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite3'}")
    thresholds = gc.get_threshold()
    try:
        app = app_from_environment()
        assert gc.get_freeze_count() > 100_000
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    app.state.ctx.db.dispose()


def test_warming_up_reads_the_guidance_compiles_every_template_and_routes_once(
    tmp_path: Path,
) -> None:
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'app.sqlite3'}",
            data_dir=tmp_path,
            start_worker=False,
        )
    )
    try:
        guidance_codes.cache_clear()
        templates.env.cache.clear()  # type: ignore[union-attr]
        warm_up(app)
        assert guidance_codes.cache_info().currsize == 1
        compiled = {name for _loader, name in templates.env.cache}  # type: ignore[union-attr]
        assert compiled == set(templates.env.list_templates())
        assert route_once(app) == 404
    finally:
        app.state.ctx.db.dispose()
