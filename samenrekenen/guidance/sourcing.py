"""The sourcing matrix of the five ICT processes (002 §3.4, recommendations 3 and 6): who
carries out each process — in-house, a third party, a municipality or a separate cooperation —
and the outsourcing rule.

Rules, each a :class:`Notice`:

- ``outsourcing``: a process is outsourced (any model but in-house) while not every criterion
  of 002 holds: the performance asked is predictable, describable and not business-critical
  (an unanswered criterion does not hold);
- ``retained-ict``: the information policy or information management process is outsourced; the
  cooperation must keep its own capacity and expertise for those (002 recommendation 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from samenrekenen.model.guidance import Formation, Sourcing, SourcingModel

from . import content
from .labels import SOURCING_MODEL
from .notices import Notice

CRITERIA = (
    ("predictable", "voorspelbaar"),
    ("describable", "beschrijfbaar"),
    ("not_business_critical", "niet bedrijfskritisch"),
)
"""The three outsourcing criteria of 002 (field name, Dutch)."""

RULE_SOURCE = "002 aanbeveling 3"


@dataclass(frozen=True)
class SourcingRow:
    """One ICT process in the matrix, with its choice (None when not chosen) and the criteria
    that do not hold for an outsourced process."""

    code: str
    name: str
    choice: Sourcing | None
    failing: tuple[str, ...]


def sourcing_matrix(formation: Formation | None) -> list[SourcingRow]:
    """The five ICT processes in order, each with the case's choice."""
    chosen = {s.process: s for s in formation.sourcing} if formation else {}
    domain = next(d for d in content.processes().domains if d.id == "ict")
    return [
        SourcingRow(p.code, p.name, chosen.get(p.code), _failing(chosen.get(p.code)))
        for p in domain.processes
    ]


def _failing(choice: Sourcing | None) -> tuple[str, ...]:
    if choice is None or choice.model is SourcingModel.IN_HOUSE:
        return ()
    return tuple(label for field, label in CRITERIA if getattr(choice, field) is not True)


def sourcing_findings(formation: Formation | None) -> list[Notice]:
    """Every finding of the outsourcing rules, in process order."""
    return list(_findings(sourcing_matrix(formation)))


def _findings(rows: list[SourcingRow]) -> Iterator[Notice]:
    retained = content.processes().flat()
    for row in rows:
        if row.choice is None or row.choice.model is SourcingModel.IN_HOUSE:
            continue
        to = SOURCING_MODEL[row.choice.model]
        if row.failing:
            yield Notice(
                "outsourcing",
                row.code,
                f"{row.code} gaat naar {to}, maar is niet {', '.join(row.failing)}; besteed "
                "alleen uit wat voorspelbaar, beschrijfbaar en niet bedrijfskritisch is",
                RULE_SOURCE,
            )
        if retained[row.code][1].retained:
            yield Notice(
                "retained-ict",
                row.code,
                f"{row.code} ({row.name}) gaat naar {to}; houd voor informatiebeleid en "
                "informatiemanagement eigen capaciteit en deskundigheid",
                RULE_SOURCE,
            )
