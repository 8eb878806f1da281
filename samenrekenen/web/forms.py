"""Model-driven form fields for the editor pages (participants, baseline, scenarios).

The editor never types raw JSON: every input is derived from the pydantic model of the case.
:func:`describe` turns a model class and the path of one of its items in the case document into
:class:`FormField` descriptors (Dutch label, input kind, current value, choices, nested
fieldsets, lists of items with an add form); :func:`field_at` builds the descriptor of one field
again after it was saved; :func:`parse_field` reads what a user typed (Dutch number entry,
``1.234,56``) into the JSON value to store, with Dutch messages. Paths are the case file's own:
``participants[0].baseline.costs[2].visible_eur``, year maps ``values[2027]``.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from samenrekenen.format import NumberEntryError, format_number, parse_number
from samenrekenen.guidance import content
from samenrekenen.labels import (
    DRIVER_LABELS,
    FIELD_LABELS,
    enum_label,
    hint_for,
    item_label,
    label_for,
)
from samenrekenen.model import Case
from samenrekenen.model.charging import (
    ChargingDesign,
    KeyedPool,
    VatSettings,
)
from samenrekenen.model.common import (
    SHARE,
    AllocationKey,
    Basis,
    SourceNote,
)
from samenrekenen.model.cooperation import Indexation, IndexSeries
from samenrekenen.model.edits import PathError, Segment, format_path, get_at, parse_path
from samenrekenen.model.guidance import (
    DocumentLink,
    Formation,
    FormChoice,
    GateDecision,
    Opportunity,
    ProcessAssignment,
    Provision,
    QuestionnaireResponse,
    Sourcing,
    TrialFinding,
)
from samenrekenen.model.participants import (
    STANDARD_DRIVERS,
    Asset,
    BaselineComment,
    BaselineCost,
    BaselineMeasurement,
    Contract,
    HiddenAmount,
    Participant,
    Staffing,
)
from samenrekenen.model.risk import Correlation, DelayDistribution, Risk, Uncertainty
from samenrekenen.model.scenario import (
    LINE_LISTS,
    AssetRetirement,
    Benefit,
    BorneLine,
    Charging,
    Investment,
    LevelChange,
    Line,
    Markup,
    OneOffCost,
    Phase,
    QualitativeItem,
    Scenario,
    StaffChange,
    StructuralCost,
    StructuralLine,
    Transfer,
)

LINE_MODELS: dict[str, type[BaseModel]] = {
    "transfers": Transfer,
    "level_changes": LevelChange,
    "staff_changes": StaffChange,
    "structural_costs": StructuralCost,
    "one_off_costs": OneOffCost,
    "investments": Investment,
    "markups": Markup,
    "benefits": Benefit,
    "asset_retirements": AssetRetirement,
}
"""The model of each of a scenario's line lists."""

CHECKLIST_CLASSES = {
    1: "1 – De functie op orde brengen",
    2: "2 – De vraagfunctie inrichten",
    3: "3 – De share opbouwen",
    4: "4 – De dienstverleningsrelatie opzetten",
    5: "5 – Overige kosten van deelnemers",
}

_LONG_TEXT = frozenset({"description", "text", "note"})

_ROOT_FIELDS_FIRST = ("id",)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class FieldError(ValueError):
    """What a user typed cannot be stored in this field (Dutch message)."""


