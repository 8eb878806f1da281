"""The council-ready report of a case (*raadsbijlage*): a Dutch document, as HTML or as PDF.

:func:`report_html` calculates the case and builds every registered section
(:mod:`.sections`) into one HTML document; :func:`report_pdf` prints that document with
WeasyPrint as a tagged PDF/A-3b (:data:`PDF_VARIANT`), with a table of contents and page
numbers, the case version, engine version and date on every page, and an optional
confidentiality mark. Charts are the inline SVG of :mod:`.charts`.

The built-in sections are registered at the end of this module like any other:
summary and advice, starting situation, objectives and preconditions, scenarios, costs,
benefits, each participant's outcome with the charging, fairness, conclusions; annexes with
the capital-charge schedules and one annex per participant. Every number is computed and
formatted here (``samenrekenen.format``); the templates only lay out. Tables follow the chosen
unit (euros or × € 1.000); amounts inside sentences are always in euros, so a sentence never
needs a unit heading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, TypedDict

import numpy as np
from babel.dates import format_date
from jinja2 import Environment, PackageLoader
from typing_extensions import Unpack

from samenrekenen import __version__
from samenrekenen.charging import Charging, ChargingError, applies_to, charge
from samenrekenen.charging.bills import MemberBill, member_bills
from samenrekenen.charging.quality import QualityCheck, quality_checks
from samenrekenen.engine import calculate, capital_charge_schedule
from samenrekenen.engine.overview import QualitativeRow, qualitative_overview
from samenrekenen.engine.results import (
    CaseResult,
    Component,
    EntityResult,
    FloatArray,
    LineAmounts,
    ScenarioResult,
)
from samenrekenen.fairness.analysis import FairnessReport, analyse_fairness
from samenrekenen.fairness.coalitions import case_game
from samenrekenen.format import (
    LOCALE,
    format_eur,
    format_number,
    format_pct,
    format_year_or_none,
    format_years,
    unit_label,
)
from samenrekenen.io.charging import QUALITY_LABELS
from samenrekenen.io.fairness import (
    CHECK_HEADINGS,
    check_rows,
    compensation_lines,
    fairness_to_dict,
    summary_lines,
)
from samenrekenen.io.results import result_to_dict
from samenrekenen.io.tables import TOLERANCE_EUR, WORSE_OFF
from samenrekenen.labels import DRIVER_LABELS, PRECONDITION_LABELS, enum_label, label_for
from samenrekenen.model import (
    LINE_LISTS,
    SHARE,
    BaselineStatus,
    BenefitKind,
    Case,
    CooperationForm,
    Coverage,
    DepreciationMethod,
    Development,
    FirstDepreciation,
    HiddenCause,
    InterestRule,
    Investment,
    Participant,
    Scenario,
    ScopeLevel,
    SettlementRule,
    TariffKind,
)
from samenrekenen.model.participants import DEFAULT_DEPRECIATION_TERM_YEARS, DriverValues
from samenrekenen.model.scenario import BearerGroup

from .charts import chart_data, render_svg
from .sections import (
    ADVICE,
    BETTER,
    MUTED,
    WARNING,
    WORSE,
    Block,
    BulletList,
    Cell,
    Chart,
    Column,
    Facts,
    Heading,
    Paragraph,
    Part,
    SectionContent,
    Table,
    register_section,
    registered_sections,
)

PDF_VARIANT = "pdf/a-3b"
"""The PDF variant WeasyPrint writes (PDF/A-3b), with structure tags (``pdf_tags``)."""

FORM_LABELS = {
    CooperationForm.NETWORK: "netwerk",
    CooperationForm.HOST_MUNICIPALITY: "centrumgemeente",
    CooperationForm.EXTERNAL_SSC: "extern SSC (gezamenlijke organisatie)",
    CooperationForm.INTERNAL_SSC: "intern SSC",
    CooperationForm.PROJECT: "project of programma",
    CooperationForm.MERGER: "fusie",
}
"""The cooperation forms in Dutch."""

SCOPE_LABELS = {
    ScopeLevel.JOINT_PROCUREMENT: "alleen gezamenlijke inkoop",
    ScopeLevel.JOINT_INFRASTRUCTURE: "gezamenlijke infrastructuur",
    ScopeLevel.JOINT_APPLICATIONS: "gezamenlijke primaire applicaties",
}
"""The scope levels in Dutch."""

VERDICTS = {"worse": WORSE_OFF, "better": "beter af", "equal": "gelijk"}
"""A participant's verdict over the horizon against going alone."""

NOT_APPLICABLE = "n.v.t."
NOT_A_MEMBER = "geen lid"


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or one of its system libraries (pango) is missing (Dutch message)."""


# --- small formatting helpers ------------------------------------------------------------------


def _join(items: Sequence[str]) -> str:
    """Dutch enumeration: ``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


def _lower_first(text: str) -> str:
    """The text with a lower-case first letter, unless it starts an abbreviation (``ICT``)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _year_rows(ctx: ReportContext, series: Sequence[FloatArray]) -> tuple[tuple[Cell, ...], ...]:
    """One table row a year: the year, then each series' amount in that year."""
    return tuple(
        (Cell(str(year)), *(ctx.amount(float(values[t])) for values in series))
        for t, year in enumerate(ctx.result.years)
    )


def _total(series: FloatArray) -> float:
    return float(np.sum(series))


def _cumulative(entity: EntityResult) -> float:
    """The cumulative difference at the horizon."""
    return float(entity.cumulative_difference[-1])


def verdict(total: float) -> str:
    """``worse``, ``better`` or ``equal``: a difference with going alone, with the € 0,005
    tolerance of every comparison with zero."""
    if total > TOLERANCE_EUR:
        return "worse"
    if total < -TOLERANCE_EUR:
        return "better"
    return "equal"


def break_even_text(entity: EntityResult) -> str:
    """The break-even year, ``2041 (schatting)`` beyond the horizon, ``niet`` when none."""
    metrics = entity.metrics
    text = format_year_or_none(metrics.break_even_year)
    if metrics.break_even_year is not None and metrics.break_even_is_estimate:
        text += " (schatting)"
    return text


def savings_text(entity: EntityResult) -> str:
    """The savings percentage, ``n.v.t.`` where it is undefined."""
    value = entity.metrics.savings_pct
    return NOT_APPLICABLE if value is None else format_pct(value)


def payback_text(entity: EntityResult) -> str:
    """The simple payback in years, ``n.v.t.`` where it is undefined."""
    value = entity.metrics.simple_payback_years
    return NOT_APPLICABLE if value is None else format_years(value)


def date_text(day: dt.date) -> str:
    """A date the Dutch way: ``4 maart 2026``."""
    return format_date(day, format="long", locale=LOCALE)


def _driver_at(values: DriverValues, year: int) -> float:
    """A driver's value in ``year``: a year map holds from its year on; years before the
    first given year take the first value (docs/calculation.md, 'Inputs made dense')."""
    if not isinstance(values, dict):
        return float(values)
    years = sorted(values)
    held = [y for y in years if y <= year]
    return float(values[held[-1] if held else years[0]])


# --- findings shared by the summary, the conclusions and the annexes -----------------------------


@dataclass(frozen=True)
class Breach:
    """A precondition a scenario does not meet."""

    label: str
    message: str


@dataclass(frozen=True)
class ScenarioFindings:
    """The headline of one cooperation scenario: its consolidated result at the horizon, who
    is worse off than alone (name, cumulative difference) and the breached preconditions."""

    scenario: ScenarioResult
    cumulative: float
    break_even: str
    savings: str
    payback: str
    worse_off: tuple[tuple[str, float], ...]
    breaches: tuple[Breach, ...]
    checked: int

    @property
    def saves(self) -> bool:
        """Cheaper than the baseline scenario over the horizon."""
        return verdict(self.cumulative) == "better"


@dataclass(frozen=True)
class ChargingView:
    """The case's charging design applied to one scenario, or why it could not be."""

    scenario: ScenarioResult
    charging: Charging | None
    bills: tuple[MemberBill, ...]
    quality: tuple[QualityCheck, ...]
    error: str | None

    def worse_off(self, names: dict[str, str]) -> list[tuple[str, float]]:
        """Members whose own business case with the real charging is worse than alone."""
        totals = [(names[b.id], _total(b.difference_eur)) for b in self.bills]
        return [(name, total) for name, total in totals if verdict(total) == "worse"]


@dataclass(frozen=True)
class InvestmentSchedule:
    """The capital-charge schedule of one investment line of a scenario, summed over its
    bearers: purchases and the :class:`~samenrekenen.engine.CapitalSchedule` rows per year."""

    scenario: ScenarioResult
    line: Investment
    bearer: str
    terms: tuple[int, ...]
    rates: tuple[float, ...]
    purchases: FloatArray
    book_value_jan_1: FloatArray
    depreciation: FloatArray
    interest: FloatArray
    capital_charge: FloatArray
    book_value_dec_31: FloatArray


