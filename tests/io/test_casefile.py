"""Specification of reading and writing case files (samenrekenen.io.casefile, .migrations)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from samenrekenen.demo import demo_case
from samenrekenen.io import casefile, migrations
from samenrekenen.io.casefile import (
    CaseFileError,
    dump_case,
    line_of,
    load_case,
    parse_case,
    parse_stored,
    save_case,
    validate_document,
)
from samenrekenen.model import case as case_module

CASE_YAML = """\
schema_version: 1
cooperation:
  name: ICT-samenwerking
  first_year: 2026
  horizon_years: 10
  objectives:
    - id: innovatie
      name: Innovatie
participants:
  - id: gm0001
    name: Gemeente Een
    drivers:
      inhabitants: 50000
      workplaces: {2026: 400, 2030: 420}
    depreciation_terms:
      werkplek: 4
    baseline:
      status: validated
      costs:
        - category: werkplek
          visible_eur: 100000
      assets:
        - id: laptops
          category: werkplek
          purchase_year: 2023
          amount_eur: 50000
  - id: gm0002
    name: Gemeente Twee
    drivers:
      inhabitants: 30000
scenarios:
  - id: alleen
    name: Ongewijzigd beleid
    is_baseline: true
    objectives_not_reached: [innovatie]
  - id: samen
    name: Samen
    phases:
      - id: f1
        go_live: 2027-07-01
        share_pct: 100
    transfers:
      - id: knip
        values: {2027: 100}
    investments:
      - id: platform
        category: servers_storage
        method: annuity
        values:
          2027: 500000
    asset_retirements:
      - id: weg
        participant: gm0001
        asset: laptops
        year: 2028
