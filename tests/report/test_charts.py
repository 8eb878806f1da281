"""Charts as SVG: valid XML with a Dutch title and accessible name, no external references,
byte-equal output for equal input, and the numbers they are drawn from."""

from __future__ import annotations

import copy
import re
import time
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.io.results import result_to_dict
from samenrekenen.report.charts import (
    CHART_KINDS,
    abcd_chart,
    budget_chart,
    chart_data,
    chart_svg,
    cost_chart,
    cumulative_chart,
    participants_chart,
    render_svg,
    structural_chart,
)

SVG_NS = "http://www.w3.org/2000/svg"
ALLOWED_URLS = {SVG_NS, "http://www.w3.org/1999/xlink"}
SCENARIO = "minder-meerkosten"


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    case = demo_case()
    return result_to_dict(calculate(case), case=case)


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    return {p.id: p.name for p in demo_case().participants}


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{{{SVG_NS}}}text")]


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_chart_is_valid_svg_with_title_and_accessible_name(
    results: dict[str, Any], names: dict[str, str], kind: str
) -> None:
    svg = chart_svg(results, SCENARIO, kind, names)
    root = ET.fromstring(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    title = root.find(f"{{{SVG_NS}}}title")
    assert title is not None and title.text
    assert title.text.startswith(CHART_KINDS[kind])
    assert root.get("role") == "img"
    label = root.get("aria-label") or ""
    assert label.startswith(title.text)
    assert "jaar" in label.lower() or "deelnemer" in label.lower()
    assert root.get("viewBox")
    assert root.get("width") is None and root.get("height") is None
    assert "<style" not in svg and "<metadata" not in svg and "<?xml" not in svg


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_chart_has_no_external_urls(
    results: dict[str, Any], names: dict[str, str], kind: str
) -> None:
    svg = chart_svg(results, SCENARIO, kind, names)
    assert set(re.findall(r"https?://[^\"'\s)<>]+", svg)) <= ALLOWED_URLS
    assert not re.search(r'href="(?!#)', svg)
    assert not re.search(r"url\((?!#)", svg)
    assert "@font-face" not in svg and "@import" not in svg


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_chart_is_deterministic(results: dict[str, Any], names: dict[str, str], kind: str) -> None:
    first = chart_svg(results, SCENARIO, kind, names)
    second = chart_svg(copy.deepcopy(results), SCENARIO, kind, dict(names))
    assert first == second
    assert render_svg(chart_data(results, SCENARIO, kind, names)) == first


def test_ids_are_unique_across_the_charts_of_one_page(
    results: dict[str, Any], names: dict[str, str]
) -> None:
    ids: list[str] = []
    for kind in CHART_KINDS:
        svg = chart_svg(results, SCENARIO, kind, names)
        own = re.findall(r'\sid="([^"]+)"', svg)
        assert all(i.startswith(f"grafiek-{kind}-") for i in own)
        for reference in re.findall(r"url\(#([^)]+)\)|href=\"#([^\"]+)\"", svg):
            assert next(r for r in reference if r) in own
        ids += own
    assert len(ids) == len(set(ids))


def test_axes_use_dutch_number_format(results: dict[str, Any]) -> None:
    root = ET.fromstring(chart_svg(results, SCENARIO, "abcd"))
    texts = _texts(root)
    assert any(re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t.strip()) for t in texts), texts
    assert any("× € 1.000" in t for t in texts)
    assert not any(re.fullmatch(r"-?\d+,\d{3}", t.strip()) for t in texts)


def test_the_six_chart_functions(results: dict[str, Any], names: dict[str, str]) -> None:
    assert cost_chart(results, SCENARIO) == chart_svg(results, SCENARIO, "kosten")
    assert cumulative_chart(results, SCENARIO) == chart_svg(results, SCENARIO, "cumulatief")
    assert abcd_chart(results, SCENARIO) == chart_svg(results, SCENARIO, "abcd")
    assert participants_chart(results, SCENARIO, names) == chart_svg(
        results, SCENARIO, "deelnemers", names
    )
    assert structural_chart(results, SCENARIO) == chart_svg(results, SCENARIO, "structureel")
    assert budget_chart(results, SCENARIO) == chart_svg(results, SCENARIO, "begroting")


