"""The evaluation after the first year in operation."""

from __future__ import annotations

import pytest

from samenrekenen.benefits import evaluate, operation_start_year
from samenrekenen.engine import calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.model import Actuals, Case, CostActual


def test_the_first_year_in_operation_is_the_first_year_of_the_knip(demo: Case) -> None:
    assert operation_start_year(demo, "minder-meerkosten") == 2027
    delayed = demo.model_copy(
        update={
            "scenarios": [
                s.model_copy(update={"delay_months": 14}) if s.id == "kostenreductie" else s
                for s in demo.scenarios
            ]
        }
    )
    assert operation_start_year(delayed, "kostenreductie") == 2028


def test_the_evaluation_picks_the_first_year_with_actuals_in_operation(demo: Case) -> None:
    assert demo.actuals is not None
    before = CostActual(entity="share", category="software", year=2026, amount_eur=1.0)
    later = CostActual(entity="share", category="software", year=2029, amount_eur=1.0)
    actuals = demo.actuals.model_copy(update={"costs": [before, *demo.actuals.costs, later]})
    case = demo.model_copy(update={"actuals": actuals})
    assert evaluate(case, calculate(case)).year == 2027


def test_the_demo_evaluation_has_costs_indicators_settlement_and_sentences(
    demo: Case, demo_result: CaseResult
) -> None:
    evaluation = evaluate(demo, demo_result)
    assert (evaluation.scenario_id, evaluation.year) == ("minder-meerkosten", 2027)
    assert {row.entity for row in evaluation.costs} == {"share", "gm9001", "gm9002"}
    assert len(evaluation.indicators) == 6
    assert sum(1 for _, entry in evaluation.indicators if entry.met) == 3
    assert evaluation.settlement is not None
    share_cost = next(r.actual_eur for r in evaluation.costs if r.entity == "share")
    assert sum(m.total_eur for m in evaluation.settlement) == pytest.approx(share_cost, abs=0.01)
    text = " ".join(evaluation.sentences)
    assert "Evaluatie van 2027" in text
    assert "€ 42.705.000" in text  # Dutch number format
    assert "halen er 3 hun streefwaarde" in text
    assert "nacalculatie" in text


def test_benefits_realised_percentage(small: Case) -> None:
    evaluation = evaluate(small, calculate(small))
    assert evaluation.year == 2027
    assert evaluation.benefits_realised_pct == pytest.approx(80.0)
    assert evaluation.settlement is None  # no charging design
    assert any("80,0%" in s for s in evaluation.sentences)


def test_without_actuals_in_operation_the_evaluation_says_so(small: Case) -> None:
    case = small.model_copy(update={"actuals": Actuals()})
    evaluation = evaluate(case, calculate(case))
    assert evaluation.year is None
    assert "nog geen werkelijke cijfers" in evaluation.sentences[0]
