"""Cost games (domain §7): the Shapley value (exact or sampled), the nucleolus, the core and the
smallest compensation into it, for any table or function of coalition costs. Pure numpy/scipy.

A coalition is a bitmask: bit i stands for ``players[i]``. The conventions are those of
``shared/reference/cost_games.json``: c(S) is what coalition S costs on its own; the *excess* of S
under an allocation x is x(S) − c(S), what S pays more than it would alone (its complaint); x is
in the *core* when x(N) = c(N) and no coalition has a positive excess; the *nucleolus* is the
imputation (x(N) = c(N), x_i ≤ c({i})) whose excesses, sorted from the largest, are
lexicographically smallest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import linprog

from ..engine.metrics import TOLERANCE_EUR
from ..engine.results import FloatArray

IntArray = npt.NDArray[np.int64]
"""Coalition bitmasks. int64 rather than Python ints or uint64: numpy's fast paths (shifts,
cumsum, unique) work on it, the engine's coalition code uses it, and it holds every mask of up
to :data:`MAX_SAMPLED_PLAYERS` players."""

CostFunction = Callable[[IntArray], FloatArray]
"""c(S) for a batch of bitmasks, for games too large to tabulate."""

MAX_SAMPLED_PLAYERS = 62
"""Masks of at most 62 players, and the grand mask ``(1 << n) - 1``, stay clear of int64's
sign bit."""

DENSE_LIMIT = 12
"""Up to this many players the linear programs get dense matrices; beyond, sparse ones."""

LP_TOLERANCE = 1e-9
"""What the linear programs resolve, relative to the largest |c(S)|."""

JUDGE_RELATIVE = 1e-6
"""Half a cent is too coarse for games in small units: judgements allow at most this fraction of
the largest |c(S)|."""

DUAL_TOLERANCE = 1e-9
"""A dual value above this marks a coalition whose excess is the same in every optimum."""

SPAN_TOLERANCE = 1e-9
"""A coalition vector closer than this to the span of the fixed ones lies in it."""

DEFAULT_BATCH = 256
"""Permutation pairs per call of the cost function in :func:`shapley_sampled`."""

_Z95 = 1.96
_HIGHS_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


# --- the game ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CostGame:
    """A cost game among ``players``: ``cost[mask]`` is c(S) for the coalition S whose bit i
    stands for ``players[i]`` (length 2ⁿ, c(∅) = ``cost[0]`` = 0). The cost table is copied and
    made read-only. Raises ``ValueError`` with a Dutch message for an invalid game."""

    players: tuple[str, ...]
    cost: FloatArray

    def __post_init__(self) -> None:
        players = tuple(self.players)
        # A private read-only copy: the caller's array stays writable and the game stays frozen.
        cost = np.array(self.cost, dtype=np.float64)
        cost.setflags(write=False)
        _check_game(players, cost)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "cost", cost)

    @classmethod
    def from_mapping(cls, players: Sequence[str], mapping: Mapping[str, float]) -> CostGame:
        """The game whose costs are given per coalition as comma-joined player names in any
        order (``"A,B"``; ``""`` or nothing for the empty set, which costs 0). Every other
        coalition must be given once; a Dutch ``ValueError`` names what is missing or wrong."""
        order = tuple(players)
        index = _player_index(order)
        cost = np.full(1 << len(order), np.nan)
        cost[0] = 0.0
        given: set[int] = set()
        for key, value in mapping.items():
            mask = _mask_of(key, index)
            if mask in given:
                raise ValueError(f'coalitie "{key}" staat twee keer in de kosten')
            given.add(mask)
            cost[mask] = _finite_cost(key, value)
        missing = np.flatnonzero(np.isnan(cost))
        if missing.size:
            label = ",".join(_members(order, int(missing[0])))
            raise ValueError(f'coalitie "{label}" ontbreekt in de kosten')
        return cls(order, cost)

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def grand_cost(self) -> float:
        """c(N), the cost of all players together."""
        return float(self.cost[-1])

    @cached_property
    def membership(self) -> FloatArray:
        """``[mask, player]`` 1.0 where the player is in the coalition, else 0.0."""
        masks = np.arange(1 << self.n, dtype=np.int64)
        return ((masks[:, None] >> np.arange(self.n, dtype=np.int64)) & 1).astype(np.float64)

    @cached_property
    def sizes(self) -> IntArray:
        """|S| for every mask."""
        return self.membership.sum(axis=1).astype(np.int64)

    @cached_property
    def scale(self) -> float:
        """The largest |c(S)| (1 for an all-zero game): the unit of the linear programs."""
        largest = float(np.abs(self.cost).max())
        return largest if largest > 0 else 1.0

    @property
    def tolerance(self) -> float:
        """What counts as zero when judging an allocation: half a cent (``TOLERANCE_EUR``), but
        at most a millionth of the largest cost (games in small units) and at least what the
        linear programs resolve."""
        return max(min(TOLERANCE_EUR, JUDGE_RELATIVE * self.scale), LP_TOLERANCE * self.scale)

    def stand_alone(self) -> FloatArray:
        """c({i}) per player."""
        return self.cost[1 << np.arange(self.n)]

    def coalition_sums(self, x: npt.ArrayLike) -> FloatArray:
        """x(S) = Σ_{i∈S} x_i for every mask."""
        return self.membership @ _allocation(self, x)

    def members(self, mask: int) -> tuple[str, ...]:
        """The players of a coalition, in player order."""
        return _members(self.players, mask)


def _check_game(players: tuple[str, ...], cost: FloatArray) -> None:
    if not players:
        raise ValueError("een spel heeft ten minste één speler")
    if len(set(players)) != len(players):
        raise ValueError("elke speler mag maar één keer voorkomen")
    if cost.shape != (1 << len(players),):
        raise ValueError(
            f"{len(players)} spelers vragen {1 << len(players)} coalitiekosten, niet {cost.size}"
        )
    if not np.all(np.isfinite(cost)):
        raise ValueError("elke coalitie moet eindige kosten hebben")
    if cost[0] != 0.0:
        raise ValueError(f"de lege coalitie kost 0, niet {cost[0]}")


def _player_index(players: tuple[str, ...]) -> dict[str, int]:
    for name in players:
        # A comma would split the name in a coalition key; padding would be stripped from it.
        if not name or "," in name or name != name.strip():
            raise ValueError(f'spelersnaam "{name}" is leeg, bevat een komma of spaties eromheen')
    if len(set(players)) != len(players):
        raise ValueError("elke speler mag maar één keer voorkomen")
    return {name: i for i, name in enumerate(players)}


def _mask_of(key: str, index: Mapping[str, int]) -> int:
    names = [name.strip() for name in key.split(",")] if key.strip() else []
    mask = 0
    for name in names:
        if name not in index:
            raise ValueError(f'onbekende speler "{name}" in coalitie "{key}"')
        bit = 1 << index[name]
        if mask & bit:
            raise ValueError(f'speler "{name}" staat twee keer in coalitie "{key}"')
        mask |= bit
    return mask


def _finite_cost(key: str, value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f'de kosten van coalitie "{key}" zijn geen eindig getal')
    if not key.strip() and number != 0.0:
        raise ValueError(f"de lege coalitie kost 0, niet {number}")
    return number


def _members(players: tuple[str, ...], mask: int) -> tuple[str, ...]:
    return tuple(p for i, p in enumerate(players) if mask >> i & 1)


def _allocation(game: CostGame, x: npt.ArrayLike) -> FloatArray:
    values = np.asarray(x, dtype=np.float64)
    if values.shape != (game.n,):
        raise ValueError(f"een verdeling heeft {game.n} bedragen, niet {values.size}")
    if not np.all(np.isfinite(values)):
        raise ValueError("een verdeling heeft eindige bedragen")
    return values


# --- Shapley value ----------------------------------------------------------------------------


def shapley_exact(game: CostGame) -> FloatArray:
    """The Shapley value: φ_i = Σ_{S∌i} |S|!(n−|S|−1)!/n! · (c(S∪i) − c(S)), over every
    coalition at once (meant for n ≤ 15, where the table has at most 32 768 entries)."""
    n = game.n
    weight = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    masks = np.arange(1 << n, dtype=np.int64)
    value = np.empty(n)
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        marginal = game.cost[without | (1 << i)] - game.cost[without]
        value[i] = weight[game.sizes[without]] @ marginal
    return value


@dataclass(frozen=True)
class ShapleyEstimate:
    """A sampled Shapley value: ``values`` per player, ``half_width`` the 95% confidence
    half-width per player, the ``permutations`` drawn and the coalitions the cost function was
    asked for in all (``coalitions_evaluated``, the grand coalition included)."""

    values: FloatArray
    half_width: FloatArray
    permutations: int
    coalitions_evaluated: int


def shapley_sampled(
    cost_of: CostFunction, n: int, permutations: int, seed: int, batch: int = DEFAULT_BATCH
) -> ShapleyEstimate:
    """The Shapley value estimated from random orders of the players, for games too large to
    tabulate: ``cost_of`` is called with batches of distinct int64 bitmasks (never ∅, which
    costs 0; the grand coalition once) and returns c(S) for each.

    Orders come in antithetic pairs, an order and its reverse, because a player's early and late
    marginal costs tend to lie on either side of its mean; ``permutations`` is rounded up to an
    even number. The half-width is 1.96 · sample standard deviation of the pair means ÷ √pairs.
    Every order's marginal costs add up to c(N), so the estimate does too. The result depends on
    ``seed`` only, not on ``batch`` (pairs per call). Asks for at most
    ``permutations · (n − 1) + 1`` coalitions."""
    _check_sampling(n, permutations, batch)
    pairs = -(-permutations // 2)
    rng = np.random.default_rng(seed)
    grand = np.array([(1 << n) - 1], dtype=np.int64)
    grand_cost = float(_evaluate(cost_of, grand)[0])
    means = np.empty((pairs, n))
    evaluated = 1
    for start in range(0, pairs, batch):
        rows = min(batch, pairs - start)
        # argsort of uniform draws: a random order per row, and the stream consumed does not
        # depend on how the pairs are split into batches.
        orders = rng.random((rows, n)).argsort(axis=1)
        both = np.concatenate([orders, orders[:, ::-1]])
        contributions, asked = _contributions(cost_of, both, grand_cost)
        means[start : start + rows] = 0.5 * (contributions[:rows] + contributions[rows:])
        evaluated += asked
    half_width = _Z95 * means.std(axis=0, ddof=1) / math.sqrt(pairs)
    return ShapleyEstimate(means.mean(axis=0), half_width, 2 * pairs, evaluated)


def _check_sampling(n: int, permutations: int, batch: int) -> None:
    if not 1 <= n <= MAX_SAMPLED_PLAYERS:
        raise ValueError(f"sampling needs 1 to {MAX_SAMPLED_PLAYERS} players, not {n}")
    if permutations < 4:
        raise ValueError("sampling needs at least 4 permutations (two antithetic pairs)")
    if batch < 1:
        raise ValueError("batch must be positive")


def _contributions(
    cost_of: CostFunction, orders: IntArray, grand_cost: float
) -> tuple[FloatArray, int]:
    """``[order, player]`` marginal cost of each player in each order, and how many distinct
    coalitions that took."""
    rows, n = orders.shape
    # Players' bits are distinct, so the running sum of bits is the running union.
    prefixes = np.cumsum(np.left_shift(np.int64(1), orders.astype(np.int64)), axis=1)
    inner = prefixes[:, :-1].ravel()
    distinct, inverse = np.unique(inner, return_inverse=True)
    inner_cost = _evaluate(cost_of, distinct)[inverse.ravel()].reshape(rows, n - 1)
    before = np.concatenate([np.zeros((rows, 1)), inner_cost], axis=1)
    after = np.concatenate([inner_cost, np.full((rows, 1), grand_cost)], axis=1)
    contributions = np.empty((rows, n))
    np.put_along_axis(contributions, orders, after - before, axis=1)
    return contributions, int(distinct.size)


def _evaluate(cost_of: CostFunction, masks: IntArray) -> FloatArray:
    if masks.size == 0:
        return np.zeros(0)
    cost = np.asarray(cost_of(masks), dtype=np.float64)
    if cost.shape != masks.shape:
        raise ValueError(f"cost_of returned shape {cost.shape} for {masks.size} coalitions")
    if not np.all(np.isfinite(cost)):
        raise ValueError("cost_of returned a cost that is not finite")
    return cost


# --- linear programs --------------------------------------------------------------------------


@dataclass(frozen=True)
class _LeastExcess:
    """Solution of min t s.t. x(S) − c(S) ≤ t (free S), in the game's scaled units."""

    level: float
    x: FloatArray
    duals: FloatArray


