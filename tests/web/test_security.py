"""Secure defaults: size limits, headers, all-or-nothing uploads, no open redirect, demo login
only on loopback, Dutch messages for malformed requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSWORD, Site

from samenrekenen.web.app import create_app
from samenrekenen.web.settings import DEMO_EMAIL, Settings, is_loopback

ENGLISH = ("Field required", "Input should be", "value is not a valid", "JSON decode error")


def test_oversized_request_is_refused_with_413(site: Site) -> None:
    client = site.client("admin")
    big = b"x" * (site.ctx.settings.max_request_bytes + 1)
    files = {"file": ("groot.yaml", big, "application/yaml")}
    response = client.post("/cases", data={"source": "bestand"}, files=files)
    assert response.status_code == 413
    assert "te groot" in response.text


def test_invalid_upload_lists_every_problem_and_creates_nothing(site: Site) -> None:
    client = site.client("admin")
    admin = max(site.ctx.accounts.all_users(), key=lambda u: u.id)
    before = len(site.ctx.cases.visible_to(admin))
    text = "cooperation:\n  name: X\n  first_year: 1800\nparticipants: []\nscenarios: []\n"
    files = {"file": ("fout.yaml", text.encode(), "application/yaml")}
    response = client.post("/cases", data={"source": "bestand"}, files=files)
    assert response.status_code == 400
    assert "er is niets veranderd" in response.text
    assert response.text.count("<li>") >= 2
    assert len(site.ctx.cases.visible_to(admin)) == before


def test_replacing_by_an_invalid_upload_changes_nothing(site: Site) -> None:
    client = site.client("beheerder")
    before = site.ctx.cases.get(site.case_id)
    files = {"file": ("fout.json", b'{"cooperation": {}}', "application/json")}
    response = client.post(
        f"/cases/{site.case_id}/upload", data={"revision": before.revision}, files=files
    )
    assert response.status_code == 400
    after = site.ctx.cases.get(site.case_id)
    assert after.revision == before.revision and after.document == before.document


def test_pages_carry_security_headers(site: Site) -> None:
    response = site.client("lezer").get("/cases")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_and_api_answers_are_not_cached_but_static_assets_may_be(site: Site) -> None:
    client = site.client("lezer")
    for url in ("/cases", f"/api/v1/cases/{site.case_id}", "/api/v1/cases/999999"):
        response = client.get(url)
        assert response.headers["cache-control"] == "no-store", url
        assert response.headers["x-frame-options"] == "DENY", url
    asset = client.get("/static/htmx.min.js")
    assert asset.status_code == 200
    assert "cache-control" not in asset.headers
    assert asset.headers["x-content-type-options"] == "nosniff"


def test_session_cookie_is_http_only_and_same_site(site: Site) -> None:
    email, _user = site.user("lezer")
    client = site.client("anoniem")
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http on loopback, as `make run` serves


def test_session_cookie_is_secure_behind_an_https_proxy(site: Site) -> None:
    # `serve --secure-cookies`: the proxy speaks HTTPS, the app sees plain http.
    site.ctx.settings.secure_cookies = True
    email, _user = site.user("lezer")
    response = site.client("anoniem").post("/inloggen", data={"email": email, "password": PASSWORD})
    assert "; secure" in response.headers["set-cookie"].lower()


def test_login_does_not_redirect_to_another_site(site: Site) -> None:
    email, _user = site.user("lezer")
    client = site.client("anoniem")
    data = {"email": email, "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post("/inloggen", data=data)
    assert response.headers["location"] == "/cases"


def test_malformed_page_request_gets_dutch_message(site: Site) -> None:
    response = site.client("lezer").get("/cases/abc/instellingen")
    assert response.status_code in (400, 404)
    assert not any(text in response.text for text in ENGLISH)


def test_malformed_api_body_gets_dutch_message(site: Site) -> None:
    client = site.client("anoniem")
    response = client.post(
        "/api/v1/session", content=b"{niet json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    body = json.dumps(response.json())
    assert not any(text in body for text in ENGLISH)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False)],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_demo_login_exists_only_on_loopback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    local = create_app(
        Settings(database_url=url, data_dir=tmp_path, with_demo=True, start_worker=False)
    )
    demo = local.state.ctx.accounts.by_email(DEMO_EMAIL)
    assert demo is not None and demo.active
    local.state.ctx.db.dispose()
    public = create_app(
        Settings(
            database_url=url,
            data_dir=tmp_path,
            host="0.0.0.0",
            with_demo=True,
            start_worker=False,
        )
    )
    demo = public.state.ctx.accounts.by_email(DEMO_EMAIL)
    assert demo is not None and not demo.active
    cases = public.state.ctx.cases
    assert (
        len(cases.visible_to(public.state.ctx.accounts.create_user("a@b.nl", "", None, True))) == 1
    )
    public.state.ctx.db.dispose()


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_the_demo_login_ends_when_served_again_without_the_demo(tmp_path: Path, host: str) -> None:
    # First `make run` (demo on loopback), later the same database without --demo.
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    create_app(
        Settings(database_url=url, data_dir=tmp_path, with_demo=True, start_worker=False)
    ).state.ctx.db.dispose()
    again = create_app(Settings(database_url=url, data_dir=tmp_path, host=host, start_worker=False))
    demo = again.state.ctx.accounts.by_email(DEMO_EMAIL)
    assert demo is not None and not demo.active
    again.state.ctx.db.dispose()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://kwaadwillend.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_login_and_link_forms_sent_from_another_site_are_refused(
    site: Site, headers: dict[str, str]
) -> None:
    # Login CSRF: another site logging the browser in to an account of its choosing.
    email, user = site.user("lezer")
    client = site.client("anoniem")
    data = {"email": email, "password": PASSWORD}
    refused = client.post("/inloggen", data=data, headers=headers)
    assert refused.status_code == 403
    assert "andere website" in refused.text
    token = site.ctx.accounts.issue_link(user.id, "reset")
    link = client.post(
        f"/link/{token}", data={"password": PASSWORD, "repeat": PASSWORD}, headers=headers
    )
    assert link.status_code == 403
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/inloggen", data=data, headers=same).status_code == 303
