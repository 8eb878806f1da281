"""Login, logout, CSRF and case visibility: the core every page and API call relies on."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PASSWORD, Site


def test_anonymous_page_redirects_to_login(site: Site) -> None:
    client = site.client("anoniem")
    response = client.get(f"/cases/{site.case_id}/instellingen")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/inloggen?next=")


def test_wrong_password_is_refused_in_dutch_and_throttled(site: Site) -> None:
    email, _user = site.user("lezer")
    client = site.client("anoniem")
    for _ in range(5):
        response = client.post("/inloggen", data={"email": email, "password": "fout-wachtwoord"})
        assert response.status_code == 400
        assert "E-mailadres of wachtwoord klopt niet" in response.text
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Te veel mislukte pogingen" in response.text


def test_post_without_csrf_token_is_refused(site: Site) -> None:
    client = site.client("beheerder")
    del client.headers["X-CSRF-Token"]
    response = client.post(f"/cases/{site.case_id}/instellingen", data={"name": "Nieuw"})
    assert response.status_code == 403
    assert site.ctx.cases.get(site.case_id).name == "Demo"


def test_logout_ends_the_session(site: Site) -> None:
    client = site.client("lezer")
    assert client.get("/cases").status_code == 200
    assert client.post("/uitloggen").status_code == 303
    assert client.get("/cases").status_code == 303


def test_non_member_gets_404_for_a_case(site: Site) -> None:
    client = site.client("buitenstaander")
    assert client.get(f"/cases/{site.case_id}/instellingen").status_code == 404
    assert client.get("/cases/999999/instellingen").status_code == 404


def test_deactivated_user_loses_its_session(site: Site) -> None:
    client = site.client("lezer")
    user = max(site.ctx.accounts.all_users(), key=lambda u: u.id)
    assert user is not None
    site.ctx.accounts.set_active(user.id, False)
    assert client.get("/cases").status_code == 303


def test_invitation_link_sets_password_once(site: Site) -> None:
    user = site.ctx.accounts.create_user("nieuw@example.nl")
    token = site.ctx.accounts.issue_link(user.id, "invitation")
    client = site.client("anoniem")
    assert client.get(f"/link/{token}").status_code == 200
    data = {"password": "een-goed-wachtwoord", "repeat": "een-goed-wachtwoord"}
    assert client.post(f"/link/{token}", data=data).status_code == 303
    assert client.get("/cases").status_code == 200
    assert site.client("anoniem").get(f"/link/{token}").status_code == 404


def test_a_case_request_looks_up_its_session_once(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = site.client("adviseur")
    lookups: list[str] = []
    accounts = site.ctx.accounts
    real = accounts.session_user

    def counted(token: str) -> Any:
        lookups.append(token)
        return real(token)

    monkeypatch.setattr(accounts, "session_user", counted)
    for url in (f"/cases/{site.case_id}", f"/api/v1/cases/{site.case_id}/participants"):
        lookups.clear()
        assert client.get(url).status_code == 200
        assert len(lookups) == 1, url
