"""Result output as data: the documented JSON document and long-format CSV rows.

:func:`result_to_dict` turns a :class:`~samenrekenen.engine.results.CaseResult` into plain
JSON-ready data (see ``docs/results-json.md``): amounts are floats rounded to cents, ratios are
rounded to six decimals, and every value that is undefined or not finite is ``None`` (``null``),
never NaN. :func:`result_to_csv_rows` gives one row per scenario, entity and year.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from samenrekenen.engine.overview import cash_flow_table, qualitative_overview
from samenrekenen.engine.results import (
    BenchmarkRow,
    CaseResult,
    EntityResult,
    Metrics,
    PreconditionCheck,
    ScenarioResult,
)
from samenrekenen.model import SHARE, Case

CONSOLIDATED = "consolidated"
"""Entity name of the consolidated case in CSV rows."""


CSV_COLUMNS: tuple[str, ...] = (
    "scenario",
    "entity",
    "year",
    "cost",
    "difference",
    "cumulative_difference",
)
"""Columns of the long-format CSV, in order."""

_SERIES: tuple[str, ...] = (
    "cost",
    "difference",
    "cumulative_difference",
    "cash",
    "cash_difference",
    "budget",
    "budget_difference",
    "structural",
    "one_off",
)
_ABCD_KEYS: tuple[str, ...] = ("a", "b", "c", "d", "visible_start")
_AMOUNT_DECIMALS = 2
_RATIO_DECIMALS = 6


class UnknownIdError(ValueError):
    """A scenario or participant id that the result does not contain (Dutch message)."""

    def __init__(self, kind: str, value: str, valid: Sequence[str]) -> None:
        self.kind = kind
        self.value = value
        self.valid = list(valid)
        label = "Onbekend scenario" if kind == "scenario" else "Onbekende deelnemer"
        options = ", ".join(self.valid) if self.valid else "(geen)"
        super().__init__(f"{label} '{value}'. Geldige waarden: {options}.")


def clean_float(value: Any, decimals: int = _AMOUNT_DECIMALS) -> float | None:
    """A rounded float, or None when the value is None or not finite (NaN, ±inf)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    rounded = round(number, decimals)
    return rounded + 0.0  # no negative zero


