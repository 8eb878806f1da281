"""Raw cost games from a JSON file (the format of ``shared/reference/cost_games.json``): one
game ``{"players": [...], "cost": {"": 0, "A": 2, "A,B": 5, ...}}`` or ``{"games": [...]}``.

Each game is answered with its ``shapley`` and ``nucleolus`` value per player and whether its
core is non-empty, in input order. Every problem is reported with the game it is in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from samenrekenen.fairness.game import CostGame, core_nonempty, nucleolus, shapley_exact
from samenrekenen.format import format_number

MAX_PLAYERS = 15
MAX_BYTES = 20 * 1024 * 1024


class GameFileError(ValueError):
    """A games file that cannot be read; the message is Dutch and names the place."""


def load_games(path: Path) -> list[tuple[str, CostGame]]:
    """The games in ``path`` with their names (``spel N`` when unnamed)."""
    data = _read_json(path)
    games = data.get("games", [data]) if isinstance(data, dict) else None
    if not isinstance(games, list) or not games:
        raise GameFileError(f"{path}: verwacht één spel of een object met een lijst 'games'")
    return [_game(path, number, raw) for number, raw in enumerate(games, start=1)]


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise GameFileError(f"{path}: het bestand is groter dan 20 MB")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GameFileError(f"Bestand niet gevonden: {path}") from None
    except json.JSONDecodeError as error:
        raise GameFileError(
            f"{path}, regel {error.lineno}, kolom {error.colno}: geen geldige JSON"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise GameFileError(f"Kan {path} niet lezen: {error}") from None


def _game(path: Path, number: int, raw: Any) -> tuple[str, CostGame]:
    where = f"{path}, spel {number}"
    if not isinstance(raw, dict):
        raise GameFileError(f"{where}: een spel is een object met 'players' en 'cost'")
    players, cost = raw.get("players"), raw.get("cost")
    if not isinstance(players, list) or not all(isinstance(p, str) for p in players):
        raise GameFileError(f"{where}: 'players' moet een lijst met namen zijn")
    if not 1 <= len(players) <= MAX_PLAYERS:
        raise GameFileError(f"{where}: een spel heeft 1 tot {MAX_PLAYERS} spelers")
    if not isinstance(cost, dict) or not all(_is_number(v) for v in cost.values()):
        raise GameFileError(f"{where}: 'cost' moet per coalitie een getal geven")
    try:
        game = CostGame.from_mapping(players, {k: float(v) for k, v in cost.items()})
    except ValueError as error:
        raise GameFileError(f"{where}: {error}") from None
    name = raw.get("name")
    return (name if isinstance(name, str) else f"spel {number}"), game


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def analyse_game(name: str, game: CostGame) -> dict[str, Any]:
    """``name``, ``players``, ``shapley``, ``nucleolus`` (``None`` without imputations) and
    ``core_nonempty`` of one game."""
    shapley = shapley_exact(game)
    central = nucleolus(game)
    return {
        "name": name,
        "players": list(game.players),
        "shapley": {p: float(v) for p, v in zip(game.players, shapley, strict=True)},
        "nucleolus": None
        if central is None
        else {p: float(v) for p, v in zip(game.players, central, strict=True)},
        "core_nonempty": core_nonempty(game),
    }


def analyse_games_file(path: Path) -> list[dict[str, Any]]:
    """Every game of the file, answered in input order."""
    return [analyse_game(name, game) for name, game in load_games(path)]


def games_table(answers: list[dict[str, Any]], console: Console) -> None:
    """The answers as Dutch tables, one per game."""
    for answer in answers:
        table = Table(title=answer["name"])
        for heading in ("Speler", "Shapley-waarde", "Nucleolus"):
            table.add_column(heading, justify="left" if heading == "Speler" else "right")
        central = answer["nucleolus"]
        for player in answer["players"]:
            table.add_row(
                player,
                format_number(answer["shapley"][player], 4),
                "—" if central is None else format_number(central[player], 4),
            )
        console.print(table)
        core = "niet leeg" if answer["core_nonempty"] else "leeg"
        console.print(f"De kern is {core}.")
