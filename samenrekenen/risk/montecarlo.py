"""Monte Carlo over every uncertain input of a case, through the engine's batch axis.

:func:`run_monte_carlo` draws the inputs in blocks (:data:`~.sampling.BLOCK_DRAWS` at a time,
so memory stays bounded), builds the variants of each block, evaluates the baseline scenario
and the chosen scenario for them, and summarises per participant and for the consolidated
case (domain §5): the probability that the case is positive, percentiles of the NPV and of the
cumulative difference, P10/P50/P90 of the break-even year (draws that never break even count
as later than any year: a percentile among them is None), histograms and a fan chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from ..engine import BatchResult, evaluate_batch
from ..engine.metrics import TOLERANCE_EUR
from ..engine.results import FloatArray
from ..model import Case
from .register import RegisterSummary, register_summary
from .sampling import blocks, iman_conover, uniforms
from .variants import Changes, RiskPlan, UncertainInput, risk_plan

PERCENTILES: dict[str, float] = {"p10": 0.10, "p50": 0.50, "p90": 0.90}
"""The percentiles every distribution is summarised by."""

FAN_PERCENTILES: dict[str, float] = {"p10": 10, "p25": 25, "p50": 50, "p75": 75, "p90": 90}
"""The bands of the fan chart of the cumulative difference."""

HISTOGRAM_BINS = 20
"""Bins of the histograms."""

CONSOLIDATED = "consolidated"
"""Key of the consolidated case."""

EVALUATION_CHUNK = 256
"""Variants the engine evaluates at a time: small enough to stay in the processor's cache."""

Progress = Callable[[int, int], None]
"""Called with (draws done, draws in all) after every block."""


@dataclass(frozen=True)
class Outcome:
    """Results of some variants for the chosen scenario, per entity (participants, share,
    consolidated): ``result`` is what "positive" means — the NPV when the case has a discount
    rate, else −Σ difference — and ``cumulative`` the cumulative difference per year."""

    result: FloatArray
    npv: FloatArray
    cumulative: FloatArray
    break_even_year: FloatArray

    @classmethod
    def of(cls, batch: BatchResult, discounted: bool) -> Outcome:
        """The outcome of a batch result evaluated for one scenario."""
        cumulative = batch.cumulative_difference[:, 0]
        npv = batch.npv[:, 0]
        result = npv if discounted else -cumulative[..., -1]
        return cls(result, npv, cumulative, batch.break_even_year[:, 0])

    @classmethod
    def joined(cls, parts: Sequence[Outcome]) -> Outcome:
        """The outcomes of consecutive blocks as one."""
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))


@dataclass(frozen=True)
class Histogram:
    """Counts of draws per bin; ``edges`` has one more element than ``counts``."""

    edges: list[float]
    counts: list[int]


@dataclass(frozen=True)
class EntityDistribution:
    """The probabilistic business case of one entity (a participant or consolidated).

    ``deterministic`` is the case itself (every input as entered) and
    ``deterministic_with_uplift`` the same with the optimism-bias uplift (None without one);
    amounts in euros, break-even years as calendar years (None: never within reach).
    """

    key: str
    p_positive: float
    result_mean: float
    npv_percentiles: dict[str, float]
    cumulative_percentiles: dict[str, float]
    break_even_percentiles: dict[str, int | None]
    p_never_break_even: float
    npv_histogram: Histogram
    cumulative_histogram: Histogram
    fan: dict[str, list[float]]
    deterministic: dict[str, float | int | None]
    deterministic_with_uplift: dict[str, float | int | None] | None


@dataclass(frozen=True)
class MonteCarloResult:
    """A Monte Carlo run of one scenario: its settings, its inputs, the distributions per
    participant and consolidated, and every draw's outcome (``draws_outcome``)."""

    scenario_id: str
    scenario_name: str
    years: list[int]
    draws: int
    seed: int
    latin_hypercube: bool
    discount_rate: float
    inputs: list[UncertainInput]
    costs_uplift_pct: float
    duration_uplift_months: float
    register: RegisterSummary
    consolidated: EntityDistribution
    entities: dict[str, EntityDistribution]
    draws_outcome: Outcome

    @property
    def metric(self) -> str:
        """What "positive" is measured by: ``npv`` (discounted) or ``cumulative``."""
        return "npv" if self.discount_rate > 0 else "cumulative"


def cooperation_scenario(case: Case, scenario_id: str | None) -> int:
    """Index of the scenario to analyse: ``scenario_id``, or the first that is not the
    baseline scenario; ValueError (Dutch) for an unknown id or the baseline scenario."""
    ids = [s.id for s in case.scenarios]
    baseline = case.baseline_scenario.id
    if scenario_id is None:
        others = [i for i, s in enumerate(ids) if s != baseline]
        if not others:
            raise ValueError("de casus heeft geen scenario naast ongewijzigd beleid")
        return others[0]
    if scenario_id not in ids:
        raise ValueError(f"onbekend scenario '{scenario_id}'; kies een van: {', '.join(ids)}")
    if scenario_id == baseline:
        raise ValueError(
            f"'{scenario_id}' is ongewijzigd beleid zelf; kies een scenario om mee te vergelijken"
        )
    return ids.index(scenario_id)


def evaluate_outcome(plan: RiskPlan, s: int, n: int, changes: Changes) -> Outcome:
    """The outcome of ``n`` variants with ``changes`` (see :meth:`RiskPlan.variants`)."""
    variants = plan.variants(n, changes)
    batch = evaluate_batch(
        plan.cc, variants, chunk_size=EVALUATION_CHUNK, scenarios=[s], per_category=False
    )
    return Outcome.of(batch, plan.cc.case.cooperation.discount_rate > 0)


