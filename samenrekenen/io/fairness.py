"""Fairness and coalition results as JSON-ready dicts, CSV rows and Dutch Rich tables.

Used by the command line (``fairness``, ``coalitions``, ``game``) and the API, so the two show
the same numbers: amounts rounded to the cent, ``null`` where something was not computed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from samenrekenen.fairness.analysis import Allocation, FairnessReport
from samenrekenen.fairness.coalitions import CoalitionRow, Exploration
from samenrekenen.fairness.game import AllocationCheck, Compensation
from samenrekenen.format import format_eur
from samenrekenen.io.results import clean_float

YES_NO = {True: "ja", False: "nee", None: "niet berekend"}
CENT = 0.01


def _per_player(players: Sequence[str], values: Any) -> dict[str, float | None]:
    return {p: clean_float(v) for p, v in zip(players, values, strict=True)}


def check_to_dict(check: AllocationCheck | None, players: Sequence[str]) -> dict[str, Any] | None:
    """An allocation's check against the game."""
    if check is None:
        return None
    return {
        "efficient": check.efficient,
        "individually_rational": check.individually_rational,
        "in_core": check.in_core,
        "largest_excess_eur": clean_float(check.largest_excess),
        "largest_excess_coalition": list(check.largest_excess_coalition),
        "stand_alone_gain_eur": _per_player(players, check.stand_alone_gain),
    }


def allocation_to_dict(allocation: Allocation, players: Sequence[str]) -> dict[str, Any]:
    """One allocation with its amounts per participant id."""
    half = allocation.half_width_eur
    return {
        "key": allocation.key,
        "label": allocation.label,
        "amounts_eur": _per_player(players, allocation.amounts_eur),
        "half_width_eur": None if half is None else _per_player(players, half),
        "check": check_to_dict(allocation.check, players),
    }


def compensation_to_dict(
    compensation: Compensation | None, players: Sequence[str]
) -> dict[str, Any] | None:
    """The suggested compensation lines (compensatieposten)."""
    if compensation is None:
        return None
    return {
        "total_transfer_eur": clean_float(compensation.total_transfer_eur),
        "transfers_eur": _per_player(players, compensation.transfers),
        "target_eur": _per_player(players, compensation.target),
    }


def fairness_to_dict(report: FairnessReport) -> dict[str, Any]:
    """The whole fairness analysis of a scenario."""
    players = report.players
    return {
        "scenario": report.scenario_id,
        "exact": report.exact,
        "participants": [
            {"id": p, "name": name, "stand_alone_eur": clean_float(alone)}
            for p, name, alone in zip(players, report.names, report.stand_alone_eur, strict=True)
        ],
        "grand_coalition_cost_eur": clean_float(report.grand_cost_eur),
        "core_nonempty": report.core_nonempty,
        "allocations": [allocation_to_dict(a, players) for a in report.allocations],
        "subsidy_eur": _per_player(players, report.subsidy_eur),
        "compensation": compensation_to_dict(report.compensation, players),
    }


FAIRNESS_CSV_COLUMNS = (
    "scenario",
    "participant",
    "allocation",
    "amount_eur",
    "half_width_eur",
    "stand_alone_eur",
)
COALITION_CSV_COLUMNS = (
    "rank",
    "members",
    "cost_eur",
    "npv_eur",
    "savings_eur",
    "everyone_better_off",
    "worse_off",
)


def fairness_csv_rows(report: FairnessReport) -> Iterator[dict[str, Any]]:
    """One row per participant and allocation."""
    for allocation in report.allocations:
        for p, player in enumerate(report.players):
            half = allocation.half_width_eur
            yield {
                "scenario": report.scenario_id,
                "participant": player,
                "allocation": allocation.key,
                "amount_eur": clean_float(allocation.amounts_eur[p]),
                "half_width_eur": None if half is None else clean_float(half[p]),
                "stand_alone_eur": clean_float(report.stand_alone_eur[p]),
            }


