"""The cost game of a case (domain §7) through the engine's batch axis, and the coalition
explorer.

For a coalition S of a scenario's players, c(S) is the consolidated cost over the horizon
(discounted at the case's rate, t = 0 for the first year) when only S cooperates: the scenario
recomputed with S as its members, so lines with a per-member or per-driver basis scale, fixed
lines stay and keys are renormalised over S. c({i}) is i's cost in the baseline scenario and
c(∅) = 0. Participants outside S keep their baseline results, so their costs are not part of c(S).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..engine import CompiledCase, compile_case, evaluate_memberships
from ..engine.metrics import TOLERANCE_EUR
from ..engine.results import FloatArray
from ..model import Case

IntArray = npt.NDArray[np.int64]
Progress = Callable[[int, int], None]
"""Called with (coalitions done, coalitions in all) after every chunk."""

EXACT_LIMIT = 15
"""Largest number of players whose every coalition is computed."""

CHUNK = 512


@dataclass(frozen=True)
class CaseGame:
    """A scenario of a case as a game among ``players`` (participant ids, in case order).

    ``discount``: the yearly discount factors that turn a cost series into a horizon total;
    ``baseline_eur``: each participant's (all of them, case order) horizon cost in the baseline
    scenario; ``player_index``: the players' positions among the case's participants."""

    case: Case
    compiled: CompiledCase
    scenario_id: str
    scenario_index: int
    players: tuple[str, ...]
    player_index: IntArray
    discount: FloatArray
    baseline_eur: FloatArray

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    def names(self) -> tuple[str, ...]:
        """The players' display names."""
        by_id = {p.id: p.name for p in self.case.participants}
        return tuple(by_id[p] for p in self.players)

    def stand_alone_eur(self) -> FloatArray:
        """c({i}) per player: its horizon cost in the baseline scenario."""
        return self.baseline_eur[self.player_index]

    def member_matrix(self, masks: IntArray) -> FloatArray:
        """``[masks, participants]`` membership (1 = member) of each coalition bitmask."""
        bits = (masks[:, None] >> np.arange(self.n, dtype=np.int64)[None, :]) & 1
        members = np.zeros((masks.shape[0], len(self.compiled.participants)))
        members[:, self.player_index] = bits
        return members

    def evaluate(self, masks: IntArray, progress: Progress | None = None) -> CoalitionResults:
        """c(S), consolidated NPV and each participant's horizon cost for every coalition."""
        members = self.member_matrix(masks)
        n_part = members.shape[1]
        participant_eur = np.broadcast_to(self.baseline_eur, (masks.shape[0], n_part)).copy()
        cost = (members * participant_eur).sum(axis=1)
        npv_eur = np.zeros(masks.shape[0])
        cooperating = np.flatnonzero(members.sum(axis=1) >= 2)
        for start in range(0, cooperating.size, CHUNK):
            rows = cooperating[start : start + CHUNK]
            result = evaluate_memberships(self.compiled, self.scenario_index, members[rows])
            participant_eur[rows] = result.cost[:, :n_part] @ self.discount
            outside = ((1.0 - members[rows]) * self.baseline_eur).sum(axis=1)
            cost[rows] = result.cost[:, -1] @ self.discount - outside
            npv_eur[rows] = result.npv[:, -1]
            if progress is not None:
                progress(min(start + CHUNK, cooperating.size), cooperating.size)
        return CoalitionResults(masks, cost, npv_eur, participant_eur, members > 0.5)


@dataclass(frozen=True)
class CoalitionResults:
    """Evaluated coalitions: ``cost_eur`` c(S) and ``npv_eur`` (consolidated, against the
    baseline scenario) per bitmask, ``participant_eur`` ``[masks, participants]`` each
    participant's horizon cost (its baseline cost outside S) and ``members`` the membership."""

    masks: IntArray
    cost_eur: FloatArray
    npv_eur: FloatArray
    participant_eur: FloatArray
    members: npt.NDArray[np.bool_]


def case_game(
    case: Case, scenario_id: str | None = None, candidates: list[str] | None = None
) -> CaseGame:
    """The cost game of a scenario (default: the first that is not the baseline) among
    ``candidates`` (default: the scenario's members). Raises ``ValueError`` with a Dutch
    message for an unknown scenario or participant."""
    compiled = compile_case(case)
    ids = [s.id for s in compiled.scenarios]
    scenario_id = scenario_id or _default_scenario(compiled)
    if scenario_id not in ids:
        raise ValueError(f'scenario "{scenario_id}" bestaat niet in deze casus')
    s = ids.index(scenario_id)
    if candidates is None:
        flags = compiled.scenarios[s].members
        candidates = [p for p, flag in zip(compiled.participants, flags, strict=True) if flag > 0.5]
    unknown = [c for c in candidates if c not in compiled.participants]
    if unknown:
        raise ValueError(f'deelnemer "{unknown[0]}" bestaat niet in deze casus')
    players = tuple(p for p in compiled.participants if p in set(candidates))
    if len(players) < 2:
        raise ValueError("een coalitie vraagt ten minste twee deelnemers")
    rate = case.cooperation.discount_rate
    discount = (1.0 + rate) ** -np.arange(len(compiled.years), dtype=np.float64)
    baseline = evaluate_memberships(compiled, s, np.ones((0, len(compiled.participants))))
    return CaseGame(
        case=case,
        compiled=compiled,
        scenario_id=scenario_id,
        scenario_index=s,
        players=players,
        player_index=np.array([compiled.participants.index(p) for p in players], dtype=np.int64),
        discount=discount,
        baseline_eur=baseline.baseline_cost[: len(compiled.participants)] @ discount,
    )


