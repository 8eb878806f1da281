"""Every route of the app (pages and API) × every role: allowed exactly when the role has the
right the route needs.

The route table comes from the app itself; :data:`RIGHTS` classifies each (method, path
template) by the minimal right it needs, and the first test fails when a route is missing from
the classification or the classification names a route that no longer exists. A request counts
as allowed when it gets past authorisation: any answer but 401/403/404 (400, 409 and 422 mean
the minimal sample body was refused *after* the rights were checked) and, for a page, no
redirect to the login page. Denied means 401 for an anonymous API call, a redirect to
``/inloggen`` for an anonymous page, and 403 or 404 for everyone else.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Site, make_site
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from starlette.routing import Mount

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.io.results import result_to_dict
from samenrekenen.model.edits import Edit, EditKind, get_at
from samenrekenen.report.charts import CHART_KINDS
from samenrekenen.store.tables import CaseRow

API = "/api/v1"
ROLES = (
    "anoniem",
    "buitenstaander",
    "lezer",
    "deelnemer",
    "deelnemer_ander",
    "adviseur",
    "beheerder",
    "admin",
)
"""``deelnemer`` acts on its own participant (gm9001); ``deelnemer_ander`` is the same kind of
member acting on another participant's resources (gm9002)."""

MEMBERS = {"lezer", "deelnemer", "deelnemer_ander", "adviseur", "beheerder", "admin"}
ALLOWED: dict[str, set[str]] = {
    "public": set(ROLES),
    "login": set(ROLES) - {"anoniem"},
    "admin": {"admin"},
    "member": MEMBERS,
    "sees_detail": MEMBERS - {"deelnemer_ander"},
    "sees_all": {"lezer", "adviseur", "beheerder", "admin"},
    "edit": MEMBERS - {"lezer"},
    "edit_own": {"deelnemer", "adviseur", "beheerder", "admin"},
    "edit_all": {"adviseur", "beheerder", "admin"},
    "manage": {"beheerder", "admin"},
}
"""Which roles have each right. ``sees_detail``: the participant in the path; ``sees_all``:
every participant (case files); ``edit``: any change (not a *lezer*); ``edit_own``: the
participant or line in the request must be the user's own unless the role edits everything."""

