"""Results documents are calculated once per revision and shared by every server process
through the database (``store/results.py``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import make_site
from fastapi.testclient import TestClient

from samenrekenen.engine import ENGINE_VERSION
from samenrekenen.store.results import KEPT_REVISIONS
from samenrekenen.web import service
from samenrekenen.web.app import create_app
from samenrekenen.web.settings import Settings


def _stored_in_the_background() -> None:
    for thread in threading.enumerate():
        if thread.name == "results-store":
            thread.join(timeout=30)


def test_a_second_server_process_reads_the_results_instead_of_calculating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    client = site.client("adviseur")
    first = client.get(f"/cases/{site.case_id}")
    assert first.status_code == 200
    _stored_in_the_background()
    revision = site.ctx.cases.get(site.case_id).revision
    assert site.ctx.stored_results.get(site.case_id, revision, ENGINE_VERSION) is not None

    # Another process: its own app on the same database, with calculating made impossible.
    other = create_app(
        Settings(database_url=site.ctx.settings.database_url, data_dir=tmp_path, start_worker=False)
    )

    def no_calculation(*_args: object) -> None:
        raise AssertionError("de andere server rekende de revisie opnieuw uit")

    monkeypatch.setattr(service, "calculate", no_calculation)
    with TestClient(other, cookies=dict(client.cookies)) as second:
        again = second.get(f"/cases/{site.case_id}")
    assert again.status_code == 200
    assert again.text.count("slechter af dan alleen") == first.text.count("slechter af dan alleen")
    other.state.ctx.db.dispose()
    site.ctx.db.dispose()


def test_only_the_newest_revisions_keep_their_stored_results(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    stored = site.ctx.stored_results
    for revision in range(1, 9):
        stored.put(site.case_id, revision, ENGINE_VERSION, {"revision": revision})
    kept = [r for r in range(1, 9) if stored.get(site.case_id, r, ENGINE_VERSION) is not None]
    assert kept == list(range(9 - KEPT_REVISIONS, 9))
    assert stored.get(site.case_id, 8, "0.0.0") is None  # another engine version: not these
    site.ctx.db.dispose()


def test_storing_the_same_revision_twice_keeps_the_first(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    stored = site.ctx.stored_results
    stored.put(site.case_id, 3, ENGINE_VERSION, {"first": True})
    stored.put(site.case_id, 3, ENGINE_VERSION, {"first": False})
    assert stored.get(site.case_id, 3, ENGINE_VERSION) == {"first": True}
    site.ctx.db.dispose()


def _first_cost_edit(revision: int, value: float) -> dict[str, object]:
    return {
        "kind": "set",
        "path": "participants[0].baseline.costs[0].visible_eur",
        "value": value,
        "base_revision": revision,
    }


def test_a_saved_edit_stores_the_new_revisions_results_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process that saves calculates the new revision and stores its results before it
    answers: the editor's results come from its cache, and no other process calculates."""
    site = make_site(tmp_path)
    client = site.client("adviseur")
    revision = site.ctx.cases.get(site.case_id).revision
    saved = client.post(
        f"/api/v1/cases/{site.case_id}/edits", json=_first_cost_edit(revision, 123456.0)
    )
    assert saved.status_code == 200, saved.text
    new = int(saved.json()["revision"])
    stored = site.ctx.stored_results.get(site.case_id, new, ENGINE_VERSION)
    assert stored is not None and stored["scenarios"]

    def no_calculation(*_args: object) -> None:
        raise AssertionError("de resultaten van de opgeslagen revisie werden opnieuw berekend")

    monkeypatch.setattr(service, "calculate", no_calculation)
    scenario = stored["scenarios"][-1]["id"]
    answer = client.get(f"/api/v1/cases/{site.case_id}/results/{scenario}")
    assert answer.status_code == 200
    assert answer.json()["scenarios"][0]["consolidated"] == stored["scenarios"][-1]["consolidated"]
    site.ctx.db.dispose()


def test_an_edit_is_saved_even_when_calculating_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    client = site.client("adviseur")
    revision = site.ctx.cases.get(site.case_id).revision

    def broken(*_args: object) -> None:
        raise RuntimeError("rekenfout")

    monkeypatch.setattr(service, "calculate", broken)
    saved = client.post(
        f"/api/v1/cases/{site.case_id}/edits", json=_first_cost_edit(revision, 654321.0)
    )
    assert saved.status_code == 200, saved.text
    row = site.ctx.cases.get(site.case_id)
    assert row.revision == revision + 1
    assert row.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 654321.0
    assert site.ctx.stored_results.get(site.case_id, row.revision, ENGINE_VERSION) is None
    site.ctx.db.dispose()
