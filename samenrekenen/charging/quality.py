"""The quality check of a charging design against the criteria of domain §3: automatic where
it can be measured (coverage, incentives, robustness, simplicity, agreements on surpluses and
deficits), the rest as questions for the board."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult
from ..engine.results import FloatArray
from ..format import format_eur, format_pct
from ..model import Case
from ..model.charging import ChargingDesign, ProductUnit, SettlementRule, TariffKind
from .compute import Charging, charge_with_pools, year_values

OK = "ok"
ATTENTION = "let_op"
MANUAL = "handmatig"

SIMPLE_PARAMETERS = 12
"""A tariff system with at most this many parameters counts as simple."""

ROBUST_PCT = 10.0
"""A 10% change of one cost pool should move no tariff by more than this (%)."""

DEFAULT_COST_DRIVERS: dict[str, ProductUnit] = {
    "werkplek": ProductUnit.WORKPLACE,
    "servers_storage": ProductUnit.GB,
    "datacommunicatie": ProductUnit.WORKPLACE,
    "spraakcommunicatie": ProductUnit.ACCOUNT,
    "software": ProductUnit.APPLICATION,
    "faciliteiten": ProductUnit.WORKPLACE,
    "personele_inzet": ProductUnit.HOUR,
}
"""What drives the costs of the default categories (a design can say otherwise)."""

UNIT_LABELS = {
    ProductUnit.WORKPLACE: "werkplekken",
    ProductUnit.ACCOUNT: "accounts",
    ProductUnit.SERVICE: "diensten",
    ProductUnit.EMPLOYEE: "medewerkers",
    ProductUnit.INVOICE: "facturen",
    ProductUnit.PAYSLIP: "loonstroken",
    ProductUnit.INHABITANT: "inwoners",
    ProductUnit.GB: "opslag (GB)",
    ProductUnit.APPLICATION: "applicaties",
    ProductUnit.HOUR: "uren",
    ProductUnit.FIXED: "een vast bedrag",
}

MANUAL_CRITERIA = (
    ("strategic_board", "Vastgesteld door het strategisch bestuur en periodiek geëvalueerd"),
    ("transparent", "Transparant: de share kan de kosten verantwoorden, de deelnemer beïnvloeden"),
    ("fits_product", "Past bij het product en is herkenbaar voor de afnemer"),
    ("administrative_burden", "Minimale administratieve last, passend bij de administratie"),
    ("entry_exit", "Afspraken over toe- en uittreding"),
)


@dataclass(frozen=True)
class QualityCheck:
    """One criterion: ``status`` is ``ok``, ``let_op`` or ``handmatig``; ``explanation`` is
    Dutch and says what was measured."""

    key: str
    label: str
    status: str
    explanation: str


def quality_checks(case: Case, result: CaseResult, charging: Charging) -> list[QualityCheck]:
    """Every criterion of domain §3 for a charging."""
    design = case.charging_design
    assert design is not None
    return [
        _coverage(charging),
        _settlement_agreements(design),
        *_incentives(design),
        _robustness(case, result, charging),
        _simplicity(design),
        *_market_prices(design, charging),
        *_efficiency(design, charging),
        *(
            QualityCheck(key, label, MANUAL, "Beoordeel dit zelf.")
            for key, label in MANUAL_CRITERIA
        ),
    ]


def _coverage(charging: Charging) -> QualityCheck:
    target = np.round(charging.share_cost_eur, 2) + charging.reserve_eur
    gap = np.round(target - charging.before_settlement_eur.sum(axis=0), 2)
    worst = int(np.argmax(np.abs(gap)))
    label = "Dekt de kosten van de share"
    if abs(gap[worst]) <= 0.005:
        return QualityCheck("coverage", label, OK, "De tarieven dekken de kosten in elk jaar.")
    what = "tekort" if gap[worst] > 0 else "overschot"
    share = abs(gap[worst]) / max(abs(target[worst]), 1.0) * 100
    settled = " dat met de nacalculatie wordt verrekend" if np.any(charging.settlement_eur) else ""
    status = OK if share <= 5 and settled else ATTENTION
    return QualityCheck(
        "coverage",
        label,
        status,
        f"Grootste {what} vóór nacalculatie: {format_eur(abs(gap[worst]))} in "
        f"{charging.years[worst]} ({format_pct(share)} van de kosten){settled}.",
    )


def _settlement_agreements(design: ChargingDesign) -> QualityCheck:
    label = "Afspraken over overschotten en tekorten"
    if design.principles.settlement is SettlementRule.BY_KEY:
        return QualityCheck("settlement", label, OK, "Het resultaat wordt nagecalculeerd.")
    return QualityCheck(
        "settlement",
        label,
        ATTENTION,
        "Er is geen nacalculatie: het resultaat blijft bij de share.",
    )


def _incentives(design: ChargingDesign) -> list[QualityCheck]:
    """Per cost pool: does the bill move with what drives the pool's costs?"""
    drivers = {**DEFAULT_COST_DRIVERS, **design.cost_drivers}
    checks = []
    for product in design.products:
        for pool in product.pools:
            driver = drivers.get(pool.category)
            if driver is None or product.tariff.kind is TariffKind.FIXED:
                continue
            follows = product.unit is driver or product.unit is ProductUnit.FIXED
            text = (
                f"De kosten van '{pool.category}' hangen af van {UNIT_LABELS[driver]}; het "
                f"product '{product.name}' rekent naar {UNIT_LABELS[product.unit]}"
            )
            checks.append(
                QualityCheck(
                    f"incentive:{product.id}:{pool.category}",
                    f"Prikkel: {product.name} – {pool.category}",
                    OK if follows else ATTENTION,
                    text + ("." if follows else ": de rekening volgt iets anders dan de kosten."),
                )
            )
    return checks


