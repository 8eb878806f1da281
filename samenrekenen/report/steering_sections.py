"""Council-report sections of risks and of steering on benefits (issue 6), registered through
the report's section registry (:mod:`samenrekenen.report.sections`):

- ``batennetwerk`` *Batennetwerk en kengetallen* (after *Baten*): the benefits network as a
  diagram and a table of its relations, and the indicators with baseline and targets;
- ``risico`` *Risico's* (after fairness): the risk register, the probability of success for
  the whole and for each participant (Monte Carlo, the case's draws with a fixed seed, so that
  the report can be made again with the same numbers), the histogram and fan chart, the tornado
  and what the case can bear before it turns negative;
- ``plan-werkelijk`` *Begroot en werkelijk*: plan versus actual, the settlement on actuals and
  the evaluation after the first year in operation (only when the case has actuals).

Every number comes from the same functions as the pages and the API (``io.risk``,
``io.benefits``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samenrekenen.benefits import IndicatorProgress, case_network, network_svg
from samenrekenen.benefits.indicators import indicator_progress
from samenrekenen.format import format_eur, format_number, format_pct, format_year_or_none
from samenrekenen.io.benefits import steering_to_dict
from samenrekenen.io.risk import montecarlo_to_dict, register_to_dict, sensitivity_to_dict
from samenrekenen.labels import enum_label
from samenrekenen.model.risk import RiskKind, RiskStatus
from samenrekenen.risk import register_summary, run_monte_carlo, run_sensitivity

from .risk_charts import fan_svg, histogram_svg, tornado_svg
from .sections import (
    WORSE,
    Block,
    Cell,
    Chart,
    Column,
    Heading,
    Paragraph,
    SectionContent,
    Table,
    register_section,
)

if TYPE_CHECKING:
    from .council import ReportContext

REPORT_DRAWS = 10_000
"""Most draws the report makes (a case may ask for fewer)."""

REPORT_SEED = 1
"""Seed when the case names none: the same case gives the same report."""

SEARCHES = {
    "delay_months": ("Vertraging", "maanden"),
    "cost_overrun_pct": ("Kostenoverschrijding", "%"),
    "benefit_shortfall_pct": ("Tekort aan baten", "%"),
}


def _text_columns(*labels: str) -> tuple[Column, ...]:
    return tuple(Column(label, numeric=False) for label in labels)


# --- benefits network and indicators -------------------------------------------------------------


def network_section(ctx: ReportContext) -> SectionContent | None:
    """The benefits network (diagram and relations) and the indicators."""
    network = case_network(ctx.case)
    names = {node.id: node.name for node in network.nodes}
    origin = (
        "het standaardnetwerk" if ctx.case.benefits_network is None else "het netwerk van de case"
    )
    blocks: list[Block] = [
        Paragraph(
            f"Hoe de maatregelen via bronnen van verbetering tot de doelen leiden ({origin}). "
            "Negatieve relaties zijn rood en gestreept."
        ),
        Chart("Batennetwerk", network_svg(network), f"{len(network.edges)} relaties."),
        Table(
            "Relaties in het batennetwerk",
            _text_columns("Van", "Naar", "Werking"),
            tuple(
                (
                    Cell(names.get(e.source, e.source)),
                    Cell(names.get(e.target, e.target)),
                    Cell("positief (+)" if e.positive else "negatief (−)"),
                )
                for e in network.edges
            ),
        ),
    ]
    progress = indicator_progress(ctx.case)
    if progress:
        blocks += [
            Heading("Kengetallen"),
            Table(
                "Kengetallen: beginwaarde en streefwaarden",
                (
                    *_text_columns("Kengetal", "Volgt"),
                    Column("Beginwaarde"),
                    Column("Streefwaarden", numeric=False),
                ),
                tuple(_indicator_row(p) for p in progress),
            ),
        ]
    return SectionContent(tuple(blocks))


def _indicator_row(progress: IndicatorProgress) -> tuple[Cell, ...]:
    targets = "; ".join(
        f"{y.year}: {format_number(y.target, 1)}" for y in progress.years if y.target is not None
    )
    unit = f" ({progress.unit})" if progress.unit else ""
    baseline = progress.baseline_value
    return (
        Cell(progress.name + unit),
        Cell(progress.subject),
        Cell("—" if baseline is None else format_number(baseline, 1)),
        Cell(targets or "—"),
    )


# --- risks ---------------------------------------------------------------------------------------


def risk_section(ctx: ReportContext) -> SectionContent | None:
    """Risico's: register, probability of success, tornado and break-even thresholds."""
    case = ctx.case
    scenario = ctx.best.scenario.id if ctx.best is not None else None
    if scenario is None or (not case.risks and case.uncertainty is None):
        return None
    uncertainty = case.uncertainty
    draws = min(uncertainty.draws if uncertainty else REPORT_DRAWS, REPORT_DRAWS)
    seed = uncertainty.seed if uncertainty and uncertainty.seed is not None else REPORT_SEED
    mc = montecarlo_to_dict(run_monte_carlo(case, scenario, draws=draws, seed=seed), case)
    sens = sensitivity_to_dict(run_sensitivity(case, scenario), case)
    whole = mc["consolidated"]
    blocks: list[Block] = [
        *_register_blocks(ctx),
        Heading("Kans van slagen"),
        Paragraph(
            f"{mc['draws']} trekkingen van alle onzekere aannames (startgetal {mc['seed']}) voor "
            f"{mc['scenario']['name']}. Kans dat samenwerken zich terugverdient: "
            f"{format_pct(whole['p_positive'] * 100)} voor het geheel. Een omslagpunt 'niet' "
            "betekent dat de samenwerking zich bij dat percentiel niet terugverdient."
        ),
        _chance_table(ctx, mc),
        Chart(
            "Verdeling van de netto contante waarde",
            histogram_svg(whole, "Verdeling van de netto contante waarde"),
            "Aantal trekkingen per klasse.",
        ),
        Chart(
            "Waaier van het cumulatieve verschil",
            fan_svg(whole, mc["years"], "Waaier van het cumulatieve verschil"),
            "P10–P90 en P25–P75 per jaar; de lijn is de mediaan.",
        ),
        Heading("Gevoeligheid"),
        Chart(
            "Tornado",
            tornado_svg(
                sens["consolidated"]["tornado"],
                sens["consolidated"]["center"],
                "Tornado (geconsolideerd)",
            ),
            "Het resultaat met één aanname op laag en op hoog; de rest op de meest "
            "waarschijnlijke waarde.",
        ),
        _thresholds_table(ctx, sens),
    ]
    return SectionContent(tuple(blocks))


