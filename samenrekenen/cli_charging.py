"""Command-line commands ``charge`` (the charging of a scenario by the case's charging design, per
product and per participant, reconciled to the cent) and ``entry-exit`` (a member joins or
leaves a scenario from a year: the effect on every member)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

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
    from samenrekenen.charging.vat import vat_effect
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
    quality = quality_checks(case, result, charging)
    data = charging_to_dict(charging, bills, quality, vat_effect(case, result, charging))
    names = {p.id: p.name for p in case.participants}
    emit_text(
        out_format,
        lambda: data,
        lambda: charging_csv_rows(charging, bills),
        CHARGE_CSV_COLUMNS,
        lambda console: charging_tables(data, names, year or charging.years[-1], console),
        output,
    )


def entry_exit(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    participant: Annotated[
        str, typer.Option("--participant", "-p", help="Id van de deelnemer die toe- of uittreedt.")
    ],
    year: Annotated[int, typer.Option("--year", "-j", help="Jaar van toe- of uittreding.")],
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Toe- of uittreding: de hele casus opnieuw doorgerekend, met het effect op iedereen."""
    from samenrekenen.charging import ChargingError
    from samenrekenen.charging.membership import change_membership
    from samenrekenen.cli import _fail, _load
    from samenrekenen.io.charging import membership_table, membership_to_dict

    out_format = output_format(fmt)
    case = _load(case_path)
    others = [s.id for s in case.scenarios if not s.is_baseline]
    scenario_id = scenario or (others[0] if others else "")
    if scenario_id not in others:
        _fail(f"{case_path}: '{scenario_id}' is geen samenwerkingsscenario van deze casus")
    try:
        change = change_membership(case, scenario_id, participant, year)
    except ChargingError as error:
        _fail(f"{case_path}: {error}")
    data = membership_to_dict(change)
    names = {p.id: p.name for p in case.participants}
    emit_text(
        out_format,
        lambda: data,
        lambda: _membership_rows(data),
        MEMBERSHIP_CSV_COLUMNS,
        lambda console: membership_table(data, names, console),
        output,
    )


MEMBERSHIP_CSV_COLUMNS = ("participant", "year", "before_eur", "after_eur", "effect_eur")


def _membership_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for p in data["participants"]:
        for t, year in enumerate(data["years"]):
            yield {
                "participant": p["id"],
                "year": year,
                "before_eur": p["before_eur"][t],
                "after_eur": p["after_eur"][t],
                "effect_eur": p["effect_eur"][t],
            }


def dfa(
    case_path: Annotated[
        Path, typer.Argument(metavar="CASUS", help="Casusbestand (YAML of JSON).")
    ],
    participant: Annotated[str, typer.Option("--participant", "-p", help="Id van de deelnemer.")],
    year: Annotated[int, typer.Option("--year", "-j", help="Jaar van het DFA.")],
    scenario: ScenarioOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Uitvoervorm: table of json.")
    ] = "table",
    output: OutputOpt = None,
) -> None:
    """Dossier financiële afspraken (DFA) van één deelnemer voor één jaar."""
    from samenrekenen.charging import ChargingError, applies_to, charge
    from samenrekenen.charging.bills import member_bills
    from samenrekenen.charging.dfa import financial_arrangements
    from samenrekenen.cli import _fail, _load
    from samenrekenen.engine import calculate
    from samenrekenen.io.charging import dfa_table, dfa_to_dict

    if fmt not in ("table", "json"):
        _fail(f'Onbekende uitvoervorm "{fmt}": kies table of json.')
    case = _load(case_path)
    if case.charging_design is None:
        _fail(f"{case_path}: deze casus heeft nog geen verrekening (charging_design)")
    scenario_id = scenario or applies_to(case.charging_design, case)[0]
    try:
        result = calculate(case)
        charging = charge(case, result, scenario_id)
        bills = {b.id: b for b in member_bills(case, result, charging)}
        if participant not in bills:
            raise ChargingError(f"'{participant}' is geen lid van scenario '{scenario_id}'")
        document = dfa_to_dict(
            financial_arrangements(case, result, charging, bills[participant], year)
        )
    except ChargingError as error:
        _fail(f"{case_path}: {error}")
    names = {p.id: p.name for p in case.participants}
    emit_text(
        output_format(fmt),
        lambda: document,
        lambda: iter(()),
        (),
        lambda console: dfa_table(document, names, console),
        output,
    )
