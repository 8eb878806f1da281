"""The classification grid, the questionnaire per group and its radar chart."""

from __future__ import annotations

import pytest

from samenrekenen.guidance import provisions
from samenrekenen.model import Case
from samenrekenen.report.guidance_charts import radar_svg


def test_the_grid_has_every_layer_and_phase_in_003_order(demo: Case) -> None:
    grid = provisions.classification_grid(demo.formation)
    assert len(grid) == 15
    assert (grid[0].layer, grid[0].phase) == ("technical_infrastructure", "knowledge_building")
    (cell,) = [c for c in grid if c.provisions and c.layer == "application_areas"]
    assert cell.phase == "design_development"
    assert [p.id for p in cell.provisions] == ["zaaksysteem"]


def test_the_questionnaire_is_averaged_per_group(demo: Case) -> None:
    groups = {s.group: s for s in provisions.questionnaire_summary(demo.formation)}
    assert list(groups) == ["bestuurders", "ict-managers"]
    board = groups["bestuurders"]
    assert board.respondents == 2
    assert board.item_means["seriousness-public-value"] == pytest.approx(4.5)
    assert board.dimension_means["growth"] == pytest.approx(4.25)


def test_the_radar_chart_is_accessible_deterministic_svg(demo: Case) -> None:
    summary = provisions.questionnaire_summary(demo.formation)[1]
    svg = radar_svg(summary)
    assert svg.startswith("<svg") and "<title>Prioriteit volgens ict-managers" in svg
    assert 'role="img"' in svg and "Ernst 1" in svg and "Groei 2" in svg
    assert radar_svg(summary) == svg