"""
"""A valid case; the line numbers below refer to it."""


def _line_with(text: str) -> int:
    """The line number (1-based) of the only line of CASE_YAML that is ``text`` when stripped."""
    [number] = [i for i, line in enumerate(CASE_YAML.splitlines(), 1) if line.strip() == text]
    return number


INVESTMENT_YEAR_LINE = _line_with("2027: 500000")
RETIREMENT_ASSET_LINE = _line_with("asset: laptops")


def _raises(text: str, fmt: str = "yaml") -> CaseFileError:
    with pytest.raises(CaseFileError) as raised:
        parse_case(text, fmt, "demo.yaml")
    return raised.value


def test_valid_yaml_loads() -> None:
    case = parse_case(CASE_YAML, "yaml")
    assert case.scenarios[1].investments[0].values == {2027: 500000}
    assert case.participants[0].drivers["workplaces"] == {2026: 400, 2030: 420}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_and_parse_round_trip(fmt: str) -> None:
    case = parse_case(CASE_YAML, "yaml")
    assert parse_case(dump_case(case, fmt), fmt) == case


def test_yaml_dump_writes_years_as_numbers_and_json_as_strings() -> None:
    case = parse_case(CASE_YAML, "yaml")
    assert "2027: 500000" in dump_case(case, "yaml")
    assert '"2027": 500000' in dump_case(case, "json")
    assert "go_live: 2027-07-01" in dump_case(case, "yaml")


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_save_and_load_by_suffix(tmp_path: Path, suffix: str) -> None:
    case = parse_case(CASE_YAML, "yaml")
    path = tmp_path / f"case{suffix}"
    save_case(case, path)
    assert load_case(path) == case
    assert load_case(str(path)) == case
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_json_with_string_year_keys_loads() -> None:
    data = yaml.safe_load(CASE_YAML)
    text = json.dumps(data, default=str)
    case = parse_case(text, "json")
    assert case.scenarios[1].investments[0].values == {2027: 500000}


# --- errors with lines -------------------------------------------------------------------------


def test_semantic_error_carries_the_yaml_line() -> None:
    text = CASE_YAML.replace("asset: laptops", "asset: servers")
    error = _raises(text).errors[0]
    assert error.line == RETIREMENT_ASSET_LINE
    assert error.format("demo.yaml") == (
        f"demo.yaml:{RETIREMENT_ASSET_LINE}: scenarios[1].asset_retirements[0].asset: "
        "deelnemer 'gm0001' heeft geen activum 'servers'; kies een van: laptops"
    )


def test_year_outside_the_horizon_carries_the_line_of_the_year() -> None:
    text = CASE_YAML.replace("2027: 500000", "1800: 500000")
    [error] = _raises(text).errors
    assert error.path == "scenarios[1].investments[0].values.1800"
    assert error.line == INVESTMENT_YEAR_LINE
    assert error.message == "jaar 1800 ligt buiten de looptijd 2026–2035"


def test_pydantic_error_carries_the_yaml_line() -> None:
    text = CASE_YAML.replace("2027: 500000", '2027: "12,5k"')
    [error] = _raises(text).errors
    assert error.line == INVESTMENT_YEAR_LINE
    assert error.format("demo.yaml").startswith(
        f'demo.yaml:{INVESTMENT_YEAR_LINE}: scenarios[1].investments[0].values.2027: "12,5k" '
        "is geen geldig getal"
    )


def test_missing_field_points_at_the_enclosing_block() -> None:
    text = CASE_YAML.replace("    name: Gemeente Twee\n", "")
    [error] = _raises(text).errors
    assert error.path == "participants[1].name"
    assert error.line == CASE_YAML.splitlines().index("  - id: gm0002") + 1


def test_json_errors_carry_lines_too() -> None:
    data = yaml.safe_load(CASE_YAML)
    data["scenarios"][1]["asset_retirements"][0]["asset"] = "servers"
    text = json.dumps(data, default=str, indent=2)
    [error] = _raises(text, "json").errors
    line = text.splitlines()[error.line - 1] if error.line else ""
    assert line.strip() == '"asset": "servers",'


def test_every_error_of_a_file_is_reported_at_once() -> None:
    text = (
        CASE_YAML.replace("first_year: 2026", "first_year: 2026x")
        .replace("status: validated", "status: klaar")
        .replace("go_live: 2027-07-01", "go_live: 1 juli")
        .replace("    name: Samen\n", "    name: Samen\n    colour: red\n")
    )
    errors = _raises(text).errors
    assert [e.path for e in errors] == [
        "cooperation.first_year",
        "participants[0].baseline.status",
        "scenarios[1].colour",
        "scenarios[1].phases[0].go_live",
    ]
    assert all(e.line is not None for e in errors)
    assert [e.line for e in errors] == sorted(e.line or 0 for e in errors)


def test_every_semantic_error_is_reported_at_once() -> None:
    text = (
        CASE_YAML.replace("asset: laptops", "asset: servers")
        .replace("2027: 500000", "1800: 500000")
        .replace("objectives_not_reached: [innovatie]", "objectives_not_reached: [snel]")
    )
    errors = _raises(text).errors
    assert len(errors) == 3
    assert str(_raises(text)).count("demo.yaml:") == 3


def test_yaml_syntax_error_has_a_dutch_message_and_line() -> None:
    text = CASE_YAML.replace("  horizon_years: 10", "  horizon_years: 10: 12")
    [error] = _raises(text).errors
    assert error.line == 5
    assert error.message.startswith("ongeldige YAML: een ':' staat hier niet op zijn plaats")


def test_yaml_tab_indentation() -> None:
    [error] = _raises("schema_version: 1\ncooperation:\n\tname: x\n").errors
    assert error.line == 3
    assert "tab" in error.message


def test_json_syntax_error_has_a_dutch_message_and_line() -> None:
    [error] = _raises('{\n  "schema_version": 1,\n  "cooperation": {,\n}', "json").errors
    assert error.line == 3
    assert error.message.startswith("ongeldige JSON (kolom 19): hier hoort een sleutel")


def test_unsafe_yaml_tags_are_refused() -> None:
    [error] = _raises("schema_version: !!python/object/apply:os.system [ls]\n").errors
    assert "tag" in error.message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_duplicate_keys_are_reported(fmt: str) -> None:
    text = CASE_YAML.replace("  horizon_years: 10", "  horizon_years: 10\n  horizon_years: 8")
    if fmt == "json":
        text = '{"schema_version": 1,\n "schema_version": 1}'
    errors = _raises(text, fmt).errors
    assert errors[0].line == (6 if fmt == "yaml" else 2)
    assert "staat hier twee keer (ook op regel" in errors[0].message


@pytest.mark.parametrize("text", ["", "   \n", "- a\n- b\n", "just text"])
def test_file_without_a_case(text: str) -> None:
    [error] = _raises(text).errors
    assert error.message.startswith(("het bestand is leeg", "het bestand bevat geen case"))


def test_nan_is_not_a_number() -> None:
    text = CASE_YAML.replace("2027: 500000", "2027: .nan")
    errors = _raises(text).errors
    assert errors[0].path == "scenarios[1].investments[0].values.2027"
    assert "geen eindig getal" in errors[0].message


# --- schema_version and migrations ---------------------------------------------------------


def test_missing_schema_version() -> None:
    [error] = _raises(CASE_YAML.replace("schema_version: 1\n", "")).errors
    assert error.path == "schema_version"
    assert error.message == "schema_version ontbreekt; voeg 'schema_version: 1' toe"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("2", "schema_version 2 is nieuwer dan deze versie van samenrekenen kan lezen (versie 1)"),
        ("0", "schema_version 0 bestaat niet; ondersteund: versie 1"),
        ('"1"', "schema_version '1' is geen geheel getal"),
        ("true", "schema_version True is geen geheel getal"),
    ],
)
def test_unknown_schema_version(version: str, expected: str) -> None:
    [error] = _raises(CASE_YAML.replace("schema_version: 1", f"schema_version: {version}")).errors
    assert error.line == 1
    assert error.message.startswith(expected)


def _rename_title(data: dict[str, Any]) -> dict[str, Any]:
    data["cooperation"]["name"] = data["cooperation"].pop("title")
    return data


def test_migrations_upgrade_old_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, _rename_title)
    old = CASE_YAML.replace("  name: ICT-samenwerking", "  title: ICT-samenwerking")
    case = parse_case(old, "yaml")
    assert case.cooperation.name == "ICT-samenwerking"
    assert case.schema_version == 2
    assert "schema_version: 2" in dump_case(case, "yaml")


def test_migrate_leaves_its_input_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, _rename_title)
    data = {"schema_version": 1, "cooperation": {"title": "x"}}
    assert migrations.migrate(data) == {"schema_version": 2, "cooperation": {"name": "x"}}
    assert data == {"schema_version": 1, "cooperation": {"title": "x"}}


def test_missing_migration_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_module, "SCHEMA_VERSION", 2)
    [error] = _raises(CASE_YAML).errors
    assert error.message.startswith("schema_version 1 kan niet worden omgezet naar versie 2")


def test_current_version_needs_no_migration() -> None:
    assert migrations.MIGRATIONS.keys() <= set(range(1, case_module.SCHEMA_VERSION))
    assert migrations.migrate({"schema_version": 1}) == {"schema_version": 1}


# --- files ---------------------------------------------------------------------------------


def test_load_reports_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(CASE_YAML.replace("asset: laptops", "asset: servers"), encoding="utf-8")
    with pytest.raises(CaseFileError) as raised:
        load_case(path)
    assert raised.value.file == str(path)
    assert str(raised.value).startswith(f"{path}:{RETIREMENT_ASSET_LINE}: ")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("case.txt", "onbekend bestandstype '.txt'"), ("absent.yaml", "het bestand bestaat niet")],
)
def test_load_problems_are_dutch(tmp_path: Path, name: str, expected: str) -> None:
    (tmp_path / "case.txt").write_text(CASE_YAML, encoding="utf-8")
    with pytest.raises(CaseFileError) as raised:
        load_case(tmp_path / name)
    assert raised.value.errors[0].message.startswith(expected)


def test_load_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("\ufeff" + CASE_YAML, encoding="utf-8")
    assert load_case(path).cooperation.name == "ICT-samenwerking"


def test_save_is_atomic_when_serialising_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("old content\n", encoding="utf-8")
    case = parse_case(CASE_YAML, "yaml")

    def broken(*args: object) -> str:
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr(casefile, "dump_case", broken)
    with pytest.raises(RuntimeError):
        save_case(case, path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["case.yaml"]


def test_save_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "case.json"
    path.write_text("{}\n", encoding="utf-8")
    case = parse_case(CASE_YAML, "yaml")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        save_case(case, path)
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_save_keeps_the_permissions_of_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o640)
    save_case(parse_case(CASE_YAML, "yaml"), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_line_of_handles_keys_with_dots() -> None:
    text = "a:\n  b.c:\n    - 1\n    - x: 2\n  b: 3\n"
    tree = casefile._parse_yaml(text).tree
    assert tree is not None
    assert line_of(tree, "a.b.c[1].x") == 4
    assert line_of(tree, "a.b") == 5
    assert line_of(tree, "a.missing") == 1
    assert line_of(tree, "") is None


def test_the_example_in_the_documentation_is_valid() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "case-file.md"
    example = doc.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    case = parse_case(example, "yaml", "docs/case-file.md")
    assert [s.id for s in case.scenarios] == ["alleen", "samen"]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('a: "\\q"', "yaml"),
        ("a: @x", "yaml"),
        ("a: 1\n---\nb: 2", "yaml"),
        ("a: &x 1\nb: &x 2", "yaml"),
        ("a: [1, 2}", "yaml"),
        ("a:\n  - 1\n  b: 2", "yaml"),
        ("a: *nothing", "yaml"),
        ('{"a": 1,}', "json"),
        ('{"a" 1}', "json"),
        ("[1 2]", "json"),
        ('{"a": "x', "json"),
        ('{"a": 1} x', "json"),
        ('{"a": tru}', "json"),
        ('{"a": "\\q"}', "json"),
    ],
)
def test_syntax_errors_are_dutch(text: str, fmt: str) -> None:
    [error] = _raises(text, fmt).errors
    assert error.line is not None
    assert error.message.startswith(f"ongeldige {fmt.upper()}")
    english = ("expected", "found", "while", "Expecting", "Invalid", "Unterminated", "Extra")
    assert not any(word in error.message for word in english), error


def test_a_stored_document_parses_to_the_case_that_validation_gave() -> None:
    document = demo_case().model_dump(mode="json", exclude_none=True)
    assert parse_stored(document) == validate_document(document)