def run_monte_carlo(
    case: Case,
    scenario_id: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    latin_hypercube: bool | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Draw every uncertain input ``draws`` times and evaluate the scenario for each draw.

    Defaults come from the case's ``uncertainty`` block; without a seed a fresh one is drawn
    and reported, so that every run can be repeated.
    """
    plan = risk_plan(case)
    s = cooperation_scenario(plan.case, scenario_id)
    u = plan.case.uncertainty
    n_draws = draws or (u.draws if u else 10000)
    lhs = latin_hypercube if latin_hypercube is not None else bool(u and u.latin_hypercube)
    used_seed = _seed(seed if seed is not None else (u.seed if u else None))
    parts, done = [], 0
    for size, rng in blocks(used_seed, n_draws):
        x = draw_inputs(plan, rng, size, lhs)
        changes = [*plan.with_inputs(x), *plan.uplift(size)]
        parts.append(evaluate_outcome(plan, s, size, changes))
        done += size
        if progress is not None:
            progress(done, n_draws)
    outcome = Outcome.joined(parts)
    plain = evaluate_outcome(plan, s, 1, [])
    uplifted = evaluate_outcome(plan, s, 1, plan.uplift(1)) if plan.has_uplift else None
    keys = _entity_keys(plan)
    summaries = {key: _distribution(key, x, outcome, plain, uplifted) for key, x in keys.items()}
    cs = plan.cc.scenarios[s]
    return MonteCarloResult(
        scenario_id=cs.id,
        scenario_name=cs.name,
        years=plan.cc.years,
        draws=n_draws,
        seed=used_seed,
        latin_hypercube=lhs,
        discount_rate=plan.cc.case.cooperation.discount_rate,
        inputs=plan.inputs,
        costs_uplift_pct=plan.costs_uplift_pct,
        duration_uplift_months=sum(e.weight for e in plan.duration_effects if e.index[0] == s),
        register=register_summary(case),
        consolidated=summaries.pop(CONSOLIDATED),
        entities=summaries,
        draws_outcome=outcome,
    )


def _seed(seed: int | None) -> int:
    """The seed to use: the given one, or fresh entropy (reported with the result)."""
    if seed is not None:
        return seed
    return int(np.random.default_rng().integers(2**62))


def draw_inputs(plan: RiskPlan, rng: np.random.Generator, n: int, lhs: bool) -> FloatArray:
    """``n`` draws of every input ``[n, inputs]``: uniforms, rank-correlated where the case
    says so, through each input's inverse distribution function."""
    names = [i.name for i in plan.inputs]
    u = uniforms(rng, n, len(names), lhs)
    uncertainty = plan.case.uncertainty
    # Iman–Conover needs more draws than correlated inputs to estimate their correlation.
    for correlation in uncertainty.correlations if uncertainty else []:
        columns = [names.index(name) for name in correlation.inputs]
        if n > len(columns) + 1:
            u[:, columns] = iman_conover(u[:, columns], correlation.matrix, rng)
    x = np.empty_like(u)
    for j, inp in enumerate(plan.inputs):
        x[:, j] = inp.values(u[:, j])
    return x


def _entity_keys(plan: RiskPlan) -> dict[str, int]:
    """Entity index per key: every participant and the consolidated case (the share has no
    business case of its own)."""
    keys = {p: i for i, p in enumerate(plan.cc.participants)}
    return {CONSOLIDATED: plan.cc.n_entities, **keys}


def _distribution(
    key: str, x: int, outcome: Outcome, plain: Outcome, uplifted: Outcome | None
) -> EntityDistribution:
    result, npv, cumulative = outcome.result[:, x], outcome.npv[:, x], outcome.cumulative[:, x]
    at_horizon = cumulative[:, -1]
    never = ~np.isfinite(outcome.break_even_year[:, x])
    return EntityDistribution(
        key=key,
        p_positive=float(np.mean(result > TOLERANCE_EUR)),
        result_mean=float(np.mean(result)),
        npv_percentiles=_percentiles(npv),
        cumulative_percentiles=_percentiles(at_horizon),
        break_even_percentiles=break_even_percentiles(outcome.break_even_year[:, x]),
        p_never_break_even=float(np.mean(never)),
        npv_histogram=_histogram(npv),
        cumulative_histogram=_histogram(at_horizon),
        fan={
            band: np.percentile(cumulative, q, axis=0).tolist()
            for band, q in FAN_PERCENTILES.items()
        },
        deterministic=_point(plain, x),
        deterministic_with_uplift=None if uplifted is None else _point(uplifted, x),
    )


def _percentiles(values: FloatArray) -> dict[str, float]:
    return {band: float(np.quantile(values, q)) for band, q in PERCENTILES.items()}


def break_even_percentiles(years: FloatArray) -> dict[str, int | None]:
    """P10/P50/P90 of break-even years, NaN (never) counted as later than any year; a
    percentile that falls among those draws is None. Percentiles are draws' own years."""
    later = np.where(np.isfinite(years), years, np.inf)
    out: dict[str, int | None] = {}
    for band, q in PERCENTILES.items():
        value = float(np.quantile(later, q, method="inverted_cdf"))
        out[band] = int(value) if np.isfinite(value) else None
    return out


def _histogram(values: FloatArray) -> Histogram:
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    return Histogram(edges.tolist(), counts.tolist())


def _point(outcome: Outcome, x: int) -> dict[str, float | int | None]:
    """One variant's figures for one entity."""
    year = float(outcome.break_even_year[0, x])
    return {
        "result": float(outcome.result[0, x]),
        "npv": float(outcome.npv[0, x]),
        "cumulative_difference": float(outcome.cumulative[0, x, -1]),
        "break_even_year": int(year) if np.isfinite(year) else None,
    }
