"""Command line: validate a case file, calculate its business case, write the demo, the schema.

A user's mistake (missing file, invalid case, unknown id, unwritable output) gives a Dutch
message on stderr and exit code 2, never a traceback. Output files are written all-or-nothing.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from samenrekenen import (
    __version__,
    cli_benefits,
    cli_case,
    cli_charging,
    cli_excel,
    cli_fairness,
    cli_guidance,
    cli_report,
    cli_risk,
    cli_server,
)

if TYPE_CHECKING:
    from samenrekenen.engine.results import CaseResult
    from samenrekenen.model import Case

EXIT_OK = 0
EXIT_INVALID = 2

app = typer.Typer(
    name="samenrekenen",
    help=(
        "Business cases voor gemeenten die samen een gezamenlijke organisatie (share, SSC) "
        "vormen: kosten, verschil met ongewijzigd beleid, omslagpunt en terugverdientijd, "
        "per deelnemer en geconsolideerd."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class OutputFormat(StrEnum):
    """Output formats of ``calc``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class UserError(Exception):
    """A user's mistake: its message (Dutch) goes to stderr and the exit code is 2."""


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INVALID)


_DUTCH_OS_ERRORS = {
    errno.ENOENT: "de map bestaat niet",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.EISDIR: "dit is een map",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
}
"""Dutch reasons for the usual reasons an output file cannot be written."""


def check_target(path: Path) -> None:
    """Raise :class:`UserError` with a Dutch message when ``path`` cannot be an output file (a
    folder, or in a folder that does not exist); checked before slow work."""
    target = path.expanduser()
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"Kan uitvoer niet schrijven: {path} is een map.")
    if not directory.is_dir():
        raise UserError(f"Kan uitvoer niet schrijven: de map {directory} bestaat niet.")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes to ``path`` all-or-nothing: a temporary file beside it,
    then a rename.

    Raises :class:`UserError` with a Dutch message when the file cannot be written.
    """
    check_target(path)
    target = path.expanduser()
    data = content.encode("utf-8") if isinstance(content, str) else content
    temp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb",
            dir=target.parent if str(target.parent) else Path("."),
            prefix=f".{target.name}.",
            suffix=".tmp",
            delete=False,
        ) as handle:
            temp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        temp_name = None
    except OSError as error:
        reason = _DUTCH_OS_ERRORS.get(error.errno or 0, error.strerror or str(error))
        raise UserError(f"Kan uitvoer niet schrijven naar {path}: {reason}.") from error
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _emit(text: str, output: Path | None) -> None:
    """Print ``text`` to stdout, or write it to ``output``."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        write_atomic(output, text)
    except UserError as error:
        _fail(str(error))
    typer.echo(f"Geschreven: {output}", err=True)


def _load(path: Path) -> Case:
    """Load and validate a case file, or fail with every error on stderr."""
    from samenrekenen.io.casefile import CaseFileError, load_case

    if not path.exists():
        _fail(f"Bestand niet gevonden: {path}")
    if path.is_dir():
        _fail(f"{path} is een map, geen casusbestand.")
    try:
        return load_case(path)
    except CaseFileError as error:
        lines = [e.format(error.file) for e in error.errors] or [str(error)]
        count = len(error.errors)
        noun = "fout" if count == 1 else "fouten"
        typer.echo(f"Ongeldig: {error.file} ({count} {noun})", err=True)
        for line in lines:
            typer.echo(line, err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"Kan {path} niet lezen: {error}")


def _summary(case: Case) -> str:
    """One-line Dutch summary of a valid case."""
    coop = case.cooperation
    n_participants = len(case.participants)
    n_scenarios = len(case.scenarios)
    participants = "deelnemer" if n_participants == 1 else "deelnemers"
    scenarios = "scenario" if n_scenarios == 1 else "scenario's"
    version = f", versie {case.version_label}" if case.version_label else ""
    return (
        f"{coop.name}{version}: {n_participants} {participants}, {n_scenarios} {scenarios}, "
        f"looptijd {coop.first_year}–{coop.last_year} ({coop.horizon_years} jaar)"
    )


def _check_ids(case: Case, scenario: str | None, participant: str | None) -> None:
    """Fail with the valid ids when ``scenario`` or ``participant`` is not in the case."""
    from samenrekenen.io.results import SHARE, UnknownIdError

    scenario_ids = [s.id for s in case.scenarios]
    if scenario is not None and scenario not in scenario_ids:
        _fail(str(UnknownIdError("scenario", scenario, scenario_ids)))
    participant_ids = [p.id for p in case.participants] + [SHARE]
    if participant is not None and participant not in participant_ids:
        _fail(str(UnknownIdError("participant", participant, participant_ids)))


