"""The process split (the knip): which process goes to the municipality, the SSC or both, and
the rules that check it (domain §6; 004 Bijlagen 1 and 2; 002 §3.4 and recommendations 1 and 3).

Rules, each a :class:`Notice` with its ``rule`` id:

- ``unassigned``: a process of a list in scope has no place (a main process counts as placed
  when it or every one of its sub-processes is placed; 'Overige functies' is optional);
- ``retained``: policy, frameworks, commissioning, control or information management placed at
  the SSC alone — these stay with the municipality;
- ``indirect``: a placed process with indirect tasks (internal control, management reports)
  without an agreement (``note``) on who does them;
- ``four-eyes``: both processes of a four-eyes pair placed at the same party without a recorded
  safeguard (``four_eyes``) on either;
- ``overlap``: a process that is on both the HR and the finance list placed differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from samenrekenen.model.guidance import Formation, Placement, ProcessAssignment

from . import content
from .labels import PLACEMENT, RETAINED
from .notices import Notice

SPLIT_SOURCE = "004 Bijlagen 1 en 2; 002 §4.2"


@dataclass(frozen=True)
class ProcessRow:
    """A process of the lists with its flags and its place in the case (None: not placed)."""

    domain: str
    code: str
    name: str
    parent: str | None
    retained: str | None
    indirect: bool
    placement: Placement | None


def _assignments(formation: Formation | None) -> dict[str, ProcessAssignment]:
    return {a.code: a for a in formation.process_assignments} if formation else {}


def process_rows(formation: Formation | None) -> list[ProcessRow]:
    """Every process and sub-process of the three lists, in order, with its place."""
    placed = _assignments(formation)
    return [
        ProcessRow(
            domain.id,
            code,
            item.name,
            parent.code if parent else None,
            item.retained,
            item.indirect,
            placed[code].placement if code in placed else None,
        )
        for code, (domain, item, parent) in content.processes().flat().items()
    ]


def process_findings(formation: Formation | None) -> list[Notice]:
    """Every finding of the split rules, rule by rule in process order."""
    if formation is None:
        return []
    return [
        *_unassigned(formation),
        *_retained(formation),
        *_indirect(formation),
        *_four_eyes(formation),
        *_overlap(formation),
    ]


def _unassigned(formation: Formation) -> Iterator[Notice]:
    placed = _assignments(formation)
    for domain in content.processes().domains:
        if domain.id not in formation.process_domains:
            continue
        for process in domain.processes:
            if process.optional or process.code in placed:
                continue
            open_subs = [s.code for s in process.sub if s.code not in placed]
            if process.sub and len(open_subs) < len(process.sub):
                missing = open_subs
            else:
                missing = [process.code]
            for code in missing:
                yield Notice(
                    "unassigned",
                    code,
                    f"{code} is nergens belegd; kies gemeente, SSC of beide",
                    SPLIT_SOURCE,
                )


def _retained(formation: Formation) -> Iterator[Notice]:
    flat = content.processes().flat()
    for assignment in formation.process_assignments:
        item = flat[assignment.code][1]
        if item.retained and assignment.placement is Placement.SHARED_SERVICE:
            yield Notice(
                "retained",
                assignment.code,
                f"{assignment.code} ({RETAINED[item.retained]}) blijft bij de gemeente; "
                "leg het niet alleen bij het SSC",
                "004 activiteit 1.3.2 en Bijlagen 1 en 2; 002 aanbeveling 3",
            )


def _indirect(formation: Formation) -> Iterator[Notice]:
    flat = content.processes().flat()
    for assignment in formation.process_assignments:
        indirect = assignment.indirect or flat[assignment.code][1].indirect
        if indirect and not assignment.note:
            yield Notice(
                "indirect",
                assignment.code,
                f"{assignment.code} omvat indirecte werkzaamheden (interne controle, "
                "managementrapportages); leg vast wie ze doet (note)",
                "002 aanbeveling 1",
            )


def _four_eyes(formation: Formation) -> Iterator[Notice]:
    placed = _assignments(formation)
    pairs = content.processes().four_eyes
    for pair in pairs.pairs:
        first, second = (placed.get(code) for code in pair.codes)
        if first is None or second is None or first.placement is not second.placement:
            continue
        if first.placement is Placement.BOTH or first.four_eyes or second.four_eyes:
            continue
        yield Notice(
            "four-eyes",
            "+".join(pair.codes),
            f"{pair.codes[0]} en {pair.codes[1]} liggen allebei bij "
            f"{PLACEMENT[first.placement]} ({pair.reason.lower()}); leg vast hoe het "
            "vier-ogenprincipe is geborgd (four_eyes)",
            pairs.source,
        )


def _overlap(formation: Formation) -> Iterator[Notice]:
    placed = _assignments(formation)
    overlaps = content.processes().overlaps
    for pair in overlaps.pairs:
        first, second = (placed.get(code) for code in pair.codes)
        if first is not None and second is not None and first.placement is not second.placement:
            yield Notice(
                "overlap",
                "+".join(pair.codes),
                f"{pair.codes[0]} en {pair.codes[1]} zijn dezelfde taak "
                f"({pair.reason.lower()}) maar anders belegd; kies één plek",
                overlaps.source,
            )
