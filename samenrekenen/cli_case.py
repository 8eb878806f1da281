"""Command-line commands for whole cases: export (backup) and import (restore).

``samenrekenen case export CASE_ID --output FILE`` writes a case with its members, audit trail
and versions as one JSON file; ``samenrekenen case import FILE`` stores such a file as a new
case and prints its id. A bad file or an unknown case gives a Dutch message on stderr and exit
code 2; nothing is stored then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from samenrekenen.cli_server import DatabaseOpt, DataDirOpt
from samenrekenen.web.settings import DEFAULT_DATA_DIR, Settings

EXIT_INVALID = 2
EXIT_DATABASE = 1

case_app = typer.Typer(
    help="Cases exporteren en importeren (back-up en herstel).", no_args_is_help=True
)


def _fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


@case_app.command("export")
def export_command(
    case_id: Annotated[int, typer.Argument(help="Id van de case.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="JSON-bestand om de export in te schrijven.")
    ],
    database_url: DatabaseOpt = "",
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
) -> None:
    """Schrijf een case met leden, wijzigingen en versies naar één JSON-bestand."""
    from sqlalchemy.exc import SQLAlchemyError

    from samenrekenen.cli import UserError, write_atomic
    from samenrekenen.store import CaseNotFound, Database
    from samenrekenen.store.transfer import export_case

    database = Database(Settings(database_url=database_url, data_dir=data_dir).database_url)
    try:
        database.upgrade()
        bundle = export_case(database, case_id)
    except CaseNotFound:
        _fail(f"Case {case_id} bestaat niet in deze database.")
    except SQLAlchemyError as exc:
        _fail(f"De database kan niet worden gelezen: {exc.__class__.__name__}.", EXIT_DATABASE)
    finally:
        database.dispose()
    text = json.dumps(bundle, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    try:
        write_atomic(output, text)
    except UserError as exc:
        _fail(str(exc))
    counts = f"{len(bundle['audit'])} wijzigingen, {len(bundle['versions'])} versies"
    typer.echo(f"Case {case_id} geëxporteerd naar {output} ({counts}).")


@case_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="JSON-bestand van 'case export'.")],
    database_url: DatabaseOpt = "",
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
) -> None:
    """Zet een geëxporteerde case terug als nieuwe case; alles of niets. Toont het nieuwe id."""
    from sqlalchemy.exc import SQLAlchemyError

    from samenrekenen.store import Database
    from samenrekenen.store.transfer import TransferError, import_case

    bundle = _read_bundle(file)
    database = Database(Settings(database_url=database_url, data_dir=data_dir).database_url)
    created: list[str] = []
    try:
        database.upgrade()
        case_id = import_case(database, bundle, created)
    except TransferError as exc:
        lines = "\n".join(f"- {error}" for error in exc.errors)
        _fail(f"{file}: de case is niet geïmporteerd; er is niets opgeslagen.\n{lines}")
    except SQLAlchemyError as exc:
        _fail(f"De database kan niet worden bijgewerkt: {exc.__class__.__name__}.", EXIT_DATABASE)
    finally:
        database.dispose()
    typer.echo(f"Case geïmporteerd met id {case_id}.")
    if created:
        typer.echo(
            "Nieuwe gebruikers zonder wachtwoord (de sitebeheerder geeft hun een herstellink via "
            "Gebruikers): " + ", ".join(created)
        )


def _read_bundle(file: Path) -> object:
    try:
        text = file.expanduser().read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        _fail(f"Bestand niet gevonden: {file}")
    except UnicodeDecodeError:
        _fail(f"{file}: het bestand is geen UTF-8-tekst.")
    except OSError:
        _fail(f"{file}: het bestand kan niet worden gelezen; controleer de naam en de rechten.")
    try:
        bundle: object = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"{file}:{exc.lineno}: geen geldige JSON ({exc.msg}); is dit een case-export?")
    return bundle
