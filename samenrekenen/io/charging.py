"""A charging (verrekening) as a JSON-ready dict, CSV rows and Dutch Rich tables, for the
command line (``charge``) and the API; amounts rounded to the cent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from samenrekenen.charging.bills import MemberBill
from samenrekenen.charging.compute import Charging
from samenrekenen.charging.dfa import Dfa
from samenrekenen.charging.membership import CONNECTION_CRITERIA, FEE_PARTS, MembershipChange
from samenrekenen.charging.quality import QualityCheck
from samenrekenen.charging.vat import VatEffect
from samenrekenen.format import format_eur, format_number, format_pct
from samenrekenen.io.results import clean_float, clean_series
from samenrekenen.model.charging import TARIFF_STREAM

TARIFF_LABELS = {
    "fixed": "vast",
    "tiered": "getrapt",
    "variable": "variabel",
    "composite": "samengesteld",
}

QUALITY_LABELS = {"ok": "in orde", "let_op": "let op", "handmatig": "zelf beoordelen"}

CHARGE_CSV_COLUMNS = (
    "scenario",
    "participant",
    "year",
    "invoices_eur",
    "keyed_eur",
    "settlement_eur",
    "total_eur",
    "engine_charge_eur",
    "difference_eur",
)


def charging_to_dict(
    charging: Charging, bills: list[MemberBill], quality: list[QualityCheck], vat: VatEffect
) -> dict[str, Any]:
    """The whole charging of a scenario: products, pools, bills, the reconciliation, the
    quality check and the VAT cost effect."""
    return {
        "scenario": charging.scenario_id,
        "years": charging.years,
        "products": [
            {
                "id": p.id,
                "name": p.name,
                "tariff_kind": p.kind.value,
                "decisions": p.decisions,
                "cost_eur": clean_series(p.cost_eur),
                "volume": clean_series(p.volume, 4),
                "cost_price_eur": clean_series(p.cost_price_eur),
                "tariff_eur": clean_series(p.tariff_eur),
                "revenue_eur": clean_series(p.revenue_eur),
                "deviation_eur": clean_series(p.deviation_eur),
                "deviation_reason": p.deviation_reason,
            }
            for p in charging.products
        ],
        "keyed_pools": [
            {"id": pid, "name": name, "stream": stream}
            for pid, name, stream in zip(
                charging.pool_ids, charging.pool_names, charging.pool_streams, strict=True
            )
        ],
        "streams": streams(charging),
        "participants": [_bill_to_dict(charging, bill) for bill in bills],
        "reconciliation": {
            "share_cost_eur": clean_series(charging.share_cost_eur),
            "reserve_eur": clean_series(charging.reserve_eur),
            "charged_eur": clean_series(charging.total_eur.sum(axis=0)),
            "share_result_eur": clean_series(charging.share_result_eur),
            "financing_eur": clean_series(charging.financing_eur),
            "uncovered_eur": clean_series(charging.uncovered_eur()),
        },
        "warnings": charging.warnings,
        "vat": {
            "consolidated_effect_eur": clean_series(vat.consolidated_eur),
            "participants": {
                member: {
                    "alone_eur": clean_series(vat.alone_eur[m]),
                    "scenario_eur": clean_series(vat.scenario_eur[m]),
                    "effect_eur": clean_series(vat.effect_eur[m]),
                }
                for m, member in enumerate(vat.members)
            },
        },
        "quality": [
            {"key": q.key, "label": q.label, "status": q.status, "explanation": q.explanation}
            for q in quality
        ],
    }


def streams(charging: Charging) -> list[str]:
    """The financing streams of a charging: the tariffs first, then the keyed pools' streams."""
    named = [TARIFF_STREAM] if charging.products else []
    return list(dict.fromkeys([*named, *charging.pool_streams]))


def _member_streams(charging: Charging, bill: MemberBill) -> dict[str, Any]:
    """A member's charges per financing stream per year (before settlement)."""
    out = {name: np.zeros(len(charging.years)) for name in streams(charging)}
    if charging.products:
        out[TARIFF_STREAM] += bill.invoices_eur.sum(axis=0)
    for j, stream in enumerate(charging.pool_streams):
        out[stream] += bill.keyed_eur[j]
    return out


def _bill_to_dict(charging: Charging, bill: MemberBill) -> dict[str, Any]:
    return {
        "id": bill.id,
        "invoices_eur": {
            p.id: clean_series(bill.invoices_eur[k]) for k, p in enumerate(charging.products)
        },
        "keyed_eur": {
            pid: clean_series(bill.keyed_eur[j]) for j, pid in enumerate(charging.pool_ids)
        },
        "streams_eur": {
            name: clean_series(series) for name, series in _member_streams(charging, bill).items()
        },
        "settlement_eur": clean_series(bill.settlement_eur),
        "total_eur": clean_series(bill.total_eur),
        "transferred_eur": clean_series(bill.transferred_eur),
        "charging_difference_eur": clean_series(bill.charging_difference_eur),
        "engine_charge_eur": clean_series(bill.engine_charge_eur),
        "cost_eur": clean_series(bill.cost_eur),
        "difference_eur": clean_series(bill.difference_eur),
        "volume_effect_eur": {
            "plus_10_pct": clean_series(bill.volume_plus_eur),
            "minus_10_pct": clean_series(bill.volume_minus_eur),
            "plus_10_pct_settled": clean_series(bill.volume_plus_settled_eur),
            "minus_10_pct_settled": clean_series(bill.volume_minus_settled_eur),
        },
    }