def _register_blocks(ctx: ReportContext) -> list[Block]:
    risks = ctx.case.risks
    if not risks:
        return []
    totals = register_to_dict(register_summary(ctx.case))
    rows = tuple(
        (
            Cell(r.description),
            Cell(enum_label(RiskKind, r.kind.value)),
            Cell(format_pct(r.probability * 100, 0)),
            Cell(_impact(r)),
            Cell(r.owner or "—"),
            Cell(r.mitigation or "—"),
            Cell(enum_label(RiskStatus, r.status.value)),
        )
        for r in risks
    )
    return [
        Table(
            "Risicoregister",
            _text_columns("Risico", "Soort", "Kans", "Gevolg", "Eigenaar", "Maatregel", "Status"),
            rows,
        ),
        Paragraph(
            f"Verwachte waarde {format_eur(totals['expected_eur'])}, kosten van maatregelen "
            f"{format_eur(totals['mitigation_cost_eur'])}; als reserve of maatregel in de "
            f"risicoberekening opgenomen: {format_eur(totals['in_case_eur'])}."
        ),
    ]


def _impact(risk: Any) -> str:
    parts = []
    if risk.impact_eur is not None:
        parts.append(format_eur(risk.impact_eur))
    if risk.impact_months is not None:
        parts.append(f"{risk.impact_months} maanden")
    return ", ".join(parts) or "—"


