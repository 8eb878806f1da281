"""Entry and exit (toetreding en uittreding, domain §3): the whole case recomputed with a
member added to or removed from a scenario from a given year, and the effect on every member.

The scenario is recomputed with the changed membership; up to the year of the change every
member keeps its original figures, from that year on the recomputed ones. A leaver goes back to
its baseline-scenario costs and pays, in the year it leaves, the exit fee (stranded years × its
last yearly bill, by the schedule of the terms), the friction costs and the agreed part of its
share in the book value of the common assets; a newcomer pays the one-off connection costs, the
joining fee and the agreed part of its share in the book value of the common assets in the year
it joins. The common assets are the share's investments in the scenario before the change, at
their book value on 1 January of the year of the change. Fees paid go to the other members in
proportion to their bills that year. Costs are with the case's charging design where it applies
to the scenario, else with the engine's simple keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult, calculate
from ..engine.results import FloatArray
from ..model import SHARE, Case
from ..model.charging import EntryExitTerms
from .bills import real_costs
from .compute import ChargingError, applies_to, charge

CONNECTION_CRITERIA = (
    "Past de administratieve organisatie van de gemeente bij die van de share?",
    "Past de omvang van de gemeente (te klein kost meer aan accountbeheer dan het oplevert)?",
    "Zijn de processen professioneel genoeg om aan te sluiten?",
    "Is de ICT aansluitbaar (standaarden, contracten, licenties)?",
    "Past de manier van salarisverwerking?",
    "Past het begrotingssysteem?",
)
"""Connection criteria for a municipality that wants to join (domain §3, source 004)."""


@dataclass(frozen=True)
class MembershipChange:
    """The effect of one member joining or leaving a scenario from ``year``.

    ``before_eur`` and ``after_eur`` are ``[participants, years]`` costs (participants in case
    order) without and with the change, fees included; ``fees_eur`` what the mover pays in fees
    per year and ``fee_parts`` what that consists of (:data:`FEE_PARTS`), in the year of the
    change; ``common_assets_eur`` the book value of the share's investments at 1 January of
    that year and ``asset_share`` the mover's part of it (its share in the members' bills);
    ``members_after`` the scenario's members after the change."""

    scenario_id: str
    participant: str
    joins: bool
    year: int
    years: list[int]
    participants: list[str]
    before_eur: FloatArray
    after_eur: FloatArray
    fees_eur: FloatArray
    fee_parts: dict[str, float]
    common_assets_eur: float
    asset_share: float
    members_after: list[str]

    @property
    def effect_eur(self) -> FloatArray:
        """After minus before, per participant and year (positive: it pays more)."""
        return self.after_eur - self.before_eur


def with_members(case: Case, scenario_id: str, members: list[str]) -> Case:
    """The case with ``members`` (in case order) as the members of the scenario."""
    order = [p.id for p in case.participants if p.id in set(members)]
    scenarios = [
        s.model_copy(update={"members": order}) if s.id == scenario_id else s
        for s in case.scenarios
    ]
    return case.model_copy(update={"scenarios": scenarios})


def change_membership(
    case: Case, scenario_id: str, participant: str, year: int
) -> MembershipChange:
    """``participant`` leaves the scenario from ``year`` when it is a member, else joins it."""
    ids = [p.id for p in case.participants]
    if participant not in ids:
        raise ChargingError(f"deelnemer '{participant}' bestaat niet in deze casus")
    if year not in case.cooperation.years:
        coop = case.cooperation
        raise ChargingError(
            f"jaar {year} ligt buiten de looptijd {coop.first_year}–{coop.last_year}"
        )
    before_result = calculate(case)
    members = list(before_result.scenario(scenario_id).members)
    joins = participant not in members
    after_members = [*members, participant] if joins else [m for m in members if m != participant]
    if len(after_members) < 2:
        raise ChargingError("na de wijziging blijft er geen samenwerking over (minder dan twee)")
    after_case = with_members(case, scenario_id, after_members)
    after_result = calculate(after_case)
    before, bills_before = _costs(case, before_result, scenario_id)
    changed, bills_after = _costs(after_case, after_result, scenario_id)
    t0 = case.cooperation.years.index(year)
    after = before.copy()
    after[:, t0:] = changed[:, t0:]
    mover = ids.index(participant)
    years_in = year - case.cooperation.first_year
    bills = bills_after if joins else bills_before
    share = _bill_share(bills, ids, after_members if joins else members, mover, t0, joins)
    common = _common_assets(before_result, scenario_id, t0)
    parts = _fee_parts(_terms(case), joins, bills_before[mover], t0, years_in, share * common)
    fees = np.zeros(len(case.cooperation.years))
    fees[t0] = sum(parts.values())
    after[mover] += fees
    others = [ids.index(m) for m in after_members if m != participant]
    after[others, t0] -= _passed_on(bills_after[others, t0], fees[t0])
    return MembershipChange(
        scenario_id=scenario_id,
        participant=participant,
        joins=joins,
        year=year,
        years=list(case.cooperation.years),
        participants=ids,
        before_eur=before,
        after_eur=after,
        fees_eur=fees,
        fee_parts=parts,
        common_assets_eur=common,
        asset_share=share,
        members_after=[p for p in ids if p in set(after_members)],
    )


