"""The engine's entry points: one case with full detail, or a batch of variants in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..model import Case, OneOffType
from .compile import CompiledCase, CompiledScenario, compile_case
from .evaluate import ScenarioArrays, Variants, evaluate_scenario, single_variant
from .metrics import (
    TOLERANCE_EUR,
    break_even,
    irr,
    net_cash_flows,
    npv,
    savings_pct,
    simple_payback,
)
from .results import (
    CLASS_OF_COMPONENT,
    BenchmarkRow,
    CaseResult,
    Component,
    EntityResult,
    FloatArray,
    LineAmounts,
    Metrics,
    PreconditionCheck,
    ScenarioResult,
)

ENGINE_VERSION = "1.0.0"
"""Version of the calculation rules; every result is stamped with it."""

CHARGED = [Component.CHARGED_B, Component.CHARGED_C, Component.CHARGED_D]
NON_CASH = [Component.EXISTING_CAPITAL, Component.NEW_CAPITAL, Component.DISINVESTMENT]
CLASS_MASKS = {
    cls: np.array([CLASS_OF_COMPONENT[k] == cls for k in Component], dtype=np.float64)
    for cls in ("b", "c", "d")
}
OWN_MASK = np.array([k not in CHARGED for k in Component], dtype=np.float64)
SERIES_MASKS = np.stack(
    [np.ones(len(Component)), OWN_MASK, np.array([k in NON_CASH for k in Component], np.float64)]
)
"""Components summed into an entity's cost, own cost (without charges) and non-cash cost."""


@dataclass
class Totals:
    """Yearly totals per entity, with the consolidated case appended as the last entity:
    arrays ``[batch, entities + 1, years]`` (``residual``: ``[batch, entities + 1]``)."""

    cost: FloatArray
    cash: FloatArray
    budget: FloatArray
    b: FloatArray
    c: FloatArray
    d: FloatArray
    hidden: FloatArray
    outlays: FloatArray
    residual: FloatArray
    charge_income: FloatArray
    share_cash_cost: FloatArray


def totals(arrays: ScenarioArrays, n_participants: int) -> Totals:
    """Sum components over categories into per-entity totals and the consolidated total."""
    per_component = arrays.components.sum(axis=3)  # [batch, entity, component, year]
    cost = per_component.sum(axis=2)
    own = np.einsum("bekt,k->bet", per_component, OWN_MASK)
    non_cash = per_component[:, :, NON_CASH].sum(axis=2)
    outlays = arrays.outlays.sum(axis=2)
    cash = cost - non_cash + outlays
    own_cash = own - non_cash + outlays
    hidden = per_component[:, :, Component.RETAINED_HIDDEN]
    by_class = {
        cls: np.einsum("bekt,k->bet", per_component, mask) for cls, mask in CLASS_MASKS.items()
    }
    own_by_class = {
        cls: np.einsum("bekt,k->bet", per_component, mask * OWN_MASK)
        for cls, mask in CLASS_MASKS.items()
    }
    share = n_participants
    income = per_component[:, :share, CHARGED].sum(axis=(1, 2))

    def with_total(series: FloatArray, total: FloatArray) -> FloatArray:
        return np.concatenate([series, total[:, None]], axis=1)

    return Totals(
        cost=with_total(cost, own.sum(axis=1)),
        cash=with_total(cash, own_cash.sum(axis=1)),
        budget=with_total(cost - hidden, (own - hidden).sum(axis=1)),
        b=with_total(by_class["b"], own_by_class["b"].sum(axis=1)),
        c=with_total(by_class["c"], own_by_class["c"].sum(axis=1)),
        d=with_total(by_class["d"], own_by_class["d"].sum(axis=1)),
        hidden=with_total(hidden, hidden.sum(axis=1)),
        outlays=with_total(outlays, outlays.sum(axis=1)),
        residual=with_total(arrays.residual, arrays.residual.sum(axis=1)),
        charge_income=income,
        share_cash_cost=own_cash[:, share],
    )


