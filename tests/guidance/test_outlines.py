"""The two phase-1 deliverables built from the case with the Bijlage 4 outlines."""

from __future__ import annotations

from samenrekenen.guidance.outlines import exploration_report, programme_plan
from samenrekenen.model import Case


def test_the_exploration_report_follows_bijlage_4a(demo: Case) -> None:
    sections = exploration_report(demo)
    titles = [s.title for s in sections]
    assert titles[0] == "1 Inleiding en samenvatting"
    assert "2 Analyse huidige situatie" in titles
    assert titles[-1] == "5.3 De business case"


def test_the_business_case_is_filled_in_from_the_engine(demo: Case) -> None:
    (section,) = [s for s in exploration_report(demo) if s.title.startswith("5.3")]
    assert section.filled
    table = section.tables[0]
    assert table.columns[0] == "Scenario"
    assert [row[0] for row in table.rows] == [s.name for s in demo.scenarios[1:]]
    assert table.rows[0][1].startswith("€")


def test_sections_without_case_data_keep_the_source_explanation(demo: Case) -> None:
    (section,) = [s for s in exploration_report(demo) if s.title.startswith("4.4")]
    assert not section.filled
    assert section.guidance and "programmaorganisatie" in section.guidance


def test_the_programme_plan_follows_bijlage_4b_with_the_timeline(demo: Case) -> None:
    sections = programme_plan(demo)
    assert sections[0].title == "Management samenvatting"
    (planning,) = [s for s in sections if s.title == "3.5 Planning"]
    assert planning.tables[0].rows[1][0] == "Verkennen en plannen totale traject"
    assert any("10 deelnemers" in p for p in planning.paragraphs)