def clean_series(values: Any, decimals: int = _AMOUNT_DECIMALS) -> Any:
    """An array (any shape) or scalar as nested lists of rounded floats, None for non-finite."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return clean_float(array.item(), decimals)
    # Vectorised, because results documents hold hundreds of thousands of numbers; adding 0.0
    # turns negative zero into zero, as clean_float does.
    rounded = np.round(array, decimals) + 0.0
    finite = np.isfinite(rounded)
    if finite.all():
        return rounded.tolist()
    cleaned = rounded.astype(object)
    cleaned[~finite] = None
    return cleaned.tolist()


def clean_rows(rows: Any) -> list[Any]:
    """Equally long series (a sequence of them, or a 2-D array) as lists of rounded floats."""
    if len(rows) == 0:
        return []
    cleaned: list[Any] = clean_series(np.asarray(rows, dtype=np.float64))
    return cleaned


def check_scenario(result: CaseResult, scenario: str | None) -> None:
    """Raise :class:`UnknownIdError` when ``scenario`` is given and not in the result."""
    valid = [s.id for s in result.scenarios]
    if scenario is not None and scenario not in valid:
        raise UnknownIdError("scenario", scenario, valid)


def check_participant(result: CaseResult, participant: str | None) -> None:
    """Raise :class:`UnknownIdError` when ``participant`` is given and is neither a participant
    nor ``share``."""
    valid = [*result.participants, SHARE]
    if participant is not None and participant not in valid:
        raise UnknownIdError("participant", participant, valid)


def selected_scenarios(result: CaseResult, scenario: str | None = None) -> list[ScenarioResult]:
    """The scenarios to show: all, or the one with id ``scenario``."""
    check_scenario(result, scenario)
    if scenario is None:
        return list(result.scenarios)
    return [result.scenario(scenario)]


def selected_entities(
    scenario: ScenarioResult, participant: str | None = None
) -> dict[str, EntityResult]:
    """The entities to show: all (participants, then the share), or only ``participant``."""
    if participant is None:
        return dict(scenario.entities)
    return {key: e for key, e in scenario.entities.items() if key == participant}


def metrics_to_dict(metrics: Metrics) -> dict[str, Any]:
    """The metrics of an entity, with null where undefined."""
    return {
        "break_even_year": metrics.break_even_year,
        "break_even_is_estimate": bool(metrics.break_even_is_estimate),
        "simple_payback_years": clean_float(metrics.simple_payback_years, _RATIO_DECIMALS),
        "savings_pct": clean_float(metrics.savings_pct, _RATIO_DECIMALS),
        "npv": clean_float(metrics.npv),
        "irr": clean_float(metrics.irr, _RATIO_DECIMALS),
        "residual_value": clean_float(metrics.residual_value),
    }


def entities_to_dicts(
    entities: Sequence[EntityResult], years: Sequence[int], categories: Sequence[str]
) -> list[dict[str, Any]]:
    """The yearly series, decomposition and metrics of each of several entities of one scenario
    (the consolidated case among them).

    Every yearly row of all of them is cleaned in one table: one numpy call per scenario
    instead of several per entity (the results document of every saved edit is made so)."""
    layouts = [_rows_of(entity) for entity in entities]
    table = np.empty((sum(len(layout.rows) for layout in layouts), len(years)))
    for at, row in enumerate(row for layout in layouts for row in layout.rows):
        table[at] = row  # a single number (visible_start) fills its row
    cleaned = iter(clean_rows(table))
    return [
        _entity_dict(entity, layout, cleaned, years, categories)
        for entity, layout in zip(entities, layouts, strict=True)
    ]


@dataclass(frozen=True)
class _Layout:
    """Which rows an entity has besides its series and categories, and all its rows in the
    order :func:`_entity_dict` takes them back."""

    abcd: list[str]
    share_series: list[str]
    rows: list[Any]


def _rows_of(entity: EntityResult) -> _Layout:
    abcd = [key for key in _ABCD_KEYS if entity.abcd.get(key) is not None]
    share = [n for n in ("charge_income", "result") if getattr(entity, n) is not None]
    rows = [
        *(getattr(entity, name) for name in _SERIES),
        *(entity.abcd[key] for key in abcd),
        *entity.cost_by_category,
        *(getattr(entity, name) for name in share),
    ]
    return _Layout(abcd, share, rows)


def _entity_dict(
    entity: EntityResult,
    layout: _Layout,
    cleaned: Iterator[Any],
    years: Sequence[int],
    categories: Sequence[str],
) -> dict[str, Any]:
    data: dict[str, Any] = {"years": list(years)}
    data.update((name, next(cleaned)) for name in _SERIES)
    abcd: dict[str, Any] = dict.fromkeys(_ABCD_KEYS)
    abcd.update((key, next(cleaned)) for key in layout.abcd)
    data["abcd"] = abcd
    data["cost_by_category"] = {category: next(cleaned) for category in categories}
    data["metrics"] = metrics_to_dict(entity.metrics)
    data.update((name, next(cleaned)) for name in layout.share_series)
    return data


def precondition_to_dict(check: PreconditionCheck) -> dict[str, Any]:
    """One precondition check."""
    return {
        "precondition": check.precondition,
        "ok": bool(check.ok),
        "value": clean_float(check.value),
        "limit": clean_float(check.limit),
        "message": check.message,
    }


def benchmark_to_dict(row: BenchmarkRow) -> dict[str, Any]:
    """One benchmark row."""
    return {
        "participant": row.participant,
        "per_inhabitant_eur": clean_float(row.per_inhabitant_eur),
        "per_workplace_eur": clean_float(row.per_workplace_eur),
        "per_fte_eur": clean_float(row.per_fte_eur),
        "norm_per_inhabitant_eur": clean_float(row.norm_per_inhabitant_eur),
        "norm_per_workplace_eur": clean_float(row.norm_per_workplace_eur),
        "norm_per_fte_eur": clean_float(row.norm_per_fte_eur),
        "norm_source": row.norm_source,
    }


def cash_flow_to_list(result: CaseResult, scenario: str, stakeholder: str) -> list[dict[str, Any]]:
    """The prescribed cash-flow table of one stakeholder as rows."""
    rows = cash_flow_table(result, scenario, stakeholder).rows
    return [
        {
            "section": row.section,
            "key": row.key,
            "label": row.label,
            "values": values,
            "is_total": row.is_total,
        }
        for row, values in zip(rows, clean_rows([row.values for row in rows]), strict=True)
    ]


def cash_flow_tables(
    result: CaseResult, scenario: ScenarioResult, participant: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The cash-flow tables of a scenario: consolidated and per entity (or only
    ``participant``)."""
    entities = selected_entities(scenario, participant)
    return {key: cash_flow_to_list(result, scenario.id, key) for key in [CONSOLIDATED, *entities]}