def _robustness(case: Case, result: CaseResult, charging: Charging) -> QualityCheck:
    """The largest tariff change when one cost pool is 10% higher."""
    label = "Robuust bij een kleine kostenwijziging"
    worst, where = 0.0, ""
    for c, category in enumerate(result.categories):
        factors = np.ones(len(result.categories))
        factors[c] = 1.1
        changed = charge_with_pools(case, result, charging.scenario_id, factors)
        for before, after in zip(charging.products, changed.products, strict=True):
            with np.errstate(divide="ignore", invalid="ignore"):
                change = np.abs(after.cost_price_eur / before.cost_price_eur - 1.0) * 100
            peak = float(np.nanmax(change, initial=0.0))
            if peak > worst:
                worst, where = peak, f"{before.name} bij 10% hogere kosten van '{category}'"
    status = OK if worst <= ROBUST_PCT + 1e-9 else ATTENTION
    text = (
        "Geen kostprijs verandert."
        if not where
        else f"Grootste wijziging: {format_pct(worst)} ({where})."
    )
    return QualityCheck("robustness", label, status, text)


def _market_prices(design: ChargingDesign, charging: Charging) -> list[QualityCheck]:
    """Per product with a market price: is the cost price (the internal transfer rate) at or
    below it in every year it is delivered?"""
    checks = []
    for product, charged in zip(design.products, charging.products, strict=True):
        if product.market_price_eur is None:
            continue
        market = year_values(product.market_price_eur, charging.years)
        above = [
            (year, cost, price)
            for year, cost, price in zip(
                charging.years, charged.cost_price_eur, market, strict=True
            )
            if price > 0 and np.isfinite(cost) and cost > price + 0.005
        ]
        if above:
            year, cost, price = max(above, key=lambda a: a[1] / a[2])
            text = (
                f"De kostprijs ligt boven de marktprijs, het meest in {year}: "
                f"{format_eur(cost)} tegen {format_eur(price)} per eenheid."
            )
        else:
            text = "De kostprijs ligt in elk jaar op of onder de marktprijs."
        checks.append(
            QualityCheck(
                f"market:{product.id}",
                f"Kostprijs en marktprijs: {product.name}",
                ATTENTION if above else OK,
                text,
            )
        )
    return checks


def efficiency_path(design: ChargingDesign, charging: Charging) -> FloatArray | None:
    """The share's costs the efficiency target allows per year: the costs of the first year
    of delivery, lowered by the target percentage each following year (``None`` without a
    target); NaN before that first year."""
    pct = design.principles.efficiency_target_pct
    if pct is None:
        return None
    starts = [p.start_year for p in design.products if p.start_year is not None]
    first = min(starts) if starts else charging.years[0]
    year = np.asarray(charging.years)
    base = float(charging.share_cost_eur[charging.years.index(first)])
    path = base * (1.0 - pct / 100.0) ** (year - first)
    return np.where(year >= first, path, np.nan)


def _efficiency(design: ChargingDesign, charging: Charging) -> list[QualityCheck]:
    path = efficiency_path(design, charging)
    if path is None:
        return []
    gap = charging.share_cost_eur - path
    last = charging.years[-1]
    behind = float(gap[-1])
    status = OK if behind <= 0.005 else ATTENTION
    text = (
        f"Taakstelling {format_pct(design.principles.efficiency_target_pct)} per jaar: in {last} "
        f"kost de share {format_eur(charging.share_cost_eur[-1])}, de taakstelling staat "
        f"{format_eur(path[-1])} toe ({'binnen' if status == OK else 'boven'} de taakstelling)."
    )
    return [QualityCheck("efficiency", "Efficiencytaakstelling van de share", status, text)]


def tariff_parameters(design: ChargingDesign) -> int:
    """How many numbers the tariff system has: one per variable or fixed tariff, two per
    composite, one per tier, one per keyed pool."""
    count = len(design.keyed_pools)
    for product in design.products:
        kind = product.tariff.kind
        count += (
            len(product.tariff.tiers)
            if kind is TariffKind.TIERED
            else 2
            if kind is TariffKind.COMPOSITE
            else 1
        )
    return count


def _simplicity(design: ChargingDesign) -> QualityCheck:
    count = tariff_parameters(design)
    status = OK if count <= SIMPLE_PARAMETERS else ATTENTION
    return QualityCheck(
        "simplicity",
        "Eenvoudig",
        status,
        f"Het tariefsysteem heeft {count} parameters (eenvoudig: ten hoogste {SIMPLE_PARAMETERS}).",
    )
