"""Charging the share's costs to the members (domain §3): cost prices, tariffs, invoices, keyed
charges and the settlement (nacalculatie), reconciled to the cent.

The share's yearly cost per category (from the engine) are the cost pools. Each product takes
fractions of pools as direct costs; what no product or keyed pool takes is indirect and goes to
the products pro rata to their direct costs (to the settlement key when there are no products).
A margin principle raises every charge by the margin, which stays with the share as a reserve.
Per year: invoices + keyed charges + settlement = share costs + reserve, exactly in cents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult, largest_remainder
from ..engine.compile import KEY_DRIVERS
from ..engine.results import FloatArray
from ..engine.timeline import held_values, step_values
from ..format import format_eur
from ..model import AllocationKey, Case, KeyKind
from ..model.charging import (
    TARIFF_STREAM,
    ChargingDesign,
    Coverage,
    PreFinancing,
    Product,
    SettlementRule,
    TariffKind,
)

CENT = 0.005
"""Half a cent: amounts closer to zero count as zero."""


class ChargingError(ValueError):
    """A charging design that cannot be applied; the message is Dutch and names the place."""


@dataclass(frozen=True)
class ProductCharge:
    """One product in one scenario: the decision behind its tariff per year, yearly cost (with
    margin), total volume, cost price per unit, the tariff per unit (or per participant for
    fixed tariffs), what the invoices bring in, and the deviation (cost − revenue: the price of
    a tariff set below cost)."""

    id: str
    name: str
    kind: TariffKind
    decisions: list[str]
    cost_eur: FloatArray
    volume: FloatArray
    cost_price_eur: FloatArray
    tariff_eur: FloatArray
    revenue_eur: FloatArray
    deviation_eur: FloatArray
    deviation_reason: str | None


@dataclass(frozen=True)
class Charging:
    """The charging of one scenario. Arrays per participant are ``[members, years]`` in member
    order; volumes and invoices are ``[products, members, years]`` and keyed charges ``[pools,
    members, years]``; amounts are rounded to the cent so that every year reconciles exactly."""

    scenario_id: str
    years: list[int]
    members: list[str]
    share_cost_eur: FloatArray
    reserve_eur: FloatArray
    products: list[ProductCharge]
    pool_ids: list[str]
    pool_names: list[str]
    pool_streams: list[str]
    volumes: FloatArray
    invoices_eur: FloatArray
    keyed_eur: FloatArray
    settlement_eur: FloatArray
    share_result_eur: FloatArray
    financing_eur: FloatArray
    """Net flow from a pre-financier per year: funding (positive), repayment (negative)."""
    warnings: list[str]

    @property
    def total_eur(self) -> FloatArray:
        """Each member's bill per year: invoices, keyed charges and settlement."""
        return self.invoices_eur.sum(axis=0) + self.keyed_eur.sum(axis=0) + self.settlement_eur

    @property
    def before_settlement_eur(self) -> FloatArray:
        """Each member's invoices and keyed charges per year."""
        return self.invoices_eur.sum(axis=0) + self.keyed_eur.sum(axis=0)

    def uncovered_eur(self) -> FloatArray:
        """Share costs (to the cent) + reserve − everything charged, per year: exactly zero
        when the result is settled, the shortfall (or, negative, the surplus) otherwise."""
        target = np.round(self.share_cost_eur, 2) + self.reserve_eur - self.financing_eur
        return np.round(target - self.total_eur.sum(axis=0), 2)


@dataclass
class _Inputs:
    """What one charging run works on: the share's cost pools ``[categories, years]``,
    volumes ``[products, members, years]`` and the key weights needed."""

    design: ChargingDesign
    case: Case
    years: list[int]
    members: list[str]
    categories: list[str]
    pools: FloatArray
    lines: dict[str, tuple[int, FloatArray]]
    """The share's cost per scenario line: its category index and yearly cost."""
    volumes: FloatArray
    weights: list[FloatArray]
    """Key weights ``[members, years]``: the settlement key, then each keyed pool's key."""


def applies_to(design: ChargingDesign, case: Case) -> list[str]:
    """The scenarios the design applies to."""
    if design.scenarios:
        return list(design.scenarios)
    return [s.id for s in case.scenarios if s is not case.baseline_scenario]


