"""The charging page and its API twin: the demo's products and bills, reconciled; a
*deelnemer* without the right to see others gets their totals only."""

from __future__ import annotations

import html

from conftest import Site

from samenrekenen.format import format_eur

API = "/api/v1"
SCENARIO = "minder-meerkosten"


def test_charging_page_shows_products_bills_and_the_reconciliation(site: Site) -> None:
    client = site.client("lezer")
    page = client.get(f"/cases/{site.case_id}/verrekening?scenario={SCENARIO}&jaar=2030")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for name in ("Werkplek (beheerd)", "Gebruikersaccount met standaardsoftware", "staffel"):
        assert name in text
    assert "Rekening per deelnemer 2030" in text
    assert "niet gedekt: € 0" in text
    data = client.get(f"{API}/cases/{site.case_id}/charging/{SCENARIO}").json()
    t = data["years"].index(2030)
    total = data["participants"][0]["total_eur"][t]
    assert format_eur(total) in text


def test_deelnemer_sees_only_totals_of_others(site: Site) -> None:
    client = site.client("deelnemer", "gm9001")
    data = client.get(f"{API}/cases/{site.case_id}/charging/{SCENARIO}").json()
    own, other = data["participants"][0], data["participants"][1]
    assert own["id"] == "gm9001" and "invoices_eur" in own
    assert other["id"] == "gm9002" and "invoices_eur" not in other and "total_eur" in other
    page = html.unescape(client.get(f"/cases/{site.case_id}/verrekening").text)
    assert "details niet zichtbaar" in page


def test_scenario_without_charging_is_404(site: Site) -> None:
    client = site.client("lezer")
    answer = client.get(f"{API}/cases/{site.case_id}/charging/ongewijzigd-beleid")
    assert answer.status_code == 404
    assert "geen verrekening ingericht" in answer.json()["detail"]


def test_entry_exit_page_and_api_show_the_effect_on_every_member(site: Site) -> None:
    client = site.client("lezer")
    url = f"/cases/{site.case_id}/toe-en-uittreding?scenario={SCENARIO}&deelnemer=gm9010&jaar=2030"
    page = html.unescape(client.get(url).text)
    assert "Gemeente Stichtenburg</strong> treedt uit in 2030" in page
    data = client.get(
        f"{API}/cases/{site.case_id}/entry-exit/{SCENARIO}?participant=gm9010&year=2030"
    ).json()
    assert data["change"] == "exit" and "gm9010" not in data["members_after"]
    assert [p["part"] for p in data["fee_parts"]] == ["stranded", "friction", "book_value"]
    for part in data["fee_parts"]:
        assert f'{part["label"]}</th><td class="num">{format_eur(part["amount_eur"])}' in page
    assert f"boekwaarde van {format_eur(data['common_assets_eur'])}" in page
    leaver = next(p for p in data["participants"] if p["id"] == "gm9010")
    assert format_eur(sum(leaver["after_eur"])) in page
    bad = client.get(
        f"{API}/cases/{site.case_id}/entry-exit/{SCENARIO}?participant=gm9010&year=2050"
    )
    assert bad.status_code == 422 and "ligt buiten de looptijd" in bad.json()["detail"]


def test_charging_design_page_edits_a_tariff_and_refuses_bad_tiers(site: Site) -> None:
    client = site.client("adviseur")
    page = client.get(f"/cases/{site.case_id}/verrekening/inrichten")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for label in ("Uitgangspunten", "Producten en diensten (PDC)", "Tariefmodel", "Staffels"):
        assert label in text
    revision = site.ctx.cases.get(site.case_id).revision
    path = "charging_design.products[0].tariff.price_eur[2027]"
    saved = client.post(
        f"/cases/{site.case_id}/wijzig", data={"path": path, "value": "3.100", "revision": revision}
    )
    assert saved.status_code == 200, saved.text
    document = site.ctx.cases.get(site.case_id).document
    assert document["charging_design"]["products"][0]["tariff"]["price_eur"]["2027"] == 3100
    data = client.get(f"{API}/cases/{site.case_id}/charging/{SCENARIO}").json()
    assert data["products"][0]["tariff_eur"][data["years"].index(2027)] == 3100
    revision = site.ctx.cases.get(site.case_id).revision
    tier = "charging_design.products[2].tariff.tiers[1].from_volume"
    refused = client.post(
        f"/cases/{site.case_id}/wijzig", data={"path": tier, "value": "150", "revision": revision}
    )
    assert refused.status_code == 422
    assert "Gat tussen de staffels: 100 tot 150 valt nergens" in html.unescape(refused.text)
    assert site.ctx.cases.get(site.case_id).revision == revision


def test_a_deelnemer_cannot_change_the_charging_design(site: Site) -> None:
    client = site.client("deelnemer", "gm9001")
    page = html.unescape(client.get(f"/cases/{site.case_id}/verrekening/inrichten").text)
    assert "alleen een adviseur of beheerder kan haar wijzigen" in page
    revision = site.ctx.cases.get(site.case_id).revision
    path = "charging_design.principles.margin_pct"
    refused = client.post(
        f"/cases/{site.case_id}/wijzig", data={"path": path, "value": "5", "revision": revision}
    )
    assert refused.status_code in (403, 404)
    assert site.ctx.cases.get(site.case_id).revision == revision


def test_dfa_page_and_api_for_the_own_participant_only(site: Site) -> None:
    client = site.client("deelnemer", "gm9001")
    own = client.get(f"/cases/{site.case_id}/verrekening/dfa?deelnemer=gm9001&jaar=2030")
    assert own.status_code == 200
    text = html.unescape(own.text)
    assert "Dossier financiële afspraken 2030: Gemeente Dwarsdijk" in text and "1 oktober" in text
    other = client.get(f"/cases/{site.case_id}/verrekening/dfa?deelnemer=gm9002&jaar=2030")
    assert other.status_code == 404
    data = client.get(f"{API}/cases/{site.case_id}/charging/{SCENARIO}/dfa/gm9001?year=2030").json()
    assert data["participant"] == "gm9001" and len(data["invoices"]) == 4
    assert (
        client.get(
            f"{API}/cases/{site.case_id}/charging/{SCENARIO}/dfa/gm9002?year=2030"
        ).status_code
        == 404
    )