class ReportContext:
    """What every section builds from: the case and its result, how amounts are shown, and
    the analyses several sections share (computed once, when first asked for).

    ``money(value)`` formats an amount for a table in the chosen unit (:attr:`unit`); an
    amount in a sentence is always in euros (``format_eur(value)``).
    """

    def __init__(
        self,
        case: Case,
        result: CaseResult,
        *,
        version_label: str | None,
        confidential: str | None,
        thousands: bool,
        today: dt.date,
    ) -> None:
        self.case = case
        self.result = result
        self.version_label = version_label or case.version_label
        self.confidential = confidential
        self.thousands = thousands
        self.today = today
        self.names = {p.id: p.name for p in case.participants}

    # presentation

    @property
    def unit(self) -> str:
        """The unit of the amounts in tables: ``€`` or ``× € 1.000``."""
        return unit_label(self.thousands)

    def money(self, value: float | None) -> str:
        """An amount for a table, in the chosen unit."""
        return format_eur(value, self.thousands)

    def amount(self, value: float | None, tone: str = "") -> Cell:
        """A table cell with an amount in the chosen unit."""
        return Cell(self.money(value), tone=tone)

    @property
    def period(self) -> str:
        """The horizon, ``2026–2035``."""
        return f"{self.result.years[0]}–{self.result.years[-1]}"

    @property
    def last_year(self) -> int:
        """The last year of the horizon."""
        return self.result.years[-1]

    def entity_name(self, key: str) -> str:
        """The display name of a participant or of the share."""
        return self.case.shared_service.name if key == SHARE else self.names.get(key, key)

    @cached_property
    def results(self) -> dict[str, Any]:
        """The results JSON document that the charts are drawn from."""
        return result_to_dict(self.result, cash_flow=False)

    def chart(self, kind: str, scenario_id: str) -> Chart:
        """One of the charts of :mod:`.charts` as a block."""
        data = chart_data(self.results, scenario_id, kind, self.names)
        return Chart(data.title, render_svg(data), data.summary)

    # scenarios and findings

    @cached_property
    def baseline(self) -> ScenarioResult:
        """The baseline scenario's result (ongewijzigd beleid)."""
        return self.result.scenario(self.case.baseline_scenario.id)

    @cached_property
    def cooperation_scenarios(self) -> list[ScenarioResult]:
        """Every scenario except the baseline scenario, in case order."""
        return [s for s in self.result.scenarios if s.id != self.baseline.id]

    @cached_property
    def findings(self) -> dict[str, ScenarioFindings]:
        """The findings of every cooperation scenario, by id."""
        return {s.id: self._findings(s) for s in self.cooperation_scenarios}

    def _findings(self, scenario: ScenarioResult) -> ScenarioFindings:
        worse = tuple(
            (self.names[p], _cumulative(scenario.entities[p]))
            for p in self.result.participants
            if p in scenario.members and verdict(_cumulative(scenario.entities[p])) == "worse"
        )
        breaches = tuple(
            Breach(PRECONDITION_LABELS.get(c.precondition, c.precondition), c.message)
            for c in scenario.preconditions
            if not c.ok
        )
        consolidated = scenario.consolidated
        return ScenarioFindings(
            scenario=scenario,
            cumulative=_cumulative(consolidated),
            break_even=break_even_text(consolidated),
            savings=savings_text(consolidated),
            payback=payback_text(consolidated),
            worse_off=worse,
            breaches=breaches,
            checked=len(scenario.preconditions),
        )

    @cached_property
    def best(self) -> ScenarioFindings | None:
        """The cooperation scenario with the lowest consolidated cumulative difference at the
        horizon (the first of equals), or None when the case has none."""
        found = list(self.findings.values())
        return min(found, key=lambda f: f.cumulative) if found else None

    @cached_property
    def charging(self) -> ChargingView | None:
        """The charging design applied to the best scenario, or to the first scenario it
        applies to; None without a design or a scenario it applies to."""
        design = self.case.charging_design
        if design is None:
            return None
        applicable = applies_to(design, self.case)
        if not applicable:
            return None
        best = self.best
        chosen = best.scenario.id if best and best.scenario.id in applicable else applicable[0]
        scenario = self.result.scenario(chosen)
        try:
            charging = charge(self.case, self.result, chosen)
        except ChargingError as error:
            return ChargingView(scenario, None, (), (), str(error))
        bills = tuple(member_bills(self.case, self.result, charging))
        quality = tuple(quality_checks(self.case, self.result, charging))
        return ChargingView(scenario, charging, bills, quality, None)

    @cached_property
    def fairness(self) -> FairnessReport | None:
        """The fairness analysis of the best scenario (None when it has fewer than two
        members)."""
        best = self.best
        if best is None or len(best.scenario.members) < 2:
            return None
        return analyse_fairness(case_game(self.case, best.scenario.id))

    @cached_property
    def schedules(self) -> list[InvestmentSchedule]:
        """The capital-charge schedule of every investment line of every scenario."""
        return [
            _investment_schedule(self, scenario, line)
            for scenario in self.result.scenarios
            for line in self.case.resolved(scenario.id).investments
        ]


def _owner_terms(case: Case, entity: str, line: Investment) -> tuple[int, float]:
    """Depreciation term and interest rate of an investment at its bearer: the line's own, else
    the bearer's for the category (the engine's rule, docs/calculation.md step 6)."""
    owner: Participant | None = next((p for p in case.participants if p.id == entity), None)
    terms = owner.depreciation_terms if owner else case.shared_service.depreciation_terms
    rate = owner.interest_rate if owner else case.shared_service.interest_rate
    term = line.term_years or terms.get(line.category, DEFAULT_DEPRECIATION_TERM_YEARS)
    return term, line.interest_rate if line.interest_rate is not None else rate


def _investment_schedule(
    ctx: ReportContext, scenario: ScenarioResult, line: Investment
) -> InvestmentSchedule:
    """One investment's schedule: every bearer's purchase of every year is a vintage."""
    years = ctx.result.years
    amounts = [
        ln for ln in scenario.lines if ln.line_type == "investments" and ln.line_id == line.id
    ]
    rows = np.zeros((5, len(years)))
    purchases = np.zeros(len(years))
    terms, rates = set(), set()
    for amount in amounts:
        term, rate = _owner_terms(ctx.case, amount.entity, line)
        terms.add(term)
        rates.add(rate)
        purchases += amount.cash
        for t in np.flatnonzero(amount.cash):
            schedule = capital_charge_schedule(
                float(amount.cash[t]),
                years[t],
                term,
                rate,
                line.method.value,
                line.first_depreciation.value,
                line.interest_rule.value,
                years,
            )
            rows += np.array(
                [
                    schedule.book_value_jan_1,
                    schedule.depreciation,
                    schedule.interest,
                    schedule.capital_charge,
                    schedule.book_value_dec_31,
                ]
            )
    return InvestmentSchedule(
        scenario,
        line,
        _bearer_label(ctx, [a.entity for a in amounts], scenario),
        tuple(sorted(terms)),
        tuple(sorted(rates)),
        purchases,
        *rows,
    )


def _bearer_label(ctx: ReportContext, entities: Iterable[str], scenario: ScenarioResult) -> str:
    """Who bears a line: the share, one participant by name, or the (number of) members."""
    bearers = list(dict.fromkeys(entities))
    if len(bearers) == 1:
        return ctx.entity_name(bearers[0])
    if not bearers:
        return "—"
    if set(bearers) == set(scenario.members):
        return "de deelnemers"
    return _plural(len(bearers), "deelnemer", "deelnemers")


# --- the summary and the advice ----------------------------------------------------------------


def decision_question(case: Case) -> str:
    """The question the council decides: the case's own, else one made from the cooperation
    and its objectives."""
    coop = case.cooperation
    if coop.decision_question:
        return coop.decision_question
    question = (
        f"Gaan de {_plural(len(case.participants), 'deelnemer', 'deelnemers')} samenwerken in "
        f"{coop.name} ({FORM_LABELS[coop.form]}) vanaf {coop.first_year}"
    )
    goals = [_lower_first(o.name) for o in coop.objectives]
    return f"{question}, met als doelen {_join(goals)}?" if goals else f"{question}?"


def _worse_text(worse: Sequence[tuple[str, float]]) -> str:
    return _join([f"{name} ({format_eur(total)})" for name, total in worse])


def advice_paragraphs(ctx: ReportContext) -> list[Paragraph]:
    """The advice derived from the results: the best scenario on the consolidated cumulative
    difference, whether every participant is better off (with the simple keys and with the
    charging design), the breached preconditions, and the recommendation that follows."""
    best = ctx.best
    if best is None:
        text = (
            "De case heeft nog geen samenwerkingsscenario om met ongewijzigd beleid te "
            "vergelijken; er is nog geen advies."
        )
        return [Paragraph(text, lead="Advies:", tone=ADVICE)]
    paragraphs = [Paragraph(_best_sentence(ctx, best))]
    if best.saves:
        paragraphs.append(Paragraph(_participants_sentence(best)))
        charged = _charged_worse(ctx, best)
        if charged is not None:
            paragraphs.append(Paragraph(charged[0]))
        paragraphs.append(Paragraph(_preconditions_sentence(best)))
        worse = bool(best.worse_off) or bool(charged and charged[1])
        paragraphs.append(Paragraph(recommendation(best, worse), lead="Advies:", tone=ADVICE))
    else:
        paragraphs.append(Paragraph(recommendation(best, False), lead="Advies:", tone=ADVICE))
    paragraphs.append(
        Paragraph(
            "Dit advies volgt alleen uit de cijfers. De raad weegt daarnaast de doelen, de "
            "kwaliteit van de dienstverlening en de risico's.",
            tone=MUTED,
        )
    )
    return paragraphs


