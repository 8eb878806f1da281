"""Arguments and options several commands share (Typer annotations, Dutch help)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

CaseArg = Annotated[Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")]

NewCaseOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Schrijf de nieuwe casus hierheen in plaats van CASUS te overschrijven.",
        show_default=False,
    ),
]
"""Where an import writes the changed case (default: over the case file itself)."""