@dataclass(frozen=True)
class Target:
    """What lies at a path: its type and how it is held.

    ``owner``/``name``: the model and field name when the path ends in a model field;
    ``entry`` is true for an item of a list or an entry of a map (then ``owner`` is the model
    that holds the list or map). ``optional``: empty input removes the value.
    """

    annotation: Any
    owner: type[BaseModel] | None
    name: str
    info: FieldInfo | None
    optional: bool
    entry: bool = False
    list_item: bool = False

    @property
    def model(self) -> type[BaseModel] | None:
        """The model class at the path, when the value is a record."""
        return self.annotation if _is_model(self.annotation) else None


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type without ``None`` (and without ``Annotated``), and whether ``None`` was allowed."""
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [_strip_annotated(a) for a in get_args(annotation)]
        kept = [a for a in members if a is not type(None)]
        nullable = len(kept) < len(members)
        if len(kept) == 1:
            return kept[0], nullable
        return annotation, nullable
    return annotation, False


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def _members(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [_strip_annotated(a) for a in get_args(annotation)]
    return [annotation]


def _container(annotation: Any, segment: Segment) -> tuple[Any, bool] | None:
    """The item type when ``annotation`` (or a member of its union) is a list or map that
    ``segment`` can index, and whether it is a list."""
    for member in _members(annotation):
        origin = get_origin(member)
        if origin is list and isinstance(segment, int):
            return get_args(member)[0], True
        if origin is dict:
            return get_args(member)[1], False
    return None


def resolve(model: type[BaseModel], path: str) -> Target:
    """The type of the value at ``path`` inside ``model`` (PathError when there is none)."""
    current: Any = model
    target = Target(model, None, "", None, optional=False)
    for segment in parse_path(path):
        annotation, _nullable = _unwrap(current)
        if _is_model(annotation) and isinstance(segment, str):
            info = annotation.model_fields.get(segment)
            if info is None:
                raise PathError(f"'{path}': onbekend veld '{segment}'")
            current = info.annotation
            inner, nullable = _unwrap(current)
            target = Target(inner, annotation, segment, info, not info.is_required() or nullable)
            continue
        found = _container(annotation, segment)
        if found is None:
            raise PathError(f"'{path}' bestaat niet in de case")
        current, is_list = found
        inner, nullable = _unwrap(current)
        holder = target.owner
        target = Target(inner, holder, str(segment), None, True, entry=True, list_item=is_list)
    return target


def entry_target(target: Target) -> Target:
    """The target of one entry of the map at ``target`` (PathError when it is no map)."""
    found = _container(target.annotation, "")
    if found is None or found[1]:
        raise PathError(f"'{target.name}' is geen tabel")
    inner, _nullable = _unwrap(found[0])
    return Target(inner, target.owner, target.name, None, True, entry=True)


def item_model(target: Target) -> type[BaseModel] | None:
    """The model of the items when ``target`` is a list of records."""
    if get_origin(target.annotation) is list:
        item = _strip_annotated(get_args(target.annotation)[0])
        return item if _is_model(item) else None
    return None


def map_model(target: Target) -> type[BaseModel] | None:
    """The model of the entries when ``target`` is a map of records."""
    if get_origin(target.annotation) is dict:
        value, _nullable = _unwrap(get_args(target.annotation)[1])
        return value if _is_model(value) else None
    return None


def is_id_list(target: Target) -> bool:
    """Whether ``target`` is a list of ids (entered as several values)."""
    return get_origin(target.annotation) is list and item_model(target) is None


# --- parsing ------------------------------------------------------------------------------------

_TRUE = frozenset({"true", "on", "1", "ja"})
_DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_field(model: type[BaseModel], field_path: str, raw: str | Sequence[str]) -> Any:
    """The JSON value to store for what a user typed in the field at ``field_path`` of
    ``model`` (FieldError with a Dutch message when it cannot be read).

    Numbers are read the Dutch way (``1.234,56``); empty input of an optional field gives
    ``None``, which removes the key so that the default applies; lists of ids come as several
    values.
    """
    return parse_value(resolve(model, field_path), raw)


def parse_value(target: Target, raw: str | Sequence[str]) -> Any:
    """The JSON value for ``raw`` in a field of the type of ``target`` (FieldError)."""
    annotation = target.annotation
    if get_origin(annotation) is list and not _is_model(get_args(annotation)[0]):
        values = [raw] if isinstance(raw, str) else list(raw)
        chosen = list(dict.fromkeys(v.strip() for v in values if v.strip()))
        if chosen:
            return chosen
        if target.optional:
            return None
        raise FieldError("Kies er minstens één.")
    text = (raw if isinstance(raw, str) else (raw[-1] if raw else "")).strip()
    if annotation is bool:
        return text.lower() in _TRUE
    if not text:
        if target.optional:
            return None
        raise FieldError("Vul dit veld in; het is verplicht.")
    if _is_enum(annotation):
        allowed = [str(member.value) for member in annotation]
        if text not in allowed:
            labels = ", ".join(enum_label(annotation, v) for v in allowed)
            raise FieldError(f"'{text}' is geen geldige keuze; kies een van: {labels}.")
        return text
    if annotation is dt.date:
        return _parse_date(text)
    if annotation is str:
        return text
    number_types = [m for m in _members(annotation) if m in (int, float)]
    if int in number_types or float in number_types:
        number = _parse_number(text)
        if float not in number_types:
            if not number.is_integer():
                raise FieldError(
                    f"'{text}' is geen geheel getal; vul een getal zonder decimalen in."
                )
            return int(number)
        return number
    raise FieldError("Dit onderdeel kan niet als tekst worden ingevuld.")


def _parse_number(text: str) -> float:
    try:
        return parse_number(text)
    except NumberEntryError as exc:
        raise FieldError(str(exc)) from None


def _parse_date(text: str) -> str:
    match = _DATE_NL.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldError(
            f"'{text}' is geen geldige datum; schrijf bijvoorbeeld 31-12-2027 of 2027-12-31."
        ) from None


# --- descriptors --------------------------------------------------------------------------------


class Kind(StrEnum):
    """How a field is entered."""

    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    CHECKBOX = "checkbox"
    SELECT = "select"
    ID_LIST = "id_list"
    YEAR_VALUES = "year_values"
    YEAR_CELL = "year_cell"
    MAP = "map"
    DRIVERS = "drivers"
    FIELDSET = "fieldset"
    ITEMS = "items"
    MODEL_MAP = "model_map"


LEAF_KINDS = frozenset(
    {
        Kind.NUMBER,
        Kind.INTEGER,
        Kind.TEXT,
        Kind.LONG_TEXT,
        Kind.DATE,
        Kind.CHECKBOX,
        Kind.SELECT,
        Kind.YEAR_CELL,
    }
)
"""Kinds that are one input (saved on their own)."""

SAVED_ON_THEIR_OWN = LEAF_KINDS | {Kind.ID_LIST, Kind.MAP}
"""Kinds that carry their own path and revision and are re-rendered after a save (a map only
when it is saved as a whole, see :attr:`FormField.whole`)."""


@dataclass(frozen=True)
class Choice:
    """An option of a select or of a list of ids; ``group`` makes an optgroup."""

    value: str
    label: str
    group: str = ""


@dataclass
class Item:
    """One item of a list of records: a fieldset with a legend and a remove button."""

    path: str
    legend: str
    fields: list[FormField]
    removable: bool
    item_id: str | None = None
    kind: str = ""

    @property
    def dom_id(self) -> str:
        """The HTML id of the item's fieldset."""
        return dom_id(self.path)

    @property
    def remove_label(self) -> str:
        """The text of the remove button: what is removed, recognisably."""
        if self.kind and not self.legend.startswith(self.kind):
            return f"Verwijder {self.kind.lower()} {self.legend}"
        return f"Verwijder {self.legend}"


@dataclass
class AddForm:
    """The form that adds an item to a list (or a record to a map)."""

    path: str
    legend: str
    button: str
    fields: list[FormField]
    revision: int
    errors: list[str] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        """The HTML id of the form."""
        return dom_id("add." + self.path)


