"""Command-line commands for risk and uncertainty: ``montecarlo`` (the probabilistic business
case) and ``sensitivity`` (tornado and break-even search), see docs/risk.md.

Output like ``calc``: Dutch tables on the screen, or JSON. A user's mistake gives a Dutch
message on stderr and exit code 2.
"""

from __future__ import annotations

from typing import Annotated

import typer

from samenrekenen.cli_fairness import OutputOpt, ScenarioOpt, emit_text, output_format, progress_bar
from samenrekenen.cli_options import CaseArg

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Uitvoervorm: table of json.")]


def _format(fmt: str) -> str:
    from samenrekenen.cli import _fail

    if fmt not in ("table", "json"):
        _fail(f'Onbekende uitvoervorm "{fmt}": kies table of json.')
    return fmt


def montecarlo(
    case_path: CaseArg,
    scenario: ScenarioOpt = None,
    draws: Annotated[
        int | None,
        typer.Option("--draws", "-n", min=1, help="Aantal trekkingen (standaard uit de casus)."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help="Startwaarde van de toevalsgenerator (herhaalbaar)."),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Monte Carlo: kans op een positieve business case, NCW en omslagpunt (P10/P50/P90)."""
    from samenrekenen.cli import _fail, _load
    from samenrekenen.io.risk import montecarlo_tables, montecarlo_to_dict
    from samenrekenen.risk import run_monte_carlo

    out_format = output_format(_format(fmt))
    case = _load(case_path)
    try:
        with progress_bar("Trekkingen doorrekenen") as advance:
            result = run_monte_carlo(case, scenario, draws=draws, seed=seed, progress=advance)
    except ValueError as error:
        _fail(f"{case_path}: {error}")
    data = montecarlo_to_dict(result, case)
    emit_text(
        out_format,
        lambda: data,
        lambda: [],
        (),
        lambda console: montecarlo_tables(data, case, console),
        output,
    )


def sensitivity(
    case_path: CaseArg,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Gevoeligheid: tornado per invoer en wat de business case negatief maakt."""
    from samenrekenen.cli import _fail, _load
    from samenrekenen.io.risk import sensitivity_tables, sensitivity_to_dict
    from samenrekenen.risk import run_sensitivity

    out_format = output_format(_format(fmt))
    case = _load(case_path)
    try:
        result = run_sensitivity(case, scenario)
    except ValueError as error:
        _fail(f"{case_path}: {error}")
    data = sensitivity_to_dict(result, case)
    emit_text(
        out_format,
        lambda: data,
        lambda: [],
        (),
        lambda console: sensitivity_tables(data, case, console),
        output,
    )
