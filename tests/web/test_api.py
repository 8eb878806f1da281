"""The JSON API: main flows and every refusal (401, 403, 404, 409, 422), all in Dutch."""

from __future__ import annotations

import json
import re
from typing import Any, get_args

import pytest
from conftest import PASSWORD, Site
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.io.results import result_to_dict
from samenrekenen.model.scenario import LINE_LISTS
from samenrekenen.web.api_models import LineKind
from samenrekenen.web.worker import Worker

API = "/api/v1"
COST = "participants[0].baseline.costs[0].visible_eur"
OTHER_COST = "participants[1].baseline.costs[0].visible_eur"
ENGLISH = re.compile(
    r"Field required|Input should|should be|is not a valid|Extra inputs|value is not|"
    r"String should|JSON decode|Expecting value|Unprocessable|Not Found|Method Not Allowed|"
    r"Unauthorized|Forbidden|Internal Server Error"
)
OWN_LINE = {
    "id": "eigen-licentie",
    "bearer": "gm9001",
    "category": "software",
    "values": {"2027": 1000},
}


PUBLIC_API = {("POST", f"{API}/session"), ("POST", f"{API}/links/{{token}}")}
"""The API routes for who is not logged in yet: logging in, and setting a password by link."""


def api_client(site: Site, role: str, participant: str = "gm9001") -> TestClient:
    """A client with a bearer token of a new user with ``role`` (no cookie, no CSRF header)."""
    email, _user = site.user(role, participant)
    client = TestClient(site.app, follow_redirects=False)
    site.clients.append(client)
    response = client.post(f"{API}/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return client


def refused(response: Response, status: int) -> Any:
    """The body of a refusal with ``status``: JSON with Dutch text only."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert not ENGLISH.search(response.text), response.text
    body = response.json()
    assert body["detail"]
    return body


def revision(client: TestClient, case_id: int) -> int:
    """The case's current revision."""
    response = client.get(f"{API}/cases/{case_id}")
    assert response.status_code == 200, response.text
    return int(response.json()["revision"])


def edit(client: TestClient, case_id: int, path: str, value: Any, base: int) -> Response:
    """Send one ``set`` edit."""
    body = {"kind": "set", "path": path, "value": value, "base_revision": base}
    return client.post(f"{API}/cases/{case_id}/edits", json=body)


# --- session -----------------------------------------------------------------------------------


def test_login_me_and_logout_with_a_bearer_token(site: Site) -> None:
    email, user = site.user("lezer")
    client = site.client("anoniem")
    response = client.post(f"{API}/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201
    session = response.json()
    assert session["user"] == {
        "id": user.id,
        "email": email,
        "name": "lezer",
        "is_admin": False,
        "active": True,
    }
    headers = {"Authorization": f"Bearer {session['token']}"}
    assert client.get(f"{API}/me", headers=headers).json()["email"] == email
    assert client.delete(f"{API}/session", headers=headers).status_code == 204
    refused(client.get(f"{API}/me", headers=headers), 401)


def test_wrong_password_is_refused_in_dutch(site: Site) -> None:
    email, _user = site.user("lezer")
    client = site.client("anoniem")
    body = refused(client.post(f"{API}/session", json={"email": email, "password": "fout"}), 400)
    assert body["detail"] == "E-mailadres of wachtwoord klopt niet."


def test_anonymous_gets_401_on_every_protected_api_route(site: Site) -> None:
    client = site.client("anoniem")
    samples = {
        "case_id": site.case_id,
        "participant_id": "gm9001",
        "scenario_id": "kostenreductie",
        "line_id": "knip-ict",
        "version_id": 1,
        "job_id": 1,
        "user_id": 1,
        "fmt": "pdf",
        "part": "phases",
        "opportunity_id": "belastingen-inkoop",
        "report": "exploration",
    }
    checked = 0
    for route in iter_route_contexts(site.app.routes):
        if not isinstance(route.original_route, APIRoute) or not str(route.path).startswith(API):
            continue
        for method in route.methods or ():
            if (method, route.path) in PUBLIC_API:
                continue
            url = str(route.path).format(**samples)
            body = refused(client.request(method, url, json={}), 401)
            assert body["detail"].startswith("Niet ingelogd"), (method, url)
            checked += 1
    assert checked > 30


def test_a_cookie_session_needs_the_csrf_header_and_a_bearer_token_does_not(site: Site) -> None:
    cookie = site.client("beheerder")
    del cookie.headers["X-CSRF-Token"]
    url = f"{API}/cases/{site.case_id}"
    refused(cookie.patch(url, json={"name": "Zonder CSRF"}), 403)
    assert cookie.get(url).status_code == 200
    bearer = api_client(site, "beheerder")
    assert bearer.patch(url, json={"name": "Met token"}).json()["name"] == "Met token"


# --- cases -------------------------------------------------------------------------------------


def test_case_list_and_detail_show_role_rights_and_document(site: Site) -> None:
    client = api_client(site, "adviseur")
    cases = client.get(f"{API}/cases").json()
    assert [(c["id"], c["role"], c["role_label"]) for c in cases] == [
        (site.case_id, "adviseur", "Adviseur")
    ]
    detail = client.get(f"{API}/cases/{site.case_id}").json()
    assert detail["rights"] == {"can_manage": False, "can_edit_all": True, "can_edit": True}
    assert detail["revision"] == 1
    assert len(detail["document"]["participants"]) == 10
    assert api_client(site, "buitenstaander").get(f"{API}/cases").json() == []
    admin_cases = api_client(site, "admin").get(f"{API}/cases").json()
    assert [c["role"] for c in admin_cases] == ["beheerder"]


def test_admin_creates_empty_demo_and_uploaded_cases(site: Site) -> None:
    admin = api_client(site, "admin")
    empty = admin.post(f"{API}/cases", json={"name": "Leeg", "source": "empty"})
    assert empty.status_code == 201
    assert empty.json()["role"] == "beheerder"
    demo = admin.post(f"{API}/cases", json={"source": "demo"}).json()
    assert demo["name"]
    document = admin.get(f"{API}/cases/{site.case_id}/document?format=json").json()
    uploaded = admin.post(f"{API}/cases", json={"source": "document", "document": document})
    assert uploaded.status_code == 201
    created = admin.get(f"{API}/cases/{uploaded.json()['id']}").json()
    assert created["document"]["participants"][0]["id"] == "gm9001"

    document["participants"][0]["baseline"]["costs"][0]["visible_eur"] = -1
    document["scenarios"][0]["id"] = ""
    body = refused(
        admin.post(f"{API}/cases", json={"source": "document", "document": document}), 422
    )
    paths = {problem["path"] for problem in body["detail"]}
    assert COST in paths
    assert all(problem["message"] for problem in body["detail"])
    body = refused(admin.post(f"{API}/cases", json={"source": "document"}), 422)
    assert body["detail"][0]["path"] == "document"

    refused(api_client(site, "beheerder").post(f"{API}/cases", json={"source": "empty"}), 404)


def test_beheerder_changes_settings_and_deletes_the_case(site: Site) -> None:
    url = f"{API}/cases/{site.case_id}"
    refused(api_client(site, "adviseur").patch(url, json={"name": "Nee"}), 403)
    refused(api_client(site, "adviseur").delete(url), 403)
    manager = api_client(site, "beheerder")
    changed = manager.patch(url, json={"name": "Nieuwe naam", "participants_see_others": True})
    assert changed.status_code == 200
    assert changed.json()["name"] == "Nieuwe naam"
    assert changed.json()["participants_see_others"] is True
    refused(manager.patch(url, json={"name": ""}), 422)
    assert manager.delete(url).status_code == 204
    refused(manager.get(url), 404)


def test_replace_and_download_the_case_document(site: Site) -> None:
    client = api_client(site, "adviseur")
    base = f"{API}/cases/{site.case_id}/document"
    yaml_text = client.get(base)
    assert yaml_text.status_code == 200
    assert yaml_text.headers["content-type"].startswith("application/yaml")
    assert "gm9001" in yaml_text.text
    document = client.get(base, params={"format": "json"}).json()
    document["cooperation"]["name"] = "Vervangen"
    replaced = client.put(base, json={"document": document, "base_revision": 1})
    assert replaced.status_code == 200
    assert replaced.json() == {"revision": 2}
    conflict = refused(client.put(base, json={"document": document, "base_revision": 1}), 409)
    assert conflict["changes"][0]["revision"] == 2
    document["participants"] = []
    invalid = refused(client.put(base, json={"document": document, "base_revision": 2}), 422)
    assert invalid["detail"][0]["path"] == "participants"
    refused(client.get(base, params={"format": "xml"}), 422)
    refused(
        api_client(site, "lezer").put(base, json={"document": document, "base_revision": 2}), 403
    )
    refused(api_client(site, "deelnemer").get(base), 404)


# --- edits -------------------------------------------------------------------------------------


def test_edit_is_stored_with_old_and_new_value_and_audited(site: Site) -> None:
    client = api_client(site, "adviseur")
    response = edit(client, site.case_id, COST, 70000, 1)
    assert response.status_code == 200
    assert response.json() == {
        "revision": 2,
        "path": COST,
        "old_value": 64600.0,
        "new_value": 70000,
    }
    added = client.post(
        f"{API}/cases/{site.case_id}/edits",
        json={
            "kind": "add",
            "path": "participants[0].baseline.comments",
            "value": {"text": "Ok"},
            "base_revision": 2,
        },
    )
    assert added.status_code == 200
    audit = client.get(f"{API}/cases/{site.case_id}/audit").json()
    assert [(a["revision"], a["action"], a["path"]) for a in audit] == [
        (3, "add", "participants[0].baseline.comments"),
        (2, "set", COST),
    ]
    only = client.get(f"{API}/cases/{site.case_id}/audit", params={"path": COST, "limit": 5})
    assert [a["revision"] for a in only.json()] == [2]


def test_stale_edit_of_the_same_item_is_a_conflict_and_other_items_go_through(site: Site) -> None:
    first, second = api_client(site, "adviseur"), api_client(site, "beheerder")
    assert edit(first, site.case_id, COST, 70000, 1).status_code == 200
    body = refused(edit(second, site.case_id, COST, 80000, 1), 409)
    assert "intussen gewijzigd" in body["detail"]
    [change] = body["changes"]
    assert change["path"] == COST
    assert change["new_value"] == 70000
    assert change["revision"] == 2
    assert change["user"].startswith("adviseur")
    assert edit(second, site.case_id, OTHER_COST, 1000, 1).status_code == 200
    assert edit(second, site.case_id, COST, 80000, 2).status_code == 200


def test_invalid_edits_answer_422_with_paths_and_dutch_messages(site: Site) -> None:
    client = api_client(site, "beheerder")
    body = refused(edit(client, site.case_id, COST, -5, 1), 422)
    assert body["detail"] == [{"path": COST, "message": "-5 moet 0 of meer zijn"}]
    body = refused(edit(client, site.case_id, "participants[99].name", "X", 1), 422)
    assert body["detail"][0]["path"] == "participants[99].name"
    assert "bestaat niet" in body["detail"][0]["message"]
    body = refused(edit(client, site.case_id, "participants[0].name!", "X", 1), 422)
    assert "ongeldig pad" in body["detail"][0]["message"]
    assert revision(client, site.case_id) == 1


def test_lezer_may_change_nothing(site: Site) -> None:
    client = api_client(site, "lezer")
    case = f"{API}/cases/{site.case_id}"
    refused(edit(client, site.case_id, COST, 1, 1), 403)
    line = {"kind": "structural_costs", "line": OWN_LINE, "base_revision": 1}
    refused(client.post(f"{case}/scenarios/kostenreductie/lines", json=line), 403)
    refused(client.delete(f"{case}/scenarios/kostenreductie/lines/knip-ict?base_revision=1"), 403)
    refused(client.post(f"{case}/versions", json={"name": "Nee"}), 403)
    refused(client.post(f"{case}/jobs", json={"kind": "recalculate"}), 403)
    refused(client.get(f"{case}/members"), 403)
    assert client.get(f"{case}/results").status_code == 200
    assert revision(client, site.case_id) == 1


# --- participants ------------------------------------------------------------------------------


def test_deelnemer_sees_and_edits_only_its_own_participant(site: Site) -> None:
    client = api_client(site, "deelnemer")
    case = f"{API}/cases/{site.case_id}"
    participants = client.get(f"{case}/participants").json()
    assert len(participants) == 10
    assert participants[0]["own"] and participants[0]["sees_detail"]
    assert not participants[1]["own"] and not participants[1]["sees_detail"]
    own = client.get(f"{case}/participants/gm9001").json()
    assert own["path"] == "participants[0]"
    assert own["participant"]["baseline"]["costs"]
    refused(client.get(f"{case}/participants/gm9002"), 404)
    document = client.get(case).json()["document"]
    assert "baseline" in document["participants"][0]
    assert "baseline" not in document["participants"][1]

    assert edit(client, site.case_id, COST, 70000, 1).status_code == 200
    refused(edit(client, site.case_id, OTHER_COST, 1, 2), 403)
    refused(edit(client, site.case_id, "participants[0].name", "Andere naam", 2), 403)

    results = client.get(f"{case}/results").json()
    entities = results["scenarios"][1]["entities"]
    assert "cost_by_category" in entities["gm9001"]
    assert "cost_by_category" not in entities["gm9002"]
    assert "cost" in entities["gm9002"]

    manager = api_client(site, "beheerder")
    assert edit(manager, site.case_id, OTHER_COST, 1234, 2).status_code == 200
    audit = client.get(f"{case}/audit").json()
    assert [a["path"] for a in audit] == [COST]
    conflict = refused(edit(client, site.case_id, OTHER_COST, 1, 2), 403)
    assert "rechten" in conflict["detail"]

    manager.patch(case, json={"participants_see_others": True})
    assert client.get(f"{case}/participants/gm9002").status_code == 200
    seen = client.get(f"{case}/audit").json()
    assert [a["action"] for a in seen] == ["setting", "set", "set"]  # the setting is audited too
    refused(edit(client, site.case_id, OTHER_COST, 1, 3), 403)


def test_deelnemer_edit_of_a_position_that_does_not_exist_is_invalid(site: Site) -> None:
    client = api_client(site, "deelnemer")
    for path in ("participants[99].baseline.costs[0].visible_eur", "scenarios[9].benefits[0].id"):
        body = refused(edit(client, site.case_id, path, 1, 1), 422)
        assert body["detail"][0]["path"] == path


def test_unknown_participant_is_404(site: Site) -> None:
    client = api_client(site, "beheerder")
    refused(client.get(f"{API}/cases/{site.case_id}/participants/gm0000"), 404)


# --- scenarios and lines -----------------------------------------------------------------------


def test_scenarios_and_lines_with_their_paths(site: Site) -> None:
    client = api_client(site, "lezer")
    case = f"{API}/cases/{site.case_id}"
    scenarios = client.get(f"{case}/scenarios").json()
    assert [s["id"] for s in scenarios] == [
        "ongewijzigd-beleid",
        "kostenreductie",
        "minder-meerkosten",
        "minder-meerkosten-vier",
    ]
    assert scenarios[1]["path"] == "scenarios[1]"
    assert scenarios[1]["extends"] == "ongewijzigd-beleid"
    detail = client.get(f"{case}/scenarios/minder-meerkosten").json()
    assert detail["scenario"]["qualitative_items"]
    lines = client.get(f"{case}/scenarios/minder-meerkosten/lines").json()
    kinds = {line["kind"] for line in lines}
    assert {"level_changes", "markups", "benefits", "qualitative_items"} <= kinds
    benefit = client.get(f"{case}/scenarios/minder-meerkosten/lines/minder-uitval").json()
    assert benefit["kind"] == "benefits"
    assert benefit["path"] == "scenarios[2].benefits[0]"
    refused(client.get(f"{case}/scenarios/minder-meerkosten/lines/minder-uitval?kind=markups"), 404)
    refused(client.get(f"{case}/scenarios/onbekend"), 404)
    refused(client.get(f"{case}/scenarios/onbekend/lines"), 404)
    refused(client.get(f"{case}/scenarios/kostenreductie/lines/onbekend"), 404)


def test_lines_are_added_changed_and_removed(site: Site) -> None:
    client = api_client(site, "adviseur")
    lines = f"{API}/cases/{site.case_id}/scenarios/kostenreductie/lines"
    added = client.post(
        lines, json={"kind": "structural_costs", "line": OWN_LINE, "base_revision": 1}
    )
    assert added.status_code == 201, added.text
    saved = added.json()
    assert saved["revision"] == 2
    assert saved["path"] == "scenarios[1].structural_costs[6]"
    assert saved["line"]["id"] == "eigen-licentie"
    response = edit(client, site.case_id, f"{saved['path']}.values[2028]", 2000, 2)
    assert response.status_code == 200
    line = client.get(f"{lines}/eigen-licentie").json()
    assert line["line"]["values"] == {"2027": 1000, "2028": 2000}
    invalid = {"kind": "structural_costs", "line": {"id": "zonder-categorie"}, "base_revision": 3}
    body = refused(client.post(lines, json=invalid), 422)
    assert body["detail"][0]["path"].startswith("scenarios[1].structural_costs[7]")
    removed = client.delete(f"{lines}/eigen-licentie", params={"base_revision": 3})
    assert removed.status_code == 200
    assert removed.json()["line"]["id"] == "eigen-licentie"
    refused(client.get(f"{lines}/eigen-licentie"), 404)
    refused(client.delete(f"{lines}/eigen-licentie", params={"base_revision": 4}), 404)
    refused(client.post(lines, json={"kind": "unknown", "line": {}, "base_revision": 4}), 422)


def test_deelnemer_adds_lines_it_bears_only(site: Site) -> None:
    client = api_client(site, "deelnemer")
    lines = f"{API}/cases/{site.case_id}/scenarios/kostenreductie/lines"
    other = {**OWN_LINE, "id": "andermans-licentie", "bearer": "gm9002"}
    refused(
        client.post(lines, json={"kind": "structural_costs", "line": other, "base_revision": 1}),
        403,
    )
    refused(
        client.post(lines, json={"kind": "transfers", "line": OWN_LINE, "base_revision": 1}), 403
    )
    added = client.post(
        lines, json={"kind": "structural_costs", "line": OWN_LINE, "base_revision": 1}
    )
    assert added.status_code == 201
    refused(client.delete(f"{lines}/share-directie", params={"base_revision": 2}), 403)
    assert client.delete(f"{lines}/eigen-licentie", params={"base_revision": 2}).status_code == 200


def test_line_kinds_are_the_models_line_lists() -> None:
    assert get_args(LineKind) == (*LINE_LISTS, "qualitative_items")


# --- results, versions, jobs -------------------------------------------------------------------


def test_results_of_the_case_and_of_one_scenario(site: Site) -> None:
    client = api_client(site, "lezer")
    case = f"{API}/cases/{site.case_id}"
    results = client.get(f"{case}/results").json()
    assert [s["id"] for s in results["scenarios"]][:2] == ["ongewijzigd-beleid", "kostenreductie"]
    one = client.get(f"{case}/results/kostenreductie").json()
    assert [s["id"] for s in one["scenarios"]] == ["kostenreductie"]
    assert one["years"] == results["years"]
    refused(client.get(f"{case}/results/onbekend"), 404)


def test_the_api_results_are_the_whole_documented_document_in_every_process(
    site: Site,
) -> None:
    # The pages' documents leave the cash-flow tables out; the API adds them back, also in a
    # process that read the pages' document from the database instead of calculating it.
    row = site.ctx.cases.get(site.case_id)
    case = site.ctx.case_of(row)
    expected = json.loads(json.dumps(result_to_dict(calculate(case), case=case)))
    client = api_client(site, "lezer")
    url = f"{API}/cases/{site.case_id}/results"
    assert client.get(url).json() == expected
    assert (
        "cash_flow_tables" not in site.ctx.result_docs.get((row.id, row.revision))["scenarios"][0]
    )
    for cache in (site.ctx.results, site.ctx.result_docs, site.ctx.full_result_docs):
        cache.clear()  # as in another server process
    site.ctx.stored_results.put(
        row.id,
        row.revision,
        ENGINE_VERSION,
        result_to_dict(calculate(case), case=case, cash_flow=False),
    )
    assert client.get(url).json() == expected
    one = client.get(f"{url}/kostenreductie").json()["scenarios"][0]
    assert one == next(s for s in expected["scenarios"] if s["id"] == "kostenreductie")


def test_a_large_case_answers_202_with_its_job_until_the_worker_is_done(site: Site) -> None:
    site.ctx.settings.inline_calculation_limit = 0
    client = api_client(site, "lezer")
    url = f"{API}/cases/{site.case_id}/results"
    pending = client.get(url)
    assert pending.status_code == 202
    body = pending.json()
    assert body["status"] == "queued"
    assert body["progress"] == 0.0
    job = client.get(f"{API}/cases/{site.case_id}/jobs/{body['job_id']}").json()
    assert job["kind"] == "recalculate"
    assert client.get(url).json()["job_id"] == body["job_id"]
    assert Worker(site.ctx).run_once()
    assert (
        client.get(f"{API}/cases/{site.case_id}/jobs/{body['job_id']}").json()["status"] == "done"
    )
    done = client.get(url)
    assert done.status_code == 200
    assert len(done.json()["scenarios"]) == 4
    assert client.get(f"{url}/kostenreductie").status_code == 200


def test_jobs_are_started_once_per_revision_and_belong_to_their_case(site: Site) -> None:
    client = api_client(site, "deelnemer")
    url = f"{API}/cases/{site.case_id}/jobs"
    started = client.post(url, json={"kind": "recalculate"})
    assert started.status_code == 202
    job = started.json()
    assert job["status"] == "queued"
    assert job["revision"] == 1
    assert client.post(url, json={"kind": "recalculate"}).json()["id"] == job["id"]
    refused(client.post(url, json={"kind": "opruimen"}), 422)
    other = site.ctx.cases.create("Ander", site.ctx.cases.get(site.case_id).document, None)
    foreign = site.ctx.jobs.submit(other.id, "recalculate", 1, "")
    refused(client.get(f"{url}/{foreign.id}"), 404)
    refused(client.get(f"{url}/999999"), 404)


def test_versions_are_fixed_listed_shown_and_compared(site: Site) -> None:
    adviser = api_client(site, "adviseur")
    case = f"{API}/cases/{site.case_id}"
    first = adviser.post(f"{case}/versions", json={"name": "Concept"})
    assert first.status_code == 201
    assert first.json()["engine_version"]
    assert edit(adviser, site.case_id, COST, 200000, 1).status_code == 200
    second = adviser.post(f"{case}/versions", json={"name": "Definitief"}).json()
    assert [v["name"] for v in adviser.get(f"{case}/versions").json()] == ["Concept", "Definitief"]
    refused(adviser.post(f"{case}/versions", json={"name": "   "}), 422)
    refused(api_client(site, "lezer").post(f"{case}/versions", json={"name": "Nee"}), 403)

    version = adviser.get(f"{case}/versions/{second['id']}").json()
    assert version["revision"] == 2
    assert version["document"]["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 200000
    assert len(version["results"]["scenarios"]) == 4

    participant = api_client(site, "deelnemer", "gm9002")
    seen = participant.get(f"{case}/versions/{second['id']}").json()
    assert "baseline" not in seen["document"]["participants"][0]
    assert "cost_by_category" not in seen["results"]["scenarios"][1]["entities"]["gm9001"]

    compared = adviser.get(
        f"{case}/versions/compare", params={"a": first.json()["id"], "b": second["id"]}
    )
    assert compared.status_code == 200
    rows = {row["id"]: row for row in compared.json()["scenarios"]}
    assert rows["ongewijzigd-beleid"]["a"]["total_difference"] == 0.0
    assert rows["kostenreductie"]["a"]["npv"] != rows["kostenreductie"]["b"]["npv"]
    refused(adviser.get(f"{case}/versions/compare", params={"a": first.json()["id"]}), 422)
    refused(adviser.get(f"{case}/versions/compare", params={"a": 1, "b": 999999}), 404)


def test_a_version_of_another_case_is_404(site: Site) -> None:
    admin = api_client(site, "admin")
    other = admin.post(f"{API}/cases", json={"source": "demo"}).json()["id"]
    version = admin.post(f"{API}/cases/{other}/versions", json={"name": "Elders"}).json()["id"]
    assert admin.get(f"{API}/cases/{other}/versions/{version}").status_code == 200
    refused(admin.get(f"{API}/cases/{site.case_id}/versions/{version}"), 404)
    refused(api_client(site, "beheerder").get(f"{API}/cases/{other}/versions/{version}"), 404)


# --- foreign and unknown ids -------------------------------------------------------------------


def test_cases_of_others_and_unknown_cases_are_404(site: Site) -> None:
    member = api_client(site, "beheerder")
    other = site.ctx.cases.create("Ander", site.ctx.cases.get(site.case_id).document, None)
    for url in (
        f"{API}/cases/{other.id}",
        f"{API}/cases/{other.id}/participants",
        f"{API}/cases/{other.id}/results",
        f"{API}/cases/999999",
    ):
        refused(member.get(url), 404)
    refused(edit(member, other.id, COST, 1, 1), 404)
    refused(member.delete(f"{API}/cases/{other.id}"), 404)
    refused(api_client(site, "buitenstaander").get(f"{API}/cases/{site.case_id}"), 404)
    refused(member.get(f"{API}/cases/0"), 422)


# --- members and users -------------------------------------------------------------------------


def test_beheerder_manages_members(site: Site) -> None:
    manager = api_client(site, "beheerder")
    members = f"{API}/cases/{site.case_id}/members"
    listed = manager.get(members).json()
    assert [m["role"] for m in listed] == ["beheerder"]
    me = manager.get(f"{API}/me").json()
    colleague = site.ctx.accounts.create_user("collega@example.nl", "Collega", PASSWORD)
    added = manager.post(members, json={"email": "collega@example.nl", "role": "lezer"})
    assert added.status_code == 201
    assert added.json()["invitation_url"] is None
    assert added.json()["member"]["role_label"] == "Lezer"
    changed = manager.put(
        f"{members}/{colleague.id}", json={"role": "deelnemer", "participant_id": "gm9003"}
    )
    assert changed.json()["participant_id"] == "gm9003"
    body = refused(manager.put(f"{members}/{colleague.id}", json={"role": "deelnemer"}), 422)
    assert body["detail"][0]["path"] == "participant_id"
    refused(manager.put(f"{members}/{colleague.id}", json={"role": "eigenaar"}), 422)
    refused(manager.put(f"{members}/{me['id']}", json={"role": "lezer"}), 400)
    refused(manager.delete(f"{members}/{me['id']}"), 400)
    refused(manager.put(f"{members}/999999", json={"role": "lezer"}), 404)
    body = refused(manager.post(members, json={"email": "nieuw@example.nl", "role": "lezer"}), 422)
    assert "sitebeheerder" in body["detail"][0]["message"]
    assert manager.delete(f"{members}/{colleague.id}").status_code == 204
    refused(manager.delete(f"{members}/{colleague.id}"), 404)
    refused(api_client(site, "adviseur").get(members), 403)


def test_site_admin_invites_a_member_with_a_link(site: Site) -> None:
    admin = api_client(site, "admin")
    members = f"{API}/cases/{site.case_id}/members"
    added = admin.post(members, json={"email": "uitgenodigd@example.nl", "role": "adviseur"})
    assert added.status_code == 201
    link = added.json()["invitation_url"]
    assert "/link/" in link
    token = link.rsplit("/", 1)[1]
    assert site.ctx.accounts.link_user(token) is not None


def test_site_admin_manages_users(site: Site) -> None:
    admin = api_client(site, "admin")
    created = admin.post(f"{API}/users", json={"email": "Nieuw@Example.nl", "name": "Nieuw"})
    assert created.status_code == 201
    user = created.json()["user"]
    assert user["email"] == "nieuw@example.nl"
    assert "/link/" in created.json()["invitation_url"]
    body = refused(admin.post(f"{API}/users", json={"email": "nieuw@example.nl"}), 422)
    assert "bestaat al" in body["detail"][0]["message"]
    refused(admin.post(f"{API}/users", json={"email": "geen-adres"}), 422)
    assert any(u["id"] == user["id"] for u in admin.get(f"{API}/users").json())
    reset = admin.post(f"{API}/users/{user['id']}/link", json={"purpose": "reset"})
    assert reset.json()["purpose"] == "reset"
    refused(admin.post(f"{API}/users/999999/link", json={"purpose": "reset"}), 404)
    refused(admin.post(f"{API}/users/{user['id']}/link", json={"purpose": "iets"}), 422)

    reader = api_client(site, "lezer")
    reader_id = reader.get(f"{API}/me").json()["id"]
    assert admin.patch(f"{API}/users/{reader_id}", json={"active": False}).json()["active"] is False
    refused(reader.get(f"{API}/me"), 401)
    assert admin.patch(f"{API}/users/{reader_id}", json={"active": True}).json()["active"] is True
    admin_id = admin.get(f"{API}/me").json()["id"]
    refused(admin.patch(f"{API}/users/{admin_id}", json={"active": False}), 400)
    refused(admin.patch(f"{API}/users/999999", json={"active": True}), 404)

    manager = api_client(site, "beheerder")
    refused(manager.get(f"{API}/users"), 404)
    refused(manager.post(f"{API}/users", json={"email": "x@example.nl"}), 404)
    refused(manager.patch(f"{API}/users/{reader_id}", json={"active": False}), 404)


# --- validation messages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/session", {}),
        ("POST", "/session", {"email": 1, "password": ["x"]}),
        ("POST", "/session", "geen json"),
        ("POST", "/cases", {"source": "ftp", "extra": 1}),
        ("PATCH", "/cases/{case}", {"participants_see_others": "misschien"}),
        ("PUT", "/cases/{case}/document", {"document": [], "base_revision": -1}),
        ("POST", "/cases/{case}/edits", {"kind": "zet", "path": "", "base_revision": "een"}),
        ("POST", "/cases/{case}/edits", {"kind": "set", "path": "x" * 1001, "base_revision": 1}),
        (
            "POST",
            "/cases/{case}/edits",
            {"kind": "set", "path": COST, "value": {}, "base_revision": 1},
        ),
        (
            "POST",
            "/cases/{case}/edits",
            {"kind": "set", "path": COST, "value": "veel", "base_revision": 1},
        ),
        ("POST", "/cases/{case}/scenarios/kostenreductie/lines", {"kind": "benefits", "line": 3}),
        ("DELETE", "/cases/{case}/scenarios/kostenreductie/lines/knip-ict", None),
        ("GET", "/cases/{case}/audit?limit=0", None),
        ("GET", "/cases/{case}/versions/compare?a=x&b=2", None),
        ("GET", "/cases/{case}/versions/abc", None),
        ("GET", "/cases/abc", None),
        ("GET", "/cases/99999999999999999999", None),
        ("POST", "/cases/{case}/versions", {"name": ""}),
        ("POST", "/cases/{case}/jobs", {}),
        ("POST", "/cases/{case}/members", {"email": "x@example.nl", "role": "baas"}),
        ("POST", "/users", {"email": None, "is_admin": "ja"}),
        ("PATCH", "/users/1", {}),
    ],
)
def test_every_validation_error_is_dutch(site: Site, method: str, path: str, body: Any) -> None:
    client = api_client(site, "admin")
    url = API + path.format(case=site.case_id)
    if isinstance(body, str):
        response = client.request(
            method, url, content=body, headers={"content-type": "application/json"}
        )
    else:
        response = client.request(method, url, json=body)
    detail = refused(response, 422)["detail"]
    text = json.dumps(detail, ensure_ascii=False)
    assert re.search(r"verplicht|geen|ongeldig|moet|mag|kies|onbekend|verwacht|niet", text), text


def test_the_openapi_document_describes_every_operation_in_dutch(site: Site) -> None:
    spec = site.client("anoniem").get(f"{API}/openapi.json").json()
    operations = [op for ops in spec["paths"].values() for op in ops.values()]
    assert len(operations) >= 35
    for operation in operations:
        assert operation["summary"] and operation["description"], operation
        assert operation["tags"]
    assert all(path.startswith(API) for path in spec["paths"])
    schemas = spec["components"]["schemas"]
    assert "Niet ingelogd" in json.dumps(spec["paths"][f"{API}/me"]["get"]["responses"]["401"])
    for name in ("EditIn", "Conflict", "Invalid", "CaseDetail", "ResultsDocument"):
        assert schemas[name]["description"], name
    assert "bearer" in spec["components"]["securitySchemes"]


def test_a_deelnemer_submits_its_baseline_but_only_an_adviser_validates_it(site: Site) -> None:
    client = api_client(site, "deelnemer")
    status = "participants[0].baseline.status"
    revision = site.ctx.cases.get(site.case_id).revision
    assert edit(client, site.case_id, status, "submitted", revision).status_code == 200
    refused(edit(client, site.case_id, status, "validated", revision + 1), 403)
    whole = site.ctx.cases.get(site.case_id).document["participants"][0]["baseline"]
    refused(
        edit(
            client,
            site.case_id,
            "participants[0].baseline",
            {**whole, "status": "validated"},
            revision + 1,
        ),
        403,
    )
    adviser = api_client(site, "adviseur")
    assert edit(adviser, site.case_id, status, "validated", revision + 1).status_code == 200


def test_an_invitation_link_sets_the_password_through_the_api_once(site: Site) -> None:
    user = site.ctx.accounts.create_user("uitgenodigd@example.nl")
    token = site.ctx.accounts.issue_link(user.id, "invitation")
    anonymous = site.client("anoniem")
    weak = anonymous.post(f"{API}/links/{token}", json={"password": "kort"})
    assert weak.status_code == 400 and "tekens" in weak.json()["detail"]
    made = anonymous.post(f"{API}/links/{token}", json={"password": "een-goed-wachtwoord"})
    assert made.status_code == 201
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    assert anonymous.get(f"{API}/me", headers=bearer).json()["email"] == "uitgenodigd@example.nl"
    again = anonymous.post(f"{API}/links/{token}", json={"password": "een-goed-wachtwoord"})
    assert again.status_code == 404
    assert "ongeldig" in again.json()["detail"]


def test_the_results_of_one_scenario_calculate_only_its_cash_flow_tables(site: Site) -> None:
    client = api_client(site, "lezer")
    row = site.ctx.cases.get(site.case_id)
    one = client.get(f"{API}/cases/{site.case_id}/results/kostenreductie").json()
    assert "cash_flow_tables" in one["scenarios"][0]
    made = site.ctx.full_result_docs
    assert made.get((row.id, row.revision, "kostenreductie")) is not None
    assert made.get((row.id, row.revision, "ongewijzigd-beleid")) is None
