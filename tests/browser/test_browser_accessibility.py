"""axe-core on the app's main pages in real Chromium: no serious or critical WCAG 2.0/2.1 A/AA
violation (minor and moderate findings are printed, not failed)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from axe import assert_no_serious_violations

if TYPE_CHECKING:
    from conftest import LiveServer
    from playwright.sync_api import Page

CASE_PAGES = {
    "overzicht": "/cases/{id}",
    "nulmeting": "/cases/{id}/deelnemers/gm9001",
    "scenario-editor": "/cases/{id}/scenarios/minder-meerkosten",
    "resultaten": "/cases/{id}/resultaten/minder-meerkosten",
    "instellingen": "/cases/{id}/instellingen",
    "verrekening": "/cases/{id}/verrekening?scenario=minder-meerkosten&jaar=2030",
    "verrekening-inrichten": "/cases/{id}/verrekening/inrichten",
    "toe-en-uittreding": (
        "/cases/{id}/toe-en-uittreding?scenario=minder-meerkosten&deelnemer=gm9010&jaar=2030"
    ),
    "eerlijkheid": "/cases/{id}/eerlijkheid?scenario=minder-meerkosten",
    "coalities": "/cases/{id}/coalities?scenario=minder-meerkosten",
    "rapport-en-export": "/cases/{id}/rapport?formaat=xlsx",
    "risicos": "/cases/{id}/risicos?scenario=minder-meerkosten",
    "baten": "/cases/{id}/baten",
    "begroot-en-werkelijk": "/cases/{id}/plan-werkelijk",
    "proces-fasen": "/cases/{id}/proces",
    "proces-rechtsvorm": "/cases/{id}/proces/rechtsvorm",
}


def _settled(page: Page) -> None:
    """Wait until htmx has loaded what the page fetches after loading (if anything)."""
    # A page that polls a running job never goes idle; it is checked as it is then.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=5_000)


def test_login_page(new_page: Callable[..., Page]) -> None:
    page = new_page(bypass_csp=True)
    response = page.goto("/inloggen")
    assert response is not None and response.status == 200
    assert_no_serious_violations(page, "inlogpagina")


def test_case_list(live_server: LiveServer, new_page: Callable[..., Page]) -> None:
    page = new_page(bypass_csp=True)
    live_server.login(page)
    assert page.get_by_role("button", name="Case aanmaken").is_visible()
    assert_no_serious_violations(page, "caselijst")


@pytest.mark.parametrize("name", CASE_PAGES)
def test_case_page(live_server: LiveServer, new_page: Callable[..., Page], name: str) -> None:
    page = new_page(bypass_csp=True)
    live_server.login(page)
    address = CASE_PAGES[name].format(id=live_server.demo_case_id())
    response = page.goto(address)
    assert response is not None
    assert response.status == 200, f"{address} antwoordt {response.status}"
    _settled(page)
    assert_no_serious_violations(page, f"{name} ({address})")
