"""Risk benchmark (`make bench`): fixed sizes and seeds, figures to bench/results/risk.json.

Targets (issue 6): ``mc_demo_10k_s`` < 2 — 10.000 draws of the demo case with every
uncertain input it has (12 bandwidths, the delay, benefit realisation, the staff-savings switch,
a correlation block); ``mc_50_10k_s`` < 20 — 10.000 draws of a synthetic case of 50
participants, 10 years, 20 categories and 2 scenarios with a bandwidth on every baseline amount
and every cooperation line; ``mc_peak_mb`` < 2.000 — peak RSS of that larger run. Each run is
measured in a fresh process, so the peak RSS is that of the run alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

from cases import national_case  # noqa: E402
from results_file import write_figures  # noqa: E402

from samenrekenen.model import (  # noqa: E402
    Bandwidth,
    Case,
    Correlation,
    DelayDistribution,
    Spread,
    Uncertainty,
)

SEED = 20261202
DRAWS = 10000
TARGETS = {"mc_demo_10k_s": 2.0, "mc_50_10k_s": 20.0, "mc_peak_mb": 2000.0}
SIZES = {"participants": 50, "years": 10, "categories": 20, "scenarios": 2}


def synthetic_case() -> Case:
    """The national benchmark case cut to 50 participants and its first two scenarios, with
    a bandwidth on every baseline amount (visible and hidden) and every cooperation line."""
    case = national_case(
        n_participants=SIZES["participants"],
        n_years=SIZES["years"],
        n_categories=SIZES["categories"],
        seed=SEED,
    )
    case = case.model_copy(update={"scenarios": case.scenarios[: SIZES["scenarios"]]})
    bandwidths = []
    for participant in case.participants:
        for cost in participant.baseline.costs:
            where = f"participants[{participant.id}].baseline.costs[{cost.category}]"
            visible = cost.visible_eur
            bandwidths.append(
                Bandwidth(
                    path=f"{where}.visible_eur",
                    low=0.9 * visible,
                    likely=visible,
                    high=1.2 * visible,
                )
            )
            hidden = cost.hidden[0].amount_eur
            bandwidths.append(
                Bandwidth(
                    path=f"{where}.hidden[0].amount_eur",
                    low=0.5 * hidden,
                    likely=hidden,
                    high=1.5 * hidden,
                    distribution="pert",
                )
            )
    coop = case.scenarios[1]
    for name in ("level_changes", "structural_costs", "one_off_costs", "investments"):
        for line in getattr(coop, name):
            bandwidths.append(
                Bandwidth(
                    path=f"scenarios[{coop.id}].{name}[{line.id}].values",
                    id=f"{name}-{line.id}",
                    low=80,
                    likely=100,
                    high=140,
                    distribution="pert",
                )
            )
    uncertainty = Uncertainty(
        bandwidths=bandwidths,
        delay=DelayDistribution(low=0, likely=3, high=24),
        benefit_realisation=Spread(low=50, likely=80, high=100),
        correlations=[
            Correlation(
                inputs=["delay", "one_off_costs-project", "investments-infra"],
                matrix=[[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]],
            )
        ],
        latin_hypercube=True,
    )
    return case.model_copy(update={"uncertainty": uncertainty})


RUNS = {"demo": ("demo_case()", "minder-meerkosten"), "synthetic": ("synthetic_case()", "coop")}
"""Per run: how its case is made and which scenario is drawn."""


def _run(which: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one Monte Carlo run, in a fresh process."""
    make, scenario = RUNS[which]
    code = (
        "import sys, time, resource, json; sys.path[:0] = ['bench'];"
        "from risk import synthetic_case; from samenrekenen.demo import demo_case;"
        "from samenrekenen.risk import run_monte_carlo;"
        f"case = {make}; t = time.perf_counter();"
        f"run_monte_carlo(case, {scenario!r}, draws={DRAWS}, seed={SEED});"
        "s = time.perf_counter() - t;"
        "print(json.dumps([s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, peak_mb = json.loads(out.stdout)
    return float(seconds), float(peak_mb)


def main() -> None:
    """Run the three figures, write bench/results/risk.json and print a summary."""
    demo_s, _ = _run("demo")
    large_s, large_mb = _run("synthetic")
    write_figures(
        "risk",
        {
            "mc_demo_10k_s": round(demo_s, 3),
            "mc_50_10k_s": round(large_s, 3),
            "mc_peak_mb": round(large_mb, 1),
        },
        TARGETS,
        sizes={
            "demo": {"draws": DRAWS, "scenario": RUNS["demo"][1], "seed": SEED},
            "synthetic": {
                **SIZES,
                "draws": DRAWS,
                "scenario": RUNS["synthetic"][1],
                "bandwidths": len(synthetic_case().uncertainty.bandwidths),  # type: ignore[union-attr]
                "seed": SEED,
            },
        },
    )


if __name__ == "__main__":
    main()
