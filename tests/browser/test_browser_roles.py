"""Rights in the browser: a *deelnemer* cannot reach another municipality's hidden detail, and a
*lezer* gets no enabled field and is refused a forced edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from conftest import LiveServer
    from playwright.sync_api import Page

ENABLED_FIELDS = "main input:not([type=hidden]):enabled, main select:enabled, main textarea:enabled"


def test_participant_gets_404_for_another_municipalitys_detail(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    case_id = live_server.demo_case_id()
    email = live_server.add_user("deelnemer", case_id, "gm9001")
    page = new_page()
    live_server.login(page, email)

    own = page.goto(f"/cases/{case_id}/deelnemers/gm9001")
    assert own is not None and own.status == 200, "de eigen nulmeting hoort zichtbaar te zijn"
    other = page.goto(f"/cases/{case_id}/deelnemers/gm9002")
    assert other is not None and other.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()

    # The API with the same browser session (cookie) says the same.
    own_api = page.request.get(f"/api/v1/cases/{case_id}/participants/gm9001")
    assert own_api.status == 200, own_api.text()
    other_api = page.request.get(f"/api/v1/cases/{case_id}/participants/gm9002")
    assert other_api.status == 404, other_api.text()
    assert "baseline" not in other_api.text()


def test_reader_has_no_enabled_field_and_cannot_force_an_edit(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    case_id = live_server.demo_case_id()
    pages = [
        f"/cases/{case_id}/deelnemers/gm9001",
        f"/cases/{case_id}/scenarios/minder-meerkosten",
    ]
    # The same pages do have fields for someone who may edit (so the check below means something).
    editor = new_page()
    live_server.login(editor)
    for address in pages:
        response = editor.goto(address)
        assert response is not None and response.status == 200, address
        assert editor.locator(ENABLED_FIELDS).count() > 0, f"geen invoervelden op {address}"

    email = live_server.add_user("lezer", case_id)
    page = new_page()
    live_server.login(page, email)
    for address in pages:
        response = page.goto(address)
        assert response is not None and response.status == 200, address
        fields = page.locator(ENABLED_FIELDS)
        names = [fields.nth(i).evaluate("e => e.outerHTML") for i in range(fields.count())]
        assert names == [], f"een lezer krijgt invoervelden op {address}"

    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    forced = page.request.post(
        f"/cases/{case_id}/wijzig",
        form={
            "path": "participants[0].baseline.costs[0].visible_eur",
            "value": "1.234,00",
            "revision": str(live_server.cases.get(case_id).revision),
        },
        headers={"X-CSRF-Token": token},
    )
    assert forced.status == 403, forced.text()
    assert "geen rechten" in forced.text()
    row = live_server.cases.get(case_id)
    assert row.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] != 1234.0