def _best_sentence(ctx: ReportContext, best: ScenarioFindings) -> str:
    name = best.scenario.name
    if not best.saves:
        return (
            f"Geen van de samenwerkingsscenario's is over {ctx.period} goedkoper dan "
            f"ongewijzigd beleid. Het kleinste verschil heeft {name}: "
            f"{format_eur(best.cumulative)} cumulatief tot en met {ctx.last_year}."
        )
    return (
        f"{name} levert over {ctx.period} geconsolideerd het meeste op: een cumulatief "
        f"verschil met ongewijzigd beleid van {format_eur(best.cumulative)} tot en met "
        f"{ctx.last_year} (besparing {best.savings}), met het omslagpunt in {best.break_even}."
    )


def _participants_sentence(best: ScenarioFindings) -> str:
    if not best.worse_off:
        return (
            "Met de verdeelsleutels van de business case is iedere deelnemer beter af dan alleen."
        )
    count = len(best.worse_off)
    verb = "is" if count == 1 else "zijn"
    return (
        f"Met de verdeelsleutels van de business case {verb} "
        f"{_plural(count, 'deelnemer', 'deelnemers')} {WORSE_OFF}: {_worse_text(best.worse_off)}."
    )


def _charged_worse(
    ctx: ReportContext, best: ScenarioFindings
) -> tuple[str, list[tuple[str, float]]] | None:
    """The sentence about the participants worse off under the charging design, and who they
    are; None when the design is not applied to this scenario."""
    view = ctx.charging
    if view is None or view.charging is None or view.scenario.id != best.scenario.id:
        return None
    worse = view.worse_off(ctx.names)
    if not worse:
        return "Ook met de ingerichte verrekening is iedere deelnemer beter af dan alleen.", worse
    verb = "is" if len(worse) == 1 else "zijn"
    counted = _plural(len(worse), "deelnemer", "deelnemers")
    return (
        f"Met de ingerichte verrekening {verb} {counted} {WORSE_OFF}: {_worse_text(worse)}.",
        worse,
    )


def _preconditions_sentence(best: ScenarioFindings) -> str:
    if not best.checked:
        return "De case stelt geen toetsbare randvoorwaarden."
    if not best.breaches:
        return "Het scenario voldoet aan alle randvoorwaarden."
    listed = "; ".join(f"{b.label.lower()} ({b.message})" for b in best.breaches)
    counted = _plural(len(best.breaches), "randvoorwaarde", "randvoorwaarden")
    return f"Het scenario schendt {counted}: {listed}."


def recommendation(best: ScenarioFindings, anyone_worse: bool) -> str:
    """The recommendation: choose the best scenario when it saves, meets every precondition
    and nobody is worse off; with compensation when someone is; not yet when it breaches a
    precondition; not on financial grounds when no scenario saves."""
    name = best.scenario.name
    if not best.saves:
        return (
            "op financiële gronden is samenwerken in deze vorm niet aan te bevelen. Wie toch "
            "samenwerkt, doet dat om de doelen, de kwaliteit of de continuïteit."
        )
    if best.breaches:
        return (
            f"besluit nog niet over {name}: het scenario schendt "
            f"{_plural(len(best.breaches), 'randvoorwaarde', 'randvoorwaarden')}. Pas eerst het "
            "scenario of de randvoorwaarden aan."
        )
    if anyone_worse:
        return (
            f"kies voor {name}, met afspraken over compensatie (compensatieposten) voor de "
            "deelnemers die er slechter af zijn dan alleen (zie Eerlijkheid van de verdeling)."
        )
    return f"kies voor {name}."


def _scenario_table(ctx: ReportContext) -> Table:
    """Per cooperation scenario its consolidated key figures."""
    columns = (
        Column("Scenario", numeric=False),
        Column(f"Cumulatief verschil t/m {ctx.last_year}"),
        Column("Omslagpunt"),
        Column("Besparing"),
        Column("Terugverdientijd"),
        Column("Netto contante waarde"),
        Column("Slechter af dan alleen"),
        Column("Randvoorwaarden", numeric=False),
    )
    rows = []
    for found in ctx.findings.values():
        consolidated = found.scenario.consolidated
        tone = WORSE if verdict(found.cumulative) == "worse" else ""
        breaches = (
            Cell(f"{len(found.breaches)} geschonden", tone=WORSE)
            if found.breaches
            else Cell("vervuld" if found.checked else NOT_APPLICABLE)
        )
        rows.append(
            (
                Cell(found.scenario.name),
                ctx.amount(found.cumulative, tone),
                Cell(found.break_even),
                Cell(found.savings),
                Cell(found.payback),
                ctx.amount(consolidated.metrics.npv),
                Cell(
                    f"{len(found.worse_off)} van {len(found.scenario.members)}",
                    tone=WORSE if found.worse_off else "",
                ),
                breaches,
            )
        )
    return Table(
        f"Uitkomst per scenario, geconsolideerd, {ctx.period} ({ctx.unit})", columns, tuple(rows)
    )


def _reading_guide(ctx: ReportContext) -> Paragraph:
    rate = ctx.result.discount_rate
    npv = (
        f"de netto contante waarde is verdisconteerd met {format_pct(rate * 100, 2)}"
        if rate > 0
        else "de netto contante waarde is niet verdisconteerd"
    )
    return Paragraph(
        f"Verschil = scenario − ongewijzigd beleid (iedere deelnemer alleen, met dezelfde "
        f"ambities); een negatief bedrag is een besparing. Kosten zijn de lasten: exploitatie, "
        f"kapitaallasten en eenmalige kosten, min de baten in geld. Bedragen in tabellen in "
        f"{ctx.unit}, prijspeil {ctx.result.years[0]} met indexatie; {npv}.",
        lead="Leeswijzer:",
        tone=MUTED,
    )


def summary_section(ctx: ReportContext) -> SectionContent:
    """Samenvatting en advies: the decision question, the advice, the key figures."""
    blocks: list[Block] = [
        Paragraph(decision_question(ctx.case), lead="Beslisvraag:"),
        *advice_paragraphs(ctx),
    ]
    if ctx.best is not None:
        blocks += [
            _scenario_table(ctx),
            ctx.chart("cumulatief", ctx.best.scenario.id),
        ]
    blocks.append(_reading_guide(ctx))
    return SectionContent(tuple(blocks))


# --- starting situation ----------------------------------------------------------------------


def _baseline_row(
    ctx: ReportContext, name: str, entity: EntityResult, status: str
) -> tuple[Cell, ...]:
    visible = float(entity.abcd["visible_start"][0])
    hidden = float(entity.abcd["a"][0])
    real = visible + hidden
    share = format_pct(hidden / real * 100) if real else NOT_APPLICABLE
    return (
        Cell(name),
        ctx.amount(visible),
        ctx.amount(hidden),
        ctx.amount(real),
        Cell(share),
        Cell(status),
    )


def _baseline_table(ctx: ReportContext) -> Table:
    first = ctx.result.years[0]
    columns = (
        Column("Deelnemer", numeric=False),
        Column("Zichtbaar"),
        Column("Verborgen (A)"),
        Column("Werkelijk niveau"),
        Column("Deel verborgen"),
        Column("Status nulmeting", numeric=False),
    )
    rows = tuple(
        _baseline_row(
            ctx,
            p.name,
            ctx.baseline.entities[p.id],
            enum_label(BaselineStatus, p.baseline.status.value),
        )
        for p in ctx.case.participants
    )
    footer = (_baseline_row(ctx, "Totaal", ctx.baseline.consolidated, ""),)
    return Table(f"Nulmeting per deelnemer, {first} ({ctx.unit})", columns, rows, footer)


def _hidden_by_cause(ctx: ReportContext) -> Table | None:
    totals: dict[str, float] = {}
    for participant in ctx.case.participants:
        for cost in participant.baseline.costs:
            for hidden in cost.hidden:
                totals[hidden.cause.value] = totals.get(hidden.cause.value, 0.0) + hidden.amount_eur
    if not totals:
        return None
    whole = sum(totals.values())
    rows = tuple(
        (
            Cell(enum_label(HiddenCause, cause)),
            ctx.amount(amount),
            Cell(format_pct(amount / whole * 100)),
        )
        for cause, amount in sorted(totals.items(), key=lambda item: -item[1])
    )
    columns = (Column("Oorzaak", numeric=False), Column("Bedrag"), Column("Deel"))
    footer = ((Cell("Totaal"), ctx.amount(whole), Cell(format_pct(100))),)
    caption = f"Verborgen kosten naar oorzaak, prijspeil {ctx.result.years[0]} ({ctx.unit})"
    return Table(caption, columns, rows, footer)


def _benchmark_table(ctx: ReportContext) -> Table:
    def per_unit(value: float | None) -> Cell:
        return Cell(format_eur(value))

    columns = (
        Column("Deelnemer", numeric=False),
        Column("Per inwoner"),
        Column("Norm"),
        Column("Per werkplek"),
        Column("Norm"),
        Column("Per fte"),
        Column("Norm"),
    )
    rows = tuple(
        (
            Cell(ctx.names[row.participant]),
            per_unit(row.per_inhabitant_eur),
            per_unit(row.norm_per_inhabitant_eur),
            per_unit(row.per_workplace_eur),
            per_unit(row.norm_per_workplace_eur),
            per_unit(row.per_fte_eur),
            per_unit(row.norm_per_fte_eur),
        )
        for row in ctx.result.benchmark
    )
    caption = f"Benchmark: werkelijke kosten {ctx.result.years[0]} per eenheid (€)"
    return Table(caption, columns, rows)


