"""Command-line commands for fairness: ``fairness`` (is the cost split fair?), ``coalitions``
(which group of members pays off best?) and ``game`` (Shapley value, nucleolus and core of raw
cost games in the format of ``shared/reference/cost_games.json``).

Output like ``calc``: Dutch tables on the screen, or JSON / CSV. A user's mistake gives a Dutch
message on stderr and exit code 2.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from samenrekenen.cli import OutputFormat

ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        "-s",
        help="Id van het scenario (standaard het eerste naast ongewijzigd beleid).",
    ),
]


FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Uitvoervorm: table, json of csv.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Schrijf naar dit bestand.")]


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr (hidden when stderr is not a terminal)."""
    console = Console(stderr=True)
    columns = (
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _game_or_fail(case_path: Path, scenario: str | None, candidates: str | None) -> Any:
    from samenrekenen.cli import _fail, _load
    from samenrekenen.fairness.coalitions import case_game

    case = _load(case_path)
    chosen = None if candidates is None else [c.strip() for c in candidates.split(",") if c.strip()]
    try:
        return case_game(case, scenario, chosen)
    except ValueError as error:
        _fail(f"{case_path}: {error}")


def emit_text(
    fmt: OutputFormat,
    data: Callable[[], dict[str, Any]],
    rows: Callable[[], Iterable[dict[str, Any]]],
    columns: tuple[str, ...],
    tables: Callable[[Console], None],
    output: Path | None,
) -> None:
    """Print (or write to ``output``) JSON, CSV or Dutch tables, like ``calc``."""
    from samenrekenen.cli import OutputFormat, _emit
    from samenrekenen.io.results import write_csv

    buffer = io.StringIO()
    if fmt is OutputFormat.JSON:
        buffer.write(json.dumps(data(), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    elif fmt is OutputFormat.CSV:
        write_csv(rows(), buffer, columns)
    elif output is None:
        tables(Console())
        return
    else:
        tables(Console(file=buffer, width=200, no_color=True, force_terminal=False))
    _emit(buffer.getvalue(), output)


def fairness(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Is de kostenverdeling eerlijk? Verrekening, Shapley, nucleolus en kern naast elkaar."""
    from samenrekenen.fairness.analysis import analyse_fairness
    from samenrekenen.io.fairness import (
        FAIRNESS_CSV_COLUMNS,
        fairness_csv_rows,
        fairness_tables,
        fairness_to_dict,
    )

    out_format = output_format(fmt)
    game = _game_or_fail(case_path, scenario, None)
    with progress_bar("Coalities doorrekenen") as advance:
        report = analyse_fairness(game, advance)
    emit_text(
        out_format,
        lambda: fairness_to_dict(report),
        lambda: fairness_csv_rows(report),
        FAIRNESS_CSV_COLUMNS,
        lambda console: fairness_tables(fairness_to_dict(report), console),
        output,
    )


def coalitions(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    scenario: ScenarioOpt = None,
    candidates: Annotated[
        str | None,
        typer.Option(
            "--candidates",
            "-c",
            help="Kandidaten: ids, gescheiden door komma's (standaard: het scenario).",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Toon zoveel coalities.", min=1)] = 20,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Reken elke coalitie van kandidaten door en rangschik ze op netto contante waarde."""
    from samenrekenen.fairness.coalitions import explore
    from samenrekenen.io.fairness import (
        COALITION_CSV_COLUMNS,
        exploration_csv_rows,
        exploration_table,
        exploration_to_dict,
    )

    out_format = output_format(fmt)
    game = _game_or_fail(case_path, scenario, candidates)
    names = {p.id: p.name for p in game.case.participants}
    with progress_bar("Coalities doorrekenen") as advance:
        exploration = explore(game, progress=advance)
    emit_text(
        out_format,
        lambda: exploration_to_dict(exploration, top),
        lambda: exploration_csv_rows(exploration, top),
        COALITION_CSV_COLUMNS,
        lambda console: exploration_table(exploration_to_dict(exploration), names, top, console),
        output,
    )


def game(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="BESTAND", help="JSON-bestand met één kostenspel of een object met 'games'."
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Uitvoervorm: table of json.")
    ] = "table",
) -> None:
    """Analyseer kostenspellen: Shapley-waarde, nucleolus en of de kern leeg is."""
    from samenrekenen.cli import _fail
    from samenrekenen.io.games import GameFileError, analyse_games_file, games_table

    if fmt not in ("table", "json"):
        _fail(f'Onbekende uitvoervorm "{fmt}": kies table of json.')
    try:
        answers = analyse_games_file(file)
    except GameFileError as error:
        _fail(str(error))
    if fmt == "json":
        typer.echo(json.dumps({"games": answers}, ensure_ascii=False, indent=2, allow_nan=False))
        return
    games_table(answers, Console())


def output_format(fmt: str) -> OutputFormat:
    """The output format named by ``fmt``, or a Dutch error."""
    from samenrekenen.cli import OutputFormat, _fail

    try:
        return OutputFormat(fmt)
    except ValueError:
        _fail(f'Onbekende uitvoervorm "{fmt}": kies table, json of csv.')
