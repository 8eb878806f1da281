"""Engine benchmark (`make bench`): fixed sizes and seeds, figures to bench/results/engine.json.

Each figure runs in a fresh subprocess where memory matters, so the peak RSS is that of the run
alone. Targets (issue 2): demo_p50_ms < 20, national_s < 1, national_peak_mb < 500,
batch_1000_s < 2, speedup_vs_reference ≥ 20.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]


from cases import national_case  # noqa: E402

from samenrekenen.demo import demo_case  # noqa: E402
from samenrekenen.engine import calculate, compile_case, evaluate_batch, single_variant  # noqa: E402
from samenrekenen.engine.evaluate import Variants  # noqa: E402

SEED = 20261122
TARGETS = {
    "demo_p50_ms": ("<", 20.0),
    "national_s": ("<", 1.0),
    "national_peak_mb": ("<", 500.0),
    "batch_1000_s": ("<", 2.0),
    "speedup_vs_reference": (">=", 20.0),
}


def demo_p50_ms(repeats: int = 50) -> float:
    """Median time of a full recalculation of the demo case (all scenarios)."""
    case = demo_case()
    calculate(case)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        calculate(case)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def national_in_subprocess() -> tuple[float, float]:
    """Time and peak RSS of the national case, measured in a fresh process."""
    code = (
        "import sys, time, resource, json; sys.path.insert(0, 'bench');"
        "from cases import national_case; from samenrekenen.engine import calculate;"
        "case = national_case(); t = time.perf_counter(); calculate(case);"
        "s = time.perf_counter() - t;"
        "print(json.dumps([s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, peak_mb = json.loads(out.stdout)
    return float(seconds), float(peak_mb)


def demo_variants(n: int) -> tuple[object, Variants]:
    """``n`` variants of the demo: baseline amounts and line values ±20%, delays 0–24 months."""
    cc = compile_case(demo_case())
    one = single_variant(cc)
    rng = np.random.default_rng(SEED)
    variants = Variants(
        visible=one.visible * rng.uniform(0.8, 1.2, (n, *one.visible.shape[1:])),
        hidden=one.hidden * rng.uniform(0.8, 1.2, (n, *one.hidden.shape[1:])),
        values=[v * rng.uniform(0.8, 1.2, (n, v.shape[1], 1)) for v in one.values],
        members=[np.repeat(m, n, axis=0) for m in one.members],
        delay_months=[
            d + (0 if s == cc.baseline_index else rng.integers(0, 25, n))
            for s, d in enumerate(one.delay_months)
        ],
    )
    return cc, variants


def batch_1000_s() -> float:
    """1.000 variants of the demo case through the batch axis."""
    cc, variants = demo_variants(1000)
    start = time.perf_counter()
    evaluate_batch(cc, variants)  # type: ignore[arg-type]
    return time.perf_counter() - start


def _engine_seconds(case: object, repeats: int = 5) -> float:
    calculate(case)  # type: ignore[arg-type]
    start = time.perf_counter()
    for _ in range(repeats):
        calculate(case)  # type: ignore[arg-type]
    return (time.perf_counter() - start) / repeats


def _reference_seconds(case: object) -> float:
    from reference_impl import reference_calculate

    start = time.perf_counter()
    reference_calculate(case)
    return time.perf_counter() - start


def speedup_vs_reference() -> dict[str, float]:
    """Engine against the per-cell reference implementation, on the same case: a regional
    case of 40 participants, 20 categories, 10 years and 4 scenarios (the figure), and the demo
    for information (small cases are dominated by fixed per-call costs)."""
    regional = national_case(n_participants=40, n_years=10, n_categories=20)
    demo = demo_case()
    out = {}
    for name, case in (("regional", regional), ("demo", demo)):
        reference_s, engine_s = _reference_seconds(case), _engine_seconds(case)
        out[f"{name}_reference_s"] = round(reference_s, 4)
        out[f"{name}_engine_s"] = round(engine_s, 5)
        out[f"{name}_speedup"] = round(reference_s / engine_s, 1)
    return out


def main() -> None:
    """Run every figure, write bench/results/engine.json and print a summary."""
    national_s, national_peak_mb = national_in_subprocess()
    speedups = speedup_vs_reference()
    figures = {
        "demo_p50_ms": round(demo_p50_ms(), 3),
        "national_s": round(national_s, 4),
        "national_peak_mb": round(national_peak_mb, 1),
        "batch_1000_s": round(batch_1000_s(), 4),
        "speedup_vs_reference": speedups["regional_speedup"],
    }
    met = {
        name: (figures[name] < limit if op == "<" else figures[name] >= limit)
        for name, (op, limit) in TARGETS.items()
    }
    result = {
        **figures,
        "speedup_detail": speedups,
        "targets": {name: f"{op} {limit}" for name, (op, limit) in TARGETS.items()},
        "targets_met": met,
        "sizes": {
            "national": {"participants": 342, "years": 15, "categories": 40, "scenarios": 4},
            "batch": {"variants": 1000, "seed": SEED},
            "speedup": {"participants": 40, "years": 10, "categories": 20, "scenarios": 4},
        },
        "machine": {"python": platform.python_version(), "cpu": platform.processor()},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    out = ROOT / "bench" / "results" / "engine.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, value in figures.items():
        op, limit = TARGETS[name]
        print(f"{name:24} {value:>10}   target {op} {limit}   {'ok' if met[name] else 'MISSED'}")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
