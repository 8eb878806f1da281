"""The risk page, the benefits page and plan versus actual, with their API twins: background
jobs with the risk module's answers, what a *deelnemer* may see, and the all-or-nothing import
of actuals."""

from __future__ import annotations

import html

from conftest import Site, run_jobs

from samenrekenen.format import format_pct
from samenrekenen.io.risk import montecarlo_to_dict
from samenrekenen.model import Case
from samenrekenen.risk import run_monte_carlo

API = "/api/v1"
SCENARIO = "minder-meerkosten"
DRAWS, SEED = 400, 7


def _case(site: Site) -> Case:
    return site.ctx.case_of(site.ctx.cases.get(site.case_id))


def test_risk_page_shows_the_probability_of_success_of_the_monte_carlo_job(site: Site) -> None:
    client = site.client("lezer")
    url = f"/cases/{site.case_id}/risicos?scenario={SCENARIO}&trekkingen={DRAWS}&seed={SEED}"
    first = client.get(url)
    assert first.status_code == 200
    assert "De trekkingen worden op de achtergrond doorgerekend" in first.text
    assert run_jobs(site) == 2  # Monte Carlo and sensitivity
    page = html.unescape(client.get(url).text)
    assert 'hx-trigger="every 1s"' not in page
    expected = montecarlo_to_dict(run_monte_carlo(_case(site), SCENARIO, DRAWS, SEED), _case(site))
    assert format_pct(expected["consolidated"]["p_positive"] * 100) in page
    assert "Risicoregister" in page and "Tornado" in page
    assert "niet binnen bereik" in page or "al negatief" in page or "Kostenoverschrijding" in page
    assert page.count("<svg") >= 3  # histogram, fan chart, tornado


def test_the_api_answers_202_until_the_job_ran_then_the_risk_modules_numbers(site: Site) -> None:
    client = site.client("deelnemer")
    url = f"{API}/cases/{site.case_id}/montecarlo/{SCENARIO}?draws={DRAWS}&seed={SEED}"
    assert client.get(url).status_code == 202
    run_jobs(site)
    answer = client.get(url)
    assert answer.status_code == 200
    expected = montecarlo_to_dict(run_monte_carlo(_case(site), SCENARIO, DRAWS, SEED), _case(site))
    assert answer.json()["consolidated"]["p_positive"] == expected["consolidated"]["p_positive"]
    assert set(answer.json()["entities"]) == set(expected["entities"])
    sensitivity = f"{API}/cases/{site.case_id}/sensitivity/{SCENARIO}"
    assert client.get(sensitivity).status_code == 202
    run_jobs(site)
    assert "break_even" in client.get(sensitivity).json()["consolidated"]


def test_too_many_draws_and_the_baseline_scenario_are_refused(site: Site) -> None:
    client = site.client("lezer")
    base = f"{API}/cases/{site.case_id}"
    assert client.get(f"{base}/montecarlo/{SCENARIO}?draws=100001").status_code == 422
    assert client.get(f"{base}/montecarlo/ongewijzigd").status_code == 404


def test_benefits_page_draws_the_network_and_an_adviser_can_adopt_it(site: Site) -> None:
    lezer = site.client("lezer")
    page = lezer.get(f"/cases/{site.case_id}/baten").text
    assert "Batennetwerk" in page and "negatief (−)" in page
    assert "Standaardnetwerk overnemen" not in page
    network = lezer.get(f"{API}/cases/{site.case_id}/benefits-network").json()
    assert network["is_default"] is True and "<svg" in network["svg"]
    adviser = site.client("adviseur")
    revision = site.ctx.cases.get(site.case_id).revision
    adopted = adviser.post(
        f"/cases/{site.case_id}/baten/standaardnetwerk", data={"revision": str(revision)}
    )
    assert adopted.status_code == 303
    row = site.ctx.cases.get(site.case_id)
    assert row.revision == revision + 1
    assert len(row.document["benefits_network"]["nodes"]) == len(network["nodes"])
    assert adviser.get(f"{API}/cases/{site.case_id}/benefits-network").json()["is_default"] is False
    refused = lezer.post(
        f"/cases/{site.case_id}/baten/standaardnetwerk", data={"revision": str(row.revision)}
    )
    assert refused.status_code == 403


