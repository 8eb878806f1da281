"""Splitting an amount over parties so that the rounded parts add up exactly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def largest_remainder(
    total: float,
    weights: Sequence[float],
    ids: Sequence[str] | None = None,
    decimals: int = 2,
) -> list[float]:
    """Split ``total`` in proportion to ``weights``, rounded to ``decimals``, parts adding up to
    the rounded total exactly (largest-remainder method).

    Leftover units go to the largest remainders; ties go to the lowest id (or the lowest position
    when no ids are given). A negative total is split by its absolute value and the sign is
    restored. Weights that are all zero split equally.
    """
    n = len(weights)
    if n == 0:
        return []
    scale = 10**decimals
    units_total = round(abs(round(total, decimals)) * scale)
    w = np.asarray(weights, dtype=np.float64)
    if np.any(w < 0):
        raise ValueError("weights must not be negative")
    if w.sum() <= 0:
        w = np.ones(n)
    exact = units_total * w / w.sum()
    units = np.floor(exact + 1e-9).astype(np.int64)
    remainder = exact - units
    leftover = int(units_total - units.sum())
    tie_keys = list(ids) if ids is not None else [f"{i:09d}" for i in range(n)]
    order = sorted(range(n), key=lambda i: (-round(remainder[i], 9), tie_keys[i]))
    for i in order[:leftover]:
        units[i] += 1
    sign = -1.0 if total < 0 else 1.0
    return [sign * int(u) / scale for u in units]
