"""Fixtures for web tests: an app on a fresh SQLite database with the demo case, and clients
logged in with each role.

``site`` gives a :class:`Site` with the app, the demo case id and ``client(role)``: a
``TestClient`` logged in as a new user with that role in the demo case (``"admin"`` for a site
administrator who is no member, ``"beheerder"``, ``"adviseur"``, ``"deelnemer"`` (for
participant gm9001 unless another is given), ``"lezer"``, ``"buitenstaander"`` for a user
without any role, ``"anoniem"`` for no login). Each client sends its CSRF token on unsafe
requests, as the pages do.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from samenrekenen.web.app import create_app
from samenrekenen.web.auth import CSRF_HEADER
from samenrekenen.web.context import AppContext
from samenrekenen.web.demo_setup import demo_document
from samenrekenen.web.settings import Settings
from samenrekenen.web.worker import Worker

PASSWORD = "correct-horse-battery"
ROLES = ("admin", "beheerder", "adviseur", "deelnemer", "lezer", "buitenstaander", "anoniem")
_numbers = itertools.count(1)


@dataclass
class Site:
    """An app with the demo case and a way to get logged-in clients."""

    app: FastAPI
    case_id: int
    clients: list[TestClient] = field(default_factory=list)

    @property
    def ctx(self) -> AppContext:
        """The app's context (database, repositories)."""
        ctx: AppContext = self.app.state.ctx
        return ctx

    def user(self, role: str, participant: str = "gm9001") -> tuple[str, Any]:
        """Create a user with ``role`` in the demo case; its e-mail and User row."""
        email = f"{role}{next(_numbers)}@example.nl"
        user = self.ctx.accounts.create_user(email, role, PASSWORD, is_admin=role == "admin")
        if role in ("beheerder", "adviseur", "deelnemer", "lezer"):
            self.ctx.cases.set_member(
                self.case_id, user.id, role, participant if role == "deelnemer" else None
            )
        return email, user

    def client(self, role: str, participant: str = "gm9001") -> TestClient:
        """A client logged in as a new user with ``role`` (``anoniem``: not logged in)."""
        client = TestClient(self.app, follow_redirects=False)
        self.clients.append(client)
        if role == "anoniem":
            return client
        email, _user = self.user(role, participant)
        response = client.post("/inloggen", data={"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.text
        identity = self.ctx.accounts.session_user(client.cookies["samenrekenen_sessie"])
        assert identity is not None
        client.headers[CSRF_HEADER] = identity[1]
        return client


def make_site(tmp_path: Path, database_url: str = "") -> Site:
    """A new app on its own database with the demo case (no demo login, no worker thread)."""
    settings = Settings(
        database_url=database_url or f"sqlite:///{tmp_path / 'web.sqlite3'}",
        data_dir=tmp_path,
        start_worker=False,
    )
    app = create_app(settings)
    row = app.state.ctx.cases.create("Demo", demo_document(), None)
    return Site(app=app, case_id=row.id)


def run_jobs(site: Site) -> int:
    """Run every queued background job of the site, as the worker would; how many ran."""
    worker, ran = Worker(site.ctx), 0
    while worker.run_once():
        ran += 1
    return ran


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A fresh site on SQLite."""
    made = make_site(tmp_path)
    yield made
    for client in made.clients:
        client.close()
    made.ctx.db.dispose()