def test_plan_versus_actual_hides_other_participants_categories_from_a_deelnemer(
    site: Site,
) -> None:
    own = site.client("deelnemer", "gm9001").get(f"{API}/cases/{site.case_id}/plan-actual")
    assert own.status_code == 200
    entities = {row["entity"] for row in own.json()["costs"]}
    assert "gm9001" in entities and "gm9002" not in entities
    totals = {row["entity"] for row in own.json()["cost_totals"]}
    assert "gm9002" in totals  # totals stay visible (needed for fairness)
    everything = site.client("lezer").get(f"{API}/cases/{site.case_id}/plan-actual").json()
    assert "gm9002" in {row["entity"] for row in everything["costs"]}
    page = site.client("lezer").get(f"/cases/{site.case_id}/plan-werkelijk").text
    assert "Evaluatie na het eerste jaar in bedrijf" in page
    assert "Nacalculatie op de werkelijke cijfers" in page


BAD_CSV = (
    b"soort;entiteit;code;jaar;waarde\n"
    b"kosten;gm9001;software;2027;12.5k\n"
    b"kosten;gm9999;software;2027;1.000\n"
)
GOOD_CSV = b"soort;entiteit;code;jaar;waarde\nkosten;gm9003;software;2027;123.456,78\n"


def test_an_actuals_file_is_taken_over_all_or_nothing(site: Site) -> None:
    adviser = site.client("adviseur")
    before = site.ctx.cases.get(site.case_id)
    url = f"/cases/{site.case_id}/plan-werkelijk/bestand"
    form = {"revision": str(before.revision), "notatie": "nl"}
    refused = adviser.post(url, data=form, files={"file": ("werkelijk.csv", BAD_CSV, "text/csv")})
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert "rij 2" in text and "12.5k" in text and "gm9999" in text
    assert site.ctx.cases.get(site.case_id).revision == before.revision
    taken = adviser.post(url, data=form, files={"file": ("werkelijk.csv", GOOD_CSV, "text/csv")})
    assert taken.status_code == 303
    row = site.ctx.cases.get(site.case_id)
    assert row.revision == before.revision + 1
    costs = row.document["actuals"]["costs"]
    assert {"entity": "gm9003", "category": "software", "year": 2027, "amount_eur": 123456.78} in [
        {k: c[k] for k in ("entity", "category", "year", "amount_eur")} for c in costs
    ]


def test_the_actuals_api_reports_every_problem_and_a_lezer_may_not_import(site: Site) -> None:
    base = f"{API}/cases/{site.case_id}/actuals"
    revision = site.ctx.cases.get(site.case_id).revision
    query = {"base_revision": revision, "filename": "werkelijk.csv"}
    adviser = site.client("adviseur")
    refused = adviser.put(base, params=query, content=BAD_CSV)
    assert refused.status_code == 422
    assert len(refused.json()["detail"]) == 2
    assert site.client("lezer").put(base, params=query, content=GOOD_CSV).status_code == 403
    saved = adviser.put(base, params=query, content=GOOD_CSV)
    assert saved.status_code == 200 and saved.json()["path"] == "actuals"


def test_the_forms_of_the_risk_and_steering_pages_save_through_the_edit_endpoint(
    site: Site,
) -> None:
    adviser = site.client("adviseur")
    edit_url = f"/cases/{site.case_id}/wijzig"
    for page in ("risicos", "baten", "plan-werkelijk"):
        assert f'hx-post="{edit_url}"' in adviser.get(f"/cases/{site.case_id}/{page}").text
    row = site.ctx.cases.get(site.case_id)
    form = {"path": "risks[0].probability", "revision": str(row.revision), "value": "0,45"}
    saved = adviser.post(edit_url, data={**form, "kind": "set"})
    assert saved.status_code == 200
    assert site.ctx.cases.get(site.case_id).document["risks"][0]["probability"] == 0.45
    refused = adviser.post(
        edit_url, data={**form, "value": "1,5", "revision": str(row.revision + 1), "kind": "set"}
    )
    assert refused.status_code == 422
    assert "mag hoogstens 1 zijn" in html.unescape(refused.text)
    assert site.ctx.cases.get(site.case_id).document["risks"][0]["probability"] == 0.45