@dataclass
class FormField:
    """One field of an editor form, or a group of fields (fieldset, year table, list)."""

    kind: Kind
    path: str
    label: str
    name: str = ""
    value: Any = None
    revision: int = 0
    editable: bool = False
    required: bool = False
    key: str | None = None
    hint: str = ""
    choices: list[Choice] = field(default_factory=list)
    empty_label: str | None = None
    children: list[FormField] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    add: AddForm | None = None
    present: bool = True
    creatable: bool = False
    clearable: bool = False
    collapsed: bool = False
    placeholder: str = ""
    input_name: str = "value"
    id_prefix: str = ""
    error: str = ""
    conflict: str = ""
    saved: bool = False
    raw: str | list[str] | None = None
    whole: bool = False

    @property
    def dom_id(self) -> str:
        """The HTML id of the field's wrapper (its input is ``<dom_id>-in``)."""
        return dom_id(self.id_prefix + self.path + (f".{self.key}" if self.key else ""))

    @property
    def vals(self) -> dict[str, Any]:
        """What the input sends besides its value: the path and the base revision."""
        sent: dict[str, Any] = {"path": self.path, "revision": self.revision}
        if self.key is not None:
            sent["key"] = self.key
        return sent

    @property
    def text(self) -> str:
        """The text in the input: what the user typed after an error, else the stored value."""
        if self.raw is not None:
            return self.raw if isinstance(self.raw, str) else ",".join(self.raw)
        return input_text(self.value, self.kind)

    @property
    def selected(self) -> set[str]:
        """The selected values of a select or of a list of ids."""
        if self.raw is not None:
            return {self.raw} if isinstance(self.raw, str) else set(self.raw)
        if self.value is None:
            return set()
        if isinstance(self.value, list):
            return {str(v) for v in self.value}
        return {str(self.value)}

    @property
    def checked(self) -> bool:
        """Whether a checkbox is ticked."""
        if self.raw is not None:
            return str(self.raw).lower() in _TRUE
        return bool(self.value)

    @property
    def display(self) -> str:
        """The value as read-only text."""
        return display_text(self)

    @property
    def groups(self) -> list[tuple[str, list[Choice]]]:
        """The choices by optgroup, in order."""
        grouped: dict[str, list[Choice]] = {}
        for choice in self.choices:
            grouped.setdefault(choice.group, []).append(choice)
        return list(grouped.items())


def dom_id(path: str) -> str:
    """A stable HTML id for a path (letters, digits and '-')."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def entry_text(value: float) -> str:
    """A number as a user would type it the Dutch way, without losing decimals: ``1.234,56``."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    decimals = min(10, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(value, decimals)


def input_text(value: Any, kind: Kind) -> str:
    """The stored value as the text of an input."""
    if value is None:
        return ""
    if kind in (Kind.NUMBER, Kind.YEAR_CELL) and isinstance(value, int | float):
        return entry_text(value)
    if kind is Kind.INTEGER and isinstance(value, int | float):
        return str(int(value))
    return str(value)


def display_text(spec: FormField) -> str:
    """The value of a field as read-only Dutch text."""
    value = spec.value
    if spec.kind is Kind.CHECKBOX:
        return "ja" if value else "nee"
    if value is None or value == [] or value == "":
        if spec.kind is Kind.ID_LIST and spec.empty_label:
            return spec.empty_label
        return "—"
    labels = {c.value: c.label for c in spec.choices}
    if spec.kind is Kind.SELECT:
        return labels.get(str(value), str(value))
    if spec.kind is Kind.ID_LIST:
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if spec.kind in (Kind.NUMBER, Kind.YEAR_CELL) and isinstance(value, int | float):
        return entry_text(value)
    return str(value)


def describe_value(spec: FormField, value: Any) -> str:
    """Another value of the same field as Dutch text (e.g. someone else's value)."""
    if value is None:
        return "leeg"
    if isinstance(value, dict):
        labels = {c.name: c.label for c in spec.children}
        return ", ".join(f"{labels.get(k, k)}: {_plain(v)}" for k, v in value.items())
    other = FormField(spec.kind, spec.path, spec.label, value=value, choices=spec.choices)
    return display_text(other)


def _plain(value: Any) -> str:
    return entry_text(value) if isinstance(value, int | float) else str(value)


# --- context of a form --------------------------------------------------------------------------


def _always(_path: str) -> bool:
    return True


@dataclass
class FormContext:
    """What descriptors need beyond the model: choices from the case, the revision, rights."""

    years: list[int]
    revision: int = 0
    participants: list[Choice] = field(default_factory=list)
    categories: list[Choice] = field(default_factory=list)
    drivers: list[Choice] = field(default_factory=list)
    scenarios: list[Choice] = field(default_factory=list)
    objectives: list[Choice] = field(default_factory=list)
    investments: list[Choice] = field(default_factory=list)
    parent_lines: list[Choice] = field(default_factory=list)
    assets: list[Choice] = field(default_factory=list)
    lines: list[Choice] = field(default_factory=list)
    cooperation_scenarios: list[Choice] = field(default_factory=list)
    scenario_id: str | None = None
    fixed_bearer: str | None = None
    editable: Callable[[str], bool] = _always
    removable: Callable[[str], bool] = _always
    addable: Callable[[str], bool] = _always

    @property
    def first_year(self) -> int:
        """The first year of the horizon."""
        return self.years[0]

    @classmethod
    def for_case(
        cls,
        case: Case,
        revision: int,
        scenario_id: str | None = None,
        sees: Callable[[str], bool] = _always,
    ) -> FormContext:
        """The choices of ``case`` (for ``scenario_id``: its investments and parent lines);
        assets only of participants whose detail ``sees`` allows."""
        drivers = list(STANDARD_DRIVERS)
        for participant in case.participants:
            drivers += [d for d in participant.drivers if d not in drivers]
        made = cls(
            years=case.cooperation.years,
            revision=revision,
            participants=[Choice(p.id, p.name) for p in case.participants],
            categories=[Choice(c.id, c.name) for c in case.categories],
            drivers=[Choice(d, DRIVER_LABELS.get(d, d)) for d in drivers],
            scenarios=[Choice(s.id, s.name) for s in case.scenarios],
            objectives=[Choice(o.id, o.name) for o in case.cooperation.objectives],
            assets=[
                Choice(a.id, f"{a.id} – {a.description or a.category}", p.name)
                for p in case.participants
                if sees(p.id)
                for a in p.baseline.assets
            ],
            lines=[
                Choice(line_id, line_id)
                for line_id in dict.fromkeys(getattr(line, "id", "") for line in case.lines())
            ],
            cooperation_scenarios=[
                Choice(s.id, s.name) for s in case.scenarios if s is not case.baseline_scenario
            ],
            scenario_id=scenario_id,
        )
        if scenario_id is not None:
            made.investments, made.parent_lines = _scenario_choices(case, scenario_id)
        return made


