"""The case overview, the results per scenario and the charts in the pages."""

from __future__ import annotations

import html
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from conftest import Site

from samenrekenen.format import format_eur
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.report.charts import CHART_KINDS
from samenrekenen.web.service import Pending, results_document
from samenrekenen.web.worker import Worker

TOLERANCE = 0.005


def _results(site: Site) -> dict[str, Any]:
    document = results_document(site.ctx, site.ctx.cases.get(site.case_id))
    assert not isinstance(document, Pending)
    return document


def _scenario(results: dict[str, Any], scenario_id: str) -> dict[str, Any]:
    return next(s for s in results["scenarios"] if s["id"] == scenario_id)


def _card(page: str, scenario_id: str) -> str:
    match = re.search(
        rf'<section[^>]*aria-labelledby="scenario-{scenario_id}-kop">(.*?)</section>',
        page,
        flags=re.S,
    )
    assert match, f"no card for {scenario_id}"
    return html.unescape(match.group(1))


def _names(site: Site) -> dict[str, str]:
    return {p["id"]: p["name"] for p in site.ctx.cases.get(site.case_id).document["participants"]}


def _worse_off(site: Site, scenario_id: str) -> list[str]:
    scenario = _scenario(_results(site), scenario_id)
    return [
        key
        for key in scenario["members"]
        if sum(scenario["entities"][key]["difference"]) > TOLERANCE
    ]


def test_overview_shows_the_break_even_year_of_the_results(site: Site) -> None:
    metrics = _scenario(_results(site), "minder-meerkosten")["consolidated"]["metrics"]
    assert metrics["break_even_year"] == 2034
    assert metrics["break_even_is_estimate"] is False
    page = site.client("beheerder").get(f"/cases/{site.case_id}")
    assert page.status_code == 200
    card = _card(page.text, "minder-meerkosten")
    assert re.search(r"Omslagpunt</dt>\s*<dd>2034</dd>", card)
    assert format_eur(metrics["npv"]) in card
    estimate = _card(page.text, "minder-meerkosten-vier")
    vier = _scenario(_results(site), "minder-meerkosten-vier")["consolidated"]["metrics"]
    assert vier["break_even_is_estimate"] is True
    assert f"{vier['break_even_year']} (schatting)" in estimate


def test_overview_has_summary_baseline_first_and_live_region(site: Site) -> None:
    page = site.client("adviseur").get(f"/cases/{site.case_id}").text
    assert "ICT-samenwerking Vechtstreek" in page
    assert "Beslisvraag" in page and "10 jaar (2026–2035)" in page
    cards = re.findall(r'aria-labelledby="scenario-([^"]+)-kop"', page)
    assert cards[0] == "ongewijzigd-beleid"
    assert "ongewijzigd beleid</span>" in page
    region = re.search(r'<div id="overview-results"[^>]*>', page)
    assert region
    assert f'hx-get="/cases/{site.case_id}/overzicht/resultaten"' in region.group(0)
    assert 'hx-trigger="case-changed from:body"' in region.group(0)


def test_overview_warns_about_participants_worse_off_than_alone(site: Site) -> None:
    worse = _worse_off(site, "minder-meerkosten")
    assert "gm9010" in worse
    names = _names(site)
    page = site.client("lezer").get(f"/cases/{site.case_id}").text
    card = _card(page, "minder-meerkosten")
    assert "Slechter af dan alleen" in card
    for key in worse:
        assert names[key] in card
    assert "Slechter af dan alleen" not in _card(page, "kostenreductie")
    assert "⚠</span> slechter af dan alleen" in page


def test_overview_shows_precondition_breaches(site: Site) -> None:
    checks = _scenario(_results(site), "minder-meerkosten-vier")["preconditions"]
    failed = [c for c in checks if not c["ok"]]
    assert [c["precondition"] for c in failed] == ["max_one_off_costs_eur"]
    page = site.client("beheerder").get(f"/cases/{site.case_id}").text
    card = _card(page, "minder-meerkosten-vier")
    assert "Randvoorwaarde geschonden" in card
    assert "Maximale eenmalige kosten" in card
    assert failed[0]["message"] in card
    assert "geschonden" not in _card(page, "minder-meerkosten")


