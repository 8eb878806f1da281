"""Drawing uncertain inputs: uniforms (plain or Latin hypercube), rank correlation (Iman–Conover)
and the inverse distribution functions of the triangular and PERT distributions.

Draws come in blocks of :data:`BLOCK_DRAWS`; block ``i`` uses its own PCG64 generator spawned
from the seed, so a run is reproducible from its seed and the same draws come out whatever chunk
size the engine evaluates them in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import numpy as np
from scipy.special import betaincinv, ndtri

from ..engine.results import FloatArray
from ..model.risk import Distribution

BLOCK_DRAWS = 1000
"""Draws per block: the unit of seeding, Latin hypercube strata, correlation and memory."""

PERT_WEIGHT = 4.0
"""Weight of the most likely value in the PERT distribution (the classic choice)."""

PERT_TAIL = 0.01
"""PERT quantiles below this probability or above one minus it are computed exactly."""

PERT_GRID = np.linspace(PERT_TAIL, 1.0 - PERT_TAIL, 4097)
"""Probabilities at which PERT quantiles are computed exactly once per distribution; between
them they are interpolated, because the inverse beta function is too slow for millions of
draws. In the tails, where the quantile function is steep, every draw is computed exactly."""


def blocks(seed: int, draws: int) -> Iterator[tuple[int, np.random.Generator]]:
    """Per block of draws: its size and its own generator (PCG64), spawned from ``seed``."""
    n_blocks = -(-draws // BLOCK_DRAWS)
    children = np.random.SeedSequence(seed).spawn(n_blocks)
    for b, child in enumerate(children):
        size = min(BLOCK_DRAWS, draws - b * BLOCK_DRAWS)
        yield size, np.random.Generator(np.random.PCG64(child))


def uniforms(rng: np.random.Generator, n: int, k: int, latin_hypercube: bool) -> FloatArray:
    """Uniform draws ``[n, k]`` in (0, 1); a Latin hypercube puts exactly one draw of every
    column in each of the ``n`` equal strata."""
    if not latin_hypercube:
        return rng.random((n, k))
    strata = np.argsort(rng.random((n, k)), axis=0)  # an independent permutation per column
    return (strata + rng.random((n, k))) / n


def iman_conover(
    u: FloatArray, target: Sequence[Sequence[float]], rng: np.random.Generator
) -> FloatArray:
    """Reorder each column of ``u`` ``[n, k]`` so that the columns' rank correlation comes
    close to ``target`` (Iman and Conover, 1982). The marginals stay exactly as drawn."""
    n, k = u.shape
    scores = ndtri(np.arange(1, n + 1) / (n + 1))  # van der Waerden scores
    s = np.stack([rng.permutation(scores) for _ in range(k)], axis=1)
    e = np.corrcoef(s, rowvar=False)
    # s has correlation e; s · Q⁻ᵀ · Pᵀ has correlation P Pᵀ = target.
    t = s @ np.linalg.inv(_factor(np.asarray(e))).T @ _factor(np.asarray(target)).T
    ranks = np.argsort(np.argsort(t, axis=0), axis=0)
    return np.take_along_axis(np.sort(u, axis=0), ranks, axis=0)


def _factor(matrix: FloatArray) -> FloatArray:
    """A square root ``P`` with ``P Pᵀ = matrix`` for a positive semi-definite matrix: its
    Cholesky factor, or from its eigenvalues when it is singular."""
    try:
        return np.asarray(np.linalg.cholesky(matrix), dtype=np.float64)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        return np.asarray(vectors * np.sqrt(np.clip(values, 0.0, None)), dtype=np.float64)


@functools.lru_cache(maxsize=4096)
def _beta_quantiles(alpha: float, beta: float) -> FloatArray:
    """Quantiles of the beta distribution at :data:`PERT_GRID`."""
    return np.asarray(betaincinv(alpha, beta, PERT_GRID), dtype=np.float64)


def _beta_ppf(u: FloatArray, alpha: float, beta: float) -> FloatArray:
    """Beta quantiles at ``u``: interpolated in the body, exact in the tails."""
    out = np.interp(u, PERT_GRID, _beta_quantiles(alpha, beta))
    tails = (u < PERT_TAIL) | (u > 1.0 - PERT_TAIL)
    out[tails] = betaincinv(alpha, beta, u[tails])
    return np.asarray(out, dtype=np.float64)


def inverse_cdf(
    u: FloatArray, low: float, likely: float, high: float, distribution: Distribution
) -> FloatArray:
    """The values with cumulative probability ``u`` of a triangular or PERT distribution
    between ``low`` and ``high`` with mode ``likely``; the constant when low equals high."""
    width = high - low
    if width <= 0:
        return np.full_like(u, likely)
    if distribution is Distribution.PERT:
        alpha = 1.0 + PERT_WEIGHT * (likely - low) / width
        beta = 1.0 + PERT_WEIGHT * (high - likely) / width
        return low + width * _beta_ppf(u, alpha, beta)
    mode = (likely - low) / width
    left = low + np.sqrt(u * width * (likely - low))
    right = high - np.sqrt((1.0 - u) * width * (high - likely))
    return np.where(u < mode, left, right)
