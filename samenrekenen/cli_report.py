"""Command-line command ``report``: the council report of a case (*raadsbijlage*) as PDF or HTML.

Registered in :mod:`samenrekenen.cli` as ``app.command("report")(cli_report.report)``. A user's
mistake (missing or invalid case file, unknown format, unwritable output, no WeasyPrint) gives a
Dutch message on stderr and exit code 2. The file is written all-or-nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FORMATS = ("pdf", "html")
"""Output forms of the report; the first is the default."""


def report(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Uitvoervorm: pdf of html.")] = FORMATS[
        0
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Schrijf naar dit bestand (standaard de naam van de casus met .pdf of .html, "
            "in de huidige map).",
        ),
    ] = None,
    version_label: Annotated[
        str | None,
        typer.Option(
            "--version-label", help="Versielabel op het rapport (standaard dat van de casus)."
        ),
    ] = None,
    confidential: Annotated[
        str | None,
        typer.Option(
            "--confidential", help="Markering op elke pagina, bijvoorbeeld 'Vertrouwelijk'."
        ),
    ] = None,
    thousands: Annotated[
        bool,
        typer.Option(
            "--thousands",
            "--duizenden",
            help="Bedragen in tabellen × € 1.000 in plaats van in euro's.",
        ),
    ] = False,
) -> None:
    """Raadsbijlage: de business case als PDF (of HTML) voor bij een raadsvoorstel."""
    from samenrekenen.cli import UserError, _fail, _load, check_target, write_atomic
    from samenrekenen.report.council import PdfUnavailableError, report_html, report_pdf

    if fmt not in FORMATS:
        _fail(f'Onbekende uitvoervorm "{fmt}": kies pdf of html.')
    case = _load(case_path)
    target = output if output is not None else Path(f"{case_path.stem}.{fmt}")
    render = report_html if fmt == "html" else report_pdf
    try:
        # Before the rendering, which takes seconds: a wrong path should fail at once.
        check_target(target)
        document = render(
            case, version_label=version_label, confidential=confidential, thousands=thousands
        )
        write_atomic(target, document)
    except ValueError as error:
        _fail(f"De berekening is niet gelukt: {error}")
    except (PdfUnavailableError, UserError) as error:
        _fail(str(error))
    typer.echo(f"Geschreven: {target}", err=True)