def starting_section(ctx: ReportContext) -> SectionContent:
    """Uitgangssituatie: the baseline measurement with the A effect, and the benchmark."""
    consolidated = ctx.baseline.consolidated
    hidden = float(consolidated.abcd["a"][0])
    visible = float(consolidated.abcd["visible_start"][0])
    blocks: list[Block] = [
        Paragraph(
            "Iedere deelnemer heeft zijn huidige kosten vastgelegd (de nulmeting). Zichtbaar is "
            "wat de begroting ICT noemt; verborgen zijn kosten die elders worden betaald, zoals "
            "ICT uit projectbudgetten, functioneel beheer in de vakafdelingen en apparatuur die "
            "langer meegaat dan de economische levensduur. Het werkelijke niveau is zichtbaar "
            "plus verborgen."
        ),
        Paragraph(
            f"De verborgen kosten zijn samen {format_eur(hidden)} per jaar bovenop "
            f"{format_eur(visible)} zichtbaar. Dit is effect A: het expliciet maken verhoogt de "
            "kosten niet, maar verschuift het vertrekpunt. Elk scenario, ook ongewijzigd "
            "beleid, gaat uit van het werkelijke niveau.",
            lead="Effect A:",
        ),
        _baseline_table(ctx),
    ]
    by_cause = _hidden_by_cause(ctx)
    if by_cause is not None:
        blocks.append(by_cause)
    norms = ctx.case.benchmark_norms
    source = f" ({norms.source.document})" if norms.source and norms.source.document else ""
    blocks += [
        Heading("Benchmark"),
        Paragraph(
            "De werkelijke kosten in het eerste jaar (met de kapitaallasten van de bestaande "
            "activa) per inwoner, per werkplek en per fte, naast de norm: de ingevoerde "
            f"norm{source}, anders de mediaan van de andere deelnemers."
        ),
        _benchmark_table(ctx),
    ]
    return SectionContent(tuple(blocks))


# --- objectives and preconditions ------------------------------------------------------------


def _precondition_facts(ctx: ReportContext) -> Facts:
    pre = ctx.case.cooperation.preconditions
    items: list[tuple[str, str]] = []
    if pre.max_realisation_months is not None:
        items.append(
            (PRECONDITION_LABELS["max_realisation_months"], f"{pre.max_realisation_months} maanden")
        )
    if pre.max_one_off_costs_eur is not None:
        items.append(
            (PRECONDITION_LABELS["max_one_off_costs_eur"], format_eur(pre.max_one_off_costs_eur))
        )
    items += [
        (
            PRECONDITION_LABELS["no_forced_redundancies"],
            "ja" if pre.no_forced_redundancies else "nee",
        ),
        (
            PRECONDITION_LABELS["every_participant_better_off"],
            "ja" if pre.every_participant_better_off else "nee",
        ),
    ]
    if pre.staff_policy:
        items.append(("Personeel", pre.staff_policy))
    if pre.quality_and_cost_differences:
        items.append(("Verschillen in kwaliteit en kosten", pre.quality_and_cost_differences))
    return Facts(tuple(items))


def _checks_table(ctx: ReportContext) -> Table | None:
    rows = tuple(
        (
            Cell(scenario.name),
            Cell(PRECONDITION_LABELS.get(check.precondition, check.precondition)),
            Cell("vervuld", tone=BETTER) if check.ok else Cell("geschonden", tone=WORSE),
            Cell(check.message),
        )
        for scenario in ctx.cooperation_scenarios
        for check in scenario.preconditions
    )
    if not rows:
        return None
    columns = (
        Column("Scenario", numeric=False),
        Column("Randvoorwaarde", numeric=False),
        Column("Oordeel", numeric=False),
        Column("Toelichting", numeric=False),
    )
    return Table("Toets van de scenario's aan de randvoorwaarden", columns, rows)


def _objectives_tables(ctx: ReportContext) -> list[Block]:
    objectives = ctx.case.cooperation.objectives
    if not objectives:
        return [Paragraph("De case noemt geen doelen.")]
    listed = Table(
        "Doelen",
        tuple(
            Column(label, numeric=False)
            for label in ("Doel", "Indicator", "Meetmethode", "Streefwaarde")
        ),
        tuple(
            (
                Cell(o.name),
                Cell(o.indicator or "—"),
                Cell(o.measurement or "—"),
                Cell(o.target or "—"),
            )
            for o in objectives
        ),
    )
    scenarios = [ctx.case.scenario(s.id) for s in ctx.result.scenarios]
    reach = Table(
        "Bereikbaarheid van de doelen per scenario (volgens de case)",
        (Column("Doel", numeric=False), *(Column(s.name, numeric=False) for s in scenarios)),
        tuple(
            (
                Cell(o.name),
                *(
                    Cell("niet bereikbaar", tone=WORSE)
                    if o.id in s.objectives_not_reached
                    else Cell("bereikbaar")
                    for s in scenarios
                ),
            )
            for o in objectives
        ),
    )
    return [listed, reach]


def objectives_section(ctx: ReportContext) -> SectionContent:
    """Doelen en randvoorwaarden: the objectives, which scenario reaches them, and the
    preconditions every scenario is checked against."""
    blocks: list[Block] = [
        *_objectives_tables(ctx),
        Heading("Randvoorwaarden"),
        _precondition_facts(ctx),
    ]
    checks = _checks_table(ctx)
    if checks is not None:
        blocks.append(checks)
    return SectionContent(tuple(blocks))


# --- scenarios ---------------------------------------------------------------------------------


def _members_text(ctx: ReportContext, scenario: ScenarioResult) -> str:
    total = len(ctx.case.participants)
    if len(scenario.members) == total:
        return f"alle {total}"
    names = [ctx.names[p] for p in scenario.members]
    return f"{len(names)} van {total}: {_join(names)}"


def _scenario_facts(ctx: ReportContext, result: ScenarioResult) -> Facts:
    scenario: Scenario = ctx.case.scenario(result.id)
    resolved = ctx.case.resolved(result.id)
    items = [
        (
            "Soort",
            "referentie: ongewijzigd beleid" if result.id == ctx.baseline.id else "samenwerking",
        ),
        ("Deelnemers", _members_text(ctx, result)),
    ]
    if scenario.extends:
        items.append(("Bouwt voort op", ctx.case.scenario(scenario.extends).name))
    if resolved.phases:
        phases = [
            f"{format_number(p.share_pct)}% per {date_text(p.go_live)}" for p in resolved.phases
        ]
        items.append(("Fasering", _join(phases)))
    if scenario.delay_months:
        items.append(("Vertraging", f"{scenario.delay_months} maanden"))
    if not scenario.include_overhead:
        items.append(("Overhead", "niet meegenomen"))
    counts = [
        f"{label_for(Scenario, name)}: {len(getattr(resolved, name))}"
        for name in LINE_LISTS
        if getattr(resolved, name)
    ]
    if counts:
        items.append(("Onderdelen", "; ".join(counts)))
    return Facts(tuple(items))


def _cost_per_year_table(ctx: ReportContext) -> list[Table]:
    scenarios = ctx.result.scenarios
    columns = (Column("Jaar", numeric=False), *(Column(s.name) for s in scenarios))
    rows = _year_rows(ctx, [s.consolidated.cost for s in scenarios])
    footer = ((Cell("Totaal"), *(ctx.amount(_total(s.consolidated.cost)) for s in scenarios)),)
    caption = f"Geconsolideerde kosten per jaar en scenario ({ctx.unit})"
    return [Table(caption, columns, rows, footer)]


def scenarios_section(ctx: ReportContext) -> SectionContent:
    """Scenario's: what each scenario is, and the consolidated cost per year."""
    blocks: list[Block] = [
        Paragraph(
            "Elk scenario wordt vergeleken met ongewijzigd beleid: iedere deelnemer gaat alleen "
            "verder en bereikt dezelfde ambities (dezelfde dienstverlening, dezelfde verplichte "
            "landelijke ontwikkelingen)."
        )
    ]
    for scenario in ctx.result.scenarios:
        blocks.append(Heading(scenario.name))
        description = ctx.case.scenario(scenario.id).description
        if description:
            blocks.append(Paragraph(description))
        blocks.append(_scenario_facts(ctx, scenario))
    highlight = ctx.best.scenario.id if ctx.best else ctx.baseline.id
    blocks += [ctx.chart("kosten", highlight), *_cost_per_year_table(ctx)]
    return SectionContent(tuple(blocks))


# --- costs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineTotal:
    """A scenario line summed over its bearers and the horizon (cost view)."""

    id: str
    description: str
    bearer: str
    cost: float


def line_totals(
    ctx: ReportContext, scenario: ScenarioResult, components: Iterable[Component]
) -> list[LineTotal]:
    """The scenario's lines of these components, in case order, each summed over its bearers
    and the horizon."""
    wanted = set(components)
    grouped: dict[str, list[LineAmounts]] = {}
    for line in scenario.lines:
        if line.component in wanted:
            grouped.setdefault(line.line_id, []).append(line)
    return [
        LineTotal(
            line_id,
            lines[0].description or line_id,
            _bearer_label(ctx, [ln.entity for ln in lines], scenario),
            sum(_total(ln.cost) for ln in lines),
        )
        for line_id, lines in grouped.items()
    ]


