"""Synthetic cases of fixed size and seed for the benchmarks."""

from __future__ import annotations

import numpy as np

from samenrekenen.model import (
    AllocationKey,
    BaselineCost,
    BaselineMeasurement,
    Basis,
    Case,
    Category,
    Cooperation,
    HiddenAmount,
    Investment,
    LevelChange,
    OneOffCost,
    Participant,
    Scenario,
    Staffing,
    StructuralCost,
    Transfer,
)


def national_case(
    n_participants: int = 342, n_years: int = 15, n_categories: int = 40, seed: int = 20261122
) -> Case:
    """Every Dutch municipality in one case: 4 scenarios over ``n_years`` and ``n_categories``."""
    rng = np.random.default_rng(seed)
    categories = [Category(id=f"c{c:02d}", name=f"Categorie {c}") for c in range(n_categories)]
    participants = []
    for p in range(n_participants):
        inhabitants = float(np.exp(rng.uniform(np.log(1000), np.log(930000))).round())
        per_category = rng.uniform(0.5, 3.0, n_categories) * inhabitants / n_categories * 30
        costs = [
            BaselineCost(
                category=cat.id,
                visible_eur=float(per_category[i].round()),
                hidden=[HiddenAmount(amount_eur=float((per_category[i] * 0.1).round()))],
            )
            for i, cat in enumerate(categories)
        ]
        participants.append(
            Participant(
                id=f"gm{p:04d}",
                name=f"Gemeente {p}",
                drivers={"inhabitants": inhabitants, "workplaces": round(inhabitants * 0.008)},
                baseline=BaselineMeasurement(
                    costs=costs,
                    staffing=[
                        Staffing(
                            function_group="Technisch beheer",
                            fte=round(inhabitants / 5000, 1),
                            cost_per_fte_eur=85000,
                            category=categories[-1].id,
                        )
                    ],
                ),
            )
        )
    first = 2026
    baseline = Scenario(
        id="baseline",
        name="Ongewijzigd beleid",
        is_baseline=True,
        investments=[
            Investment(
                id="renewal",
                bearer="members",
                category=categories[0].id,
                basis=Basis(kind="per_driver", driver="inhabitants"),
                values={first + t: 4.56 for t in range(n_years)},
            )
        ],
    )
    coop_lines = {
        "transfers": [Transfer(id="knip", values={first + 1: 100})],
        "level_changes": [
            LevelChange(id=f"lc{c}", bearer="share", category=cat.id, values={first + 2: -10})
            for c, cat in enumerate(categories[:20])
        ],
        "structural_costs": [
            StructuralCost(
                id="mgmt",
                bearer="share",
                category=categories[1].id,
                basis=Basis(kind="per_member"),
                values={first + 1: 50000},
            ),
            StructuralCost(
                id="cio",
                bearer="members",
                category=categories[2].id,
                basis=Basis(kind="per_driver", driver="inhabitants"),
                values={first + 1: 2.0},
            ),
        ],
        "one_off_costs": [
            OneOffCost(
                id="project",
                bearer="members",
                category=categories[3].id,
                values={first: 20_000_000, first + 1: 10_000_000},
                allocation_key=AllocationKey(kind="inhabitants"),
            ),
        ],
        "investments": [
            Investment(
                id="infra",
                bearer="share",
                category=categories[4].id,
                values={first + 1: 50_000_000, first + 6: 30_000_000},
                method="annuity",
            ),
        ],
    }
    scenarios = [
        baseline,
        Scenario(id="coop", name="Samenwerking", extends="baseline", **coop_lines),
        Scenario(id="coop-late", name="Later", extends="coop", delay_months=18),
        Scenario(
            id="coop-half",
            name="Helft",
            extends="coop",
            members=[p.id for p in participants[: n_participants // 2]],
        ),
    ]
    return Case(
        cooperation=Cooperation(name="Landelijk", first_year=first, horizon_years=n_years),
        categories=categories,
        participants=participants,
        scenarios=scenarios,
    )
