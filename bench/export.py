"""Export benchmark (`make bench`): the demo case's Excel export and council report, to
bench/results/export.json.

Targets (issue 5): ``excel_export_s`` < 3 (the workbook with live formulas), ``report_pdf_s``
< 10 (the council report as PDF). For information: ``libreoffice_recalc_s``, LibreOffice opening
the export, recalculating every formula and saving it (what a user of today's spreadsheet models
waits for), beside ``engine_s``, the engine calculating the same case. Each figure is the best of
``REPEATS`` runs, so that a moment of load on the machine does not count.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from libreoffice import recalculate  # noqa: E402
from results_file import write_figures  # noqa: E402

from samenrekenen.demo import demo_case  # noqa: E402
from samenrekenen.engine import calculate  # noqa: E402
from samenrekenen.io.excel_export import export_workbook  # noqa: E402
from samenrekenen.report.council import report_pdf  # noqa: E402

REPEATS = 3
TARGETS = {"excel_export_s": 3.0, "report_pdf_s": 10.0}
TODAY = dt.date(2026, 12, 1)


def best_of(run: Callable[[], object]) -> float:
    """The shortest of :data:`REPEATS` timed runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def libreoffice_seconds(workbook: bytes) -> float | None:
    """LibreOffice's start, open, full recalculation and save of ``workbook``, each run with a
    fresh profile (None without LibreOffice)."""
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is not installed: libreoffice_recalc_s left out")
        return None

    def run() -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.xlsx"
            path.write_bytes(workbook)
            recalculate([path], Path(folder))

    return best_of(run)


def main() -> None:
    """Time every figure, write bench/results/export.json and print a summary."""
    case = demo_case()
    workbook = export_workbook(case)
    figures = {
        "engine_s": best_of(lambda: calculate(case)),
        "excel_export_s": best_of(lambda: export_workbook(case)),
        "report_pdf_s": best_of(lambda: report_pdf(case, today=TODAY)),
        "libreoffice_recalc_s": libreoffice_seconds(workbook),
        "excel_export_bytes": len(workbook),
    }
    write_figures(
        "export",
        figures,
        TARGETS,
        case={
            "name": "demo",
            "participants": len(case.participants),
            "scenarios": len(case.scenarios),
        },
        repeats=REPEATS,
    )


if __name__ == "__main__":
    main()
