"""Fairness benchmark (`make bench`): fixed sizes and seeds, figures to bench/results/fairness.json.

Targets (issue 4): ``exact_12_s`` < 5 — the full fairness analysis of a synthetic 12-member case
(all 4.095 coalitions through the batched engine, Shapley value and nucleolus);
``sampled_40_s`` < 30 — the Shapley value of a 40-member case from 2.000 sampled permutations,
with the largest 95% half-width reported.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

from cases import national_case  # noqa: E402
from results_file import write_figures  # noqa: E402

from samenrekenen.fairness.analysis import analyse_fairness  # noqa: E402
from samenrekenen.fairness.coalitions import case_game, cost_function  # noqa: E402
from samenrekenen.fairness.game import shapley_sampled  # noqa: E402

SEED = 20261122
PERMUTATIONS = 2000
TARGETS = {"exact_12_s": 5.0, "sampled_40_s": 30.0}
SIZES = {"years": 10, "categories": 20}


def exact_12() -> dict[str, float]:
    """Seconds for the full analysis of 12 members (case compilation included)."""
    case = national_case(
        n_participants=12, seed=SEED, n_years=SIZES["years"], n_categories=SIZES["categories"]
    )
    start = time.perf_counter()
    report = analyse_fairness(case_game(case, "coop"))
    seconds = time.perf_counter() - start
    return {"exact_12_s": round(seconds, 3), "exact_12_core_nonempty": bool(report.core_nonempty)}


def sampled_40() -> dict[str, float]:
    """Seconds for the sampled Shapley value of 40 members, and its largest half-width."""
    case = national_case(
        n_participants=40, seed=SEED, n_years=SIZES["years"], n_categories=SIZES["categories"]
    )
    start = time.perf_counter()
    game = case_game(case, "coop")
    estimate = shapley_sampled(cost_function(game), game.n, PERMUTATIONS, SEED)
    seconds = time.perf_counter() - start
    return {
        "sampled_40_s": round(seconds, 3),
        "sampled_40_max_half_width_eur": round(float(np.max(estimate.half_width)), 2),
        "sampled_40_max_half_width_pct": round(
            float(np.max(estimate.half_width / np.abs(estimate.values)) * 100), 3
        ),
    }


def main() -> None:
    """Run both figures, write bench/results/fairness.json and print a summary."""
    write_figures(
        "fairness",
        {**exact_12(), **sampled_40()},
        TARGETS,
        sizes={
            "exact": {"participants": 12, "coalitions": 4095, **SIZES, "seed": SEED},
            "sampled": {"participants": 40, "permutations": PERMUTATIONS, **SIZES, "seed": SEED},
        },
    )


if __name__ == "__main__":
    main()
