"""Business-case metrics, vectorised over any leading axes (batch, scenario, entity).

Undefined values are NaN here; the result records turn them into None.
"""

from __future__ import annotations

import numpy as np

from .results import FloatArray

TOLERANCE_EUR = 0.005
"""Every comparison with zero allows half a cent."""

EXTRAPOLATION_YEARS = 30
"""How far beyond the horizon the break-even year is estimated."""


def break_even(
    cumulative: FloatArray, difference: FloatArray, last_structural: FloatArray, first_year: int
) -> tuple[FloatArray, FloatArray]:
    """Break-even year (omslagpunt) and whether it is an estimate beyond the horizon.

    The first year from which the cumulative difference stays ≤ 0 to the end of the horizon;
    NaN when every difference is zero. When there is none within the horizon, the last year's
    difference without one-off costs (``last_structural``) is continued for at most 30 years.
    """
    n_years = cumulative.shape[-1]
    non_positive = cumulative <= TOLERANCE_EUR
    stays = np.flip(np.logical_and.accumulate(np.flip(non_positive, -1), -1), -1)
    found = stays.any(axis=-1)
    first_index = np.argmax(stays, axis=-1)
    year = np.where(found, first_year + first_index, np.nan).astype(np.float64)
    end = cumulative[..., -1]
    slope = -last_structural
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.ceil((end - TOLERANCE_EUR) / slope)
    can_estimate = ~found & (last_structural < -TOLERANCE_EUR)
    extra = np.where(can_estimate, np.maximum(extra, 1), np.nan)
    estimate = can_estimate & (extra <= EXTRAPOLATION_YEARS)
    year = np.where(estimate, first_year + n_years - 1 + extra, year)
    all_zero = np.all(np.abs(difference) <= TOLERANCE_EUR, axis=-1)
    year = np.where(all_zero, np.nan, year)
    return year, estimate & ~all_zero


def savings_pct(difference: FloatArray, baseline_cost: FloatArray) -> FloatArray:
    """−Σ difference ÷ Σ baseline cost × 100 over the horizon (NaN without baseline cost)."""
    base = baseline_cost.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = -difference.sum(axis=-1) / base * 100.0
    return np.where(np.abs(base) > TOLERANCE_EUR, pct, np.nan)


def simple_payback(
    extra_one_off: FloatArray, extra_outlays: FloatArray, last_structural: FloatArray
) -> FloatArray:
    """(Σ extra one-off costs + Σ extra investment outlays) ÷ the last year's structural saving;
    NaN when the last year saves nothing or there is nothing extra to earn back."""
    spent = extra_one_off.sum(axis=-1) + extra_outlays.sum(axis=-1)
    saving = -last_structural
    ok = (spent > TOLERANCE_EUR) & (saving > TOLERANCE_EUR)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, spent / saving, np.nan)


def net_cash_flows(cash_difference: FloatArray, residual_difference: FloatArray) -> FloatArray:
    """Yearly net cash flows of cooperating: −cash difference, with the residual value difference
    added in the last year."""
    flows = -cash_difference.copy()
    flows[..., -1] += residual_difference
    return flows


def npv(flows: FloatArray, rate: float) -> FloatArray:
    """Σ flows[t] ÷ (1 + r)^t with t = 0 for the first year."""
    discount = (1.0 + rate) ** -np.arange(flows.shape[-1], dtype=np.float64)
    return (flows * discount).sum(axis=-1)


def irr(flows: FloatArray, iterations: int = 64) -> FloatArray:
    """Internal rate of return where the flows change sign exactly once (then it is unique);
    NaN otherwise.

    Solves Σ flows[t]·x^t = 0 for x = 1/(1 + r) in log space, bracketed by (1e-6, 1e6): Newton
    steps while they stay inside the bracket, halving where they do not (a safeguarded Newton
    method), at most ``iterations`` steps and until every step or bracket is below 1e-12.
    """
    signs = np.where(np.abs(flows) > TOLERANCE_EUR, np.sign(flows), 0.0)
    exists = _sign_changes(signs) == 1
    if not exists.any():
        return np.full(flows.shape[:-1], np.nan)
    powers = np.arange(flows.shape[-1], dtype=np.float64)
    lo = np.full(flows.shape[:-1], np.log(1e-6))
    hi = np.full(flows.shape[:-1], np.log(1e6))
    f_lo = _present_value(flows, powers, lo)
    bracketed = np.sign(f_lo) != np.sign(_present_value(flows, powers, hi))
    u = (lo + hi) / 2
    step = before = hi - lo
    for _ in range(iterations):
        terms = flows * np.exp(u[..., None] * powers)
        f = terms.sum(axis=-1)
        slope = (terms * powers).sum(axis=-1)
        same = np.sign(f) == np.sign(f_lo)
        lo, f_lo = np.where(same, u, lo), np.where(same, f, f_lo)
        hi = np.where(same, hi, u)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = u - f / slope
        # Newton only while it stays in the bracket and its step is at most half the step
        # before the last one (so the bracket keeps shrinking); bisection otherwise.
        use = (newton >= lo) & (newton <= hi) & (np.abs(newton - u) <= np.abs(before) / 2)
        before = step
        step = np.where(f == 0.0, 0.0, np.where(use, newton, (lo + hi) / 2) - u)
        u = u + step
        done = (np.abs(step) < 1e-12) | (hi - lo < 1e-12)
        if np.all(done[exists & bracketed]):
            break
    return np.where(exists & bracketed, 1.0 / np.exp(u) - 1.0, np.nan)


def _present_value(flows: FloatArray, powers: FloatArray, log_x: FloatArray) -> FloatArray:
    """Σ flows[t]·x^t with x = exp(log_x)."""
    return (flows * np.exp(log_x[..., None] * powers)).sum(axis=-1)


def _sign_changes(signs: FloatArray) -> FloatArray:
    """Number of sign changes along the last axis, ignoring zeros."""
    filled = signs.copy()
    for t in range(1, filled.shape[-1]):
        filled[..., t] = np.where(filled[..., t] == 0, filled[..., t - 1], filled[..., t])
    product = filled[..., 1:] * filled[..., :-1]
    return (product < 0).sum(axis=-1)
