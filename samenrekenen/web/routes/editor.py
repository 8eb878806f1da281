"""Editor pages: participants and their baseline measurement, scenarios and their lines.

Every input saves itself when the user leaves it (htmx ``change``) through ``POST
/cases/{id}/wijzig`` with the field's path and the revision the field was rendered at; the
answer is the field again: saved (with the new revision), invalid (422, the Dutch message next
to the field), in conflict with someone else's change (409, with that value) or not allowed
(403). Adding and removing items reloads the page (``HX-Refresh``). Item-level locking: an edit
conflicts only with later changes of the same or a related path (decision record 0003).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from samenrekenen.engine.capital import capital_charge_schedule
from samenrekenen.labels import DRIVER_LABELS, enum_label
from samenrekenen.model import Case
from samenrekenen.model.edits import (
    WHOLE_CASE,
    Edit,
    EditKind,
    PathError,
    format_path,
    get_at,
    parent_path,
    parse_path,
    related,
)
from samenrekenen.model.participants import (
    DEFAULT_DEPRECIATION_TERM_YEARS,
    STANDARD_DRIVERS,
    BaselineComment,
    BaselineStatus,
    Participant,
)
from samenrekenen.model.scenario import Scenario
from samenrekenen.model.validation import CaseError
from samenrekenen.store import EditConflict, InvalidEdit, Role
from samenrekenen.store.tables import AuditEntry, CaseRow

from ..access import CaseAccess
from ..auth import Ctx, PageCase, require
from ..context import AppContext
from ..forms import (
    LINE_MODELS,
    SAVED_ON_THEIR_OWN,
    AddForm,
    FieldError,
    FormContext,
    FormField,
    Kind,
    Target,
    add_form,
    automatic_fields,
    describe,
    describe_value,
    entry_target,
    field_at,
    field_spec,
    is_id_list,
    is_identifier,
    item_model,
    map_model,
    parse_value,
    resolve,
    scenario_of_path,
)
from ..render import render
from ..service import save_edit

router = APIRouter(include_in_schema=False)

CHANGED = {"HX-Trigger": "case-changed"}
"""Header that makes the page's result regions refresh."""

REFRESH = {"HX-Refresh": "true", "HX-Trigger": "case-changed"}
"""Headers that reload the page after a change of its structure."""

NOT_ALLOWED = "U heeft geen rechten om dit te wijzigen."

_FIXED_ID = re.compile(r"^(participants|scenarios)\[\d+\]\.id$")
"""Ids that are part of page addresses; they are not edited in place."""

_REFRESH_FIELDS = frozenset({"id", "extends", "is_baseline"})
"""Fields whose change alters the structure of the page (legends, inherited lines)."""

LINE_SECTIONS = ("phases", *LINE_MODELS, "qualitative_items")
"""The list sections of the scenario editor, in page order."""


# --- rights and form context --------------------------------------------------------------------


def form_context(
    access: CaseAccess,
    case: Case,
    document: dict[str, Any],
    revision: int,
    scenario_id: str | None = None,
) -> FormContext:
    """Choices, revision and the user's rights for the descriptors of an editor page."""
    made = FormContext.for_case(case, revision, scenario_id, sees=access.sees_detail)
    own = access.participant_id

    def editable(path: str) -> bool:
        """Whether the user may change the field at ``path`` (page ids stay as they are)."""
        if _FIXED_ID.match(path):
            return False
        return access.may_apply(document, Edit(EditKind.SET, path, own))

    def removable(path: str) -> bool:
        """Whether the user may remove the list item at ``path``."""
        return access.may_apply(document, Edit(EditKind.REMOVE, path))

    def addable(path: str) -> bool:
        """Whether the user may add an item (borne by its own participant) at ``path``."""
        probe = {"bearer": own, "participant": own}
        return access.may_apply(document, Edit(EditKind.ADD, path, probe))

    made.editable, made.removable, made.addable = editable, removable, addable
    if access.role == Role.PARTICIPANT:
        made.fixed_bearer = own
    return made


