"""The risk register in numbers: expected values, mitigation costs, and the reserve lines a
risk brings into the case.

:func:`with_register` returns the case with a one-off cost line per included mitigation cost
and reserve (ids ``risico-<id>-beheersing`` and ``risico-<id>-reserve``) in every scenario the
risk applies to; the risk results are computed from that case. :func:`register_summary` totals
the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Case, OneOffCost, OneOffType, Risk, Scenario

RISK_LINE_PREFIX = "risico-"
"""Id prefix of the one-off cost lines a risk brings into the case."""


@dataclass(frozen=True)
class RegisterSummary:
    """Totals of the risk register, in euros: the expected value of every impact in euros,
    every mitigation cost, and what the case takes in (mitigation costs and reserves)."""

    risks: int
    expected_eur: float
    mitigation_cost_eur: float
    in_case_eur: float


def register_summary(case: Case) -> RegisterSummary:
    """The register's totals (each risk counted once, whatever its scenarios)."""
    return RegisterSummary(
        risks=len(case.risks),
        expected_eur=sum(r.expected_eur for r in case.risks),
        mitigation_cost_eur=sum(r.mitigation_cost_eur for r in case.risks),
        in_case_eur=sum(sum(amount for _, amount in _included(r)) for r in case.risks),
    )


def _included(risk: Risk) -> list[tuple[str, float]]:
    """The (line id, amount) pairs a risk brings into the case."""
    lines = []
    if risk.include_mitigation_cost and risk.mitigation_cost_eur > 0:
        lines.append((f"{RISK_LINE_PREFIX}{risk.id}-beheersing", risk.mitigation_cost_eur))
    if risk.include_reserve and risk.expected_eur > 0:
        lines.append((f"{RISK_LINE_PREFIX}{risk.id}-reserve", risk.expected_eur))
    return lines


def with_register(case: Case) -> Case:
    """The case with the register's included costs as one-off cost lines (the case itself
    when the register brings nothing in)."""
    if not any(_included(r) for r in case.risks):
        return case
    scenarios = [_with_risks(case, scenario) for scenario in case.scenarios]
    return case.model_copy(update={"scenarios": scenarios})


def _with_risks(case: Case, scenario: Scenario) -> Scenario:
    cooperation = scenario.id != case.baseline_scenario.id
    added = [
        OneOffCost(
            id=line_id,
            description=f"Risico: {risk.description}",
            bearer=risk.bearer,
            category=risk.category or case.categories[0].id,
            values={risk.year or case.cooperation.first_year: amount},
            indexed=False,
            cost_type=OneOffType.OTHER,
        )
        for risk in case.risks
        if (scenario.id in risk.scenarios if risk.scenarios is not None else cooperation)
        for line_id, amount in _included(risk)
    ]
    if not added:
        return scenario
    return scenario.model_copy(update={"one_off_costs": [*scenario.one_off_costs, *added]})
