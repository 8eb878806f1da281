"""Command-line commands for benefits steering after the decision.

``actuals import CASUS BESTAND`` takes actual costs, volumes, benefits and indicator values from
a CSV or Excel file into the case (all or nothing; every problem with its row and column on
stderr and exit code 2); ``plan-actual CASUS`` shows plan versus actual with the settlement on
actuals; ``evaluation CASUS`` the evaluation after the first year in operation; and
``benefits-network CASUS --output FILE.svg`` draws the benefits network.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from samenrekenen.cli_options import CaseArg, NewCaseOpt

if TYPE_CHECKING:
    from rich.console import Console

    from samenrekenen.engine import CaseResult
    from samenrekenen.model import Case

actuals_app = typer.Typer(
    help="Werkelijke cijfers na het besluit: kosten, volumes, baten en kengetallen inlezen.",
    no_args_is_help=True,
)

ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario", "-s", help="Vergelijk met dit scenario (standaard: het gekozen scenario)."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Schrijf naar dit bestand in plaats van naar het scherm."),
]


class Format(StrEnum):
    """Output formats of the read-only commands."""

    TABLE = "table"
    JSON = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Uitvoervorm: table of json.")]


@actuals_app.command("import")
def import_command(
    case_path: CaseArg,
    file: Annotated[
        Path, typer.Argument(metavar="BESTAND", help="Werkelijke cijfers (.csv of .xlsx).")
    ],
    output: NewCaseOpt = None,
    notation: Annotated[
        str,
        typer.Option(
            "--notation",
            "-n",
            help="nl: kolommen gescheiden door ';' en getallen als 1.234,56; en: ',' en 1,234.56.",
        ),
    ] = "nl",
) -> None:
    """Lees werkelijke cijfers in. Alles of niets: bij een fout verandert er niets."""
    from samenrekenen.cli import UserError, _fail, _load, write_atomic
    from samenrekenen.cli_excel import _read_bytes
    from samenrekenen.io.actuals import ActualsError, import_actuals
    from samenrekenen.io.casefile import FORMATS, dump_case

    case = _load(case_path)
    target = output or case_path
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        _fail(f"Kan de casus niet schrijven naar {target}: gebruik .yaml, .yml of .json.")
    try:
        updated = import_actuals(case, _read_bytes(file), file=str(file), notation=notation)
    except ActualsError as error:
        count = len(error.problems)
        noun = "probleem" if count == 1 else "problemen"
        lines = [f"Niet ingelezen: {file} ({count} {noun}); de casus is niet gewijzigd."]
        _fail("\n".join([*lines, *(p.format(str(file)) for p in error.problems)]))
    try:
        write_atomic(target, dump_case(updated, fmt))
    except UserError as error:
        _fail(str(error))
    typer.echo(f"Ingelezen: {file}; geschreven: {target}", err=True)


def plan_actual(
    case_path: CaseArg,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    charts: Annotated[
        Path | None,
        typer.Option("--charts", help="Schrijf ook de grafieken (SVG) in deze map."),
    ] = None,
) -> None:
    """Toon begroot tegen werkelijk: kosten per entiteit en categorie, baten, kengetallen en
    de nacalculatie op de werkelijke cijfers."""
    from samenrekenen.benefits import plan_actual as compare
    from samenrekenen.benefits.charts import benefit_chart_svg, cost_chart_svg
    from samenrekenen.io.benefits import plan_actual_to_dict, render_plan_actual, settlement_or_none

    case, result = _calculated(case_path, scenario)
    comparison = compare(case, result, scenario)
    names = _names(case)
    if charts is not None:
        _write(charts / "kosten-begroot-werkelijk.svg", cost_chart_svg(comparison, names))
        _write(charts / "baten-begroot-werkelijk.svg", benefit_chart_svg(comparison))
    if fmt is Format.JSON:
        data = {
            **plan_actual_to_dict(comparison),
            "settlement": settlement_or_none(case, result, scenario),
        }
        _json(data, output)
    else:
        _table(lambda console: render_plan_actual(comparison, console, names), output)


def evaluation(
    case_path: CaseArg,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
) -> None:
    """Toon de evaluatie na het eerste jaar in bedrijf: kosten, baten, kengetallen en
    nacalculatie, met zinnen voor de raad."""
    from samenrekenen.benefits import evaluate
    from samenrekenen.io.benefits import evaluation_to_dict, render_evaluation

    case, result = _calculated(case_path, scenario)
    outcome = evaluate(case, result, scenario)
    if fmt is Format.JSON:
        _json(evaluation_to_dict(outcome), output)
    else:
        _table(lambda console: render_evaluation(outcome, console), output)


def benefits_network(
    case_path: CaseArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Het diagram (.svg).", show_default=False)
    ],
) -> None:
    """Teken het batennetwerk van de casus (of het standaardnetwerk) als SVG; negatieve
    relaties rood en gestreept."""
    from samenrekenen.benefits import case_network, network_svg
    from samenrekenen.cli import _fail, _load

    if output.suffix.lower() != ".svg":
        _fail(f"Kan uitvoer niet schrijven naar {output}: gebruik de extensie .svg.")
    _write(output, network_svg(case_network(_load(case_path))))


# --- helpers ----------------------------------------------------------------------------------


def _calculated(case_path: Path, scenario: str | None) -> tuple[Case, CaseResult]:
    from samenrekenen.cli import _check_ids, _fail, _load
    from samenrekenen.engine import calculate

    case = _load(case_path)
    _check_ids(case, scenario, None)
    try:
        return case, calculate(case)
    except ValueError as error:
        _fail(f"De berekening is niet gelukt: {error}")


def _names(case: Case) -> dict[str, str]:
    return {p.id: p.name for p in case.participants} | {"share": "Share"}


def _json(data: dict[str, Any], output: Path | None) -> None:
    from samenrekenen.cli import _emit

    _emit(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", output)


def _table(draw: Callable[[Console], object], output: Path | None) -> None:
    import io

    from rich.console import Console

    from samenrekenen.cli import _emit

    if output is None:
        draw(Console())
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=120, no_color=True, force_terminal=False))
    _emit(buffer.getvalue(), output)


def _write(path: Path, content: str) -> None:
    from samenrekenen.cli import UserError, _fail, write_atomic

    try:
        write_atomic(path, content)
    except UserError as error:
        _fail(str(error))
    typer.echo(f"Geschreven: {path}", err=True)
