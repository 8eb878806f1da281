"""Entry and exit (toetreding en uittreding, domain §3): the whole case recomputed with a
member added to or removed from a scenario from a given year, and the effect on every member.

The scenario is recomputed with the changed membership; up to the year of the change every
member keeps its original figures, from that year on the recomputed ones. A leaver goes back to
its baseline-scenario costs and pays, in the year it leaves, the exit fee (stranded years × its
last yearly bill, by the schedule of the terms) and the friction costs; a newcomer pays the
one-off connection costs and the joining fee in the year it joins. Fees paid go to the other
members in proportion to their bills that year. Costs are with the case's charging design where
it applies to the scenario, else with the engine's simple keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import CaseResult, calculate
from ..engine.results import FloatArray
from ..model import Case
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
    per year; ``members_after`` the scenario's members after the change."""

    scenario_id: str
    participant: str
    joins: bool
    year: int
    years: list[int]
    participants: list[str]
    before_eur: FloatArray
    after_eur: FloatArray
    fees_eur: FloatArray
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
    fees = _fees(_terms(case), joins, bills_before[mover], t0, years_in)
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


def _fees(
    terms: EntryExitTerms, joins: bool, bill: FloatArray, t0: int, years_in: int
) -> FloatArray:
    """What the mover pays in fees per year (only in the year of the change); a leaver's exit
    fee is its last yearly bill before leaving times the stranded years of its step."""
    fees = np.zeros(bill.shape[0])
    if joins:
        fees[t0] = terms.connection_cost_eur + terms.joining_fee_eur
        return fees
    steps = [s for s in terms.exit_fee if s.after_years <= years_in]
    stranded = max(steps, key=lambda s: s.after_years).stranded_years if steps else 0.0
    last_bill = bill[t0 - 1] if t0 > 0 else bill[t0]
    fees[t0] = stranded * max(last_bill, 0.0) + terms.exit_friction_eur
    return fees


def _passed_on(bills: FloatArray, fee: float) -> FloatArray:
    """The fee split over the other members in proportion to their bills that year."""
    weights = np.clip(bills, 0.0, None)
    total = weights.sum()
    share = weights / total if total > 0 else np.full(bills.shape[0], 1.0 / bills.shape[0])
    return share * fee
