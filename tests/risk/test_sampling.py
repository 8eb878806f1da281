"""The sampler reproduces known distributions, strata and rank correlations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from samenrekenen.model import Distribution
from samenrekenen.risk.sampling import BLOCK_DRAWS, blocks, iman_conover, inverse_cdf, uniforms

N = 200_000
SPREADS = [(10.0, 30.0, 100.0), (0.0, 0.0, 1.0), (-5.0, 4.0, 5.0), (50.0, 80.0, 100.0)]


@pytest.fixture(scope="module")
def u() -> np.ndarray:
    return np.random.default_rng(7).random(N)


@pytest.mark.parametrize(("low", "likely", "high"), SPREADS)
def test_triangular_draws_have_the_triangular_moments_and_quantiles(
    u: np.ndarray, low: float, likely: float, high: float
) -> None:
    x = inverse_cdf(u, low, likely, high, Distribution.TRIANGULAR)
    width = high - low
    exact = stats.triang((likely - low) / width, loc=low, scale=width)
    assert x.mean() == pytest.approx((low + likely + high) / 3, abs=0.01 * width)
    assert x.std() == pytest.approx(exact.std(), rel=0.01)
    for q in (0.05, 0.1, 0.5, 0.9, 0.95):
        assert np.quantile(x, q) == pytest.approx(exact.ppf(q), abs=0.005 * width)


@pytest.mark.parametrize(("low", "likely", "high"), SPREADS)
def test_pert_draws_have_the_pert_moments_and_quantiles(
    u: np.ndarray, low: float, likely: float, high: float
) -> None:
    x = inverse_cdf(u, low, likely, high, Distribution.PERT)
    width = high - low
    alpha = 1 + 4 * (likely - low) / width
    beta = 1 + 4 * (high - likely) / width
    exact = stats.beta(alpha, beta, loc=low, scale=width)
    assert x.mean() == pytest.approx((low + 4 * likely + high) / 6, abs=0.01 * width)
    assert x.std() == pytest.approx(exact.std(), rel=0.01)
    for q in (0.001, 0.05, 0.5, 0.95, 0.999):
        assert np.quantile(x, q) == pytest.approx(exact.ppf(q), abs=0.005 * width)
    # The interpolated body and the exact tails agree with the exact inverse everywhere.
    assert np.abs(x - exact.ppf(u)).max() < 1e-5 * width


def test_a_bandwidth_without_width_gives_its_value() -> None:
    x = inverse_cdf(np.array([0.0, 0.3, 1.0]), 7.0, 7.0, 7.0, Distribution.PERT)
    assert x.tolist() == [7.0, 7.0, 7.0]


def test_latin_hypercube_puts_one_draw_in_every_stratum() -> None:
    rng = np.random.default_rng(1)
    draws = uniforms(rng, 500, 3, latin_hypercube=True)
    for column in draws.T:
        assert sorted(np.floor(column * 500).astype(int).tolist()) == list(range(500))


def test_iman_conover_induces_the_rank_correlation_and_keeps_the_marginals() -> None:
    rng = np.random.default_rng(3)
    u = rng.random((5000, 3))
    target = [[1.0, 0.6, -0.3], [0.6, 1.0, 0.0], [-0.3, 0.0, 1.0]]
    correlated = iman_conover(u, target, rng)
    for j in range(3):
        assert np.array_equal(np.sort(correlated[:, j]), np.sort(u[:, j]))
    rho = stats.spearmanr(correlated).statistic
    assert np.allclose(rho, target, atol=0.05)


def test_iman_conover_accepts_a_singular_matrix() -> None:
    rng = np.random.default_rng(4)
    correlated = iman_conover(rng.random((2000, 2)), [[1.0, 1.0], [1.0, 1.0]], rng)
    assert stats.spearmanr(correlated).statistic > 0.99


def test_blocks_are_reproducible_from_the_seed() -> None:
    def first_draws(seed: int) -> list[float]:
        return [float(rng.random()) for _, rng in blocks(seed, 2500)]

    sizes = [size for size, _ in blocks(1, 2500)]
    assert sizes == [BLOCK_DRAWS, BLOCK_DRAWS, 500]
    assert first_draws(11) == first_draws(11)
    assert first_draws(11) != first_draws(12)
