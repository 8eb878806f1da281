"""The two deliverables of phase 1 — the exploration report (*verkenningsrapport*) and the plan
for the whole programme (*plan voor het totale traject*) — as HTML and as tagged PDF/A-3b.

The content is :func:`samenrekenen.guidance.outlines.exploration_report` and
:func:`~samenrekenen.guidance.outlines.programme_plan`: the sections of 004 Bijlage 4 with the
case's data where the case knows it and the handbook's explanation everywhere. They are
printed with the council report's stylesheet, content blocks and PDF mechanics
(:mod:`samenrekenen.report.council`), so both documents look alike and read the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from samenrekenen import __version__
from samenrekenen.engine import ENGINE_VERSION
from samenrekenen.guidance import content
from samenrekenen.guidance.content import Outline
from samenrekenen.guidance.outlines import Section, exploration_report, programme_plan
from samenrekenen.guidance.outlines import Table as OutlineTable
from samenrekenen.model import Case

from .council import date_text, html_to_pdf, report_environment
from .sections import MUTED, Block, Cell, Column, Paragraph, Table

PHASE_REPORTS: dict[str, Callable[[Case], list[Section]]] = {
    "exploration": exploration_report,
    "programme": programme_plan,
}
"""The two phase-1 reports by kind."""

NOT_FILLED = "Nog in te vullen: de case bevat hier (nog) geen gegevens voor."
GUIDANCE_LEAD = "Toelichting uit de handleiding:"


@dataclass(frozen=True)
class ReportSection:
    """A section as printed: anchor, numbered title, heading level (1 or 2) and blocks."""

    anchor: str
    title: str
    level: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PhaseDocument:
    """The title page and running texts of a phase-1 report."""

    title: str
    kicker: str
    stamp: str
    date_iso: str
    facts: tuple[tuple[str, str], ...]
    generator: str


def _outline(kind: str) -> Outline:
    if kind not in PHASE_REPORTS:
        raise KeyError(kind)
    outlines = content.outlines()
    return outlines.exploration_report if kind == "exploration" else outlines.programme_plan


def report_title(kind: str) -> str:
    """The Dutch title of a phase-1 report (``KeyError`` for an unknown kind)."""
    return _outline(kind).title


def _table(table: OutlineTable) -> Table:
    columns = tuple(Column(label, numeric=False) for label in table.columns)
    rows = tuple(tuple(Cell(text) for text in row) for row in table.rows)
    return Table(table.caption, columns, rows)


def _blocks(section: Section) -> tuple[Block, ...]:
    blocks: list[Block] = [Paragraph(text) for text in section.paragraphs]
    blocks += [_table(table) for table in section.tables]
    if not section.filled and section.level == 2:
        blocks.append(Paragraph(NOT_FILLED, tone=MUTED))
    if section.guidance:
        blocks.append(Paragraph(section.guidance, lead=GUIDANCE_LEAD, tone=MUTED))
    return tuple(blocks)


def report_sections(case: Case, kind: str) -> list[ReportSection]:
    """The sections of phase-1 report ``kind`` of ``case``, ready to print."""
    return [
        ReportSection(f"paragraaf-{index}", s.title, s.level, _blocks(s))
        for index, s in enumerate(PHASE_REPORTS[kind](case), start=1)
    ]


def _document(case: Case, kind: str, version_label: str | None, today: dt.date) -> PhaseDocument:
    outline = _outline(kind)
    coop = case.cooperation
    version = version_label or case.version_label or "(geen versielabel)"
    day = date_text(today)
    facts = (
        ("Samenwerking", coop.name),
        ("Deelnemers", ", ".join(p.name for p in case.participants)),
        ("Looptijd", f"{coop.first_year}–{coop.last_year}"),
        ("Casusversie", version),
        ("Rekenkern", ENGINE_VERSION),
        ("Datum", day),
    )
    return PhaseDocument(
        title=f"{outline.title} {coop.name}",
        kicker=f"Fase 1 Verkennen en plannen · opzet volgens {outline.source}",
        stamp=f"Casusversie {version} · rekenkern {ENGINE_VERSION} · {day}",
        date_iso=today.isoformat(),
        facts=facts,
        generator=f"samenrekenen {__version__}",
    )


def phase_report_html(
    case: Case, kind: str, *, version_label: str | None = None, today: dt.date | None = None
) -> str:
    """Phase-1 report ``kind`` (``exploration`` or ``programme``) of ``case`` as one
    self-contained HTML document (``KeyError`` for an unknown kind; ``ValueError`` when the
    case cannot be calculated)."""
    sections = report_sections(case, kind)
    document = _document(case, kind, version_label, today or dt.date.today())
    template = report_environment().get_template("phase_report.html")
    return template.render(doc=document, sections=sections)


def phase_report_pdf(
    case: Case, kind: str, *, version_label: str | None = None, today: dt.date | None = None
) -> bytes:
    """Phase-1 report ``kind`` of ``case`` as a tagged PDF/A-3b (arguments as
    :func:`phase_report_html`; :class:`~samenrekenen.report.council.PdfUnavailableError`
    when WeasyPrint is missing)."""
    return html_to_pdf(
        lambda: phase_report_html(case, kind, version_label=version_label, today=today)
    )
