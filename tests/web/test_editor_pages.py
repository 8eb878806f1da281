"""Editor pages and the autosave endpoint: Dutch entry, audit, item-level locking, rights, and
adding and removing every line type."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import Site

from samenrekenen.model.edits import get_at
from samenrekenen.model.scenario import LINE_LISTS

COST = "participants[0].baseline.costs[0].visible_eur"
OTHER_COST = "participants[0].baseline.costs[1].visible_eur"


def _url(site: Site) -> str:
    return f"/cases/{site.case_id}/wijzig"


def _revision(site: Site) -> int:
    return site.ctx.cases.get(site.case_id).revision


def _stored(site: Site, path: str) -> Any:
    return get_at(site.ctx.cases.get(site.case_id).document, path)


def _vals_revision(html: str) -> int:
    found = re.search(r'"revision": (\d+)', html)
    assert found, html
    return int(found.group(1))


def _enabled_inputs(html: str) -> list[str]:
    main = html.split('<main id="inhoud"', 1)[1]
    controls = re.findall(r"<(?:input|select|textarea|button)\b[^>]*>", main)
    return [c for c in controls if 'type="hidden"' not in c and "disabled" not in c]


def test_pages_render_for_an_adviser(site: Site) -> None:
    client = site.client("adviseur")
    base = f"/cases/{site.case_id}"
    participants = client.get(f"{base}/deelnemers")
    assert participants.status_code == 200
    assert "Gemeente Dwarsdijk" in participants.text and "Effect A" in participants.text
    assert "Gevalideerd" in participants.text and "Volumedrivers per jaar" in participants.text
    page = client.get(f"{base}/deelnemers/gm9001")
    assert page.status_code == 200
    assert "Zichtbaar bedrag (€)" in page.text and "Effect A" in page.text
    assert 'id="live-results"' in page.text and "/overzicht/resultaten" in page.text
    assert 'hx-trigger="load, case-changed from:body"' in page.text
    scenarios = client.get(f"{base}/scenarios")
    assert scenarios.status_code == 200 and "Scenario toevoegen" in scenarios.text
    scenario = client.get(f"{base}/scenarios/minder-meerkosten")
    assert scenario.status_code == 200
    for label in ("Knip (overdracht naar de share)", "Investeringen", "Fasering", "Baten"):
        assert label in scenario.text
    assert client.get(f"{base}/scenarios/bestaat-niet").status_code == 404
    assert client.get(f"{base}/deelnemers/gm0000").status_code == 404


def test_every_input_has_a_label_and_autosaves_to_its_own_wrapper(site: Site) -> None:
    client = site.client("adviseur")
    for page in ("scenarios/minder-meerkosten", "scenarios"):
        _check_labels_and_ids(client.get(f"/cases/{site.case_id}/{page}").text)
    html = client.get(f"/cases/{site.case_id}/deelnemers/gm9001").text
    _check_labels_and_ids(html)
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    inputs = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    for control in inputs:
        if 'type="hidden"' in control:
            continue
        control_id = re.search(r'id="([^"]+)"', control)
        assert control_id and control_id.group(1) in labels, control
    autosaved = [c for c in inputs if "hx-post" in c]
    assert autosaved
    for control in autosaved:
        assert 'hx-trigger="change"' in control and 'hx-swap="outerHTML"' in control
        own = re.search(r'id="([^"]+)-in"', control)
        assert own and f'hx-target="#{own.group(1)}"' in control


def _check_labels_and_ids(html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "dubbele id's"
    known = set(ids)
    for name in re.findall(r'<label for="([^"]+)"', html):
        assert name in known, name
    for names in re.findall(r'aria-describedby="([^"]+)"', html):
        assert set(names.split()) <= known, names
    for target in re.findall(r'hx-target="#([^"]+)"', html):
        assert target in known, target
    assert html.count("<fieldset") == html.count("<legend"), "elke fieldset heeft een legend"


def test_dutch_entry_is_stored_and_audited(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    response = client.post(
        _url(site), data={"path": COST, "value": "1.234,56", "revision": revision}
    )
    assert response.status_code == 200, response.text
    assert "Opgeslagen" in response.text and 'role="status"' in response.text
    assert response.headers["HX-Trigger"] == "case-changed"
    assert _vals_revision(response.text) == revision + 1
    assert 'value="1.234,56"' in response.text
    assert _stored(site, COST) == pytest.approx(1234.56)
    entries = site.ctx.cases.audit(site.case_id, COST)
    assert entries and entries[0].new_value == pytest.approx(1234.56)
    assert entries[0].user_email.startswith("adviseur")


def test_invalid_entry_gives_422_with_a_dutch_message_and_stores_nothing(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    before = _stored(site, COST)
    response = client.post(_url(site), data={"path": COST, "value": "12x", "revision": revision})
    assert response.status_code == 422
    assert "is geen getal" in response.text
    assert 'aria-invalid="true"' in response.text and "-fout" in response.text
    assert re.search(r'aria-describedby="[^"]*-fout"', response.text)
    response = client.post(_url(site), data={"path": COST, "value": "-5", "revision": revision})
    assert response.status_code == 422
    assert "0 of" in response.text or "negatief" in response.text or "minstens" in response.text
    assert _stored(site, COST) == before and _revision(site) == revision


def test_stale_revision_on_the_same_field_is_a_conflict(site: Site) -> None:
    first, second = site.client("adviseur"), site.client("beheerder")
    revision = _revision(site)
    saved = first.post(_url(site), data={"path": COST, "value": "2.000", "revision": revision})
    assert saved.status_code == 200
    response = second.post(_url(site), data={"path": COST, "value": "3.000", "revision": revision})
    assert response.status_code == 409
    assert "heeft dit intussen gewijzigd in 2.000" in response.text
    assert "adviseur" in response.text and 'role="alert"' in response.text
    assert 'value="2.000"' in response.text
    assert _vals_revision(response.text) == revision + 1
    assert _stored(site, COST) == 2000.0
    again = second.post(_url(site), data={"path": COST, "value": "3.000", "revision": revision + 1})
    assert again.status_code == 200 and _stored(site, COST) == 3000.0


def test_stale_revision_on_another_field_saves(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    for path, value in ((COST, "1.000"), (OTHER_COST, "2.000")):
        response = client.post(
            _url(site), data={"path": path, "value": value, "revision": revision}
        )
        assert response.status_code == 200, response.text
    assert _stored(site, COST) == 1000.0 and _stored(site, OTHER_COST) == 2000.0


def test_year_values_checkboxes_selects_and_id_lists_save(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    edits: list[tuple[str, Any, Any]] = [
        ("scenarios[2].investments[1].values[2030]", "250.000", 250000.0),
        ("scenarios[2].investments[1].values[2027]", "", None),
        ("scenarios[2].investments[1].indexed", None, False),
        ("scenarios[2].investments[1].method", "annuity", "annuity"),
        ("scenarios[1].members", ["gm9001", "gm9002", "gm9003"], ["gm9001", "gm9002", "gm9003"]),
        ("participants[0].baseline.status", "submitted", "submitted"),
        ("scenarios[2].phases[0].go_live", "2028-03-01", "2028-03-01"),
    ]
    for path, value, stored in edits:
        data: dict[str, Any] = {"path": path, "revision": revision}
        if value is not None:
            data["value"] = value
        response = client.post(_url(site), data=data)
        assert response.status_code == 200, (path, response.text)
        assert _stored(site, path) == stored, path


def test_a_driver_given_as_one_number_becomes_a_year_map(site: Site) -> None:
    client = site.client("adviseur")
    path = "participants[0].drivers.accounts[2028]"
    response = client.post(
        _url(site), data={"path": path, "value": "70", "revision": _revision(site)}
    )
    assert response.status_code == 200, response.text
    assert response.headers["HX-Refresh"] == "true"
    assert _stored(site, "participants[0].drivers.accounts") == {"2026": 60.0, "2028": 70.0}


def test_participant_edits_its_own_baseline_only(site: Site) -> None:
    client = site.client("deelnemer")
    revision = _revision(site)
    own = client.post(_url(site), data={"path": COST, "value": "5.000", "revision": revision})
    assert own.status_code == 200
    other_path = "participants[1].baseline.costs[0].visible_eur"
    before = _stored(site, other_path)
    refused = client.post(_url(site), data={"path": other_path, "value": "1", "revision": revision})
    assert refused.status_code == 403
    assert "geen rechten" in refused.text and str(int(before)) not in refused.text
    assert _stored(site, other_path) == before
    name = client.post(
        _url(site), data={"path": "participants[0].name", "value": "X", "revision": revision}
    )
    assert name.status_code == 403
    base = f"/cases/{site.case_id}"
    assert client.get(f"{base}/deelnemers/gm9002").status_code == 404
    assert client.get(f"{base}/deelnemers/gm9002/totalen").status_code == 404
    page = client.get(f"{base}/deelnemers/gm9001")
    assert page.status_code == 200 and 'name="value"' in page.text
    listing = client.get(f"{base}/deelnemers").text
    assert "Gemeente Ankerveen" in listing
    assert f"{base}/deelnemers/gm9002" not in listing


def test_participant_sees_others_when_the_case_allows_it(site: Site) -> None:
    site.ctx.cases.set_participants_see_others(site.case_id, True)
    client = site.client("deelnemer")
    page = client.get(f"/cases/{site.case_id}/deelnemers/gm9002")
    assert page.status_code == 200
    assert _enabled_inputs(page.text) == [], "another participant's baseline is read-only"


def test_participant_edits_and_adds_only_lines_it_bears(site: Site) -> None:
    client = site.client("deelnemer")
    revision = _revision(site)
    add = {
        "kind": "add",
        "path": "scenarios[1].one_off_costs",
        "revision": revision,
        "item.id": "eigen-opleiding",
        "item.bearer": "gm9001",
        "item.category": "werkplek",
    }
    assert client.post(_url(site), data=add).status_code == 200
    index = len(_stored(site, "scenarios[1].one_off_costs")) - 1
    path = f"scenarios[1].one_off_costs[{index}].values[2027]"
    saved = client.post(
        _url(site), data={"path": path, "value": "10.000", "revision": _revision(site)}
    )
    assert saved.status_code == 200
    share = client.post(_url(site), data={**add, "item.id": "share-regel", "item.bearer": "share"})
    assert share.status_code == 403
    line = "scenarios[1].one_off_costs[0].values[2027]"
    assert _stored(site, "scenarios[1].one_off_costs[0].bearer") != "gm9001"
    other = client.post(_url(site), data={"path": line, "value": "1", "revision": _revision(site)})
    assert other.status_code == 403
    html = client.get(f"/cases/{site.case_id}/scenarios/kostenreductie").text
    assert f"scenarios[1].one_off_costs[{index}].values[2027]" in html
    assert 'hx-vals=\'{"path": "scenarios[1].one_off_costs[0].values' not in html


def test_reader_cannot_edit_and_sees_no_enabled_inputs(site: Site) -> None:
    client = site.client("lezer")
    revision = _revision(site)
    for data in (
        {"path": COST, "value": "1", "revision": revision},
        {"kind": "add", "path": "scenarios[1].benefits", "revision": revision, "item.id": "x"},
        {"kind": "remove", "path": "scenarios[2].phases[0]", "revision": revision},
    ):
        assert client.post(_url(site), data=data).status_code == 403
    assert _revision(site) == revision
    base = f"/cases/{site.case_id}"
    for page in (
        "deelnemers/gm9001",
        "scenarios/minder-meerkosten",
        "scenarios/kostenreductie",
        "scenarios",
    ):
        response = client.get(f"{base}/{page}")
        assert response.status_code == 200
        enabled = [c for c in _enabled_inputs(response.text) if "Uitloggen" not in c]
        assert enabled == [], (page, enabled[:3])
        assert "hx-post" not in response.text.split('<main id="inhoud"', 1)[1]


NEW_LINES: dict[str, dict[str, Any]] = {
    "transfers": {"item.categories": ["faciliteiten"], "item.participants": ["gm9001"]},
    "level_changes": {"item.bearer": "share", "item.category": "software"},
    "staff_changes": {
        "item.bearer": "gm9001",
        "item.category": "personele_inzet",
        "item.function_group": "Technisch beheer",
    },
    "structural_costs": {"item.bearer": "share", "item.category": "faciliteiten"},
    "one_off_costs": {"item.bearer": "members", "item.category": "software"},
    "investments": {"item.bearer": "share", "item.category": "servers_storage"},
    "markups": {"item.applies_to": ["__investment__"]},
    "benefits": {"item.bearer": "gm9002", "item.category": "werkplek"},
    "asset_retirements": {
        "item.participant": "gm9001",
        "item.asset": "gm9001-servers-2022",
        "item.year": "2028",
    },
    "qualitative_items": {"item.description": "Meer kennisdeling", "item.kind": "benefit"},
    "phases": {"item.go_live": "01-07-2028", "item.share_pct": "50"},
}


def test_every_line_type_can_be_added_and_removed(site: Site) -> None:
    assert set(NEW_LINES) == {*LINE_LISTS, "qualitative_items", "phases"}
    client = site.client("adviseur")
    investment = _stored(site, "scenarios[1].investments[0].id")
    added: dict[str, str] = {}
    for name, fields in NEW_LINES.items():
        new_id = f"nieuw-{name.replace('_', '-')}"
        data: dict[str, Any] = {"kind": "add", "path": f"scenarios[1].{name}", "item.id": new_id}
        data.update(
            {k: ([investment] if v == ["__investment__"] else v) for k, v in fields.items()}
        )
        data["revision"] = _revision(site)
        response = client.post(_url(site), data=data)
        assert response.status_code == 200, (name, response.text)
        assert response.headers["HX-Refresh"] == "true"
        assert _stored(site, f"scenarios[1].{name}")[-1]["id"] == new_id
        added[name] = new_id
    page = client.get(f"/cases/{site.case_id}/scenarios/kostenreductie").text
    for name, new_id in added.items():
        index = len(_stored(site, f"scenarios[1].{name}")) - 1
        assert f'"path": "scenarios[1].{name}[{index}].id"' in page, name
        assert f'value="{new_id}"' in page, name
    for name, new_id in added.items():
        index = len(_stored(site, f"scenarios[1].{name}")) - 1
        data = {
            "kind": "remove",
            "path": f"scenarios[1].{name}[{index}]",
            "item_id": new_id,
            "revision": _revision(site),
        }
        response = client.post(_url(site), data=data)
        assert response.status_code == 200, (name, response.text)
        assert response.headers["HX-Refresh"] == "true"
        assert new_id not in [line["id"] for line in _stored(site, f"scenarios[1].{name}")]


def test_adding_checks_the_fields_on_the_server(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    base = {"kind": "add", "path": "scenarios[1].investments", "revision": revision}
    missing = client.post(_url(site), data={**base, "item.category": "software"})
    assert missing.status_code == 422 and "verplicht" in missing.text
    assert 'aria-invalid="true"' in missing.text
    existing = _stored(site, "scenarios[1].investments[0].id")
    duplicate = client.post(
        _url(site),
        data={**base, "item.id": existing, "item.category": "software", "item.bearer": "share"},
    )
    assert duplicate.status_code == 422 and "Niet toegevoegd" in duplicate.text
    bad_year = client.post(
        _url(site),
        data={
            "kind": "add",
            "path": "scenarios[1].asset_retirements",
            "revision": revision,
            "item.id": "te-vroeg",
            "item.participant": "gm9001",
            "item.asset": "gm9001-servers-2022",
            "item.year": "1999",
        },
    )
    assert bad_year.status_code == 422 and "1999" in bad_year.text
    assert _revision(site) == revision


def test_baseline_records_and_comments_can_be_added(site: Site) -> None:
    client = site.client("deelnemer")
    revision = _revision(site)
    hidden = {
        "kind": "add",
        "path": "participants[0].baseline.costs[1].hidden",
        "revision": revision,
        "item.amount_eur": "7.500",
        "item.cause": "functional_management_in_line",
    }
    assert client.post(_url(site), data=hidden).status_code == 200
    assert _stored(site, "participants[0].baseline.costs[1].hidden")[-1]["amount_eur"] == 7500.0
    comment = {
        "kind": "add",
        "path": "participants[0].baseline.comments",
        "revision": revision,
        "item.text": "Cijfers 2025 nagelopen.",
    }
    assert client.post(_url(site), data=comment).status_code == 200
    added = _stored(site, "participants[0].baseline.comments")[-1]
    assert added["text"] == "Cijfers 2025 nagelopen." and added["author"] and added["date"]
    page = client.get(f"/cases/{site.case_id}/deelnemers/gm9001").text
    assert "Cijfers 2025 nagelopen." in page


def test_a_driver_can_be_added_and_removed(site: Site) -> None:
    client = site.client("adviseur")
    path = "participants[0].drivers"
    data = {
        "kind": "add",
        "path": path,
        "revision": _revision(site),
        "item.name": "zaken",
        "item.value": "1.200",
    }
    assert client.post(_url(site), data=data).status_code == 200
    assert _stored(site, f"{path}.zaken") == {"2026": 1200.0}
    bad = client.post(
        _url(site), data={**data, "item.name": "2 zaken", "revision": _revision(site)}
    )
    assert bad.status_code == 422 and "beginnend met een letter" in bad.text
    removed = client.post(
        _url(site), data={"kind": "remove", "path": f"{path}.zaken", "revision": _revision(site)}
    )
    assert removed.status_code == 200 and _stored(site, f"{path}.zaken") is None


def test_optional_records_are_set_and_cleared(site: Site) -> None:
    client = site.client("adviseur")
    path = "scenarios[2].investments[1].allocation_key"
    made = client.post(_url(site), data={"kind": "add", "path": path, "revision": _revision(site)})
    assert made.status_code == 200 and _stored(site, path) == {"kind": "inhabitants"}
    cleared = client.post(
        _url(site), data={"kind": "remove", "path": path, "revision": _revision(site)}
    )
    assert cleared.status_code == 200 and _stored(site, path) is None


def test_removing_checks_that_the_item_is_still_the_one_shown(site: Site) -> None:
    client = site.client("adviseur")
    revision = _revision(site)
    phases = "scenarios[2].phases"
    edited = client.post(
        _url(site), data={"path": f"{phases}[2].share_pct", "value": "20", "revision": revision}
    )
    assert edited.status_code == 200
    removed = client.post(
        _url(site),
        data={"kind": "remove", "path": f"{phases}[0]", "item_id": "fase-1", "revision": revision},
    )
    assert removed.status_code == 200, removed.text
    assert [p["id"] for p in _stored(site, phases)] == ["fase-2", "fase-3"]
    wrong = client.post(
        _url(site),
        data={"kind": "remove", "path": f"{phases}[0]", "item_id": "fase-1", "revision": revision},
    )
    assert wrong.status_code == 409 and "staat niet meer op deze plaats" in wrong.text
    assert len(_stored(site, phases)) == 2


def test_scenarios_can_be_added_from_the_list(site: Site) -> None:
    client = site.client("beheerder")
    data = {
        "kind": "add",
        "path": "scenarios",
        "revision": _revision(site),
        "item.id": "alleen-inkoop",
        "item.name": "Alleen gezamenlijke inkoop",
        "item.extends": "ongewijzigd-beleid",
    }
    assert client.post(_url(site), data=data).status_code == 200
    listing = client.get(f"/cases/{site.case_id}/scenarios").text
    assert "Alleen gezamenlijke inkoop" in listing
    page = client.get(f"/cases/{site.case_id}/scenarios/alleen-inkoop")
    assert page.status_code == 200 and "Bouwt voort op" in page.text


def test_fixed_percentages_are_saved_together(site: Site) -> None:
    client = site.client("adviseur")
    path = "scenarios[1].one_off_costs[0].charge_key.percentages"
    revision = _revision(site)
    partial = client.post(
        _url(site), data={"path": path, "entry.gm9001": "40", "revision": revision}
    )
    assert partial.status_code == 422 and "tellen op tot 40%" in partial.text
    assert 'value="40"' in partial.text and _revision(site) == revision
    data = {"path": path, "entry.gm9001": "40", "entry.gm9002": "60,0", "revision": revision}
    assert client.post(_url(site), data=data).status_code == 200
    assert _stored(site, path) == {"gm9001": 40.0, "gm9002": 60.0}
    kind = "scenarios[1].one_off_costs[0].charge_key.kind"
    saved = client.post(_url(site), data={"path": kind, "value": "fixed", "revision": revision})
    assert saved.status_code == 200 and _stored(site, kind) == "fixed"