def scenario_to_dict(
    result: CaseResult,
    scenario: ScenarioResult,
    participant: str | None = None,
    case: Case | None = None,
    cash_flow: bool = True,
) -> dict[str, Any]:
    """One scenario: identity, precondition checks, consolidated and per-entity results, the
    cash-flow tables (unless ``cash_flow`` is false) and (given the case) the qualitative
    overview."""
    years, categories = result.years, result.categories
    entities = selected_entities(scenario, participant)
    extra: dict[str, Any] = {}
    if cash_flow:
        extra["cash_flow_tables"] = cash_flow_tables(result, scenario, participant)
    if case is not None:
        extra["qualitative_overview"] = [
            {
                "id": row.id,
                "description": row.description,
                "kind": row.kind,
                "bearer": row.bearer,
                "monetised": row.monetised,
                "total_eur": clean_float(row.total_eur),
            }
            for row in qualitative_overview(case, result, scenario.id)
        ]
    consolidated, *per_entity = entities_to_dicts(
        [scenario.consolidated, *entities.values()], years, categories
    )
    return {
        "id": scenario.id,
        "name": scenario.name,
        "is_baseline": bool(scenario.is_baseline),
        "members": list(scenario.members),
        "preconditions": [precondition_to_dict(c) for c in scenario.preconditions],
        "consolidated": consolidated,
        "entities": dict(zip(entities, per_entity, strict=True)),
        **extra,
    }


def result_to_dict(
    result: CaseResult,
    scenario: str | None = None,
    participant: str | None = None,
    case: Case | None = None,
    cash_flow: bool = True,
) -> dict[str, Any]:
    """The documented JSON document of a result (``docs/results-json.md``).

    ``scenario`` keeps only that scenario; ``participant`` keeps only that entity (a
    participant id or ``share``) under ``entities``; the consolidated results stay;
    ``cash_flow=False`` leaves the cash-flow tables out (the pages do not show them). Raises
    :class:`UnknownIdError` for an id the result does not contain.
    """
    check_participant(result, participant)
    return {
        "engine_version": result.engine_version,
        "case_version": result.case_version,
        "years": list(result.years),
        "categories": list(result.categories),
        "participants": list(result.participants),
        "discount_rate": clean_float(result.discount_rate, _RATIO_DECIMALS),
        "benchmark": [benchmark_to_dict(row) for row in result.benchmark],
        "notes": list(result.notes),
        "scenarios": [
            scenario_to_dict(result, s, participant, case, cash_flow)
            for s in selected_scenarios(result, scenario)
        ],
    }


def result_to_csv_rows(
    result: CaseResult, scenario: str | None = None, participant: str | None = None
) -> list[dict[str, Any]]:
    """Long-format rows (keys :data:`CSV_COLUMNS`): per scenario the consolidated case, then
    every entity (or only ``participant``), one row per year. Amounts rounded to cents; an
    undefined amount is None (an empty CSV cell)."""
    check_participant(result, participant)
    rows: list[dict[str, Any]] = []
    for scen in selected_scenarios(result, scenario):
        entities = [(CONSOLIDATED, scen.consolidated)]
        entities += list(selected_entities(scen, participant).items())
        for key, entity in entities:
            cost = clean_series(entity.cost)
            difference = clean_series(entity.difference)
            cumulative = clean_series(entity.cumulative_difference)
            for index, year in enumerate(result.years):
                rows.append(
                    {
                        "scenario": scen.id,
                        "entity": key,
                        "year": year,
                        "cost": cost[index],
                        "difference": difference[index],
                        "cumulative_difference": cumulative[index],
                    }
                )
    return rows


def write_csv(
    rows: Iterable[dict[str, Any]], stream: IO[str], columns: Iterable[str] = CSV_COLUMNS
) -> None:
    """Write rows (by default from :func:`result_to_csv_rows`) as CSV with ``columns``
    (comma-separated, decimal point, header line first)."""
    writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