def charging_csv_rows(charging: Charging, bills: list[MemberBill]) -> Iterator[dict[str, Any]]:
    """One row per participant and year."""
    for bill in bills:
        for t, year in enumerate(charging.years):
            yield {
                "scenario": charging.scenario_id,
                "participant": bill.id,
                "year": year,
                "invoices_eur": clean_float(bill.invoices_eur[:, t].sum()),
                "keyed_eur": clean_float(bill.keyed_eur[:, t].sum()),
                "settlement_eur": clean_float(bill.settlement_eur[t]),
                "total_eur": clean_float(bill.total_eur[t]),
                "engine_charge_eur": clean_float(bill.engine_charge_eur[t]),
                "difference_eur": clean_float(bill.difference_eur[t]),
            }


def _financing_text(amount: float | None) -> str:
    return f" − voorfinanciering {format_eur(amount)}" if amount else ""


def charging_tables(
    data: Mapping[str, Any], names: Mapping[str, str], year: int, console: Console
) -> None:
    """A charging document (:func:`charging_to_dict`) for one year as Dutch tables: products
    with cost price and tariff, each participant's bill, and the reconciliation."""
    t = data["years"].index(year)
    products = Table(title=f"Producten en tarieven {year} · scenario {data['scenario']}")
    for heading in (
        "Product",
        "Tarief",
        "Kosten",
        "Afname",
        "Kostprijs",
        "Tarief per eenheid",
        "Opbrengst",
        "Afwijking",
    ):
        products.add_column(
            heading, justify="left" if heading in ("Product", "Tarief") else "right"
        )
    for p in data["products"]:
        products.add_row(
            p["name"],
            TARIFF_LABELS[p["tariff_kind"]],
            format_eur(p["cost_eur"][t]),
            format_number(p["volume"][t]),
            format_eur(p["cost_price_eur"][t]),
            format_eur(p["tariff_eur"][t]) if p["tariff_kind"] != "tiered" else "staffel",
            format_eur(p["revenue_eur"][t]),
            format_eur(p["deviation_eur"][t]),
        )
    console.print(products)
    bills = Table(title=f"Rekening per deelnemer {year}")
    headings = (
        "Deelnemer",
        "Producten",
        "Sleutels",
        "Nacalculatie",
        "Totaal",
        "Berekeningsverschil",
        "Met eenvoudige sleutels",
        "Eigen verschil",
        "+10% afname",
    )
    for heading in headings:
        bills.add_column(heading, justify="left" if heading == "Deelnemer" else "right")
    for bill in data["participants"]:
        invoices = sum(series[t] or 0.0 for series in bill["invoices_eur"].values())
        keyed = sum(series[t] or 0.0 for series in bill["keyed_eur"].values())
        bills.add_row(
            names.get(bill["id"], bill["id"]),
            format_eur(invoices),
            format_eur(keyed),
            format_eur(bill["settlement_eur"][t]),
            format_eur(bill["total_eur"][t]),
            format_eur(bill["charging_difference_eur"][t]),
            format_eur(bill["engine_charge_eur"][t]),
            format_eur(bill["difference_eur"][t]),
            format_eur(bill["volume_effect_eur"]["plus_10_pct"][t]),
        )
    console.print(bills)
    vat = data["vat"]["consolidated_effect_eur"][t]
    console.print(
        f"Btw-effect van de samenwerking {year} (niet compensabele btw): {format_eur(vat)}"
    )
    rec = data["reconciliation"]
    console.print(
        f"Aansluiting {year}: kosten share {format_eur(rec['share_cost_eur'][t])} + reserve "
        f"{format_eur(rec['reserve_eur'][t])}{_financing_text(rec['financing_eur'][t])} = "
        "in rekening gebracht "
        f"{format_eur(rec['charged_eur'][t])}; niet gedekt {format_eur(rec['uncovered_eur'][t])}"
    )
    for warning in data["warnings"]:
        console.print(f"Let op: {warning}")
    quality = Table(title="Toets van het verrekensysteem")
    for heading in ("Criterium", "Oordeel", "Toelichting"):
        quality.add_column(heading)
    for q in data["quality"]:
        quality.add_row(q["label"], QUALITY_LABELS[q["status"]], q["explanation"])
    console.print(quality)


