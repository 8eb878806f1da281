"""Benefits steering after the decision (domain §4), built on the model and the engine.

Offers the case's benefits network and its layout (:mod:`.network`) drawn as SVG
(:func:`network_svg`); indicators against their targets (:func:`indicator_progress`);
plan versus actual of costs and benefits (:func:`plan_actual`) with SVG charts
(:mod:`.charts`); the charging settlement run on actuals (:func:`settle_on_actuals`); and the
evaluation after the first year in operation (:func:`evaluate`).
"""

from .diagram import network_svg
from .evaluation import Evaluation, MemberSettlement, evaluate, operation_start_year
from .indicators import IndicatorProgress, IndicatorYear, indicator_progress
from .network import case_network, columns
from .plan_actual import (
    TOTAL,
    BenefitComparison,
    Comparison,
    CostComparison,
    PlanActual,
    decided_scenario,
    plan_actual,
)
from .settlement import ActualSettlement, settle_on_actuals

__all__ = [
    "TOTAL",
    "ActualSettlement",
    "BenefitComparison",
    "Comparison",
    "CostComparison",
    "Evaluation",
    "IndicatorProgress",
    "IndicatorYear",
    "MemberSettlement",
    "PlanActual",
    "case_network",
    "columns",
    "decided_scenario",
    "evaluate",
    "indicator_progress",
    "network_svg",
    "operation_start_year",
    "plan_actual",
    "settle_on_actuals",
]
