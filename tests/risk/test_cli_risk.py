"""The command line's risk commands: ``montecarlo`` and ``sensitivity``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from samenrekenen.cli import app

runner = CliRunner()
SCENARIO = "minder-meerkosten"
PERCENTILES = {"p10", "p50", "p90"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.yaml"
    result = runner.invoke(app, ["demo", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_montecarlo_json_has_the_probability_and_percentiles_per_entity(demo_file: Path) -> None:
    args = ["montecarlo", str(demo_file), "--scenario", SCENARIO, "--draws", "400"]
    result = runner.invoke(app, [*args, "--seed", "9", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["scenario"]["id"], data["draws"], data["seed"]) == (SCENARIO, 400, 9)
    entities = data["entities"]
    assert len(entities) == 10
    for entry in [data["consolidated"], *entities.values()]:
        assert 0 <= entry["p_positive"] <= 1
        assert set(entry["npv_percentiles"]) == PERCENTILES
        assert set(entry["break_even_percentiles"]) == PERCENTILES
        p10, p50, p90 = (entry["npv_percentiles"][k] for k in ("p10", "p50", "p90"))
        assert p10 <= p50 <= p90
        assert sum(entry["histograms"]["npv"]["counts"]) == 400
        assert len(entry["fan"]["p50"]) == len(data["years"])
    assert 0 < data["consolidated"]["p_positive"] < 1  # the demo shows a chance of success
    again = runner.invoke(app, [*args, "--seed", "9", "--format", "json"])
    assert json.loads(again.stdout) == data


def test_montecarlo_table_is_dutch(demo_file: Path) -> None:
    result = runner.invoke(app, ["montecarlo", str(demo_file), "--draws", "200", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "Kans op een positieve business case" in result.stdout
    assert "200 trekkingen" in result.stdout
    assert "Risicoregister: 4 risico's" in result.stdout


def test_sensitivity_json_has_a_sorted_tornado_and_thresholds(demo_file: Path) -> None:
    result = runner.invoke(
        app, ["sensitivity", str(demo_file), "--scenario", SCENARIO, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    swings = [bar["swing"] for bar in data["consolidated"]["tornado"]]
    assert swings == sorted(swings, reverse=True)
    assert set(data["consolidated"]["break_even"]) == {
        "delay_months",
        "cost_overrun_pct",
        "benefit_shortfall_pct",
    }
    assert set(data["entities"]) == {f"gm90{i:02d}" for i in range(1, 11)}


def test_sensitivity_table_says_what_makes_the_case_negative(demo_file: Path) -> None:
    args = ["sensitivity", str(demo_file), "--scenario", SCENARIO]
    result = runner.invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Tornado" in result.stdout
    assert "niet binnen bereik" in result.stdout


@pytest.mark.parametrize("command", ["montecarlo", "sensitivity"])
def test_an_unknown_scenario_or_format_is_a_dutch_error(demo_file: Path, command: str) -> None:
    unknown = runner.invoke(app, [command, str(demo_file), "--scenario", "nergens"])
    assert unknown.exit_code == 2
    assert "onbekend scenario 'nergens'" in unknown.output
    baseline = runner.invoke(app, [command, str(demo_file), "--scenario", "ongewijzigd-beleid"])
    assert baseline.exit_code == 2
    assert "ongewijzigd beleid zelf" in baseline.output
    wrong = runner.invoke(app, [command, str(demo_file), "--format", "csv"])
    assert wrong.exit_code == 2
    assert "kies table of json" in wrong.output


def test_an_invalid_bandwidth_stops_the_command_with_its_place(
    demo_file: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(demo_file.read_text(encoding="utf-8"))
    data["uncertainty"]["bandwidths"][0]["low"] = 9e9
    path = tmp_path / "fout.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["montecarlo", str(path)])
    assert result.exit_code == 2
    assert "uncertainty.bandwidths[0].low: laag (9000000000) is groter" in result.output