def _lines_table(ctx: ReportContext, caption: str, lines: list[LineTotal]) -> Table:
    columns = (
        Column("Omschrijving", numeric=False),
        Column("Drager", numeric=False),
        Column("Totaal"),
    )
    rows = tuple((Cell(ln.description), Cell(ln.bearer), ctx.amount(ln.cost)) for ln in lines)
    footer = ((Cell("Totaal"), Cell(""), ctx.amount(sum(ln.cost for ln in lines))),)
    return Table(f"{caption}, {ctx.period} ({ctx.unit})", columns, rows, footer)


def _capital_table(ctx: ReportContext, scenario: ScenarioResult) -> Table | None:
    schedules = [s for s in ctx.schedules if s.scenario.id == scenario.id]
    if not schedules:
        return None
    columns = (
        Column("Investering", numeric=False),
        Column("Drager", numeric=False),
        Column("Investeringen"),
        Column("Kapitaallasten"),
        Column(f"Restwaarde eind {ctx.last_year}"),
    )
    rows = tuple(
        (
            Cell(s.line.description or s.line.id),
            Cell(s.bearer),
            ctx.amount(_total(s.purchases)),
            ctx.amount(_total(s.capital_charge)),
            ctx.amount(float(s.book_value_dec_31[-1])),
        )
        for s in schedules
    )
    footer = (
        (
            Cell("Totaal"),
            Cell(""),
            ctx.amount(sum(_total(s.purchases) for s in schedules)),
            ctx.amount(sum(_total(s.capital_charge) for s in schedules)),
            ctx.amount(sum(float(s.book_value_dec_31[-1]) for s in schedules)),
        ),
    )
    caption = f"Investeringen en kapitaallasten, {ctx.period} ({ctx.unit}); schema's in de bijlage"
    return Table(caption, columns, rows, footer)


def _abcd_table(ctx: ReportContext) -> Table:
    columns = (
        Column("Scenario", numeric=False),
        Column("B: eenmalig"),
        Column("C: bestaande kosten"),
        Column("D: nieuwe structurele kosten"),
        Column("Verschil (B + C + D)"),
    )
    rows = tuple(
        (
            Cell(s.name),
            *(ctx.amount(_total(s.consolidated.abcd[k])) for k in ("b", "c", "d")),
            ctx.amount(_total(s.consolidated.difference)),
        )
        for s in ctx.cooperation_scenarios
    )
    return Table(f"Opbouw van het verschil, {ctx.period} ({ctx.unit})", columns, rows)


def _scenario_costs(ctx: ReportContext, scenario: ScenarioResult) -> Part:
    blocks: list[Block] = [ctx.chart("abcd", scenario.id)]
    one_off = line_totals(ctx, scenario, (Component.ONE_OFF, Component.DISINVESTMENT))
    if one_off:
        blocks.append(_lines_table(ctx, "Eenmalige kosten (B)", one_off))
    structural = line_totals(ctx, scenario, (Component.NEW_STRUCTURAL,))
    if structural:
        blocks.append(_lines_table(ctx, "Nieuwe structurele kosten (D)", structural))
    capital = _capital_table(ctx, scenario)
    if capital is not None:
        blocks.append(capital)
    return Part(f"Kosten in {scenario.name}", tuple(blocks))


def _budget_part(ctx: ReportContext, best: ScenarioFindings) -> Part:
    consolidated = best.scenario.consolidated
    columns = (
        Column("Jaar", numeric=False),
        Column("Structurele kosten"),
        Column("Incidentele kosten"),
        Column("Verschil (TCO)"),
        Column("Verschil in de begroting"),
    )
    series = (
        consolidated.structural,
        consolidated.one_off,
        consolidated.difference,
        consolidated.budget_difference,
    )
    rows = _year_rows(ctx, series)
    footer = ((Cell("Totaal"), *(ctx.amount(_total(s)) for s in series)),)
    table = Table(f"Meerjarenraming {best.scenario.name} ({ctx.unit})", columns, rows, footer)
    return Part(
        "Structureel en incidenteel, begroting en TCO",
        (
            Paragraph(
                f"Voor {best.scenario.name}: de kosten per jaar gesplitst in structureel en "
                "incidenteel, voor de meerjarenbegroting. Het begrotingseffect telt alleen de "
                "zichtbare begrotingsposten; het economische effect (TCO) ook de verborgen "
                "kosten. Verborgen kosten naar de share verplaatsen maakt pas budget vrij als "
                "formatie of contracten echt vervallen."
            ),
            ctx.chart("structureel", best.scenario.id),
            ctx.chart("begroting", best.scenario.id),
            table,
        ),
    )


def costs_section(ctx: ReportContext) -> SectionContent | None:
    """Kosten: the B/C/D build-up of every cooperation scenario, its one-off costs, new
    structural costs and capital charges, and the multi-year figures of the best scenario."""
    best = ctx.best
    if best is None:
        return None
    intro = Paragraph(
        "Het verschil met ongewijzigd beleid bestaat uit B (eenmalige kosten en "
        "desinvesteringen), C (verandering van de bestaande kosten: de knip, besparingen, "
        "formatie, indexatie en kapitaallasten van bestaande activa) en D (nieuwe structurele "
        "kosten: de eigen kosten van de share, nieuwe kosten bij de deelnemers en de "
        "kapitaallasten van nieuwe investeringen). Elk jaar geldt: verschil = B + C + D."
    )
    parts = [_scenario_costs(ctx, s) for s in ctx.cooperation_scenarios]
    parts.append(_budget_part(ctx, best))
    return SectionContent((intro, _abcd_table(ctx)), tuple(parts))


# --- benefits ----------------------------------------------------------------------------------


def _benefit_table(ctx: ReportContext, scenario: ScenarioResult) -> Block:
    lines = [line for line in ctx.case.resolved(scenario.id).benefits if line.monetised]
    if not lines:
        return Paragraph("Dit scenario heeft geen baten in geld.")
    totals = {ln.id: ln for ln in line_totals(ctx, scenario, (Component.BENEFITS,))}
    columns = (
        Column("Baat", numeric=False),
        Column("Soort", numeric=False),
        Column("Batengebied", numeric=False),
        Column("Drager", numeric=False),
        Column("Totaal"),
    )
    rows = tuple(
        (
            Cell(line.description or line.id),
            Cell(enum_label(BenefitKind, line.kind.value)),
            Cell(line.benefit_area or "—"),
            Cell(totals[line.id].bearer if line.id in totals else "—"),
            ctx.amount(-totals[line.id].cost if line.id in totals else 0.0),
        )
        for line in lines
    )
    return Table(f"Baten in geld, {ctx.period} ({ctx.unit})", columns, rows)


def _qualitative_table(ctx: ReportContext, rows: Sequence[QualitativeRow]) -> Table:
    columns = (
        Column("Post", numeric=False),
        Column("Soort", numeric=False),
        Column("Drager", numeric=False),
        Column("In geld", numeric=False),
        Column("Totaal"),
    )
    cells = tuple(
        (
            Cell(row.description),
            Cell("baat" if row.kind == "benefit" else "kosten"),
            Cell(enum_label(BearerGroup, row.bearer)),
            Cell("ja" if row.monetised else "nee"),
            ctx.amount(row.total_eur) if row.monetised else Cell("—", tone=MUTED),
        )
        for row in rows
    )
    caption = f"Kwalitatief overzicht: alle baten en kosten met hun drager ({ctx.unit})"
    return Table(caption, columns, cells)


def _qualitative_blocks(ctx: ReportContext, scenario: ScenarioResult) -> list[Block]:
    """The qualitative overview, with a note when a monetised item has no total of its own."""
    rows = qualitative_overview(ctx.case, ctx.result, scenario.id)
    blocks: list[Block] = [_qualitative_table(ctx, rows)]
    if any(row.monetised and row.total_eur is None for row in rows):
        blocks.append(
            Paragraph(
                "— bij een post in geld: een wijziging in procenten van het bestaande "
                "kostenniveau; het effect zit in de bestaande kosten (C) en is niet per post "
                "uit te splitsen.",
                tone=MUTED,
            )
        )
    return blocks


def benefits_section(ctx: ReportContext) -> SectionContent | None:
    """Baten: the monetised benefit lines and the qualitative overview of every cooperation
    scenario, with who bears each item."""
    if not ctx.cooperation_scenarios:
        return None
    intro = Paragraph(
        "Baten zijn er in drie soorten: efficiency (tijdwinst, om te rekenen naar fte en euro's "
        "maar niet meteen geld), directe kasstroom (zoals inkoopvoordeel) en effectiviteit "
        "(kwaliteit, dienstverlening; vaak pas achteraf te meten). De meeste baten vallen bij "
        "de deelnemers, de meeste kosten bij de share. Het kwalitatieve overzicht toont elke "
        "post, ook wat niet in geld is uitgedrukt, met wie hem draagt."
    )
    parts = tuple(
        Part(
            f"Baten in {s.name}",
            (_benefit_table(ctx, s), *_qualitative_blocks(ctx, s)),
        )
        for s in ctx.cooperation_scenarios
    )
    return SectionContent((intro,), parts)


# --- each participant's outcome and the charging --------------------------------------------


def _outcome_cell(ctx: ReportContext, scenario: ScenarioResult, participant: str) -> Cell:
    if participant not in scenario.members:
        return Cell(NOT_A_MEMBER, tone=MUTED)
    total = _cumulative(scenario.entities[participant])
    judged = verdict(total)
    tone = WORSE if judged == "worse" else ""
    return Cell(ctx.money(total), note=VERDICTS[judged], tone=tone)


