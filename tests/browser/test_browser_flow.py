"""The main flow in real Chromium: log in with the demo login, create a case from the demo,
change a baseline amount (autosave), see the overview change, fix two versions and compare
them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from conftest import LiveServer
    from playwright.sync_api import Page

PARTICIPANT = "gm9001"
PARTICIPANT_NAME = "Gemeente Dwarsdijk"


def _participant_rows(page: Page) -> list[str]:
    """The text of every table row about the participant on the overview."""
    rows = page.get_by_role("row").filter(has_text=PARTICIPANT_NAME)
    expect(rows.first).to_be_visible()
    return [rows.nth(i).inner_text() for i in range(rows.count())]


def _change_visible_amount(page: Page, case_id: int, typed: str) -> None:
    """Type a Dutch amount in the participant's first visible-cost field and leave it."""
    response = page.goto(f"/cases/{case_id}/deelnemers/{PARTICIPANT}")
    assert response is not None and response.status == 200
    field = page.get_by_label("Zichtbaar bedrag (€)", exact=True).first
    expect(field).to_be_editable()
    field.fill(typed)
    field.press("Tab")  # the change event makes htmx save the field
    expect(page.get_by_text("Opgeslagen", exact=True)).to_be_visible()


def _fix_version(page: Page, case_id: int, name: str) -> None:
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Versies").click()
    page.wait_for_url(f"**/cases/{case_id}/versies")
    page.get_by_label("Naam van de versie").fill(name)
    page.get_by_role("button", name=re.compile("^Versie vastleggen")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_demo_login_edit_overview_versions_and_comparison(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    page = new_page()
    live_server.login(page)

    # A new case from the demo, on the case list.
    page.get_by_role("textbox", name=re.compile("^Naam")).fill("Browsertest")
    page.get_by_label("Demo (tien gemeenten)").check()
    page.get_by_role("button", name="Case aanmaken").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading").first).to_be_visible()
    before = _participant_rows(page)
    revision = live_server.cases.get(case_id).revision

    # Change a visible baseline amount; it is saved when the field is left.
    _change_visible_amount(page, case_id, "1.234.567,89")
    row = live_server.cases.get(case_id)
    assert row.revision == revision + 1
    costs = row.document["participants"][0]["baseline"]["costs"]
    assert 1234567.89 in [c["visible_eur"] for c in costs]

    # The overview shows a different result for the participant.
    page.goto(f"/cases/{case_id}")
    after = _participant_rows(page)
    assert after != before, "het overzicht van de deelnemer veranderde niet"

    # Two versions with a change in between, then their comparison.
    _fix_version(page, case_id, "Raadsvoorstel maart")
    _change_visible_amount(page, case_id, "2.345.678,90")
    _fix_version(page, case_id, "Raadsvoorstel april")
    versions = live_server.cases.versions(case_id)
    assert [v.name for v in versions] == ["Raadsvoorstel maart", "Raadsvoorstel april"]
    march, april = versions

    page.get_by_role("link", name="Alle versies").click()
    expect(page.get_by_role("row").filter(has_text="Raadsvoorstel maart")).to_be_visible()
    page.get_by_role("link", name="Twee versies met elkaar vergelijken").click()
    page.get_by_label("Versie A").select_option(label=f"{march.name} (versie {march.revision})")
    page.get_by_label("Versie B").select_option(label=f"{april.name} (versie {april.revision})")
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_url("**/versies/vergelijk?*")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2)).to_contain_text("Raadsvoorstel maart")
    expect(main.get_by_role("heading", level=2)).to_contain_text("Raadsvoorstel april")
    # The changed amount is listed as a changed input with both values, in Dutch notation.
    changed = main.get_by_role("row").filter(has_text="visible_eur")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("1.234.56")
    expect(changed).to_contain_text("2.345.67")
    # and the key results differ: some difference (B − A) in the per-participant table is not 0.
    rows = main.get_by_role("row").filter(has_text=PARTICIPANT_NAME)
    differences = [rows.nth(i).locator("td").last.inner_text() for i in range(rows.count())]
    assert any(re.search(r"[1-9]", d) for d in differences), differences
