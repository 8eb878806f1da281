"""Audit trail, versions, version comparison and background jobs in the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import Site

from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store.tables import AuditEntry, User
from samenrekenen.web import worker as worker_module
from samenrekenen.web.access import access_for
from samenrekenen.web.app import create_app
from samenrekenen.web.demo_setup import demo_document
from samenrekenen.web.labels import changed_paths, describe_path, describe_value
from samenrekenen.web.routes.history import entry_visible
from samenrekenen.web.service import RECALCULATE
from samenrekenen.web.settings import Settings
from samenrekenen.web.worker import Worker

COST = "participants[{}].baseline.costs[0].visible_eur"


def _editor(site: Site) -> User:
    _email, user = site.user("adviseur")
    return user


def _set(site: Site, user: User, path: str, value: Any) -> int:
    row = site.ctx.cases.get(site.case_id)
    saved = site.ctx.cases.apply(site.case_id, Edit(EditKind.SET, path, value), row.revision, user)
    return saved.revision


def _job_id(html: str) -> int:
    found = re.search(r'id="taak-(\d+)"', html)
    assert found is not None, html
    return int(found.group(1))


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


# --- labels ------------------------------------------------------------------------------------


def test_describe_path_uses_the_names_in_the_document() -> None:
    document = demo_document()
    assert (
        describe_path(document, COST.format(0))
        == "Gemeente Dwarsdijk · nulmeting · kosten Werkplek · zichtbaar bedrag"
    )
    assert describe_path(document, "participants[1].drivers.inhabitants[2026]") == (
        "Gemeente Ankerveen · volumes · inwoners · 2026"
    )
    assert describe_path(document, "scenarios[1].transfers").startswith("scenario Samenwerking")
    assert describe_path(document, "participants[99].baseline") == "deelnemer 100 · nulmeting"
    assert describe_path(document, "") == "hele case (casebestand)"
    assert describe_path(document, "x[") == "x["
    line = {"id": "weg", "description": "Verdwenen regel"}
    removed = describe_path(document, "scenarios[1].one_off_costs[0]", line)
    assert removed.endswith("· incidentele kosten Verdwenen regel")


def test_values_are_shown_the_dutch_way() -> None:
    assert describe_value(64600) == "64.600"
    assert describe_value(1234.5) == "1.234,5"
    assert describe_value(0.025) == "0,025"
    assert describe_value(True) == "ja"
    assert describe_value(None) == "—"
    assert describe_value({"2026": 5200, "2028": 5230}) == "2026: 5.200; 2028: 5.230"


def test_changed_paths_match_lines_by_id() -> None:
    old = demo_document()
    new = demo_document()
    new["participants"][0]["baseline"]["costs"][0]["visible_eur"] = 70000
    removed = new["scenarios"][1]["one_off_costs"].pop(0)
    changes = {c.path: c for c in changed_paths(old, new)}
    assert changes[COST.format(0)].old == 64600
    assert changes[COST.format(0)].new == 70000
    gone = [c for c in changes.values() if c.new is None]
    assert [c.old["id"] for c in gone] == [removed["id"]]
    assert len(changes) == 2


# --- audit trail -------------------------------------------------------------------------------


def test_audit_lists_changes_newest_first_with_dutch_description_and_values(site: Site) -> None:
    user = _editor(site)
    _set(site, user, COST.format(0), 70000)
    _set(site, user, "cooperation.discount_rate", 0.025)
    page = site.client("lezer").get(f"/cases/{site.case_id}/wijzigingen")
    assert page.status_code == 200
    assert 'aria-current="page"' in page.text and "Wijzigingen" in page.text
    rows = _rows(page.text)
    assert len(rows) == 2
    assert "samenwerking · discontovoet" in rows[0]
    assert "0,0225" in rows[0] and "0,025" in rows[0]
    first = rows[1]
    assert "Gemeente Dwarsdijk · nulmeting · kosten Werkplek · zichtbaar bedrag" in first
    assert COST.format(0) in first
    assert "64.600" in first and "70.000" in first
    assert user.email in first
    assert re.search(r"\d{1,2} [a-z]+ 20\d\d om \d\d:\d\d", first)
    assert re.search(r'datetime="20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00"', first)
    assert "<caption>" in page.text and 'scope="col"' in page.text


def test_audit_is_paginated_by_fifty(site: Site) -> None:
    user = _editor(site)
    for value in range(105):
        _set(site, user, COST.format(0), 1000 + value)
    client = site.client("lezer")
    first = client.get(f"/cases/{site.case_id}/wijzigingen")
    assert len(_rows(first.text)) == 50
    assert "1.104" in _rows(first.text)[0]
    assert "pagina=2" in first.text and "Pagina 1 van 3" in first.text
    last = client.get(f"/cases/{site.case_id}/wijzigingen?pagina=3")
    assert len(_rows(last.text)) == 5
    assert "64.600" in _rows(last.text)[-1]
    beyond = client.get(f"/cases/{site.case_id}/wijzigingen?pagina=9")
    assert beyond.status_code == 200 and "Pagina 3 van 3" in beyond.text
    assert client.get(f"/cases/{site.case_id}/wijzigingen?pagina=nul").status_code == 400


def test_item_view_shows_only_related_changes(site: Site) -> None:
    user = _editor(site)
    _set(site, user, COST.format(0), 70000)
    _set(site, user, COST.format(1), 50000)
    client = site.client("lezer")
    page = client.get(f"/cases/{site.case_id}/wijzigingen", params={"pad": COST.format(1)})
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == 1 and "Gemeente Ankerveen" in rows[0]
    assert "Geschiedenis van een onderdeel" in page.text
    parent = client.get(f"/cases/{site.case_id}/wijzigingen", params={"pad": "participants[0]"})
    assert len(_rows(parent.text)) == 1 and "Gemeente Dwarsdijk" in parent.text


def test_participant_does_not_see_other_participants_baseline_changes(site: Site) -> None:
    user = _editor(site)
    _set(site, user, COST.format(0), 70000)
    _set(site, user, COST.format(1), 51234)
    _set(site, user, "participants[1].name", "Gemeente Ankerveen-Noord")
    deelnemer = site.client("deelnemer", participant="gm9001")
    page = deelnemer.get(f"/cases/{site.case_id}/wijzigingen")
    assert "70.000" in page.text
    assert "51.234" not in page.text
    assert "Ankerveen-Noord" in page.text
    hidden = deelnemer.get(f"/cases/{site.case_id}/wijzigingen", params={"pad": COST.format(1)})
    assert "51.234" not in hidden.text
    site.ctx.cases.set_participants_see_others(site.case_id, True)
    assert "51.234" in deelnemer.get(f"/cases/{site.case_id}/wijzigingen").text


def test_added_or_removed_participants_keep_their_baseline_hidden(site: Site) -> None:
    _email, user = site.user("deelnemer", participant="gm9001")
    member = site.ctx.cases.membership(site.case_id, user.id)
    assert member is not None
    access = access_for(site.ctx.cases.get(site.case_id), user, member.role, "gm9001")
    document = demo_document()
    other = {"id": "gm9011", "name": "Gemeente Nieuw", "baseline": {"costs": []}}
    own = {**other, "id": "gm9001"}

    def entry(path: str, old: Any, new: Any) -> AuditEntry:
        return AuditEntry(path=path, old_value=old, new_value=new, action="set")

    assert not entry_visible(access, document, entry("participants", None, other))
    assert not entry_visible(access, document, entry("participants[1]", other, None))
    assert not entry_visible(access, document, entry("participants[12].baseline", None, {}))
    assert entry_visible(access, document, entry("participants", None, own))
    assert entry_visible(access, document, entry("participants[1].name", "a", "b"))
    assert entry_visible(access, document, entry("", None, None))


def test_audit_needs_membership(site: Site) -> None:
    url = f"/cases/{site.case_id}/wijzigingen"
    assert site.client("buitenstaander").get(url).status_code == 404
    assert site.client("anoniem").get(url).status_code == 303
    assert site.client("admin").get(url).status_code == 200


# --- versions ----------------------------------------------------------------------------------


def test_adviser_fixes_a_version_that_stays_unchanged(site: Site) -> None:
    client = site.client("adviseur")
    response = client.post(f"/cases/{site.case_id}/versies", data={"name": "Raadsvoorstel maart"})
    assert response.status_code == 303
    version_url = response.headers["location"]
    version_id = int(version_url.rsplit("/", 1)[1])
    listing = client.get(f"/cases/{site.case_id}/versies")
    assert "Raadsvoorstel maart" in listing.text and "1.0.0" in listing.text
    assert 'aria-current="page"' in listing.text
    _set(site, _editor(site), COST.format(0), 70000)
    version = site.ctx.cases.version(site.case_id, version_id)
    assert version.revision == 1
    assert version.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 64600
    page = client.get(version_url)
    assert page.status_code == 200
    assert "Raadsvoorstel maart" in page.text
    scenario = version.results["scenarios"][1]
    total = scenario["consolidated"]["cumulative_difference"][-1]
    assert f"€ {round(total):,}".replace(",", ".") in page.text
    assert str(scenario["consolidated"]["metrics"]["break_even_year"]) in page.text
    assert "Gemeente Stichtenburg" in page.text
    assert "Netto contante waarde" in page.text and "Eenvoudige terugverdientijd" in page.text


def test_empty_version_name_gives_a_dutch_error_next_to_the_field(site: Site) -> None:
    client = site.client("beheerder")
    response = client.post(f"/cases/{site.case_id}/versies", data={"name": "  "})
    assert response.status_code == 400
    assert 'id="version-name-error"' in response.text
    assert "Geef de versie een naam" in response.text
    assert 'aria-invalid="true"' in response.text
    assert site.ctx.cases.versions(site.case_id) == []


def test_only_beheerder_and_adviseur_fix_versions(site: Site) -> None:
    for role in ("lezer", "deelnemer"):
        client = site.client(role)
        response = client.post(f"/cases/{site.case_id}/versies", data={"name": "Poging"})
        assert response.status_code == 403
        assert 'name="name"' not in client.get(f"/cases/{site.case_id}/versies").text
    assert site.ctx.cases.versions(site.case_id) == []


def test_version_download_is_the_case_file_of_the_version(site: Site) -> None:
    client = site.client("beheerder")
    location = client.post(f"/cases/{site.case_id}/versies", data={"name": "Begroting"}).headers[
        "location"
    ]
    _set(site, _editor(site), COST.format(0), 70000)
    download = client.get(location + "/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    data = yaml.safe_load(download.text)
    assert data["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 64600
    deelnemer = site.client("deelnemer")
    assert deelnemer.get(location).status_code == 200
    assert "/download" not in deelnemer.get(location).text
    assert deelnemer.get(location + "/download").status_code == 404


def test_foreign_and_unknown_versions_are_not_found(site: Site) -> None:
    other = site.ctx.cases.create("Ander", demo_document(), None)
    foreign = site.ctx.cases.create_version(
        other.id, "Elders", "x@example.nl", "1.0.0", lambda _case: {}
    )
    client = site.client("beheerder")
    base = f"/cases/{site.case_id}/versies"
    assert client.get(f"{base}/{foreign.id}").status_code == 404
    assert client.get(f"{base}/{foreign.id}/download").status_code == 404
    assert client.get(f"{base}/999999").status_code == 404
    assert client.get(f"{base}/vergelijk?a={foreign.id}&b=huidig").status_code == 404
    assert client.get(f"{base}/vergelijk?a=iets&b=huidig").status_code == 404


def test_compare_a_version_with_the_current_state(site: Site) -> None:
    client = site.client("adviseur")
    location = client.post(f"/cases/{site.case_id}/versies", data={"name": "Eerste"}).headers[
        "location"
    ]
    version_id = location.rsplit("/", 1)[1]
    _set(site, _editor(site), COST.format(0), 164600)
    page = client.get(f"/cases/{site.case_id}/versies/vergelijk?a={version_id}&b=huidig")
    assert page.status_code == 200
    assert "Eerste (versie 1)" in page.text and "Huidige stand (versie 2)" in page.text
    changes = page.text.split('id="gewijzigde-invoer"', 1)[1]
    assert "Gemeente Dwarsdijk · nulmeting · kosten Werkplek · zichtbaar bedrag" in changes
    assert "64.600" in changes and "164.600" in changes
    assert "Verschil (B − A)" in page.text and "Totaal verschil over de looptijd" in page.text
    dwarsdijk = re.search(r"<th scope=\"row\">Gemeente Dwarsdijk</th>(.*?)</tr>", page.text)
    assert dwarsdijk is not None
    before, after, difference = re.findall(r'<td class="num">(.*?)</td>', dwarsdijk.group(1))
    assert before != after and difference.startswith("€ -")
    assert "€ +" in page.text
    same = client.get(f"/cases/{site.case_id}/versies/vergelijk?a={version_id}&b={version_id}")
    assert "De invoer van A en B is gelijk." in same.text
    form = client.get(f"/cases/{site.case_id}/versies/vergelijk")
    assert form.status_code == 200 and 'for="compare-a"' in form.text


def test_compare_hides_other_participants_baseline_from_a_participant(site: Site) -> None:
    adviser = site.client("adviseur")
    location = adviser.post(f"/cases/{site.case_id}/versies", data={"name": "Eerste"}).headers[
        "location"
    ]
    version_id = location.rsplit("/", 1)[1]
    user = _editor(site)
    _set(site, user, COST.format(0), 70000)
    _set(site, user, COST.format(1), 51234)
    deelnemer = site.client("deelnemer", participant="gm9001")
    page = deelnemer.get(f"/cases/{site.case_id}/versies/vergelijk?a={version_id}&b=huidig")
    assert page.status_code == 200
    assert "70.000" in page.text
    assert "51.234" not in page.text


def test_compare_with_a_large_current_case_waits_for_the_job(site: Site) -> None:
    client = site.client("adviseur")
    location = client.post(f"/cases/{site.case_id}/versies", data={"name": "Eerste"}).headers[
        "location"
    ]
    site.ctx.settings.inline_calculation_limit = 0
    url = f"/cases/{site.case_id}/versies/vergelijk?a={location.rsplit('/', 1)[1]}&b=huidig"
    page = client.get(url)
    assert page.status_code == 200
    assert "worden nog berekend" in page.text and 'hx-trigger="every 1s"' in page.text
    assert "De invoer van A en B is gelijk." in page.text
    assert Worker(site.ctx).run_once() is True
    done = client.get(url)
    assert "worden nog berekend" not in done.text
    assert "Totaal verschil over de looptijd" in done.text


# --- background jobs ---------------------------------------------------------------------------


def test_recalculation_job_runs_to_done_and_the_fragment_stops_polling(site: Site) -> None:
    client = site.client("deelnemer")
    response = client.post(f"/cases/{site.case_id}/herberekenen")
    assert response.status_code == 200
    assert "<progress" in response.text and 'hx-trigger="every 1s"' in response.text
    assert "In de wachtrij" in response.text and 'role="status"' in response.text
    job_id = _job_id(response.text)
    again = client.post(f"/cases/{site.case_id}/herberekenen")
    assert f'id="taak-{job_id}"' in again.text
    assert Worker(site.ctx).run_once() is True
    job = site.ctx.jobs.get(job_id)
    assert job is not None and job.status == "done" and job.progress == 1.0
    assert job.result is not None
    expected = {s["id"] for s in demo_document()["scenarios"]}
    assert {s["id"] for s in job.result["scenarios"]} == expected
    fragment = client.get(f"/cases/{site.case_id}/taken/{job_id}")
    assert fragment.status_code == 200
    assert "hx-trigger" not in fragment.text
    assert 'value="100"' in fragment.text and "100%" in fragment.text and "Klaar" in fragment.text


def test_running_job_reports_its_progress(site: Site) -> None:
    job = site.ctx.jobs.submit(site.case_id, RECALCULATE, 1, "")
    site.ctx.jobs.claim()
    site.ctx.jobs.report(job.id, 0.4, "Scenario 'Samen' berekenen")
    fragment = site.client("lezer").get(f"/cases/{site.case_id}/taken/{job.id}")
    assert 'value="40"' in fragment.text and "40%" in fragment.text
    assert "Bezig: Scenario" in fragment.text and 'hx-trigger="every 1s"' in fragment.text
    assert f'hx-get="/cases/{site.case_id}/taken/{job.id}"' in fragment.text


def test_failing_handler_marks_the_job_failed_in_dutch(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> dict[str, Any]:
        raise ValueError("geen geheugen meer")

    monkeypatch.setitem(worker_module.HANDLERS, RECALCULATE, broken)
    client = site.client("beheerder")
    response = client.post(f"/cases/{site.case_id}/herberekenen")
    job_id = _job_id(response.text)
    assert Worker(site.ctx).run_once() is True
    job = site.ctx.jobs.get(job_id)
    assert job is not None and job.status == "failed"
    assert job.message == "De berekening is mislukt: geen geheugen meer"
    fragment = client.get(f"/cases/{site.case_id}/taken/{job_id}")
    assert "Mislukt: De berekening is mislukt" in fragment.text
    assert "hx-trigger" not in fragment.text


def test_jobs_need_rights_and_belong_to_their_case(site: Site) -> None:
    assert site.client("lezer").post(f"/cases/{site.case_id}/herberekenen").status_code == 403
    other = site.ctx.cases.create("Ander", demo_document(), None)
    foreign = site.ctx.jobs.submit(other.id, RECALCULATE, 1, "")
    client = site.client("beheerder")
    assert client.get(f"/cases/{site.case_id}/taken/{foreign.id}").status_code == 404
    assert client.get(f"/cases/{site.case_id}/taken/999999").status_code == 404
    assert (
        site.client("buitenstaander").post(f"/cases/{site.case_id}/herberekenen").status_code == 404
    )


def test_a_job_left_running_by_a_stopped_server_is_queued_again_at_start(site: Site) -> None:
    job = site.ctx.jobs.submit(site.case_id, RECALCULATE, 1, "test")
    claimed = site.ctx.jobs.claim()
    assert claimed is not None and claimed.id == job.id and claimed.status == "running"
    settings = site.ctx.settings
    restarted = create_app(
        Settings(database_url=settings.database_url, data_dir=settings.data_dir, start_worker=False)
    )
    again = restarted.state.ctx.jobs.get(job.id)
    assert again is not None and again.status == "queued"
    restarted.state.ctx.db.dispose()


def test_settings_and_member_changes_are_in_the_audit_trail(site: Site) -> None:
    manager = site.client("beheerder")
    case = f"/cases/{site.case_id}"
    assert manager.post(f"{case}/instellingen", data={"name": "Nieuwe naam"}).status_code == 303
    newcomer = site.ctx.accounts.create_user("nieuw-lid@example.nl")
    members = f"/api/v1/cases/{site.case_id}/members"
    added = manager.post(members, json={"email": newcomer.email, "role": "lezer"})
    assert added.status_code in (200, 201), added.text
    changed = manager.put(f"{members}/{newcomer.id}", json={"role": "adviseur"})
    assert changed.status_code == 200, changed.text
    assert manager.delete(f"{members}/{newcomer.id}").status_code == 204
    rows = _rows(manager.get(f"{case}/wijzigingen").text)
    text = " ".join(rows)
    assert "naam van de case" in text and "Nieuwe naam" in text
    assert "leden en rollen" in text
    assert "nieuw-lid@example.nl: lezer" in text and "nieuw-lid@example.nl: adviseur" in text
    assert len(rows) == 4  # the name, the member added, changed and removed
    reader = " ".join(_rows(site.client("lezer").get(f"{case}/wijzigingen").text))
    assert "naam van de case" in reader and "leden en rollen" not in reader
