"""The command line for benefits steering: ``actuals import``, ``plan-actual``, ``evaluation``
and ``benefits-network`` (samenrekenen.cli_benefits), end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samenrekenen.cli import app
from samenrekenen.demo import demo_yaml
from samenrekenen.io.casefile import load_case

runner = CliRunner()

ACTUALS = "soort;entiteit;code;jaar;bedrag\nkosten;share;software;2028;15.480.123,45\n"


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(demo_yaml(), encoding="utf-8")
    return path


def test_actuals_import_writes_the_case_with_the_new_actuals(
    case_file: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "werkelijk.csv"
    csv_file.write_text(ACTUALS, encoding="utf-8")
    output = tmp_path / "nieuw.yaml"
    result = runner.invoke(
        app, ["actuals", "import", str(case_file), str(csv_file), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    actuals = load_case(output).actuals
    assert actuals is not None
    assert any(c.year == 2028 and c.amount_eur == pytest.approx(15480123.45) for c in actuals.costs)
    assert case_file.read_text(encoding="utf-8") == demo_yaml()  # --output leaves CASUS alone


def test_a_bad_actuals_file_changes_nothing_and_exits_with_2(
    case_file: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "werkelijk.csv"
    csv_file.write_text(ACTUALS + "kosten;gm0000;koffie;2028;12.5k\n", encoding="utf-8")
    result = runner.invoke(app, ["actuals", "import", str(case_file), str(csv_file)])
    assert result.exit_code == 2
    assert "de casus is niet gewijzigd" in result.output
    assert "rij 3, kolom entiteit" in result.output
    assert "rij 3, kolom code" in result.output
    assert "rij 3, kolom bedrag" in result.output
    assert case_file.read_text(encoding="utf-8") == demo_yaml()


def test_plan_actual_as_json_has_costs_benefits_indicators_and_settlement(case_file: Path) -> None:
    result = runner.invoke(app, ["plan-actual", str(case_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == "minder-meerkosten" and data["years"] == [2027]
    row = next(r for r in data["costs"] if (r["entity"], r["category"]) == ("share", "software"))
    assert row["actual_eur"] == 15480000 and row["difference_eur"] == pytest.approx(
        row["actual_eur"] - row["plan_eur"], abs=0.011
    )
    assert {t["entity"] for t in data["cost_totals"]} == {"share", "gm9001", "gm9002"}
    assert data["benefits"][0]["benefit"] == "minder-uitval"
    assert len(data["indicators"]) == 7
    assert data["settlement"]["share"][0]["uncovered_eur"] == 0.0


def test_plan_actual_table_and_charts(case_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan-actual", str(case_file), "--charts", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Kosten: begroot en werkelijk" in result.stdout
    assert (tmp_path / "kosten-begroot-werkelijk.svg").read_text().startswith("<svg")
    assert (tmp_path / "baten-begroot-werkelijk.svg").exists()


def test_plan_actual_with_an_unknown_scenario_exits_with_2(case_file: Path) -> None:
    result = runner.invoke(app, ["plan-actual", str(case_file), "--scenario", "nergens"])
    assert result.exit_code == 2
    assert "Onbekend scenario 'nergens'" in result.output


def test_evaluation_prints_sentences_for_the_council(case_file: Path) -> None:
    result = runner.invoke(app, ["evaluation", str(case_file)])
    assert result.exit_code == 0, result.output
    assert "Evaluatie van 2027" in result.stdout
    data = json.loads(runner.invoke(app, ["evaluation", str(case_file), "-f", "json"]).stdout)
    assert data["year"] == 2027 and data["settlement"]


def test_benefits_network_writes_the_diagram(case_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "netwerk.svg"
    result = runner.invoke(app, ["benefits-network", str(case_file), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Effectieve gemeente" in output.read_text(encoding="utf-8")
    wrong = runner.invoke(app, ["benefits-network", str(case_file), "-o", str(tmp_path / "x.png")])
    assert wrong.exit_code == 2
