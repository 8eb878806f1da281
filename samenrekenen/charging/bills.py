"""Each member's view of a charging: its bill by product, pool and settlement, its own business
case with the real charging instead of the engine's simple keys, and what a change of its
volumes does to its bill."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult
from ..engine.results import FloatArray
from ..model import Case
from .compute import Charging, charge_with_volumes

VOLUME_STEP = 0.10
"""The volume change whose effect on the bill is shown (±10%)."""


@dataclass(frozen=True)
class MemberBill:
    """One member's yearly figures under a charging.

    ``transferred_eur``: the costs it transferred to the share in the knip;
    ``charging_difference_eur`` (berekeningsverschil): its bill minus those transferred costs;
    ``engine_charge_eur``: what the engine's simple keys charge it; ``cost_eur``: its own cost
    with the real charging; ``difference_eur``: that cost minus its cost alone (baseline
    scenario); ``volume_plus_eur`` / ``volume_minus_eur``: the change of its bill when all its
    volumes are 10% higher or lower and the tariffs stay (``..._settled``: after the
    settlement, with cost prices that follow)."""

    id: str
    invoices_eur: FloatArray
    keyed_eur: FloatArray
    settlement_eur: FloatArray
    total_eur: FloatArray
    transferred_eur: FloatArray
    charging_difference_eur: FloatArray
    engine_charge_eur: FloatArray
    cost_eur: FloatArray
    difference_eur: FloatArray
    volume_plus_eur: FloatArray
    volume_minus_eur: FloatArray
    volume_plus_settled_eur: FloatArray
    volume_minus_settled_eur: FloatArray


def real_costs(result: CaseResult, charging: Charging) -> FloatArray:
    """Each member's own cost per year ``[members, years]`` with the real charging instead of
    the engine's simple keys: its cost, minus what the keys charge it, plus its bill."""
    entities = result.scenario(charging.scenario_id).entities
    engine = np.array([np.asarray(entities[m].charged) for m in charging.members])
    cost = np.array([np.asarray(entities[m].cost) for m in charging.members])
    return cost - engine + charging.total_eur


def member_bills(case: Case, result: CaseResult, charging: Charging) -> list[MemberBill]:
    """Every member's bill and own business case under ``charging``."""
    scenario = result.scenario(charging.scenario_id)
    baseline = result.scenario(case.baseline_scenario.id)
    effects = {sign: _volume_effect(case, result, charging, sign) for sign in (1.0, -1.0)}
    costs = real_costs(result, charging)
    bills = []
    for m, member in enumerate(charging.members):
        entity = scenario.entities[member]
        engine_charge = np.asarray(entity.charged, dtype=np.float64)
        total = charging.total_eur[m]
        cost = costs[m]
        transferred = np.asarray(
            entity.transferred if entity.transferred is not None else np.zeros_like(total)
        )
        bills.append(
            MemberBill(
                id=member,
                invoices_eur=charging.invoices_eur[:, m],
                keyed_eur=charging.keyed_eur[:, m],
                settlement_eur=charging.settlement_eur[m],
                total_eur=total,
                transferred_eur=transferred,
                charging_difference_eur=total - transferred,
                engine_charge_eur=engine_charge,
                cost_eur=cost,
                difference_eur=cost - np.asarray(baseline.entities[member].cost),
                volume_plus_eur=effects[1.0][0][m],
                volume_minus_eur=effects[-1.0][0][m],
                volume_plus_settled_eur=effects[1.0][1][m],
                volume_minus_settled_eur=effects[-1.0][1][m],
            )
        )
    return bills


def _volume_effect(
    case: Case, result: CaseResult, charging: Charging, sign: float
) -> tuple[FloatArray, FloatArray]:
    """Per member ``[members, years]``: the bill change at unchanged tariffs, and after the
    settlement, when that member's volumes alone change by ±10%."""
    n = len(charging.members)
    fixed_tariffs = np.zeros((n, len(charging.years)))
    settled = np.zeros_like(fixed_tariffs)
    for m in range(n):
        factors = np.ones(n)
        factors[m] = 1.0 + sign * VOLUME_STEP
        changed = charge_with_volumes(case, result, charging.scenario_id, factors)
        settled[m] = changed.total_eur[m] - charging.total_eur[m]
        fixed_tariffs[m] = _at_fixed_tariffs(charging, m, sign)
    return fixed_tariffs, settled


def _at_fixed_tariffs(charging: Charging, m: int, sign: float) -> FloatArray:
    """The change of member ``m``'s invoices when its volumes change and every product keeps
    its tariff: variable parts move with the volume, fixed parts and tiers within the band do
    not (tiers are recomputed only through the settled figure)."""
    change = np.zeros(len(charging.years))
    for k, product in enumerate(charging.products):
        if product.kind.value in ("variable", "composite"):
            variable = product.tariff_eur * charging.volumes[k, m]
            change += sign * VOLUME_STEP * np.nan_to_num(variable)
    return np.round(change, 2)
