"""The cost game of a case through the engine (domain §7) and the coalition explorer."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.fairness.coalitions import (
    EXACT_LIMIT,
    CaseGame,
    CoalitionResults,
    case_game,
    explore,
    grand_mask,
    tabulate,
)
from samenrekenen.model import Case

SCENARIO = "minder-meerkosten"
FOUR = ["gm9004", "gm9005", "gm9006", "gm9007"]


@pytest.fixture(scope="module")
def case() -> Case:
    return demo_case()


@pytest.fixture(scope="module")
def game_results(case: Case) -> tuple[CaseGame, CoalitionResults]:
    game = case_game(case, SCENARIO)
    return game, tabulate(game)


def _discounted(series: list[float], rate: float) -> float:
    return sum(v / (1.0 + rate) ** t for t, v in enumerate(series))


def test_grand_coalition_costs_the_scenarios_consolidated_total(
    case: Case, game_results: tuple[CaseGame, CoalitionResults]
) -> None:
    game, results = game_results
    scenario = calculate(case).scenario(SCENARIO)
    expected = _discounted(scenario.consolidated.cost, case.cooperation.discount_rate)
    assert results.cost_eur[grand_mask(game.n)] == pytest.approx(expected, abs=0.01)


def test_single_participant_costs_its_baseline_cost(
    case: Case, game_results: tuple[CaseGame, CoalitionResults]
) -> None:
    game, results = game_results
    baseline = calculate(case).scenario(case.baseline_scenario.id)
    rate = case.cooperation.discount_rate
    for i, player in enumerate(game.players):
        expected = _discounted(baseline.entities[player].cost, rate)
        assert results.cost_eur[1 << i] == pytest.approx(expected, abs=0.01)
    assert results.cost_eur[0] == 0.0


def test_four_member_coalition_equals_the_four_member_scenario(
    case: Case, game_results: tuple[CaseGame, CoalitionResults]
) -> None:
    game, results = game_results
    mask = sum(1 << game.players.index(p) for p in FOUR)
    result = calculate(case)
    four = result.scenario("minder-meerkosten-vier")
    rate = case.cooperation.discount_rate
    outside = sum(
        _discounted(result.scenario(case.baseline_scenario.id).entities[p].cost, rate)
        for p in game.players
        if p not in FOUR
    )
    expected = _discounted(four.consolidated.cost, rate) - outside
    assert results.cost_eur[mask] == pytest.approx(expected, abs=0.01)
    assert results.npv_eur[mask] == pytest.approx(four.consolidated.metrics.npv, abs=0.01)


def test_the_players_are_the_scenarios_members_by_default(case: Case) -> None:
    game = case_game(case, "minder-meerkosten-vier")
    assert game.players == tuple(FOUR)


def test_adding_a_cost_to_the_share_never_lowers_a_coalitions_cost(case: Case) -> None:
    game = case_game(case, SCENARIO, FOUR)
    before = tabulate(game).cost_eur
    scenario = case.scenario(SCENARIO)
    line = scenario.structural_costs[0]
    dearer = line.model_copy(
        update={"values": {year: value + 1000.0 for year, value in line.values.items()}}
    )
    changed = scenario.model_copy(
        update={"structural_costs": [dearer, *scenario.structural_costs[1:]]}
    )
    other = case.model_copy(
        update={"scenarios": [changed if s.id == SCENARIO else s for s in case.scenarios]}
    )
    after = tabulate(case_game(other, SCENARIO, FOUR)).cost_eur
    assert np.all(after >= before - 0.005)
    assert after[grand_mask(4)] > before[grand_mask(4)]


def test_explorer_ranks_by_npv_and_marks_who_is_worse_off(case: Case) -> None:
    game = case_game(case, SCENARIO)
    exploration = explore(game)
    assert exploration.exact
    assert exploration.evaluated == 2**10 - 1 - 10
    npvs = [row.npv_eur for row in exploration.rows]
    assert npvs == sorted(npvs, reverse=True)
    best = exploration.rows[0]
    results = tabulate(game)
    for row in exploration.rows[:20]:
        mask = sum(1 << game.players.index(p) for p in row.members)
        assert row.cost_eur == pytest.approx(results.cost_eur[mask])
        alone = game.stand_alone_eur()[[game.players.index(p) for p in row.members]]
        assert row.savings_eur == pytest.approx(alone.sum() - row.cost_eur)
        own = results.participant_eur[mask]
        worse = {
            p
            for p in row.members
            if own[game.compiled.participants.index(p)] > alone[row.members.index(p)] + 0.005
        }
        assert set(row.worse_off) == worse
    assert best.npv_eur == max(npvs)


def test_marginal_contribution_is_npv_with_minus_without(case: Case) -> None:
    game = case_game(case, SCENARIO, FOUR)
    exploration = explore(game)
    by_members = {row.members: row.npv_eur for row in exploration.rows}
    everyone = tuple(FOUR)
    for player in FOUR:
        without = tuple(p for p in FOUR if p != player)
        assert exploration.marginal_npv_eur[player] == pytest.approx(
            by_members[everyone] - by_members[without]
        )


def test_large_candidate_sets_are_sampled_with_the_grand_coalition(case: Case) -> None:
    copies = [
        p.model_copy(update={"id": f"{p.id}b", "name": f"{p.name} B"}) for p in case.participants
    ]
    many = case.model_copy(update={"participants": [*case.participants, *copies]})
    # Two copies of every participant: 20 candidates, more than the exact limit.
    assert len(many.participants) > EXACT_LIMIT
    game = case_game(many, SCENARIO)
    exploration = explore(game, sample=64)
    assert not exploration.exact
    assert exploration.rows[0].members  # the grand coalition is always evaluated
    assert set(exploration.marginal_npv_eur) == set(game.players)


def test_unknown_scenario_or_candidate_is_a_dutch_error(case: Case) -> None:
    with pytest.raises(ValueError, match='scenario "bestaat-niet" bestaat niet'):
        case_game(case, "bestaat-niet")
    with pytest.raises(ValueError, match='deelnemer "gm0000" bestaat niet'):
        case_game(case, SCENARIO, ["gm9001", "gm0000"])
    with pytest.raises(ValueError, match="ten minste twee"):
        case_game(case, SCENARIO, ["gm9001"])