def _solve_least_excess(
    rows: FloatArray,
    limits: FloatArray,
    equal_rows: FloatArray,
    equal_values: FloatArray,
    upper: FloatArray | None,
) -> _LeastExcess:
    """min t over (x, t) s.t. rows·x − t ≤ limits, equal_rows·x = equal_values, x ≤ upper."""
    n = rows.shape[1]
    ub_matrix = _with_t_column(rows, -1.0)
    eq_matrix = _with_t_column(equal_rows, 0.0)
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    highest: list[float | None] = [None] * n if upper is None else [float(u) for u in upper]
    result = linprog(
        objective,
        A_ub=ub_matrix,
        b_ub=limits,
        A_eq=eq_matrix,
        b_eq=equal_values,
        bounds=[*((None, u) for u in highest), (None, None)],
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if result.status != 0:
        raise RuntimeError(f"linear program failed: {result.message}")
    return _LeastExcess(float(result.x[-1]), result.x[:-1], -result.ineqlin.marginals)


def _with_t_column(matrix: FloatArray, coefficient: float) -> Any:
    """``[matrix | coefficient]``, sparse beyond :data:`DENSE_LIMIT` players (most coalition
    rows then hold many zeros and HiGHS takes sparse input as it is)."""
    column = np.full((matrix.shape[0], 1), coefficient)
    if matrix.shape[1] <= DENSE_LIMIT:
        return np.hstack([matrix, column])
    return sparse.hstack([sparse.csr_matrix(matrix), sparse.csr_matrix(column)], format="csr")


def _proper(game: CostGame) -> tuple[FloatArray, FloatArray]:
    """Membership rows and scaled costs of the proper non-empty coalitions (masks 1 … 2ⁿ − 2)."""
    return game.membership[1:-1], game.cost[1:-1] / game.scale


def _least_core(game: CostGame) -> tuple[float, FloatArray]:
    """The least-core level max_S x(S) − c(S) (≤ 0 iff the core is non-empty) and an x that
    attains it, in euros. The level is recomputed from x made exactly efficient, so it is a
    certificate for that x rather than the solver's rounded optimum."""
    if game.n == 1:
        return -math.inf, game.cost[1:].copy()
    rows, limits = _proper(game)
    grand = np.ones((1, game.n))
    lp = _solve_least_excess(rows, limits, grand, np.array([game.grand_cost / game.scale]), None)
    x = lp.x * game.scale
    x += (game.grand_cost - x.sum()) / game.n
    level = float((game.coalition_sums(x) - game.cost)[1:-1].max())
    return level, x


# --- nucleolus --------------------------------------------------------------------------------


def nucleolus(game: CostGame) -> FloatArray | None:
    """The nucleolus, or ``None`` when there are no imputations (Σ c({i}) < c(N)).

    Sequential linear programs: minimise the largest excess t of the free coalitions, then fix
    every coalition whose dual value is positive (by complementary slackness its excess is t in
    every optimum, which settles ties between optima), drop the free coalitions whose excess the
    fixed ones already determine, and repeat until the fixed coalitions determine x. Also when
    the core is empty (then the first t is positive)."""
    alone = game.stand_alone()
    slack = float(alone.sum()) - game.grand_cost
    if slack < -LP_TOLERANCE * game.scale:
        return None
    if slack <= LP_TOLERANCE * game.scale:
        return alone.copy()  # the only imputation
    return _nucleolus_lp(game, alone / game.scale) * game.scale


def _nucleolus_lp(game: CostGame, upper: FloatArray) -> FloatArray:
    rows, limits = _proper(game)
    equal_rows = np.ones((1, game.n))
    equal_values = np.array([game.grand_cost / game.scale])
    free = np.ones(rows.shape[0], dtype=bool)
    basis = _extend_basis(np.zeros((game.n, 0)), equal_rows[0])
    while basis.shape[1] < game.n:
        candidates = np.flatnonzero(free)
        lp = _solve_least_excess(rows[free], limits[free], equal_rows, equal_values, upper)
        rank = basis.shape[1]
        for k in _settled(lp.duals):
            wider = _extend_basis(basis, rows[candidates[k]])
            # A coalition the fixed ones already determine adds no equation (its excess is t).
            if wider.shape[1] > basis.shape[1]:
                basis = wider
                equal_rows = np.vstack([equal_rows, rows[candidates[k]]])
                equal_values = np.append(equal_values, limits[candidates[k]] + lp.level)
        if basis.shape[1] == rank:
            raise RuntimeError("nucleolus: a round fixed no new coalition")
        # A coalition whose excess the fixed ones determine no longer steers x; left free, it
        # could hold t at a level no x can lower.
        free &= ~_in_span(rows, basis)
    # The fixed equalities determine x: solving them directly beats the LP's rounding.
    return np.asarray(np.linalg.lstsq(equal_rows, equal_values, rcond=None)[0], dtype=np.float64)


def _settled(duals: FloatArray) -> IntArray:
    """Positions of the coalitions to fix, largest dual first; the largest is always among them
    (the duals add up to 1), so every round makes progress even if the solver rounds."""
    order = np.argsort(-duals, kind="stable")
    keep = duals[order] > DUAL_TOLERANCE
    keep[0] = True
    return order[keep].astype(np.int64)


def _extend_basis(basis: FloatArray, row: FloatArray) -> FloatArray:
    """An orthonormal basis (columns) of span(basis, row)."""
    if _in_span(row[None, :], basis)[0]:
        return basis
    residual = _span_residual(row[None, :], basis)[0]
    # Orthogonalise twice: one Gram–Schmidt pass loses orthogonality as the basis grows.
    residual -= basis @ (basis.T @ residual)
    return np.hstack([basis, (residual / np.linalg.norm(residual))[:, None]])


def _span_residual(rows: FloatArray, basis: FloatArray) -> FloatArray:
    return rows - (rows @ basis) @ basis.T


def _in_span(rows: FloatArray, basis: FloatArray) -> npt.NDArray[np.bool_]:
    """Whether each 0/1 row is a combination of the basis (one test for fixing and freeing, so
    a free coalition always extends the basis)."""
    return np.asarray(np.linalg.norm(_span_residual(rows, basis), axis=1) <= SPAN_TOLERANCE)


# --- core and allocations ---------------------------------------------------------------------


def core_nonempty(game: CostGame, tol: float | None = None) -> bool:
    """Whether some x has x(N) = c(N) and x(S) ≤ c(S) + tol for every S (default tolerance:
    :attr:`CostGame.tolerance`): the least-core level is at most tol."""
    tolerance = game.tolerance if tol is None else tol
    return _least_core(game)[0] <= tolerance


@dataclass(frozen=True)
class AllocationCheck:
    """An allocation judged against the game, within a tolerance.

    ``efficient``: x(N) = c(N); ``individually_rational``: x_i ≤ c({i}) for everyone;
    ``in_core``: efficient and x(S) ≤ c(S) for every coalition; ``largest_excess``: the largest
    x(S) − c(S) over the proper non-empty coalitions (−inf for one player), the most a group
    pays beyond what it would pay alone; ``largest_excess_coalition``: that group's player
    names (of tied groups the smallest); ``stand_alone_gain``: c({i}) − x_i per player
    (positive = better off than alone)."""

    efficient: bool
    individually_rational: bool
    in_core: bool
    largest_excess: float
    largest_excess_coalition: tuple[str, ...]
    stand_alone_gain: FloatArray


def analyse_allocation(
    game: CostGame, x: npt.ArrayLike, tol: float | None = None
) -> AllocationCheck:
    """Check allocation ``x`` (ordered like the players) against the game; default tolerance
    :attr:`CostGame.tolerance`."""
    values = _allocation(game, x)
    tolerance = game.tolerance if tol is None else tol
    excess = game.coalition_sums(values) - game.cost
    worst = _largest_excess_mask(game, excess, tolerance)
    largest = float(excess[worst]) if worst else -math.inf
    efficient = abs(float(excess[-1])) <= tolerance
    gain = game.stand_alone() - values
    return AllocationCheck(
        efficient=efficient,
        individually_rational=bool(np.all(gain >= -tolerance)),
        in_core=efficient and largest <= tolerance,
        largest_excess=largest,
        largest_excess_coalition=game.members(worst),
        stand_alone_gain=gain,
    )


def _largest_excess_mask(game: CostGame, excess: FloatArray, tolerance: float) -> int:
    """The proper coalition with the largest excess (0 for one player); among those within
    the tolerance of it the smallest, then the lowest mask, so rounding does not pick one."""
    if game.n == 1:
        return 0
    proper = excess[1:-1]
    tied = np.flatnonzero(proper >= proper.max() - tolerance) + 1
    return int(tied[np.argmin(game.sizes[tied])])


@dataclass(frozen=True)
class Compensation:
    """The smallest shift of an allocation into the core: ``target`` y per player,
    ``transfers`` y − x per player (positive = pays more) and ``total_transfer_eur``
    Σ|y − x| ÷ 2 (each euro moved from one player to another counts once)."""

    transfers: FloatArray
    target: FloatArray
    total_transfer_eur: float


def compensation(game: CostGame, x: npt.ArrayLike, tol: float | None = None) -> Compensation | None:
    """The core allocation y nearest to ``x`` in total transfer: minimise Σ(p + q) ÷ 2 over
    y = x + p − q, p, q ≥ 0, with y(N) = c(N) (so an inefficient x is corrected too) and
    y(S) ≤ c(S). ``None`` when the core is empty; no transfers when x is already in the core
    (within tol, default :attr:`CostGame.tolerance`). The target need not be unique."""
    values = _allocation(game, x)
    tolerance = game.tolerance if tol is None else tol
    if analyse_allocation(game, values, tolerance).in_core:
        return Compensation(np.zeros(game.n), values.copy(), 0.0)
    level, _ = _least_core(game)
    if level > tolerance:
        return None
    # A core that is empty by less than the tolerance: aim for the least core instead.
    target = _nearest_core_point(game, values, max(level, 0.0))
    transfers = target - values
    return Compensation(transfers, target, 0.5 * float(np.abs(transfers).sum()))


def _nearest_core_point(game: CostGame, x: FloatArray, allowance: float) -> FloatArray:
    """argmin Σ(p + q) ÷ 2 s.t. y = x + p − q, y(S) ≤ c(S) + allowance, y(N) = c(N)."""
    n, scale = game.n, game.scale
    rows, limits = _proper(game)
    x_scaled = x / scale
    result = linprog(
        np.full(2 * n, 0.5),
        A_ub=_dense_or_sparse(np.hstack([rows, -rows])),
        b_ub=limits + allowance / scale - rows @ x_scaled,
        A_eq=np.concatenate([np.ones(n), -np.ones(n)])[None, :],
        b_eq=np.array([(game.grand_cost - x.sum()) / scale]),
        bounds=(0, None),
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if result.status != 0:
        raise RuntimeError(f"linear program failed: {result.message}")
    moved: FloatArray = result.x[:n] - result.x[n:]
    return x + moved * scale


def _dense_or_sparse(matrix: FloatArray) -> Any:
    return matrix if matrix.shape[1] <= 2 * DENSE_LIMIT else sparse.csr_matrix(matrix)


def proportional(game: CostGame, weights: npt.ArrayLike) -> FloatArray:
    """c(N) split in proportion to ``weights`` (e.g. stand-alone costs or inhabitants), which
    must be non-negative with a positive sum."""
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (game.n,):
        raise ValueError(f"een verdeelsleutel heeft {game.n} gewichten, niet {w.size}")
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("gewichten moeten eindig en niet-negatief zijn, met een positieve som")
    return game.grand_cost * w / w.sum()


def proportional_to_stand_alone(game: CostGame) -> FloatArray:
    """c(N) split in proportion to the stand-alone costs c({i})."""
    return proportional(game, game.stand_alone())
