"""Command-line commands for the Excel data-collection template of the baseline measurement.

``excel template CASUS --participant ID --output FILE`` writes a participant's template, filled
in with its current values; ``excel import CASUS FILE`` takes a filled-in template over into the
case file, or into ``--output``. A bad workbook gives every problem (sheet and cell) on stderr
and exit code 2, as every user error of the command line; the case file is then not touched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

excel_app = typer.Typer(
    help="Excel-invulbestand voor de nulmeting van een deelnemer: maken en inlezen.",
    no_args_is_help=True,
)

CaseArg = Annotated[Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")]


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
    from samenrekenen.cli import _check_ids, _fail, _load
    from samenrekenen.io.excel_template import template_workbook

    if output.suffix.lower() != ".xlsx":
        _fail(f"Kan uitvoer niet schrijven naar {output}: gebruik de extensie .xlsx.")
    case = _load(case_path)
    _check_ids(case, None, participant)
    _write_bytes(output, template_workbook(case, participant))
    typer.echo(f"Geschreven: {output}", err=True)


@excel_app.command("import")
def import_command(
    case_path: CaseArg,
    workbook: Annotated[
        Path,
        typer.Argument(metavar="WERKMAP", help="Het ingevulde invulbestand (.xlsx)."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Schrijf de nieuwe casus hierheen in plaats van CASUS te overschrijven.",
            show_default=False,
        ),
    ] = None,
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


def _write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all-or-nothing: a temporary file beside it, then a rename."""
    from samenrekenen.cli import _fail

    target = path.expanduser()
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        _fail(f"Kan uitvoer niet schrijven naar {path}: {error.strerror or error}.")
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
