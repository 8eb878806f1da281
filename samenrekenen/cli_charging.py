"""Command-line command ``charge``: the charging (verrekening) of a scenario by the case's
charging design, per product and per participant, with the reconciliation to the cent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samenrekenen.cli_fairness import FormatOpt, OutputOpt, ScenarioOpt, emit_text, output_format


def charge(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    scenario: ScenarioOpt = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-j", help="Jaar van de tabellen (standaard het laatste)."),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Verrekening: kostprijzen, tarieven, rekening per deelnemer en de aansluiting."""
    from samenrekenen.charging import ChargingError, applies_to, charge
    from samenrekenen.charging.bills import member_bills
    from samenrekenen.charging.quality import quality_checks
    from samenrekenen.cli import _fail, _load
    from samenrekenen.engine import calculate
    from samenrekenen.io.charging import (
        CHARGE_CSV_COLUMNS,
        charging_csv_rows,
        charging_tables,
        charging_to_dict,
    )

    out_format = output_format(fmt)
    case = _load(case_path)
    if case.charging_design is None:
        _fail(f"{case_path}: deze casus heeft nog geen verrekening (charging_design)")
    scenario_id = scenario or applies_to(case.charging_design, case)[0]
    if year is not None and year not in case.cooperation.years:
        coop = case.cooperation
        _fail(f"jaar {year} ligt buiten de looptijd {coop.first_year}–{coop.last_year}")
    try:
        result = calculate(case)
        charging = charge(case, result, scenario_id)
    except ChargingError as error:
        _fail(f"{case_path}: {error}")
    bills = member_bills(case, result, charging)
    data = charging_to_dict(charging, bills, quality_checks(case, result, charging))
    names = {p.id: p.name for p in case.participants}
    emit_text(
        out_format,
        lambda: data,
        lambda: charging_csv_rows(charging, bills),
        CHARGE_CSV_COLUMNS,
        lambda console: charging_tables(data, names, year or charging.years[-1], console),
        output,
    )
