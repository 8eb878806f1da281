"""The cash-flow table in the layout the guidance prescribes (source 000) and the qualitative
overview of every benefit and cost item with its bearer, built from a calculated case."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import SHARE, Case
from .results import CaseResult, Component, EntityResult, FloatArray, LineAmounts

OPERATING_LINE_TYPES = ("level_changes", "staff_changes", "structural_costs")


@dataclass(frozen=True)
class CashFlowRow:
    """One row of the cash-flow table: ``section`` is baten, exploitatie, investeringen or
    totaal; ``key`` names the row (a line id for line rows)."""

    section: str
    key: str
    label: str
    values: FloatArray
    is_total: bool = False


@dataclass(frozen=True)
class CashFlowTable:
    """Cash flows (cash view, no interest) of one stakeholder in one scenario."""

    scenario: str
    stakeholder: str
    years: list[int]
    rows: list[CashFlowRow]

    def row(self, key: str) -> CashFlowRow:
        """The row with this key (KeyError when absent)."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def cash_flow_table(result: CaseResult, scenario_id: str, stakeholder: str) -> CashFlowTable:
    """The prescribed cash-flow table of a participant, the share or ``consolidated``:
    Baten per line · Totaal baten · Exploitatiekosten per line · Totaal exploitatie ·
    Investeringen (niet geactiveerd en geactiveerd) · Totale investeringen · Totale kosten ·
    Kasstroom · Cumulatieve baten · Cumulatieve kosten · Cumulatieve kasstroom."""
    scenario = result.scenario(scenario_id)
    if stakeholder == "consolidated":
        entity = scenario.consolidated
        lines = list(scenario.lines)
    else:
        entity = scenario.entities[stakeholder]
        lines = [ln for ln in scenario.lines if ln.entity == stakeholder]
    n_years = len(result.years)
    benefits = _line_rows("baten", [ln for ln in lines if ln.component is Component.BENEFITS], -1)
    operating = _existing_rows(entity, stakeholder) + _line_rows(
        "exploitatie", [ln for ln in lines if ln.line_type in OPERATING_LINE_TYPES], 1
    )
    not_capitalised = _line_rows(
        "investeringen", [ln for ln in lines if ln.component is Component.ONE_OFF], 1
    )
    charged_one_off = entity.components[Component.CHARGED_B].sum(axis=0)
    if np.any(charged_one_off):
        not_capitalised.append(
            CashFlowRow(
                "investeringen", "charged_one_off", "Eenmalige kosten via de share", charged_one_off
            )
        )
    capitalised = _line_rows(
        "investeringen", [ln for ln in lines if ln.line_type == "investments"], 1
    )
    total_benefits = _sum(benefits, n_years)
    total_operating = _sum(operating, n_years)
    total_investments = _sum(not_capitalised + capitalised, n_years)
    total_costs = total_operating + total_investments
    cash_flow = total_benefits - total_costs
    rows = [
        *benefits,
        CashFlowRow("baten", "total_benefits", "Totaal baten", total_benefits, True),
        *operating,
        CashFlowRow("exploitatie", "total_operating", "Totaal exploitatie", total_operating, True),
        *not_capitalised,
        *capitalised,
        CashFlowRow(
            "investeringen", "total_investments", "Totale investeringen", total_investments, True
        ),
        CashFlowRow("totaal", "total_costs", "Totale kosten", total_costs, True),
        CashFlowRow("totaal", "cash_flow", "Kasstroom", cash_flow, True),
        CashFlowRow(
            "totaal", "cumulative_benefits", "Cumulatieve baten", np.cumsum(total_benefits), True
        ),
        CashFlowRow(
            "totaal", "cumulative_costs", "Cumulatieve kosten", np.cumsum(total_costs), True
        ),
        CashFlowRow(
            "totaal", "cumulative_cash_flow", "Cumulatieve kasstroom", np.cumsum(cash_flow), True
        ),
    ]
    return CashFlowTable(scenario_id, stakeholder, result.years, rows)


def _existing_rows(entity: EntityResult, stakeholder: str) -> list[CashFlowRow]:
    components = entity.components.sum(axis=1)
    rows = [
        (
            "retained",
            "Bestaande exploitatiekosten",
            components[Component.RETAINED_VISIBLE] + components[Component.RETAINED_HIDDEN],
        ),
        (
            "transferred_in",
            "Overgenomen exploitatiekosten (knip)",
            components[Component.TRANSFERRED_IN],
        ),
    ]
    if stakeholder not in ("consolidated", SHARE):
        charged = components[Component.CHARGED_C] + components[Component.CHARGED_D]
        rows.append(("charged", "Bijdrage aan de share (structureel)", charged))
    return [
        CashFlowRow("exploitatie", key, label, values)
        for key, label, values in rows
        if np.any(values)
    ]


def _line_rows(section: str, lines: list[LineAmounts], sign: float) -> list[CashFlowRow]:
    """One row per line id (summed over entities and categories), cash view."""
    rows: dict[str, CashFlowRow] = {}
    for line in lines:
        values = sign * line.cash
        if line.line_id in rows:
            values = rows[line.line_id].values + values
        rows[line.line_id] = CashFlowRow(
            section, line.line_id, line.description or line.line_id, values
        )
    return list(rows.values())


def _sum(rows: list[CashFlowRow], n_years: int) -> FloatArray:
    return np.sum([r.values for r in rows], axis=0) if rows else np.zeros(n_years)


@dataclass(frozen=True)
class QualitativeRow:
    """An item of the qualitative overview: a benefit or a cost, monetised or not, with who
    bears it (share, participants, both) and its total over the horizon when monetised."""

    id: str
    description: str
    kind: str
    bearer: str
    monetised: bool
    total_eur: float | None


def qualitative_overview(case: Case, result: CaseResult, scenario_id: str) -> list[QualitativeRow]:
    """Every benefit and cost item of a scenario with its bearer, as in the KING summary."""
    scenario = case.resolved(scenario_id)
    totals: dict[str, float] = {}
    for line in result.scenario(scenario_id).lines:
        totals[line.line_id] = totals.get(line.line_id, 0.0) + float(line.cost.sum())
    rows: list[QualitativeRow] = []
    for list_name, kind in (
        ("benefits", "benefit"),
        ("structural_costs", "cost"),
        ("one_off_costs", "cost"),
        ("investments", "cost"),
        ("level_changes", "cost"),
        ("staff_changes", "cost"),
    ):
        for line in getattr(scenario, list_name):
            bearer = "share" if line.bearer == SHARE else "participants"
            total = totals.get(line.id)
            rows.append(
                QualitativeRow(
                    id=line.id,
                    description=line.description or line.id,
                    kind=kind,
                    bearer=bearer,
                    monetised=getattr(line, "monetised", True),
                    total_eur=-total if kind == "benefit" and total is not None else total,
                )
            )
    rows += [
        QualitativeRow(item.id, item.description, item.kind, item.bearer.value, False, None)
        for item in scenario.qualitative_items
    ]
    return rows