def test_worse_off_participant_is_hatched_and_labelled(
    results: dict[str, Any], names: dict[str, str]
) -> None:
    svg = participants_chart(results, SCENARIO, names)
    root = ET.fromstring(svg)
    assert any(True for _ in root.iter(f"{{{SVG_NS}}}pattern"))
    texts = _texts(root)
    assert any("slechter af" in t for t in texts)
    assert "Gemeente Stichtenburg" in texts
    assert "Slechter af dan alleen: Gemeente Stichtenburg" in (root.get("aria-label") or "")
    data = chart_data(results, SCENARIO, "deelnemers", names)
    notes = dict(zip(data.categories, data.notes, strict=True))
    assert notes["Gemeente Stichtenburg"] == "⚠ slechter af dan alleen"
    assert notes["Gemeente Dwarsdijk"] == "beter af"


def test_nobody_worse_off_means_no_worse_off_label(
    results: dict[str, Any], names: dict[str, str]
) -> None:
    root = ET.fromstring(participants_chart(results, "kostenreductie", names))
    assert not any("slechter af" in t.lower() for t in _texts(root))
    assert not any(True for _ in root.iter(f"{{{SVG_NS}}}pattern"))


def test_abcd_data_adds_up_to_the_difference(results: dict[str, Any]) -> None:
    data = chart_data(results, SCENARIO, "abcd")
    labels = [s.label for s in data.series]
    b, c, d, difference = (data.series[i].values for i in range(4))
    assert labels[3].startswith("Verschil")
    for year in range(len(data.categories)):
        parts = (b[year] or 0.0) + (c[year] or 0.0) + (d[year] or 0.0)
        assert parts == pytest.approx(difference[year] or 0.0, abs=0.05)
    assert data.series[4].role == "table"
    assert data.categories[0] == "2026"


def test_budget_and_structural_data_come_from_the_document(results: dict[str, Any]) -> None:
    scenario = next(s for s in results["scenarios"] if s["id"] == SCENARIO)
    budget = chart_data(results, SCENARIO, "begroting")
    assert list(budget.series[0].values) == scenario["consolidated"]["budget_difference"]
    assert list(budget.series[1].values) == scenario["consolidated"]["difference"]
    structural = chart_data(results, SCENARIO, "structureel")
    assert list(structural.series[0].values) == scenario["consolidated"]["structural"]
    assert list(structural.series[1].values) == scenario["consolidated"]["one_off"]


def test_charts_over_all_scenarios_highlight_the_chosen_one(results: dict[str, Any]) -> None:
    cost = chart_data(results, SCENARIO, "kosten")
    assert len(cost.series) == len(results["scenarios"])
    assert [s.emphasis for s in cost.series].count(True) == 1
    assert cost.series[0].dashed
    cumulative = chart_data(results, SCENARIO, "cumulatief")
    assert len(cumulative.series) == len(results["scenarios"]) - 1


def test_user_text_is_escaped(results: dict[str, Any]) -> None:
    hostile = copy.deepcopy(results)
    hostile["scenarios"][2]["name"] = 'Samen <script>alert("x")</script> & $x^2$'
    for kind in ("kosten", "abcd", "deelnemers"):
        svg = chart_svg(hostile, SCENARIO, kind, {"gm9001": "<b>Aap</b>"})
        root = ET.fromstring(svg)
        assert "<script" not in svg and "<b>" not in svg
        assert "<script>" in (root.get("aria-label") or "")
    legend = _texts(ET.fromstring(chart_svg(hostile, SCENARIO, "kosten")))
    assert any("$x^2$" in t for t in legend)
    bars = _texts(ET.fromstring(chart_svg(hostile, SCENARIO, "deelnemers", {"gm9001": "<b>A"})))
    assert "<b>A" in bars


def test_unknown_kind_or_scenario(results: dict[str, Any]) -> None:
    with pytest.raises(KeyError):
        chart_svg(results, SCENARIO, "taart")
    with pytest.raises(KeyError):
        chart_svg(results, "bestaat-niet", "kosten")


def test_charts_are_fast(results: dict[str, Any], names: dict[str, str]) -> None:
    """About 40-70 ms each on an idle machine; CPU time, best of five, with a wide margin so
    a busy test machine does not make this fail."""
    chart_svg(results, SCENARIO, "kosten", names)
    for kind in CHART_KINDS:
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            chart_svg(results, SCENARIO, kind, names)
            best = min(best, time.process_time() - start)
        assert best < 0.3, (kind, best)
