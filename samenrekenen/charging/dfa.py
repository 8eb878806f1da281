"""The yearly financial-arrangements file (dossier financiële afspraken, DFA) of one member's
service agreement (domain §3, source 004): its products with service level, tariff and volume,
its keyed charges per financing stream, the expected settlement, the invoice moments (its
invoices and keyed charges spread evenly, the settlement after the year), and the share's
start-up (one-off) costs that year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult
from ..engine.results import Component
from ..engine.rounding import largest_remainder
from ..model import Case
from ..model.charging import InvoiceMoments
from .bills import MemberBill
from .compute import Charging, ChargingError

MOMENTS = {
    InvoiceMoments.MONTHLY: [
        f"1 {m}"
        for m in (
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        )
    ],
    InvoiceMoments.QUARTERLY: ["1 januari", "1 april", "1 juli", "1 oktober"],
    InvoiceMoments.HALF_YEARLY: ["1 januari", "1 juli"],
    InvoiceMoments.YEARLY: ["1 januari"],
}
"""The invoice dates of a year per schedule (the settlement follows after the year)."""


@dataclass(frozen=True)
class DfaLine:
    """One product or keyed charge in the DFA: what, how it is charged and the amount."""

    name: str
    stream: str
    basis: str
    volume: float | None
    tariff_eur: float | None
    amount_eur: float


@dataclass(frozen=True)
class Dfa:
    """The DFA of one member for one year of a scenario."""

    participant: str
    year: int
    scenario_id: str
    lines: list[DfaLine]
    invoices: list[tuple[str, float]]
    settlement_eur: float
    total_eur: float
    start_up_eur: float


def financial_arrangements(
    case: Case, result: CaseResult, charging: Charging, bill: MemberBill, year: int
) -> Dfa:
    """The DFA of ``bill``'s member in ``year``."""
    if year not in charging.years:
        raise ChargingError(f"jaar {year} ligt buiten de looptijd")
    design = case.charging_design
    assert design is not None
    t = charging.years.index(year)
    m = charging.members.index(bill.id)
    lines = [
        DfaLine(
            name=p.name,
            stream="tarieven",
            basis=f"{p.kind.value}",
            volume=float(charging.volumes[k, m, t]),
            tariff_eur=None if np.isnan(p.tariff_eur[t]) else float(p.tariff_eur[t]),
            amount_eur=float(bill.invoices_eur[k, t]),
        )
        for k, p in enumerate(charging.products)
    ] + [
        DfaLine(
            name=name,
            stream=stream,
            basis="sleutel",
            volume=None,
            tariff_eur=None,
            amount_eur=float(bill.keyed_eur[j, t]),
        )
        for j, (name, stream) in enumerate(
            zip(charging.pool_names, charging.pool_streams, strict=True)
        )
    ]
    before = float(bill.invoices_eur[:, t].sum() + bill.keyed_eur[:, t].sum())
    dates = MOMENTS[design.principles.invoice_moments]
    parts = largest_remainder(before, [1.0] * len(dates))
    share = result.scenario(charging.scenario_id).entities["share"]
    start_up = float(
        np.asarray(share.components)[[Component.ONE_OFF, Component.DISINVESTMENT]].sum(axis=(0, 1))[
            t
        ]
    )
    return Dfa(
        participant=bill.id,
        year=year,
        scenario_id=charging.scenario_id,
        lines=lines,
        invoices=list(zip(dates, parts, strict=True)),
        settlement_eur=float(bill.settlement_eur[t]),
        total_eur=float(bill.total_eur[t]),
        start_up_eur=start_up,
    )