@dataclass
class MetricArrays:
    """Metrics ``[batch, entities + 1]`` (NaN where undefined) and the yearly differences."""

    difference: FloatArray
    cumulative: FloatArray
    cash_difference: FloatArray
    break_even_year: FloatArray
    break_even_is_estimate: FloatArray
    simple_payback_years: FloatArray
    savings_pct: FloatArray
    npv: FloatArray
    irr: FloatArray


def metric_arrays(
    scenario: Totals,
    baseline: Totals,
    first_year: int,
    rate: float,
    share: int,
    with_irr: bool = True,
) -> MetricArrays:
    """Differences against the baseline scenario and every metric of domain §2.5."""
    difference = scenario.cost - baseline.cost
    cumulative = np.cumsum(difference, axis=-1)
    one_off_difference = scenario.b - baseline.b
    last_structural = difference[..., -1] - one_off_difference[..., -1]
    year, estimate = break_even(cumulative, difference, last_structural, first_year)
    payback = simple_payback(
        one_off_difference, scenario.outlays - baseline.outlays, last_structural
    )
    savings = savings_pct(difference, baseline.cost)
    for array in (year, payback, savings):
        array[:, share] = np.nan
    estimate[:, share] = False
    cash_difference = scenario.cash - baseline.cash
    flows = net_cash_flows(cash_difference, scenario.residual - baseline.residual)
    present_value = npv(flows, rate)
    internal_rate = irr(flows) if with_irr else np.full(flows.shape[:-1], np.nan)
    # The share has no baseline of its own: its cash "difference" is against zero.
    present_value[:, share] = np.nan
    internal_rate[:, share] = np.nan
    return MetricArrays(
        difference=difference,
        cumulative=cumulative,
        cash_difference=cash_difference,
        break_even_year=year,
        break_even_is_estimate=estimate.astype(np.float64),
        simple_payback_years=payback,
        savings_pct=savings + 0.0,
        npv=present_value,
        irr=internal_rate,
    )


def evaluate_all(
    cc: CompiledCase, variants: Variants, detail: bool = False
) -> list[ScenarioArrays]:
    """Evaluate every scenario; non-members take their baseline-scenario results."""
    return _evaluate_scenarios(cc, variants, range(len(cc.scenarios)), detail)[1]


def _evaluate_scenarios(
    cc: CompiledCase,
    variants: Variants,
    scenarios: Iterable[int],
    detail: bool = False,
    per_category: bool = True,
) -> tuple[ScenarioArrays, list[ScenarioArrays]]:
    """The baseline scenario's arrays and those of ``scenarios`` (in that order), evaluated
    once each; non-members take their baseline-scenario results."""
    base = cc.baseline_index
    baseline = evaluate_scenario(cc, base, variants, detail, per_category)
    out: list[ScenarioArrays] = []
    for s in scenarios:
        if s == base:
            out.append(baseline)
            continue
        arrays = evaluate_scenario(cc, s, variants, detail, per_category)
        arrays.substitute_non_members(baseline)
        out.append(arrays)
    return baseline, out


@dataclass
class BatchResult:
    """Results of a batch of variants: ``[batch, scenarios, entities + 1, years]`` series and
    ``[batch, scenarios, entities + 1]`` metrics; entity axis = participants, share,
    consolidated."""

    cost: FloatArray
    cash: FloatArray
    difference: FloatArray
    cumulative_difference: FloatArray
    break_even_year: FloatArray
    savings_pct: FloatArray
    npv: FloatArray


