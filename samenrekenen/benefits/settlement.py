"""The charging settlement (nacalculatie) run on actuals.

During the year the share invoices at the tariffs of the plan; afterwards the settlement
charges or refunds the difference with its actual costs. So: the charging design of the case,
with the plan's tariff per product and year fixed, the actual volumes (products and drivers)
in place of the plan's, and the share's actual costs as the cost pools, through the existing
charging functions (:func:`samenrekenen.charging.charge`). Years without actual share costs
keep the plan. Every year reconciles to the cent: invoices + keyed charges + settlement =
actual costs (+ reserve), split by the largest-remainder method.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..charging import Charging, charge
from ..charging.compute import year_values
from ..engine import CaseResult, Component
from ..engine.results import FloatArray, LineAmounts
from ..engine.timeline import held_values
from ..model import Case, ChargingDesign, Participant, Product
from .plan_actual import CENT, decided_scenario


@dataclass(frozen=True)
class ActualSettlement:
    """The charging of one scenario on the plan and on actuals; ``years`` are the years with
    actual share costs (only those differ)."""

    scenario_id: str
    years: list[int]
    plan: Charging
    actual: Charging

    def year_index(self, year: int) -> int:
        """The position of ``year`` in the charging's arrays."""
        return self.actual.years.index(year)


def settle_on_actuals(
    case: Case, result: CaseResult, scenario_id: str | None = None
) -> ActualSettlement:
    """The settlement of the decided scenario on the case's actuals (ChargingError, Dutch, when
    the case has no charging design for it)."""
    chosen = decided_scenario(case, scenario_id)
    plan = charge(case, result, chosen)
    design = case.charging_design
    assert design is not None  # charge() refuses a case without one
    measured: dict[tuple[str, str], dict[int, float]] = {}
    for entry in case.actuals.volumes if case.actuals else []:
        measured.setdefault((entry.participant, entry.driver), {})[entry.year] = entry.value
    products = [
        _product_volumes(product, measured, result.years)
        for product in _with_plan_tariffs(design, plan)
    ]
    participants = [_drivers(p, measured, result.years) for p in case.participants]
    actual_case = case.model_copy(
        update={
            "charging_design": design.model_copy(update={"products": products, "tariff_sets": []}),
            "participants": participants,
        }
    )
    actual_result, years = _with_actual_costs(case, result, chosen)
    return ActualSettlement(chosen, years, plan, charge(actual_case, actual_result, chosen))


def _with_plan_tariffs(design: ChargingDesign, plan: Charging) -> list[Product]:
    """Every product with its tariff set to what the plan charged per unit (per participant
    for fixed tariffs): the tariffs invoiced during the year. The tariff sets are in those
    tariffs already."""
    products = []
    for product, charged in zip(design.products, plan.products, strict=True):
        prices = {
            year: float(tariff)
            for year, tariff in zip(plan.years, charged.tariff_eur, strict=True)
            if np.isfinite(tariff)
        }
        tariff = product.tariff.model_copy(update={"price_eur": prices or None})
        products.append(product.model_copy(update={"tariff": tariff}))
    return products


def _drivers(
    participant: Participant, measured: dict[tuple[str, str], dict[int, float]], years: list[int]
) -> Participant:
    """The participant with its measured driver values (the keys weigh by them)."""
    drivers = dict(participant.drivers)
    for name, value in participant.drivers.items():
        changes = measured.get((participant.id, name))
        if changes:
            drivers[name] = _merged(held_values(value, years[0], len(years)), years, changes)
    return participant.model_copy(update={"drivers": drivers})


def _product_volumes(
    product: Product, measured: dict[tuple[str, str], dict[int, float]], years: list[int]
) -> Product:
    volumes = dict(product.volumes)
    for (participant, driver), changes in measured.items():
        if driver == product.id:
            plan = year_values(volumes.get(participant, 0.0), years)
            volumes[participant] = _merged(plan, years, changes)
    return product.model_copy(update={"volumes": volumes})


def _merged(plan: FloatArray, years: list[int], changes: dict[int, float]) -> dict[int, float]:
    """Values for every year: the plan's, with the measured years replaced."""
    return {year: changes.get(year, float(value)) for year, value in zip(years, plan, strict=True)}


def _with_actual_costs(
    case: Case, result: CaseResult, scenario_id: str
) -> tuple[CaseResult, list[int]]:
    """The result with the share's cost pools replaced by its actual costs in the years that
    have them (the share's own monetised benefits stay as planned), and each share line scaled
    with its category; and those years."""
    measured = [c for c in (case.actuals.costs if case.actuals else []) if c.entity == "share"]
    scenario = result.scenario(scenario_id)
    share = scenario.entities["share"]
    pools = np.asarray(share.cost_by_category, dtype=np.float64)
    actual = pools.copy()
    years = sorted({c.year for c in measured})
    for year in years:
        actual[:, result.years.index(year)] = share.components[Component.BENEFITS][
            :, result.years.index(year)
        ]
    for entry in measured:
        actual[result.categories.index(entry.category), result.years.index(entry.year)] += (
            entry.amount_eur
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(np.abs(pools) >= CENT, actual / pools, 1.0)
    lines = [_scaled(line, factor, result.categories) for line in scenario.lines]
    entities = {**scenario.entities, "share": dataclasses.replace(share, cost_by_category=actual)}
    changed = dataclasses.replace(scenario, entities=entities, lines=lines)
    scenarios = [changed if s.id == scenario_id else s for s in result.scenarios]
    return dataclasses.replace(result, scenarios=scenarios), years


def _scaled(line: LineAmounts, factor: FloatArray, categories: list[str]) -> LineAmounts:
    if line.entity != "share":
        return line
    scale = factor[categories.index(line.category)]
    return dataclasses.replace(line, cost=np.asarray(line.cost) * scale)
