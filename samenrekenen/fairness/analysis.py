"""Fairness of a case's cost split (domain §7): the chosen charging, proportional keys, the
Shapley value and the nucleolus side by side, each checked against the cost game, with who
subsidises whom and the compensation that brings the charging into the core."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..charging import applies_to, charge
from ..charging.bills import real_costs
from ..engine import calculate
from ..engine.metrics import TOLERANCE_EUR
from ..engine.results import FloatArray
from .coalitions import EXACT_LIMIT, CaseGame, Progress, cost_function, grand_mask, tabulate
from .game import (
    AllocationCheck,
    Compensation,
    CostGame,
    analyse_allocation,
    compensation,
    core_nonempty,
    nucleolus,
    proportional,
    shapley_exact,
    shapley_sampled,
)

SAMPLED_PERMUTATIONS = 2000
SAMPLE_SEED = 20261201

DRIVER_LABELS = {
    "inhabitants": "Besparing naar inwoners",
    "workplaces": "Besparing naar werkplekken",
    "accounts": "Besparing naar accounts",
    "employees": "Besparing naar medewerkers",
}


@dataclass(frozen=True)
class Allocation:
    """One way to split c(N) over the players: ``key`` (stable, English), ``label`` (Dutch),
    the amounts per player, the 95% half-width where the amounts are estimated, and the check
    against the game (``None`` when the game is too large to tabulate)."""

    key: str
    label: str
    amounts_eur: FloatArray
    half_width_eur: FloatArray | None = None
    check: AllocationCheck | None = None


@dataclass(frozen=True)
class FairnessReport:
    """The fairness analysis of one scenario.

    ``subsidy_eur``: chosen charging minus the Shapley value per player (positive = pays for
    others); ``core_nonempty`` and ``compensation`` are ``None`` beyond the exact limit."""

    scenario_id: str
    players: tuple[str, ...]
    names: tuple[str, ...]
    stand_alone_eur: FloatArray
    grand_cost_eur: float
    exact: bool
    core_nonempty: bool | None
    allocations: list[Allocation]
    compensation: Compensation | None

    def allocation(self, key: str) -> Allocation | None:
        """The allocation with this key, if computed."""
        return next((a for a in self.allocations if a.key == key), None)

    @property
    def subsidy_eur(self) -> FloatArray:
        """Chosen charging minus Shapley value: who pays for whom."""
        chosen, shapley = self.allocation("charging"), self.allocation("shapley")
        assert chosen is not None and shapley is not None
        return chosen.amounts_eur - shapley.amounts_eur


def analyse_fairness(game: CaseGame, progress: Progress | None = None) -> FairnessReport:
    """Every allocation of domain §7 for the game, exact up to :data:`EXACT_LIMIT` players.
    The chosen charging is the case's charging design where it applies to the scenario, else
    the engine's simple keys."""
    if game.n > EXACT_LIMIT:
        return _sampled_report(game, progress)
    results = tabulate(game, progress)
    cost_game = CostGame(game.players, results.cost_eur)
    full = grand_mask(game.n)
    charging = _designed_charging(game)
    if charging is None:
        charging = results.participant_eur[full, game.player_index]
    amounts = [
        ("charging", "Gekozen verrekening", charging),
        ("shapley", "Shapley-waarde", shapley_exact(cost_game)),
    ]
    central = nucleolus(cost_game)
    if central is not None:
        amounts.append(("nucleolus", "Nucleolus", central))
    amounts += _proportional_keys(game, cost_game)
    allocations = [
        Allocation(key, label, x, check=analyse_allocation(cost_game, x))
        for key, label, x in amounts
    ]
    return FairnessReport(
        scenario_id=game.scenario_id,
        players=game.players,
        names=game.names(),
        stand_alone_eur=game.stand_alone_eur(),
        grand_cost_eur=float(results.cost_eur[full]),
        exact=True,
        core_nonempty=core_nonempty(cost_game),
        allocations=allocations,
        compensation=compensation(cost_game, charging),
    )


def _designed_charging(game: CaseGame) -> FloatArray | None:
    """Each player's horizon cost with the case's charging design instead of the engine's
    simple keys, when the design applies to the scenario and the players are its members."""
    case = game.case
    design = case.charging_design
    if design is None or game.scenario_id not in applies_to(design, case):
        return None
    result = calculate(case)
    if tuple(result.scenario(game.scenario_id).members) != game.players:
        return None
    return real_costs(result, charge(case, result, game.scenario_id)) @ game.discount


def _proportional_keys(game: CaseGame, cost_game: CostGame) -> list[tuple[str, str, FloatArray]]:
    """c(N) in proportion to stand-alone cost, and for each volume driver of the case the saving
    of cooperating, Σ c({i}) − c(N), shared in proportion to that driver (a participant's own
    costs are not in proportion to its inhabitants, the saving can be)."""
    keys = [("stand_alone", "Naar kosten alleen", proportional(cost_game, game.stand_alone_eur()))]
    compiled = game.compiled
    for d, name in enumerate(compiled.driver_names):
        weights = compiled.drivers[d][game.player_index].mean(axis=1)
        if weights.sum() > 0 and np.all(weights >= 0):
            label = DRIVER_LABELS.get(name, f"Besparing naar {name}")
            keys.append((f"driver:{name}", label, saving_shared_by(cost_game, weights)))
    return keys


def saving_shared_by(game: CostGame, weights: FloatArray) -> FloatArray:
    """Each player's stand-alone cost minus its share, by ``weights``, of the saving
    Σ c({i}) − c(N)."""
    stand_alone = game.stand_alone()
    saving = stand_alone.sum() - game.grand_cost
    return stand_alone - np.asarray(weights, dtype=np.float64) / np.sum(weights) * saving


def _sampled_report(game: CaseGame, progress: Progress | None) -> FairnessReport:
    """Beyond the exact limit: the charging, a sampled Shapley value and proportional keys,
    checked for individual rationality only (the core needs every coalition)."""
    cost_of = cost_function(game)
    full = np.array([grand_mask(game.n)], dtype=np.int64)
    grand = game.evaluate(full)
    grand_cost = float(grand.cost_eur[0])
    charging = grand.participant_eur[0, game.player_index]
    estimate = shapley_sampled(cost_of, game.n, SAMPLED_PERMUTATIONS, SAMPLE_SEED)
    stand_alone = game.stand_alone_eur()
    allocations = [
        Allocation("charging", "Gekozen verrekening", charging),
        Allocation(
            "shapley",
            "Shapley-waarde (geschat)",
            estimate.values,
            half_width_eur=estimate.half_width,
        ),
        Allocation(
            "stand_alone",
            "Naar kosten alleen",
            grand_cost * stand_alone / stand_alone.sum(),
        ),
    ]
    return FairnessReport(
        scenario_id=game.scenario_id,
        players=game.players,
        names=game.names(),
        stand_alone_eur=stand_alone,
        grand_cost_eur=grand_cost,
        exact=False,
        core_nonempty=None,
        allocations=allocations,
        compensation=None,
    )


def individually_rational(report: FairnessReport, allocation: Allocation) -> bool:
    """Nobody pays more than alone (within half a cent)."""
    return bool(np.all(allocation.amounts_eur <= report.stand_alone_eur + TOLERANCE_EUR))