def _scenario_choices(case: Case, scenario_id: str) -> tuple[list[Choice], list[Choice]]:
    try:
        resolved = case.resolved(scenario_id)
        scenario = case.scenario(scenario_id)
    except KeyError:
        return [], []
    investments = [
        Choice(i.id, f"{i.id} – {i.description or i.category}") for i in resolved.investments
    ]
    parent: list[Choice] = []
    if scenario.extends is not None:
        try:
            inherited = case.resolved(scenario.extends)
        except KeyError:
            inherited = None
        if inherited is not None:
            for name in LINE_LISTS:
                kind = FIELD_LABELS[name]
                parent += [Choice(line.id, line.id, kind) for line in getattr(inherited, name)]
    return investments, parent


def _bearer_choices(ctx: FormContext) -> list[Choice]:
    if ctx.fixed_bearer is not None:
        return [c for c in ctx.participants if c.value == ctx.fixed_bearer]
    return [
        Choice(SHARE, "De share"),
        Choice("members", "Alle leden van het scenario"),
        *ctx.participants,
    ]


NOT_IN_FORMS: frozenset[tuple[type[BaseModel], str]] = frozenset(
    {(Uncertainty, "correlations"), (FormChoice, "scores")}
)
"""Fields not rendered field by field: a correlation matrix is a table of numbers that must
stay symmetric, which field-by-field saving cannot keep (each save would be refused), so it is
edited in the case file; the score table of the legal forms is a grid saved as a whole by the
form-choice page (``routes/guidance.py``)."""


def _phases(gated: bool) -> Callable[[FormContext], list[Choice]]:
    return lambda _ctx: [
        Choice(p.id, f"{p.id} {p.name}")
        for p in content.phases().phases
        if p.gate is not None or not gated
    ]


def _activities(_ctx: FormContext) -> list[Choice]:
    return [
        Choice(a.id, f"{a.id} {a.name}", f"Fase {p.id}") for p, a in content.phases().activities()
    ]


def _processes(domain: str | None) -> Callable[[FormContext], list[Choice]]:
    return lambda _ctx: [
        Choice(code, f"{code} {item.name}", lists.name)
        for code, (lists, item, _parent) in content.processes().flat().items()
        if domain is None or lists.id == domain
    ]


def _checklist_items(_ctx: FormContext) -> list[Choice]:
    lists = content.checklists()
    groups = [
        ("Succesfactoren", lists.success_factors),
        ("Valkuilen", lists.pitfalls),
        *((f"Aanbeveling {r.number}: {r.title}", r.items) for r in lists.recommendations),
    ]
    return [Choice(item.id, item.text, group) for group, items in groups for item in items]


def _questionnaire_items(_ctx: FormContext) -> list[Choice]:
    return [
        Choice(item.id, f"{d.name} {number}: {item.text}")
        for d in content.provisions().questionnaire.dimensions
        for number, item in enumerate(d.items, start=1)
    ]


def _named(records: Callable[[], Sequence[Any]]) -> Callable[[FormContext], list[Choice]]:
    return lambda _ctx: [Choice(r.id, r.name) for r in records()]


_GUIDANCE_CHOICES: dict[
    tuple[type[BaseModel] | None, str], Callable[[FormContext], list[Choice]]
] = {
    (GateDecision, "phase"): _phases(gated=True),
    (DocumentLink, "phase"): _phases(gated=False),
    (DocumentLink, "activity"): _activities,
    (TrialFinding, "element"): _named(lambda: content.phases().elements),
    (FormChoice, "chosen"): _named(lambda: content.forms().legal_forms),
    (Formation, "process_domains"): _named(lambda: content.processes().domains),
    (Formation, "checklist_done"): _checklist_items,
    (ProcessAssignment, "code"): _processes(None),
    (Sourcing, "process"): _processes("ict"),
    (Opportunity, "partners"): lambda ctx: ctx.participants,
    (Provision, "layer"): _named(lambda: content.provisions().layers),
    (Provision, "phase"): _named(lambda: content.provisions().lifecycle),
}
"""Choices of the formation fields: the codes of the guidance content (phases, activities,
processes, …) and, as candidate partners, the case's participants."""

_MAP_KEYS: dict[tuple[type[BaseModel], str], Callable[[FormContext], list[Choice]]] = {
    (Formation, "duration_months"): _phases(gated=False),
    (Formation, "activity_status"): _activities,
    (FormChoice, "weights"): _named(lambda: content.forms().criteria),
    (QuestionnaireResponse, "answers"): _questionnaire_items,
}
"""The keys of maps that are not keyed by category (or by participant, for percentages)."""

