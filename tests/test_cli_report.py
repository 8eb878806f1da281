"""The command line's ``report`` command: the council report as HTML or PDF, written to a file
all-or-nothing, with Dutch messages and exit code 2 for a user's mistake. The PDF itself is
tested in ``tests/report/test_council_report.py``; here WeasyPrint is replaced by a stub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from samenrekenen import cli, cli_report
from samenrekenen.cli import UserError
from samenrekenen.demo import demo_yaml
from samenrekenen.format import THOUSANDS_LABEL
from samenrekenen.report import council

runner = CliRunner()
app = typer.Typer()
app.command("report")(cli_report.report)


@app.callback()
def _root() -> None:
    """The ``report`` command under its own name, as ``samenrekenen`` registers it."""


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-rapport") / "demo.yaml"
    path.write_text(demo_yaml(), encoding="utf-8")
    return path


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the PDF renderer; the calls' options are recorded."""
    calls: list[dict[str, Any]] = []

    def render(case: Any, **options: Any) -> bytes:
        calls.append(options)
        return b"%PDF-1.7 nep"

    monkeypatch.setattr(council, "report_pdf", render)
    return calls


def test_html_is_written_with_label_mark_and_thousands(demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "raadsbijlage.html"
    answer = runner.invoke(
        app,
        [
            "report",
            str(demo_file),
            "--format",
            "html",
            "--output",
            str(target),
            "--version-label",
            "Raad 12 maart",
            "--confidential",
            "Vertrouwelijk",
            "--thousands",
        ],
    )
    assert answer.exit_code == 0, answer.output
    html = target.read_text(encoding="utf-8")
    assert "Casusversie Raad 12 maart" in html and ">Vertrouwelijk<" in html
    assert f"({THOUSANDS_LABEL})" in html
    assert f"Geschreven: {target}" in answer.stderr


def test_pdf_is_the_default_and_goes_next_to_the_working_directory(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_pdf: list[dict[str, Any]]
) -> None:
    monkeypatch.chdir(tmp_path)
    answer = runner.invoke(app, ["report", str(demo_file), "--confidential", "Geheim"])
    assert answer.exit_code == 0, answer.output
    assert (tmp_path / "demo.pdf").read_bytes() == b"%PDF-1.7 nep"
    assert fake_pdf == [{"version_label": None, "confidential": "Geheim", "thousands": False}]
    assert list(tmp_path.iterdir()) == [tmp_path / "demo.pdf"]  # no temporary file left


def test_an_unknown_format_is_refused_in_dutch(demo_file: Path) -> None:
    answer = runner.invoke(app, ["report", str(demo_file), "--format", "docx"])
    assert answer.exit_code == 2
    assert 'Onbekende uitvoervorm "docx": kies pdf of html.' in answer.stderr


def test_a_missing_case_file_is_refused(tmp_path: Path) -> None:
    answer = runner.invoke(app, ["report", str(tmp_path / "weg.yaml")])
    assert answer.exit_code == 2
    assert "Bestand niet gevonden" in answer.stderr


def test_an_output_in_a_missing_folder_is_refused_before_rendering(
    demo_file: Path, tmp_path: Path, fake_pdf: list[dict[str, Any]]
) -> None:
    target = tmp_path / "bestaat-niet" / "rapport.pdf"
    answer = runner.invoke(app, ["report", str(demo_file), "--output", str(target)])
    assert answer.exit_code == 2
    message = f"Kan uitvoer niet schrijven: de map {target.parent} bestaat niet."
    assert message in answer.stderr
    assert fake_pdf == [] and not target.parent.exists()


def test_an_output_that_is_a_folder_is_refused(
    demo_file: Path, tmp_path: Path, fake_pdf: list[dict[str, Any]]
) -> None:
    answer = runner.invoke(app, ["report", str(demo_file), "--output", str(tmp_path)])
    assert answer.exit_code == 2
    assert f"Kan uitvoer niet schrijven: {tmp_path} is een map." in answer.stderr


def test_an_unwritable_folder_leaves_no_file(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli.tempfile, "NamedTemporaryFile", refuse)
    target = tmp_path / "rapport.pdf"
    with pytest.raises(UserError, match="geen schrijfrechten"):
        cli.write_atomic(target, b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_weasyprint_is_a_dutch_message(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(case: Any, **options: Any) -> bytes:
        raise council.PdfUnavailableError("Een PDF maken lukt hier niet: pango ontbreekt.")

    monkeypatch.setattr(council, "report_pdf", unavailable)
    answer = runner.invoke(app, ["report", str(demo_file), "-o", str(tmp_path / "r.pdf")])
    assert answer.exit_code == 2
    assert "Een PDF maken lukt hier niet: pango ontbreekt." in answer.stderr
    assert not (tmp_path / "r.pdf").exists()
