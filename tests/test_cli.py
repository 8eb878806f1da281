"""The command line: validate, calc, demo, schema; exit codes and Dutch messages."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from samenrekenen import cli
from samenrekenen.cli import app, write_atomic

runner = CliRunner()


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    result = runner.invoke(app, ["demo", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _demo_data(demo_file: Path) -> dict[str, Any]:
    data = yaml.safe_load(demo_file.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_demo_prints_yaml_that_parses() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert "participants" in data and "scenarios" in data


def test_validate_accepts_the_demo_with_a_summary(demo_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(demo_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Geldig: ")
    assert "deelnemers" in result.stdout and "looptijd" in result.stdout


def test_validate_reports_every_error_on_stderr_with_exit_2(
    demo_file: Path, tmp_path: Path
) -> None:
    data = _demo_data(demo_file)
    data["cooperation"]["horizon_years"] = 0
    data["participants"][0]["cbs_code"] = "XX12"
    bad = tmp_path / "fout.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "fout.yaml" in result.stderr
    assert "cooperation.horizon_years" in result.stderr
    assert "participants[0].cbs_code" in result.stderr
    assert "Traceback" not in result.output


def test_missing_case_file_is_a_dutch_message_with_exit_2(tmp_path: Path) -> None:
    for command in ("validate", "calc"):
        result = runner.invoke(app, [command, str(tmp_path / "bestaat-niet.yaml")])
        assert result.exit_code == 2
        assert "Bestand niet gevonden" in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_calc_prints_dutch_tables_stamped_with_versions(demo_file: Path) -> None:
    from samenrekenen.engine import ENGINE_VERSION

    result = runner.invoke(app, ["calc", str(demo_file)])
    assert result.exit_code == 0, result.output
    assert "Omslagpunt" in result.stdout
    assert "Terugverdientijd" in result.stdout
    assert "€ " in result.stdout
    assert f"Rekenkern {ENGINE_VERSION}" in result.stdout


def test_calc_in_thousands_labels_the_unit(demo_file: Path) -> None:
    result = runner.invoke(app, ["calc", str(demo_file), "--duizenden"])
    assert result.exit_code == 0, result.output
    assert "× € 1.000" in result.stdout


def test_calc_json_is_the_documented_document(demo_file: Path) -> None:
    from samenrekenen.engine import ENGINE_VERSION

    result = runner.invoke(app, ["calc", str(demo_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    data = json.loads(result.stdout)
    assert data["engine_version"] == ENGINE_VERSION
    assert data["years"] and data["scenarios"]
    participants = data["participants"]
    for scenario in data["scenarios"]:
        assert set(scenario["entities"]) == {*participants, "share"}
        assert "break_even_year" in scenario["consolidated"]["metrics"]


def test_calc_filters_on_scenario_and_participant(demo_file: Path) -> None:
    data = _demo_data(demo_file)
    scenario = data["scenarios"][-1]["id"]
    participant = data["participants"][0]["id"]
    result = runner.invoke(
        app,
        ["calc", str(demo_file), "-f", "json", "--scenario", scenario, "-p", participant],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [s["id"] for s in out["scenarios"]] == [scenario]
    assert list(out["scenarios"][0]["entities"]) == [participant]


def test_calc_csv_is_long_format(demo_file: Path) -> None:
    result = runner.invoke(app, ["calc", str(demo_file), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "scenario",
        "entity",
        "year",
        "cost",
        "difference",
        "cumulative_difference",
    ]
    assert rows[0]["entity"] == "consolidated"


def test_unknown_scenario_or_participant_lists_the_valid_ids(demo_file: Path) -> None:
    data = _demo_data(demo_file)
    result = runner.invoke(app, ["calc", str(demo_file), "--scenario", "bestaat-niet"])
    assert result.exit_code == 2
    assert "Onbekend scenario 'bestaat-niet'" in result.stderr
    assert all(s["id"] in result.stderr for s in data["scenarios"])
    result = runner.invoke(app, ["calc", str(demo_file), "--participant", "GMxxxx"])
    assert result.exit_code == 2
    assert "Onbekende deelnemer 'GMxxxx'" in result.stderr
    assert all(p["id"] in result.stderr for p in data["participants"])


def test_calc_writes_output_file(demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "uitkomst.json"
    result = runner.invoke(app, ["calc", str(demo_file), "-f", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["scenarios"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.yaml", "uitkomst.json"]


def test_unwritable_output_path_is_a_dutch_message_with_exit_2(
    demo_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "geen-map" / "uit.json"
    result = runner.invoke(app, ["calc", str(demo_file), "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    assert "Kan uitvoer niet schrijven" in result.stderr
    result = runner.invoke(app, ["demo", "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "is een map" in result.stderr


def test_output_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "uit.txt"
    target.write_text("oud", encoding="utf-8")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", broken_replace)
    with pytest.raises(cli.UserError, match="Kan uitvoer niet schrijven"):
        write_atomic(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.txt"]


def test_schema_prints_the_case_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "cooperation" in schema["properties"]


def test_help_is_dutch() -> None:
    result = runner.invoke(app, ["calc", "--help"])
    assert result.exit_code == 0
    assert "Bereken de business case" in result.stdout


def _console_script() -> str:
    script = Path(sys.executable).parent / "samenrekenen"
    if script.exists():
        return str(script)
    found = shutil.which("samenrekenen")
    if found is None:
        pytest.fail("console script 'samenrekenen' is not installed (pip install -e .)")
    return found


def test_installed_console_script_runs_demo_validate_and_calc(tmp_path: Path) -> None:
    script = _console_script()
    env = {**os.environ, "COLUMNS": "120"}
    demo = tmp_path / "demo.yaml"
    run = subprocess.run(
        [script, "demo", "--output", str(demo)], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run([script, "validate", str(demo)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Geldig: ")
    run = subprocess.run(
        [script, "calc", str(demo), "--format", "json"], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["scenarios"]
    run = subprocess.run(
        [script, "validate", str(tmp_path / "weg.yaml")], capture_output=True, text=True, env=env
    )
    assert run.returncode == 2
    assert "Bestand niet gevonden" in run.stderr
    assert "Traceback" not in run.stderr