def _entities(ctx: ReportContext, data: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    rows = [("Geconsolideerd", data["consolidated"])]
    return rows + [(ctx.names[k], v) for k, v in data["entities"].items() if k in ctx.names]


def _chance_table(ctx: ReportContext, mc: Mapping[str, Any]) -> Table:
    rows = []
    for name, d in _entities(ctx, mc):
        npv, be = d["npv_percentiles"], d["break_even_percentiles"]
        tone = WORSE if d["p_positive"] < 0.5 else ""
        rows.append(
            (
                Cell(name),
                Cell(format_pct(d["p_positive"] * 100), tone=tone),
                ctx.amount(npv["p10"]),
                ctx.amount(npv["p50"]),
                ctx.amount(npv["p90"]),
                Cell(" / ".join(format_year_or_none(be[k]) for k in ("p10", "p50", "p90"))),
            )
        )
    return Table(
        f"Kans van slagen en netto contante waarde per deelnemer ({ctx.unit})",
        (
            Column("Entiteit", numeric=False),
            Column("Kans positief"),
            Column("NCW P10"),
            Column("NCW P50"),
            Column("NCW P90"),
            Column("Omslagpunt P10 / P50 / P90"),
        ),
        tuple(rows),
    )


def _thresholds_table(ctx: ReportContext, sens: Mapping[str, Any]) -> Table:
    def cell(value: float | None) -> Cell:
        if value is None:
            return Cell("niet binnen bereik")
        if value == 0:
            return Cell("al negatief", tone=WORSE)
        return Cell(format_number(value, 0))

    return Table(
        "Wat de case verdraagt voordat het resultaat negatief wordt",
        (Column("Entiteit", numeric=False), *(Column(f"{a} ({u})") for a, u in SEARCHES.values())),
        tuple(
            (Cell(name), *(cell(d["break_even"][k]) for k in SEARCHES))
            for name, d in _entities(ctx, sens)
        ),
    )


# --- plan versus actual --------------------------------------------------------------------------


def plan_actual_section(ctx: ReportContext) -> SectionContent | None:
    """Begroot en werkelijk: the evaluation, cost totals, benefits and the settlement."""
    if ctx.case.actuals is None:
        return None
    data = steering_to_dict(ctx.case, ctx.result)
    evaluation = data["evaluation"]
    blocks: list[Block] = [Paragraph(s) for s in evaluation["sentences"]]
    blocks.append(
        Table(
            f"Kosten begroot en werkelijk per entiteit ({ctx.unit})",
            (
                Column("Entiteit", numeric=False),
                Column("Jaar"),
                Column("Begroot"),
                Column("Werkelijk"),
                Column("Verschil"),
                Column("Verschil %"),
            ),
            tuple(
                (
                    Cell(ctx.entity_name(r["entity"])),
                    Cell(str(r["year"])),
                    ctx.amount(r["plan_eur"]),
                    ctx.amount(r["actual_eur"]),
                    ctx.amount(r["difference_eur"], WORSE if r["difference_eur"] > 0.005 else ""),
                    Cell(
                        format_pct(r["difference_pct"]) if r["difference_pct"] is not None else "—"
                    ),
                )
                for r in data["cost_totals"]
            ),
        )
    )
    settlement = data["settlement"]
    if settlement is not None:
        blocks.append(
            Table(
                f"Nacalculatie op de werkelijke cijfers ({ctx.unit})",
                (
                    Column("Deelnemer", numeric=False),
                    Column("Jaar"),
                    Column("Begroot"),
                    Column("Gefactureerd"),
                    Column("Nacalculatie"),
                    Column("Totaal"),
                ),
                tuple(
                    (
                        Cell(ctx.entity_name(m["member"])),
                        Cell(str(m["year"])),
                        ctx.amount(m["plan_eur"]),
                        ctx.amount(m["charged_eur"]),
                        ctx.amount(m["settlement_eur"]),
                        ctx.amount(m["total_eur"]),
                    )
                    for m in settlement["members"]
                ),
            )
        )
    return SectionContent(tuple(blocks))


register_section("batennetwerk", "Batennetwerk en kengetallen", 65, network_section)
register_section("risico", "Risico's", 85, risk_section)
register_section("plan-werkelijk", "Begroot en werkelijk", 88, plan_actual_section)