def evaluate_batch(
    cc: CompiledCase,
    variants: Variants,
    chunk_size: int = 256,
    scenarios: Sequence[int] | None = None,
    per_category: bool = True,
) -> BatchResult:
    """Evaluate many variants of one compiled case through the batch axis, ``chunk_size``
    variants at a time so that memory stays bounded.

    The scenario axis holds ``scenarios`` (indices, in that order; default every scenario).
    With ``per_category=False`` the evaluator sums categories as it books them: the same
    totals (up to rounding) with far less memory and time, which is all a batch result needs.
    """
    parts: list[dict[str, FloatArray]] = []
    rate = cc.case.cooperation.discount_rate
    wanted = range(len(cc.scenarios)) if scenarios is None else scenarios
    for start in range(0, variants.size, chunk_size):
        chunk = variants.take(start, min(start + chunk_size, variants.size))
        baseline, arrays = _evaluate_scenarios(cc, chunk, wanted, per_category=per_category)
        all_totals = [totals(a, len(cc.participants)) for a in arrays]
        base = totals(baseline, len(cc.participants))
        metrics = [
            metric_arrays(t, base, cc.years[0], rate, cc.share, with_irr=False) for t in all_totals
        ]
        parts.append(
            {
                "cost": np.stack([t.cost for t in all_totals], 1),
                "cash": np.stack([t.cash for t in all_totals], 1),
                "difference": np.stack([m.difference for m in metrics], 1),
                "cumulative_difference": np.stack([m.cumulative for m in metrics], 1),
                "break_even_year": np.stack([m.break_even_year for m in metrics], 1),
                "savings_pct": np.stack([m.savings_pct for m in metrics], 1),
                "npv": np.stack([m.npv for m in metrics], 1),
            }
        )
    return BatchResult(**{k: np.concatenate([p[k] for p in parts]) for k in parts[0]})


def calculate(case: Case) -> CaseResult:
    """Compute the business case of a validated case: every scenario, every entity and the
    consolidated case, with metrics, line detail, precondition checks and the benchmark."""
    cc = compile_case(case)
    arrays = evaluate_all(cc, single_variant(cc), detail=True)
    all_totals = [totals(a, len(cc.participants)) for a in arrays]
    base = all_totals[cc.baseline_index]
    rate = case.cooperation.discount_rate
    scenarios = []
    for s, (scenario_arrays, scenario_totals) in enumerate(zip(arrays, all_totals, strict=True)):
        metrics = metric_arrays(scenario_totals, base, cc.years[0], rate, cc.share)
        scenarios.append(
            _scenario_result(cc, s, scenario_arrays, scenario_totals, base, metrics, arrays)
        )
    return CaseResult(
        years=cc.years,
        categories=cc.categories,
        participants=cc.participants,
        scenarios=scenarios,
        benchmark=_benchmark(cc),
        engine_version=ENGINE_VERSION,
        case_version=case.version_label,
        discount_rate=rate,
    )


def _book_value(arrays: ScenarioArrays, x: int) -> FloatArray | None:
    """The yearly book value of an entity's investments (x past the entities: consolidated)."""
    if arrays.book_value is None:
        return None
    book = arrays.book_value[0]
    return book[x] if x < book.shape[0] else book.sum(axis=0)


