"""Result output as Rich tables, in Dutch, for the command line.

Per scenario: the consolidated cost, difference and cumulative difference per year, the metrics
(omslagpunt, terugverdientijd, besparing, netto contante waarde, interne rentevoet, restwaarde),
a summary per participant that marks everyone who is worse off than alone, and the precondition
breaches. Every output is stamped with the engine version and the case version.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from samenrekenen.engine.results import CaseResult, EntityResult, Metrics, ScenarioResult
from samenrekenen.format import (
    THOUSANDS_LABEL,
    format_eur,
    format_pct,
    format_year_or_none,
    format_years,
    unit_label,
)
from samenrekenen.io.results import SHARE, check_participant, selected_scenarios

TOLERANCE_EUR = 0.005
"""Amounts within this distance of zero count as zero (docs/calculation.md)."""

WORSE_OFF = "slechter af dan alleen"
"""Marker of a participant whose cumulative difference at the horizon is above zero."""


def version_stamp(result: CaseResult) -> str:
    """``Rekenkern 1.0 · casusversie v3`` — printed with every result."""
    case_version = result.case_version or "(geen versie)"
    return f"Rekenkern {result.engine_version} · casusversie {case_version}"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _break_even(metrics: Metrics) -> str:
    text = format_year_or_none(metrics.break_even_year)
    if metrics.break_even_year is not None and metrics.break_even_is_estimate:
        text += " (schatting, na de looptijd)"
    return text


def _entity_label(key: str, names: Mapping[str, str] | None = None) -> str:
    if key == SHARE:
        return "Share (gezamenlijke organisatie)"
    name = (names or {}).get(key)
    return f"{name} ({key})" if name and name != key else key


def yearly_table(
    result: CaseResult,
    entity: EntityResult,
    title: str,
    thousands: bool = False,
    cost_only: bool = False,
) -> Table:
    """Cost, difference and cumulative difference of one entity, one row per year (only the
    cost when ``cost_only``, as for the baseline scenario)."""
    unit = f" ({THOUSANDS_LABEL})" if thousands else ""
    table = Table(title=title, title_justify="left")
    table.add_column("Jaar", justify="left")
    table.add_column(f"Kosten{unit}", justify="right", no_wrap=True)
    if not cost_only:
        table.add_column(f"Verschil{unit}", justify="right", no_wrap=True)
        table.add_column(f"Cumulatief verschil{unit}", justify="right", no_wrap=True)
    for index, year in enumerate(result.years):
        cells = [str(year), format_eur(float(entity.cost[index]), thousands)]
        if not cost_only:
            cells.append(format_eur(float(entity.difference[index]), thousands))
            cells.append(format_eur(float(entity.cumulative_difference[index]), thousands))
        table.add_row(*cells)
    return table


def metrics_table(result: CaseResult, entity: EntityResult, title: str) -> Table:
    """The metrics of one entity with their Dutch names."""
    metrics = entity.metrics
    rate = result.discount_rate
    npv_note = (
        f"disconteringsvoet {format_pct(rate * 100, 2)}" if rate > 0 else "niet verdisconteerd"
    )
    irr_value = _finite(metrics.irr)
    irr = format_pct(irr_value * 100) if irr_value is not None else "bestaat niet"
    payback_years = _finite(metrics.simple_payback_years)
    payback = format_years(payback_years) if payback_years is not None else "n.v.t."
    savings_pct = _finite(metrics.savings_pct)
    savings = format_pct(savings_pct) if savings_pct is not None else "n.v.t."
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("Kengetal")
    table.add_column("Waarde", justify="right", no_wrap=True)
    table.add_row("Omslagpunt", _break_even(metrics))
    table.add_row("Terugverdientijd", payback)
    table.add_row("Besparing", savings)
    table.add_row(f"Netto contante waarde ({npv_note})", format_eur(metrics.npv))
    table.add_row("Interne rentevoet", irr)
    table.add_row("Restwaarde", format_eur(metrics.residual_value))
    return table


def participants_table(
    result: CaseResult,
    scenario: ScenarioResult,
    participant: str | None = None,
    thousands: bool = False,
    names: Mapping[str, str] | None = None,
) -> Table:
    """Per participant: its own cumulative difference at the horizon, break-even and a
    marker when it is worse off than alone."""
    last = result.years[-1]
    unit = f" ({THOUSANDS_LABEL})" if thousands else ""
    table = Table(title=f"Per deelnemer (t.o.v. alleen, t/m {last})", title_justify="left")
    table.add_column("Deelnemer")
    table.add_column(f"Cumulatief verschil {last}{unit}", justify="right", no_wrap=True)
    table.add_column("Omslagpunt", justify="right")
    table.add_column("Oordeel")
    for key in result.participants:
        if participant is not None and key != participant:
            continue
        entity = scenario.entities.get(key)
        if entity is None:
            continue
        cumulative = float(entity.cumulative_difference[-1])
        if key not in scenario.members:
            verdict = Text("geen lid van dit scenario", style="dim")
        elif cumulative > TOLERANCE_EUR:
            verdict = Text(f"⚠ {WORSE_OFF}", style="bold red")
        elif cumulative < -TOLERANCE_EUR:
            verdict = Text("beter af", style="green")
        else:
            verdict = Text("gelijk")
        table.add_row(
            _entity_label(key, names),
            format_eur(cumulative, thousands),
            _break_even(entity.metrics),
            verdict,
        )
    return table


def render_scenario(
    result: CaseResult,
    scenario: ScenarioResult,
    console: Console,
    participant: str | None = None,
    thousands: bool = False,
    names: Mapping[str, str] | None = None,
) -> None:
    """Print the tables of one scenario (``names``: participant id → name for labels)."""
    base = scenario.is_baseline
    kind = "referentie: ongewijzigd beleid" if base else "t.o.v. ongewijzigd beleid"
    console.rule(Text(f"Scenario {scenario.id}: {scenario.name} ({kind})", style="bold"))
    if not base:
        console.print(
            "Verschil = scenario − ongewijzigd beleid; een negatief bedrag is een besparing.",
            style="dim",
        )
    console.print(
        yearly_table(result, scenario.consolidated, "Geconsolideerd", thousands, cost_only=base)
    )
    if not base:
        console.print(metrics_table(result, scenario.consolidated, "Kengetallen (geconsolideerd)"))
    if participant is not None and participant in scenario.entities:
        label = _entity_label(participant, names)
        entity = scenario.entities[participant]
        console.print(yearly_table(result, entity, label, thousands, cost_only=base))
        if not base:
            console.print(metrics_table(result, entity, f"Kengetallen ({label})"))
    if participant != SHARE and not base:
        console.print(participants_table(result, scenario, participant, thousands, names))
        worse = [
            key
            for key in scenario.members
            if key in scenario.entities
            and (participant is None or key == participant)
            and float(scenario.entities[key].cumulative_difference[-1]) > TOLERANCE_EUR
        ]
        if worse:
            console.print(
                Text(
                    f"Let op: {', '.join(_entity_label(k, names) for k in worse)} {WORSE_OFF}.",
                    style="bold red",
                ),
            )
    breaches = [check for check in scenario.preconditions if not check.ok]
    if breaches:
        console.print(Text("Randvoorwaarden geschonden:", style="bold red"))
        for check in breaches:
            console.print(Text(f"  ✗ {check.precondition}: {check.message}", style="red"))
    elif scenario.preconditions:
        console.print(Text("Alle randvoorwaarden zijn vervuld.", style="green"))
    console.print()


def render_tables(
    result: CaseResult,
    console: Console,
    scenario: str | None = None,
    participant: str | None = None,
    thousands: bool = False,
    names: Mapping[str, str] | None = None,
) -> None:
    """Print the result as tables: every scenario (or only ``scenario``), consolidated and per
    participant (or only ``participant``), amounts in euros or in thousands of euros.
    ``names`` (participant id → name) makes the labels readable.

    Raises :class:`~samenrekenen.io.results.UnknownIdError` for an unknown id.
    """
    check_participant(result, participant)
    scenarios = selected_scenarios(result, scenario)
    console.print(Text(version_stamp(result), style="dim"))
    if thousands:
        console.print(Text(f"Bedragen {unit_label(True)}", style="dim"))
    for scen in scenarios:
        render_scenario(result, scen, console, participant, thousands, names)
    for note in result.notes:
        console.print(Text(f"Opmerking: {note}", style="dim"))
    console.print(Text(version_stamp(result), style="dim"))
