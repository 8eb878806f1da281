"""Benefits steering as data and as tables: plan versus actual, the settlement on actuals and
the evaluation after the first year in operation, as JSON-ready dicts for the command line and
the API, and as Dutch Rich tables.

Shapes (amounts in euros rounded to the cent, percentages to 0,1; None where undefined):

- :func:`plan_actual_to_dict`: ``{"scenario", "years", "costs": [{"entity", "category",
  "year", "plan_eur", "actual_eur", "difference_eur", "difference_pct"}], "cost_totals": [same,
  category "totaal"], "benefits": [{"benefit", "description", "year", "plan_eur",
  "actual_eur", "difference_eur", "difference_pct", "realised_pct"}], "indicators": [{"id",
  "name", "unit", "subject_kind", "subject", "baseline_value", "baseline_year",
  "higher_is_better", "years": [{"year", "target", "actual", "met"}]}]}``;
- :func:`settlement_to_dict`: ``{"scenario", "years", "members": [{"member", "year",
  "plan_eur", "charged_eur", "settlement_eur", "total_eur"}], "share": [{"year",
  "actual_cost_eur", "charged_eur", "uncovered_eur"}]}``;
- :func:`evaluation_to_dict`: ``{"scenario", "operation_start_year", "year", "costs",
  "benefits", "benefits_realised_pct", "indicators": [{"id", "name", "year", "target",
  "actual", "met"}], "settlement": [{"member", "plan_eur", "charged_eur", "settlement_eur",
  "total_eur"}] | None, "sentences": [str]}``.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from samenrekenen.benefits import (
    ActualSettlement,
    BenefitComparison,
    CostComparison,
    Evaluation,
    IndicatorProgress,
    PlanActual,
    decided_scenario,
    evaluate,
    plan_actual,
    settle_on_actuals,
)
from samenrekenen.charging import ChargingError, applies_to
from samenrekenen.engine.results import CaseResult
from samenrekenen.format import format_eur, format_number, format_pct
from samenrekenen.model import Case

from .results import clean_float

_PCT_DECIMALS = 1


def _comparison(row: CostComparison | BenefitComparison) -> dict[str, Any]:
    return {
        "plan_eur": clean_float(row.plan_eur),
        "actual_eur": clean_float(row.actual_eur),
        "difference_eur": clean_float(row.difference_eur),
        "difference_pct": clean_float(row.difference_pct, _PCT_DECIMALS),
    }


def cost_to_dict(row: CostComparison) -> dict[str, Any]:
    """One cost comparison."""
    return {"entity": row.entity, "category": row.category, "year": row.year, **_comparison(row)}


def benefit_to_dict(row: BenefitComparison) -> dict[str, Any]:
    """One benefit comparison."""
    return {
        "benefit": row.benefit,
        "description": row.description,
        "year": row.year,
        **_comparison(row),
        "realised_pct": clean_float(row.realised_pct, _PCT_DECIMALS),
    }


def indicator_to_dict(progress: IndicatorProgress) -> dict[str, Any]:
    """One indicator with its years."""
    return {
        "id": progress.id,
        "name": progress.name,
        "unit": progress.unit,
        "subject_kind": progress.subject_kind,
        "subject": progress.subject,
        "baseline_value": progress.baseline_value,
        "baseline_year": progress.baseline_year,
        "higher_is_better": progress.higher_is_better,
        "years": [
            {"year": y.year, "target": y.target, "actual": y.actual, "met": y.met}
            for y in progress.years
        ],
    }


def plan_actual_to_dict(comparison: PlanActual) -> dict[str, Any]:
    """Plan versus actual as a JSON-ready dict (shape in the module docstring)."""
    return {
        "scenario": comparison.scenario_id,
        "years": comparison.years,
        "costs": [cost_to_dict(row) for row in comparison.costs],
        "cost_totals": [cost_to_dict(row) for row in comparison.entity_totals()],
        "benefits": [benefit_to_dict(row) for row in comparison.benefits],
        "indicators": [indicator_to_dict(p) for p in comparison.indicators],
    }


def settlement_to_dict(settled: ActualSettlement) -> dict[str, Any]:
    """The settlement on actuals, for the years with actual share costs."""
    actual, plan = settled.actual, settled.plan
    uncovered = actual.uncovered_eur()
    members = []
    share = []
    for year in settled.years:
        t = settled.year_index(year)
        for m, member in enumerate(actual.members):
            members.append(
                {
                    "member": member,
                    "year": year,
                    "plan_eur": clean_float(plan.total_eur[m, t]),
                    "charged_eur": clean_float(actual.before_settlement_eur[m, t]),
                    "settlement_eur": clean_float(actual.settlement_eur[m, t]),
                    "total_eur": clean_float(actual.total_eur[m, t]),
                }
            )
        share.append(
            {
                "year": year,
                "actual_cost_eur": clean_float(actual.share_cost_eur[t]),
                "charged_eur": clean_float(actual.total_eur[:, t].sum()),
                "uncovered_eur": clean_float(uncovered[t]),
            }
        )
    return {
        "scenario": settled.scenario_id,
        "years": settled.years,
        "members": members,
        "share": share,
    }


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation after the first year in operation (shape in the module docstring)."""
    settlement = None
    if evaluation.settlement is not None:
        settlement = [
            {
                "member": m.member,
                "plan_eur": clean_float(m.plan_eur),
                "charged_eur": clean_float(m.charged_eur),
                "settlement_eur": clean_float(m.settlement_eur),
                "total_eur": clean_float(m.total_eur),
            }
            for m in evaluation.settlement
        ]
    return {
        "scenario": evaluation.scenario_id,
        "operation_start_year": evaluation.operation_start_year,
        "year": evaluation.year,
        "costs": [cost_to_dict(row) for row in evaluation.costs],
        "benefits": [benefit_to_dict(row) for row in evaluation.benefits],
        "benefits_realised_pct": clean_float(evaluation.benefits_realised_pct, _PCT_DECIMALS),
        "indicators": [
            {
                "id": p.id,
                "name": p.name,
                "year": y.year,
                "target": y.target,
                "actual": y.actual,
                "met": y.met,
            }
            for p, y in evaluation.indicators
        ],
        "settlement": settlement,
        "sentences": evaluation.sentences,
    }


