"""The section registry of the council report, and the content blocks a section is made of.

A section is registered once, with a key, a Dutch title, a position (``order``) and a build
function: ``register_section("risico", "Risico's", 85, build)``. When a report is made, every
registered section is built in order with the report's context
(:class:`~samenrekenen.report.council.ReportContext`); ``build`` returns a
:class:`SectionContent`, or ``None`` to leave the section out of this case's report. The
built-in sections of :mod:`samenrekenen.report.council` are registered the same way, so a later
module adds (or replaces, by its key) a section without touching the report itself.

A module that registers sections is imported when the report first needs the sections if it is
named under the entry-point group :data:`ENTRY_POINT_GROUP` in ``pyproject.toml``::

    [project.entry-points."samenrekenen.report_sections"]
    risico = "samenrekenen.risks.report"

Content is data, not markup: paragraphs, lists, facts, tables of formatted text, charts and
subheadings. The report's templates render every block the same way in HTML and PDF, so a
section computes and formats in Python and never writes HTML of its own (a chart's SVG comes
from :func:`samenrekenen.report.charts.render_svg`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .council import ReportContext

ENTRY_POINT_GROUP = "samenrekenen.report_sections"
"""Entry-point group of modules that register report sections when they are imported."""

WORSE, BETTER, MUTED = "worse", "better", "muted"
"""Tones of a cell or paragraph: worse off (red, bold), better off (green), less important."""
ADVICE, WARNING = "advice", "warning"
"""Tones of a paragraph only: the advice box and a warning box."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``lead`` is printed in bold before the text (``Beslisvraag:``)."""

    text: str
    lead: str = ""
    tone: str = ""
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    """A list of short sentences."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Facts:
    """Label–value pairs (a definition list), e.g. the facts of a scenario."""

    items: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "facts"


@dataclass(frozen=True)
class Heading:
    """A subheading inside a section or part (not in the table of contents)."""

    text: str
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Column:
    """A table column: its heading, and whether it holds numbers (right-aligned, no wrap)."""

    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Cell:
    """A table cell: formatted text, an optional second line (``note``) and a tone."""

    text: str
    note: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Table:
    """A table of formatted text. The first cell of every row is its row heading;
    ``footer`` rows (totals) are printed bold below the body."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footer: tuple[tuple[Cell, ...], ...] = ()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Chart:
    """A chart: its title, the SVG text of :func:`~samenrekenen.report.charts.render_svg` and
    a one-sentence summary printed below it."""

    title: str
    svg: str
    summary: str
    kind: ClassVar[str] = "chart"


Block = Paragraph | BulletList | Facts | Heading | Table | Chart
"""Everything a section can contain."""


@dataclass(frozen=True)
class Part:
    """A numbered subsection (listed in the table of contents); ``new_page`` starts it on a
    page of its own, as each participant's annex does."""

    title: str
    blocks: tuple[Block, ...]
    new_page: bool = False


@dataclass(frozen=True)
class SectionContent:
    """What a section shows: its own blocks, then its parts."""

    blocks: tuple[Block, ...] = ()
    parts: tuple[Part, ...] = ()


Build = Callable[["ReportContext"], SectionContent | None]
"""A section's build function."""


@dataclass(frozen=True)
class Section:
    """A registered section. ``annex``: printed after the main sections, lettered A, B, …"""

    key: str
    title: str
    order: int
    build: Build
    annex: bool = False


_REGISTRY: dict[str, Section] = {}


def register_section(
    key: str, title: str, order: int, build: Build, *, annex: bool = False
) -> None:
    """Add a section to every council report (a key registered before is replaced).

    ``order`` places it among the others; the built-in main sections use 10, 20, … 90 and the
    annexes 110, 120, …, so a new section fits between them. ``key`` is also the anchor of
    the section in the HTML (``#sectie-<key>``).
    """
    _REGISTRY[key] = Section(key, title, order, build, annex)


def unregister_section(key: str) -> None:
    """Remove a section from the report (KeyError when no section has this key)."""
    del _REGISTRY[key]


def registered_sections() -> list[Section]:
    """Every registered section: the main sections in order, then the annexes in order."""
    _load_entry_points()
    return sorted(_REGISTRY.values(), key=lambda s: (s.annex, s.order, s.key))


@cache
def _load_entry_points() -> None:
    """Import the modules named under :data:`ENTRY_POINT_GROUP` once (they register)."""
    for point in entry_points(group=ENTRY_POINT_GROUP):
        point.load()
