"""Checks of a case's ``formation`` block against the guidance content and against itself.

:func:`check_formation` gives every error as a :class:`CaseError` with the offending field's
path (``formation.process_assignments[2].code``) and a Dutch message: codes that the content
does not know (activity, phase, process, criterion, legal form, layer, item), a phase gate
decided "go" while the trial run still has open blocking findings, negative or all-zero
weights, and duplicate ids. :func:`check_case` calls it; the codes come from
:mod:`.guidance_codes`, read only when a case has a ``formation`` block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .case import Case
from .guidance import FindingClass, FindingStatus, Formation, FormChoice, GateOutcome
from .guidance_codes import GuidanceCodes, guidance_codes
from .validation import CaseError, at, choices, number

ROOT = "formation"


def check_formation(case: Case) -> list[CaseError]:
    """Every error of the case's ``formation`` block (empty when it has none or it is sound)."""
    formation = case.formation
    if formation is None:
        return []
    codes = guidance_codes()
    errors: list[CaseError] = []
    for check in _CHECKS:
        errors.extend(check(formation, codes))
    return errors


def _unknown(value: str, known: Iterable[str], path: str, what: str) -> Iterator[CaseError]:
    known = tuple(known)
    if value not in known:
        yield CaseError(path, f"onbekende {what} '{value}'; kies een van: {choices(known)}")


def _duplicates(ids: list[str], path: str, field: str, what: str) -> Iterator[CaseError]:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            yield CaseError(
                at(path, index, field), f"{what} '{value}' komt twee keer voor; maak hem uniek"
            )
        seen.add(value)


def _activities(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    for activity in formation.activity_status:
        yield from _unknown(
            activity, codes.activities, at(ROOT, "activity_status", activity), "activiteit"
        )
    for phase in formation.duration_months:
        yield from _unknown(phase, codes.phases, at(ROOT, "duration_months", phase), "fase")
    for phase, months in formation.duration_months.items():
        if months < 0:
            yield CaseError(
                at(ROOT, "duration_months", phase),
                f"een doorlooptijd van {months} maanden is niet mogelijk; gebruik 0 of meer",
            )


def _gates(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    blocking = [
        f.id
        for f in formation.trial_findings
        if f.severity is FindingClass.BLOCKING and f.status is FindingStatus.OPEN
    ]
    for index, decision in enumerate(formation.gate_decisions):
        path = at(ROOT, "gate_decisions", index, "phase")
        if decision.phase not in codes.gated_phases:
            yield CaseError(
                path,
                f"fase '{decision.phase}' heeft geen go/no-go-moment; "
                f"kies een van: {choices(codes.gated_phases)}",
            )
        elif (
            blocking and decision.outcome is GateOutcome.GO and decision.phase == codes.trial_phase
        ):
            yield CaseError(
                at(ROOT, "gate_decisions", index, "outcome"),
                f"fase {decision.phase} kan geen 'go' krijgen zolang blokkerende bevindingen uit "
                f"het proefdraaien open staan ({choices(blocking)}); los ze eerst op",
            )


def _documents(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    for index, document in enumerate(formation.documents):
        path = at(ROOT, "documents", index)
        if document.activity is not None:
            yield from _unknown(
                document.activity, codes.activities, at(path, "activity"), "activiteit"
            )
        if document.phase is not None:
            yield from _unknown(document.phase, codes.phases, at(path, "phase"), "fase")


def _findings(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    path = at(ROOT, "trial_findings")
    yield from _duplicates([f.id for f in formation.trial_findings], path, "id", "bevinding")
    for index, finding in enumerate(formation.trial_findings):
        if finding.element is not None:
            yield from _unknown(
                finding.element, codes.elements, at(path, index, "element"), "element"
            )


def _form_choice(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    choice = formation.form_choice
    if choice is None:
        return
    path = at(ROOT, "form_choice")
    for criterion, weight in choice.weights.items():
        yield from _unknown(criterion, codes.criteria, at(path, "weights", criterion), "criterium")
        if weight < 0:
            yield CaseError(
                at(path, "weights", criterion),
                f"negatief gewicht {number(weight)} is niet mogelijk; een gewicht is 0 of meer",
            )
    if _all_weights_zero(choice, codes):
        yield CaseError(
            at(path, "weights"),
            "alle gewichten zijn 0; geef ten minste één criterium een gewicht groter dan 0",
        )
    for form, scores in choice.scores.items():
        yield from _unknown(form, codes.legal_forms, at(path, "scores", form), "rechtsvorm")
        for criterion in scores:
            yield from _unknown(
                criterion, codes.criteria, at(path, "scores", form, criterion), "criterium"
            )
    if choice.chosen is not None:
        yield from _unknown(choice.chosen, codes.legal_forms, at(path, "chosen"), "rechtsvorm")


def _all_weights_zero(choice: FormChoice, codes: GuidanceCodes) -> bool:
    weights = [
        choice.weights.get(criterion, default)
        for criterion, default in zip(codes.criteria, codes.default_weights, strict=True)
    ]
    return all(weight == 0 for weight in weights)


def _processes(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    for index, domain in enumerate(formation.process_domains):
        yield from _unknown(
            domain, codes.process_domains, at(ROOT, "process_domains", index), "proceslijst"
        )
    path = at(ROOT, "process_assignments")
    assignments = formation.process_assignments
    yield from _duplicates([a.code for a in assignments], path, "code", "proces")
    for index, assignment in enumerate(assignments):
        yield from _unknown(assignment.code, codes.processes, at(path, index, "code"), "procescode")


def _sourcing(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    path = at(ROOT, "sourcing")
    yield from _duplicates([s.process for s in formation.sourcing], path, "process", "ict-proces")
    for index, sourcing in enumerate(formation.sourcing):
        yield from _unknown(
            sourcing.process, codes.ict_processes, at(path, index, "process"), "ict-proces"
        )


def _map_and_provisions(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    yield from _duplicates(
        [o.id for o in formation.opportunities], at(ROOT, "opportunities"), "id", "kans"
    )
    path = at(ROOT, "provisions")
    yield from _duplicates([p.id for p in formation.provisions], path, "id", "voorziening")
    for index, provision in enumerate(formation.provisions):
        yield from _unknown(provision.layer, codes.layers, at(path, index, "layer"), "laag")
        yield from _unknown(
            provision.phase, codes.lifecycle, at(path, index, "phase"), "levenscyclusfase"
        )


def _questionnaire(formation: Formation, codes: GuidanceCodes) -> Iterator[CaseError]:
    for index, response in enumerate(formation.questionnaire):
        for item in response.answers:
            yield from _unknown(
                item,
                codes.questionnaire_items,
                at(ROOT, "questionnaire", index, "answers", item),
                "vraag",
            )
    for index, item in enumerate(formation.checklist_done):
        yield from _unknown(
            item, codes.checklist_items, at(ROOT, "checklist_done", index), "checklistpunt"
        )


_CHECKS = (
    _activities,
    _gates,
    _documents,
    _findings,
    _form_choice,
    _processes,
    _sourcing,
    _map_and_provisions,
    _questionnaire,
)
