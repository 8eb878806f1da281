"""The fairness and coalition pages and their API twins: background jobs, one per revision and
inputs, readable by every member, and answers equal to the fairness module's."""

from __future__ import annotations

import html

import pytest
from conftest import Site, run_jobs

from samenrekenen.fairness.analysis import analyse_fairness
from samenrekenen.fairness.coalitions import case_game
from samenrekenen.format import format_eur
from samenrekenen.io.fairness import fairness_to_dict
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store.tables import Job

API = "/api/v1"
SCENARIO = "minder-meerkosten"
FOUR = ["gm9004", "gm9005", "gm9006", "gm9007"]


def _jobs(site: Site) -> list[Job]:
    with site.ctx.db.session() as session:
        return list(session.query(Job).order_by(Job.id))


def test_fairness_page_queues_one_job_then_shows_the_analysis(site: Site) -> None:
    client = site.client("lezer")
    url = f"/cases/{site.case_id}/eerlijkheid?scenario={SCENARIO}"
    first = client.get(url)
    assert first.status_code == 200
    assert "Elke coalitie wordt op de achtergrond doorgerekend" in first.text
    assert f'hx-get="/cases/{site.case_id}/eerlijkheid?scenario={SCENARIO}"' in first.text
    client.get(url)  # reloading while the job waits queues nothing new
    assert [j.kind for j in _jobs(site)] == ["fairness"]
    assert run_jobs(site) == 1
    page = html.unescape(client.get(url).text)
    assert 'hx-trigger="every 1s"' not in page
    case = site.ctx.case_of(site.ctx.cases.get(site.case_id))
    expected = fairness_to_dict(analyse_fairness(case_game(case, SCENARIO)))
    assert format_eur(expected["grand_coalition_cost_eur"]) in page
    for participant in expected["participants"]:
        assert participant["name"] in page
    for allocation in expected["allocations"]:
        assert allocation["label"] in page
    assert "Voorgestelde compensatieposten" in page
    assert "Gemeente Stichtenburg ontvangt" in page


def test_fairness_is_recomputed_for_a_new_revision(site: Site) -> None:
    client = site.client("adviseur")
    url = f"/cases/{site.case_id}/eerlijkheid?scenario={SCENARIO}"
    client.get(url)
    run_jobs(site)
    row = site.ctx.cases.get(site.case_id)
    edit = Edit(EditKind.SET, "cooperation.discount_rate", 0.03)
    site.ctx.cases.apply(site.case_id, edit, row.revision, site.ctx.accounts.all_users()[0])
    page = client.get(url).text
    assert "Elke coalitie wordt op de achtergrond doorgerekend" in page
    assert len(_jobs(site)) == 2


def test_coalition_page_ranks_the_chosen_candidates(site: Site) -> None:
    client = site.client("deelnemer")
    query = "&".join(f"kandidaat={c}" for c in FOUR)
    url = f"/cases/{site.case_id}/coalities?scenario={SCENARIO}&{query}"
    assert client.get(url).status_code == 200
    assert run_jobs(site) == 1
    page = html.unescape(client.get(url).text)
    assert "11 coalities doorgerekend" in page  # 2⁴ − 1 − 4 coalities of two or more
    for candidate in FOUR:
        assert f'value="{candidate}" checked' in page
    assert "Bijdrage per kandidaat" in page


def test_coalition_page_refuses_one_candidate_in_dutch(site: Site) -> None:
    client = site.client("lezer")
    page = client.get(f"/cases/{site.case_id}/coalities?scenario={SCENARIO}&kandidaat=gm9001")
    assert page.status_code == 200
    assert "Kies 2 tot 15 kandidaten; nu zijn het er 1." in html.unescape(page.text)
    assert _jobs(site) == []


def test_baseline_or_unknown_scenario_is_404(site: Site) -> None:
    client = site.client("lezer")
    for scenario in ("ongewijzigd-beleid", "bestaat-niet"):
        page = client.get(f"/cases/{site.case_id}/eerlijkheid?scenario={scenario}")
        assert page.status_code == 404
        assert "bestaat niet in deze case" in html.unescape(page.text)


def test_api_answers_202_then_the_document(site: Site) -> None:
    client = site.client("lezer")
    url = f"{API}/cases/{site.case_id}/fairness/{SCENARIO}"
    pending = client.get(url)
    assert pending.status_code == 202
    assert pending.json()["status"] == "queued"
    run_jobs(site)
    answer = client.get(url)
    assert answer.status_code == 200
    data = answer.json()
    assert data["scenario"] == SCENARIO and data["exact"] is True
    assert {a["key"] for a in data["allocations"]} >= {"charging", "shapley", "nucleolus"}
    shares = next(a for a in data["allocations"] if a["key"] == "shapley")["amounts_eur"]
    assert sum(shares.values()) == pytest.approx(data["grand_coalition_cost_eur"], abs=0.1)


def test_api_coalitions_with_candidates(site: Site) -> None:
    client = site.client("lezer")
    url = f"{API}/cases/{site.case_id}/coalitions/{SCENARIO}?candidates={','.join(FOUR)}"
    assert client.get(url).status_code == 202
    run_jobs(site)
    data = client.get(url).json()
    assert data["candidates"] == FOUR
    assert data["evaluated"] == 11
    npvs = [c["npv_eur"] for c in data["coalitions"]]
    assert npvs == sorted(npvs, reverse=True)
    bad = client.get(f"{API}/cases/{site.case_id}/coalitions/{SCENARIO}?candidates=gm0000,gm9001")
    assert bad.status_code == 422
    assert "De deelnemer 'gm0000' bestaat niet" in bad.json()["detail"]