_CHOICES: dict[tuple[type[BaseModel] | None, str], Callable[[FormContext], list[Choice]]] = {
    (None, "bearer"): _bearer_choices,
    (AssetRetirement, "participant"): lambda ctx: (
        [c for c in ctx.participants if c.value == ctx.fixed_bearer]
        if ctx.fixed_bearer
        else ctx.participants
    ),
    (None, "category"): lambda ctx: ctx.categories,
    (None, "categories"): lambda ctx: ctx.categories,
    (None, "driver"): lambda ctx: ctx.drivers,
    (Transfer, "participants"): lambda ctx: ctx.participants,
    (Scenario, "members"): lambda ctx: ctx.participants,
    (Scenario, "extends"): lambda ctx: [c for c in ctx.scenarios if c.value != ctx.scenario_id],
    (Scenario, "remove_lines"): lambda ctx: ctx.parent_lines,
    (Scenario, "objectives_not_reached"): lambda ctx: ctx.objectives,
    (Markup, "applies_to"): lambda ctx: ctx.investments,
    (AssetRetirement, "asset"): lambda ctx: ctx.assets,
    (QualitativeItem, "kind"): lambda _ctx: [Choice("benefit", "Baat"), Choice("cost", "Kosten")],
    (ChargingDesign, "scenarios"): lambda ctx: ctx.cooperation_scenarios,
    (Risk, "scenarios"): lambda ctx: ctx.cooperation_scenarios,
    (DelayDistribution, "scenarios"): lambda ctx: ctx.cooperation_scenarios,
    (KeyedPool, "line"): lambda ctx: ctx.lines,
    (VatSettings, "exempt_categories"): lambda ctx: ctx.categories,
    (OneOffCost, "checklist_class"): lambda _ctx: [
        Choice(str(k), v) for k, v in CHECKLIST_CLASSES.items()
    ],
    **_GUIDANCE_CHOICES,
}

_EMPTY_LABELS = {
    "extends": "— geen (zelfstandig scenario) —",
    "vat": "— de standaard van de case —",
    "checklist_class": "— geen —",
    "driver": "— geen —",
    "members": "alle deelnemers",
    "participants": "alle leden van het scenario",
    "categories": "alle categorieën",
    "scenarios": "alle samenwerkingsscenario's",
    "exempt_categories": "geen",
    "line": "— geen (een categorie) —",
    "chosen": "— nog niet gekozen —",
}


def _choices_for(owner: type[BaseModel], name: str, ctx: FormContext) -> list[Choice] | None:
    for klass in owner.__mro__:
        make = _CHOICES.get((klass, name)) if isinstance(klass, type) else None
        if make is not None:
            return make(ctx)
    make = _CHOICES.get((None, name))
    return make(ctx) if make is not None else None


def _with_current(choices: list[Choice], value: Any) -> list[Choice]:
    """Keep a stored value that is not among the choices visible (so it is never lost)."""
    known = {c.value for c in choices}
    values = value if isinstance(value, list) else [value]
    extra = [Choice(str(v), str(v)) for v in values if v is not None and str(v) not in known]
    return [*choices, *extra]


def _default_json(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Enum):
        return value.value
    return value


def join(path: str, name: str) -> str:
    """``path.name`` (``name`` alone for the root)."""
    return f"{path}.{name}" if path else name


def _rank(spec: FormField) -> int:
    if spec.name == "id":
        return 0
    if spec.name == "source":
        return 7
    order = {
        Kind.ID_LIST: 2,
        Kind.YEAR_VALUES: 3,
        Kind.MAP: 3,
        Kind.DRIVERS: 3,
        Kind.FIELDSET: 4,
        Kind.ITEMS: 5,
        Kind.MODEL_MAP: 5,
    }
    return order.get(spec.kind, 1)


def describe(
    model: type[BaseModel],
    path: str,
    value: Mapping[str, Any] | None,
    ctx: FormContext,
    skip: Sequence[str] = (),
) -> list[FormField]:
    """Descriptors of every field of ``model`` for the item at ``path`` with stored ``value``:
    simple fields first, then lists of ids, year tables and maps, nested records, lists of
    records, and the source note last."""
    data = value or {}
    specs = [
        field_spec(model, name, join(path, name), data.get(name), ctx)
        for name in model.model_fields
        if name not in skip and (model, name) not in NOT_IN_FORMS
    ]
    return sorted(specs, key=_rank)


def field_spec(
    owner: type[BaseModel], name: str, path: str, value: Any, ctx: FormContext
) -> FormField:
    """The descriptor of field ``name`` of ``owner`` at ``path`` with stored ``value``."""
    info = owner.model_fields[name]
    annotation, nullable = _unwrap(info.annotation)
    shown = value if value is not None else _default_json(info)
    spec = FormField(
        kind=Kind.TEXT,
        path=path,
        label=label_for(owner, name),
        name=name,
        value=shown,
        revision=ctx.revision,
        editable=ctx.editable(path),
        required=info.is_required(),
        hint=hint_for(owner, name),
    )
    choices = _choices_for(owner, name, ctx)
    if choices is not None:
        spec.choices = _with_current(choices, shown)
        if get_origin(annotation) is list:
            spec.kind = Kind.ID_LIST
            spec.empty_label = _EMPTY_LABELS.get(name) if nullable else None
        else:
            spec.kind = Kind.SELECT
            if not spec.required and info.default is None:
                spec.empty_label = _EMPTY_LABELS.get(name, "— geen —")
        if name in ("bearer", "participant") and ctx.fixed_bearer is not None:
            spec.editable = False
        return spec
    return _typed_spec(spec, annotation, nullable, value, ctx, owner)


def _typed_spec(
    spec: FormField,
    annotation: Any,
    nullable: bool,
    value: Any,
    ctx: FormContext,
    owner: type[BaseModel],
) -> FormField:
    name, path = spec.name, spec.path
    if annotation is bool:
        spec.kind = Kind.CHECKBOX
    elif _is_enum(annotation):
        spec.kind = Kind.SELECT
        spec.choices = [
            Choice(str(m.value), enum_label(annotation, str(m.value))) for m in annotation
        ]
        if nullable:
            spec.empty_label = _EMPTY_LABELS.get(name, "— geen —")
    elif annotation is int:
        spec.kind = Kind.INTEGER
    elif annotation is float:
        spec.kind = Kind.NUMBER
    elif annotation is dt.date:
        spec.kind = Kind.DATE
    elif annotation is str:
        spec.kind = Kind.LONG_TEXT if name in _LONG_TEXT else Kind.TEXT
    elif _is_model(annotation):
        _fieldset(spec, annotation, nullable, value, ctx)
    elif get_origin(annotation) is list and _is_model(get_args(annotation)[0]):
        _items(spec, get_args(annotation)[0], value or [], ctx)
    elif get_origin(annotation) is dict:
        _map(spec, annotation, value, ctx, owner)
    else:
        raise TypeError(f"no form input for {path}: {annotation!r}")
    return spec


