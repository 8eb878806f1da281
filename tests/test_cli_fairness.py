"""The command line's fairness commands: ``game``, ``fairness`` and ``coalitions``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samenrekenen.cli import app

runner = CliRunner()
COST_GAMES = Path(__file__).resolve().parent / "data" / "reference" / "cost_games.json"
SCENARIO = "minder-meerkosten"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.yaml"
    result = runner.invoke(app, ["demo", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_game_json_answers_every_reference_game_in_input_order() -> None:
    result = runner.invoke(app, ["game", str(COST_GAMES), "--format", "json"])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)["games"]
    reference = json.loads(COST_GAMES.read_text(encoding="utf-8"))["games"]
    assert [a["name"] for a in answers] == [r["name"] for r in reference]
    for answer, ref in zip(answers, reference, strict=True):
        assert answer["core_nonempty"] is ref["core_nonempty"]
        for player in ref["players"]:
            assert answer["shapley"][player] == pytest.approx(
                ref["expected_shapley"][player], abs=1e-6
            )
            assert answer["nucleolus"][player] == pytest.approx(
                ref["expected_nucleolus"][player], abs=1e-5
            )


def test_game_accepts_a_single_game_and_prints_dutch_tables(tmp_path: Path) -> None:
    one = json.loads(COST_GAMES.read_text(encoding="utf-8"))["games"][0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(one), encoding="utf-8")
    result = runner.invoke(app, ["game", str(path)])
    assert result.exit_code == 0, result.output
    assert "Shapley-waarde" in result.stdout and "De kern is niet leeg." in result.stdout
    assert "0,6667" in result.stdout  # A's Shapley value 2/3, in Dutch notation


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "regel 1, kolom 2: geen geldige JSON"),
        ('{"games": []}', "verwacht één spel"),
        ('{"players": ["A", "B"], "cost": {"": 0, "A": 1, "B": 1}}', 'coalitie "A,B" ontbreekt'),
        ('{"players": ["A"], "cost": {"": 0, "A": "veel"}}', "'cost' moet per coalitie een getal"),
    ],
)
def test_game_refuses_bad_files_in_dutch(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["game", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_fairness_json_has_every_allocation_and_check(demo_file: Path) -> None:
    result = runner.invoke(app, ["fairness", str(demo_file), "-s", SCENARIO, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    keys = [a["key"] for a in data["allocations"]]
    assert keys[:4] == ["charging", "shapley", "nucleolus", "stand_alone"]
    assert "driver:inhabitants" in keys
    for allocation in data["allocations"]:
        total = sum(allocation["amounts_eur"].values())
        assert total == pytest.approx(data["grand_coalition_cost_eur"], abs=0.1)
        assert allocation["check"]["efficient"] is True
    nucleolus = next(a for a in data["allocations"] if a["key"] == "nucleolus")
    assert nucleolus["check"]["in_core"] is True


def test_fairness_csv_has_a_row_per_participant_and_allocation(demo_file: Path) -> None:
    result = runner.invoke(app, ["fairness", str(demo_file), "-s", SCENARIO, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    allocations = {r["allocation"] for r in rows}
    assert len(rows) == 10 * len(allocations)


def test_fairness_table_names_compensation(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "eerlijkheid.txt"
    result = runner.invoke(app, ["fairness", str(demo_file), "-s", SCENARIO, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Toets per verdeling" in text and "Voorgestelde compensatieposten" in text


def test_coalitions_ranks_candidates(demo_file: Path) -> None:
    args = [
        "coalitions",
        str(demo_file),
        "-s",
        SCENARIO,
        "-c",
        "gm9001,gm9002,gm9003",
        "-f",
        "json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["candidates"] == ["gm9001", "gm9002", "gm9003"]
    assert data["evaluated"] == 4
    assert len(data["coalitions"]) == 4


def test_fairness_errors_are_dutch(demo_file: Path) -> None:
    unknown = runner.invoke(app, ["fairness", str(demo_file), "-s", "bestaat-niet"])
    assert unknown.exit_code == 2
    assert 'scenario "bestaat-niet" bestaat niet' in unknown.stderr
    fmt = runner.invoke(app, ["fairness", str(demo_file), "-f", "xml"])
    assert fmt.exit_code == 2 and "Onbekende uitvoervorm" in fmt.stderr
    few = runner.invoke(app, ["coalitions", str(demo_file), "-c", "gm9001"])
    assert few.exit_code == 2 and "ten minste twee" in few.stderr


def test_charge_json_reconciles_every_year(demo_file: Path) -> None:
    result = runner.invoke(app, ["charge", str(demo_file), "-s", SCENARIO, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["products"]] == ["werkplek", "account", "hosting"]
    assert all(v == 0 for v in data["reconciliation"]["uncovered_eur"])
    charged = data["reconciliation"]["charged_eur"]
    totals = [sum(p["total_eur"][t] for p in data["participants"]) for t in range(len(charged))]
    assert totals == pytest.approx(charged, abs=0.001)


def test_charge_table_and_errors(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "verrekening.txt"
    result = runner.invoke(app, ["charge", str(demo_file), "-j", "2030", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Rekening per deelnemer 2030" in text and "Aansluiting 2030" in text
    assert "niet gedekt € 0" in text
    late = runner.invoke(app, ["charge", str(demo_file), "-j", "2050"])
    assert late.exit_code == 2 and "ligt buiten de looptijd" in late.stderr
    base = runner.invoke(app, ["charge", str(demo_file), "-s", "ongewijzigd-beleid"])
    assert base.exit_code == 2 and "geldt niet voor scenario" in base.stderr


def test_entry_exit_json_and_table(demo_file: Path) -> None:
    args = [
        "entry-exit",
        str(demo_file),
        "-s",
        "minder-meerkosten-vier",
        "-p",
        "gm9003",
        "-j",
        "2028",
    ]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["change"] == "entry" and "gm9003" in data["members_after"]
    assert len(data["connection_criteria"]) == 6
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "Gemeente Zuiderloo treedt toe in 2028" in table.stdout
    bad = runner.invoke(app, ["entry-exit", str(demo_file), "-p", "gm0000", "-j", "2028"])
    assert bad.exit_code == 2 and "bestaat niet" in bad.stderr


def test_dfa_command(demo_file: Path) -> None:
    args = ["dfa", str(demo_file), "-s", SCENARIO, "-p", "gm9009", "-j", "2030"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["participant"] == "gm9009" and data["year"] == 2030
    streams = {line["stream"] for line in data["lines"]}
    assert {"tarieven", "deelnemerspecifieke projecten"} <= streams
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "Factuurmomenten" in table.stdout
    bad = runner.invoke(app, ["dfa", str(demo_file), "-p", "gm9001", "-j", "2050"])
    assert bad.exit_code == 2 and "ligt buiten de looptijd" in bad.stderr