def coalition_to_dict(row: CoalitionRow) -> dict[str, Any]:
    """One coalition of the explorer."""
    return {
        "members": list(row.members),
        "cost_eur": clean_float(row.cost_eur),
        "npv_eur": clean_float(row.npv_eur),
        "savings_eur": clean_float(row.savings_eur),
        "everyone_better_off": row.everyone_better_off,
        "worse_off": list(row.worse_off),
    }


def exploration_to_dict(exploration: Exploration, top: int | None = None) -> dict[str, Any]:
    """The explorer's ranking (the first ``top`` coalitions) and marginal contributions."""
    rows = exploration.rows if top is None else exploration.rows[:top]
    return {
        "candidates": list(exploration.candidates),
        "exact": exploration.exact,
        "evaluated": exploration.evaluated,
        "marginal_npv_eur": {k: clean_float(v) for k, v in exploration.marginal_npv_eur.items()},
        "coalitions": [coalition_to_dict(r) for r in rows],
    }


def exploration_csv_rows(
    exploration: Exploration, top: int | None = None
) -> Iterator[dict[str, Any]]:
    """One row per coalition, members joined by ``+``."""
    rows = exploration.rows if top is None else exploration.rows[:top]
    for rank, row in enumerate(rows, start=1):
        yield {
            "rank": rank,
            "members": "+".join(row.members),
            "cost_eur": clean_float(row.cost_eur),
            "npv_eur": clean_float(row.npv_eur),
            "savings_eur": clean_float(row.savings_eur),
            "everyone_better_off": row.everyone_better_off,
            "worse_off": "+".join(row.worse_off),
        }


def _eur(value: float | None, half: float | None = None) -> str:
    text = format_eur(value)
    return text if half is None else f"{text} ± {format_eur(half)}"


def fairness_tables(data: Mapping[str, Any], console: Console) -> None:
    """A fairness document (:func:`fairness_to_dict`) as Dutch tables: the amounts per
    participant, the checks per allocation, then the conclusions."""
    cost = format_eur(data["grand_coalition_cost_eur"])
    console.print(f"Kosten van de hele coalitie (looptijd, contante waarde): {cost}")
    amounts = Table(title=f"Verdeling van de kosten · scenario {data['scenario']}")
    amounts.add_column("Deelnemer")
    amounts.add_column("Alleen", justify="right")
    for allocation in data["allocations"]:
        amounts.add_column(allocation["label"], justify="right")
    amounts.add_column("Betaalt voor anderen", justify="right")
    for participant in data["participants"]:
        pid = participant["id"]
        cells = [participant["name"], format_eur(participant["stand_alone_eur"])]
        for a in data["allocations"]:
            half = a["half_width_eur"]
            cells.append(_eur(a["amounts_eur"][pid], None if half is None else half[pid]))
        cells.append(format_eur(data["subsidy_eur"][pid]))
        amounts.add_row(*cells)
    console.print(amounts)
    checks = Table(title="Toets per verdeling")
    for heading in CHECK_HEADINGS:
        checks.add_column(heading)
    for row in check_rows(data):
        checks.add_row(*row)
    console.print(checks)
    for line in summary_lines(data):
        console.print(Text(line))


CHECK_HEADINGS = ("Verdeling", "Niemand slechter af dan alleen", "In de kern", "Grootste klacht")


