"""Dutch labels of the risk, uncertainty, benefits-network, indicator and actuals models (merged
into :mod:`samenrekenen.labels`, which holds the rest)."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from samenrekenen.model import Case
from samenrekenen.model.benefits import (
    Actuals,
    BenefitActual,
    BenefitsNetwork,
    CostActual,
    Indicator,
    IndicatorActual,
    NetworkEdge,
    NetworkNode,
    NodeLayer,
    VolumeActual,
)
from samenrekenen.model.risk import (
    Bandwidth,
    Correlation,
    DelayDistribution,
    Distribution,
    OptimismBias,
    Risk,
    RiskKind,
    RiskStatus,
    Spread,
    Uncertainty,
)

_SPREAD = {"low": "Laag", "likely": "Meest waarschijnlijk", "high": "Hoog"}

STEERING_FIELD_LABELS: dict[tuple[type[BaseModel], str], str] = {
    (Case, "risks"): "Risicoregister",
    (Case, "uncertainty"): "Onzekerheid",
    (Case, "benefits_network"): "Batennetwerk",
    (Case, "indicators"): "Kengetallen",
    (Case, "actuals"): "Werkelijke cijfers",
    (Risk, "kind"): "Soort risico",
    (Risk, "owner"): "Eigenaar",
    (Risk, "probability"): "Kans (0–1)",
    (Risk, "impact_eur"): "Gevolg in euro's",
    (Risk, "impact_months"): "Gevolg in maanden",
    (Risk, "mitigation"): "Beheersmaatregel",
    (Risk, "mitigation_cost_eur"): "Kosten van de maatregel",
    (Risk, "include_mitigation_cost"): "Kosten van de maatregel meerekenen",
    (Risk, "include_reserve"): "Verwachte waarde als reserve meerekenen",
    (Risk, "scenarios"): "Geldt voor de scenario's",
    **{(Spread, name): label for name, label in _SPREAD.items()},
    (Spread, "distribution"): "Verdeling",
    (Bandwidth, "path"): "Pad in het casusbestand",
    (Bandwidth, "label"): "Omschrijving in de resultaten",
    **{(DelayDistribution, name): f"{label} (maanden)" for name, label in _SPREAD.items()},
    (DelayDistribution, "scenarios"): "Geldt voor de scenario's",
    (Correlation, "inputs"): "Gecorreleerde invoer",
    (Correlation, "matrix"): "Correlatiematrix",
    (OptimismBias, "costs_pct"): "Opslag op de kosten (%)",
    (OptimismBias, "duration_pct"): "Opslag op de duur (%)",
    (Uncertainty, "bandwidths"): "Bandbreedtes",
    (Uncertainty, "delay"): "Vertraging",
    (Uncertainty, "benefit_realisation"): "Realisatie van de baten (%)",
    (Uncertainty, "staff_savings_probability"): "Kans dat de personele besparing lukt (0–1)",
    (Uncertainty, "correlations"): "Correlaties",
    (Uncertainty, "optimism_bias"): "Optimisme-opslag",
    (Uncertainty, "latin_hypercube"): "Latin hypercube-steekproef",
    (Uncertainty, "draws"): "Aantal trekkingen",
    (Uncertainty, "seed"): "Startgetal",
    (BenefitsNetwork, "nodes"): "Knopen",
    (BenefitsNetwork, "edges"): "Relaties",
    (NetworkNode, "layer"): "Laag",
    (NetworkEdge, "source"): "Van",
    (NetworkEdge, "target"): "Naar",
    (NetworkEdge, "positive"): "Positieve relatie",
    (Indicator, "unit"): "Eenheid",
    (Indicator, "benefit"): "Baat",
    (Indicator, "objective"): "Doelstelling",
    (Indicator, "baseline_value"): "Beginwaarde",
    (Indicator, "baseline_year"): "Jaar van de beginwaarde",
    (Indicator, "targets"): "Streefwaarde per jaar",
    (Indicator, "higher_is_better"): "Hoger is beter",
    (Actuals, "scenario"): "Besloten scenario",
    (Actuals, "operation_start_year"): "Eerste jaar in bedrijf",
    (Actuals, "costs"): "Werkelijke kosten",
    (Actuals, "volumes"): "Werkelijke volumes",
    (Actuals, "benefits"): "Gerealiseerde baten",
    (Actuals, "indicators"): "Gemeten kengetallen",
    (CostActual, "entity"): "Entiteit",
    (VolumeActual, "value"): "Volume",
    (BenefitActual, "benefit"): "Baat",
    (IndicatorActual, "indicator"): "Kengetal",
    (IndicatorActual, "value"): "Gemeten waarde",
}
"""Labels of fields, by model (general names: :data:`samenrekenen.labels.FIELD_LABELS`)."""

STEERING_ITEM_LABELS: dict[type[BaseModel], str] = {
    Risk: "Risico",
    Bandwidth: "Bandbreedte",
    Correlation: "Correlatie",
    NetworkNode: "Knoop",
    NetworkEdge: "Relatie",
    Indicator: "Kengetal",
    CostActual: "Werkelijke kosten",
    VolumeActual: "Werkelijk volume",
    BenefitActual: "Gerealiseerde baat",
    IndicatorActual: "Gemeten kengetal",
}

STEERING_ENUM_LABELS: dict[type[Enum], dict[str, str]] = {
    RiskKind: {"cost": "Kosten", "benefit": "Baten", "time": "Tijd", "other": "Overig"},
    RiskStatus: {
        "open": "Open",
        "mitigating": "In behandeling",
        "closed": "Gesloten",
        "occurred": "Opgetreden",
    },
    Distribution: {"triangular": "Driehoek", "pert": "PERT"},
    NodeLayer: {
        "measure": "Maatregel",
        "source": "Bron van verbetering",
        "objective": "Doel",
        "goal": "Einddoel",
    },
}