def _fieldset(
    spec: FormField, model: type[BaseModel], nullable: bool, value: Any, ctx: FormContext
) -> None:
    spec.kind = Kind.FIELDSET
    always = model is SourceNote
    spec.collapsed = always
    spec.present = value is not None or not nullable or always
    if spec.present:
        spec.children = describe(model, spec.path, value if isinstance(value, dict) else {}, ctx)
    spec.creatable = nullable and not always and value is None and ctx.editable(spec.path)
    spec.clearable = nullable and not always and value is not None and ctx.editable(spec.path)


def _items(spec: FormField, model: type[BaseModel], values: list[Any], ctx: FormContext) -> None:
    spec.kind = Kind.ITEMS
    for index, value in enumerate(values):
        item_path = f"{spec.path}[{index}]"
        data = value if isinstance(value, dict) else {}
        spec.items.append(
            Item(
                path=item_path,
                legend=item_legend(model, data, index, ctx),
                fields=describe(model, item_path, data, ctx),
                removable=ctx.removable(item_path),
                item_id=data.get("id") if isinstance(data.get("id"), str) else None,
                kind=item_label(model),
            )
        )
    if ctx.addable(spec.path):
        spec.add = add_form(model, spec.path, ctx)


def _entry_kind(value_type: Any) -> tuple[Kind, list[Choice]]:
    """How one entry of a map of plain values is entered: a number, or a choice of an enum."""
    if _is_enum(value_type):
        return Kind.SELECT, [
            Choice(str(m.value), enum_label(value_type, str(m.value))) for m in value_type
        ]
    return (Kind.INTEGER if value_type is int else Kind.NUMBER), []


def _map_keys(owner: type[BaseModel] | None, name: str, ctx: FormContext) -> list[Choice]:
    """The keys a map of plain values offers: its own (:data:`_MAP_KEYS`), the participants
    for percentages, else the categories."""
    keys = _MAP_KEYS.get((owner, name)) if owner is not None else None
    if keys is not None:
        return keys(ctx)
    return ctx.participants if name == "percentages" else ctx.categories


def _map(
    spec: FormField, annotation: Any, value: Any, ctx: FormContext, owner: type[BaseModel]
) -> None:
    value_type, _ = _unwrap(get_args(annotation)[1])
    stored = value if isinstance(value, dict) else {}
    if get_args(annotation)[0] is int:
        spec.kind = Kind.YEAR_VALUES
        years = sorted({*ctx.years, *(int(k) for k in stored)})
        spec.children = [year_cell(spec, year, stored.get(str(year)), ctx) for year in years]
    elif spec.name == "drivers":
        _drivers(spec, stored, ctx)
    elif _is_model(value_type):
        spec.kind = Kind.MODEL_MAP
        for key, entry in stored.items():
            entry_path = f"{spec.path}.{key}"
            safe = bool(_IDENTIFIER.match(key))
            child = FormField(
                kind=Kind.FIELDSET,
                path=entry_path,
                label=_category_label(key, ctx),
                name=key,
                revision=ctx.revision,
                editable=safe and ctx.editable(entry_path),
                clearable=safe and ctx.editable(entry_path),
                hint="" if safe else _UNSAFE_KEY_HINT,
            )
            if safe:
                child.children = describe(value_type, entry_path, entry, ctx)
            spec.children.append(child)
        if ctx.editable(spec.path):
            spec.add = _model_map_add(spec, value_type, stored, ctx)
    else:
        spec.kind = Kind.MAP
        keys = _map_keys(owner, spec.name, ctx)
        known = [c.value for c in keys]
        entries = [*keys, *(Choice(k, k) for k in stored if k not in known)]
        number, options = _entry_kind(value_type)
        spec.whole = spec.name in _SAVED_WHOLE
        for choice in entries:
            if spec.whole:
                spec.children.append(
                    FormField(
                        kind=number,
                        path=spec.path,
                        label=choice.label,
                        name=choice.value,
                        key=choice.value,
                        value=stored.get(choice.value),
                        revision=ctx.revision,
                        editable=spec.editable,
                        input_name=f"entry.{choice.value}",
                    )
                )
                continue
            safe = bool(_IDENTIFIER.match(choice.value))
            entry_path = f"{spec.path}.{choice.value}" if safe else spec.path
            spec.children.append(
                FormField(
                    kind=number,
                    path=entry_path,
                    label=choice.label,
                    name=choice.value,
                    key=None if safe else choice.value,
                    value=stored.get(choice.value),
                    revision=ctx.revision,
                    editable=ctx.editable(entry_path),
                    choices=options,
                )
            )


_SAVED_WHOLE = frozenset({"percentages"})
"""Maps saved as a whole: their entries are only valid together (percentages add up to 100)."""

_UNSAFE_KEY_HINT = (
    "Deze sleutel bevat tekens die de editor niet kan adresseren; wijzig hem via het casebestand."
)


def _category_label(key: str, ctx: FormContext) -> str:
    return next((c.label for c in ctx.categories if c.value == key), key)


