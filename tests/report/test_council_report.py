"""The council report: every section in the PDF and in the HTML, the key numbers exactly as the
engine computes them and ``samenrekenen.format`` formats them, the stamp and the
confidentiality mark on every page, pages that render, escaped user text, and sections that
later modules register. The demo's PDF is rendered once for the module (WeasyPrint is slow).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from components import unavailable
from PIL import Image

from samenrekenen.demo import demo_case
from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.engine.results import CaseResult, Component, EntityResult, ScenarioResult
from samenrekenen.format import THOUSANDS_LABEL, format_eur, format_pct, format_year_or_none
from samenrekenen.io.casefile import load_case
from samenrekenen.model import Case
from samenrekenen.report import sections
from samenrekenen.report.council import (
    Breach,
    PdfUnavailableError,
    ReportContext,
    build_sections,
    date_text,
    decision_question,
    recommendation,
    report_context,
    report_html,
    report_pdf,
)
from samenrekenen.report.sections import (
    Paragraph,
    SectionContent,
    register_section,
    registered_sections,
    unregister_section,
)

TODAY = dt.date(2026, 3, 4)
MARK = "Vertrouwelijk"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _flat(text: str) -> str:
    """Text with every run of white space as one space (layout puts columns apart)."""
    return " ".join(text.split())


def _break_even(entity: EntityResult) -> str:
    metrics = entity.metrics
    text = format_year_or_none(metrics.break_even_year)
    return f"{text} (schatting)" if metrics.break_even_is_estimate else text


def _cooperation(result: CaseResult) -> list[ScenarioResult]:
    return [s for s in result.scenarios if not s.is_baseline]


@pytest.fixture(scope="module")
def demo() -> Case:
    return demo_case()


@pytest.fixture(scope="module")
def result(demo: Case) -> CaseResult:
    return calculate(demo)


@pytest.fixture(scope="module")
def context(demo: Case, result: CaseResult) -> ReportContext:
    return report_context(demo, confidential=MARK, today=TODAY, result=result)


@pytest.fixture(scope="module")
def html(demo: Case, result: CaseResult) -> str:
    return report_html(demo, confidential=MARK, today=TODAY, result=result)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory, demo: Case, result: CaseResult) -> Path:
    for tool in ("pdftotext", "pdftoppm", "pdfinfo"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} ontbreekt (Debian-pakket poppler-utils)")
    try:
        data = report_pdf(demo, confidential=MARK, today=TODAY, result=result)
    except PdfUnavailableError as error:
        unavailable(str(error))
    path = tmp_path_factory.mktemp("raadsbijlage") / "demo.pdf"
    path.write_bytes(data)
    return path


def _pdftotext(path: Path, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    command = ["pdftotext", "-layout", *span, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pages(pdf_file: Path) -> list[str]:
    """Every page's text, each read on its own (``pdftotext -f N -l N``)."""
    count = _pdftotext(pdf_file).count("\f")
    return [_pdftotext(pdf_file, n) for n in range(1, count + 1)]


def _expected_headings() -> list[str]:
    """Number and title of every registered section, as the demo prints them (every built-in
    section applies to the demo)."""
    headings, counts = [], {False: 0, True: 0}
    for section in registered_sections():
        counts[section.annex] += 1
        n = counts[section.annex]
        number = f"Bijlage {chr(ord('A') + n - 1)}" if section.annex else str(n)
        headings.append(f"{number} {section.title}")
    return headings


def _toc_pages(pages: list[str]) -> dict[str, int]:
    """The page of every heading in the table of contents."""
    toc = _flat(pages[1])
    assert "Inhoud" in toc
    found = {}
    for heading in _expected_headings():
        match = re.search(re.escape(heading) + r" ?\.{3,} ?(\d+)", toc)
        assert match, f"'{heading}' ontbreekt in de inhoudsopgave"
        found[heading] = int(match.group(1))
    return found


def _page_of(toc: dict[str, int], title: str) -> int:
    """The page of the numbered section called ``title`` (numbers follow the registry)."""
    return next(page for heading, page in toc.items() if heading.split(" ", 1)[1] == title)


# --- the PDF ----------------------------------------------------------------------------------


def test_pdf_has_every_section_on_the_page_its_table_of_contents_says(pages: list[str]) -> None:
    toc = _toc_pages(pages)
    assert list(toc.values()) == sorted(toc.values())
    for heading, page in toc.items():
        assert heading in _flat(pages[page - 1]), f"'{heading}' staat niet op pagina {page}"


def test_every_page_carries_the_stamp_the_mark_and_its_number(pages: list[str]) -> None:
    stamp = f"Casusversie Demo 1.0 (fictief) · rekenkern {ENGINE_VERSION} · {date_text(TODAY)}"
    assert date_text(TODAY) == "4 maart 2026"
    for number, text in enumerate(pages, start=1):
        flat = _flat(text)
        assert stamp in flat, f"pagina {number} mist de versie en datum"
        assert MARK in flat, f"pagina {number} mist de markering"
        assert f"Pagina {number} van {len(pages)}" in flat


