"""Cost games (domain §7): Shapley value, nucleolus, core, compensation and proportional keys,
against the reference games with known answers and the properties that define them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linprog

from samenrekenen.engine.results import FloatArray
from samenrekenen.fairness.game import (
    CostGame,
    IntArray,
    analyse_allocation,
    compensation,
    core_nonempty,
    nucleolus,
    proportional,
    proportional_to_stand_alone,
    shapley_exact,
    shapley_sampled,
)

REPO = Path(__file__).resolve().parents[2]
REFERENCE_COPY = REPO / "tests" / "data" / "reference"
"""The copy that tests/engine/test_reference_cases.py keeps equal to ../shared/reference."""

REFERENCE_GAMES: list[dict[str, Any]] = json.loads(
    (REFERENCE_COPY / "cost_games.json").read_text(encoding="utf-8")
)["games"]


# --- helpers and strategies -------------------------------------------------------------------


def names(n: int) -> tuple[str, ...]:
    return tuple(f"P{i}" for i in range(n))


def bit_matrix(n: int) -> FloatArray:
    masks = np.arange(1 << n)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)


def game_of(cost: Any) -> CostGame:
    table = np.asarray(cost, dtype=np.float64)
    return CostGame(names(int(table.size).bit_length() - 1), table)


def concave_game(n: int, seed: int) -> CostGame:
    """Submodular: a concave function of the summed sizes plus the largest need."""
    rng = np.random.default_rng(seed)
    bits = bit_matrix(n)
    cost = 50.0 * np.sqrt(bits @ rng.uniform(1, 100, n)) + (bits * rng.uniform(0, 1e3, n)).max(1)
    return game_of(cost)


def airport_game(needs: list[float]) -> CostGame:
    """c(S) = the largest need in S (Littlechild–Owen)."""
    return game_of((bit_matrix(len(needs)) * np.array(needs)).max(axis=1))


@st.composite
def cost_games(draw: st.DrawFn, min_players: int = 2, max_players: int = 6) -> CostGame:
    """Random non-negative costs, c(∅) = 0; integer amounts (many ties, degenerate linear
    programs) in a drawn unit (cents to hundreds of thousands of euros)."""
    n = draw(st.integers(min_players, max_players))
    amounts = draw(st.lists(st.integers(0, 100), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    unit = draw(st.sampled_from([0.01, 1.0, 1e5]))
    return game_of([0.0, *(a * unit for a in amounts)])


@st.composite
def games_with_imputations(draw: st.DrawFn) -> CostGame:
    """Random games whose grand coalition costs at most the stand-alone costs together."""
    game = draw(cost_games())
    cost = game.cost.copy()
    cost[-1] = min(cost[-1], game.stand_alone().sum())
    return game_of(cost)


def symmetrised(game: CostGame, i: int = 0, j: int = 1) -> CostGame:
    """The game with players i and j made interchangeable: a coalition with one of them costs
    the larger of the two versions."""
    masks = np.arange(1 << game.n)
    swapped = masks ^ np.where(((masks >> i) & 1) != ((masks >> j) & 1), (1 << i) | (1 << j), 0)
    return game_of(np.maximum(game.cost, game.cost[swapped]))


def relabelled(game: CostGame, order: list[int]) -> CostGame:
    """The game with new player k being old player ``order[k]``."""
    new_bits = bit_matrix(game.n).astype(np.int64)
    old_masks = (new_bits << np.array(order)).sum(axis=1)
    return CostGame(tuple(game.players[k] for k in order), game.cost[old_masks])


def with_null_player(game: CostGame) -> CostGame:
    """The game with an extra last player who adds nothing to any coalition."""
    return CostGame((*game.players, "null"), np.concatenate([game.cost, game.cost]))


def sorted_excesses(game: CostGame, x: FloatArray) -> FloatArray:
    return np.sort((game.coalition_sums(x) - game.cost)[1:-1])[::-1]


def lexicographically_smaller(a: FloatArray, b: FloatArray, tol: float) -> bool:
    """Whether a comes before b, ignoring differences within tol."""
    differs = np.flatnonzero(np.abs(a - b) > tol)
    return bool(differs.size) and bool(a[differs[0]] < b[differs[0]])


def popcount_cost(masks: IntArray) -> FloatArray:
    """√|S|: a cheap cost function for any number of players."""
    rest, count = masks.copy(), np.zeros(masks.shape)
    while rest.any():
        count += rest & 1
        rest >>= 1
    return np.sqrt(count)


# --- the reference games ----------------------------------------------------------------------


def reference_game(ref: dict[str, Any]) -> CostGame:
    return CostGame.from_mapping(ref["players"], ref["cost"])


def expected(ref: dict[str, Any], key: str) -> FloatArray:
    return np.array([ref[key][p] for p in ref["players"]])


@pytest.mark.parametrize("ref", REFERENCE_GAMES, ids=lambda ref: ref["name"][:30])
def test_shapley_value_matches_the_reference_games(ref: dict[str, Any]) -> None:
    np.testing.assert_allclose(
        shapley_exact(reference_game(ref)), expected(ref, "expected_shapley"), atol=1e-6
    )


@pytest.mark.parametrize("ref", REFERENCE_GAMES, ids=lambda ref: ref["name"][:30])
def test_nucleolus_matches_the_reference_games(ref: dict[str, Any]) -> None:
    central = nucleolus(reference_game(ref))
    assert central is not None
    np.testing.assert_allclose(central, expected(ref, "expected_nucleolus"), atol=1e-5)


@pytest.mark.parametrize("ref", REFERENCE_GAMES, ids=lambda ref: ref["name"][:30])
def test_core_emptiness_matches_the_reference_games(ref: dict[str, Any]) -> None:
    assert core_nonempty(reference_game(ref)) is ref["core_nonempty"]


@pytest.mark.parametrize(
    "ref",
    [ref for ref in REFERENCE_GAMES if "proportional_to_stand_alone" in ref],
    ids=lambda ref: ref["name"][:30],
)
def test_split_proportional_to_stand_alone_matches_the_reference_games(ref: dict[str, Any]) -> None:
    np.testing.assert_allclose(
        proportional_to_stand_alone(reference_game(ref)),
        expected(ref, "proportional_to_stand_alone"),
        atol=1e-9,
    )


def test_reference_games_cover_a_core_that_is_empty_and_ones_that_are_not() -> None:
    assert {ref["core_nonempty"] for ref in REFERENCE_GAMES} == {True, False}


# --- building a game --------------------------------------------------------------------------


def test_coalition_keys_may_name_the_players_in_any_order() -> None:
    game = CostGame.from_mapping(["A", "B"], {"": 0, "B": 5, "A": 2, "B,A": 6})
    np.testing.assert_array_equal(game.cost, [0, 2, 5, 6])
    np.testing.assert_array_equal(game.stand_alone(), [2, 5])


def test_the_empty_coalition_may_be_left_out_and_costs_nothing() -> None:
    game = CostGame.from_mapping(["A", "B"], {"A": 2, "B": 5, "A, B": 6})
    assert game.cost[0] == 0.0


def test_a_missing_coalition_is_named_in_a_dutch_error() -> None:
    cost = {"": 0, "A": 1, "B": 1, "C": 1, "A,B": 2, "B,C": 2, "A,B,C": 3}
    with pytest.raises(ValueError, match=r'^coalitie "A,C" ontbreekt in de kosten$'):
        CostGame.from_mapping(["A", "B", "C"], cost)


def test_an_unknown_player_is_named_in_a_dutch_error() -> None:
    with pytest.raises(ValueError, match='onbekende speler "D" in coalitie "A,D"'):
        CostGame.from_mapping(["A", "B"], {"A": 1, "B": 1, "A,B": 2, "A,D": 2})


def test_a_coalition_given_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match='coalitie "B,A" staat twee keer in de kosten'):
        CostGame.from_mapping(["A", "B"], {"A": 1, "B": 1, "A,B": 2, "B,A": 2})


def test_a_game_needs_a_cost_for_every_coalition_and_nothing_for_the_empty_one() -> None:
    with pytest.raises(ValueError, match="2 spelers vragen 4 coalitiekosten, niet 3"):
        CostGame(("A", "B"), np.array([0.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="de lege coalitie kost 0"):
        CostGame(("A", "B"), np.array([1.0, 1.0, 1.0, 2.0]))


def test_a_game_keeps_a_read_only_copy_of_its_costs() -> None:
    table = np.array([0.0, 1.0, 2.0, 2.5])
    game = CostGame(("A", "B"), table)
    table[3] = 99.0
    assert game.grand_cost == 2.5
    assert not game.cost.flags.writeable


def test_coalition_sums_add_the_members_amounts() -> None:
    game = game_of(np.arange(8) * 1.0)
    np.testing.assert_array_equal(
        game.coalition_sums([1.0, 10.0, 100.0]), [0, 1, 10, 11, 100, 101, 110, 111]
    )


# --- Shapley value ----------------------------------------------------------------------------


@given(cost_games())
def test_shapley_value_splits_the_grand_coalitions_cost(game: CostGame) -> None:
    assert shapley_exact(game).sum() == pytest.approx(game.grand_cost, rel=1e-9, abs=1e-9)


@given(cost_games())
def test_shapley_value_gives_interchangeable_players_the_same(game: CostGame) -> None:
    value = shapley_exact(symmetrised(game))
    assert value[0] == pytest.approx(value[1], rel=1e-9, abs=1e-9)


@given(cost_games(max_players=5))
def test_shapley_value_gives_a_null_player_nothing_and_leaves_the_others(game: CostGame) -> None:
    value = shapley_exact(with_null_player(game))
    assert value[-1] == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(value[:-1], shapley_exact(game), rtol=1e-9, atol=1e-9)


@given(cost_games(), st.data())
def test_shapley_value_of_two_games_added_is_the_sum_of_their_values(
    game: CostGame, data: st.DataObject
) -> None:
    other = data.draw(cost_games(min_players=game.n, max_players=game.n))
    together = CostGame(game.players, game.cost + other.cost)
    np.testing.assert_allclose(
        shapley_exact(together), shapley_exact(game) + shapley_exact(other), rtol=1e-9, atol=1e-6
    )


@given(st.lists(st.floats(0, 1e6, allow_nan=False, allow_subnormal=False), min_size=2, max_size=6))
def test_shapley_value_of_an_airport_game_is_in_its_core(needs: list[float]) -> None:
    game = airport_game(needs)
    assert analyse_allocation(game, shapley_exact(game)).in_core


# --- sampled Shapley value --------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sampled_shapley_value_lies_within_four_half_widths_of_the_exact_one(seed: int) -> None:
    game = game_of(np.random.default_rng(seed).uniform(0, 100, 32) * np.arange(32).clip(0, 1))
    estimate = shapley_sampled(lambda masks: game.cost[masks], 5, 2000, seed)
    error = np.abs(estimate.values - shapley_exact(game))
    assert np.all(error <= 4 * estimate.half_width)
    assert np.all(estimate.half_width < 5.0)  # 2000 orders pin it down
    assert estimate.values.sum() == pytest.approx(game.grand_cost, rel=1e-12)


def test_sampled_shapley_value_of_an_additive_game_is_exact_with_no_spread() -> None:
    weights = np.array([3.0, 1.0, 4.0, 1.0, 5.0])
    estimate = shapley_sampled(lambda masks: bit_matrix(5)[masks] @ weights, 5, 10, 0)
    np.testing.assert_allclose(estimate.values, weights, atol=1e-12)
    np.testing.assert_allclose(estimate.half_width, 0.0, atol=1e-12)


def test_sampled_shapley_value_for_forty_players_asks_each_coalition_once_per_batch() -> None:
    calls: list[IntArray] = []

    def cost_of(masks: IntArray) -> FloatArray:
        calls.append(masks)
        return popcount_cost(masks)

    estimate = shapley_sampled(cost_of, 40, 2000, 20261201)
    assert estimate.permutations == 2000
    assert estimate.coalitions_evaluated == sum(m.size for m in calls) <= 80_000
    for masks in calls:
        assert masks.dtype == np.int64
        assert np.unique(masks).size == masks.size
        assert np.all((masks > 0) & (masks <= (1 << 40) - 1))
    # Every player is alike in this game: each gets √40 / 40 within sampling error.
    np.testing.assert_allclose(
        estimate.values, np.sqrt(40) / 40, atol=4 * estimate.half_width.max()
    )
    assert estimate.values.sum() == pytest.approx(np.sqrt(40), rel=1e-12)


def test_sampled_shapley_value_depends_on_the_seed_not_on_the_batch_size() -> None:
    game = concave_game(6, 4)

    def cost_of(masks: IntArray) -> FloatArray:
        return game.cost[masks]

    small = shapley_sampled(cost_of, 6, 100, 9, batch=3)
    large = shapley_sampled(cost_of, 6, 100, 9)
    np.testing.assert_allclose(small.values, large.values, rtol=1e-12)
    np.testing.assert_allclose(small.half_width, large.half_width, rtol=1e-12)
    assert not np.allclose(shapley_sampled(cost_of, 6, 100, 10).values, large.values)


def test_sampled_shapley_value_refuses_more_players_than_a_mask_holds() -> None:
    with pytest.raises(ValueError, match="1 to 62 players"):
        shapley_sampled(popcount_cost, 63, 100, 0)


# --- nucleolus --------------------------------------------------------------------------------


@given(games_with_imputations())
def test_nucleolus_is_an_imputation(game: CostGame) -> None:
    central = nucleolus(game)
    assert central is not None
    check = analyse_allocation(game, central)
    assert check.efficient
    assert check.individually_rational


@given(games_with_imputations())
def test_nucleolus_is_in_the_core_exactly_when_the_core_is_not_empty(game: CostGame) -> None:
    central = nucleolus(game)
    assert central is not None
    assert analyse_allocation(game, central).in_core is core_nonempty(game)


def textbook_nucleolus(game: CostGame) -> FloatArray:
    """The nucleolus the slow textbook way, independent of the duals the module relies on:
    after each least-excess LP, one more LP per free coalition tells whether its excess can
    drop below the level; those that cannot are fixed at it."""
    rows, limits = game.membership[1:-1], game.cost[1:-1]
    fixed_rows, fixed_values = [np.ones(game.n)], [game.grand_cost]
    free = list(range(rows.shape[0]))
    bounds = [(None, float(u)) for u in game.stand_alone()]
    tol = 1e-8 * game.scale
    x = game.stand_alone()
    while free:
        level, x = _least_excess(rows[free], limits[free], fixed_rows, fixed_values, bounds)
        settled = [
            s
            for s in free
            if _lowest_sum(
                rows[s], rows[free], limits[free] + level, fixed_rows, fixed_values, bounds
            )
            >= limits[s] + level - tol
        ]
        fixed_rows += [rows[s] for s in settled]
        fixed_values += [limits[s] + level for s in settled]
        free = [s for s in free if s not in settled]
    return x


def _least_excess(
    rows: FloatArray,
    limits: FloatArray,
    eq_rows: list[FloatArray],
    eq_values: list[float],
    bounds: list[tuple[None, float]],
) -> tuple[float, FloatArray]:
    n = rows.shape[1]
    result = linprog(
        np.r_[np.zeros(n), 1.0],
        A_ub=np.hstack([rows, -np.ones((rows.shape[0], 1))]),
        b_ub=limits,
        A_eq=np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))]),
        b_eq=np.array(eq_values),
        bounds=[*bounds, (None, None)],
        method="highs",
    )
    assert result.status == 0
    return float(result.x[-1]), result.x[:-1]


def _lowest_sum(
    row: FloatArray,
    rows: FloatArray,
    limits: FloatArray,
    eq_rows: list[FloatArray],
    eq_values: list[float],
    bounds: list[tuple[None, float]],
) -> float:
    result = linprog(
        row,
        A_ub=rows,
        b_ub=limits,
        A_eq=np.array(eq_rows),
        b_eq=np.array(eq_values),
        bounds=bounds,
        method="highs",
    )
    assert result.status == 0
    return float(result.fun)


@given(games_with_imputations().filter(lambda game: game.n <= 4))
def test_nucleolus_agrees_with_the_textbook_computation(game: CostGame) -> None:
    central = nucleolus(game)
    assert central is not None
    np.testing.assert_allclose(central, textbook_nucleolus(game), atol=1e-6 * game.scale)


@given(games_with_imputations())
def test_nucleolus_excesses_are_lexicographically_no_larger_than_the_shapley_values(
    game: CostGame,
) -> None:
    central, shapley = nucleolus(game), shapley_exact(game)
    assert central is not None
    if np.all(shapley <= game.stand_alone()):
        assert not lexicographically_smaller(
            sorted_excesses(game, shapley), sorted_excesses(game, central), 1e-7 * game.scale
        )


@given(games_with_imputations())
def test_nucleolus_gives_interchangeable_players_the_same(game: CostGame) -> None:
    symmetric = symmetrised(game)
    cost = symmetric.cost.copy()
    cost[-1] = min(cost[-1], symmetric.stand_alone().sum())
    central = nucleolus(game_of(cost))
    assert central is not None
    assert central[0] == pytest.approx(central[1], rel=1e-7, abs=1e-7 * game.scale)


@given(games_with_imputations(), st.randoms(use_true_random=False))
def test_nucleolus_follows_the_players_when_they_are_relabelled(
    game: CostGame, random: Any
) -> None:
    order = list(range(game.n))
    random.shuffle(order)
    central, moved = nucleolus(game), nucleolus(relabelled(game, order))
    assert central is not None and moved is not None
    np.testing.assert_allclose(moved, central[order], rtol=1e-7, atol=1e-7 * game.scale)


def test_nucleolus_is_none_without_imputations() -> None:
    game = game_of([0.0, 1.0, 1.0, 3.0])
    assert nucleolus(game) is None


def test_nucleolus_is_the_stand_alone_costs_when_they_are_the_only_imputation() -> None:
    game = game_of([0.0, 1.0, 2.0, 3.0])
    central = nucleolus(game)
    assert central is not None
    np.testing.assert_array_equal(central, [1.0, 2.0])


def test_nucleolus_of_one_player_is_its_cost() -> None:
    game = CostGame(("A",), np.array([0.0, 7.0]))
    central = nucleolus(game)
    assert central is not None
    np.testing.assert_array_equal(central, [7.0])
    np.testing.assert_array_equal(shapley_exact(game), [7.0])
    assert core_nonempty(game)


def test_nucleolus_behaves_for_large_euro_amounts() -> None:
    ref = REFERENCE_GAMES[1]
    scaled = CostGame(reference_game(ref).players, reference_game(ref).cost * 1e7)
    central = nucleolus(scaled)
    assert central is not None
    np.testing.assert_allclose(central, expected(ref, "expected_nucleolus") * 1e7, rtol=1e-8)
    assert analyse_allocation(scaled, central).in_core


def test_nucleolus_of_twelve_players_in_a_concave_game_is_in_the_core() -> None:
    game = concave_game(12, 2026)
    central = nucleolus(game)
    assert central is not None
    check = analyse_allocation(game, central)
    assert check.in_core
    assert check.largest_excess < 0  # a concave game's core has interior: everyone gains
    assert core_nonempty(game)


# --- core, checks and compensation ------------------------------------------------------------


def three_municipalities() -> CostGame:
    return reference_game(REFERENCE_GAMES[1])


def test_an_allocation_that_makes_someone_pay_more_than_alone_is_found_out() -> None:
    check = analyse_allocation(three_municipalities(), [50.0, 50.0, 80.0])
    assert check.efficient
    assert not check.individually_rational
    assert not check.in_core
    assert check.largest_excess == pytest.approx(20.0)
    assert check.largest_excess_coalition == ("G3",)
    np.testing.assert_allclose(check.stand_alone_gain, [50.0, 30.0, -20.0])


def test_an_allocation_that_does_not_add_up_is_not_efficient_nor_in_the_core() -> None:
    check = analyse_allocation(three_municipalities(), [75.0, 60.0, 44.0])
    assert not check.efficient
    assert check.individually_rational
    assert not check.in_core


def test_tied_largest_excesses_name_the_smallest_coalition() -> None:
    airport = reference_game(REFERENCE_GAMES[0])
    check = analyse_allocation(airport, [1.0, 2.0, 7.0])  # {A} and {B, C} both pay 1 less
    assert check.largest_excess == pytest.approx(-1.0)
    assert check.largest_excess_coalition == ("A",)


@given(games_with_imputations())
def test_compensation_moves_an_allocation_into_the_core_at_least_cost(game: CostGame) -> None:
    start = proportional(game, np.arange(1, game.n + 1))
    result = compensation(game, start)
    if not core_nonempty(game):
        assert result is None
        return
    assert result is not None
    assert analyse_allocation(game, result.target).in_core
    np.testing.assert_allclose(result.transfers, result.target - start, atol=1e-9 * game.scale)
    assert result.transfers.sum() == pytest.approx(0.0, abs=1e-7 * game.scale)
    central = nucleolus(game)
    assert central is not None  # another core point: moving there cannot be cheaper
    assert result.total_transfer_eur <= 0.5 * np.abs(central - start).sum() + game.tolerance


@given(games_with_imputations())
def test_compensation_of_an_allocation_in_the_core_moves_nothing(game: CostGame) -> None:
    central = nucleolus(game)
    assert central is not None
    result = compensation(game, central)
    if core_nonempty(game):
        assert result is not None
        assert result.total_transfer_eur == 0.0
        np.testing.assert_array_equal(result.target, central)
    else:
        assert result is None


def test_compensation_also_corrects_an_allocation_that_does_not_add_up() -> None:
    game = three_municipalities()
    result = compensation(game, [100.0, 80.0, 60.0])
    assert result is not None
    assert result.target.sum() == pytest.approx(180.0)
    assert analyse_allocation(game, result.target).in_core
    assert result.transfers.sum() == pytest.approx(-60.0)


def test_compensation_of_the_three_municipalities_has_the_smallest_transfer() -> None:
    # G1 pays 10 more than alone and {G1, G3} 10 more than together, so G1 must shed 10, and
    # only to G2: (100, 50, 30) is in the core.
    game = three_municipalities()
    result = compensation(game, [110.0, 40.0, 30.0])
    assert result is not None
    assert result.total_transfer_eur == pytest.approx(10.0)
    assert analyse_allocation(game, result.target).in_core


def test_compensation_is_none_when_the_core_is_empty() -> None:
    assert compensation(reference_game(REFERENCE_GAMES[2]), [0.6, 0.5, 0.5]) is None


# --- proportional keys ------------------------------------------------------------------------


def test_proportional_split_follows_the_weights_and_adds_up() -> None:
    np.testing.assert_allclose(proportional(three_municipalities(), [1, 1, 2]), [45, 45, 90])


def test_proportional_split_refuses_negative_or_zero_weights() -> None:
    with pytest.raises(ValueError, match="niet-negatief"):
        proportional(three_municipalities(), [1, -1, 2])
    with pytest.raises(ValueError, match="positieve som"):
        proportional(three_municipalities(), [0, 0, 0])
    with pytest.raises(ValueError, match="3 gewichten"):
        proportional(three_municipalities(), [1, 2])