def _outcome_table(ctx: ReportContext) -> Table:
    scenarios = ctx.cooperation_scenarios
    columns = (Column("Deelnemer", numeric=False), *(Column(s.name) for s in scenarios))
    rows = tuple(
        (Cell(ctx.names[p]), *(_outcome_cell(ctx, s, p) for s in scenarios))
        for p in ctx.result.participants
    )
    caption = (
        f"Cumulatief verschil per deelnemer met alleen verder gaan, t/m {ctx.last_year} "
        f"({ctx.unit})"
    )
    return Table(caption, columns, rows)


def _principles_text(ctx: ReportContext) -> str:
    design = ctx.case.charging_design
    assert design is not None
    p = design.principles
    coverage = enum_label(Coverage, p.coverage.value)
    if p.coverage is Coverage.MARGIN:
        coverage += f" ({format_number(p.margin_pct, 1)}%)"
    development = _lower_first(enum_label(Development, p.development.value))
    settlement = (
        _lower_first(enum_label(SettlementRule, p.settlement.value))
        if p.settlement is SettlementRule.BY_KEY
        else "geen nacalculatie: het resultaat blijft bij de share"
    )
    return f"{coverage}; doorontwikkeling {development}; {settlement}."


def _products_table(ctx: ReportContext, charging: Charging) -> Table:
    t = len(charging.years) - 1
    columns = (
        Column("Product", numeric=False),
        Column("Tariefmodel", numeric=False),
        Column("Kosten"),
        Column("Afname"),
        Column("Kostprijs per eenheid (€)"),
        Column("Tarief (€)"),
    )
    rows = tuple(
        (
            Cell(p.name, note=p.deviation_reason or ""),
            Cell(enum_label(TariffKind, p.kind.value)),
            ctx.amount(float(p.cost_eur[t])),
            Cell(format_number(float(p.volume[t]))),
            Cell(format_eur(float(p.cost_price_eur[t]))),
            Cell("staffel" if p.kind is TariffKind.TIERED else format_eur(float(p.tariff_eur[t]))),
        )
        for p in charging.products
    )
    return Table(f"Producten en tarieven {charging.years[t]} ({ctx.unit})", columns, rows)


def _bills_table(ctx: ReportContext, view: ChargingView) -> Table:
    columns = (
        Column("Deelnemer", numeric=False),
        Column("Rekening"),
        Column("Berekeningsverschil"),
        Column("Met de eenvoudige sleutels"),
        Column("Eigen verschil met alleen"),
    )
    rows = []
    for bill in view.bills:
        own = _total(bill.difference_eur)
        judged = verdict(own)
        rows.append(
            (
                Cell(ctx.names[bill.id]),
                ctx.amount(_total(bill.total_eur)),
                ctx.amount(_total(bill.charging_difference_eur)),
                ctx.amount(_total(bill.engine_charge_eur)),
                Cell(
                    ctx.money(own), note=VERDICTS[judged], tone=WORSE if judged == "worse" else ""
                ),
            )
        )
    caption = (
        f"Rekening en eigen uitkomst per deelnemer met de verrekening, {ctx.period} ({ctx.unit})"
    )
    return Table(caption, columns, tuple(rows))


def _quality_table(view: ChargingView) -> Table:
    columns = (
        Column("Criterium", numeric=False),
        Column("Oordeel", numeric=False),
        Column("Toelichting", numeric=False),
    )
    rows = tuple(
        (
            Cell(q.label),
            Cell(QUALITY_LABELS[q.status], tone=WORSE if q.status == "let_op" else ""),
            Cell(q.explanation),
        )
        for q in view.quality
    )
    return Table("Toets aan de kwaliteitscriteria voor een verrekensysteem", columns, rows)


def _charging_part(ctx: ReportContext, view: ChargingView) -> Part:
    title = f"Verrekening in {view.scenario.name}"
    if view.charging is None:
        message = f"De verrekening kan niet worden berekend: {view.error}."
        return Part(title, (Paragraph(message, tone=WARNING),))
    charging = view.charging
    uncovered = _total(charging.uncovered_eur())
    blocks: list[Block] = [
        Paragraph(_principles_text(ctx), lead="Uitgangspunten:"),
        *(Paragraph(w, tone=WARNING) for w in charging.warnings),
        _products_table(ctx, charging),
        Paragraph(
            "Berekeningsverschil = de rekening min de kosten die de deelnemer in de knip aan de "
            "share overdroeg. Het eigen verschil met alleen is de eigen business case van de "
            "deelnemer met deze rekening in plaats van de eenvoudige verdeelsleutels.",
            tone=MUTED,
        ),
        _bills_table(ctx, view),
        _quality_table(view),
        Paragraph(
            f"Over {ctx.period} brengt de verrekening {format_eur(_total(charging.total_eur))} in "
            f"rekening; niet gedekt: {format_eur(uncovered)}.",
            lead="Aansluiting:",
        ),
    ]
    return Part(title, tuple(blocks))


def outcome_section(ctx: ReportContext) -> SectionContent | None:
    """Uitkomst per deelnemer en verrekening: each participant's own result in every scenario
    and, with a charging design, its bill and its result with the real charging."""
    best = ctx.best
    if best is None:
        return None
    blocks: list[Block] = [
        Paragraph(
            "Het eigen verschil van iedere deelnemer met alleen verder gaan (ongewijzigd beleid), "
            "met de verdeelsleutels van de business case. Positief is meer kosten dan alleen."
        ),
        _outcome_table(ctx),
        ctx.chart("deelnemers", best.scenario.id),
    ]
    view = ctx.charging
    if view is None:
        blocks.append(
            Paragraph(
                "Deze case heeft geen verrekening ingericht (producten, tarieven, "
                "nacalculatie); de kosten van de share zijn verdeeld met de eenvoudige "
                "verdeelsleutels van de case."
            )
        )
        return SectionContent(tuple(blocks))
    return SectionContent(tuple(blocks), (_charging_part(ctx, view),))


# --- fairness ----------------------------------------------------------------------------------


def _allocation_table(ctx: ReportContext, report: FairnessReport) -> Table:
    shown = [a for a in report.allocations if a.key in ("charging", "shapley", "nucleolus")]
    columns = (
        Column("Deelnemer", numeric=False),
        Column("Alleen"),
        *(Column(a.label) for a in shown),
        Column("Betaalt voor anderen"),
    )
    rows = []
    for i, name in enumerate(report.names):
        alone = float(report.stand_alone_eur[i])
        cells = [Cell(name), ctx.amount(alone)]
        for allocation in shown:
            amount = float(allocation.amounts_eur[i])
            over = amount > alone + TOLERANCE_EUR
            cells.append(
                Cell(
                    ctx.money(amount),
                    note="meer dan alleen" if over else "",
                    tone=WORSE if over else "",
                )
            )
        cells.append(ctx.amount(float(report.subsidy_eur[i])))
        rows.append(tuple(cells))
    caption = f"Verdeling van de kosten per deelnemer, looptijd, contante waarde ({ctx.unit})"
    return Table(caption, columns, tuple(rows))


def fairness_section(ctx: ReportContext) -> SectionContent | None:
    """Eerlijkheid van de verdeling: the chosen charging beside the Shapley value and the
    nucleolus, each checked against the core, with the compensation lines."""
    report = ctx.fairness
    best = ctx.best
    if report is None or best is None:
        return None
    data = fairness_to_dict(report)
    conclusions = summary_lines(data)
    compensation = compensation_lines(data)
    plain = conclusions[: len(conclusions) - len(compensation)]
    blocks: list[Block] = [
        Paragraph(
            f"Is de verdeling van de kosten in {best.scenario.name} eerlijk? De kosten zijn "
            "opgeteld over de looptijd (contante waarde). Alleen is wat een deelnemer kwijt is als "
            "hij alleen verdergaat. Een verdeling ligt in de kern als geen groep deelnemers "
            "zonder de anderen goedkoper uit zou zijn. De Shapley-waarde geeft ieder de "
            "gemiddelde meerkosten die hij toevoegt; de nucleolus maakt de grootste klacht van "
            "een groep zo klein mogelijk. Betaalt voor anderen = gekozen verrekening − "
            "Shapley-waarde."
        ),
        Paragraph(
            f"{format_eur(report.grand_cost_eur)} over de looptijd (contante waarde).",
            lead="Kosten van de hele samenwerking:",
        ),
        _allocation_table(ctx, report),
        Table(
            "Toets per verdeling",
            tuple(Column(h, numeric=False) for h in CHECK_HEADINGS),
            tuple(tuple(Cell(text) for text in row) for row in check_rows(data)),
        ),
        *(Paragraph(line) for line in plain),
    ]
    if compensation:
        blocks += [
            Paragraph(compensation[0]),
            BulletList(tuple(c.strip() for c in compensation[1:])),
        ]
    return SectionContent(tuple(blocks))


# --- conclusions -------------------------------------------------------------------------------


def _other_scenario_lines(ctx: ReportContext, best: ScenarioFindings) -> list[str]:
    return [
        f"{f.scenario.name}: cumulatief verschil {format_eur(f.cumulative)} tot en met "
        f"{ctx.last_year}, omslagpunt {f.break_even}, besparing {f.savings}."
        for f in ctx.findings.values()
        if f.scenario.id != best.scenario.id
    ]