def charge(case: Case, result: CaseResult, scenario_id: str) -> Charging:
    """The charging of ``scenario_id`` by the case's charging design."""
    inputs = _inputs(case, result, scenario_id)
    return _charge(inputs, scenario_id)


def charge_with_volumes(
    case: Case, result: CaseResult, scenario_id: str, factors: FloatArray
) -> Charging:
    """The charging with every volume of each member multiplied by ``factors`` (per member):
    the same costs, so the cost prices and the settlement follow."""
    inputs = _inputs(case, result, scenario_id)
    inputs.volumes = inputs.volumes * factors[None, :, None]
    return _charge(inputs, scenario_id)


def charge_with_pools(
    case: Case, result: CaseResult, scenario_id: str, factors: FloatArray
) -> Charging:
    """The charging with each of the share's cost pools (categories) multiplied by
    ``factors``: how tariffs react to a change of costs."""
    inputs = _inputs(case, result, scenario_id)
    inputs.pools = inputs.pools * factors[:, None]
    inputs.lines = {
        line_id: (category, cost * factors[category])
        for line_id, (category, cost) in inputs.lines.items()
    }
    return _charge(inputs, scenario_id)


def _inputs(case: Case, result: CaseResult, scenario_id: str) -> _Inputs:
    design = case.charging_design
    if design is None:
        raise ChargingError("deze casus heeft nog geen verrekening (charging_design)")
    if scenario_id not in applies_to(design, case):
        raise ChargingError(f"de verrekening geldt niet voor scenario '{scenario_id}'")
    scenario = result.scenario(scenario_id)
    members = list(scenario.members)
    years = list(result.years)
    share = scenario.entities["share"]
    volumes = np.stack(
        [_product_volumes(p, members, years) for p in design.products]
        or [np.zeros((len(members), len(years)))]
    )[: len(design.products)]
    inputs = _Inputs(
        design=design,
        case=case,
        years=years,
        members=members,
        categories=list(result.categories),
        pools=np.asarray(share.cost_by_category, dtype=np.float64),
        lines=_share_lines(result, scenario_id),
        volumes=volumes,
        weights=[],
    )
    keys = [design.principles.settlement_key, *(k.key for k in design.keyed_pools)]
    inputs.weights = [_normalised(_key_values(case, key, members, years)) for key in keys]
    return inputs


def _share_lines(result: CaseResult, scenario_id: str) -> dict[str, tuple[int, FloatArray]]:
    lines: dict[str, tuple[int, FloatArray]] = {}
    for line in result.scenario(scenario_id).lines:
        if line.entity != "share":
            continue
        category = result.categories.index(line.category)
        _, cost = lines.get(line.line_id, (category, np.zeros(len(result.years))))
        lines[line.line_id] = (category, cost + np.asarray(line.cost))
    return lines


def year_values(value: float | dict[int, float], years: list[int]) -> FloatArray:
    """A number for every year, or values per year held until the next given year (0 before
    the first): volumes, set tariffs, budgets."""
    if not isinstance(value, dict):
        return np.full(len(years), float(value))
    return step_values(value, years[0], len(years))


def _product_volumes(product: Product, members: list[str], years: list[int]) -> FloatArray:
    """Volumes ``[members, years]``; nothing is taken before the product's start year."""
    volumes = np.stack(
        [year_values(product.volumes.get(m, 0.0), years) for m in members] or [np.zeros(len(years))]
    )[: len(members)]
    if product.start_year is not None:
        volumes[:, np.asarray(years) < product.start_year] = 0.0
    return volumes


def _key_values(case: Case, key: AllocationKey, members: list[str], years: list[int]) -> FloatArray:
    """What a key weighs each member by ``[members, years]``: its driver, its percentage, or
    1 for equal shares."""
    by_id = {p.id: p for p in case.participants}
    n = len(members)
    if key.kind in KEY_DRIVERS or key.kind is KeyKind.DRIVER:
        name = key.driver if key.kind is KeyKind.DRIVER else KEY_DRIVERS[key.kind]
        # Drivers follow the engine: years before the first given year take the first value.
        raw = np.stack(
            [
                held_values(by_id[m].drivers.get(name or "", 0.0), years[0], len(years))
                for m in members
            ]
        )
    elif key.kind is KeyKind.FIXED:
        pct = key.percentages or {}
        raw = np.repeat(np.array([[pct.get(m, 0.0)] for m in members]), len(years), axis=1)
    elif key.kind is KeyKind.ORIGIN:
        raise ChargingError(
            "een sleutel 'origin' (naar herkomst) kan in de verrekening niet; kies bijv. "
            "inwoners, werkplekken of vaste percentages"
        )
    else:
        raw = np.ones((n, len(years)))
    return raw


