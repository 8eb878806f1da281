"""The two phase-1 reports (004 Bijlage 4) through the report machinery, and the council
report's section *Proces en besturing*."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from components import unavailable

from samenrekenen.demo import demo_case
from samenrekenen.guidance import content
from samenrekenen.guidance.content import OutlineSection
from samenrekenen.model import Case
from samenrekenen.report.council import PdfUnavailableError, report_html
from samenrekenen.report.phase_reports import (
    GUIDANCE_LEAD,
    phase_report_html,
    phase_report_pdf,
    report_title,
)

TODAY = dt.date(2026, 12, 1)
KINDS = ("exploration", "programme")


@pytest.fixture(scope="module")
def demo() -> Case:
    return demo_case()


def _titles(kind: str) -> list[str]:
    outlines = content.outlines()
    outline = outlines.exploration_report if kind == "exploration" else outlines.programme_plan

    def walk(sections: list[OutlineSection]) -> list[str]:
        return [t for s in sections for t in (f"{s.number} {s.title}".strip(), *walk(s.sections))]

    return walk(outline.sections)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.mark.parametrize("kind", KINDS)
def test_html_has_every_bijlage_4_title_and_the_participants(demo: Case, kind: str) -> None:
    page = _flat(phase_report_html(demo, kind, today=TODAY))
    assert f"<title>{report_title(kind)} {demo.cooperation.name}</title>" in page
    for title in _titles(kind):
        assert f">{title}<" in page, title
    for participant in demo.participants:
        assert participant.name in page
    assert GUIDANCE_LEAD in page and "1 december 2026" in page


def test_the_exploration_report_fills_the_business_case_from_the_engine(demo: Case) -> None:
    page = _flat(phase_report_html(demo, "exploration", today=TODAY))
    assert "Business case per scenario" in page and "Deelnemers en nulmeting" in page
    assert "Bedrijfsvoeringsorganisatie (Wgr)" in page  # the chosen legal form


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_renders_and_has_the_titles(demo: Case, kind: str, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext ontbreekt (Debian-pakket poppler-utils)")
    try:
        data = phase_report_pdf(demo, kind, today=TODAY)
    except PdfUnavailableError as error:
        unavailable(str(error))
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    for title in _titles(kind)[:6]:
        assert title in flat, title
    assert demo.participants[0].name in flat


def test_an_unknown_kind_is_refused(demo: Case) -> None:
    with pytest.raises(KeyError):
        phase_report_html(demo, "onbekend")


def test_the_council_report_has_the_process_section(demo: Case) -> None:
    page = _flat(report_html(demo, today=TODAY))
    assert 'id="sectie-proces"' in page and "Proces en besturing" in page
    assert "Fasen, activiteiten en go/no-go-besluiten" in page
    without = demo.model_copy(update={"formation": None})
    assert 'id="sectie-proces"' not in _flat(report_html(without, today=TODAY))
