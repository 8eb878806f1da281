"""Small constructed cases for the risk tests, with results that can be worked out by hand.

``threshold_case``: two participants, one category, six years (2026–2031), no indexation, no
discount rate. The baseline scenario has nothing; the scenario ``samen`` has a one-off cost of
€ 300 in 2026 and a benefit of € 100 a year from 2027 (both borne by the share and charged by
inhabitants 3:1). Its result is € 500 − € 300 = € 200; it turns non-positive at a cost
overrun of 66,67%, a benefit shortfall of 40% and a delay of 24 months. ``samen-plus`` extends
it and adds a structural cost of € 10 a year.
"""

from __future__ import annotations

from samenrekenen.model import (
    BaselineCost,
    BaselineMeasurement,
    Benefit,
    Case,
    Category,
    Cooperation,
    Indexation,
    IndexSeries,
    OneOffCost,
    Participant,
    Scenario,
    StructuralCost,
    Uncertainty,
)


def _participant(pid: str, inhabitants: float) -> Participant:
    return Participant(
        id=pid,
        name=f"Gemeente {pid}",
        drivers={"inhabitants": inhabitants},
        baseline=BaselineMeasurement(costs=[BaselineCost(category="ict", visible_eur=1000.0)]),
    )


def threshold_case(uncertainty: Uncertainty | None = None, horizon_years: int = 6) -> Case:
    """The constructed case of this module's docstring, with ``uncertainty``."""
    samen = Scenario(
        id="samen",
        name="Samen",
        extends="alleen",
        one_off_costs=[OneOffCost(id="project", category="ict", values={2026: 300.0})],
        benefits=[Benefit(id="inkoopvoordeel", category="ict", values={2027: 100.0})],
    )
    plus = Scenario(
        id="samen-plus",
        name="Samen plus",
        extends="samen",
        structural_costs=[StructuralCost(id="beheer", category="ict", values={2026: 10.0})],
    )
    return Case(
        cooperation=Cooperation(
            name="Drempelcasus",
            first_year=2026,
            horizon_years=horizon_years,
            indexation=Indexation(default=IndexSeries(rate=0.0)),
        ),
        categories=[Category(id="ict", name="ICT")],
        participants=[_participant("gm0001", 3000.0), _participant("gm0002", 1000.0)],
        scenarios=[Scenario(id="alleen", name="Alleen", is_baseline=True), samen, plus],
        uncertainty=uncertainty,
    )