def _model_map_add(
    spec: FormField, model: type[BaseModel], stored: Mapping[str, Any], ctx: FormContext
) -> AddForm:
    free = [c for c in ctx.categories if c.value not in stored and _IDENTIFIER.match(c.value)]
    key_field = FormField(
        kind=Kind.SELECT,
        path=f"{spec.path}.+key",
        label=FIELD_LABELS["category"],
        name="key",
        choices=free,
        editable=True,
        required=True,
        input_name="item.key",
        id_prefix="add.",
    )
    return AddForm(
        path=spec.path,
        legend=f"{item_label(model)} toevoegen",
        button=f"{item_label(model)} toevoegen",
        fields=[key_field],
        revision=ctx.revision,
    )


def year_cell(parent: FormField, year: int, value: Any, ctx: FormContext) -> FormField:
    """The input of one year of a year table (path ``…values[2027]``)."""
    path = f"{parent.path}[{year}]"
    return FormField(
        kind=Kind.YEAR_CELL,
        path=path,
        label=f"{parent.label} – {year}",
        name=str(year),
        value=value,
        revision=ctx.revision,
        editable=ctx.editable(path),
    )


def driver_row(drivers_path: str, name: str, value: Any, ctx: FormContext) -> FormField:
    """One row of the drivers table: an input per horizon year, with the value a year holds
    from an earlier year as placeholder. A single number (every year the same) shows in the
    first year."""
    per_year = value if isinstance(value, dict) else {}
    if isinstance(value, int | float):
        per_year = {str(ctx.first_year): value}
    row_path = f"{drivers_path}.{name}"
    safe = bool(_IDENTIFIER.match(name))
    row = FormField(
        kind=Kind.YEAR_VALUES,
        path=row_path,
        label=DRIVER_LABELS.get(name, name),
        name=name,
        value=value,
        revision=ctx.revision,
        editable=safe and ctx.editable(row_path),
        clearable=safe and value is not None and ctx.editable(row_path),
        hint="" if safe else _UNSAFE_KEY_HINT,
    )
    held: float | None = None
    for year in ctx.years:
        given = per_year.get(str(year))
        if given is not None:
            held = float(given)
        elif held is None and per_year:
            held = float(per_year[min(per_year, key=int)])
        cell = year_cell(row, year, given, ctx)
        cell.editable = cell.editable and safe
        cell.placeholder = entry_text(held) if held is not None and given is None else ""
        row.children.append(cell)
    return row


def _drivers(spec: FormField, stored: Mapping[str, Any], ctx: FormContext) -> None:
    """A table of volume drivers: one row per driver, one input per horizon year.

    A single number means the same value every year; it is shown in the first year (which is
    equivalent) and becomes a year map when another year is filled in.
    """
    spec.kind = Kind.DRIVERS
    names = [c.value for c in ctx.drivers if c.value in STANDARD_DRIVERS or c.value in stored]
    names += [n for n in stored if n not in names]
    spec.children = [driver_row(spec.path, name, stored.get(name), ctx) for name in names]
    if ctx.editable(spec.path):
        spec.add = AddForm(
            path=spec.path,
            legend="Volumedriver toevoegen",
            button="Volumedriver toevoegen",
            fields=[
                FormField(
                    Kind.TEXT,
                    f"{spec.path}.+name",
                    "Naam van de driver",
                    name="name",
                    editable=True,
                    required=True,
                    hint="Letters, cijfers en '_', beginnend met een letter (bijv. zaken).",
                    input_name="item.name",
                    id_prefix="add.",
                ),
                FormField(
                    Kind.NUMBER,
                    f"{spec.path}.+value",
                    f"Waarde (vanaf {ctx.first_year})",
                    name="value",
                    editable=True,
                    required=True,
                    input_name="item.value",
                    id_prefix="add.",
                ),
            ],
            revision=ctx.revision,
        )


# --- lists of records: legends and add forms ----------------------------------------------------

_ADD_EXTRA: dict[type[BaseModel], tuple[str, ...]] = {
    BorneLine: ("description", "bearer", "category"),
    Transfer: ("description", "participants", "categories"),
    Markup: ("description",),
    QualitativeItem: ("kind", "bearer"),
    Scenario: ("extends", "description"),
    HiddenAmount: ("cause", "description"),
    BaselineCost: ("visible_eur",),
    Staffing: ("category",),
    Asset: ("description", "term_years"),
    Contract: ("supplier", "annual_amount_eur", "end_date"),
    Phase: ("name",),
}
_AUTOMATIC: dict[type[BaseModel], tuple[str, ...]] = {BaselineComment: ("author", "date")}
"""Fields filled in by the server when an item is added (author and date of a comment)."""


def add_field_names(model: type[BaseModel]) -> list[str]:
    """The fields of the add form of ``model``: the required ones and a few useful extras."""
    extras: tuple[str, ...] = ()
    for klass in model.__mro__:
        if isinstance(klass, type) and klass in _ADD_EXTRA:
            extras = _ADD_EXTRA[klass]
            break
    automatic = _AUTOMATIC.get(model, ())
    return [
        name
        for name, info in model.model_fields.items()
        if (info.is_required() or name in extras) and name not in automatic
    ]


