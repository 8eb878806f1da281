"""The council report's sections on risks, the benefits network and plan versus actual: their
numbers are the risk and benefits modules' own, and each is left out when the case has nothing
for it."""

from __future__ import annotations

import datetime as dt

import pytest

from samenrekenen.benefits import case_network
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.format import format_pct
from samenrekenen.model import Case
from samenrekenen.report.council import ReportContext, report_context
from samenrekenen.report.sections import Chart, SectionContent, Table
from samenrekenen.report.steering_sections import (
    REPORT_DRAWS,
    network_section,
    plan_actual_section,
    risk_section,
)
from samenrekenen.risk import run_monte_carlo

TODAY = dt.date(2026, 3, 4)


def _context(case: Case) -> ReportContext:
    return report_context(case, today=TODAY, result=calculate(case))


@pytest.fixture(scope="module")
def demo() -> Case:
    return demo_case()


def _tables(content: SectionContent) -> dict[str, Table]:
    return {b.caption: b for b in content.blocks if isinstance(b, Table)}


def test_the_probability_of_success_is_the_monte_carlo_of_the_best_scenario(demo: Case) -> None:
    ctx = _context(demo)
    content = risk_section(ctx)
    assert content is not None and ctx.best is not None
    uncertainty = demo.uncertainty
    assert uncertainty is not None
    run = run_monte_carlo(
        demo,
        ctx.best.scenario.id,
        draws=min(uncertainty.draws, REPORT_DRAWS),
        seed=uncertainty.seed if uncertainty.seed is not None else 1,
    )
    table = next(t for c, t in _tables(content).items() if c.startswith("Kans van slagen"))
    whole = table.rows[0]
    assert whole[0].text == "Geconsolideerd"
    assert whole[1].text == format_pct(round(run.consolidated.p_positive, 4) * 100)
    assert len(table.rows) == 1 + len(demo.participants)
    assert "Risicoregister" in _tables(content)
    assert sum(isinstance(b, Chart) for b in content.blocks) == 3


def test_sections_are_left_out_when_the_case_has_nothing_for_them(demo: Case) -> None:
    bare = demo.model_copy(update={"risks": [], "uncertainty": None, "actuals": None})
    ctx = _context(bare)
    assert risk_section(ctx) is None
    assert plan_actual_section(ctx) is None
    assert network_section(ctx) is not None  # the default network is always there


def test_the_network_section_lists_every_relation_and_indicator(demo: Case) -> None:
    content = network_section(_context(demo))
    assert content is not None
    tables = _tables(content)
    relations = tables["Relaties in het batennetwerk"]
    network = case_network(demo)
    assert len(relations.rows) == len(network.edges)
    negative = [r for r in relations.rows if r[2].text == "negatief (−)"]
    assert len(negative) == sum(not e.positive for e in network.edges) > 0
    indicators = tables["Kengetallen: beginwaarde en streefwaarden"]
    assert len(indicators.rows) == len(demo.indicators)


def test_plan_versus_actual_shows_the_evaluation_and_the_settlement(demo: Case) -> None:
    content = plan_actual_section(_context(demo))
    assert content is not None
    captions = list(_tables(content))
    assert any(c.startswith("Kosten begroot en werkelijk") for c in captions)
    assert any(c.startswith("Nacalculatie op de werkelijke cijfers") for c in captions)