def test_unit_switch_shows_thousands(site: Site) -> None:
    total = sum(_scenario(_results(site), "kostenreductie")["consolidated"]["difference"])
    client = site.client("lezer")
    euros = _card(client.get(f"/cases/{site.case_id}").text, "kostenreductie")
    assert format_eur(total) in euros
    page = client.get(f"/cases/{site.case_id}?eenheid=k").text
    thousands = _card(page, "kostenreductie")
    assert format_eur(total, thousands=True) in thousands
    assert format_eur(total) not in thousands
    assert "Bedragen in × € 1.000" in html.unescape(page)
    assert f'hx-get="/cases/{site.case_id}/overzicht/resultaten?eenheid=k"' in page
    fragment = client.get(f"/cases/{site.case_id}/overzicht/resultaten?eenheid=k").text
    assert format_eur(total, thousands=True) in html.unescape(fragment)
    detail = client.get(f"/cases/{site.case_id}/resultaten/kostenreductie?eenheid=k").text
    assert "(× € 1.000)" in html.unescape(detail)


def test_fragment_is_the_results_region_only(site: Site) -> None:
    response = site.client("lezer").get(f"/cases/{site.case_id}/overzicht/resultaten")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Uitkomst per scenario" in response.text


def test_fragment_follows_a_new_revision(site: Site) -> None:
    client = site.client("lezer")
    before = client.get(f"/cases/{site.case_id}/overzicht/resultaten").text
    _email, user = site.user("adviseur")
    row = site.ctx.cases.get(site.case_id)
    path = "participants[9].baseline.costs[0].visible_eur"
    old = row.document["participants"][9]["baseline"]["costs"][0]["visible_eur"]
    site.ctx.cases.apply(site.case_id, Edit(EditKind.SET, path, old * 3), row.revision, user)
    after = client.get(f"/cases/{site.case_id}/overzicht/resultaten").text
    assert "versie 1" in before and "versie 2" in after
    assert before != after


def test_pending_results_show_progress_and_poll(site: Site) -> None:
    site.ctx.settings.inline_calculation_limit = 0
    client = site.client("lezer")
    page = client.get(f"/cases/{site.case_id}").text
    assert "<progress" in page and "<label" in page
    assert 'hx-trigger="every 1s"' in page
    assert f'hx-get="/cases/{site.case_id}/overzicht/resultaten"' in page
    chart = client.get(f"/cases/{site.case_id}/grafiek/minder-meerkosten/abcd.svg")
    assert chart.status_code == 503
    results_page = client.get(f"/cases/{site.case_id}/resultaten/minder-meerkosten").text
    assert "<progress" in results_page and 'hx-select="#scenario-resultaten"' in results_page
    assert Worker(site.ctx).run_once()
    fragment = client.get(f"/cases/{site.case_id}/overzicht/resultaten").text
    assert "every 1s" not in fragment
    assert re.search(r"Omslagpunt</dt>\s*<dd>2034</dd>", fragment)


@pytest.mark.parametrize("role", ["lezer", "deelnemer", "admin"])
def test_members_can_view_every_result_page(site: Site, role: str) -> None:
    client = site.client(role)
    base = f"/cases/{site.case_id}"
    for path in ("", "/overzicht/resultaten", "/resultaten", "/resultaten/minder-meerkosten"):
        assert client.get(base + path).status_code == 200, path
    assert client.get(f"{base}/grafiek/kostenreductie/deelnemers.svg").status_code == 200


def test_non_members_get_404(site: Site) -> None:
    client = site.client("buitenstaander")
    base = f"/cases/{site.case_id}"
    for path in (
        "",
        "/overzicht/resultaten",
        "/resultaten",
        "/resultaten/minder-meerkosten",
        "/grafiek/minder-meerkosten/abcd.svg",
    ):
        assert client.get(base + path).status_code == 404, path


def test_anonymous_is_sent_to_login(site: Site) -> None:
    response = site.client("anoniem").get(f"/cases/{site.case_id}")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/inloggen")