def check_rows(data: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """Per allocation: its label, individual rationality, core membership and the group that
    would be best off alone (with how much it overpays)."""
    names = {p["id"]: p["name"] for p in data["participants"]}
    rows = []
    for a in data["allocations"]:
        check = a["check"]
        if check is None:
            rows.append((a["label"], YES_NO[None], YES_NO[None], ""))
            continue
        complaint = "geen"
        if (check["largest_excess_eur"] or 0.0) > CENT / 2:
            group = check["largest_excess_coalition"]
            verb = "betaalt" if len(group) == 1 else "betalen samen"
            amount = format_eur(check["largest_excess_eur"])
            complaint = f"{', '.join(names[p] for p in group)} {verb} {amount} meer dan alleen"
        rows.append(
            (
                a["label"],
                YES_NO[check["individually_rational"]],
                YES_NO[check["in_core"]],
                complaint,
            )
        )
    return rows


def summary_lines(data: Mapping[str, Any]) -> list[str]:
    """Plain Dutch conclusions: is the core empty, is the charging fair, what compensates."""
    lines = []
    if data["core_nonempty"] is False:
        lines.append(
            "De kern is leeg: elke verdeling laat een groep deelnemers meer betalen dan die "
            "groep alleen kwijt zou zijn. Compensatie kan dat niet oplossen."
        )
    chosen = next((a for a in data["allocations"] if a["key"] == "charging"), None)
    check = chosen["check"] if chosen else None
    if check is not None and check["in_core"]:
        lines.append("De gekozen verrekening ligt in de kern: geen groep is alleen beter af.")
    elif check is not None and not check["individually_rational"]:
        worse = [
            p["name"]
            for p in data["participants"]
            if check["stand_alone_gain_eur"][p["id"]] < -CENT / 2
        ]
        lines.append(f"Met de gekozen verrekening betalen meer dan alleen: {', '.join(worse)}.")
    if not data["exact"]:
        lines.append(
            "Te veel deelnemers om elke coalitie door te rekenen: de Shapley-waarde is geschat "
            "(± 95%-betrouwbaarheid); kern en nucleolus zijn niet berekend."
        )
    lines.extend(compensation_lines(data))
    return lines


def compensation_lines(data: Mapping[str, Any]) -> list[str]:
    """The suggested compensation lines (compensatieposten), one per participant that pays or
    receives."""
    compensation = data["compensation"]
    if compensation is None or (compensation["total_transfer_eur"] or 0.0) <= CENT / 2:
        return []
    names = {p["id"]: p["name"] for p in data["participants"]}
    lines = [
        "Voorgestelde compensatieposten (de kleinste verschuiving die de verrekening in de kern "
        f"brengt, in totaal {format_eur(compensation['total_transfer_eur'])}):"
    ]
    for pid, transfer in compensation["transfers_eur"].items():
        if abs(transfer or 0.0) > CENT / 2:
            verb = "betaalt" if transfer > 0 else "ontvangt"
            lines.append(f"  {names[pid]} {verb} {format_eur(abs(transfer))}")
    return lines


def exploration_table(
    data: Mapping[str, Any], names: Mapping[str, str], top: int, console: Console
) -> None:
    """An explorer document (:func:`exploration_to_dict`): the ranking and each candidate's
    marginal contribution."""
    how = "alle coalities" if data["exact"] else "een steekproef van coalities"
    console.print(f"{data['evaluated']} coalities doorgerekend ({how}).")
    rows = data["coalitions"][:top]
    table = Table(title=f"De {len(rows)} coalities met de hoogste netto contante waarde")
    for heading in ("#", "Deelnemers", "NCW", "Besparing", "Iedereen beter af"):
        numeric = heading in ("#", "NCW", "Besparing")
        table.add_column(heading, justify="right" if numeric else "left")
    for rank, row in enumerate(rows, start=1):
        table.add_row(
            str(rank),
            ", ".join(names.get(p, p) for p in row["members"]),
            format_eur(row["npv_eur"]),
            format_eur(row["savings_eur"]),
            better_off_text(row, names),
        )
    console.print(table)
    marginal = Table(title="Bijdrage per kandidaat (NCW met iedereen − NCW zonder deze kandidaat)")
    marginal.add_column("Kandidaat")
    marginal.add_column("Bijdrage", justify="right")
    for player, value in data["marginal_npv_eur"].items():
        marginal.add_row(names.get(player, player), format_eur(value))
    console.print(marginal)


def better_off_text(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """``ja``, or ``nee`` with the members that pay more than alone."""
    if row["everyone_better_off"]:
        return "ja"
    worse = ", ".join(names.get(p, p) for p in row["worse_off"])
    return f"nee ({worse} slechter af)"
