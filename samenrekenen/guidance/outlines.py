"""The two deliverables of phase 1 — the exploration report (verkenningsrapport) and the plan
for the whole programme (plan totale traject) — as structured content, built from the case with
the outlines of 004 Bijlage 4 (``outlines.yaml``).

Every section keeps the title and the explanation of the source; where the outline says which
case data belongs there (``fill``), the section carries that data as paragraphs and tables:
participants and their baseline, objectives, preconditions, the form, the scenarios, the
business case from :func:`samenrekenen.engine.calculate`, one-off costs, the process split,
phases, timeline, risks and agreements. The report machinery renders the sections (PDF, HTML).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from samenrekenen.engine import CaseResult, calculate
from samenrekenen.format import format_eur, format_number, format_pct, format_year_or_none
from samenrekenen.model import Case

from . import content, forms, phases, processes
from .checklists import driver_in_year
from .content import Outline, OutlineSection
from .labels import ACTIVITY_STATUS, GATE_OUTCOME, PLACEMENT, format_date


@dataclass(frozen=True)
class Table:
    """A table of a section: a caption, column headers and rows of text."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """A section of a deliverable: its numbered title, the case's data as paragraphs and
    tables, the source's explanation (``guidance``) and its heading level (1 or 2)."""

    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    guidance: str | None = None
    level: int = 1
    filled: bool = False


def exploration_report(case: Case) -> list[Section]:
    """The verkenningsrapport of the case, section by section (004 Bijlage 4A)."""
    return _build(content.outlines().exploration_report, _Sources(case))


def programme_plan(case: Case) -> list[Section]:
    """The plan voor het totale traject of the case, section by section (004 Bijlage 4B)."""
    return _build(content.outlines().programme_plan, _Sources(case))


def _build(outline: Outline, sources: _Sources) -> list[Section]:
    sections: list[Section] = []
    for top in outline.sections:
        sections.append(_section(top, sources, 1))
        sections.extend(_section(sub, sources, 2) for sub in top.sections)
    return sections


def _section(item: OutlineSection, sources: _Sources, level: int) -> Section:
    paragraphs: list[str] = []
    tables: list[Table] = []
    for name in item.fill:
        more_paragraphs, more_tables = _FILLERS[name](sources)
        paragraphs.extend(more_paragraphs)
        tables.extend(more_tables)
    title = f"{item.number} {item.title}".strip()
    filled = bool(paragraphs or tables)
    return Section(title, tuple(paragraphs), tuple(tables), item.guidance, level, filled)


class _Sources:
    """The case and what is computed from it, once per deliverable."""

    def __init__(self, case: Case) -> None:
        self.case = case

    @cached_property
    def result(self) -> CaseResult:
        return calculate(self.case)


Filled = tuple[list[str], list[Table]]


def _participants(sources: _Sources) -> Filled:
    case = sources.case
    year = case.cooperation.first_year
    rows = tuple(
        (
            p.name,
            p.cbs_code or "",
            format_number(driver_in_year(p.drivers.get("inhabitants"), year)),
            format_eur(
                sum(c.visible_eur + sum(h.amount_eur for h in c.hidden) for c in p.baseline.costs)
            ),
        )
        for p in case.participants
    )
    text = (
        f"{case.cooperation.name}: {len(case.participants)} deelnemers, looptijd "
        f"{year}–{case.cooperation.last_year}."
    )
    columns = ("Deelnemer", "CBS-code", f"Inwoners {year}", "Nulmeting (werkelijk niveau)")
    return [text], [Table("Deelnemers en nulmeting", columns, rows)]


def _objectives(sources: _Sources) -> Filled:
    objectives = sources.case.cooperation.objectives
    if not objectives:
        return [], []
    rows = tuple((o.name, o.indicator or "", o.target or "") for o in objectives)
    return [], [Table("Doelstellingen", ("Doelstelling", "Indicator", "Doel"), rows)]


def _preconditions(sources: _Sources) -> Filled:
    pre = sources.case.cooperation.preconditions
    lines = [
        f"Maximale realisatietijd: {pre.max_realisation_months} maanden."
        if pre.max_realisation_months is not None
        else "",
        f"Maximale eenmalige kosten: {format_eur(pre.max_one_off_costs_eur)}."
        if pre.max_one_off_costs_eur is not None
        else "",
        "Geen gedwongen ontslagen." if pre.no_forced_redundancies else "",
        "Elke deelnemer moet beter af zijn dan alleen." if pre.every_participant_better_off else "",
        f"Personeel: {pre.staff_policy}" if pre.staff_policy else "",
        f"Verschillen in kwaliteit en kostenniveau: {pre.quality_and_cost_differences}"
        if pre.quality_and_cost_differences
        else "",
    ]
    return [line for line in lines if line], []


