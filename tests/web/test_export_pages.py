"""The data-collection template on a participant's page and in the API, and the council report
and Excel export made by a background job (page and API)."""

from __future__ import annotations

import html
import io

import openpyxl
from conftest import Site

from samenrekenen.io.excel_template import template_workbook
from samenrekenen.web.worker import Worker

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _changed_template(site: Site, participant: str, amount: float) -> bytes:
    """The participant's template as filled in with a new first visible amount."""
    case = site.ctx.case_of(site.ctx.cases.get(site.case_id))
    index = [p.id for p in case.participants].index(participant)
    costs = list(case.participants[index].baseline.costs)
    costs[0] = costs[0].model_copy(update={"visible_eur": amount})
    baseline = case.participants[index].baseline.model_copy(update={"costs": costs})
    participants = list(case.participants)
    participants[index] = participants[index].model_copy(update={"baseline": baseline})
    return template_workbook(case.model_copy(update={"participants": participants}), participant)


def _first_cost(site: Site, index: int = 0) -> float:
    document = site.ctx.cases.get(site.case_id).document
    return float(document["participants"][index]["baseline"]["costs"][0]["visible_eur"])


def _run_jobs(site: Site) -> None:
    worker = Worker(site.ctx)
    while worker.run_once():
        pass


def test_a_participant_downloads_its_template_and_uploads_it_filled_in(site: Site) -> None:
    client = site.client("deelnemer")
    url = f"/cases/{site.case_id}/deelnemers/gm9001/invulbestand"
    page = client.get(f"/cases/{site.case_id}/deelnemers/gm9001").text
    assert "Invulbestand downloaden" in page and "Ingevuld invulbestand inlezen" in page
    download = client.get(url)
    assert download.status_code == 200 and download.headers["content-type"] == XLSX
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames
    revision = site.ctx.cases.get(site.case_id).revision
    files = {"file": ("nulmeting.xlsx", _changed_template(site, "gm9001", 71_234), XLSX)}
    saved = client.post(url, data={"revision": str(revision)}, files=files)
    assert saved.status_code == 303 and "ingelezen=1" in saved.headers["location"]
    assert _first_cost(site) == 71_234
    row = site.ctx.cases.get(site.case_id)
    assert row.revision == revision + 1
    audit = site.ctx.cases.audit(site.case_id, None, 10)
    assert audit[0].path == "participants[0].baseline" and audit[0].revision == row.revision
    confirmed = client.get(saved.headers["location"]).text
    assert "Het invulbestand is ingelezen" in confirmed


def test_a_bad_workbook_changes_nothing_and_lists_every_problem(site: Site) -> None:
    client = site.client("adviseur")
    url = f"/cases/{site.case_id}/deelnemers/gm9001/invulbestand"
    revision = site.ctx.cases.get(site.case_id).revision
    other = {"file": ("ander.xlsx", _changed_template(site, "gm9002", 5), XLSX)}
    refused = client.post(url, data={"revision": str(revision)}, files=other)
    assert refused.status_code == 422
    assert "Er is niets overgenomen" in html.unescape(refused.text)
    broken = {"file": ("kapot.xlsx", b"geen werkmap", XLSX)}
    assert client.post(url, data={"revision": str(revision)}, files=broken).status_code == 422
    none = client.post(url, data={"revision": str(revision)})
    assert none.status_code == 422 and "Kies een ingevulde werkmap" in none.text
    assert site.ctx.cases.get(site.case_id).revision == revision


def test_only_who_may_edit_a_participant_uploads_its_template(site: Site) -> None:
    url = f"/cases/{site.case_id}/deelnemers/gm9002/invulbestand"
    files = {"file": ("x.xlsx", _changed_template(site, "gm9002", 5), XLSX)}
    assert site.client("deelnemer").get(url).status_code == 404  # another municipality
    assert site.client("deelnemer").post(url, files=files).status_code == 404
    assert site.client("lezer").get(url).status_code == 200
    assert site.client("lezer").post(url, files=files).status_code == 403
    page = site.client("lezer").get(f"/cases/{site.case_id}/deelnemers/gm9002").text
    assert "Invulbestand downloaden" in page and "Ingevuld invulbestand inlezen" not in page


def test_the_template_through_the_api(site: Site) -> None:
    client = site.client("adviseur")
    url = f"{API}/cases/{site.case_id}/participants/gm9003/template"
    assert client.get(url).headers["content-type"] == XLSX
    revision = site.ctx.cases.get(site.case_id).revision
    body = _changed_template(site, "gm9003", 12_345)
    saved = client.put(url, params={"base_revision": revision}, content=body)
    assert saved.status_code == 200, saved.text
    assert [s["path"] for s in saved.json()] == ["participants[2].baseline"]
    assert _first_cost(site, 2) == 12_345
    bad = client.put(url, params={"base_revision": revision + 1}, content=b"PK-nee")
    assert bad.status_code == 422 and all("message" in p for p in bad.json()["detail"])


def test_the_excel_export_is_made_in_the_background_and_then_downloaded(site: Site) -> None:
    client = site.client("adviseur")
    page = client.get(f"/cases/{site.case_id}/rapport", params={"formaat": "xlsx"})
    assert page.status_code == 200 and 'class="results-pending"' in page.text
    early = client.get(f"/cases/{site.case_id}/rapport/bestand", params={"formaat": "xlsx"})
    assert early.status_code == 303
    _run_jobs(site)
    ready = client.get(f"/cases/{site.case_id}/rapport", params={"formaat": "xlsx"}).text
    assert "Downloaden" in ready
    made = client.get(f"/cases/{site.case_id}/rapport/bestand", params={"formaat": "xlsx"})
    assert made.status_code == 200 and made.headers["content-type"] == XLSX
    assert "attachment" in made.headers["content-disposition"]
    assert len(openpyxl.load_workbook(io.BytesIO(made.content)).sheetnames) > 3


def test_the_council_report_through_the_api_and_only_for_who_sees_everyone(site: Site) -> None:
    client = site.client("lezer")
    url = f"{API}/cases/{site.case_id}/exports/html"
    params = {"confidential": "Vertrouwelijk"}
    assert client.get(url, params=params).status_code == 202
    _run_jobs(site)
    report = client.get(url, params=params)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "Vertrouwelijk" in report.text
    participant = site.client("deelnemer")
    assert participant.get(url).status_code == 404
    page = participant.get(f"/cases/{site.case_id}/rapport", params={"formaat": "pdf"}).text
    assert "vraag de projectleider" in page and "results-pending" not in page
    assert client.get(f"{API}/cases/{site.case_id}/exports/docx").status_code == 422


def test_an_export_of_a_revision_that_was_changed_meanwhile_asks_again(site: Site) -> None:
    client = site.client("adviseur")
    row = site.ctx.cases.get(site.case_id)
    job = site.ctx.jobs.submit(row.id, "export", row.revision, "test", {"format": "xlsx"})
    site.ctx.jobs.finish(job.id, {"superseded_by": row.revision + 1})
    page = client.get(f"/cases/{site.case_id}/rapport", params={"formaat": "xlsx"})
    assert "De case is intussen gewijzigd" in page.text
