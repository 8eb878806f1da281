"""The process pages (tab *Proces*) and their API twins: every page renders for every role, a
*lezer* changes nothing, refused changes (a go with an open blocking finding, a negative
weight) answer 422 in Dutch and store nothing, an opportunity becomes a new case for a site
administrator only, and the two phase-1 reports download as HTML and PDF."""

from __future__ import annotations

import html

import pytest
from conftest import Site
from fastapi.testclient import TestClient
from httpx import Response

from samenrekenen.guidance import forms, processes
from samenrekenen.io.guidance import formation_to_dict
from samenrekenen.model import Case
from samenrekenen.report.phase_reports import report_title

API = "/api/v1"
PAGES = ("", "/rechtsvorm", "/knip", "/kansen", "/voorzieningen", "/checklists", "/rapporten")
ROLES = ("lezer", "deelnemer", "adviseur", "beheerder", "admin")
GATES = "formation.gate_decisions"
FINDINGS = "formation.trial_findings"
WEIGHT = "formation.form_choice.weights.zeggenschap"


def _case(site: Site) -> Case:
    return site.ctx.case_of(site.ctx.cases.get(site.case_id))


def _revision(site: Site) -> int:
    return site.ctx.cases.get(site.case_id).revision


def _edit(site: Site, client: TestClient, data: dict[str, str]) -> Response:
    form = {"revision": str(_revision(site)), **data}
    return client.post(f"/cases/{site.case_id}/wijzig", data=form)


def _add(site: Site, client: TestClient, path: str, item: dict[str, str]) -> Response:
    fields = {f"item.{name}": value for name, value in item.items()}
    return _edit(site, client, {"path": path, "kind": "add", **fields})


@pytest.mark.parametrize("role", ROLES)
def test_every_process_page_renders_for_every_role(site: Site, role: str) -> None:
    client = site.client(role)
    for page in PAGES:
        response = client.get(f"/cases/{site.case_id}/proces{page}")
        assert response.status_code == 200, (page, response.text[:500])
        assert 'aria-current="page">Proces</a>' in response.text
    phases = html.unescape(client.get(f"/cases/{site.case_id}/proces").text)
    assert "Fase 3: Realiseren" in phases and "1-3-2025" in phases
    assert "Planning van circa een jaar" in phases
    editable = role in ("adviseur", "beheerder", "admin")
    assert ("hx-post" in phases) is editable


def test_the_pages_show_the_rules_of_the_guidance(site: Site) -> None:
    client = site.client("adviseur")
    base = f"/cases/{site.case_id}/proces"
    case = _case(site)
    ranking = forms.rank_forms(case.formation.form_choice if case.formation else None)
    page = html.unescape(client.get(f"{base}/rechtsvorm").text)
    assert ranking[0].name in page and "Gevoeligheid" in page and 'name="score.' in page
    split = html.unescape(client.get(f"{base}/knip").text)
    for finding in processes.process_findings(case.formation):
        assert finding.message in split
    assert "Sourcingmatrix" in split
    provisions = client.get(f"{base}/voorzieningen").text
    assert provisions.count("<svg") == 2 and "Prioriteit volgens bestuurders" in provisions
    checklists = html.unescape(client.get(f"{base}/checklists").text)
    assert "fte ict-formatie" in checklists and "Aanbeveling 1" in checklists


def test_a_participant_sees_no_scale_notice_about_hidden_participants(site: Site) -> None:
    client = site.client("deelnemer")
    page = html.unescape(client.get(f"/cases/{site.case_id}/proces/checklists").text)
    assert "Gemeente Dwarsdijk heeft 1,9 fte" in page  # its own (gm9001)
    assert "Gemeente Ankerveen heeft 3,2 fte" not in page


def test_a_reader_changes_nothing(site: Site) -> None:
    before = _revision(site)
    client = site.client("lezer")
    status = {"path": "formation.activity_status", "key": "1.3", "value": "done"}
    assert _edit(site, client, status).status_code == 403
    grid = client.post(
        f"/cases/{site.case_id}/proces/rechtsvorm/scores",
        data={"revision": str(before), "score.stichting.zeggenschap": "5"},
    )
    assert grid.status_code == 403
    assert _revision(site) == before


def test_an_activity_status_saves_through_the_autosave_form(site: Site) -> None:
    client = site.client("adviseur")
    status = {"path": "formation.activity_status", "key": "1.3", "value": "done"}
    answer = _edit(site, client, status)
    assert answer.status_code == 200, answer.text
    assert "Opgeslagen" in answer.text and 'value="done" selected' in answer.text
    formation = _case(site).formation
    assert formation is not None and formation.activity_status["1.3"].value == "done"


def test_a_go_for_phase_3_with_an_open_blocking_finding_is_refused(site: Site) -> None:
    client = site.client("adviseur")
    finding = {"id": "storing", "description": "Salarisrun faalt", "severity": "blocking"}
    added = _add(site, client, FINDINGS, finding)
    assert added.status_code == 200, added.text
    before, document = _revision(site), site.ctx.cases.get(site.case_id).document
    go = {"phase": "3", "outcome": "go", "date": "1-9-2026", "text": "Livegang"}
    answer = _add(site, client, GATES, go)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "kan geen 'go' krijgen zolang blokkerende bevindingen" in text and "storing" in text
    assert _revision(site) == before
    assert site.ctx.cases.get(site.case_id).document == document


