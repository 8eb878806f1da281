"""The council report's section *Proces en besturing* (domain §6): where the formation of the
cooperation stands — the phases with their go/no-go decisions and the one-year-plan warning,
the legal form, the process split and the sourcing of the ICT processes with their rule
findings, and the scale notices — registered through :mod:`samenrekenen.report.sections`.

Every number and finding comes from the rules of :mod:`samenrekenen.guidance`, the same the
process pages and the API show. The section is left out of a case without a ``formation`` block.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from samenrekenen.format import format_number
from samenrekenen.guidance import checklists, content, forms, phases, processes, sourcing
from samenrekenen.guidance.labels import GATE_OUTCOME, PLACEMENT, SOURCING_MODEL, format_date
from samenrekenen.guidance.notices import Notice
from samenrekenen.model import Case
from samenrekenen.model.guidance import ActivityStatus, FindingClass, FindingStatus, Formation

from .sections import (
    WARNING,
    Block,
    BulletList,
    Cell,
    Column,
    Facts,
    Heading,
    Paragraph,
    SectionContent,
    Table,
    register_section,
)

if TYPE_CHECKING:
    from .council import ReportContext

FINISHED = (ActivityStatus.DONE, ActivityStatus.NOT_APPLICABLE)


def _phase_table(formation: Formation) -> Table:
    states = phases.activity_states(formation)
    gates = phases.latest_gate_decisions(formation)
    rows = []
    for phase in content.phases().phases:
        mine = [s for s in states if s.phase == phase.id]
        done = sum(1 for s in mine if s.status in FINISHED)
        gate = gates.get(phase.id)
        decision = f"{GATE_OUTCOME[gate.outcome]} ({format_date(gate.date)})" if gate else "—"
        rows.append(
            (
                Cell(f"{phase.id} {phase.name}"),
                Cell(f"{done} van {len(mine)}"),
                Cell(decision if phase.gate else "geen go/no-go"),
            )
        )
    columns = (Column("Fase", False), Column("Activiteiten gereed"), Column("Besluit", False))
    return Table("Fasen, activiteiten en go/no-go-besluiten", columns, tuple(rows))


def _form_blocks(case: Case) -> list[Block]:
    formation = case.formation
    choice = formation.form_choice if formation else None
    ranking = forms.rank_forms(choice)
    names = {f.id: f.name for f in content.forms().legal_forms}
    chosen = names[choice.chosen] if choice and choice.chosen else "nog niet gekozen"
    rows = tuple(
        (Cell(r.name), Cell(str(r.rank)), Cell(format_number(r.total, 2))) for r in ranking[:3]
    )
    columns = (Column("Rechtsvorm", False), Column("Rang"), Column("Gewogen score (1–5)"))
    return [
        Facts((("Gekozen rechtsvorm", chosen), ("Hoogste gewogen score", ranking[0].name))),
        Table("Rechtsvormen: de beste drie op de gewogen criteria", columns, rows),
    ]


def _split_blocks(formation: Formation) -> list[Block]:
    assignments = formation.process_assignments
    if not assignments:
        return [Paragraph("De knip is nog niet vastgelegd.")]
    counts = Counter(PLACEMENT[a.placement] for a in assignments)
    text = ", ".join(f"{count} bij {where}" for where, count in counts.items())
    return [Paragraph(f"{len(assignments)} processen belegd: {text}.")]


def _sourcing_table(formation: Formation) -> Table | None:
    if not formation.sourcing:
        return None
    rows = tuple(
        (
            Cell(f"{r.code} {r.name}"),
            Cell(SOURCING_MODEL[r.choice.model] if r.choice else "nog niet gekozen"),
            Cell(", ".join(r.failing) if r.failing else "—", tone="worse" if r.failing else ""),
        )
        for r in sourcing.sourcing_matrix(formation)
    )
    columns = (
        Column("Ict-proces", False),
        Column("Uitgevoerd door", False),
        Column("Niet voldaan aan", False),
    )
    return Table("Sourcing van de ict-processen", columns, rows)


def _findings(title: str, notices: Sequence[Notice]) -> list[Block]:
    if not notices:
        return []
    return [Heading(title), BulletList(tuple(f"{n.message} ({n.source})" for n in notices))]


def process_section(ctx: ReportContext) -> SectionContent | None:
    """*Proces en besturing*: phases and decisions, form, split, sourcing and scale notices
    (None for a case without a ``formation`` block)."""
    case = ctx.case
    formation = case.formation
    if formation is None:
        return None
    blocks: list[Block] = [
        Paragraph(
            "Waar de vorming van de samenwerking staat volgens het fasemodel van de "
            "VNG-handleiding (004): de activiteiten, de go/no-go-besluiten, de keuze van de "
            "rechtsvorm, de knip en de sourcing, met wat de regels daarbij signaleren."
        ),
        _phase_table(formation),
    ]
    blocking = [
        f.id
        for f in formation.trial_findings
        if f.severity is FindingClass.BLOCKING and f.status is FindingStatus.OPEN
    ]
    if blocking:
        blocks.append(
            Paragraph(
                f"Blokkerende bevindingen uit het proefdraaien staan open ({', '.join(blocking)}): "
                "fase 3 kan geen go krijgen.",
                tone=WARNING,
            )
        )
    blocks += _findings("Planning van circa een jaar", phases.one_year_warning(case))
    blocks += [Heading("Samenwerkings- en rechtsvorm"), *_form_blocks(case)]
    blocks += [Heading("De knip"), *_split_blocks(formation)]
    blocks += _findings("Aandachtspunten bij de knip", processes.process_findings(formation))
    table = _sourcing_table(formation)
    if table is not None:
        blocks += [Heading("Sourcing"), table]
    blocks += _findings("Aandachtspunten bij de sourcing", sourcing.sourcing_findings(formation))
    blocks += _findings("Schaalsignalen", checklists.scale_notices(case))
    return SectionContent(blocks=tuple(blocks))


register_section("proces", "Proces en besturing", 95, process_section)
