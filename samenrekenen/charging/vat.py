"""The VAT cost effect of the cooperation (domain §3): VAT that cannot be compensated is a real
cost, and cooperating moves purchases from the municipalities to the share and adds the share's
charges.

Per entity and year, the VAT that is a cost is ``rate × Σ amounts whose treatment is not
compensable``: a line's own treatment (``vat``), otherwise the case's default for a
participant and the design's ``share_purchases`` for the share; a participant's retained
baseline costs follow the case's default. Categories without VAT (staff) and staff lines carry
none. The share's non-compensable VAT is borne by the members in proportion to their bills; VAT
on the charges counts when ``charges`` is not compensable. The effect is the scenario's VAT cost
minus going alone (the baseline scenario)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult
from ..engine.results import Component, FloatArray, ScenarioResult
from ..model import Case, VatTreatment
from .compute import Charging

NOT_COMPENSABLE = VatTreatment.NOT_COMPENSABLE
NO_VAT_LINES = ("staff_changes", "transfers")


@dataclass(frozen=True)
class VatEffect:
    """VAT that is a cost, per member and year ``[members, years]``: going alone, in the
    scenario (own purchases, its share of the share's VAT, VAT on its charges), and the
    effect; ``consolidated_eur`` the effect summed over the members."""

    members: list[str]
    alone_eur: FloatArray
    scenario_eur: FloatArray

    @property
    def effect_eur(self) -> FloatArray:
        """Scenario minus alone (positive: cooperating costs VAT)."""
        return self.scenario_eur - self.alone_eur

    @property
    def consolidated_eur(self) -> FloatArray:
        """The effect of all members together, per year."""
        return self.effect_eur.sum(axis=0)


def vat_effect(case: Case, result: CaseResult, charging: Charging) -> VatEffect:
    """The VAT cost effect of a charging's scenario per member."""
    design = case.charging_design
    assert design is not None
    settings = design.vat
    rate = settings.rate_pct / 100.0
    treatments = _line_treatments(case)
    scenario = result.scenario(charging.scenario_id)
    baseline = result.scenario(case.baseline_scenario.id)
    default = case.cooperation.vat_default
    taxed = {c: c not in settings.exempt_categories for c in result.categories}
    alone = np.stack(
        [_own_vat(baseline, m, default, treatments, taxed, rate) for m in charging.members]
    )
    own = np.stack(
        [_own_vat(scenario, m, default, treatments, taxed, rate) for m in charging.members]
    )
    bills = charging.total_eur
    share_vat = _own_vat(scenario, "share", settings.share_purchases, treatments, taxed, rate)
    total = bills.sum(axis=0)
    weights = np.divide(bills, total, out=np.zeros_like(bills), where=np.abs(total) > 0)
    charges_vat = rate * bills if settings.charges is NOT_COMPENSABLE else np.zeros_like(bills)
    return VatEffect(charging.members, alone, own + weights * share_vat + charges_vat)


def _line_treatments(case: Case) -> dict[str, VatTreatment | None]:
    return {getattr(line, "id", ""): getattr(line, "vat", None) for line in case.lines()}


def _own_vat(
    scenario: ScenarioResult,
    entity: str,
    default: VatTreatment,
    treatments: dict[str, VatTreatment | None],
    taxed: dict[str, bool],
    rate: float,
) -> FloatArray:
    """Non-compensable VAT on an entity's own costs per year."""
    result = scenario.entities[entity]
    components = np.asarray(result.components)
    inherited = (
        components[Component.TRANSFERRED_IN]
        if entity == "share"
        else components[Component.RETAINED_VISIBLE]
    )
    mask = np.array(list(taxed.values()), dtype=np.float64)
    vat = np.zeros(components.shape[-1])
    if default is NOT_COMPENSABLE:
        vat += (inherited * mask[:, None]).sum(axis=0)
    for line in scenario.lines:
        if line.entity != entity or line.line_type in NO_VAT_LINES:
            continue
        treatment = treatments.get(line.line_id) or default
        if treatment is NOT_COMPENSABLE and taxed[line.category]:
            vat += np.asarray(line.cost)
    return rate * vat