def test_unknown_scenario_or_chart_is_404(site: Site) -> None:
    client = site.client("beheerder")
    base = f"/cases/{site.case_id}"
    response = client.get(f"{base}/resultaten/bestaat-niet")
    assert response.status_code == 404
    assert "bestaat niet" in response.text
    assert client.get(f"{base}/grafiek/bestaat-niet/abcd.svg").status_code == 404
    assert client.get(f"{base}/grafiek/minder-meerkosten/taart.svg").status_code == 404
    assert client.get("/cases/999999/resultaten/minder-meerkosten").status_code == 404


def test_results_list_links_every_scenario(site: Site) -> None:
    page = site.client("lezer").get(f"/cases/{site.case_id}/resultaten").text
    for scenario in _results(site)["scenarios"]:
        assert f'href="/cases/{site.case_id}/resultaten/{scenario["id"]}"' in page
    assert "1 randvoorwaarde geschonden" in page
    assert "slechter af dan alleen" in page


def test_scenario_page_has_tables_and_six_charts(site: Site) -> None:
    page = site.client("beheerder").get(f"/cases/{site.case_id}/resultaten/minder-meerkosten").text
    assert page.count("<figure") == len(CHART_KINDS)
    assert page.count("<svg") == len(CHART_KINDS)
    assert page.count("<figcaption") == len(CHART_KINDS)
    assert page.count("Cijfers bij deze grafiek") == len(CHART_KINDS)
    for kind in CHART_KINDS:
        assert f'/grafiek/minder-meerkosten/{kind}.svg"' in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    assert tables and all("<caption>" in t for t in tables)
    assert 'scope="col"' in page and 'scope="row"' in page
    scenario = _scenario(_results(site), "minder-meerkosten")
    unescaped = html.unescape(page)
    assert format_eur(scenario["consolidated"]["cumulative_difference"][-1]) in unescaped
    share = scenario["entities"]["share"]
    assert format_eur(sum(share["charge_income"])) in unescaped
    assert "Opbrengst doorbelasting" in page and "Resultaat" in page
    assert "Kosten van Gemeente Stichtenburg per kostensoort en jaar" in page
    headings = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))


def test_baseline_scenario_page_shows_cost_only(site: Site) -> None:
    page = site.client("lezer").get(f"/cases/{site.case_id}/resultaten/ongewijzigd-beleid").text
    assert "referentiescenario" in page
    assert "Cumulatief verschil</th>" not in page


def test_participant_sees_totals_of_others_but_only_own_detail(site: Site) -> None:
    scenario = _scenario(_results(site), "minder-meerkosten")
    names = _names(site)
    client = site.client("deelnemer", "gm9001")
    overview = html.unescape(client.get(f"/cases/{site.case_id}").text)
    for key in scenario["members"]:
        assert names[key] in overview
        assert format_eur(sum(scenario["entities"][key]["difference"])) in overview
    page = client.get(f"/cases/{site.case_id}/resultaten/minder-meerkosten").text
    assert "Kosten van Gemeente Dwarsdijk per kostensoort en jaar" in page
    assert "Kosten van Gemeente Stichtenburg per kostensoort en jaar" not in page
    assert "De details per kostensoort van Gemeente Stichtenburg zijn alleen zichtbaar" in page
    other = scenario["entities"]["gm9010"]["cost_by_category"]["software"][3]
    assert format_eur(other) not in html.unescape(page)
    site.ctx.cases.set_participants_see_others(site.case_id, True)
    page = client.get(f"/cases/{site.case_id}/resultaten/minder-meerkosten").text
    assert "Kosten van Gemeente Stichtenburg per kostensoort en jaar" in page


def test_chart_endpoint_serves_svg(site: Site) -> None:
    client = site.client("lezer")
    response = client.get(f"/cases/{site.case_id}/grafiek/minder-meerkosten/deelnemers.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and (title.text or "").startswith(CHART_KINDS["deelnemers"])
    again = client.get(
        f"/cases/{site.case_id}/grafiek/minder-meerkosten/deelnemers.svg",
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304
    page = client.get(f"/cases/{site.case_id}/resultaten/minder-meerkosten").text
    assert response.text.strip() in page