def _sees_path(access: CaseAccess, document: dict[str, Any], path: str) -> bool:
    """Whether the value at ``path`` may be shown (not another participant's detail)."""
    try:
        segments = parse_path(path)
    except PathError:
        return False
    if segments[0] != "participants" or len(segments) < 2 or not isinstance(segments[1], int):
        return True
    participant = get_at(document, f"participants[{segments[1]}].id")
    return isinstance(participant, str) and access.sees_detail(participant)


# --- baseline totals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryTotal:
    """A participant's baseline in one category: visible (including staff) and hidden."""

    category: str
    label: str
    visible: float
    hidden: float

    @property
    def real(self) -> float:
        """Visible plus hidden: the real level."""
        return self.visible + self.hidden


@dataclass(frozen=True)
class BaselineTotals:
    """Totals of a participant's baseline measurement and the A effect."""

    categories: list[CategoryTotal]
    capital_charges: float
    first_year: int

    @property
    def visible(self) -> float:
        """The visible start level (what the budget calls ICT, with staff and capital
        charges of the asset register)."""
        return sum(c.visible for c in self.categories) + self.capital_charges

    @property
    def hidden(self) -> float:
        """Costs paid outside the visible budget."""
        return sum(c.hidden for c in self.categories)

    @property
    def real(self) -> float:
        """The real start level: visible plus hidden."""
        return self.visible + self.hidden

    @property
    def a_effect(self) -> float:
        """Effect A: hidden costs that become visible (real minus visible start level)."""
        return self.real - self.visible


def baseline_totals(case: Case, participant: Participant) -> BaselineTotals:
    """The totals of ``participant``'s baseline per category, with the first year's capital
    charges of its asset register."""
    visible: dict[str, float] = {}
    hidden: dict[str, float] = {}
    baseline = participant.baseline
    for cost in baseline.costs:
        visible[cost.category] = visible.get(cost.category, 0.0) + cost.visible_eur
        hidden[cost.category] = hidden.get(cost.category, 0.0) + cost.hidden_eur
    for staff in baseline.staffing:
        visible[staff.category] = (
            visible.get(staff.category, 0.0) + staff.fte * staff.cost_per_fte_eur
        )
    first = case.cooperation.first_year
    charges = 0.0
    for asset in baseline.assets:
        term = asset.term_years or participant.depreciation_terms.get(
            asset.category, DEFAULT_DEPRECIATION_TERM_YEARS
        )
        schedule = capital_charge_schedule(
            asset.amount_eur,
            asset.purchase_year,
            term,
            participant.interest_rate,
            asset.method.value,
            years=[first],
        )
        charges += float(schedule.capital_charge[0])
    names = {c.id: c.name for c in case.categories}
    order = [c.id for c in case.categories]
    used = sorted(set(visible) | set(hidden), key=lambda c: order.index(c) if c in order else 0)
    rows = [
        CategoryTotal(c, names.get(c, c), visible.get(c, 0.0), hidden.get(c, 0.0)) for c in used
    ]
    return BaselineTotals(rows, charges, first)


def driver_in_year(
    value: float | dict[str, float] | dict[int, float] | None, year: int
) -> float | None:
    """A driver's value in ``year``: the number, or the last given year up to it (years before
    the first given year take the first value)."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    given = sorted((int(k), float(v)) for k, v in value.items())
    if not given:
        return None
    held = given[0][1]
    for given_year, amount in given:
        if given_year <= year:
            held = amount
    return held


STATUS_LABELS = {s.value: enum_label(BaselineStatus, s.value) for s in BaselineStatus}


# --- pages --------------------------------------------------------------------------------------


def _index_of(case: Case, participant_id: str) -> int:
    for index, participant in enumerate(case.participants):
        if participant.id == participant_id:
            return index
    raise HTTPException(404, "Deze deelnemer bestaat niet in de case.")


def _live(access: CaseAccess) -> str:
    return f"/cases/{access.row.id}/overzicht/resultaten"


def _base_context(access: CaseAccess, tab: str) -> dict[str, Any]:
    return {
        "access": access,
        "tab": tab,
        "edit_url": f"/cases/{access.row.id}/wijzig",
        "live_url": _live(access),
    }


@router.get("/cases/{case_id}/deelnemers", response_class=HTMLResponse)
def participants_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The participants with their drivers per year, baseline status and totals (A effect);
    a participant that may not see others gets their names only."""
    case = ctx.case_of(access.row)
    years = case.cooperation.years
    drivers = list(STANDARD_DRIVERS)
    for participant in case.participants:
        drivers += [d for d in participant.drivers if d not in drivers]
    shown = [p for p in case.participants if access.sees_detail(p.id)]
    rows = [
        {
            "participant": p,
            "status": STATUS_LABELS[p.baseline.status.value],
            "totals": baseline_totals(case, p),
            "first": {d: driver_in_year(p.drivers.get(d), years[0]) for d in drivers},
        }
        for p in shown
    ]
    per_year = [
        {
            "driver": d,
            "label": DRIVER_LABELS.get(d, d),
            "rows": [(p, [driver_in_year(p.drivers.get(d), y) for y in years]) for p in shown],
        }
        for d in drivers
        if any(d in p.drivers for p in shown)
    ]
    context = {
        **_base_context(access, "participants"),
        "rows": rows,
        "others": [p for p in case.participants if not access.sees_detail(p.id)],
        "drivers": drivers,
        "driver_labels": DRIVER_LABELS,
        "per_year": per_year,
        "years": years,
        "total": {
            key: sum(getattr(r["totals"], key) for r in rows)
            for key in ("visible", "hidden", "real", "a_effect")
        },
    }
    return render(request, "participants.html", context)


