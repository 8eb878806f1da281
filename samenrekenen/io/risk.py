"""Risk results as JSON-ready dicts and Dutch Rich tables: Monte Carlo and sensitivity.

Used by the command line (``montecarlo``, ``sensitivity``) and later the API and the report, so
they show the same numbers: amounts rounded to the cent, probabilities to four decimals,
``null`` where a percentile or threshold does not exist (a break-even year that falls among the
draws that never break even, a threshold beyond the search range). The documents are
described in docs/risk.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from samenrekenen.engine import ENGINE_VERSION
from samenrekenen.format import format_eur, format_number, format_pct, format_year_or_none
from samenrekenen.io.results import clean_float, clean_series
from samenrekenen.model import Case
from samenrekenen.model.risk import STAFF_SAVINGS
from samenrekenen.risk import (
    EntityDistribution,
    MonteCarloResult,
    RegisterSummary,
    SensitivityResult,
    TornadoBar,
    UncertainInput,
)
from samenrekenen.risk.montecarlo import Histogram
from samenrekenen.risk.sensitivity import SEARCHES

PROBABILITY_DECIMALS = 4

METRIC_LABELS = {
    "npv": "netto contante waarde",
    "cumulative": "cumulatief resultaat over de looptijd (−Σ verschil)",
}
"""What "positive" is measured by, in Dutch."""


def _stamp(case: Case) -> dict[str, Any]:
    return {"engine_version": ENGINE_VERSION, "case_version": case.version_label}


def _uplift(costs_pct: float, duration_months: float) -> dict[str, float] | None:
    if costs_pct <= 0 and duration_months <= 0:
        return None
    return {"costs_pct": costs_pct, "duration_months": duration_months}


def input_to_dict(inp: UncertainInput) -> dict[str, Any]:
    """An uncertain input: name, label, spread and distribution (``switch`` for the staff
    switch, with its probability)."""
    return {
        "name": inp.name,
        "label": inp.label,
        "low": inp.low,
        "likely": inp.likely,
        "high": inp.high,
        "distribution": inp.distribution.value if inp.distribution else "switch",
        "probability": inp.probability if inp.distribution is None else None,
    }


def register_to_dict(summary: RegisterSummary) -> dict[str, Any]:
    """The register's totals."""
    return {
        "risks": summary.risks,
        "expected_eur": clean_float(summary.expected_eur),
        "mitigation_cost_eur": clean_float(summary.mitigation_cost_eur),
        "in_case_eur": clean_float(summary.in_case_eur),
    }