def settlement_or_none(
    case: Case, result: CaseResult, scenario_id: str | None = None
) -> dict[str, Any] | None:
    """The settlement on actuals as :func:`settlement_to_dict`, or None when the case has no
    charging design for the decided scenario."""
    design = case.charging_design
    if design is None or decided_scenario(case, scenario_id) not in applies_to(design, case):
        return None
    try:
        return settlement_to_dict(settle_on_actuals(case, result, scenario_id))
    except ChargingError:
        return None


def steering_to_dict(
    case: Case, result: CaseResult, scenario_id: str | None = None
) -> dict[str, Any]:
    """Plan versus actual (:func:`plan_actual_to_dict`) with ``settlement``
    (:func:`settlement_or_none`) and ``evaluation`` (:func:`evaluation_to_dict`)."""
    return {
        **plan_actual_to_dict(plan_actual(case, result, scenario_id)),
        "settlement": settlement_or_none(case, result, scenario_id),
        "evaluation": evaluation_to_dict(evaluate(case, result, scenario_id)),
    }


# --- tables -----------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return format_pct(value) if value is not None else "—"


def _value(value: float | None) -> str:
    return format_number(value, 1) if value is not None else "—"


def render_plan_actual(comparison: PlanActual, console: Console, names: dict[str, str]) -> None:
    """Plan versus actual as Dutch tables: costs per entity and category, benefits, indicators."""
    costs = Table(title=f"Kosten: begroot en werkelijk (scenario {comparison.scenario_id})")
    for header in ("Entiteit", "Categorie", "Jaar", "Begroot", "Werkelijk", "Verschil", "%"):
        costs.add_column(header, justify="left" if header in ("Entiteit", "Categorie") else "right")
    for row in [*comparison.costs, *comparison.entity_totals()]:
        costs.add_row(
            names.get(row.entity, row.entity),
            row.category,
            str(row.year),
            format_eur(row.plan_eur),
            format_eur(row.actual_eur),
            format_eur(row.difference_eur),
            _pct(row.difference_pct),
        )
    console.print(costs if comparison.costs else "Er zijn nog geen werkelijke kosten vastgelegd.")
    benefits = Table(title="Baten in geld: begroot en gerealiseerd")
    for header in ("Baat", "Jaar", "Begroot", "Gerealiseerd", "Gerealiseerd %"):
        benefits.add_column(header, justify="left" if header == "Baat" else "right")
    for b in comparison.benefits:
        benefits.add_row(
            b.description,
            str(b.year),
            format_eur(b.plan_eur),
            format_eur(b.actual_eur),
            _pct(b.realised_pct),
        )
    if comparison.benefits:
        console.print(benefits)
    indicators = Table(title="Kengetallen: nulwaarde, streefwaarde en meting")
    for header in ("Kengetal", "Volgt", "Nulwaarde", "Jaar", "Streefwaarde", "Gemeten", "Gehaald"):
        indicators.add_column(
            header, justify="left" if header in ("Kengetal", "Volgt") else "right"
        )
    for p in comparison.indicators:
        for y in p.years:
            met = "—" if y.met is None else ("ja" if y.met else "nee")
            indicators.add_row(
                p.name,
                p.subject,
                _value(p.baseline_value),
                str(y.year),
                _value(y.target),
                _value(y.actual),
                met,
            )
    if comparison.indicators:
        console.print(indicators)


def render_evaluation(evaluation: Evaluation, console: Console) -> None:
    """The evaluation as the sentences for the council, one paragraph each."""
    title = f"Evaluatie na het eerste jaar in bedrijf (scenario {evaluation.scenario_id})"
    console.print(title, style="bold")
    for sentence in evaluation.sentences:
        console.print(sentence)