def _objective_line(ctx: ReportContext, best: ScenarioFindings) -> str | None:
    objectives = {o.id: o.name for o in ctx.case.cooperation.objectives}
    if not objectives:
        return None
    missed = [
        objectives[o]
        for o in ctx.case.scenario(best.scenario.id).objectives_not_reached
        if o in objectives
    ]
    if not missed:
        return f"Met {best.scenario.name} zijn alle doelen bereikbaar (volgens de case)."
    missed_text = _join([_lower_first(m) for m in missed])
    return f"Met {best.scenario.name} zijn niet bereikbaar: {missed_text}."


def _budget_line(best: ScenarioFindings) -> str:
    consolidated = best.scenario.consolidated
    budget = format_eur(_total(consolidated.budget_difference))
    return (
        f"Het begrotingseffect van {best.scenario.name} is {budget} "
        f"tegen een economisch effect (TCO) van {format_eur(_total(consolidated.difference))}: "
        "verborgen kosten naar de share verplaatsen maakt pas budget vrij als formatie of "
        "contracten echt vervallen."
    )


def _fairness_line(report: FairnessReport | None) -> str | None:
    if report is None or report.core_nonempty is None:
        return None
    if not report.core_nonempty:
        return "De kern is leeg: elke verdeling laat een groep deelnemers meer betalen dan alleen."
    chosen = report.allocation("charging")
    if chosen is not None and chosen.check is not None and chosen.check.in_core:
        return "De gekozen verrekening ligt in de kern: geen groep deelnemers is alleen beter af."
    transfer = report.compensation.total_transfer_eur if report.compensation else 0.0
    return (
        "De gekozen verrekening ligt niet in de kern; compensatieposten van samen "
        f"{format_eur(transfer)} brengen haar erin."
    )


def conclusions_section(ctx: ReportContext) -> SectionContent:
    """Conclusies: what follows from the numbers, in short sentences, and the advice."""
    best = ctx.best
    if best is None:
        return SectionContent(tuple(advice_paragraphs(ctx)))
    items = [_best_sentence(ctx, best), _participants_sentence(best)]
    charged = _charged_worse(ctx, best)
    if charged is not None:
        items.append(charged[0])
    items += [_preconditions_sentence(best), *_other_scenario_lines(ctx, best)]
    items += [
        line
        for line in (_objective_line(ctx, best), _budget_line(best), _fairness_line(ctx.fairness))
        if line
    ]
    items += [f"Opmerking bij de berekening: {note}" for note in ctx.result.notes]
    advice = [p for p in advice_paragraphs(ctx) if p.tone == ADVICE]
    return SectionContent((BulletList(tuple(items)), *advice))


# --- annexes -----------------------------------------------------------------------------------


def _range_text(values: Sequence[str]) -> str:
    """One value, or the range ``low tot high, per drager`` when the bearers differ."""
    if not values:
        return "—"
    if len(values) == 1:
        return values[0]
    return f"{values[0]} tot {values[-1]}, per drager"


def _schedule_facts(schedule: InvestmentSchedule) -> Facts:
    line = schedule.line
    rule = _lower_first(enum_label(InterestRule, line.interest_rule.value))
    rates = _range_text([format_pct(r * 100, 2) for r in schedule.rates])
    return Facts(
        (
            ("Drager", schedule.bearer),
            ("Afschrijvingstermijn", _range_text([f"{t} jaar" for t in schedule.terms])),
            ("Methode", enum_label(DepreciationMethod, line.method.value)),
            ("Eerste afschrijving", enum_label(FirstDepreciation, line.first_depreciation.value)),
            ("Rente", f"{rates}, over de {rule}"),
        )
    )


def _schedule_table(ctx: ReportContext, schedule: InvestmentSchedule) -> Table:
    columns = (
        Column("Jaar", numeric=False),
        Column("Investering"),
        Column("Boekwaarde 1 januari"),
        Column("Afschrijving"),
        Column("Rente"),
        Column("Kapitaallasten"),
        Column("Boekwaarde 31 december"),
    )
    series = (
        schedule.purchases,
        schedule.book_value_jan_1,
        schedule.depreciation,
        schedule.interest,
        schedule.capital_charge,
        schedule.book_value_dec_31,
    )
    rows = _year_rows(ctx, series)
    totals = (
        schedule.purchases,
        None,
        schedule.depreciation,
        schedule.interest,
        schedule.capital_charge,
        None,
    )
    footer = (
        (Cell("Totaal"), *(Cell("") if s is None else ctx.amount(_total(s)) for s in totals)),
    )
    return Table(
        f"Kapitaallastenschema {schedule.line.description or schedule.line.id} ({ctx.unit})",
        columns,
        rows,
        footer,
    )


def capital_annex(ctx: ReportContext) -> SectionContent | None:
    """Bijlage: the capital-charge schedule of every investment, per scenario; a schedule the
    same as in an earlier scenario is referred to, not repeated."""
    if not ctx.schedules:
        return None
    seen: dict[tuple[str, tuple[float, ...]], str] = {}
    parts = []
    for scenario in ctx.result.scenarios:
        blocks: list[Block] = []
        for schedule in (s for s in ctx.schedules if s.scenario.id == scenario.id):
            key = (schedule.line.id, tuple(np.round(schedule.purchases, 2)))
            blocks.append(Heading(schedule.line.description or schedule.line.id))
            if key in seen:
                blocks.append(Paragraph(f"Gelijk aan het schema in {seen[key]}."))
                continue
            seen[key] = scenario.name
            blocks += [_schedule_facts(schedule), _schedule_table(ctx, schedule)]
        if blocks:
            parts.append(Part(scenario.name, tuple(blocks)))
    intro = Paragraph(
        "Per investering de aanschaf per jaar (na indexatie), de boekwaarde, de afschrijving, "
        "de rente en de kapitaallasten (afschrijving + rente) binnen de looptijd. De "
        "boekwaarde op 31 december van het laatste jaar is de restwaarde."
    )
    return SectionContent((intro,), tuple(parts))


def _participant_facts(ctx: ReportContext, participant: Participant) -> Paragraph:
    first = ctx.result.years[0]
    facts = [f"CBS-code {participant.cbs_code}"] if participant.cbs_code else []
    facts += [
        f"{_lower_first(DRIVER_LABELS.get(name, name))} {format_number(_driver_at(values, first))}"
        for name, values in participant.drivers.items()
    ]
    facts += [
        f"nulmeting {_lower_first(enum_label(BaselineStatus, participant.baseline.status.value))}",
        f"rente {format_pct(participant.interest_rate * 100, 2)}",
    ]
    return Paragraph(" · ".join(facts), lead=f"In {first}:")


def _participant_baseline(ctx: ReportContext, participant: Participant) -> Table:
    visible: dict[str, float] = {}
    hidden: dict[str, float] = {}
    for cost in participant.baseline.costs:
        visible[cost.category] = visible.get(cost.category, 0.0) + cost.visible_eur
        hidden[cost.category] = hidden.get(cost.category, 0.0) + cost.hidden_eur
    for staff in participant.baseline.staffing:
        visible[staff.category] = (
            visible.get(staff.category, 0.0) + staff.fte * staff.cost_per_fte_eur
        )
    categories = [c for c in ctx.case.categories if c.id in visible or c.id in hidden]
    rows = tuple(
        (
            Cell(c.name),
            ctx.amount(visible.get(c.id, 0.0)),
            ctx.amount(hidden.get(c.id, 0.0)),
            ctx.amount(visible.get(c.id, 0.0) + hidden.get(c.id, 0.0)),
        )
        for c in categories
    )
    all_visible, all_hidden = sum(visible.values()), sum(hidden.values())
    footer = (
        (
            Cell("Totaal"),
            ctx.amount(all_visible),
            ctx.amount(all_hidden),
            ctx.amount(all_visible + all_hidden),
        ),
    )
    columns = (
        Column("Kostensoort", numeric=False),
        Column("Zichtbaar"),
        Column("Verborgen"),
        Column("Werkelijk"),
    )
    caption = f"Nulmeting per kostensoort, prijspeil {ctx.result.years[0]} ({ctx.unit})"
    return Table(caption, columns, rows, footer)


def _participant_scenarios(ctx: ReportContext, participant: str) -> Table:
    columns = (
        Column("Scenario", numeric=False),
        Column(f"Cumulatief verschil t/m {ctx.last_year}"),
        Column("Omslagpunt"),
        Column("Besparing"),
        Column("Netto contante waarde"),
    )
    rows = []
    for scenario in ctx.cooperation_scenarios:
        if participant not in scenario.members:
            rows.append(
                (Cell(scenario.name), Cell(NOT_A_MEMBER, tone=MUTED), Cell(""), Cell(""), Cell(""))
            )
            continue
        entity = scenario.entities[participant]
        rows.append(
            (
                Cell(scenario.name),
                _outcome_cell(ctx, scenario, participant),
                Cell(break_even_text(entity)),
                Cell(savings_text(entity)),
                ctx.amount(entity.metrics.npv),
            )
        )
    return Table(f"Eigen uitkomst per scenario, t.o.v. alleen ({ctx.unit})", columns, tuple(rows))


def _participant_years(ctx: ReportContext, participant: str, scenario: ScenarioResult) -> Table:
    alone = ctx.baseline.entities[participant]
    entity = scenario.entities[participant]
    columns = (
        Column("Jaar", numeric=False),
        Column("Kosten alleen"),
        Column("Kosten samen"),
        Column("Verschil"),
        Column("Cumulatief verschil"),
    )
    series = (alone.cost, entity.cost, entity.difference, entity.cumulative_difference)
    rows = _year_rows(ctx, series)
    return Table(f"Per jaar in {scenario.name} ({ctx.unit})", columns, rows)


