"""The evaluation after the first year in operation (domain §4): per entity plan against actual
cost, how much of the monetised benefits was realised, which indicators reach their targets,
what the settlement on actuals asks of each member, and sentences a council can read."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..charging import ChargingError, applies_to
from ..engine import CaseResult
from ..format import format_eur, format_number, format_pct
from ..model import Case
from .indicators import IndicatorProgress, IndicatorYear
from .plan_actual import CENT, BenefitComparison, CostComparison, plan_actual
from .settlement import ActualSettlement, settle_on_actuals


@dataclass(frozen=True)
class MemberSettlement:
    """A member's bill in the evaluated year: planned, charged during the year (invoices and
    keyed charges at the plan's tariffs on actual volumes), the settlement and the total."""

    member: str
    plan_eur: float
    charged_eur: float
    settlement_eur: float

    @property
    def total_eur(self) -> float:
        """What the member pays in all for the year."""
        return self.charged_eur + self.settlement_eur


@dataclass(frozen=True)
class Evaluation:
    """The evaluation of one scenario's first year in operation. ``year`` is None when no
    actuals reach that far yet; ``settlement`` None when there is no charging for it."""

    scenario_id: str
    operation_start_year: int
    year: int | None
    costs: list[CostComparison]
    benefits: list[BenefitComparison]
    indicators: list[tuple[IndicatorProgress, IndicatorYear]]
    settlement: list[MemberSettlement] | None
    sentences: list[str]

    @property
    def benefits_realised_pct(self) -> float | None:
        """Realised monetised benefits in percent of the plan (None when none were planned)."""
        plan = sum(row.plan_eur for row in self.benefits)
        if abs(plan) < CENT:
            return None
        return sum(row.actual_eur for row in self.benefits) / plan * 100.0


def operation_start_year(case: Case, scenario_id: str) -> int:
    """The first year the share is in operation: as the actuals say, else the first year of
    the scenario's knip (after its delay), else its first go-live, else the first year."""
    if case.actuals and case.actuals.operation_start_year is not None:
        return case.actuals.operation_start_year
    scenario = case.resolved(scenario_id)
    knip = [year for t in scenario.transfers for year, pct in t.values.items() if pct > 0]
    if knip:
        # A delay of part of a year still leaves that year partly in operation.
        return min(knip) + scenario.delay_months // 12
    if scenario.phases:
        return min(phase.go_live.year for phase in scenario.phases)
    return case.cooperation.first_year


def evaluate(case: Case, result: CaseResult, scenario_id: str | None = None) -> Evaluation:
    """The evaluation of the first year with actuals from the first year in operation on."""
    comparison = plan_actual(case, result, scenario_id)
    chosen = comparison.scenario_id
    start = operation_start_year(case, chosen)
    year = next((y for y in comparison.years if y >= start), None)
    if year is None:
        sentence = (
            f"Er zijn nog geen werkelijke cijfers over een jaar in bedrijf (vanaf {start}); "
            "leg de werkelijke kosten, volumes en baten vast om te evalueren."
        )
        return Evaluation(chosen, start, None, [], [], [], None, [sentence])
    costs = [row for row in comparison.entity_totals() if row.year == year]
    benefits = [row for row in comparison.benefits if row.year == year]
    measured = [
        (progress, entry)
        for progress in comparison.indicators
        if (entry := progress.year(year)) is not None and entry.actual is not None
    ]
    settlement, note = _settlement(case, result, chosen, year)
    evaluation = Evaluation(chosen, start, year, costs, benefits, measured, settlement, [])
    return replace(evaluation, sentences=_sentences(case, evaluation) + ([note] if note else []))


def _settlement(
    case: Case, result: CaseResult, scenario_id: str, year: int
) -> tuple[list[MemberSettlement] | None, str | None]:
    design = case.charging_design
    if design is None or scenario_id not in applies_to(design, case):
        return None, "De casus heeft geen verrekening voor dit scenario; er is geen nacalculatie."
    try:
        settled = settle_on_actuals(case, result, scenario_id)
    except ChargingError as error:
        return None, f"De nacalculatie op de werkelijke cijfers lukt niet: {error}."
    return _member_settlements(settled, year), None


