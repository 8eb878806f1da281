"""The risk register in numbers: totals and the lines it brings into the case."""

from __future__ import annotations

import pytest
from risk_cases import threshold_case

from samenrekenen.demo import demo_case
from samenrekenen.model import Risk
from samenrekenen.risk import register_summary, with_register


def test_the_demo_register_totals_expected_values_and_what_is_in_the_case() -> None:
    case = demo_case()
    summary = register_summary(case)
    assert summary.risks == 4
    assert summary.expected_eur == pytest.approx(0.25 * 600_000 + 0.4 * 1_500_000 + 0.1 * 200_000)
    assert summary.mitigation_cost_eur == pytest.approx(25_000 + 60_000 + 40_000)
    assert summary.in_case_eur == pytest.approx(150_000 + 40_000)


def test_included_costs_become_one_off_lines_of_the_cooperation_scenarios() -> None:
    risk = Risk(
        id="r1",
        description="Tegenvaller",
        probability=0.5,
        impact_eur=100.0,
        include_reserve=True,
        category="ict",
        year=2027,
    )
    case = with_register(threshold_case().model_copy(update={"risks": [risk]}))
    lines = {s.id: [line.id for line in s.one_off_costs] for s in case.scenarios}
    assert lines == {
        "alleen": [],
        "samen": ["project", "risico-r1-reserve"],
        "samen-plus": ["risico-r1-reserve"],  # replaces the inherited one: counted once
    }
    reserve = case.scenario("samen").one_off_costs[-1]
    assert (reserve.values, reserve.bearer, reserve.indexed) == ({2027: 50.0}, "share", False)
    plus = case.resolved("samen-plus").one_off_costs
    assert [line.id for line in plus] == ["project", "risico-r1-reserve"]


def test_a_register_that_brings_nothing_leaves_the_case_as_it_is() -> None:
    risk = Risk(id="r2", description="Alleen registreren", probability=0.2, impact_eur=10.0)
    case = threshold_case().model_copy(update={"risks": [risk]})
    assert with_register(case) is case
