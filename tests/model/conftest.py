"""A small valid case for the model tests, built with the pydantic records.

Tests take ``case_data`` (the case as a plain dict; scenarios[0] is the baseline scenario
``alleen``, scenarios[1] ``samen``, scenarios[2] ``samen-plus`` extends ``samen``), change one
thing, and look at the errors of ``errors_of(case_data)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from samenrekenen.model import (
    AllocationKey,
    Asset,
    AssetRetirement,
    BaselineCost,
    BaselineMeasurement,
    Basis,
    Benefit,
    Case,
    Contract,
    Cooperation,
    HiddenAmount,
    Investment,
    LevelChange,
    Markup,
    Objective,
    OneOffCost,
    Participant,
    Phase,
    Scenario,
    StaffChange,
    Staffing,
    StructuralCost,
    Transfer,
)
from samenrekenen.model.validation import CaseError, check_case


def _participant(number: int, inhabitants: float) -> Participant:
    return Participant(
        id=f"gm000{number}",
        name=f"Gemeente {number}",
        cbs_code=f"GM000{number}",
        drivers={"inhabitants": inhabitants, "workplaces": {2026: inhabitants / 100}},
        depreciation_terms={"werkplek": 4},
        baseline=BaselineMeasurement(
            costs=[
                BaselineCost(
                    category="werkplek",
                    visible_eur=100_000,
                    hidden=[HiddenAmount(amount_eur=20_000)],
                ),
                BaselineCost(category="software", visible_eur=200_000),
            ],
            staffing=[Staffing(function_group="Technisch beheer", fte=5, cost_per_fte_eur=80_000)],
            assets=[
                Asset(id="laptops", category="werkplek", purchase_year=2023, amount_eur=50_000)
            ],
            contracts=[Contract(id="saas", name="Zaaksysteem", category="software")],
        ),
    )


def build_case() -> Case:
    """A valid case: three participants, a baseline scenario, a cooperation scenario and a
    scenario that extends it."""
    baseline = Scenario(
        id="alleen",
        name="Ongewijzigd beleid",
        is_baseline=True,
        objectives_not_reached=["innovatie"],
        investments=[
            Investment(id="vervanging", bearer="gm0001", category="werkplek", values={2027: 1e4})
        ],
    )
    together = Scenario(
        id="samen",
        name="Samen",
        members=["gm0001", "gm0002"],
        delay_months=6,
        phases=[
            Phase(id="f1", go_live=dt.date(2027, 1, 1), share_pct=50),
            Phase(id="f2", go_live=dt.date(2028, 7, 1), share_pct=50),
        ],
        transfers=[
            Transfer(id="knip-werkplek", categories=["werkplek"], values={2027: 60}),
            Transfer(id="knip-rest", participants=["gm0001"], values={2027: 40}),
        ],
        level_changes=[
            LevelChange(id="inkoop", bearer="share", category="werkplek", values={2028: -15})
        ],
        staff_changes=[
            StaffChange(
                id="minder-beheer",
                bearer="gm0001",
                function_group="Technisch beheer",
                values={2028: -1},
            )
        ],
        structural_costs=[
            StructuralCost(
                id="directie",
                category="personele_inzet",
                values={2027: 150_000},
                charge_key=AllocationKey(
                    kind="fixed",
                    percentages={"gm0001": 60, "gm0002": 40},
                ),
            )
        ],
        one_off_costs=[
            OneOffCost(
                id="project",
                bearer="members",
                category="software",
                allocation_key=AllocationKey(kind="inhabitants"),
                values={2026: 100_000},
            )
        ],
        investments=[
            Investment(
                id="platform",
                category="servers_storage",
                values={2027: 500_000},
                term_years=5,
                basis=Basis(
                    kind="per_driver",
                    driver="workplaces",
                ),
            )
        ],
        markups=[Markup(id="implementatie", applies_to=["platform"], values={2027: 80})],
        benefits=[Benefit(id="korting", bearer="gm0002", category="software", values={2027: 5e3})],
        asset_retirements=[
            AssetRetirement(id="laptops-weg", participant="gm0001", asset="laptops", year=2028)
        ],
    )
    more = Scenario(
        id="samen-plus",
        name="Samen plus innovatie",
        extends="samen",
        remove_lines=["korting"],
        markups=[Markup(id="extra-opslag", applies_to=["platform"], values={2028: 10})],
    )
    return Case(
        cooperation=Cooperation(
            name="ICT-samenwerking",
            first_year=2026,
            horizon_years=10,
            objectives=[
                Objective(id="lagere-kosten", name="Lagere kosten"),
                Objective(id="innovatie", name="Innovatie"),
            ],
        ),
        participants=[_participant(1, 50_000), _participant(2, 30_000), _participant(3, 9_000)],
        scenarios=[baseline, together, more],
    )


@pytest.fixture
def case_data() -> dict[str, Any]:
    """The valid case as a plain dict (python mode), to change in a test."""
    return build_case().model_dump(exclude_none=True)


def _errors_of(data: dict[str, Any]) -> list[CaseError]:
    return check_case(Case.model_validate(data))


@pytest.fixture
def errors_of() -> Callable[[dict[str, Any]], list[CaseError]]:
    """The semantic errors of a case given as a dict."""
    return _errors_of