@router.get("/cases/{case_id}/deelnemers/{participant_id}", response_class=HTMLResponse)
def participant_page(request: Request, participant_id: str, access: PageCase, ctx: Ctx) -> Response:
    """A participant's volume drivers and baseline measurement editor, with its totals."""
    case = ctx.case_of(access.row)
    index = _index_of(case, participant_id)
    require(access.sees_detail(participant_id))
    document = access.row.document
    fc = form_context(access, case, document, access.row.revision)
    path = f"participants[{index}]"
    fields = describe(Participant, path, document["participants"][index], fc)
    by_name = {f.name: f for f in fields}
    baseline = by_name.pop("baseline")
    context = {
        **_base_context(access, "participants"),
        "participant": case.participants[index],
        "index": index,
        "general": [f for f in fields if f.name not in ("drivers", "baseline")],
        "drivers": by_name["drivers"],
        "baseline": baseline,
        "years": fc.years,
        "totals": baseline_totals(case, case.participants[index]),
        "totals_url": f"/cases/{access.row.id}/deelnemers/{participant_id}/totalen",
    }
    return render(request, "participant.html", context)


@router.get("/cases/{case_id}/deelnemers/{participant_id}/totalen", response_class=HTMLResponse)
def participant_totals(
    request: Request, participant_id: str, access: PageCase, ctx: Ctx
) -> Response:
    """The totals of a participant's baseline (refreshed after every saved change)."""
    case = ctx.case_of(access.row)
    index = _index_of(case, participant_id)
    require(access.sees_detail(participant_id))
    context = {
        "totals": baseline_totals(case, case.participants[index]),
        "totals_url": f"/cases/{access.row.id}/deelnemers/{participant_id}/totalen",
    }
    return render(request, "partials/editor_totals.html", context)


