"""The application as the server processes make it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from samenrekenen.web.asgi import ENV_PREFIX, GC_THRESHOLDS, app_from_environment


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