def _render(
    case: Case,
    result: CaseResult,
    fmt: OutputFormat,
    scenario: str | None,
    participant: str | None,
    thousands: bool,
    to_file: bool,
) -> str:
    """The result as text in the requested format."""
    from samenrekenen.io.results import result_to_csv_rows, result_to_dict, write_csv
    from samenrekenen.io.tables import render_tables

    names = {p.id: p.name for p in case.participants}
    if fmt is OutputFormat.JSON:
        data = result_to_dict(result, scenario=scenario, participant=participant, case=case)
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        write_csv(result_to_csv_rows(result, scenario, participant), buffer)
        return buffer.getvalue()
    if to_file:
        buffer = io.StringIO()
        console = Console(file=buffer, width=120, no_color=True, force_terminal=False)
        render_tables(result, console, scenario, participant, thousands, names)
        return buffer.getvalue()
    render_tables(result, Console(), scenario, participant, thousands, names)
    return ""


def _version_callback(value: bool) -> None:
    if value:
        from samenrekenen.engine import ENGINE_VERSION

        typer.echo(f"samenrekenen {__version__} (rekenkern {ENGINE_VERSION})")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Toon de versie van samenrekenen en de rekenkern.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Business cases voor intergemeentelijke samenwerking (share, SSC)."""


CaseArg = Annotated[
    Path,
    typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).", show_default=False),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Schrijf naar dit bestand in plaats van naar het scherm."),
]


@app.command("validate")
def validate_command(case_path: CaseArg) -> None:
    """Controleer een casusbestand en toon een samenvatting, of alle fouten."""
    case = _load(case_path)
    typer.echo(f"Geldig: {_summary(case)}")


@app.command("calc")
def calc_command(
    case_path: CaseArg,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", "-s", help="Toon alleen het scenario met dit id."),
    ] = None,
    participant: Annotated[
        str | None,
        typer.Option(
            "--participant",
            "-p",
            help="Toon alleen deze deelnemer (id, of 'share'), naast het geconsolideerde totaal.",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Uitvoervorm: table, json of csv."),
    ] = OutputFormat.TABLE,
    output: OutputOpt = None,
    thousands: Annotated[
        bool,
        typer.Option("--duizenden", help="Bedragen in tabellen × € 1.000 in plaats van in euro's."),
    ] = False,
) -> None:
    """Bereken de business case: kosten, verschil, omslagpunt en kengetallen per scenario."""
    from samenrekenen.engine import calculate

    case = _load(case_path)
    _check_ids(case, scenario, participant)
    try:
        result = calculate(case)
    except ValueError as error:
        _fail(f"De berekening is niet gelukt: {error}")
    text = _render(case, result, fmt, scenario, participant, thousands, to_file=output is not None)
    if output is not None or text:
        _emit(text, output)


@app.command("demo")
def demo_command(output: OutputOpt = None) -> None:
    """Schrijf de voorbeeldcasus (YAML) naar een bestand of naar het scherm."""
    from samenrekenen.demo import demo_yaml

    _emit(demo_yaml(), output)


@app.command("schema")
def schema_command(output: OutputOpt = None) -> None:
    """Toon het JSON Schema van een casusbestand."""
    from samenrekenen.model import Case

    schema = Case.model_json_schema()
    _emit(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", output)


app.command("serve")(cli_server.serve)
app.add_typer(cli_server.db_app, name="db")
app.add_typer(cli_server.users_app, name="users")
app.add_typer(cli_case.case_app, name="case")
app.add_typer(cli_excel.excel_app, name="excel")
app.add_typer(cli_guidance.guidance_app, name="guidance")
app.command("charge")(cli_charging.charge)
app.command("entry-exit")(cli_charging.entry_exit)
app.command("dfa")(cli_charging.dfa)
app.command("fairness")(cli_fairness.fairness)
app.command("coalitions")(cli_fairness.coalitions)
app.command("game")(cli_fairness.game)
app.command("report")(cli_report.report)
app.command("montecarlo")(cli_risk.montecarlo)
app.command("sensitivity")(cli_risk.sensitivity)
app.add_typer(cli_benefits.actuals_app, name="actuals")
app.command("plan-actual")(cli_benefits.plan_actual)
app.command("evaluation")(cli_benefits.evaluation)
app.command("benefits-network")(cli_benefits.benefits_network)


def main() -> None:
    """Entry point of the ``samenrekenen`` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
