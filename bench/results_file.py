"""Writing a benchmark's figures: bench/results/<name>.json with targets, and a summary."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def write_figures(
    name: str, figures: dict[str, Any], targets: dict[str, float], **about: Any
) -> Path:
    """Write ``figures`` with their targets (each met when the figure is below its limit) and
    ``about`` (sizes, seeds) to bench/results/<name>.json, print one line a figure, and return
    the file."""
    met = {key: figures[key] is not None and figures[key] < limit for key, limit in targets.items()}
    result = {
        **figures,
        "targets": {key: f"< {limit}" for key, limit in targets.items()},
        "targets_met": met,
        **about,
        "machine": {"python": platform.python_version(), "cpu": platform.processor()},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for key, value in figures.items():
        verdict = (
            f"target < {targets[key]}   {'ok' if met[key] else 'MISSED'}" if key in targets else ""
        )
        print(f"{key:34} {value!s:>12}   {verdict}")
    print(f"written to {out.relative_to(ROOT)}")
    return out