def _none_if_nan(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _scenario_result(
    cc: CompiledCase,
    s: int,
    arrays: ScenarioArrays,
    t: Totals,
    base: Totals,
    m: MetricArrays,
    all_arrays: list[ScenarioArrays],
) -> ScenarioResult:
    cs = cc.scenarios[s]
    keys = [*cc.participants, "share", "consolidated"]
    baseline_arrays = all_arrays[cc.baseline_index]
    own = arrays.components[0] * OWN_MASK[None, :, None, None]
    today_parts = (cc.visible + cc.hidden).sum(axis=1) + cc.existing_charges[:, :, 0].sum(axis=1)
    today = [*today_parts, 0.0, today_parts.sum()]
    results: dict[str, EntityResult] = {}
    for x, key in enumerate(keys):
        if key == "consolidated":
            components = own.sum(axis=0)
            visible_start = baseline_arrays.components[0, :, Component.RETAINED_VISIBLE].sum(
                axis=(0, 1)
            )[0]
        else:
            components = arrays.components[0, x]
            visible_start = baseline_arrays.components[0, x, Component.RETAINED_VISIBLE, :, 0].sum()
        extra: dict[str, FloatArray | None] = {}
        if key == "share":
            extra = {
                "charge_income": t.charge_income[0],
                "result": t.charge_income[0] - t.cost[0, x],
            }
        elif key != "consolidated":
            transferred = arrays.transferred
            extra = {
                "charged": components[CHARGED].sum(axis=(0, 1)),
                "transferred": None if transferred is None else transferred[0, x],
            }
        results[key] = EntityResult(
            key=key,
            cost=t.cost[0, x],
            cash=t.cash[0, x],
            budget=t.budget[0, x],
            difference=m.difference[0, x],
            cumulative_difference=m.cumulative[0, x],
            cash_difference=m.cash_difference[0, x],
            budget_difference=t.budget[0, x] - base.budget[0, x],
            structural=t.cost[0, x] - t.b[0, x],
            one_off=t.b[0, x],
            abcd={
                "visible_start": np.full(len(cc.years), visible_start),
                "a": base.hidden[0, x],
                "b": t.b[0, x] - base.b[0, x],
                "c": t.c[0, x] - base.c[0, x],
                "d": t.d[0, x] - base.d[0, x],
            },
            cost_by_category=components.sum(axis=0),
            components=components,
            investment_outlays=t.outlays[0, x],
            investment_book_value=_book_value(arrays, x),
            difference_vs_today=t.cost[0, x] - today[x],
            metrics=Metrics(
                break_even_year=_int_or_none(m.break_even_year[0, x]),
                break_even_is_estimate=bool(m.break_even_is_estimate[0, x]),
                simple_payback_years=_none_if_nan(m.simple_payback_years[0, x]),
                savings_pct=_none_if_nan(m.savings_pct[0, x]),
                npv=_none_if_nan(m.npv[0, x]),
                irr=_none_if_nan(m.irr[0, x]),
                residual_value=float(t.residual[0, x]),
            ),
            **extra,
        )
    consolidated = results.pop("consolidated")
    members = [p for p, flag in zip(cc.participants, cs.members, strict=True) if flag > 0.5]
    return ScenarioResult(
        id=cs.id,
        name=cs.name,
        is_baseline=cs.is_baseline,
        members=members,
        consolidated=consolidated,
        entities=results,
        lines=_line_amounts(cc, arrays),
        preconditions=_check_preconditions(cc, s, consolidated, results),
    )


def _int_or_none(value: float) -> int | None:
    return None if not np.isfinite(value) else int(value)


def _line_amounts(cc: CompiledCase, arrays: ScenarioArrays) -> list[LineAmounts]:
    entity_keys = [*cc.participants, "share"]
    return [
        LineAmounts(
            line_id=d.line.id,
            line_type=d.line.line_type,
            description=d.line.description,
            category=cc.categories[d.category],
            entity=entity_keys[d.entity],
            component=d.component,
            cost=d.cost,
            cash=d.cash,
        )
        for d in arrays.details
    ]


def _eur(amount: float) -> str:
    """Plain Dutch euro text for messages (the presentation layer formats tables)."""
    return "€ " + f"{amount:,.0f}".replace(",", ".")


def _check_preconditions(
    cc: CompiledCase, s: int, consolidated: EntityResult, entities: dict[str, EntityResult]
) -> list[PreconditionCheck]:
    pre = cc.case.cooperation.preconditions
    cs = cc.scenarios[s]
    checks: list[PreconditionCheck] = []
    if pre.max_realisation_months is not None:
        months = realisation_months(cs)
        ok = months <= pre.max_realisation_months + 1e-9
        checks.append(
            PreconditionCheck(
                "max_realisation_months",
                ok,
                months,
                float(pre.max_realisation_months),
                f"Realisatietijd {months:.0f} maanden; maximaal {pre.max_realisation_months}.",
            )
        )
    if pre.max_one_off_costs_eur is not None:
        total = float(consolidated.abcd["b"].sum())
        checks.append(
            PreconditionCheck(
                "max_one_off_costs_eur",
                total <= pre.max_one_off_costs_eur + TOLERANCE_EUR,
                total,
                pre.max_one_off_costs_eur,
                f"Extra eenmalige kosten {_eur(total)}; "
                f"maximaal {_eur(pre.max_one_off_costs_eur)}.",
            )
        )
    if pre.no_forced_redundancies:
        severance = [
            line.id
            for line in cs.source.one_off_costs
            if line.cost_type is OneOffType.SEVERANCE and any(v for v in line.values.values())
        ]
        checks.append(
            PreconditionCheck(
                "no_forced_redundancies",
                not severance,
                float(len(severance)),
                0.0,
                "Geen afvloeiingskosten."
                if not severance
                else f"Afvloeiingskosten in: {', '.join(severance)}; "
                "gedwongen ontslag is uitgesloten.",
            )
        )
    if pre.every_participant_better_off and not cs.is_baseline:
        worse = [
            p for p in cc.participants if entities[p].cumulative_difference[-1] > TOLERANCE_EUR
        ]
        checks.append(
            PreconditionCheck(
                "every_participant_better_off",
                not worse,
                float(len(worse)),
                0.0,
                "Elke deelnemer is beter af dan alleen."
                if not worse
                else f"Slechter af dan alleen: {', '.join(worse)}.",
            )
        )
    return checks


def realisation_months(cs: CompiledScenario) -> float:
    """Months from the start of the first year to the last go-live: the latest phase, or the
    first year a transfer (knip) takes effect, plus the delay; 0 when nothing goes live."""
    starts = [month for month, _ in cs.phases]
    for line in cs.lines:
        if line.kind == "transfer" and line.values.any():
            starts.append(12.0 * float(np.argmax(line.values > 0)))
    return max(starts, default=0.0) + cs.delay_months if starts else 0.0


def _benchmark(cc: CompiledCase) -> list[BenchmarkRow]:
    real = (cc.visible + cc.hidden).sum(axis=1) + cc.existing_charges[:, :, 0].sum(axis=1)
    per_unit: dict[str, list[float | None]] = {}
    for unit in ("inhabitants", "workplaces", "employees"):
        if unit in cc.driver_names:
            volume = cc.drivers[cc.driver_names.index(unit), :, 0]
        else:
            volume = np.zeros(len(cc.participants))
        per_unit[unit] = [
            float(r / v) if v > 0 else None for r, v in zip(real, volume, strict=True)
        ]
    norms = cc.case.benchmark_norms
    user = {
        "inhabitants": norms.per_inhabitant_eur,
        "workplaces": norms.per_workplace_eur,
        "employees": norms.per_fte_eur,
    }
    rows = []
    for p, participant in enumerate(cc.participants):
        norm: dict[str, float | None] = {}
        for unit, values in per_unit.items():
            peers = [v for q, v in enumerate(values) if q != p and v is not None]
            given = user[unit]
            norm[unit] = (
                given if given is not None else (float(np.median(peers)) if peers else None)
            )
        rows.append(
            BenchmarkRow(
                participant=participant,
                per_inhabitant_eur=per_unit["inhabitants"][p],
                per_workplace_eur=per_unit["workplaces"][p],
                per_fte_eur=per_unit["employees"][p],
                norm_per_inhabitant_eur=norm["inhabitants"],
                norm_per_workplace_eur=norm["workplaces"],
                norm_per_fte_eur=norm["employees"],
                norm_source="norm" if any(v is not None for v in user.values()) else "peers",
            )
        )
    return rows


@dataclass
class MembershipResult:
    """One scenario evaluated for many member sets: ``cost`` ``[batch, entities + 1, years]``
    and ``npv`` ``[batch, entities + 1]`` (entity axis = participants, share, consolidated),
    with ``baseline_cost`` ``[entities + 1, years]`` of the baseline scenario. Participants
    outside a member set keep their baseline-scenario results."""

    cost: FloatArray
    npv: FloatArray
    baseline_cost: FloatArray


def evaluate_memberships(
    cc: CompiledCase, s: int, members: FloatArray, chunk_size: int = 128
) -> MembershipResult:
    """Evaluate scenario ``s`` once per row of ``members`` (``[batch, participants]``, 1 =
    member), ``chunk_size`` rows at a time. The baseline scenario, which no member set
    changes, is evaluated once (also when ``members`` has no rows)."""
    one = single_variant(cc)
    # Costs and NPVs need entity totals only: the evaluator sums categories as it books them.
    base_arrays = evaluate_scenario(cc, cc.baseline_index, one, per_category=False)
    base_series = _entity_series(base_arrays)
    base_cost, base_cash, base_residual = _consolidate(base_series, base_arrays.residual)
    rate = cc.case.cooperation.discount_rate
    costs, npvs = [], []
    for start in range(0, members.shape[0], chunk_size):
        chunk = members[start : start + chunk_size]
        arrays = evaluate_scenario(cc, s, _with_members(one, s, chunk), per_category=False)
        series, residual = _entity_series(arrays), arrays.residual
        _keep_baseline(chunk < 0.5, series, residual, base_series, base_arrays.residual)
        cost, cash, residual = _consolidate(series, residual)
        present_value = npv(net_cash_flows(cash - base_cash, residual - base_residual), rate)
        present_value[:, cc.share] = np.nan  # as metric_arrays: the share has no baseline
        costs.append(cost)
        npvs.append(present_value)
    if not costs:
        n_years = len(cc.years)
        costs, npvs = (
            [np.zeros((0, cc.n_entities + 1, n_years))],
            [np.zeros((0, cc.n_entities + 1))],
        )
    return MembershipResult(np.concatenate(costs), np.concatenate(npvs), base_cost[0])


def _entity_series(arrays: ScenarioArrays) -> FloatArray:
    """Cost, own cost, cash and own cash ``[batch, entity, 4, year]`` of scenario arrays
    evaluated without the category axis; the formulas of :func:`totals`."""
    # One matrix product over the component axis instead of a reduction per view.
    cost, own, non_cash = np.moveaxis(SERIES_MASKS @ arrays.components[:, :, :, 0], 2, 0)
    outlays = arrays.outlays[:, :, 0]
    return np.stack([cost, own, cost - non_cash + outlays, own - non_cash + outlays], axis=2)


def _keep_baseline(
    outside: npt.NDArray[np.bool_],
    series: FloatArray,
    residual: FloatArray,
    base_series: FloatArray,
    base_residual: FloatArray,
) -> None:
    """Participants ``outside`` (``[batch, participants]``) a member set keep their baseline
    results: substituted in the entity series and residual values, which is the same as
    substituting their components and far smaller."""
    part = slice(0, outside.shape[1])
    series[:, part] = np.where(outside[:, :, None, None], base_series[:, part], series[:, part])
    residual[:, part] = np.where(outside, base_residual[:, part], residual[:, part])


def _consolidate(
    series: FloatArray, residual: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Cost and cash ``[batch, entities + 1, year]`` and residual value ``[batch, entities + 1]``
    of entity series (:func:`_entity_series`), the consolidated case appended: the sum of
    every entity's own cost and own cash."""
    total = series.sum(axis=1)
    cost = np.concatenate([series[:, :, 0], total[:, None, 1]], axis=1)
    cash = np.concatenate([series[:, :, 2], total[:, None, 3]], axis=1)
    return cost, cash, np.concatenate([residual, residual.sum(axis=1)[:, None]], axis=1)


def _with_members(one: Variants, s: int, members: FloatArray) -> Variants:
    """The single variant repeated once per member set, with those members in scenario ``s``.
    The repeats are broadcast views, which the evaluator computes once for the whole batch."""
    n = members.shape[0]

    def repeat(array: FloatArray) -> FloatArray:
        return np.broadcast_to(array, (n, *array.shape[1:]))

    return Variants(
        visible=repeat(one.visible),
        hidden=repeat(one.hidden),
        values=[repeat(v) for v in one.values],
        members=[members if i == s else repeat(m) for i, m in enumerate(one.members)],
        delay_months=[repeat(d) for d in one.delay_months],
    )