def _member_settlements(settled: ActualSettlement, year: int) -> list[MemberSettlement]:
    t = settled.year_index(year)
    actual = settled.actual
    return [
        MemberSettlement(
            member=member,
            plan_eur=float(settled.plan.total_eur[m, t]),
            charged_eur=float(actual.before_settlement_eur[m, t]),
            settlement_eur=float(actual.settlement_eur[m, t]),
        )
        for m, member in enumerate(actual.members)
    ]


def _sentences(case: Case, evaluation: Evaluation) -> list[str]:
    names = {p.id: p.name for p in case.participants} | {"share": "de share"}
    scenario = case.scenario(evaluation.scenario_id).name
    sentences = [
        f"Evaluatie van {evaluation.year}, het eerste jaar in bedrijf, tegen het scenario "
        f"'{scenario}'."
    ]
    sentences += [_cost_sentence(names[row.entity], row) for row in evaluation.costs]
    sentences.append(_benefit_sentence(evaluation))
    sentences.append(_indicator_sentence(evaluation))
    if evaluation.settlement is not None:
        sentences.append(_settlement_sentence(evaluation.settlement, names))
    sentences.append("Laat deze evaluatie bij voorkeur toetsen door een onafhankelijke partij.")
    return sentences


def _cost_sentence(name: str, row: CostComparison) -> str:
    subject = name[0].upper() + name[1:]
    if abs(row.difference_eur) < 0.5:
        return f"{subject} gaf {format_eur(row.actual_eur)} uit, precies zoals begroot."
    direction = "meer" if row.difference_eur > 0 else "minder"
    pct = f" ({format_pct(abs(row.difference_pct))})" if row.difference_pct is not None else ""
    return (
        f"{subject} gaf {format_eur(row.actual_eur)} uit: {format_eur(abs(row.difference_eur))}"
        f"{pct} {direction} dan de begrote {format_eur(row.plan_eur)}."
    )


def _benefit_sentence(evaluation: Evaluation) -> str:
    realised = evaluation.benefits_realised_pct
    actual = sum(row.actual_eur for row in evaluation.benefits)
    plan = sum(row.plan_eur for row in evaluation.benefits)
    if realised is None:
        found = f"; gerealiseerd is {format_eur(actual)}" if abs(actual) >= CENT else ""
        return f"Voor {evaluation.year} waren geen baten in geld begroot{found}."
    return (
        f"De baten in geld zijn voor {format_pct(realised)} gerealiseerd: "
        f"{format_eur(actual)} van de begrote {format_eur(plan)}."
    )


def _indicator_sentence(evaluation: Evaluation) -> str:
    judged = [(p, e) for p, e in evaluation.indicators if e.met is not None]
    if not judged:
        return f"Voor {evaluation.year} is geen kengetal met een streefwaarde gemeten."
    missed = [f"{p.name} ({format_number(e.actual or 0.0, 1)})" for p, e in judged if not e.met]
    met = len(judged) - len(missed)
    text = f"Van de {len(judged)} gemeten kengetallen halen er {met} hun streefwaarde"
    return text + (f"; niet gehaald: {', '.join(missed)}." if missed else ".")


def _settlement_sentence(members: list[MemberSettlement], names: dict[str, str]) -> str:
    total = sum(m.settlement_eur for m in members)
    paid = sum(m.total_eur for m in members)
    more = paid - sum(m.plan_eur for m in members)
    bills = (
        f"In totaal betalen de deelnemers {format_eur(paid)}, {format_eur(abs(more))} "
        f"{'meer' if more >= 0 else 'minder'} dan begroot."
    )
    if all(abs(m.settlement_eur) < CENT for m in members):
        return f"De nacalculatie op de werkelijke kosten en volumes is nihil. {bills}"
    largest = max(members, key=lambda m: abs(m.settlement_eur))
    verb, after = ("betalen", "na") if total >= 0 else ("krijgen", "terug")
    return (
        f"Met de nacalculatie op de werkelijke kosten en volumes {verb} de deelnemers samen "
        f"{format_eur(abs(total))} {after}; het grootste bedrag is voor "
        f"{names.get(largest.member, largest.member)}: {format_eur(abs(largest.settlement_eur))}. "
        f"{bills}"
    )