RIGHTS: dict[tuple[str, str], str] = {
    # account pages
    ("GET", "/"): "public",
    ("GET", "/inloggen"): "public",
    ("POST", "/inloggen"): "public",
    ("POST", "/uitloggen"): "login",
    ("GET", "/link/{token}"): "public",
    ("POST", "/link/{token}"): "public",
    ("GET", "/beheer/gebruikers"): "admin",
    ("POST", "/beheer/gebruikers"): "admin",
    ("POST", "/beheer/gebruikers/{user_id}/herstellink"): "admin",
    ("POST", "/beheer/gebruikers/{user_id}/actief"): "admin",
    # case pages
    ("GET", "/cases"): "login",
    ("POST", "/cases"): "admin",
    ("GET", "/cases/{case_id}/download"): "sees_all",
    ("POST", "/cases/{case_id}/upload"): "edit_all",
    ("GET", "/cases/{case_id}/instellingen"): "member",
    ("POST", "/cases/{case_id}/instellingen"): "manage",
    ("POST", "/cases/{case_id}/leden"): "manage",
    ("POST", "/cases/{case_id}/leden/{user_id}/verwijderen"): "manage",
    ("POST", "/cases/{case_id}/verwijderen"): "manage",
    # overview and results pages
    ("GET", "/cases/{case_id}"): "member",
    ("GET", "/cases/{case_id}/overzicht/resultaten"): "member",
    ("GET", "/cases/{case_id}/resultaten"): "member",
    ("GET", "/cases/{case_id}/resultaten/{scenario_id}"): "member",
    ("GET", "/cases/{case_id}/grafiek/{scenario_id}/{kind}.svg"): "member",
    # fairness pages
    ("GET", "/cases/{case_id}/eerlijkheid"): "member",
    ("GET", "/cases/{case_id}/coalities"): "member",
    ("GET", "/cases/{case_id}/verrekening"): "member",
    ("GET", "/cases/{case_id}/verrekening/inrichten"): "member",
    ("GET", "/cases/{case_id}/verrekening/dfa"): "sees_detail",
    ("GET", "/cases/{case_id}/toe-en-uittreding"): "member",
    # risk, benefits and steering pages
    ("GET", "/cases/{case_id}/risicos"): "member",
    ("GET", "/cases/{case_id}/baten"): "member",
    ("POST", "/cases/{case_id}/baten/standaardnetwerk"): "edit_all",
    ("GET", "/cases/{case_id}/plan-werkelijk"): "member",
    ("POST", "/cases/{case_id}/plan-werkelijk/bestand"): "edit_all",
    # process pages (forming the cooperation)
    ("GET", "/cases/{case_id}/proces"): "member",
    ("GET", "/cases/{case_id}/proces/rechtsvorm"): "member",
    ("POST", "/cases/{case_id}/proces/rechtsvorm/scores"): "edit_all",
    ("GET", "/cases/{case_id}/proces/knip"): "member",
    ("GET", "/cases/{case_id}/proces/kansen"): "member",
    ("POST", "/cases/{case_id}/proces/kansen/{opportunity_id}/case"): "admin",
    ("GET", "/cases/{case_id}/proces/voorzieningen"): "member",
    ("GET", "/cases/{case_id}/proces/checklists"): "member",
    ("GET", "/cases/{case_id}/proces/rapporten"): "member",
    ("GET", "/cases/{case_id}/proces/rapporten/{slug}"): "sees_all",
    # editor pages
    ("GET", "/cases/{case_id}/deelnemers"): "member",
    ("GET", "/cases/{case_id}/deelnemers/{participant_id}"): "sees_detail",
    ("GET", "/cases/{case_id}/deelnemers/{participant_id}/totalen"): "sees_detail",
    ("GET", "/cases/{case_id}/deelnemers/{participant_id}/invulbestand"): "sees_detail",
    ("POST", "/cases/{case_id}/deelnemers/{participant_id}/invulbestand"): "edit_own",
    # report and export
    ("GET", "/cases/{case_id}/rapport"): "member",
    ("GET", "/cases/{case_id}/rapport/bestand"): "sees_all",
    ("GET", "/cases/{case_id}/scenarios"): "member",
    ("GET", "/cases/{case_id}/scenarios/{scenario_id}"): "member",
    ("POST", "/cases/{case_id}/wijzig"): "edit_own",
    # history pages
    ("GET", "/cases/{case_id}/wijzigingen"): "member",
    ("GET", "/cases/{case_id}/versies"): "member",
    ("POST", "/cases/{case_id}/versies"): "edit_all",
    ("GET", "/cases/{case_id}/versies/vergelijk"): "member",
    ("GET", "/cases/{case_id}/versies/{version_id}"): "member",
    ("GET", "/cases/{case_id}/versies/{version_id}/download"): "sees_all",
    ("POST", "/cases/{case_id}/herberekenen"): "edit",
    ("GET", "/cases/{case_id}/taken/{job_id}"): "member",
    # API
    ("POST", f"{API}/session"): "public",
    ("POST", f"{API}/links/{{token}}"): "public",
    ("DELETE", f"{API}/session"): "login",
    ("GET", f"{API}/me"): "login",
    ("GET", f"{API}/cases"): "login",
    ("POST", f"{API}/cases"): "admin",
    ("GET", f"{API}/cases/{{case_id}}"): "member",
    ("PATCH", f"{API}/cases/{{case_id}}"): "manage",
    ("DELETE", f"{API}/cases/{{case_id}}"): "manage",
    ("PUT", f"{API}/cases/{{case_id}}/document"): "edit_all",
    ("GET", f"{API}/cases/{{case_id}}/document"): "sees_all",
    ("POST", f"{API}/cases/{{case_id}}/edits"): "edit_own",
    ("GET", f"{API}/cases/{{case_id}}/participants"): "member",
    ("GET", f"{API}/cases/{{case_id}}/participants/{{participant_id}}"): "sees_detail",
    ("GET", f"{API}/cases/{{case_id}}/participants/{{participant_id}}/template"): "sees_detail",
    ("PUT", f"{API}/cases/{{case_id}}/participants/{{participant_id}}/template"): "edit_own",
    ("GET", f"{API}/cases/{{case_id}}/exports/{{fmt}}"): "sees_all",
    ("GET", f"{API}/cases/{{case_id}}/scenarios"): "member",
    ("GET", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines"): "member",
    ("POST", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines"): "edit_own",
    ("GET", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines/{{line_id}}"): "member",
    ("DELETE", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines/{{line_id}}"): "edit_own",
    ("GET", f"{API}/cases/{{case_id}}/results"): "member",
    ("GET", f"{API}/cases/{{case_id}}/results/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/fairness/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/coalitions/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/charging/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/montecarlo/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/sensitivity/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/benefits-network"): "member",
    ("GET", f"{API}/cases/{{case_id}}/plan-actual"): "member",
    ("PUT", f"{API}/cases/{{case_id}}/actuals"): "edit_all",
    ("GET", f"{API}/cases/{{case_id}}/formation"): "member",
    ("GET", f"{API}/cases/{{case_id}}/guidance/{{part}}"): "member",
    ("POST", f"{API}/cases/{{case_id}}/opportunities/{{opportunity_id}}/case"): "admin",
    ("GET", f"{API}/cases/{{case_id}}/phase-reports/{{report}}"): "sees_all",
    ("GET", f"{API}/cases/{{case_id}}/entry-exit/{{scenario_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/charging/{{scenario_id}}/dfa/{{participant_id}}"): (
        "sees_detail"
    ),
    ("GET", f"{API}/cases/{{case_id}}/versions"): "member",
    ("POST", f"{API}/cases/{{case_id}}/versions"): "edit_all",
    ("GET", f"{API}/cases/{{case_id}}/versions/compare"): "member",
    ("GET", f"{API}/cases/{{case_id}}/versions/{{version_id}}"): "member",
    ("GET", f"{API}/cases/{{case_id}}/audit"): "member",
    ("GET", f"{API}/cases/{{case_id}}/members"): "manage",
    ("POST", f"{API}/cases/{{case_id}}/members"): "manage",
    ("PUT", f"{API}/cases/{{case_id}}/members/{{user_id}}"): "manage",
    ("DELETE", f"{API}/cases/{{case_id}}/members/{{user_id}}"): "manage",
    ("GET", f"{API}/users"): "admin",
    ("POST", f"{API}/users"): "admin",
    ("POST", f"{API}/users/{{user_id}}/link"): "admin",
    ("PATCH", f"{API}/users/{{user_id}}"): "admin",
    ("POST", f"{API}/cases/{{case_id}}/jobs"): "edit",
    ("GET", f"{API}/cases/{{case_id}}/jobs/{{job_id}}"): "member",
}

EXCLUDED = {("GET", f"{API}/openapi.json")}
"""Framework routes that are public by design: the OpenAPI document. (There is no viewer:
FastAPI's Swagger UI would load from the internet, and the app must work offline.)"""

OWN, OTHER = "gm9001", "gm9002"
_numbers = itertools.count(1)


def app_routes(site: Site) -> set[tuple[str, str]]:
    """(method, path template) of every route of the app, without HEAD and the static mount."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(site.app.routes):
        if isinstance(route.original_route, Mount):
            assert route.path == "/static", route.path
            continue
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method, str(route.path)))
    return found


# --- the world the requests run in -------------------------------------------------------------


@dataclass
class Request:
    """One request: path parameters and a body (JSON for the API, a form for pages)."""

    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    data: dict[str, str] | None = None
    query: dict[str, Any] = field(default_factory=dict)
    client: TestClient | None = None


@dataclass
class World:
    """The site with a logged-in client per role and the ids the sample requests use."""

    site: Site
    clients: dict[str, TestClient]
    users: dict[str, Any]
    version_id: int
    job_id: int
    token: str

    @property
    def case_id(self) -> int:
        """The demo case."""
        return self.site.case_id

    def revision(self) -> int:
        """The demo case's current revision."""
        return self.site.ctx.cases.get(self.case_id).revision

    def document(self) -> dict[str, Any]:
        """The demo case's current document."""
        return self.site.ctx.cases.get(self.case_id).document

    def throwaway_user(self) -> Any:
        """A new user without any role."""
        return self.site.ctx.accounts.create_user(f"wegwerp{next(_numbers)}@example.nl")

    def throwaway_member(self, case_id: int | None = None) -> Any:
        """A new user who is *lezer* of the demo case (or of ``case_id``)."""
        user = self.throwaway_user()
        self.site.ctx.cases.set_member(case_id or self.case_id, user.id, "lezer")
        return user

    def throwaway_case(self) -> int:
        """A copy of the demo case in which every role has its role in the demo case."""
        ctx = self.site.ctx
        row = ctx.cases.create("Wegwerp", self.document(), None)
        for member, user in ctx.cases.members(self.case_id):
            ctx.cases.set_member(row.id, user.id, member.role, member.participant_id)
        return row.id

    def throwaway_line(self, bearer: str) -> str:
        """A new structural cost of scenario kostenreductie borne by ``bearer``; its id."""
        line_id = f"wegwerp-{next(_numbers)}"
        line = {"id": line_id, "bearer": bearer, "category": "software", "values": {"2027": 1}}
        edit = Edit(EditKind.ADD, "scenarios[1].structural_costs", line)
        self.site.ctx.cases.apply(self.case_id, edit, self.revision(), self.users["admin"])
        return line_id

    def fresh_client(self, role: str) -> TestClient:
        """A new session of a new user with ``role`` (for requests that end the session)."""
        if role == "anoniem":
            return self.site.client("anoniem")
        return self.site.client(_member_role(role), _participant(role))


def _member_role(role: str) -> str:
    return "deelnemer" if role == "deelnemer_ander" else role


def _participant(role: str) -> str:
    return OTHER if role == "deelnemer_ander" else OWN


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One site for the whole matrix; requests leave the demo case usable for the next."""
    site = make_site(Path(tmp_path_factory.mktemp("matrix")))
    clients = {role: site.client(_member_role(role)) for role in ROLES if role != "deelnemer_ander"}
    clients["deelnemer_ander"] = clients["deelnemer"]
    accounts = {u.email: u for u in site.ctx.accounts.all_users()}
    users = {
        role: accounts[email]
        for role, email in (
            (role, _email_of(site, client)) for role, client in clients.items() if role != "anoniem"
        )
    }
    ctx = site.ctx
    version = ctx.cases.create_version(
        site.case_id,
        "Matrix",
        "test",
        ENGINE_VERSION,
        lambda case: result_to_dict(calculate(case), case=case),
    )
    job = ctx.jobs.submit(site.case_id, "recalculate", 1, "test")
    token = ctx.accounts.issue_link(ctx.accounts.create_user("link@example.nl").id, "invitation")
    yield World(site, clients, users, version.id, job.id, token)
    for client in site.clients:
        client.close()
    site.ctx.db.dispose()


def _email_of(site: Site, client: TestClient) -> str:
    found = site.ctx.accounts.session_user(client.cookies["samenrekenen_sessie"])
    assert found is not None
    return found[0].email


# --- sample requests per route -----------------------------------------------------------------

Sample = Callable[[World, str], Request]


def _cost_path(participant: str) -> str:
    return f"participants[{int(participant[-2:]) - 1}].baseline.costs[0].visible_eur"


def _page_edit(w: World, role: str) -> Request:
    path = _cost_path(_participant(role))
    value = get_at(w.document(), path)
    form = {"path": path, "revision": str(w.revision()), "value": str(value), "kind": "set"}
    return Request(data=form)


def _api_edit(w: World, role: str) -> Request:
    path = _cost_path(_participant(role))
    value = get_at(w.document(), path)
    body = {"kind": "set", "path": path, "value": value, "base_revision": w.revision()}
    return Request(json=body)


def _api_add_line(w: World, role: str) -> Request:
    line = {
        "id": f"matrix-{next(_numbers)}",
        "bearer": _participant(role),
        "category": "software",
        "values": {"2027": 1},
    }
    return Request(json={"kind": "structural_costs", "line": line, "base_revision": w.revision()})


def _api_remove_line(w: World, role: str) -> Request:
    line_id = w.throwaway_line(_participant(role))
    return Request(params={"line_id": line_id}, query={"base_revision": w.revision()})


def _replace(w: World, role: str) -> Request:
    return Request(json={"document": w.document(), "base_revision": w.revision()})


def _new_email(w: World, role: str) -> Request:
    return Request(data={"email": f"nieuw{next(_numbers)}@example.nl", "name": "Nieuw"})


def _api_new_user(w: World, role: str) -> Request:
    return Request(json={"email": f"nieuw{next(_numbers)}@example.nl"})


def _page_add_member(w: World, role: str) -> Request:
    return Request(data={"email": w.throwaway_user().email, "role": "lezer"})


def _api_add_member(w: World, role: str) -> Request:
    return Request(json={"email": w.throwaway_user().email, "role": "lezer"})


def _throwaway_user(w: World, role: str) -> Request:
    return Request(params={"user_id": w.throwaway_user().id})


def _throwaway_member(w: World, role: str) -> Request:
    return Request(params={"user_id": w.throwaway_member().id})


def _throwaway_case(w: World, role: str) -> Request:
    return Request(params={"case_id": w.throwaway_case()})


def _new_session(w: World, role: str) -> Request:
    return Request(client=w.fresh_client(role))


SAMPLES: dict[tuple[str, str], Sample] = {
    ("POST", "/inloggen"): lambda w, r: Request(data={"email": "", "password": ""}),
    ("POST", "/uitloggen"): _new_session,
    ("POST", "/link/{token}"): lambda w, r: Request(data={"password": "a", "repeat": "b"}),
    ("POST", "/beheer/gebruikers"): _new_email,
    ("POST", "/beheer/gebruikers/{user_id}/herstellink"): _throwaway_user,
    ("POST", "/beheer/gebruikers/{user_id}/actief"): lambda w, r: Request(
        params={"user_id": w.throwaway_user().id}, data={"active": "true"}
    ),
    ("POST", "/cases"): lambda w, r: Request(data={"name": "Nieuw", "source": "leeg"}),
    ("POST", "/cases/{case_id}/upload"): lambda w, r: Request(data={"revision": "1"}),
    ("POST", "/cases/{case_id}/instellingen"): lambda w, r: Request(data={"name": "Demo"}),
    ("POST", "/cases/{case_id}/leden"): _page_add_member,
    ("POST", "/cases/{case_id}/leden/{user_id}/verwijderen"): _throwaway_member,
    ("POST", "/cases/{case_id}/verwijderen"): _throwaway_case,
    ("POST", "/cases/{case_id}/wijzig"): _page_edit,
    ("POST", "/cases/{case_id}/versies"): lambda w, r: Request(data={"name": "Versie"}),
    ("POST", f"{API}/session"): lambda w, r: Request(
        json={"email": "x@example.nl", "password": "x"}
    ),
    ("DELETE", f"{API}/session"): _new_session,
    ("POST", f"{API}/links/{{token}}"): lambda w, r: Request(json={"password": "kort"}),
    ("POST", f"{API}/cases"): lambda w, r: Request(json={"source": "empty"}),
    ("PATCH", f"{API}/cases/{{case_id}}"): lambda w, r: Request(json={"name": "Demo"}),
    ("DELETE", f"{API}/cases/{{case_id}}"): _throwaway_case,
    ("PUT", f"{API}/cases/{{case_id}}/document"): _replace,
    ("POST", f"{API}/cases/{{case_id}}/edits"): _api_edit,
    ("POST", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines"): _api_add_line,
    ("DELETE", f"{API}/cases/{{case_id}}/scenarios/{{scenario_id}}/lines/{{line_id}}"): (
        _api_remove_line
    ),
    ("POST", f"{API}/cases/{{case_id}}/versions"): lambda w, r: Request(json={"name": "Versie"}),
    ("GET", f"{API}/cases/{{case_id}}/versions/compare"): lambda w, r: Request(
        query={"a": w.version_id, "b": w.version_id}
    ),
    ("GET", f"{API}/cases/{{case_id}}/entry-exit/{{scenario_id}}"): lambda w, r: Request(
        query={"participant": "gm9003", "year": 2030}
    ),
    ("GET", f"{API}/cases/{{case_id}}/charging/{{scenario_id}}/dfa/{{participant_id}}"): (
        lambda w, r: Request(query={"year": 2030})
    ),
    ("GET", "/cases/{case_id}/verrekening/dfa"): lambda w, r: Request(
        query={"jaar": 2030, "deelnemer": _participant(r)}
    ),
    ("POST", f"{API}/cases/{{case_id}}/members"): _api_add_member,
    ("PUT", f"{API}/cases/{{case_id}}/members/{{user_id}}"): lambda w, r: Request(
        params={"user_id": w.throwaway_user().id}, json={"role": "lezer"}
    ),
    ("DELETE", f"{API}/cases/{{case_id}}/members/{{user_id}}"): _throwaway_member,
    ("POST", f"{API}/users"): _api_new_user,
    ("POST", f"{API}/users/{{user_id}}/link"): lambda w, r: Request(
        params={"user_id": w.throwaway_user().id}, json={"purpose": "reset"}
    ),
    ("PATCH", f"{API}/users/{{user_id}}"): lambda w, r: Request(
        params={"user_id": w.throwaway_user().id}, json={"active": True}
    ),
    ("POST", f"{API}/cases/{{case_id}}/jobs"): lambda w, r: Request(json={"kind": "recalculate"}),
    ("GET", "/cases/{case_id}/rapport/bestand"): lambda w, r: Request(query={"formaat": "html"}),
    ("PUT", f"{API}/cases/{{case_id}}/participants/{{participant_id}}/template"): (
        lambda w, r: Request(query={"base_revision": w.revision()})
    ),
    ("PUT", f"{API}/cases/{{case_id}}/actuals"): lambda w, r: Request(
        query={"base_revision": w.revision()}
    ),
    ("POST", "/cases/{case_id}/baten/standaardnetwerk"): lambda w, r: Request(
        data={"revision": str(w.revision())}
    ),
    ("GET", f"{API}/cases/{{case_id}}/montecarlo/{{scenario_id}}"): lambda w, r: Request(
        query={"draws": 50, "seed": 1}
    ),
    ("POST", "/cases/{case_id}/proces/rechtsvorm/scores"): lambda w, r: Request(
        data={"revision": str(w.revision())}
    ),
    ("POST", "/cases/{case_id}/proces/kansen/{opportunity_id}/case"): lambda w, r: Request(
        params={"opportunity_id": "belastingen-inkoop"}
    ),
    ("GET", "/cases/{case_id}/proces/rapporten/{slug}"): lambda w, r: Request(
        params={"slug": "verkenningsrapport"}, query={"formaat": "html"}
    ),
    ("GET", f"{API}/cases/{{case_id}}/guidance/{{part}}"): lambda w, r: Request(
        params={"part": "phases"}
    ),
    ("POST", f"{API}/cases/{{case_id}}/opportunities/{{opportunity_id}}/case"): (
        lambda w, r: Request(params={"opportunity_id": "belastingen-inkoop"})
    ),
    ("GET", f"{API}/cases/{{case_id}}/phase-reports/{{report}}"): lambda w, r: Request(
        params={"report": "exploration"}
    ),
}
"""Requests that need a body or their own objects; others get only the default parameters."""


def _defaults(w: World, role: str) -> dict[str, Any]:
    return {
        "case_id": w.case_id,
        "participant_id": _participant(role),
        "scenario_id": "kostenreductie",
        "line_id": "knip-ict",
        "version_id": w.version_id,
        "job_id": w.job_id,
        "user_id": w.users["lezer"].id,
        "token": w.token,
        "kind": next(iter(CHART_KINDS)),
        "fmt": "html",
    }


def send(w: World, method: str, template: str, role: str) -> Response:
    """The sample request of a route sent as ``role``."""
    sample = SAMPLES.get((method, template), lambda w, r: Request())(w, role)
    url = template.format(**{**_defaults(w, role), **sample.params})
    client = sample.client or w.clients[role]
    return client.request(method, url, params=sample.query, json=sample.json, data=sample.data)


def _to_login(response: Response) -> bool:
    """Whether a page sent the request to the login page because no one is logged in (a
    logout also ends on the login page, but without ``next``)."""
    location = response.headers.get("location", "")
    return response.status_code in (302, 303, 307) and location.startswith("/inloggen?next=")


# --- tests -------------------------------------------------------------------------------------


def test_every_route_is_classified_and_every_classification_is_a_route(world: World) -> None:
    routes = app_routes(world.site) - EXCLUDED
    missing = sorted(routes - set(RIGHTS))
    stale = sorted(set(RIGHTS) - routes)
    assert not missing, f"routes without a classification in RIGHTS: {missing}"
    assert not stale, f"classified routes that no longer exist: {stale}"
    assert app_routes(world.site) >= EXCLUDED
    assert set(RIGHTS.values()) <= set(ALLOWED)


def test_api_routes_are_in_the_openapi_document_and_pages_are_not(world: World) -> None:
    spec = world.clients["anoniem"].get(f"{API}/openapi.json").json()
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    api = {(m, p) for m, p in RIGHTS if p.startswith(API)}
    assert documented == api


@pytest.mark.parametrize(
    ("method", "template"), sorted(RIGHTS), ids=[f"{m} {p}" for m, p in sorted(RIGHTS)]
)
def test_route_is_allowed_exactly_for_roles_with_the_right(
    world: World, method: str, template: str
) -> None:
    right = RIGHTS[(method, template)]
    is_api = template.startswith(API)
    problems = []
    for role in ROLES:
        response = send(world, method, template, role)
        status = response.status_code
        assert status < 500, (role, response.text)
        if role in ALLOWED[right]:
            denied = status in (401, 403, 404) or _to_login(response)
            if denied:
                problems.append(f"{role}: expected allowed, got {status} {response.text[:200]}")
        elif role == "anoniem":
            expected = status == 401 if is_api else _to_login(response)
            if not expected:
                problems.append(f"{role}: expected login required, got {status}")
        elif status not in (403, 404):
            problems.append(f"{role}: expected 403/404, got {status} {response.text[:200]}")
    assert not problems, f"{method} {template} ({right}):\n" + "\n".join(problems)
    assert_no_route_changed_the_shared_document(world.site)


def assert_no_route_changed_the_shared_document(site: Site) -> None:
    """Every request shares one parsed document per revision (Cases.get caches it), so a
    route that changed it in place would change what everyone else sees."""
    shared = site.ctx.cases.get(site.case_id)
    with site.ctx.db.session() as session:
        stored = session.get(CaseRow, site.case_id)
        assert stored is not None
        assert stored.revision == shared.revision
        assert stored.document == shared.document
