"""``samenrekenen guidance phases|forms|checklists``: the JSON shapes and the tables."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from samenrekenen.cli import app

REPO = Path(__file__).resolve().parents[2]
DEMO = str(REPO / "examples" / "demo.yaml")
runner = CliRunner()


def _json(*args: str) -> dict:
    result = runner.invoke(app, ["guidance", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_phases_json_has_exactly_the_documented_shape() -> None:
    data = _json("phases")
    assert list(data) == ["phases"]
    assert [p["id"] for p in data["phases"]] == ["0", "1", "2", "3", "4"]
    for phase in data["phases"]:
        assert list(phase) == ["id", "name", "activities", "gate", "agreement"]
        assert all(list(a) == ["id", "name"] for a in phase["activities"])
    assert data["phases"][0]["agreement"]["id"] == "principe-overeenkomst"
    assert data["phases"][4]["gate"] is None and data["phases"][4]["agreement"] is None


def test_phases_with_a_case_add_statuses_and_the_warning() -> None:
    data = _json("phases", DEMO)
    assert data["phases"][0]["activities"][0]["status"] == "done"
    assert data["one_year_warning"][0]["subject"] == "participants"
    assert data["timeline"][0]["start"] == "2025-03-01"


def test_forms_json_ranks_with_the_cases_weights() -> None:
    data = _json("forms", DEMO)
    assert data["ranking"][0]["id"] == "bedrijfsvoeringsorganisatie"
    weights = {c["id"]: c["weight"] for c in data["criteria"]}
    assert weights["zeggenschap"] == 2


def test_checklists_with_a_case_show_the_scale_notices() -> None:
    data = _json("checklists", DEMO)
    assert len(data["recommendations"]) == 9
    assert {n["rule"] for n in data["scale_notices"]} >= {"ssc-many-members", "small-participant"}


def test_tables_are_dutch() -> None:
    result = runner.invoke(app, ["guidance", "phases", DEMO])
    assert result.exit_code == 0
    assert (
        "Beginnend oriënteren" in result.stdout and "Planning van circa een jaar" in result.stdout
    )
    result = runner.invoke(app, ["guidance", "checklists", DEMO])
    assert "Schaalsignalen" in result.stdout


def test_an_invalid_case_fails_with_exit_code_2(tmp_path: Path) -> None:
    text = (REPO / "examples" / "demo.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "fout.yaml"
    bad.write_text(text.replace("  - code: I3\n", "  - code: I9\n"), encoding="utf-8")
    result = runner.invoke(app, ["guidance", "phases", str(bad)])
    assert result.exit_code == 2
    assert "formation.process_assignments[2].code: onbekende procescode 'I9'" in result.output


def test_the_content_schema_is_json() -> None:
    result = runner.invoke(app, ["guidance", "schema"])
    assert result.exit_code == 0
    assert "phases.yaml" in json.loads(result.stdout)