def _normalised(raw: FloatArray) -> FloatArray:
    """Weights per year that add up to 1; equal shares where there is nothing to weigh by."""
    n = raw.shape[0]
    total = raw.sum(axis=0, keepdims=True)
    equal = np.full(raw.shape, 1.0 / max(n, 1))
    return np.where(total > 0, raw / np.where(total > 0, total, 1.0), equal)


def _charge(inputs: _Inputs, scenario_id: str) -> Charging:
    design = inputs.design
    principles = design.principles
    margin = principles.margin_pct / 100.0 if principles.coverage is Coverage.MARGIN else 0.0
    share_cost = inputs.pools.sum(axis=0)
    direct, keyed, indirect = _split_pools(inputs)
    product_cost = _with_indirect(direct, indirect) * (1.0 + margin)
    keyed_cost = _decided(inputs, keyed * (1.0 + margin))
    pool_ids = [k.id for k in design.keyed_pools]
    pool_names = [k.name for k in design.keyed_pools]
    pool_streams = [k.stream for k in design.keyed_pools]
    settlement_weights, *keyed_weights = inputs.weights
    if not design.products and np.any(np.abs(indirect) > CENT):
        keyed_cost = np.vstack([keyed_cost, indirect[None] * (1.0 + margin)])
        pool_ids.append("overig")
        pool_names.append("Overige kosten van de share")
        pool_streams.append(TARIFF_STREAM)
        keyed_weights.append(settlement_weights)
    products, invoices = _invoices(inputs, product_cost)
    keyed_charges = _keyed(keyed_cost, keyed_weights, inputs.members, len(inputs.years))
    reserve = np.round(share_cost * margin, 2)
    target = np.round(share_cost, 2) + reserve
    charged = np.round(invoices.sum(axis=(0, 1)) + keyed_charges.sum(axis=(0, 1)), 2)
    financing = np.zeros(len(inputs.years))
    if design.pre_financing is not None:
        funded, recovery = _pre_financing(design.pre_financing, inputs.years, target - charged)
        before = (invoices.sum(axis=0) + keyed_charges.sum(axis=0)).clip(min=0.0)
        weights = np.where(before.sum(axis=0) > 0, _normalised(before), settlement_weights)
        repaid = _keyed(recovery[None], [weights], inputs.members, len(inputs.years))
        keyed_charges = np.concatenate([keyed_charges, repaid])
        pool_ids.append("voorfinanciering")
        pool_names.append(f"Terugbetaling voorfinanciering ({design.pre_financing.financier})")
        pool_streams.append("voorfinanciering")
        charged = np.round(charged + recovery, 2)
        financing = np.round(funded - recovery, 2)
        target = target - financing
    settlement = np.zeros((len(inputs.members), len(inputs.years)))
    if principles.settlement is SettlementRule.BY_KEY:
        for t in range(len(inputs.years)):
            settlement[:, t] = largest_remainder(
                target[t] - charged[t], settlement_weights[:, t].tolist(), inputs.members
            )
    share_result = np.round(charged + settlement.sum(axis=0) - np.round(share_cost, 2), 2)
    warnings = _coverage_warnings(inputs, share_result - reserve + financing)
    return Charging(
        scenario_id=scenario_id,
        years=inputs.years,
        members=inputs.members,
        share_cost_eur=share_cost,
        reserve_eur=reserve,
        products=products,
        pool_ids=pool_ids,
        pool_names=pool_names,
        pool_streams=pool_streams,
        volumes=inputs.volumes,
        invoices_eur=invoices,
        keyed_eur=keyed_charges,
        settlement_eur=settlement,
        share_result_eur=share_result,
        financing_eur=financing,
        warnings=warnings,
    )


