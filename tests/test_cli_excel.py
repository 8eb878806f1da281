"""The command line for the Excel data-collection template: ``excel template`` and
``excel import`` (samenrekenen.cli_excel)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from samenrekenen.cli_excel import excel_app
from samenrekenen.io.casefile import load_case

runner = CliRunner()
app = typer.Typer()
app.add_typer(excel_app, name="excel")


CASE_YAML = """\
schema_version: 1
cooperation: {name: ICT-samenwerking Klein, first_year: 2026}
participants:
  - id: gm0001
    name: Gemeente Een
    drivers: {inhabitants: 50000}
    baseline:
      costs: [{category: werkplek, visible_eur: 100000}]
      assets: [{id: laptops, category: werkplek, purchase_year: 2024, amount_eur: 40000}]
  - id: gm0002
    name: Gemeente Twee
scenarios:
  - {id: alleen, name: Ongewijzigd beleid, is_baseline: true}
"""


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "casus.yaml"
    path.write_text(CASE_YAML, encoding="utf-8")
    return path


def _template(case_file: Path, tmp_path: Path, participant: str = "gm0001") -> Path:
    output = tmp_path / f"{participant}.xlsx"
    result = runner.invoke(
        app, ["excel", "template", str(case_file), "--participant", participant, "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    return output


def _set(workbook: Path, sheet: str, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


def test_template_writes_the_participants_workbook(case_file: Path, tmp_path: Path) -> None:
    output = _template(case_file, tmp_path, "gm0002")
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    assert book["Identificatie"]["B6"].value == "gm0002"
    assert not list(tmp_path.glob(".*.tmp"))


def test_template_refuses_an_unknown_participant_and_a_wrong_extension(
    case_file: Path, tmp_path: Path
) -> None:
    unknown = runner.invoke(
        app, ["excel", "template", str(case_file), "-p", "gm0000", "-o", str(tmp_path / "x.xlsx")]
    )
    assert unknown.exit_code == 2
    assert "gm0000" in unknown.stderr and not (tmp_path / "x.xlsx").exists()
    wrong = runner.invoke(
        app, ["excel", "template", str(case_file), "-p", "gm0001", "-o", str(tmp_path / "x.xls")]
    )
    assert wrong.exit_code == 2
    assert "gebruik de extensie .xlsx" in wrong.stderr


def test_import_rewrites_the_case_file_when_the_import_succeeds(
    case_file: Path, tmp_path: Path
) -> None:
    workbook = _template(case_file, tmp_path)
    _set(workbook, "Nulmeting", "C5", "70.000")
    result = runner.invoke(app, ["excel", "import", str(case_file), str(workbook)])
    assert result.exit_code == 0, result.output
    assert f"geschreven: {case_file}" in result.stderr
    assert load_case(case_file).participants[0].baseline.costs[0].visible_eur == 70000


def test_import_with_output_leaves_the_case_file_alone(case_file: Path, tmp_path: Path) -> None:
    workbook = _template(case_file, tmp_path)
    _set(workbook, "Nulmeting", "C5", "70,000.50")
    before = case_file.read_bytes()
    output = tmp_path / "nieuw.json"
    result = runner.invoke(
        app,
        ["excel", "import", str(case_file), str(workbook), "-o", str(output), "--notation", "en"],
    )
    assert result.exit_code == 0, result.output
    assert case_file.read_bytes() == before
    assert load_case(output).participants[0].baseline.costs[0].visible_eur == 70000.5


def test_import_with_problems_lists_them_all_and_changes_nothing(
    case_file: Path, tmp_path: Path
) -> None:
    workbook = _template(case_file, tmp_path)
    _set(workbook, "Nulmeting", "C5", "12.5k")
    _set(workbook, "Activa", "E5", -5)
    before = case_file.read_bytes()
    result = runner.invoke(app, ["excel", "import", str(case_file), str(workbook)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Niet ingelezen: {workbook} (2 problemen); de casus is niet gewijzigd."
    assert lines[1].startswith('Nulmeting!C5: "12.5k" is geen bedrag')
    assert lines[2].startswith("Activa!E5: -5 is negatief")
    assert case_file.read_bytes() == before
    assert "Traceback" not in result.output


def test_import_refuses_an_unknown_notation_a_missing_file_and_a_non_workbook(
    case_file: Path, tmp_path: Path
) -> None:
    workbook = _template(case_file, tmp_path)
    notation = runner.invoke(
        app, ["excel", "import", str(case_file), str(workbook), "--notation", "de"]
    )
    assert notation.exit_code == 2 and 'Onbekende notatie "de"' in notation.stderr
    missing = runner.invoke(app, ["excel", "import", str(case_file), str(tmp_path / "weg.xlsx")])
    assert missing.exit_code == 2 and "Bestand niet gevonden" in missing.stderr
    text = tmp_path / "nulmeting.csv"
    text.write_text("categorie;bedrag\n", encoding="utf-8")
    refused = runner.invoke(app, ["excel", "import", str(case_file), str(text)])
    assert refused.exit_code == 2 and "geen Excel-werkmap (.xlsx)" in refused.stderr


def test_import_refuses_a_workbook_over_20_mb_without_reading_it(
    case_file: Path, tmp_path: Path
) -> None:
    large = tmp_path / "groot.xlsx"
    with large.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written
    result = runner.invoke(app, ["excel", "import", str(case_file), str(large)])
    assert result.exit_code == 2
    assert "een werkmap mag hoogstens 20 MB zijn" in result.stderr


def test_export_writes_the_workbook_with_live_formulas(case_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "controle.xlsx"
    result = runner.invoke(app, ["excel", "export", str(case_file), "--output", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    formulas = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert len(formulas) > 20
    wrong = runner.invoke(
        app, ["excel", "export", str(case_file), "--output", str(tmp_path / "x.csv")]
    )
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output