def _terms(case: Case) -> EntryExitTerms:
    design = case.charging_design
    return design.entry_exit if design is not None else EntryExitTerms()


def _costs(case: Case, result: CaseResult, scenario_id: str) -> tuple[FloatArray, FloatArray]:
    """Every participant's cost and bill per year ``[participants, years]`` in the scenario
    (non-members: their baseline costs and no bill), with the charging design where it
    applies, else the engine's simple keys."""
    scenario = result.scenario(scenario_id)
    entities = [scenario.entities[p] for p in result.participants]
    costs = np.array([np.asarray(e.cost) for e in entities])
    bills = np.array(
        [np.asarray(e.charged) if e.charged is not None else 0 * e.cost for e in entities]
    )
    design = case.charging_design
    if design is not None and scenario_id in applies_to(design, case):
        charging = charge(case, result, scenario_id)
        own = real_costs(result, charging)
        for m, member in enumerate(charging.members):
            index = result.participants.index(member)
            costs[index], bills[index] = own[m], charging.total_eur[m]
    return costs, bills


FEE_PARTS = {
    "stranded": "Achterblijvende kosten (jaren × laatste rekening)",
    "friction": "Frictiekosten",
    "connection": "Aansluitkosten",
    "joining_fee": "Toetredingsvergoeding",
    "book_value": "Aandeel in de boekwaarde van de gemeenschappelijke activa",
}
"""The parts of the fees of a membership change, with their Dutch names."""


def _fee_parts(
    terms: EntryExitTerms,
    joins: bool,
    bill: FloatArray,
    t0: int,
    years_in: int,
    assets_part: float,
) -> dict[str, float]:
    """What the mover pays in the year of the change, by part. A leaver's exit fee is its
    last yearly bill before leaving times the stranded years of its step."""
    if joins:
        return {
            "connection": terms.connection_cost_eur,
            "joining_fee": terms.joining_fee_eur,
            "book_value": terms.joining_book_value_pct / 100.0 * assets_part,
        }
    steps = [s for s in terms.exit_fee if s.after_years <= years_in]
    stranded = max(steps, key=lambda s: s.after_years).stranded_years if steps else 0.0
    last_bill = bill[t0 - 1] if t0 > 0 else bill[t0]
    return {
        "stranded": stranded * max(float(last_bill), 0.0),
        "friction": terms.exit_friction_eur,
        "book_value": terms.exit_book_value_pct / 100.0 * assets_part,
    }


def _common_assets(result: CaseResult, scenario_id: str, t0: int) -> float:
    """Book value of the share's investments at 1 January of horizon year ``t0``."""
    if t0 == 0:
        return 0.0
    book = result.scenario(scenario_id).entities[SHARE].investment_book_value
    return float(book[t0 - 1]) if book is not None else 0.0


def _bill_share(
    bills: FloatArray, ids: list[str], members: list[str], mover: int, t0: int, joins: bool
) -> float:
    """The mover's share in the members' bills: a leaver's in the year before it leaves, a
    newcomer's in the year it joins."""
    t = t0 if joins or t0 == 0 else t0 - 1
    rows = [ids.index(m) for m in members]
    total = float(np.clip(bills[rows, t], 0.0, None).sum())
    return max(float(bills[mover, t]), 0.0) / total if total > 0 else 0.0


def _passed_on(bills: FloatArray, fee: float) -> FloatArray:
    """The fee split over the other members in proportion to their bills that year."""
    weights = np.clip(bills, 0.0, None)
    total = weights.sum()
    share = weights / total if total > 0 else np.full(bills.shape[0], 1.0 / bills.shape[0])
    return share * fee