def _point(point: Mapping[str, float | int | None] | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {
        key: value if key == "break_even_year" else clean_float(value)
        for key, value in point.items()
    }


def _histogram(h: Histogram) -> dict[str, Any]:
    return {"edges": clean_series(h.edges), "counts": h.counts}


def distribution_to_dict(d: EntityDistribution) -> dict[str, Any]:
    """One entity's distribution."""
    return {
        "p_positive": round(d.p_positive, PROBABILITY_DECIMALS),
        "result_mean": clean_float(d.result_mean),
        "npv_percentiles": {k: clean_float(v) for k, v in d.npv_percentiles.items()},
        "cumulative_difference_percentiles": {
            k: clean_float(v) for k, v in d.cumulative_percentiles.items()
        },
        "break_even_percentiles": d.break_even_percentiles,
        "p_never_break_even": round(d.p_never_break_even, PROBABILITY_DECIMALS),
        "histograms": {
            "npv": _histogram(d.npv_histogram),
            "cumulative_difference": _histogram(d.cumulative_histogram),
        },
        "fan": {band: clean_series(values) for band, values in d.fan.items()},
        "deterministic": _point(d.deterministic),
        "deterministic_with_uplift": _point(d.deterministic_with_uplift),
    }


def montecarlo_to_dict(result: MonteCarloResult, case: Case) -> dict[str, Any]:
    """A Monte Carlo run as a JSON document (docs/risk.md)."""
    return {
        **_stamp(case),
        "scenario": {"id": result.scenario_id, "name": result.scenario_name},
        "years": result.years,
        "draws": result.draws,
        "seed": result.seed,
        "latin_hypercube": result.latin_hypercube,
        "discount_rate": result.discount_rate,
        "metric": result.metric,
        "optimism_bias": _uplift(result.costs_uplift_pct, result.duration_uplift_months),
        "register": register_to_dict(result.register),
        "inputs": [input_to_dict(i) for i in result.inputs],
        "consolidated": distribution_to_dict(result.consolidated),
        "entities": {key: distribution_to_dict(d) for key, d in result.entities.items()},
    }


def _bar(bar: TornadoBar) -> dict[str, Any]:
    return {
        "name": bar.name,
        "label": bar.label,
        "low": bar.low,
        "high": bar.high,
        "result_low": clean_float(bar.result_low),
        "result_high": clean_float(bar.result_high),
        "swing": clean_float(bar.swing),
    }


def sensitivity_to_dict(result: SensitivityResult, case: Case) -> dict[str, Any]:
    """Tornado and break-even thresholds as a JSON document (docs/risk.md)."""

    def entity(key: str) -> dict[str, Any]:
        return {
            "center": clean_float(result.center[key]),
            "deterministic": clean_float(result.deterministic[key]),
            "tornado": [_bar(b) for b in result.tornado[key]],
            "break_even": result.break_even[key],
        }

    keys = [k for k in result.center if k != "consolidated"]
    return {
        **_stamp(case),
        "scenario": {"id": result.scenario_id, "name": result.scenario_name},
        "discount_rate": result.discount_rate,
        "metric": result.metric,
        "optimism_bias": _uplift(result.costs_uplift_pct, result.duration_uplift_months),
        "search_ranges": {s.name: [s.low, s.high] for s in SEARCHES},
        "consolidated": entity("consolidated"),
        "entities": {key: entity(key) for key in keys},
    }


# --- tables --------------------------------------------------------------------------------------


def _names(case: Case) -> dict[str, str]:
    return {"consolidated": "Geconsolideerd", **{p.id: p.name for p in case.participants}}


def _uplift_line(data: Mapping[str, Any]) -> str | None:
    bias = data["optimism_bias"]
    if bias is None:
        return None
    months = format_number(bias["duration_months"])
    return (
        f"Met optimisme-opslag: kosten +{format_pct(bias['costs_pct'])}, "
        f"looptijd +{months} maanden (in elke trekking en in de rekenwaarde 'met opslag')."
    )


def montecarlo_tables(data: Mapping[str, Any], case: Case, console: Console) -> None:
    """A Monte Carlo document (:func:`montecarlo_to_dict`) as Dutch tables."""
    scenario = data["scenario"]["name"]
    lhs = ", Latin hypercube" if data["latin_hypercube"] else ""
    console.print(
        f"Monte Carlo · {scenario}: {format_number(data['draws'])} trekkingen, "
        f"seed {data['seed']}{lhs}. Positief = {METRIC_LABELS[data['metric']]} > 0."
    )
    if (line := _uplift_line(data)) is not None:
        console.print(line)
    table = Table(title="Kans op een positieve business case")
    for heading in ("", "Kans positief", "Rekenwaarde", "NCW P10", "NCW P50", "NCW P90"):
        table.add_column(heading, justify="left" if not heading else "right")
    for heading in ("Omslagpunt P10", "P50", "P90"):
        table.add_column(heading, justify="right")
    names = _names(case)
    rows = {"consolidated": data["consolidated"], **data["entities"]}
    for key, d in rows.items():
        npv = d["npv_percentiles"]
        years = d["break_even_percentiles"]
        table.add_row(
            names.get(key, key),
            format_pct(d["p_positive"] * 100),
            format_eur(d["deterministic"]["result"]),
            *(format_eur(npv[b]) for b in ("p10", "p50", "p90")),
            *(format_year_or_none(years[b]) for b in ("p10", "p50", "p90")),
        )
    console.print(table)
    register = data["register"]
    if register["risks"]:
        console.print(
            f"Risicoregister: {register['risks']} risico's, verwachte waarde "
            f"{format_eur(register['expected_eur'])}, beheersmaatregelen "
            f"{format_eur(register['mitigation_cost_eur'])}, in de casus opgenomen "
            f"{format_eur(register['in_case_eur'])}."
        )


def _threshold(value: float | None, name: str) -> str:
    if value is None:
        return "niet binnen bereik"
    if value == 0:
        return "nu al niet positief"
    if name == "delay_months":
        return f"{format_number(value)} maanden"
    return format_pct(value, 2)


def _input_value(name: str, value: float) -> str:
    """An input's value in a table: the staff switch as nee/ja, numbers the Dutch way."""
    if name == STAFF_SAVINGS:
        return "ja" if value else "nee"
    return format_number(value, 0 if float(value).is_integer() else 2)


def sensitivity_tables(data: Mapping[str, Any], case: Case, console: Console) -> None:
    """A sensitivity document (:func:`sensitivity_to_dict`) as Dutch tables: the consolidated
    tornado and the break-even thresholds of every entity."""
    consolidated = data["consolidated"]
    console.print(
        f"Gevoeligheid · {data['scenario']['name']}. Uitkomst = {METRIC_LABELS[data['metric']]}; "
        f"bij meest waarschijnlijke waarden {format_eur(consolidated['center'])}, "
        f"rekenwaarde {format_eur(consolidated['deterministic'])}."
    )
    if (line := _uplift_line(data)) is not None:
        console.print(line)
    tornado = Table(title="Tornado (geconsolideerd), gesorteerd op uitslag")
    for heading in ("Invoer", "Laag", "Hoog", "Uitkomst bij laag", "Uitkomst bij hoog", "Uitslag"):
        tornado.add_column(heading, justify="left" if heading == "Invoer" else "right")
    for bar in consolidated["tornado"]:
        tornado.add_row(
            bar["label"],
            _input_value(bar["name"], bar["low"]),
            _input_value(bar["name"], bar["high"]),
            format_eur(bar["result_low"]),
            format_eur(bar["result_high"]),
            format_eur(bar["swing"]),
        )
    console.print(tornado)
    thresholds = Table(title="Wat maakt de business case negatief? (kleinste waarde)")
    thresholds.add_column("")
    for search in SEARCHES:
        thresholds.add_column(search.label, justify="right")
    names = _names(case)
    for key, d in {"consolidated": consolidated, **data["entities"]}.items():
        found = d["break_even"]
        thresholds.add_row(
            names.get(key, key), *(_threshold(found[s.name], s.name) for s in SEARCHES)
        )
    console.print(thresholds)