def _pre_financing(
    terms: PreFinancing, years: list[int], gap: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """What the financier pays per year (the gap between costs and charges up to and including
    ``until_year``) and the yearly repayment: the funded amount with interest to the end of
    ``until_year``, as an annuity over the following ``recovery_years`` (within the horizon)."""
    year = np.asarray(years)
    funded: FloatArray = np.round(
        np.where(year <= terms.until_year, np.clip(gap, 0.0, None), 0.0), 2
    ).astype(np.float64)
    rate, n = terms.interest_rate, terms.recovery_years
    owed = float((funded * (1.0 + rate) ** (terms.until_year - year)).sum())
    annuity = owed * rate / (1.0 - (1.0 + rate) ** -n) if rate > 0 else owed / n
    repaying = (year > terms.until_year) & (year <= terms.until_year + n)
    repayment: FloatArray = np.round(np.where(repaying, annuity, 0.0), 2).astype(np.float64)
    return funded, repayment


def _split_pools(inputs: _Inputs) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Direct costs per product, cost per keyed pool and the indirect remainder, per year."""
    index = {c: i for i, c in enumerate(inputs.categories)}
    pools = inputs.pools.copy()
    keyed = np.zeros((len(inputs.design.keyed_pools), len(inputs.years)))
    for j, pool in enumerate(inputs.design.keyed_pools):
        found = None if pool.line is None else inputs.lines.get(pool.line)
        if found is not None:
            # A line that is not in this scenario has no cost here.
            category, cost = found
            keyed[j] = pool.fraction * cost
            pools[category] -= keyed[j]
    left = np.ones(len(inputs.categories))
    direct = np.zeros((len(inputs.design.products), len(inputs.years)))
    for k, product in enumerate(inputs.design.products):
        for share in product.pools:
            direct[k] += share.fraction * pools[index[share.category]]
            left[index[share.category]] -= share.fraction
    for j, pool in enumerate(inputs.design.keyed_pools):
        if pool.category is not None:
            keyed[j] = pool.fraction * pools[index[pool.category]]
            left[index[pool.category]] -= pool.fraction
    indirect = (np.clip(left, 0.0, 1.0)[:, None] * pools).sum(axis=0)
    return direct, keyed, indirect


def _decided(inputs: _Inputs, cost: FloatArray) -> FloatArray:
    """What each keyed pool charges per year: its cost, or the amount the board decided (a
    yearly budget, or an amount per unit of the key's driver over the members)."""
    charged = cost.copy()
    for j, pool in enumerate(inputs.design.keyed_pools):
        if pool.budget_eur is not None:
            charged[j] = year_values(pool.budget_eur, inputs.years)
        elif pool.per_unit_eur is not None:
            units = _key_values(inputs.case, pool.key, inputs.members, inputs.years).sum(axis=0)
            charged[j] = year_values(pool.per_unit_eur, inputs.years) * units
    return charged


def _with_indirect(direct: FloatArray, indirect: FloatArray) -> FloatArray:
    """Indirect costs added to the products pro rata to their direct costs (equally when no
    product has direct costs in a year)."""
    if direct.shape[0] == 0:
        return direct
    weight = np.abs(direct)
    total = weight.sum(axis=0, keepdims=True)
    share = np.where(total > 0, weight / np.where(total > 0, total, 1.0), 1.0 / direct.shape[0])
    return direct + share * indirect[None]


def _invoices(inputs: _Inputs, product_cost: FloatArray) -> tuple[list[ProductCharge], FloatArray]:
    n_members, n_years = len(inputs.members), len(inputs.years)
    invoices = np.zeros((len(inputs.design.products), n_members, n_years))
    products = []
    for k, product in enumerate(inputs.design.products):
        volume = inputs.volumes[k]
        total_volume = volume.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            cost_price = np.where(total_volume > 0, product_cost[k] / total_volume, np.nan)
        priced = with_tariff_sets(inputs.design, product)
        exact, tariff = _product_invoices(priced, product_cost[k], volume, inputs.years)
        if product.start_year is not None:
            # Not yet delivered: no invoice; its costs so far are settled.
            exact[:, np.asarray(inputs.years) < product.start_year] = 0.0
        for t in range(n_years):
            invoices[k, :, t] = _round_split(exact[:, t], inputs.members)
        revenue = invoices[k].sum(axis=0)
        products.append(
            ProductCharge(
                id=product.id,
                name=product.name,
                kind=product.tariff.kind,
                decisions=tariff_decisions(inputs.design, product, inputs.years),
                cost_eur=product_cost[k],
                volume=total_volume,
                cost_price_eur=cost_price,
                tariff_eur=tariff,
                revenue_eur=revenue,
                deviation_eur=np.round(product_cost[k] - revenue, 2),
                deviation_reason=product.tariff.deviation_reason,
            )
        )
    return products, invoices


def with_tariff_sets(design: ChargingDesign, product: Product) -> Product:
    """The product with the prices of the tariff sets that name it merged into its set prices
    (a set holds from its year until the next price)."""
    named = {s.year: s.prices[product.id] for s in design.tariff_sets if product.id in s.prices}
    if not named:
        return product
    prices = {**(product.tariff.price_eur or {}), **named}
    tariff = product.tariff.model_copy(update={"price_eur": prices})
    return product.model_copy(update={"tariff": tariff})


def tariff_decisions(design: ChargingDesign, product: Product, years: list[int]) -> list[str]:
    """Per year the decision behind the product's tariff: the latest tariff set that names it,
    the product's own decision for its set prices, or the cost price."""
    steps = sorted(
        [
            (y, product.tariff.decision or "vastgesteld tarief")
            for y in product.tariff.price_eur or {}
        ]
        + [(s.year, s.decision) for s in design.tariff_sets if product.id in s.prices]
    )
    out = []
    for year in years:
        applying = [text for start, text in steps if start <= year]
        out.append(applying[-1] if applying else "kostprijs")
    return out


def _product_invoices(
    product: Product, cost: FloatArray, volume: FloatArray, years: list[int]
) -> tuple[FloatArray, FloatArray]:
    """Exact invoices ``[members, years]`` of one product and its tariff per year."""
    tariff = product.tariff
    n_members = volume.shape[0]
    total_volume = volume.sum(axis=0)
    set_price = None if tariff.price_eur is None else year_values(tariff.price_eur, years)
    if tariff.kind is TariffKind.FIXED:
        amount = set_price if set_price is not None else cost / max(n_members, 1)
        return np.broadcast_to(amount, volume.shape).copy(), amount
    if tariff.kind is TariffKind.TIERED:
        return _tiered(product, volume), np.full(len(years), np.nan)
    fixed_part = tariff.fixed_fraction if tariff.kind is TariffKind.COMPOSITE else 0.0
    variable_cost = cost * (1.0 - fixed_part)
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.where(total_volume > 0, variable_cost / total_volume, 0.0)
    if set_price is not None:
        price = set_price
    fixed = cost * fixed_part / max(n_members, 1)
    return price[None] * volume + fixed[None], price


def _tiered(product: Product, volume: FloatArray) -> FloatArray:
    tiers = product.tariff.tiers
    out = np.zeros_like(volume)
    for tier in tiers:
        upper = np.inf if tier.to_volume is None else tier.to_volume
        inside = (volume >= tier.from_volume) & (volume < upper)
        out = np.where(inside, tier.amount_eur, out)
    return out


def _keyed(
    cost: FloatArray, weights: list[FloatArray], members: list[str], n_years: int
) -> FloatArray:
    out = np.zeros((cost.shape[0], len(members), n_years))
    for j in range(cost.shape[0]):
        for t in range(n_years):
            out[j, :, t] = largest_remainder(cost[j, t], weights[j][:, t].tolist(), members)
    return out


def _round_split(exact: FloatArray, members: list[str]) -> FloatArray:
    """Amounts rounded to the cent so that they add up to their rounded total."""
    return np.array(largest_remainder(float(exact.sum()), np.abs(exact).tolist(), members))


def _coverage_warnings(inputs: _Inputs, kept: FloatArray) -> list[str]:
    """A shortfall the share keeps (no settlement): a warning, or an error when the
    principles demand full cost coverage."""
    short = [
        (year, -value) for year, value in zip(inputs.years, kept, strict=True) if value < -CENT
    ]
    if not short:
        return []
    text = ", ".join(f"{year}: {format_eur(amount)}" for year, amount in short)
    message = f"de tarieven dekken de kosten van de share niet ({text})"
    if inputs.design.principles.coverage is Coverage.FULL:
        raise ChargingError(
            f"{message}; de uitgangspunten vragen integrale kostendekking: verhoog de tarieven "
            "of kies nacalculatie ('settlement: by_key')"
        )
    return [message]