def test_key_figures_per_scenario_are_the_engines(pages: list[str], result: CaseResult) -> None:
    toc = _toc_pages(pages)
    summary = _flat(
        " ".join(
            pages[
                toc["1 Samenvatting en advies"] - 1 : toc[
                    "2 Uitgangssituatie: nulmeting en benchmark"
                ]
                - 1
            ]
        )
    )
    for scenario in _cooperation(result):
        consolidated = scenario.consolidated
        row = " ".join(
            (
                format_eur(float(consolidated.cumulative_difference[-1])),
                _break_even(consolidated),
                format_pct(consolidated.metrics.savings_pct),
            )
        )
        assert row in summary, f"{scenario.id}: '{row}' ontbreekt in de samenvatting"


def test_advice_names_the_best_scenario_and_its_result(
    pages: list[str], result: CaseResult
) -> None:
    best = min(_cooperation(result), key=lambda s: s.consolidated.cumulative_difference[-1])
    summary = _flat(pages[2])
    cumulative = format_eur(float(best.consolidated.cumulative_difference[-1]))
    assert f"{best.name} levert over 2026–2035 geconsolideerd het meeste op" in summary
    assert f"van {cumulative} tot en met 2035" in summary
    assert f"Advies: kies voor {best.name}" in summary


def test_each_participants_cumulative_difference_is_the_engines(
    pages: list[str], result: CaseResult, demo: Case
) -> None:
    toc = _toc_pages(pages)
    outcome = _flat(" ".join(pages[_page_of(toc, "Uitkomst per deelnemer en verrekening") - 1 :]))
    scenarios = _cooperation(result)
    annex_start = toc["Bijlage B Uitkomst per deelnemer"]
    for index, participant in enumerate(demo.participants):
        cells = [
            format_eur(float(s.entities[participant.id].cumulative_difference[-1]))
            if participant.id in s.members
            else "geen lid"
            for s in scenarios
        ]
        pattern = r" (?:\S+ ){0,4}".join(re.escape(c) for c in cells)
        assert re.search(pattern, outcome), f"{participant.id}: {cells} niet in de tabel"
        annex = _flat(pages[annex_start - 1 + index])
        assert f"B.{index + 1} {participant.name}" in annex
        for cell in cells:
            assert cell in annex, f"{participant.id}: {cell} niet in de bijlage"


def _pdfinfo(path: Path, *options: str) -> str:
    command = ["pdfinfo", *options, str(path)]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_pdf_is_a_tagged_pdf_a_3b_with_its_title(pdf_file: Path) -> None:
    metadata = _pdfinfo(pdf_file, "-meta")
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
    info = _pdfinfo(pdf_file)
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.M)
    assert re.search(r"^Title:\s+Business case ICT-samenwerking Vechtstreek$", info, flags=re.M)


def test_pages_render_as_images_that_are_not_blank(pdf_file: Path, tmp_path: Path) -> None:
    for page in (1, 3):
        prefix = tmp_path / f"pagina-{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "40",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf_file),
                str(prefix),
            ],
            check=True,
        )
        (png,) = tmp_path.glob(f"pagina-{page}*.png")
        with Image.open(png) as image:
            grey = np.asarray(image.convert("L"))
        assert grey.shape[0] > grey.shape[1] > 200  # A4 upright at 40 dpi: 331 × 468
        assert (grey < 128).mean() > 0.005, f"pagina {page} is leeg"


# --- the HTML ---------------------------------------------------------------------------------


def _html_headings(html: str) -> list[str]:
    found = re.findall(
        r'<section class="section[^"]*" id="sectie-[^"]+">\s*<h2><span class="number">([^<]+)'
        r"</span> ([^<]+)</h2>",
        html,
    )
    return [f"{number} {title}".replace("&#39;", "'") for number, title in found]


def test_html_has_the_same_sections_as_the_pdf(html: str, pages: list[str]) -> None:
    assert _html_headings(html) == _expected_headings() == list(_toc_pages(pages))


def test_html_is_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert "@page" in html and html.count("<svg") == 12  # 8 results, network, 3 risk charts
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


def test_user_text_is_escaped_in_the_html(demo: Case) -> None:
    evil = "<script>alert('x')</script> & Co"
    first = demo.participants[0].model_copy(update={"name": evil})
    cooperation = demo.cooperation.model_copy(update={"decision_question": "<b>Doen?</b>"})
    case = demo.model_copy(
        update={"participants": [first, *demo.participants[1:]], "cooperation": cooperation}
    )
    html = report_html(case, version_label="<i>v2</i>", confidential="<u>geheim</u>", today=TODAY)
    for raw in ("<script>", "<b>Doen?</b>", "<i>v2</i>", "<u>geheim</u>"):
        assert raw not in html
    assert "&lt;script&gt;alert(" in html and "&amp; Co" in html
    assert "&lt;b&gt;Doen?&lt;/b&gt;" in html and "&lt;u&gt;geheim&lt;/u&gt;" in html


