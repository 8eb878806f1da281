"""Command-line commands for the guidance of forming the cooperation (domain §6).

``guidance phases [CASUS]`` shows the phase model 0–4 (with a case: its statuses, decisions,
timeline and the one-year-plan warning), ``guidance forms [CASUS]`` the legal forms ranked on
weighted criteria with the sensitivity to each weight, ``guidance checklists [CASUS]`` the
checklists (with a case: the scale notices), and ``guidance schema`` the JSON Schema of the
content files. ``--format table|json``; an invalid case gives every error and exit code 2.
``guidance report CASUS --kind exploration|programme --format pdf|html --output FILE`` writes
one of the two phase-1 reports (verkenningsrapport, plan totale traject).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from samenrekenen.model import Case

guidance_app = typer.Typer(
    help="Begeleiding bij het vormen van de samenwerking: fasen, vormen en checklists.",
    no_args_is_help=True,
)


class GuidanceFormat(StrEnum):
    """Output formats of the guidance commands."""

    TABLE = "table"
    JSON = "json"


CaseOpt = Annotated[
    Path | None,
    typer.Argument(
        metavar="[CASUS]", help="Casusbestand (YAML of JSON); zonder: alleen de inhoud."
    ),
]
FormatOpt = Annotated[
    GuidanceFormat, typer.Option("--format", "-f", help="Uitvoervorm: table of json.")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Schrijf naar dit bestand.")]


def _case(path: Path | None) -> Case | None:
    return _load_case(path) if path is not None else None


def _show(
    fmt: GuidanceFormat,
    data: dict[str, Any],
    tables: Callable[[dict[str, Any], Console], None],
    output: Path | None,
) -> None:
    """Print (or write to ``output``) the document as JSON or as Dutch tables."""
    import io

    from samenrekenen.cli import _emit

    if fmt is GuidanceFormat.JSON:
        _emit(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", output)
        return
    if output is None:
        tables(data, Console())
        return
    buffer = io.StringIO()
    tables(data, Console(file=buffer, width=120, no_color=True, force_terminal=False))
    _emit(buffer.getvalue(), output)


@guidance_app.command("phases")
def phases_command(
    case_path: CaseOpt = None,
    fmt: FormatOpt = GuidanceFormat.TABLE,
    output: OutputOpt = None,
) -> None:
    """Het fasemodel 0–4 met activiteiten, go/no-go-momenten en overeenkomsten."""
    from samenrekenen.io.guidance import phases_tables, phases_to_dict

    _show(fmt, phases_to_dict(_case(case_path)), phases_tables, output)


@guidance_app.command("forms")
def forms_command(
    case_path: CaseOpt = None,
    fmt: FormatOpt = GuidanceFormat.TABLE,
    output: OutputOpt = None,
) -> None:
    """Samenwerkings- en rechtsvormen: rangschikking op gewogen criteria en gevoeligheid."""
    from samenrekenen.io.guidance import forms_tables, forms_to_dict

    _show(fmt, forms_to_dict(_case(case_path)), forms_tables, output)


@guidance_app.command("checklists")
def checklists_command(
    case_path: CaseOpt = None,
    fmt: FormatOpt = GuidanceFormat.TABLE,
    output: OutputOpt = None,
) -> None:
    """Succesfactoren, valkuilen, de negen aanbevelingen en (met casus) de schaalsignalen."""
    from samenrekenen.io.guidance import checklists_tables, checklists_to_dict

    _show(fmt, checklists_to_dict(_case(case_path)), checklists_tables, output)


class ReportKind(StrEnum):
    """The two phase-1 reports."""

    EXPLORATION = "exploration"
    PROGRAMME = "programme"


class ReportFormat(StrEnum):
    """Formats of a phase-1 report."""

    PDF = "pdf"
    HTML = "html"


@guidance_app.command("report")
def report_command(
    case_path: Annotated[Path, typer.Argument(metavar="CASUS", help="Casusbestand.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Schrijf naar dit bestand.")],
    kind: Annotated[
        ReportKind,
        typer.Option("--kind", help="exploration (verkenningsrapport) of programme (plan)."),
    ] = ReportKind.EXPLORATION,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="pdf of html.")] = (
        ReportFormat.PDF
    ),
) -> None:
    """Het verkenningsrapport of het plan voor het totale traject (004 Bijlage 4)."""
    from samenrekenen.report.council import PdfUnavailableError
    from samenrekenen.report.phase_reports import phase_report_html, phase_report_pdf

    case = _load_case(case_path)
    try:
        if fmt is ReportFormat.PDF:
            output.write_bytes(phase_report_pdf(case, kind.value))
        else:
            output.write_text(phase_report_html(case, kind.value), encoding="utf-8")
    except PdfUnavailableError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Geschreven: {output}")


def _load_case(path: Path) -> Case:
    from samenrekenen.cli import _load

    return _load(path)


@guidance_app.command("schema")
def schema_command(output: OutputOpt = None) -> None:
    """Het JSON Schema van de inhoudsbestanden (fasen, vormen, processen, …)."""
    from samenrekenen.cli import _emit
    from samenrekenen.guidance.content import content_schema

    _emit(json.dumps(content_schema(), ensure_ascii=False, indent=2) + "\n", output)