def _form(sources: _Sources) -> Filled:
    case = sources.case
    cooperation = {f.id: f.name for f in content.forms().cooperation_forms}
    choice = case.formation.form_choice if case.formation else None
    ranking = forms.rank_forms(choice)[:3]
    paragraphs = [f"Samenwerkingsvorm: {cooperation[case.cooperation.form.value]}."]
    if choice and choice.chosen:
        names = {f.id: f.name for f in content.forms().legal_forms}
        paragraphs.append(f"Gekozen rechtsvorm: {names[choice.chosen]}.")
    rows = tuple((str(r.rank), r.name, format_number(r.total, 2)) for r in ranking)
    return paragraphs, [Table("Rechtsvormen: de beste drie", ("Rang", "Rechtsvorm", "Score"), rows)]


def _business_case(sources: _Sources) -> Filled:
    result = sources.result
    rows = []
    for scenario in result.scenarios:
        if scenario.is_baseline:
            continue
        metrics = scenario.consolidated.metrics
        worse = sum(
            1 for key in scenario.members if float(scenario.entities[key].difference.sum()) > 0.005
        )
        rows.append(
            (
                scenario.name,
                format_eur(float(scenario.consolidated.difference.sum())),
                format_year_or_none(metrics.break_even_year),
                format_pct(metrics.savings_pct),
                str(worse),
            )
        )
    columns = (
        "Scenario",
        "Verschil over de looptijd",
        "Omslagpunt",
        "Besparing",
        "Deelnemers slechter af",
    )
    text = (
        "Verschil met ongewijzigd beleid, geconsolideerd (positief: de samenwerking kost meer); "
        f"rekenkern {result.engine_version}."
    )
    return [text], [Table("Business case per scenario", columns, tuple(rows))]


def _scenarios(sources: _Sources) -> Filled:
    rows = tuple(
        (s.name, "ja" if s.is_baseline else "", s.description or "") for s in sources.case.scenarios
    )
    return [], [Table("Scenario's", ("Scenario", "Basisscenario", "Omschrijving"), rows)]


def _one_off_costs(sources: _Sources) -> Filled:
    rows = tuple(
        (s.name, format_eur(float(s.consolidated.abcd["b"].sum())))
        for s in sources.result.scenarios
        if not s.is_baseline
    )
    caption = "Eenmalige kosten en desinvesteringen (B) per scenario"
    return [], [Table(caption, ("Scenario", "Eenmalige kosten (B)"), rows)]


def _process_split(sources: _Sources) -> Filled:
    formation = sources.case.formation
    if formation is None or not formation.process_assignments:
        return [], []
    rows_by_code = {r.code: r for r in processes.process_rows(formation)}
    rows = tuple(
        (a.code, rows_by_code[a.code].name, PLACEMENT[a.placement])
        for a in formation.process_assignments
    )
    findings = processes.process_findings(formation)
    text = [f"{len(findings)} aandachtspunt(en) bij de knip."] if findings else []
    return text, [Table("De knip", ("Code", "Proces", "Belegd bij"), rows)]


def _phases(sources: _Sources) -> Filled:
    formation = sources.case.formation
    states = phases.activity_states(formation)
    gates = phases.latest_gate_decisions(formation)
    rows = tuple(
        (
            phase.id,
            phase.name,
            ", ".join(f"{s.id} {ACTIVITY_STATUS[s.status]}" for s in states if s.phase == phase.id),
            GATE_OUTCOME[gates[phase.id].outcome] if phase.id in gates else "",
        )
        for phase in content.phases().phases
    )
    columns = ("Fase", "Naam", "Activiteiten", "Go/no-go")
    return [], [Table("Fasen en activiteiten", columns, rows)]


def _timeline(sources: _Sources) -> Filled:
    formation = sources.case.formation
    if formation is None or formation.start_date is None:
        return [], []
    rows = tuple(
        (e.name, format_date(e.start), format_date(e.end), e.note or "")
        for e in phases.timeline(formation, formation.start_date)
    )
    warnings = [n.message for n in phases.one_year_warning(sources.case)]
    return warnings, [Table("Planning", ("Fase", "Begin", "Einde", "Opmerking"), rows)]


def _risks(sources: _Sources) -> Filled:
    risks = sources.case.risks
    if not risks:
        return [], []
    rows = tuple(
        (r.description, format_pct(r.probability * 100, 0), r.owner or "", r.mitigation or "")
        for r in risks
    )
    return [], [Table("Risico's", ("Risico", "Kans", "Eigenaar", "Beheersmaatregel"), rows)]


def _agreements(sources: _Sources) -> Filled:
    formation = sources.case.formation
    if formation is None:
        return [], []
    rows = tuple(
        (d.phase, GATE_OUTCOME[d.outcome], format_date(d.date), d.text)
        for d in formation.gate_decisions
    )
    links = [f"{d.label}: {d.url}" for d in formation.documents]
    tables = [Table("Besluiten", ("Fase", "Besluit", "Datum", "Tekst"), rows)] if rows else []
    return links, tables


_FILLERS: dict[str, Callable[[_Sources], Filled]] = {
    "participants": _participants,
    "objectives": _objectives,
    "preconditions": _preconditions,
    "form": _form,
    "business_case": _business_case,
    "scenarios": _scenarios,
    "one_off_costs": _one_off_costs,
    "process_split": _process_split,
    "phases": _phases,
    "timeline": _timeline,
    "risks": _risks,
    "agreements": _agreements,
}
