"""Command-line commands for Excel: the data-collection template of the baseline measurement
and the auditor's export with live formulas.

``excel template CASUS --participant ID --output FILE`` writes a participant's template, filled
in with its current values; ``excel import CASUS FILE`` takes a filled-in template over into the
case file, or into ``--output``; ``excel export CASUS --output FILE`` writes the workbook
whose result sheets recompute with formulas. A bad workbook gives every problem (sheet and cell)
on stderr and exit code 2, as every user error of the command line; the case file is then not
touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from samenrekenen.cli_options import CaseArg, NewCaseOpt

excel_app = typer.Typer(
    help="Excel: het invulbestand voor de nulmeting (maken en inlezen) en de controlewerkmap.",
    no_args_is_help=True,
)


@excel_app.command("template")
def template_command(
    case_path: CaseArg,
    participant: Annotated[
        str, typer.Option("--participant", "-p", help="Id van de deelnemer.", show_default=False)
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Het invulbestand (.xlsx).", show_default=False),
    ],
) -> None:
    """Schrijf het invulbestand (.xlsx) voor de nulmeting van één deelnemer, ingevuld met wat
    nu in de casus staat."""
    from samenrekenen.cli import _check_ids, _load
    from samenrekenen.io.excel_template import template_workbook

    _check_xlsx(output)
    case = _load(case_path)
    _check_ids(case, None, participant)
    _write_workbook(output, lambda: template_workbook(case, participant))


@excel_app.command("import")
def import_command(
    case_path: CaseArg,
    workbook: Annotated[
        Path,
        typer.Argument(metavar="WERKMAP", help="Het ingevulde invulbestand (.xlsx)."),
    ],
    output: NewCaseOpt = None,
    notation: Annotated[
        str,
        typer.Option(
            "--notation",
            "-n",
            help="Notatie van getallen die als tekst zijn ingevuld: nl (1.234,56) of en "
            "(1,234.56). Getallen in getalcellen tellen altijd.",
        ),
    ] = "nl",
) -> None:
    """Lees een ingevuld invulbestand in: de nulmeting en volumes van die deelnemer worden
    vervangen. Alles of niets: bij een fout verandert er niets."""
    from samenrekenen.cli import _fail, _load
    from samenrekenen.io.casefile import CaseFileError, save_case
    from samenrekenen.io.excel_import import NOTATIONS, WorkbookError, import_workbook

    if notation not in NOTATIONS:
        _fail(f'Onbekende notatie "{notation}": kies nl of en.')
    case = _load(case_path)
    try:
        updated = import_workbook(
            case, _read_bytes(workbook), notation=notation, file=str(workbook)
        )
    except WorkbookError as error:
        count = len(error.problems)
        noun = "probleem" if count == 1 else "problemen"
        lines = [f"Niet ingelezen: {workbook} ({count} {noun}); de casus is niet gewijzigd."]
        _fail("\n".join([*lines, *(problem.format() for problem in error.problems)]))
    target = output or case_path
    try:
        save_case(updated, target)
    except CaseFileError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"Kan de casus niet schrijven naar {target}: {error.strerror or error}.")
    typer.echo(f"Ingelezen: {workbook}; geschreven: {target}", err=True)


@excel_app.command("export")
def export_command(
    case_path: CaseArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="De werkmap (.xlsx).", show_default=False),
    ],
) -> None:
    """Schrijf de controlewerkmap: invoer, de bedragen per regel uit de rekenkern en
    resultaatbladen die met formules narekenen."""
    from samenrekenen.cli import _load
    from samenrekenen.io.excel_export import export_workbook

    _check_xlsx(output)
    case = _load(case_path)
    _write_workbook(output, lambda: export_workbook(case))


def _check_xlsx(output: Path) -> None:
    from samenrekenen.cli import _fail

    if output.suffix.lower() != ".xlsx":
        _fail(f"Kan uitvoer niet schrijven naar {output}: gebruik de extensie .xlsx.")


def _write_workbook(output: Path, make: Callable[[], bytes]) -> None:
    """Make a workbook and write it all-or-nothing; the path is checked before the making,
    which takes seconds."""
    from samenrekenen.cli import UserError, _fail, check_target, write_atomic

    try:
        check_target(output)
        write_atomic(output, make())
    except UserError as error:
        _fail(str(error))
    typer.echo(f"Geschreven: {output}", err=True)


def _read_bytes(path: Path) -> bytes:
    from samenrekenen.cli import _fail
    from samenrekenen.io.xlsx_safety import UnsafeWorkbookError, check_file_size

    try:
        check_file_size(path.stat().st_size)  # before reading a huge file into memory
        return path.read_bytes()
    except UnsafeWorkbookError as error:
        _fail(f"Niet ingelezen: {path}: {error}")
    except FileNotFoundError:
        _fail(f"Bestand niet gevonden: {path}")
    except OSError as error:
        _fail(f"Kan {path} niet lezen: {error.strerror or error}")