def test_thousands_shows_table_amounts_in_thousands(demo: Case, result: CaseResult) -> None:
    html = report_html(demo, thousands=True, today=TODAY, result=result)
    best = min(_cooperation(result), key=lambda s: s.consolidated.cumulative_difference[-1])
    cumulative = float(best.consolidated.cumulative_difference[-1])
    assert f"geconsolideerd, 2026–2035 ({THOUSANDS_LABEL})" in html
    assert f">{format_eur(cumulative, thousands=True)}<" in html
    assert format_eur(cumulative) in html  # sentences keep euros


def test_a_case_without_cooperation_partners_or_charging_design_still_reports() -> None:
    case = load_case(EXAMPLES / "added_value.yaml")
    html = report_html(case, today=TODAY)
    headings = _html_headings(html)
    assert "1 Samenvatting en advies" in headings
    assert not any("Eerlijkheid" in h for h in headings)  # one participant: no game
    assert "Deze case heeft geen verrekening ingericht" in html
    assert "Vereenvoudigd rekenmodel toegevoegde waarde" in html


# --- the content --------------------------------------------------------------------------------


def test_capital_schedules_add_up_to_the_engines_capital_charges(context: ReportContext) -> None:
    assert context.schedules
    for schedule in context.schedules:
        engine = sum(
            float(line.cost.sum())
            for line in schedule.scenario.lines
            if line.line_id == schedule.line.id and line.component is Component.NEW_CAPITAL
        )
        assert float(schedule.capital_charge.sum()) == pytest.approx(engine, abs=0.01)
        assert np.allclose(schedule.capital_charge, schedule.depreciation + schedule.interest)
        opening = schedule.book_value_jan_1 - schedule.depreciation
        assert np.allclose(opening, schedule.book_value_dec_31)


def test_recommendation_follows_savings_preconditions_and_who_is_worse_off(
    context: ReportContext,
) -> None:
    best = context.best
    assert best is not None and best.scenario.id == "kostenreductie"
    assert recommendation(best, anyone_worse=False) == f"kies voor {best.scenario.name}."
    assert "compensatie" in recommendation(best, anyone_worse=True)
    breached = dataclasses.replace(best, breaches=(Breach("Maximale eenmalige kosten", "te hoog"),))
    assert recommendation(breached, anyone_worse=False).startswith("besluit nog niet")
    dearer = dataclasses.replace(best, cumulative=1000.0)
    assert "niet aan te bevelen" in recommendation(dearer, anyone_worse=False)


def test_the_decision_question_comes_from_the_objectives_when_none_is_given(demo: Case) -> None:
    assert decision_question(demo) == demo.cooperation.decision_question
    plain = demo.model_copy(
        update={"cooperation": demo.cooperation.model_copy(update={"decision_question": None})}
    )
    assert decision_question(plain) == (
        "Gaan de 10 deelnemers samenwerken in ICT-samenwerking Vechtstreek (extern SSC "
        "(gezamenlijke organisatie)) vanaf 2026, met als doelen lagere gemeentelijke kosten, "
        "betere dienstverlening, ontzorgen en versnelling van innovatie?"
    )


def test_a_registered_section_is_built_in_its_place_and_none_leaves_it_out(
    context: ReportContext,
) -> None:
    def risks(ctx: ReportContext) -> SectionContent:
        return SectionContent((Paragraph(f"{len(ctx.case.participants)} deelnemers"),))

    register_section("test-risico", "Testsectie", 89, risks)
    register_section("test-leeg", "Niets", 89, lambda ctx: None)
    try:
        built = build_sections(context)
    finally:
        unregister_section("test-risico")
        unregister_section("test-leeg")
    titles = [s.title for s in built]
    assert titles.index("Begroot en werkelijk") + 1 == titles.index("Testsectie")
    assert titles.index("Testsectie") + 1 == titles.index("Conclusies")
    assert "Niets" not in titles
    risk = built[titles.index("Testsectie")]
    assert risk.number == str(titles.index("Testsectie") + 1)
    assert risk.blocks == (Paragraph("10 deelnemers"),)
    assert all(s.key not in ("test-risico", "test-leeg") for s in registered_sections())


def test_the_report_module_does_not_import_weasyprint() -> None:
    code = "import sys, samenrekenen.report.council; print('weasyprint' in sys.modules)"
    answer = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert answer.stdout.strip() == "False"


def test_a_missing_weasyprint_gives_a_dutch_error(
    demo: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailableError, match="Een PDF maken lukt hier niet"):
        report_pdf(demo)


def test_modules_named_under_the_entry_point_group_register_their_sections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Point:
        def load(self) -> None:
            register_section("test-plugin", "Uit een plug-in", 95, lambda ctx: None)

    def points(group: str) -> list[Point]:
        return [Point()] if group == sections.ENTRY_POINT_GROUP else []

    monkeypatch.setattr(sections, "entry_points", points)
    sections._load_entry_points.cache_clear()
    try:
        assert "test-plugin" in [s.key for s in registered_sections()]
    finally:
        unregister_section("test-plugin")
        sections._load_entry_points.cache_clear()