def automatic_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields the server fills in when an item of ``model`` is added."""
    return _AUTOMATIC.get(model, ())


def add_form(model: type[BaseModel], list_path: str, ctx: FormContext) -> AddForm:
    """The add form of a list of ``model`` items at ``list_path``."""
    fields: list[FormField] = []
    for name in add_field_names(model):
        spec = field_spec(model, name, list_path, None, ctx)
        spec.path = f"{list_path}.+{name}"
        spec.editable = True
        spec.input_name = f"item.{name}"
        spec.id_prefix = "add."
        if name == "bearer":
            spec.value = ctx.fixed_bearer or spec.value
        if name == "participant" and ctx.fixed_bearer:
            spec.value = ctx.fixed_bearer
        fields.append(spec)
    label = item_label(model)
    return AddForm(
        path=list_path,
        legend=_new(model) if model is not BaselineComment else "Opmerking toevoegen",
        button=f"{label} toevoegen",
        fields=sorted(fields, key=_rank),
        revision=ctx.revision,
    )


_NEUTER = frozenset({HiddenAmount, Asset, Contract, Scenario})
"""Items whose Dutch noun is a *het*-word (``nieuw``, not ``nieuwe``)."""


def _new(model: type[BaseModel]) -> str:
    adjective = "Nieuw" if model in _NEUTER else "Nieuwe"
    return f"{adjective} {item_label(model).lower()}"


def item_legend(
    model: type[BaseModel], data: Mapping[str, Any], index: int, ctx: FormContext
) -> str:
    """The legend of one item: its type and id, or what identifies it."""
    label = item_label(model)
    if isinstance(data.get("id"), str):
        return f"{label} {data['id']}"
    if model is BaselineCost:
        return _category_label(str(data.get("category", "")), ctx)
    if model is Staffing:
        return f"{label} {data.get('function_group', index + 1)}"
    if model is BaselineComment:
        who = ", ".join(str(data[k]) for k in ("author", "date") if data.get(k))
        return f"{label} {index + 1}" + (f" ({who})" if who else "")
    return f"{label} {index + 1}"


# --- one field again ----------------------------------------------------------------------------


def field_at(
    document: Mapping[str, Any], path: str, ctx: FormContext, key: str | None = None
) -> FormField:
    """The descriptor of the single field at ``path`` (a map entry ``key`` of it) in
    ``document``, as the editor page renders it, for re-rendering after an edit."""
    segments = parse_path(path)
    if key is not None:
        container = resolve(Case, path)
        value_type, _ = _unwrap(get_args(container.annotation)[1])
        stored = get_at(document, path) or {}
        kind, options = _entry_kind(value_type)
        return FormField(
            kind=kind,
            path=path,
            label=_map_entry_label(container, key, ctx),
            name=key,
            key=key,
            value=stored.get(key) if isinstance(stored, dict) else None,
            revision=ctx.revision,
            editable=ctx.editable(path),
            choices=options,
        )
    target = resolve(Case, path)
    if isinstance(segments[-1], int) and not target.list_item:
        parent_path = format_path(segments[:-1])
        parent = resolve(Case, parent_path)
        if parent.entry and parent.owner is Participant and len(segments) > 2:
            drivers_path = format_path(segments[:-2])
            row = driver_row(drivers_path, str(segments[-2]), _get(document, parent_path), ctx)
            cell = next((c for c in row.children if c.name == str(segments[-1])), None)
            if cell is not None:
                return cell
        label = _parent_label(parent, parent_path)
        row = FormField(Kind.YEAR_VALUES, parent_path, label)
        return year_cell(row, segments[-1], _get(document, path), ctx)
    if target.list_item:
        raise PathError(f"'{path}' is een onderdeel van een lijst, geen veld")
    if target.entry and target.owner is not None:
        parent_path = format_path(segments[:-1])
        parent = resolve(Case, parent_path)
        kind, options = _entry_kind(target.annotation)
        return FormField(
            kind=kind,
            path=path,
            label=_map_entry_label(parent, str(segments[-1]), ctx),
            name=str(segments[-1]),
            value=get_at(document, path),
            revision=ctx.revision,
            editable=ctx.editable(path),
            choices=options,
        )
    if target.owner is None:
        raise PathError(f"'{path}' is geen veld")
    return field_spec(target.owner, target.name, path, get_at(document, path), ctx)


def _get(document: Mapping[str, Any], path: str) -> Any:
    """The value at ``path``; ``None`` when it is absent or lies inside a plain value."""
    try:
        return get_at(document, path)
    except PathError:
        return None


def _parent_label(parent: Target, parent_path: str) -> str:
    if parent.entry and parent.owner is not None and parent.owner is Participant:
        return DRIVER_LABELS.get(parent.name, parent.name)
    if parent.owner is not None and not parent.entry:
        return label_for(parent.owner, parent.name)
    return parent_path


def _map_entry_label(container: Target, key: str, ctx: FormContext) -> str:
    keys = _map_keys(container.owner, container.name, ctx)
    return next((c.label for c in keys if c.value == key), key)


def scenario_of_path(document: Mapping[str, Any], path: str) -> str | None:
    """The id of the scenario a path lies in, if any."""
    segments = parse_path(path)
    if segments[0] != "scenarios" or len(segments) < 2 or not isinstance(segments[1], int):
        return None
    scenarios = document.get("scenarios", [])
    if segments[1] >= len(scenarios):
        return None
    found = scenarios[segments[1]].get("id")
    return found if isinstance(found, str) else None


def is_identifier(name: str) -> bool:
    """Whether ``name`` can be a plain path segment (a driver name or map key)."""
    return bool(_IDENTIFIER.match(name))


STEERING_FIELDS = ("risks", "uncertainty", "benefits_network", "indicators", "actuals", "formation")
"""Case fields of the risk, benefits, steering and process pages that are edited as forms."""


def nested_models(owner: type[BaseModel], names: Sequence[str]) -> tuple[type[BaseModel], ...]:
    """The models of fields ``names`` of ``owner`` and every model nested in them, in order."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if _is_model(annotation):
            if annotation not in found:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for arg in get_args(annotation):
            visit(arg)

    for name in names:
        visit(owner.model_fields[name].annotation)
    return tuple(found)


ALL_FORM_MODELS: tuple[type[BaseModel], ...] = (
    Participant,
    BaselineMeasurement,
    BaselineCost,
    HiddenAmount,
    Staffing,
    Asset,
    Contract,
    BaselineComment,
    Scenario,
    Line,
    BorneLine,
    StructuralLine,
    *LINE_MODELS.values(),
    QualitativeItem,
    Phase,
    Basis,
    AllocationKey,
    SourceNote,
    Charging,
    Indexation,
    IndexSeries,
    *(m for m in nested_models(Case, STEERING_FIELDS) if m is not Correlation),
)
"""Every model the editor renders a form for."""