@router.get("/cases/{case_id}/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The scenarios (baseline flag, parent, members, delay) with a form to add one."""
    case = ctx.case_of(access.row)
    document = access.row.document
    fc = form_context(access, case, document, access.row.revision)
    names = {p.id: p.name for p in case.participants}
    rows = [
        {
            "scenario": s,
            "index": i,
            "parent": next((o.name for o in case.scenarios if o.id == s.extends), s.extends),
            "members": [names.get(m, m) for m in s.members] if s.members is not None else None,
            "lines": sum(len(getattr(s, name)) for name in LINE_MODELS),
            "removable": fc.removable(f"scenarios[{i}]") and not s.is_baseline,
        }
        for i, s in enumerate(case.scenarios)
    ]
    context = {
        **_base_context(access, "scenarios"),
        "rows": rows,
        "add": add_form(Scenario, "scenarios", fc) if fc.addable("scenarios") else None,
    }
    return render(request, "scenarios.html", context)


@router.get("/cases/{case_id}/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(request: Request, scenario_id: str, access: PageCase, ctx: Ctx) -> Response:
    """The scenario editor: its settings and every line type, each line a fieldset."""
    case = ctx.case_of(access.row)
    index = next((i for i, s in enumerate(case.scenarios) if s.id == scenario_id), None)
    if index is None:
        raise HTTPException(404, "Dit scenario bestaat niet in de case.")
    document = access.row.document
    fc = form_context(access, case, document, access.row.revision, scenario_id)
    fields = describe(Scenario, f"scenarios[{index}]", document["scenarios"][index], fc)
    by_name = {f.name: f for f in fields}
    scenario = case.scenarios[index]
    inherited: dict[str, list[str]] = {}
    if scenario.extends is not None:
        resolved = case.resolved(scenario_id)
        for name in (*LINE_MODELS, "qualitative_items"):
            own = {line.id for line in getattr(scenario, name)}
            inherited[name] = [line.id for line in getattr(resolved, name) if line.id not in own]
    context = {
        **_base_context(access, "scenarios"),
        "scenario": scenario,
        "parent": next((s for s in case.scenarios if s.id == scenario.extends), None),
        "settings": [f for f in fields if f.name not in LINE_SECTIONS],
        "sections": [by_name[name] for name in LINE_SECTIONS],
        "inherited": inherited,
    }
    return render(request, "scenario.html", context)


@router.get("/cases/{case_id}/verrekening/inrichten", response_class=HTMLResponse)
def charging_design_page(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """The charging design as forms: principles, products with volumes and tariffs, keyed
    pools, entry and exit terms and VAT (created with one button when the case has none)."""
    case = ctx.case_of(access.row)
    document = access.row.document
    fc = form_context(access, case, document, access.row.revision)
    design = field_spec(
        Case, "charging_design", "charging_design", document.get("charging_design"), fc
    )
    context = {**_base_context(access, "charging"), "design": design}
    return render(request, "charging_design.html", context)


# --- the autosave endpoint ----------------------------------------------------------------------


def _text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value if isinstance(value, str) else default


def _raw(form: FormData, name: str, target: Target) -> str | list[str]:
    values = [v for v in form.getlist(name) if isinstance(v, str)]
    if is_id_list(target):
        return values
    return values[-1] if values else ""


@router.post("/cases/{case_id}/wijzig", response_class=HTMLResponse)
async def edit(request: Request, access: PageCase, ctx: Ctx) -> Response:
    """Save one field (``kind`` set), add an item (``add``) or remove one (``remove``).

    Form fields: ``path``, ``revision`` (the base revision the field was rendered at),
    ``value`` (several for a list of ids), optional ``key`` (an entry of a map whose key is no
    plain name), ``kind``; for ``add`` the new item's fields as ``item.<name>``; for
    ``remove`` optionally ``item_id`` (the id the item had when the page was rendered).
    """
    form = await request.form()
    path = _text(form, "path")
    kind = _text(form, "kind", "set")
    try:
        revision = int(_text(form, "revision", "x"))
        parse_path(path)
    except (ValueError, PathError):
        raise HTTPException(400, "Het formulier is onvolledig; laad de pagina opnieuw.") from None
    if not access.can_edit:
        return _message_response(request, NOT_ALLOWED, 403)
    if kind == "add":
        return _add(request, access, ctx, form, path, revision)
    if kind == "remove":
        return _remove(request, access, ctx, form, path, revision)
    return _set(request, access, ctx, form, path, revision)


@dataclass
class _Page:
    """The state needed to render one field: the context and the document."""

    fc: FormContext
    document: dict[str, Any]


def _page(access: CaseAccess, ctx: AppContext, row: CaseRow, path: str, revision: int) -> _Page:
    case = ctx.case_of(row)
    document = row.document
    fc = form_context(access, case, document, revision, scenario_of_path(document, path))
    return _Page(fc, document)


def _field_response(
    request: Request, access: PageCase, spec: FormField, status: int, headers: dict[str, str]
) -> Response:
    context = {"f": spec, "edit_url": f"/cases/{access.row.id}/wijzig"}
    response = render(request, "partials/field.html", context, status)
    response.headers.update(headers)
    return response


def _message_response(request: Request, message: str, status: int) -> Response:
    context = {"message": message, "ok": status < 400}
    return render(request, "partials/field_message.html", context, status)


def _set(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    path: str,
    revision: int,
) -> Response:
    document = access.row.document
    key = _text(form, "key") or None
    probe = Edit(EditKind.SET, path, access.participant_id)
    if not access.may_apply(document, probe) or _FIXED_ID.match(path):
        return _refused(request, access, ctx, path, key)
    try:
        target = resolve(Case, path)
        if key is not None:
            target = entry_target(target)
    except (PathError, TypeError):
        raise HTTPException(400, "Onbekend veld; laad de pagina opnieuw.") from None
    raw = _raw(form, "value", target)
    page = _page(access, ctx, access.row, path, revision)
    try:
        spec = field_at(document, path, page.fc, key)
    except PathError:
        raise HTTPException(400, "Onbekend veld; laad de pagina opnieuw.") from None
    if spec.kind not in SAVED_ON_THEIR_OWN or (spec.kind is Kind.MAP and not spec.whole):
        raise HTTPException(400, "Dit onderdeel wordt niet als één veld opgeslagen.")
    try:
        value = _whole_map(form, spec) if spec.whole else parse_value(target, raw)
    except FieldError as exc:
        spec.raw, spec.error = raw, str(exc)
        return _field_response(request, access, spec, 422, {})
    change, refresh = _set_edit(document, path, key, value, page.fc.first_year)
    try:
        saved = save_edit(ctx, access, change, revision)
    except EditConflict:
        return _conflict(request, access, ctx, path, key, raw, change, revision)
    except InvalidEdit as exc:
        spec.raw, spec.error = raw, _messages_for(exc.errors, change.path)
        return _field_response(request, access, spec, 422, {})
    except HTTPException as exc:
        if exc.status_code == 403:
            return _refused(request, access, ctx, path, key)
        spec.raw, spec.error = raw, str(exc.detail)
        return _field_response(request, access, spec, 422, {})
    row = ctx.cases.get(access.row.id)
    page = _page(access, ctx, row, path, saved.revision)
    spec = field_at(row.document, path, page.fc, key)
    spec.saved = True
    name = parse_path(path)[-1]
    refresh = refresh or name in _REFRESH_FIELDS
    return _field_response(request, access, spec, 200, REFRESH if refresh else CHANGED)


def _whole_map(form: FormData, spec: FormField) -> dict[str, float] | None:
    """The map of a group saved as a whole, from its ``entry.<key>`` inputs (FieldError when
    an entry cannot be read; the entries keep what the user typed)."""
    entries: dict[str, float] = {}
    failed = False
    for child in spec.children:
        child.raw = _text(form, child.input_name)
        try:
            value = parse_value(Target(float, None, child.name, None, True, entry=True), child.raw)
        except FieldError as exc:
            child.error, failed = str(exc), True
            continue
        if value is not None:
            entries[child.name] = value
    if failed:
        raise FieldError("Verbeter de gemarkeerde invoer; er is niets opgeslagen.")
    return entries or None


def _set_edit(
    document: dict[str, Any], path: str, key: str | None, value: Any, first_year: int
) -> tuple[Edit, bool]:
    """The edit that stores ``value``, and whether the page must reload afterwards.

    A ``key`` sets one entry of the map at ``path``. A year of a driver that is one number for
    every year turns it into a year map (the number in the first year): the driver's other
    inputs then need the new revision, so the page reloads.
    """
    if key is not None:
        stored = get_at(document, path)
        entries = dict(stored) if isinstance(stored, dict) else {}
        if value is None:
            entries.pop(key, None)
        else:
            entries[key] = value
        return Edit(EditKind.SET, path, entries or None), False
    segments = parse_path(path)
    if isinstance(segments[-1], int) and len(segments) > 1:
        holder_path = format_path(segments[:-1])
        holder = get_at(document, holder_path)
        if isinstance(holder, int | float) and not isinstance(holder, bool):
            years = {str(first_year): holder}
            if value is None:
                years.pop(str(segments[-1]), None)
            else:
                years[str(segments[-1])] = value
            return Edit(EditKind.SET, holder_path, years or None), True
    return Edit(EditKind.SET, path, value), False


def _refused(request: Request, access: PageCase, ctx: Ctx, path: str, key: str | None) -> Response:
    """403: the field read-only with the message (only the message for hidden detail)."""
    document = access.row.document
    if not _sees_path(access, document, path):
        return _message_response(request, NOT_ALLOWED, 403)
    try:
        page = _page(access, ctx, access.row, path, access.row.revision)
        spec = field_at(document, path, page.fc, key)
    except (PathError, TypeError):
        return _message_response(request, NOT_ALLOWED, 403)
    spec.editable = False
    spec.error = NOT_ALLOWED
    return _field_response(request, access, spec, 403, {})


def _conflict(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    path: str,
    key: str | None,
    raw: str | list[str],
    edit: Edit,
    revision: int,
) -> Response:
    """409: the field with the stored value and the current revision, and who changed it."""
    # The exception's audit entries belong to the refused transaction; read them again.
    entries = ctx.cases.changes_since(access.row.id, revision, edit.locked_path)
    row = ctx.cases.get(access.row.id)
    page = _page(access, ctx, row, path, row.revision)
    spec = field_at(row.document, path, page.fc, key)
    who = entries[-1].user_email if entries else "Iemand anders"
    typed = raw if isinstance(raw, str) else ", ".join(raw)
    spec.conflict = (
        f"{who} heeft dit intussen gewijzigd in {describe_value(spec, spec.value)}. "
        f"Uw invoer ‘{typed}’ is niet opgeslagen; pas het veld opnieuw aan als u het wilt "
        "overschrijven."
    )
    return _field_response(request, access, spec, 409, {})


def _normalised(path: str) -> str:
    """An error path with year keys in the editor's syntax (``values.2031`` → ``values[2031]``)."""
    return re.sub(r"\.(\d+)(?=$|[.\[])", r"[\1]", path)


def _messages_for(errors: list[CaseError], path: str) -> str:
    """The messages of ``errors`` about ``path`` (or all, with their place, when none is)."""
    own = [e.message for e in errors if related(_normalised(e.path), path)]
    if own:
        return " ".join(_sentence(m) for m in own)
    elsewhere = "; ".join(e.format() for e in errors)
    return f"Niet opgeslagen, want dan klopt elders in de case iets niet: {elsewhere}."


def _sentence(text: str, capital: bool = True) -> str:
    """``text`` as a sentence: a capital (not for a text that starts with a path) and a stop."""
    text = text.strip()
    if not text:
        return text
    if capital:
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- adding -------------------------------------------------------------------------------------


def _add(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    path: str,
    revision: int,
) -> Response:
    try:
        target = resolve(Case, path)
    except PathError:
        raise HTTPException(400, "Onbekende lijst; laad de pagina opnieuw.") from None
    own = access.participant_id
    if item_model(target) is not None:
        probe = Edit(EditKind.ADD, path, {"bearer": own, "participant": own})
    else:
        probe = Edit(EditKind.SET, path, own)
    if not access.may_apply(access.row.document, probe):
        return _message_response(request, NOT_ALLOWED, 403)
    page = _page(access, ctx, access.row, path, revision)
    model = item_model(target)
    if model is not None:
        shown = add_form(model, path, page.fc)
        return _add_item(request, access, ctx, form, shown, model, path)
    if target.model is not None and target.optional:
        created = target.model().model_dump(mode="json", exclude_none=True)
        return _add_edit(request, access, ctx, Edit(EditKind.SET, path, created), revision, None)
    if target.name == "drivers" and target.owner is Participant:
        return _add_driver(request, access, ctx, form, path, revision, page)
    model = map_model(target)
    if model is not None:
        return _add_entry(request, access, ctx, form, path, revision, model, page)
    raise HTTPException(400, "Hier kan niets worden toegevoegd.")


def _add_item(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    shown: AddForm,
    model: type[BaseModel],
    path: str,
) -> Response:
    """Build the new item from the add form's fields and append it to the list at ``path``."""
    item: dict[str, Any] = {}
    failed = False
    for spec in shown.fields:
        target = resolve(model, spec.name)
        raw = _raw(form, spec.input_name, target)
        spec.raw = raw
        try:
            value = parse_value(target, raw)
        except FieldError as exc:
            spec.error, failed = str(exc), True
            continue
        if value is not None:
            item[spec.name] = value
    if failed:
        return _add_form_response(request, access, shown, 422)
    for name in automatic_fields(model):
        if model is BaselineComment and name == "author":
            item[name] = access.user.name or access.user.email
        elif model is BaselineComment and name == "date":
            item[name] = dt.date.today().isoformat()
    # Appending overwrites nothing, so an add needs no stale check: it is made on the current
    # revision (validation still checks the whole case, e.g. that the new id is unique).
    current = ctx.cases.get(access.row.id).revision
    return _add_edit(request, access, ctx, Edit(EditKind.ADD, path, item), current, shown)


def _add_edit(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    edit: Edit,
    revision: int,
    shown: AddForm | None,
) -> Response:
    """Store an add; on success reload the page, else show why next to the add form."""
    try:
        save_edit(ctx, access, edit, revision)
    except InvalidEdit as exc:
        return _add_failed(request, access, shown, _item_errors(exc.errors, edit, shown), 422)
    except EditConflict as exc:
        return _add_failed(request, access, shown, [str(exc)], 409)
    except HTTPException as exc:
        status = exc.status_code if exc.status_code in (403, 422) else 400
        message = NOT_ALLOWED if status == 403 else str(exc.detail)
        return _add_failed(request, access, shown, [message], status)
    response = _message_response(request, "Toegevoegd.", 200)
    response.headers.update(REFRESH)
    return response


def _item_errors(errors: list[CaseError], edit: Edit, shown: AddForm | None) -> list[str]:
    """Put the errors about the new item next to its fields; return the others."""
    if shown is None:
        return [_sentence(e.format(), capital=False) for e in errors]
    general: list[str] = []
    by_name = {spec.name: spec for spec in shown.fields}
    for error in errors:
        where = _normalised(error.path)
        name = _new_item_field(edit, where)
        if name is not None and name in by_name:
            spec = by_name[name]
            spec.error = " ".join(filter(None, [spec.error, _sentence(error.message)]))
        else:
            general.append(_sentence(error.format(), capital=False))
    return general


def _new_item_field(edit: Edit, error_path: str) -> str | None:
    """The field of the added item that ``error_path`` is about (the item is the list's last)."""
    prefix = f"{edit.path}["
    if not error_path.startswith(prefix):
        return None
    rest = error_path[len(prefix) :]
    closing = rest.find("]")
    if closing < 0:
        return None
    after = rest[closing + 1 :].lstrip(".")
    name = re.split(r"[.\[]", after, maxsplit=1)[0]
    return name or None


def _add_failed(
    request: Request, access: PageCase, shown: AddForm | None, errors: list[str], status: int
) -> Response:
    if shown is None:
        return _message_response(request, " ".join(errors), status)
    shown.errors = errors
    return _add_form_response(request, access, shown, status)


def _add_form_response(request: Request, access: PageCase, shown: AddForm, status: int) -> Response:
    context = {"form": shown, "edit_url": f"/cases/{access.row.id}/wijzig"}
    return render(request, "partials/editor_add.html", context, status)


_DRIVER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")


def _add_driver(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    path: str,
    revision: int,
    page: _Page,
) -> Response:
    """Add a volume driver (a name and its value from the first year on)."""
    shown = next(
        (f.add for f in _drivers_fields(page, path) if f.add is not None),
        None,
    )
    if shown is None:
        return _message_response(request, NOT_ALLOWED, 403)
    name_field, value_field = shown.fields
    name = _text(form, "item.name").strip()
    raw_value = _text(form, "item.value")
    name_field.raw, value_field.raw = name, raw_value
    stored = get_at(page.document, path) or {}
    if not _DRIVER_NAME.match(name):
        name_field.error = (
            "Gebruik letters, cijfers en '_', beginnend met een letter (hoogstens 40 tekens)."
        )
    elif name in stored:
        name_field.error = f"Deze deelnemer heeft al een driver '{name}'."
    try:
        value = parse_value(Target(float, None, "value", None, optional=False), raw_value)
    except FieldError as exc:
        value_field.error = str(exc)
        value = None
    if name_field.error or value_field.error:
        return _add_form_response(request, access, shown, 422)
    edit = Edit(EditKind.SET, f"{path}.{name}", {str(page.fc.first_year): value})
    return _add_edit(request, access, ctx, edit, revision, shown)


def _drivers_fields(page: _Page, path: str) -> list[FormField]:
    segments = parse_path(path)
    owner_path = format_path(segments[:-1])
    owner = get_at(page.document, owner_path)
    fields = describe(Participant, owner_path, owner if isinstance(owner, dict) else {}, page.fc)
    return [f for f in fields if f.kind is Kind.DRIVERS]


def _add_entry(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    path: str,
    revision: int,
    model: type[BaseModel],
    page: _Page,
) -> Response:
    """Add a record to a map keyed by category (a scenario's index per category)."""
    key = _text(form, "item.key").strip()
    stored = get_at(page.document, path) or {}
    known = {c.value for c in page.fc.categories}
    if key not in known or not is_identifier(key) or key in stored:
        return _message_response(request, "Kies een categorie die nog geen eigen index heeft.", 422)
    created = model().model_dump(mode="json", exclude_none=True)
    return _add_edit(
        request, access, ctx, Edit(EditKind.SET, f"{path}.{key}", created), revision, None
    )


# --- removing -----------------------------------------------------------------------------------


def _remove(
    request: Request,
    access: PageCase,
    ctx: Ctx,
    form: FormData,
    path: str,
    revision: int,
) -> Response:
    try:
        target = resolve(Case, path)
    except PathError:
        raise HTTPException(400, "Onbekend onderdeel; laad de pagina opnieuw.") from None
    if not target.list_item:
        edit = Edit(EditKind.SET, path, None)
        return _remove_edit(request, access, ctx, edit, revision)
    document = access.row.document
    item_id = _text(form, "item_id") or None
    if item_id is not None:
        current = get_at(document, path)
        if not isinstance(current, dict) or current.get("id") != item_id:
            message = (
                f"‘{item_id}’ staat niet meer op deze plaats; iemand anders heeft de lijst "
                "intussen gewijzigd. Laad de pagina opnieuw."
            )
            return _message_response(request, message, 409)
    return _remove_edit(request, access, ctx, Edit(EditKind.REMOVE, path), revision)


def _remove_edit(
    request: Request, access: PageCase, ctx: Ctx, edit: Edit, revision: int
) -> Response:
    """Store a removal (or the clearing of an optional record); on success reload the page."""
    try:
        _save_removal(ctx, access, edit, revision)
    except EditConflict as exc:
        return _message_response(request, str(exc), 409)
    except InvalidEdit as exc:
        message = " ".join(_sentence(e.format(), capital=False) for e in exc.errors)
        return _message_response(request, f"Niet verwijderd: {message}", 422)
    except HTTPException as exc:
        status = exc.status_code if exc.status_code in (403, 422) else 400
        message = NOT_ALLOWED if status == 403 else str(exc.detail)
        return _message_response(request, message, status)
    response = _message_response(request, "Verwijderd.", 200)
    response.headers.update(REFRESH)
    return response


def _save_removal(ctx: AppContext, access: CaseAccess, edit: Edit, revision: int) -> None:
    """Remove an item made stale only by changes inside *other* items of its list: those
    leave every position as it was, so the item at the path is still the one the user saw."""
    try:
        save_edit(ctx, access, edit, revision)
    except EditConflict:
        if edit.kind is not EditKind.REMOVE:
            raise
        # The exception's audit entries belong to the refused transaction; read them again.
        entries = ctx.cases.changes_since(access.row.id, revision, edit.locked_path)
        if not _positions_kept(entries, edit.path):
            raise
        save_edit(ctx, access, edit, ctx.cases.get(access.row.id).revision)


def _positions_kept(entries: list[AuditEntry], item_path: str) -> bool:
    """Whether the conflicting changes only touched other items of the same list (no item was
    added, removed or replaced, and the removed item itself did not change)."""
    if not entries:
        return False
    list_path = parent_path(item_path)
    for entry in entries:
        locked = entry.locked_path
        if locked in (WHOLE_CASE, list_path) or related(locked, item_path):
            return False
        if not locked.startswith(list_path + "["):
            return False
    return True