def _default_scenario(compiled: CompiledCase) -> str:
    others = [s.id for s in compiled.scenarios if not s.is_baseline]
    if not others:
        raise ValueError("deze casus heeft geen samenwerkingsscenario naast ongewijzigd beleid")
    return others[0]


def all_masks(n: int) -> IntArray:
    """Every coalition of ``n`` players as a bitmask, 0 … 2ⁿ − 1."""
    return np.arange(1 << n, dtype=np.int64)


def grand_mask(n: int) -> int:
    """The bitmask of all ``n`` players."""
    return (1 << n) - 1


def cost_function(game: CaseGame) -> Callable[[IntArray], FloatArray]:
    """c(S) for any bitmasks, for games too large to tabulate (sampled Shapley)."""
    return lambda masks: game.evaluate(np.asarray(masks, dtype=np.int64)).cost_eur


def tabulate(game: CaseGame, progress: Progress | None = None) -> CoalitionResults:
    """Every coalition of the game (at most :data:`EXACT_LIMIT` players)."""
    if game.n > EXACT_LIMIT:
        raise ValueError(
            f"{game.n} deelnemers is te veel om elke coalitie door te rekenen "
            f"(ten hoogste {EXACT_LIMIT}); de Shapley-waarde wordt dan geschat"
        )
    return game.evaluate(all_masks(game.n), progress)


@dataclass(frozen=True)
class CoalitionRow:
    """One coalition of the explorer: its members (participant ids), c(S), the consolidated
    NPV against the baseline scenario, the saving Σ c({i}) − c(S), and the members that
    pay more than alone."""

    members: tuple[str, ...]
    cost_eur: float
    npv_eur: float
    savings_eur: float
    worse_off: tuple[str, ...]

    @property
    def everyone_better_off(self) -> bool:
        """No member pays more than alone."""
        return not self.worse_off


@dataclass(frozen=True)
class Exploration:
    """The coalition explorer's answer: ``rows`` ranked by NPV (highest first), each
    candidate's ``marginal_npv_eur`` (NPV of all candidates minus NPV without it), and whether
    every coalition was computed (``exact``) or a seeded sample."""

    candidates: tuple[str, ...]
    rows: list[CoalitionRow]
    marginal_npv_eur: dict[str, float]
    exact: bool
    evaluated: int


def explore(
    game: CaseGame, sample: int = 4096, seed: int = 20261201, progress: Progress | None = None
) -> Exploration:
    """Evaluate every coalition of two or more candidates (a seeded sample of ``sample``
    coalitions beyond :data:`EXACT_LIMIT` candidates, always with the grand coalition and each
    coalition without one candidate) and rank them."""
    exact = game.n <= EXACT_LIMIT
    masks = all_masks(game.n) if exact else _sample_masks(game.n, sample, seed)
    masks = masks[_popcount(masks) >= 2]
    results = game.evaluate(masks, progress)
    rows = _rows(game, results)
    rows.sort(key=lambda row: (-row.npv_eur, -len(row.members), row.members))
    return Exploration(
        candidates=game.players,
        rows=rows,
        marginal_npv_eur=_marginal_npv(game, results),
        exact=exact,
        evaluated=int(masks.size),
    )


def _popcount(masks: IntArray) -> IntArray:
    bits = np.zeros_like(masks)
    rest = masks.copy()
    while rest.any():
        bits += rest & 1
        rest >>= 1
    return bits


def _sample_masks(n: int, sample: int, seed: int) -> IntArray:
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2, size=(sample, n), dtype=np.int64)
    drawn = (bits << np.arange(n, dtype=np.int64)).sum(axis=1)
    full = grand_mask(n)
    fixed = np.array([full] + [full & ~(1 << i) for i in range(n)], dtype=np.int64)
    return np.unique(np.concatenate([fixed, drawn]))


def _rows(game: CaseGame, results: CoalitionResults) -> list[CoalitionRow]:
    ids = game.compiled.participants
    stand_alone = game.baseline_eur
    rows = []
    for k in range(results.masks.size):
        inside = np.flatnonzero(results.members[k])
        worse = results.participant_eur[k, inside] > stand_alone[inside] + TOLERANCE_EUR
        rows.append(
            CoalitionRow(
                members=tuple(ids[i] for i in inside),
                cost_eur=float(results.cost_eur[k]),
                npv_eur=float(results.npv_eur[k]),
                savings_eur=float(stand_alone[inside].sum() - results.cost_eur[k]),
                worse_off=tuple(ids[i] for i in inside[worse]),
            )
        )
    return rows


def _marginal_npv(game: CaseGame, results: CoalitionResults) -> dict[str, float]:
    npv_by_mask = dict(zip(results.masks.tolist(), results.npv_eur.tolist(), strict=True))
    full = grand_mask(game.n)
    return {
        player: npv_by_mask[full] - npv_by_mask.get(full & ~(1 << i), 0.0)
        for i, player in enumerate(game.players)
    }