def _participant_charging(ctx: ReportContext, participant: str) -> list[tuple[str, str]]:
    view = ctx.charging
    bill = next((b for b in view.bills if b.id == participant), None) if view else None
    if bill is None:
        return []
    return [
        (f"Rekening van de share {ctx.period}", format_eur(_total(bill.total_eur))),
        ("Berekeningsverschil", format_eur(_total(bill.charging_difference_eur))),
        ("Eigen verschil met alleen met deze rekening", format_eur(_total(bill.difference_eur))),
    ]


def _participant_fairness(ctx: ReportContext, participant: str) -> list[tuple[str, str]]:
    report = ctx.fairness
    if report is None or participant not in report.players:
        return []
    i = report.players.index(participant)
    items = [("Kosten alleen (contante waarde)", format_eur(float(report.stand_alone_eur[i])))]
    items += [
        (a.label, format_eur(float(a.amounts_eur[i])))
        for a in report.allocations
        if a.key in ("charging", "shapley")
    ]
    items.append(("Betaalt voor anderen", format_eur(float(report.subsidy_eur[i]))))
    transfer = float(report.compensation.transfers[i]) if report.compensation else 0.0
    if abs(transfer) > TOLERANCE_EUR:
        verb = "betaalt" if transfer > 0 else "ontvangt"
        items.append(("Compensatiepost", f"{verb} {format_eur(abs(transfer))}"))
    return items


def _settlement_blocks(ctx: ReportContext, participant: str) -> list[Block]:
    """The participant's bill under the charging design and its place in the fairness
    analysis, with the scenarios they are about."""
    charged = _participant_charging(ctx, participant)
    fair = _participant_fairness(ctx, participant)
    if not charged and not fair:
        return []
    scenarios = []
    if charged and ctx.charging is not None:
        scenarios.append(ctx.charging.scenario.name)
    if fair and ctx.best is not None:
        scenarios.append(ctx.best.scenario.name)
    return [
        Heading(f"Verrekening en eerlijkheid in {_join(list(dict.fromkeys(scenarios)))}"),
        Facts(tuple(charged + fair)),
    ]


def participant_part(ctx: ReportContext, participant: Participant) -> Part:
    """One participant's annex: its facts and baseline, its outcome in every scenario, its
    yearly figures in the best scenario, its bill and its place in the fairness analysis."""
    blocks: list[Block] = [
        _participant_facts(ctx, participant),
        _participant_baseline(ctx, participant),
    ]
    if ctx.cooperation_scenarios:
        blocks.append(_participant_scenarios(ctx, participant.id))
    best = ctx.best
    if best is not None and participant.id in best.scenario.members:
        blocks.append(_participant_years(ctx, participant.id, best.scenario))
    blocks += _settlement_blocks(ctx, participant.id)
    return Part(participant.name, tuple(blocks), new_page=True)


def participants_annex(ctx: ReportContext) -> SectionContent:
    """Bijlage: one annex per participant."""
    return SectionContent(parts=tuple(participant_part(ctx, p) for p in ctx.case.participants))


# --- the document ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltPart:
    """A part as printed: its number (``2.1``, ``B.3``) and anchor."""

    number: str
    anchor: str
    title: str
    blocks: tuple[Block, ...]
    new_page: bool


@dataclass(frozen=True)
class BuiltSection:
    """A section as printed: its number (``3``, or ``Bijlage A``), anchor and content."""

    key: str
    number: str
    anchor: str
    title: str
    annex: bool
    blocks: tuple[Block, ...]
    parts: tuple[BuiltPart, ...]


@dataclass(frozen=True)
class Document:
    """The title page and the running texts of every page."""

    title: str
    case_name: str
    version: str
    engine_version: str
    date: str
    date_iso: str
    stamp: str
    confidential: str | None
    facts: tuple[tuple[str, str], ...]
    generator: str


def build_sections(ctx: ReportContext) -> list[BuiltSection]:
    """Build every registered section; main sections are numbered 1, 2, …, annexes A, B, …"""
    built: list[BuiltSection] = []
    numbers = {False: 0, True: 0}
    for section in registered_sections():
        content = section.build(ctx)
        if content is None:
            continue
        numbers[section.annex] += 1
        count = numbers[section.annex]
        label = chr(ord("A") + count - 1) if section.annex else str(count)
        anchor = f"sectie-{section.key}"
        parts = tuple(
            BuiltPart(f"{label}.{i}", f"{anchor}-{i}", p.title, p.blocks, p.new_page)
            for i, p in enumerate(content.parts, start=1)
        )
        number = f"Bijlage {label}" if section.annex else label
        built.append(
            BuiltSection(
                section.key, number, anchor, section.title, section.annex, content.blocks, parts
            )
        )
    return built


def _document(ctx: ReportContext) -> Document:
    coop = ctx.case.cooperation
    version = ctx.version_label or "(geen versielabel)"
    day = date_text(ctx.today)
    engine = ctx.result.engine_version
    facts = (
        ("Samenwerking", coop.name),
        ("Vorm", f"{FORM_LABELS[coop.form]}, {SCOPE_LABELS[coop.scope_level]}"),
        ("Deelnemers", _plural(len(ctx.case.participants), "deelnemer", "deelnemers")),
        ("Looptijd", f"{ctx.period} ({coop.horizon_years} jaar)"),
        ("Casusversie", version),
        ("Rekenkern", engine),
        ("Datum", day),
    )
    return Document(
        title=f"Business case {coop.name}",
        case_name=coop.name,
        version=version,
        engine_version=engine,
        date=day,
        date_iso=ctx.today.isoformat(),
        stamp=f"Casusversie {version} · rekenkern {engine} · {day}",
        confidential=ctx.confidential,
        facts=facts,
        generator=f"samenrekenen {__version__}",
    )


@cache
def report_environment() -> Environment:
    """The templates of the report package (``council.html``, ``blocks.html``, …)."""
    return Environment(
        loader=PackageLoader("samenrekenen.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class ReportOptions(TypedDict, total=False):
    """The options of a report (see :func:`report_html`)."""

    version_label: str | None
    confidential: str | None
    thousands: bool
    today: dt.date | None
    result: CaseResult | None


def report_context(
    case: Case,
    *,
    version_label: str | None = None,
    confidential: str | None = None,
    thousands: bool = False,
    today: dt.date | None = None,
    result: CaseResult | None = None,
) -> ReportContext:
    """The context the sections are built from (the case is calculated unless ``result``, a
    result of this case, is given)."""
    return ReportContext(
        case,
        result if result is not None else calculate(case),
        version_label=version_label,
        confidential=confidential or None,
        thousands=thousands,
        today=today or dt.date.today(),
    )


def report_html(case: Case, **options: Unpack[ReportOptions]) -> str:
    """The council report as one self-contained HTML document (stylesheet and charts inline).

    ``version_label`` overrides the case's own; ``confidential`` is the mark printed on every
    page (e.g. ``Vertrouwelijk``); ``thousands`` shows the amounts in tables × € 1.000;
    ``today`` is the date on the report (default: today); ``result`` saves the calculation
    when the caller has the case's result already. Raises ``ValueError`` when the case cannot
    be calculated.
    """
    ctx = report_context(case, **options)
    template = report_environment().get_template("council.html")
    return template.render(doc=_document(ctx), sections=build_sections(ctx))


def report_pdf(case: Case, **options: Unpack[ReportOptions]) -> bytes:
    """The council report as a tagged PDF/A-3b (arguments as :func:`report_html`).

    Raises :class:`PdfUnavailableError` when WeasyPrint or its system libraries are missing.
    """
    return html_to_pdf(lambda: report_html(case, **options))


def html_to_pdf(make_html: Callable[[], str]) -> bytes:
    """The HTML document ``make_html()`` returns as a tagged PDF/A-3b.

    Raises :class:`PdfUnavailableError` when WeasyPrint or its system libraries are missing,
    before ``make_html`` does any work.
    """
    try:
        # Imported here, and before any work: the web application must start on a machine
        # without pango, and a missing library should fail at once.
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(
            "Een PDF maken lukt hier niet: WeasyPrint of een systeembibliotheek die het nodig "
            f"heeft (pango) ontbreekt ({error})."
        ) from error
    pdf = HTML(string=make_html()).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)


# --- the built-in sections -------------------------------------------------------------------

register_section("samenvatting", "Samenvatting en advies", 10, summary_section)
register_section(
    "uitgangssituatie", "Uitgangssituatie: nulmeting en benchmark", 20, starting_section
)
register_section("doelen", "Doelen en randvoorwaarden", 30, objectives_section)
register_section("scenarios", "Scenario's", 40, scenarios_section)
register_section("kosten", "Kosten", 50, costs_section)
register_section("baten", "Baten", 60, benefits_section)
register_section("deelnemers", "Uitkomst per deelnemer en verrekening", 70, outcome_section)
register_section("eerlijkheid", "Eerlijkheid van de verdeling", 80, fairness_section)
register_section("conclusies", "Conclusies", 90, conclusions_section)
register_section("kapitaallasten", "Kapitaallastenschema's", 110, capital_annex, annex=True)
register_section("per-deelnemer", "Uitkomst per deelnemer", 120, participants_annex, annex=True)
