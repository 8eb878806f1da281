"""Result output: the JSON document, CSV rows and the Dutch tables."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from hypothesis import given
from rich.console import Console
from strategies import cases

from samenrekenen.engine import calculate
from samenrekenen.engine.results import (
    N_COMPONENTS,
    BenchmarkRow,
    CaseResult,
    EntityResult,
    Metrics,
    PreconditionCheck,
    ScenarioResult,
)
from samenrekenen.io.results import (
    CSV_COLUMNS,
    UnknownIdError,
    result_to_csv_rows,
    result_to_dict,
    write_csv,
)
from samenrekenen.io.tables import WORSE_OFF, render_tables
from samenrekenen.model import Case

YEARS = [2026, 2027, 2028]
CATEGORIES = ["werkplek", "software"]
TOP_KEYS = {
    "engine_version",
    "case_version",
    "years",
    "categories",
    "participants",
    "discount_rate",
    "benchmark",
    "scenarios",
}
SCENARIO_KEYS = {"id", "name", "is_baseline", "members", "preconditions", "consolidated"}
ENTITY_KEYS = {
    "years",
    "cost",
    "difference",
    "cumulative_difference",
    "cash",
    "cash_difference",
    "budget",
    "budget_difference",
    "structural",
    "one_off",
    "abcd",
    "cost_by_category",
    "metrics",
}
METRIC_KEYS = {
    "break_even_year",
    "break_even_is_estimate",
    "simple_payback_years",
    "savings_pct",
    "npv",
    "irr",
    "residual_value",
}


def _metrics(**overrides: object) -> Metrics:
    values: dict[str, object] = {
        "break_even_year": None,
        "break_even_is_estimate": False,
        "simple_payback_years": None,
        "savings_pct": None,
        "npv": None,
        "irr": None,
        "residual_value": 0.0,
    }
    values.update(overrides)
    return Metrics(**values)  # type: ignore[arg-type]


def _entity(key: str, cost: list[float], base: list[float], metrics: Metrics) -> EntityResult:
    cost_a = np.array(cost, dtype=np.float64)
    diff = cost_a - np.array(base, dtype=np.float64)
    zeros = np.zeros(len(YEARS))
    is_share = key == "share"
    return EntityResult(
        key=key,
        cost=cost_a,
        cash=cost_a.copy(),
        budget=cost_a * 0.9,
        difference=diff,
        cumulative_difference=np.cumsum(diff),
        cash_difference=diff.copy(),
        budget_difference=diff * 0.9,
        structural=cost_a.copy(),
        one_off=zeros.copy(),
        abcd={
            "a": np.full(len(YEARS), 1000.0),
            "b": zeros.copy(),
            "c": diff.copy(),
            "d": zeros.copy(),
            "visible_start": np.array(9000.0),
        },
        cost_by_category=np.vstack([cost_a * 0.25, cost_a * 0.75]),
        components=np.zeros((N_COMPONENTS, len(YEARS))),
        investment_outlays=zeros.copy(),
        metrics=metrics,
        charge_income=cost_a.copy() if is_share else None,
        result=zeros.copy() if is_share else None,
    )


def _result() -> CaseResult:
    """Two participants: 'alpha' gains a lot, 'beta' is worse off than alone."""
    base_a, base_b = [10_000.0] * 3, [5_000.0] * 3
    baseline = ScenarioResult(
        id="alleen",
        name="Ongewijzigd beleid",
        is_baseline=True,
        members=["alpha", "beta"],
        consolidated=_entity("consolidated", [15_000.0] * 3, [15_000.0] * 3, _metrics()),
        entities={
            "alpha": _entity("alpha", base_a, base_a, _metrics()),
            "beta": _entity("beta", base_b, base_b, _metrics()),
            "share": _entity("share", [0.0] * 3, [0.0] * 3, _metrics()),
        },
        lines=[],
        preconditions=[],
    )
    together = ScenarioResult(
        id="samen",
        name="Samen verder",
        is_baseline=False,
        members=["alpha", "beta"],
        consolidated=_entity(
            "consolidated",
            [1_250_000.0, 14_000.0, 13_000.0],
            [15_000.0] * 3,
            _metrics(
                break_even_year=2031,
                break_even_is_estimate=True,
                simple_payback_years=2.5,
                savings_pct=12.5,
                npv=-1_234_567.4,
                irr=math.nan,
                residual_value=1234.567,
            ),
        ),
        entities={
            "alpha": _entity("alpha", [8_000.0] * 3, base_a, _metrics(break_even_year=2026)),
            "beta": _entity("beta", [6_000.0] * 3, base_b, _metrics(npv=math.inf)),
            "share": _entity("share", [1_000.0] * 3, [0.0] * 3, _metrics()),
        },
        lines=[],
        preconditions=[
            PreconditionCheck(
                precondition="max_one_off_costs_eur",
                ok=False,
                value=300_000.0,
                limit=250_000.0,
                message="eenmalige kosten € 300.000 boven het maximum € 250.000",
            )
        ],
    )
    return CaseResult(
        years=YEARS,
        categories=CATEGORIES,
        participants=["alpha", "beta"],
        scenarios=[baseline, together],
        benchmark=[BenchmarkRow("alpha", 12.3456, None, math.nan, None, None, None, "mediaan")],
        engine_version="9.9.9",
        case_version="v3",
        discount_rate=0.0225,
    )


def _render(**kwargs: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True)
    render_tables(_result(), console, **kwargs)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_json_has_every_documented_key() -> None:
    data = result_to_dict(_result())
    assert set(data) >= TOP_KEYS
    assert [s["id"] for s in data["scenarios"]] == ["alleen", "samen"]
    for scenario in data["scenarios"]:
        assert SCENARIO_KEYS | {"entities"} <= set(scenario)
        assert set(scenario["entities"]) == {"alpha", "beta", "share"}
        for entity in [scenario["consolidated"], *scenario["entities"].values()]:
            assert set(entity) >= ENTITY_KEYS
            assert set(entity["metrics"]) == METRIC_KEYS
            assert set(entity["abcd"]) == {"a", "b", "c", "d", "visible_start"}
            assert set(entity["cost_by_category"]) == set(CATEGORIES)
            assert entity["years"] == YEARS
    share = data["scenarios"][1]["entities"]["share"]
    assert "charge_income" in share and "result" in share
    assert "charge_income" not in data["scenarios"][1]["entities"]["alpha"]


def test_json_has_null_never_nan_and_amounts_in_cents() -> None:
    data = result_to_dict(_result())
    text = json.dumps(data, allow_nan=False)  # raises on NaN or infinity
    assert "NaN" not in text
    metrics = data["scenarios"][1]["consolidated"]["metrics"]
    assert metrics["irr"] is None
    assert metrics["npv"] == -1_234_567.4
    assert metrics["residual_value"] == 1234.57
    assert metrics["break_even_year"] == 2031
    assert metrics["break_even_is_estimate"] is True
    assert data["scenarios"][1]["entities"]["beta"]["metrics"]["npv"] is None
    assert data["benchmark"][0]["per_fte_eur"] is None
    assert data["benchmark"][0]["per_inhabitant_eur"] == 12.35
    assert data["scenarios"][1]["consolidated"]["abcd"]["visible_start"] == [9000.0] * 3
    assert data["scenarios"][1]["preconditions"][0]["ok"] is False


def test_json_participant_filter_keeps_consolidated_and_only_that_entity() -> None:
    data = result_to_dict(_result(), scenario="samen", participant="beta")
    assert [s["id"] for s in data["scenarios"]] == ["samen"]
    scenario = data["scenarios"][0]
    assert list(scenario["entities"]) == ["beta"]
    assert scenario["consolidated"]["cost"] == [1_250_000.0, 14_000.0, 13_000.0]


def test_unknown_ids_raise_a_dutch_message_listing_valid_ids() -> None:
    with pytest.raises(UnknownIdError, match=r"Onbekend scenario 'x'.*alleen, samen"):
        result_to_dict(_result(), scenario="x")
    with pytest.raises(UnknownIdError, match=r"Onbekende deelnemer 'gamma'.*alpha, beta, share"):
        result_to_csv_rows(_result(), participant="gamma")


def test_csv_rows_are_long_format_per_scenario_entity_and_year() -> None:
    rows = result_to_csv_rows(_result(), scenario="samen")
    assert len(rows) == 4 * len(YEARS)  # consolidated + alpha + beta + share
    assert rows[0] == {
        "scenario": "samen",
        "entity": "consolidated",
        "year": 2026,
        "cost": 1_250_000.0,
        "difference": 1_235_000.0,
        "cumulative_difference": 1_235_000.0,
    }
    buffer = io.StringIO()
    write_csv(rows, buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[1] == "samen,consolidated,2026,1250000.0,1235000.0,1235000.0"


def test_tables_show_dutch_amounts_metrics_and_stamp() -> None:
    text = _render(scenario="samen")
    assert "€ 1.250.000" in text
    assert "€ -1.234.567" in text  # NPV
    assert "Omslagpunt" in text and "2031 (schatting" in text
    assert "Terugverdientijd" in text and "2,5 jaar" in text
    assert "Besparing" in text and "12,5%" in text
    assert "Netto contante waarde (disconteringsvoet 2,25%)" in text
    assert "Interne rentevoet" in text and "bestaat niet" in text
    assert "Restwaarde" in text and "€ 1.235" in text
    assert "Rekenkern 9.9.9 · casusversie v3" in text


def test_tables_mark_a_participant_worse_off_than_alone() -> None:
    text = _render(scenario="samen")
    beta_line = next(line for line in text.splitlines() if line.strip("│ ").startswith("beta"))
    assert WORSE_OFF in beta_line
    alpha_line = next(line for line in text.splitlines() if line.strip("│ ").startswith("alpha"))
    assert WORSE_OFF not in alpha_line
    assert "Randvoorwaarden geschonden" in text
    assert "eenmalige kosten € 300.000 boven het maximum" in text


def test_tables_in_thousands_have_no_decimals_and_a_unit_label() -> None:
    text = _render(scenario="samen", thousands=True)
    assert "× € 1.000" in text
    assert "1.250" in text
    assert "€ 1.250.000" not in text


def test_json_has_cash_flow_tables_and_the_qualitative_overview() -> None:
    from samenrekenen.demo import demo_case
    from samenrekenen.engine import calculate

    case = demo_case()
    data = result_to_dict(calculate(case), scenario="minder-meerkosten", case=case)
    scenario = data["scenarios"][0]
    tables = scenario["cash_flow_tables"]
    assert set(tables) == {"consolidated", *case_ids(case), "share"}
    keys = [row["key"] for row in tables["consolidated"]]
    assert keys[-3:] == ["cumulative_benefits", "cumulative_costs", "cumulative_cash_flow"]
    cash_flow = next(r for r in tables["consolidated"] if r["key"] == "cash_flow")["values"]
    expected = [-v for v in scenario["consolidated"]["cash"]]
    assert cash_flow == pytest.approx(expected, abs=0.011)
    bearers = {row["bearer"] for row in scenario["qualitative_overview"]}
    assert bearers <= {"share", "participants", "both"}


def case_ids(case: Case) -> list[str]:
    return [p.id for p in case.participants]


@given(cases())
def test_every_yearly_row_of_every_entity_lands_in_its_own_place(case: Case) -> None:
    """The results document cleans all rows of a scenario in one table; each row must come
    back at its own entity and key, rounded to cents."""
    result = calculate(case)
    document = result_to_dict(result, cash_flow=False)

    def cents(values: object) -> list[float]:
        # numpy's rounding, as the document's (it differs from round() at exact halves)
        rows = np.broadcast_to(np.asarray(values, dtype=np.float64), len(result.years))
        return [float(v) for v in np.round(rows, 2) + 0.0]

    def same(found: list[float | None], expected: list[float]) -> bool:
        return all(
            (f is None and not math.isfinite(e)) or f == e
            for f, e in zip(found, expected, strict=True)
        )

    for scenario, shown in zip(result.scenarios, document["scenarios"], strict=True):
        pairs = [(scenario.consolidated, shown["consolidated"])]
        pairs += [(e, shown["entities"][key]) for key, e in scenario.entities.items()]
        for entity, data in pairs:
            for name in ("cost", "cumulative_difference", "budget_difference", "one_off"):
                assert same(data[name], cents(getattr(entity, name)))
            for key, values in entity.abcd.items():
                if values is not None:
                    assert same(data["abcd"][key], cents(values))
            for category, row in zip(result.categories, entity.cost_by_category, strict=True):
                assert same(data["cost_by_category"][category], cents(row))
            if entity.result is not None:
                assert same(data["result"], cents(entity.result))
