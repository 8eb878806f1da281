"""In Chromium: the demo case shows its probability of success once the worker has run the
Monte Carlo job, and its benefits network with the negative relations drawn red and dashed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import LiveServer
    from playwright.sync_api import Page


def test_the_risk_page_fills_in_the_probability_of_success(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    page = new_page()
    live_server.login(page)
    page.goto(f"/cases/{live_server.demo_case_id()}/risicos?scenario=minder-meerkosten")
    table = page.get_by_role("table", name="Kans van slagen en percentielen per deelnemer (€)")
    table.wait_for(timeout=60_000)  # the page polls the job until its answer is there
    whole = table.get_by_role("row").filter(has_text="Geconsolideerd")
    assert "%" in whole.inner_text()
    assert page.locator("figure.chart svg").count() >= 3


def test_the_benefits_network_marks_negative_relations_not_by_colour_alone(
    live_server: LiveServer, new_page: Callable[..., Page]
) -> None:
    page = new_page()
    live_server.login(page)
    page.goto(f"/cases/{live_server.demo_case_id()}/baten")
    dashed = page.locator("#grafiek-batennetwerk svg [stroke-dasharray]")
    assert dashed.count() > 0
    page.get_by_text("Relaties in het netwerk als tabel").click()
    assert page.get_by_role("cell", name="negatief (−)").count() > 0