def test_a_negative_weight_is_refused_next_to_the_field(site: Site) -> None:
    client = site.client("adviseur")
    before = _revision(site)
    answer = _edit(site, client, {"path": WEIGHT, "value": "-1"})
    assert answer.status_code == 422
    assert "Negatief gewicht -1 is niet mogelijk" in html.unescape(answer.text)
    assert _revision(site) == before


def test_the_score_grid_saves_the_overrides_as_one_change(site: Site) -> None:
    client = site.client("adviseur")
    response = client.post(
        f"/cases/{site.case_id}/proces/rechtsvorm/scores",
        data={"revision": str(_revision(site)), "score.stichting.zeggenschap": "5"},
    )
    assert response.status_code == 303
    formation = _case(site).formation
    choice = formation.form_choice if formation else None
    assert choice is not None and choice.scores == {"stichting": {"zeggenschap": 5}}
    bad = client.post(
        f"/cases/{site.case_id}/proces/rechtsvorm/scores",
        data={"revision": str(_revision(site)), "score.stichting.zeggenschap": "9"},
    )
    assert bad.status_code == 422 and "Niet opgeslagen" in bad.text


@pytest.mark.parametrize(("role", "status"), [("admin", 303), ("beheerder", 403), ("lezer", 403)])
def test_an_opportunity_becomes_a_new_case_for_an_administrator(
    site: Site, role: str, status: int
) -> None:
    client = site.client(role)
    response = client.post(f"/cases/{site.case_id}/proces/kansen/belastingen-inkoop/case")
    assert response.status_code == status
    if status == 303:
        new_id = int(response.headers["location"].rsplit("/", 1)[1])
        made = site.ctx.case_of(site.ctx.cases.get(new_id))
        assert [p.name for p in made.participants] == [
            "Gemeente Dwarsdijk",
            "Gemeente Ankerveen",
            "Gemeente Eemhoven",
        ]


def test_an_unknown_opportunity_or_an_outsider_gets_404(site: Site) -> None:
    admin = site.client("admin")
    assert admin.post(f"/cases/{site.case_id}/proces/kansen/bestaat-niet/case").status_code == 404
    outsider = site.client("buitenstaander")
    answer = outsider.post(f"/cases/{site.case_id}/proces/kansen/belastingen-inkoop/case")
    assert answer.status_code == 404


@pytest.mark.parametrize("slug", ["verkenningsrapport", "plan-totale-traject"])
def test_the_phase_reports_download_as_html_and_pdf(site: Site, slug: str) -> None:
    client = site.client("adviseur")
    url = f"/cases/{site.case_id}/proces/rapporten/{slug}"
    page = client.get(url, params={"formaat": "html"})
    assert page.status_code == 200 and "Gemeente Dwarsdijk" in page.text
    pdf = client.get(url, params={"formaat": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    hidden = site.client("deelnemer").get(url, params={"formaat": "html"})
    assert hidden.status_code == 404


# --- API ---------------------------------------------------------------------------------------


def test_api_formation_and_guidance_documents(site: Site) -> None:
    client = site.client("lezer")
    formation = client.get(f"{API}/cases/{site.case_id}/formation")
    assert formation.status_code == 200
    expected = formation_to_dict(_case(site))
    assert formation.json()["forms"]["ranking"] == expected["forms"]["ranking"]
    for part in ("phases", "forms", "checklists"):
        answer = client.get(f"{API}/cases/{site.case_id}/guidance/{part}")
        assert answer.status_code == 200, part
    assert client.get(f"{API}/cases/{site.case_id}/guidance/onbekend").status_code == 422


def test_api_edit_of_a_gate_is_refused_like_the_page(site: Site) -> None:
    client = site.client("adviseur")
    finding = {"id": "storing", "description": "Salarisrun faalt", "severity": "blocking"}
    edit = {"kind": "add", "path": FINDINGS, "value": finding, "base_revision": _revision(site)}
    assert client.post(f"{API}/cases/{site.case_id}/edits", json=edit).status_code == 200
    go = {"phase": "3", "outcome": "go", "date": "2026-09-01", "text": "Livegang"}
    before = _revision(site)
    edit = {"kind": "add", "path": GATES, "value": go, "base_revision": before}
    answer = client.post(f"{API}/cases/{site.case_id}/edits", json=edit)
    assert answer.status_code == 422
    assert any("blokkerende bevindingen" in e["message"] for e in answer.json()["detail"])
    unknown = {"kind": "add", "path": "formation.process_assignments", "base_revision": before}
    unknown["value"] = {"code": "X99", "placement": "municipality"}
    answer = client.post(f"{API}/cases/{site.case_id}/edits", json=unknown)
    assert answer.status_code == 422
    assert any("onbekende procescode 'X99'" in e["message"] for e in answer.json()["detail"])
    assert _revision(site) == before


def test_api_opportunity_case_and_phase_reports(site: Site) -> None:
    url = f"{API}/cases/{site.case_id}/opportunities/belastingen-inkoop/case"
    assert site.client("beheerder").post(url).status_code == 403
    made = site.client("admin").post(url)
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "Gezamenlijke inkoop van een belastingapplicatie"
    client = site.client("adviseur")
    report = client.get(f"{API}/cases/{site.case_id}/phase-reports/exploration")
    assert report.status_code == 200 and report_title("exploration") in report.text
    url = f"{API}/cases/{site.case_id}/phase-reports/programme"
    pdf = client.get(url, params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
