"""Turning year maps into dense yearly arrays: price index, drivers, step and exact values,
delay shifts and phased go-live activation."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Indexation, IndexSeries
from .results import FloatArray


def index_factors(
    indexation: Indexation, category_ids: Sequence[str], first_year: int, n_years: int
) -> FloatArray:
    """Price index per category and year, 1 in the first year: ``[categories, years]``."""
    out = np.ones((len(category_ids), n_years))
    for c, category in enumerate(category_ids):
        series = indexation.per_category.get(category, indexation.default)
        out[c] = _index_path(series, first_year, n_years)
    return out


def _index_path(series: IndexSeries, first_year: int, n_years: int) -> FloatArray:
    rates = np.array(
        [series.rates.get(first_year + t, series.rate) for t in range(1, n_years)],
        dtype=np.float64,
    )
    return np.concatenate(([1.0], np.cumprod(1.0 + rates)))


def held_values(values: float | Mapping[int, float], first_year: int, n_years: int) -> FloatArray:
    """A driver series: a number for every year, or each value held from its year until the next
    given year; years before the first given year take the first value."""
    if not isinstance(values, Mapping):
        return np.full(n_years, float(values))
    if not values:
        return np.zeros(n_years)
    ordered = sorted(values.items())
    out = np.full(n_years, float(ordered[0][1]))
    for year, value in ordered:
        out[max(0, year - first_year) :] = value
    return out


def step_values(
    values: Mapping[int, float], first_year: int, n_years: int, until_year: int | None = None
) -> FloatArray:
    """A structural line's schedule: each value holds from its year until the next given year;
    0 before the first given year and after ``until_year``."""
    out = np.zeros(n_years)
    for year, value in sorted(values.items()):
        out[max(0, year - first_year) :] = value
    if until_year is not None:
        out[max(0, until_year - first_year + 1) :] = 0.0
    return out


def exact_values(values: Mapping[int, float], first_year: int, n_years: int) -> FloatArray:
    """A one-off line's schedule: exactly the given years (years outside the horizon drop)."""
    out = np.zeros(n_years)
    for year, value in values.items():
        if 0 <= year - first_year < n_years:
            out[year - first_year] += value
    return out


def delay_shift(schedules: FloatArray, delay_months: FloatArray) -> FloatArray:
    """Shift schedules ``[batch, lines, years]`` later by ``delay_months`` (per batch element):
    ``v'[t] = (1 − f)·v[t − k] + f·v[t − k − 1]`` with ``k`` whole years and ``f`` the fraction
    of a year; before the first year a schedule is 0."""
    n_years = schedules.shape[-1]
    whole = np.floor_divide(delay_months, 12).astype(np.int64)
    frac = (delay_months - 12 * whole) / 12.0
    t = np.arange(n_years)
    out = np.zeros_like(schedules)
    for offset, weight in ((whole, 1.0 - frac), (whole + 1, frac)):
        src = t[None, :] - offset[:, None]
        valid = src >= 0
        gathered = np.take_along_axis(
            schedules, np.clip(src, 0, n_years - 1)[:, None, :].repeat(schedules.shape[1], 1), -1
        )
        out += np.where(valid[:, None, :], gathered, 0.0) * weight[:, None, None]
    return out


def go_live_month(go_live: dt.date, first_year: int) -> float:
    """Months from 1 January of the first year to the go-live date (fractional by day)."""
    days = calendar.monthrange(go_live.year, go_live.month)[1]
    return (go_live.year - first_year) * 12 + (go_live.month - 1) + (go_live.day - 1) / days


def activation(
    phases: Sequence[tuple[float, float]], delay_months: FloatArray, n_years: int
) -> FloatArray:
    """Cumulative phased share ``[batch, years]``: Σ share · fraction of year t after go-live.

    ``phases`` holds (go-live month from the first year's start, share as a fraction). Without
    phases the activation is 1 in every year.
    """
    if not phases:
        return np.ones((len(delay_months), n_years))
    year_end = 12.0 * (np.arange(n_years) + 1)
    out = np.zeros((len(delay_months), n_years))
    for month, share in phases:
        start = month + delay_months[:, None]
        out += share * np.clip((year_end[None, :] - start) / 12.0, 0.0, 1.0)
    return out