def membership_to_dict(change: MembershipChange) -> dict[str, Any]:
    """The effect of a member joining or leaving: per participant its costs before and after
    per year, the effect and the totals; the mover's fees; the connection criteria."""
    return {
        "scenario": change.scenario_id,
        "participant": change.participant,
        "change": "entry" if change.joins else "exit",
        "year": change.year,
        "years": change.years,
        "members_after": change.members_after,
        "fees_eur": clean_series(change.fees_eur),
        "fee_parts": [
            {"part": key, "label": FEE_PARTS[key], "amount_eur": clean_float(amount)}
            for key, amount in change.fee_parts.items()
        ],
        "common_assets_eur": clean_float(change.common_assets_eur),
        "asset_share_pct": clean_float(100.0 * change.asset_share, 4),
        "participants": [
            {
                "id": pid,
                "before_eur": clean_series(change.before_eur[i]),
                "after_eur": clean_series(change.after_eur[i]),
                "effect_eur": clean_series(change.effect_eur[i]),
                "total_effect_eur": clean_float(change.effect_eur[i].sum()),
            }
            for i, pid in enumerate(change.participants)
        ],
        "connection_criteria": list(CONNECTION_CRITERIA) if change.joins else [],
    }


def membership_table(data: Mapping[str, Any], names: Mapping[str, str], console: Console) -> None:
    """The effect of a membership change as a Dutch table."""
    mover = names.get(data["participant"], data["participant"])
    what = "treedt toe" if data["change"] == "entry" else "treedt uit"
    console.print(f"{mover} {what} in {data['year']} (scenario {data['scenario']}).")
    fees = sum(v or 0.0 for v in data["fees_eur"])
    label = (
        "Te betalen bij toetreding" if data["change"] == "entry" else "Te betalen bij uittreding"
    )
    console.print(f"{label}: {format_eur(fees)}")
    for part in data["fee_parts"]:
        console.print(f"  {part['label']}: {format_eur(part['amount_eur'])}")
    console.print(
        f"Boekwaarde van de gemeenschappelijke activa op 1 januari {data['year']}: "
        f"{format_eur(data['common_assets_eur'])}, waarvan het aandeel van {mover} "
        f"{format_pct(data['asset_share_pct'])}"
    )
    table = Table(title="Effect per deelnemer over de looptijd (positief: duurder)")
    for heading in ("Deelnemer", "Voor", "Na", "Effect"):
        table.add_column(heading, justify="left" if heading == "Deelnemer" else "right")
    for p in data["participants"]:
        table.add_row(
            names.get(p["id"], p["id"]),
            format_eur(sum(v or 0.0 for v in p["before_eur"])),
            format_eur(sum(v or 0.0 for v in p["after_eur"])),
            format_eur(p["total_effect_eur"]),
        )
    console.print(table)
    for criterion in data["connection_criteria"]:
        console.print(f"☐ {criterion}")


BASIS_LABELS = {**TARIFF_LABELS, "sleutel": "verdeelsleutel"}


def dfa_to_dict(dfa: Dfa) -> dict[str, Any]:
    """A DFA as a JSON-ready dict."""
    return {
        "participant": dfa.participant,
        "year": dfa.year,
        "scenario": dfa.scenario_id,
        "lines": [
            {
                "name": line.name,
                "stream": line.stream,
                "basis": line.basis,
                "volume": clean_float(line.volume, 4),
                "tariff_eur": clean_float(line.tariff_eur),
                "amount_eur": clean_float(line.amount_eur),
            }
            for line in dfa.lines
        ],
        "invoices": [
            {"date": date, "amount_eur": clean_float(amount)} for date, amount in dfa.invoices
        ],
        "settlement_eur": clean_float(dfa.settlement_eur),
        "total_eur": clean_float(dfa.total_eur),
        "start_up_eur": clean_float(dfa.start_up_eur),
    }


def dfa_table(data: Mapping[str, Any], names: Mapping[str, str], console: Console) -> None:
    """A DFA document as Dutch tables."""
    who = names.get(data["participant"], data["participant"])
    console.print(
        f"Dossier financiële afspraken {data['year']} · {who} · scenario {data['scenario']}"
    )
    table = Table(title="Producten en bijdragen")
    for heading in ("Onderdeel", "Stroom", "Grondslag", "Afname", "Tarief", "Bedrag"):
        table.add_column(
            heading, justify="right" if heading in ("Afname", "Tarief", "Bedrag") else "left"
        )
    for line in data["lines"]:
        table.add_row(
            line["name"],
            line["stream"],
            BASIS_LABELS.get(line["basis"], line["basis"]),
            "" if line["volume"] is None else format_number(line["volume"]),
            "" if line["tariff_eur"] is None else format_eur(line["tariff_eur"]),
            format_eur(line["amount_eur"]),
        )
    console.print(table)
    invoices = Table(title="Factuurmomenten")
    invoices.add_column("Datum")
    invoices.add_column("Bedrag", justify="right")
    for invoice in data["invoices"]:
        invoices.add_row(invoice["date"], format_eur(invoice["amount_eur"]))
    console.print(invoices)
    console.print(
        f"Verwachte nacalculatie na afloop van het jaar: {format_eur(data['settlement_eur'])}"
    )
    console.print(f"Totaal {data['year']}: {format_eur(data['total_eur'])}")
    console.print(
        f"Aanloop- en eenmalige kosten van de share in {data['year']}: "
        f"{format_eur(data['start_up_eur'])} (in de tarieven en bijdragen hierboven)"
    )
