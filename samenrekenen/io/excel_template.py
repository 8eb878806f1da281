"""The data-collection template (*invulbestand*) of one participant's baseline measurement.

:func:`template_workbook` makes an .xlsx in which a participant's controller checks and
completes its nulmeting: the visible cost per category, the hidden costs with their cause,
staffing per function group, the asset register, running contracts and the volume drivers. It is
filled in with the participant's current values, so the controller corrects rather than
retypes. A hidden sheet names the case and the participant, so that
:mod:`samenrekenen.io.excel_import` recognises a workbook of another case or participant.

The layout (sheets, columns, header row) is defined here once, as :data:`DATA_SHEETS`; the
import reads the workbook by the same definitions.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from samenrekenen.labels import DRIVER_LABELS
from samenrekenen.model.case import Case
from samenrekenen.model.categories import DEFAULT_FUNCTION_GROUPS
from samenrekenen.model.common import Model
from samenrekenen.model.participants import (
    STANDARD_DRIVERS,
    DepreciationMethod,
    DriverValues,
    HiddenCause,
    Participant,
)

from .xlsx_safety import MAX_FILE_BYTES, neutralise

LAYOUT_VERSION = 1
"""Version of the layout below; a workbook of another layout version is refused on import."""

TEMPLATE_KIND = "samenrekenen-nulmeting"
"""What the identification sheet says the workbook is."""

HEADER_ROW = 4
"""Row of the column headers on every data sheet (above it: title, explanation, group)."""

FIRST_DATA_ROW = HEADER_ROW + 1

EXTRA_ROWS = 25
"""Empty input rows, formatted and validated, below the pre-filled rows of every data sheet."""

FIRST_VALID_YEAR, LAST_VALID_YEAR = 1900, 2200

AMOUNT_FORMAT = "#,##0.00"
"""Number format of amounts, FTE and volumes; Excel shows it in the reader's own notation."""

INSTRUCTIONS, CATEGORIES, LISTS, IDENTITY = "Toelichting", "Categorieën", "Lijsten", "Identificatie"
"""Names of the sheets beside the data sheets."""


class Kind(StrEnum):
    """What a column holds: decides its format, its validation and how it is read."""

    TEXT = "text"
    KEY = "key"
    CATEGORY = "category"
    AMOUNT = "amount"
    NUMBER = "number"
    YEAR = "year"
    TERM = "term"
    DATE = "date"
    CAUSE = "cause"
    METHOD = "method"
    DRIVER = "driver"
    FUNCTION_GROUP = "function_group"
    COMPUTED = "computed"


@dataclass(frozen=True)
class Column:
    """A column of a data sheet.

    ``key`` is the model field (``source.document`` for a field of the record's source note;
    keys of computed columns start with ``_``). ``formula`` (computed columns only) is a
    format string in which ``{key}`` stands for that column's cell in the same row.
    """

    key: str
    header: str
    kind: Kind
    width: int = 16
    required: bool = False
    formula: str = ""
    number_format: str = ""


@dataclass(frozen=True)
class SheetLayout:
    """A data sheet: its name, title, explanation and columns.

    ``unique`` names the columns whose values may occur only once per sheet; ``listed`` means
    the rows are listed in advance by their first column (a row with only that cell filled is
    empty).
    """

    name: str
    title: str
    hint: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    listed: bool = False

    @property
    def inputs(self) -> tuple[Column, ...]:
        """The columns a user fills in."""
        return tuple(c for c in self.columns if c.kind is not Kind.COMPUTED)

    def letter(self, key: str) -> str:
        """The column letter of the column with this key."""
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        return get_column_letter(index + 1)

    def cells(self, row: int) -> dict[str, str]:
        """Every column's cell in ``row`` (``$C7``) by key, for formulas."""
        return {c.key: f"${self.letter(c.key)}{row}" for c in self.columns}


def _whole_column(layout: SheetLayout, key: str) -> str:
    letter = layout.letter(key)
    return f"'{layout.name}'!${letter}:${letter}"


SOURCE_HEADING = "Bron (optioneel)"
SOURCE_COLUMNS = (
    Column("source.supplied_by", "Aangeleverd door", Kind.TEXT, 24),
    Column("source.document", "Document", Kind.TEXT, 30),
    Column("source.date", "Datum bron", Kind.DATE, 13),
    Column("source.note", "Toelichting bron", Kind.TEXT, 36),
)
"""The source note of a record: who supplied it, from which document, when, and why."""

_CATEGORY_NAME = Column(
    "_name",
    "Naam categorie",
    Kind.COMPUTED,
    28,
    formula=f"=IFERROR(VLOOKUP({{category}},'{CATEGORIES}'!$A:$B,2,FALSE),\"\")",
)

HIDDEN = SheetLayout(
    "Verborgen kosten",
    "Verborgen kosten",
    "ICT-kosten die buiten de ICT-begroting worden betaald, met hun oorzaak: één rij per bedrag "
    "(per jaar). Een categorie mag vaker voorkomen.",
    (
        Column("category", "Categorie", Kind.CATEGORY, 20, required=True),
        _CATEGORY_NAME,
        Column("amount_eur", "Bedrag (€)", Kind.AMOUNT, 16, required=True),
        Column("cause", "Oorzaak", Kind.CAUSE, 38),
        Column("description", "Omschrijving", Kind.TEXT, 50),
        *SOURCE_COLUMNS,
    ),
)

COSTS = SheetLayout(
    "Nulmeting",
    "Nulmeting: kosten per categorie",
    "Het zichtbare bedrag per categorie per jaar: wat de begroting ICT noemt, zonder de "
    "formatie (tabblad Personeel) en de kapitaallasten van de activa (tabblad Activa). "
    "Verborgen kosten vult u in op het tabblad Verborgen kosten; hun totaal verschijnt hier.",
    (
        Column("category", "Categorie", Kind.CATEGORY, 20, required=True),
        _CATEGORY_NAME,
        Column("visible_eur", "Zichtbaar bedrag (€)", Kind.AMOUNT, 18),
        Column(
            "_hidden",
            "Verborgen bedrag (€)",
            Kind.COMPUTED,
            18,
            formula=(
                f"=SUMIF({_whole_column(HIDDEN, 'category')},{{category}},"
                f"{_whole_column(HIDDEN, 'amount_eur')})"
            ),
            number_format=AMOUNT_FORMAT,
        ),
        Column(
            "_real",
            "Werkelijk niveau (€)",
            Kind.COMPUTED,
            18,
            formula='=IF({category}="","",N({visible_eur})+N({_hidden}))',
            number_format=AMOUNT_FORMAT,
        ),
        *SOURCE_COLUMNS,
    ),
    unique=("category",),
    listed=True,
)

STAFFING = SheetLayout(
    "Personeel",
    "Personeel per functiegroep",
    "De formatie per functiegroep: fte en integrale kosten per fte per jaar. Categorie leeg "
    "betekent Personele inzet. Een functiegroep komt één keer voor.",
    (
        Column("function_group", "Functiegroep", Kind.FUNCTION_GROUP, 38, required=True),
        Column("fte", "Fte", Kind.NUMBER, 10, required=True),
        Column("cost_per_fte_eur", "Kosten per fte (€)", Kind.AMOUNT, 18, required=True),
        Column(
            "_total",
            "Totaal (€)",
            Kind.COMPUTED,
            16,
            formula='=IF({function_group}="","",N({fte})*N({cost_per_fte_eur}))',
            number_format=AMOUNT_FORMAT,
        ),
        Column("category", "Categorie", Kind.CATEGORY, 20),
        *SOURCE_COLUMNS,
    ),
    unique=("function_group",),
)

ASSETS = SheetLayout(
    "Activa",
    "Activaregister",
    "Activa waarvan de kapitaallasten in de nulmeting zitten. Afschrijvingstermijn leeg "
    "betekent de standaardtermijn van de categorie; methode leeg betekent lineair. Elk activum "
    "heeft een eigen id.",
    (
        Column("id", "Id", Kind.KEY, 26, required=True),
        Column("description", "Omschrijving", Kind.TEXT, 40),
        Column("category", "Categorie", Kind.CATEGORY, 20, required=True),
        Column("purchase_year", "Aanschafjaar", Kind.YEAR, 14, required=True),
        Column("amount_eur", "Aanschafbedrag (€)", Kind.AMOUNT, 18, required=True),
        Column("term_years", "Afschrijvingstermijn (jaren)", Kind.TERM, 16),
        Column("method", "Methode", Kind.METHOD, 14),
        *SOURCE_COLUMNS,
    ),
    unique=("id",),
)

CONTRACTS = SheetLayout(
    "Contracten",
    "Lopende contracten",
    "Contracten met hun einddatum: een natuurlijk moment om over te stappen. Het jaarbedrag zit "
    "al in het zichtbare bedrag van de categorie en staat hier ter informatie.",
    (
        Column("id", "Id", Kind.KEY, 26, required=True),
        Column("name", "Naam", Kind.TEXT, 40, required=True),
        Column("supplier", "Leverancier", Kind.TEXT, 28),
        Column("category", "Categorie", Kind.CATEGORY, 20, required=True),
        Column("annual_amount_eur", "Jaarbedrag (€)", Kind.AMOUNT, 16),
        Column("end_date", "Einddatum", Kind.DATE, 13),
        *SOURCE_COLUMNS,
    ),
    unique=("id",),
)

DRIVERS = SheetLayout(
    "Volumes",
    "Volumes",
    "Aantallen waarnaar kosten worden verdeeld. Eén aantal voor alle jaren: laat 'Vanaf jaar' "
    "leeg. Aantallen die veranderen: één rij per jaar; een aantal geldt tot het volgende jaar "
    "dat u invult.",
    (
        Column("driver", "Volume", Kind.DRIVER, 20, required=True),
        Column(
            "_label",
            "Omschrijving",
            Kind.COMPUTED,
            26,
            formula=f'=IF({{driver}}="","",IFERROR(VLOOKUP({{driver}},{LISTS}!$C:$D,2,FALSE),'
            "{driver}))",
        ),
        Column("year", "Vanaf jaar", Kind.YEAR, 12),
        Column("value", "Aantal", Kind.NUMBER, 14, required=True),
    ),
    unique=("driver", "year"),
)

DATA_SHEETS = (COSTS, HIDDEN, STAFFING, ASSETS, CONTRACTS, DRIVERS)
"""The sheets the import reads, in workbook order."""

CAUSE_LABELS = {
    HiddenCause.PROJECT_BUDGETS: "ICT uit projectbudgetten",
    HiddenCause.FUNCTIONAL_MANAGEMENT_IN_LINE: "Functioneel beheer in de lijn",
    HiddenCause.ASSETS_BEYOND_LIFE: "Activa voorbij hun economische levensduur",
    HiddenCause.MANAGEMENT_IN_OVERHEAD: "Managementtijd in de overhead",
    HiddenCause.TRAINING_IN_HR_BUDGET: "Opleiding ICT-personeel uit het HR-budget",
    HiddenCause.OTHER: "Overig",
}
METHOD_LABELS = {DepreciationMethod.LINEAR: "Lineair", DepreciationMethod.ANNUITY: "Annuïteit"}

IDENTITY_LABELS = {
    "kind": "Soort bestand",
    "layout_version": "Lay-outversie",
    "case_key": "Casussleutel",
    "cooperation": "Samenwerking",
    "version_label": "Casusversie",
    "participant_id": "Deelnemer-id",
    "participant_name": "Deelnemer",
}
"""Labels (column A) of the identification sheet, by field."""


def case_key(case: Case) -> str:
    """A stable key of a case: a hash of the cooperation's name and the participant ids.

    It does not change when amounts change, so a template stays valid while the case is
    worked on, but it does when participants join or leave.
    """
    identity = {
        "cooperation": case.cooperation.name,
        "participants": sorted(p.id for p in case.participants),
    }
    text = json.dumps(identity, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _participant_of(case: Case, participant_id: str) -> Participant:
    """The participant with this id (ValueError in Dutch when absent)."""
    for participant in case.participants:
        if participant.id == participant_id:
            return participant
    known = ", ".join(p.id for p in case.participants)
    raise ValueError(f"deelnemer '{participant_id}' bestaat niet in deze casus; kies uit {known}")


def template_workbook(case: Case, participant_id: str, *, send_to: str | None = None) -> bytes:
    """The data-collection template (.xlsx) of one participant, filled in with its values.

    ``send_to`` names whom the controller sends the filled-in workbook to (by default the
    instructions say: the project leader of the cooperation). ValueError when the participant
    does not exist.
    """
    participant = _participant_of(case, participant_id)
    book = Workbook()
    _instructions(book.active, case, participant, send_to)
    lists = _Lists.of(case, participant)
    for layout, rows in _rows_of(case, participant).items():
        _data_sheet(book.create_sheet(layout.name), layout, rows, participant, lists)
    _categories_sheet(book.create_sheet(CATEGORIES), case)
    _lists_sheet(book.create_sheet(LISTS), participant)
    _identity_sheet(book.create_sheet(IDENTITY), case, participant)
    book.properties.title = f"Nulmeting {participant.name}"
    book.properties.creator = "samenrekenen"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the values of the rows -------------------------------------------------------------------

Row = dict[str, object]
"""The values of one row by column key (None for an empty cell)."""


def _rows_of(case: Case, participant: Participant) -> dict[SheetLayout, list[Row]]:
    """The pre-filled rows of every data sheet: the participant's baseline and drivers.

    Categories without a cost line get a row of their own on the baseline sheet, with only
    the category filled in.
    """
    baseline = participant.baseline
    listed = {cost.category for cost in baseline.costs}
    return {
        COSTS: [_values(COSTS, cost) for cost in baseline.costs]
        + [{"category": c.id} for c in case.categories if c.id not in listed],
        HIDDEN: [
            _values(HIDDEN, amount, category=cost.category)
            for cost in baseline.costs
            for amount in cost.hidden
        ],
        STAFFING: [_values(STAFFING, staffing) for staffing in baseline.staffing],
        ASSETS: [_values(ASSETS, asset) for asset in baseline.assets],
        CONTRACTS: [_values(CONTRACTS, contract) for contract in baseline.contracts],
        DRIVERS: list(_driver_rows(participant.drivers)),
    }


def _values(layout: SheetLayout, record: Model, **given: object) -> Row:
    values: Row = dict(given)
    for column in layout.inputs:
        if column.key in values:
            continue
        owner, _, name = column.key.rpartition(".")
        holder = getattr(record, owner) if owner else record
        values[column.key] = None if holder is None else getattr(holder, name)
    return values


def _driver_rows(drivers: dict[str, DriverValues]) -> Iterator[Row]:
    for name, values in drivers.items():
        if isinstance(values, dict):
            for year, value in values.items():
                yield {"driver": name, "year": year, "value": value}
        else:
            yield {"driver": name, "year": None, "value": values}


def _cell_value(value: object) -> object:
    if isinstance(value, HiddenCause):
        return CAUSE_LABELS[value]
    if isinstance(value, DepreciationMethod):
        return METHOD_LABELS[value]
    if isinstance(value, str):
        return _text(value)
    return value


def _text(value: str) -> str:
    # openpyxl refuses control characters in cells; they carry nothing a reader would miss.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


# --- styles -----------------------------------------------------------------------------------

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_COMPUTED_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=14)
_HINT_FONT = Font(italic=True, color="595959")
_COMPUTED_FONT = Font(color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")

INSTRUCTION_WIDTH = 110
"""Width (characters) of the instruction sheet's only column."""

_NUMBER_FORMATS = {
    Kind.AMOUNT: AMOUNT_FORMAT,
    Kind.NUMBER: AMOUNT_FORMAT,
    Kind.YEAR: "0",
    Kind.TERM: "0",
    Kind.DATE: "dd-mm-yyyy",
    Kind.TEXT: "@",
    Kind.KEY: "@",
}
"""Cell formats by kind; text cells are text, so that Excel keeps what is typed as typed."""


def _header(cell: Cell) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = _BORDER


# --- the sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lists:
    """References to the value lists that the data validation offers."""

    categories: str
    causes: str
    methods: str
    drivers: str
    function_groups: str

    @classmethod
    def of(cls, case: Case, participant: Participant) -> _Lists:
        def reference(sheet: str, letter: str, count: int) -> str:
            return f"'{sheet}'!${letter}$2:${letter}${count + 1}"

        return cls(
            categories=reference(CATEGORIES, "A", len(case.categories)),
            causes=reference(LISTS, "A", len(CAUSE_LABELS)),
            methods=reference(LISTS, "B", len(METHOD_LABELS)),
            drivers=reference(LISTS, "C", len(_drivers_offered(participant))),
            function_groups=reference(LISTS, "E", len(_groups_offered(participant))),
        )


def _drivers_offered(participant: Participant) -> list[str]:
    return list(dict.fromkeys([*STANDARD_DRIVERS, *participant.drivers]))


def _groups_offered(participant: Participant) -> list[str]:
    own = [s.function_group for s in participant.baseline.staffing]
    return list(dict.fromkeys([*DEFAULT_FUNCTION_GROUPS, *own]))


def _data_sheet(
    ws: Worksheet, layout: SheetLayout, rows: list[Row], participant: Participant, lists: _Lists
) -> None:
    _titles(ws, f"{layout.title} — {participant.name}", layout.hint, len(layout.columns))
    _source_heading(ws, layout)
    for index, column in enumerate(layout.columns, start=1):
        _header(ws.cell(HEADER_ROW, index, column.header))
        ws.column_dimensions[get_column_letter(index)].width = column.width
    last = FIRST_DATA_ROW + len(rows) + EXTRA_ROWS - 1
    for number in range(FIRST_DATA_ROW, last + 1):
        position = number - FIRST_DATA_ROW
        values = rows[position] if position < len(rows) else {}
        for index, column in enumerate(layout.columns, start=1):
            _data_cell(ws.cell(number, index), layout, column, values, number)
    for validation in _validations(layout, lists, last):
        ws.add_data_validation(validation)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"


def _data_cell(cell: Cell, layout: SheetLayout, column: Column, values: Row, row: int) -> None:
    if column.kind is Kind.COMPUTED:
        cell.value = column.formula.format_map(layout.cells(row))
        cell.fill = _COMPUTED_FILL
        cell.font = _COMPUTED_FONT
    else:
        cell.value = _cell_value(values.get(column.key))
        cell.fill = _INPUT_FILL
    cell.border = _BORDER
    cell.number_format = column.number_format or _NUMBER_FORMATS.get(column.kind, "General")


def _titles(ws: Worksheet, title: str, hint: str, width: int) -> None:
    last = get_column_letter(max(width, 1))
    ws["A1"] = _text(title)
    ws["A1"].font = _TITLE_FONT
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = hint
    ws["A2"].font = _HINT_FONT
    ws["A2"].alignment = _WRAP
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 48
    ws.row_dimensions[HEADER_ROW].height = 32


def _source_heading(ws: Worksheet, layout: SheetLayout) -> None:
    keys = [c.key for c in SOURCE_COLUMNS]
    if keys[0] not in {c.key for c in layout.columns}:
        return
    first, last = layout.letter(keys[0]), layout.letter(keys[-1])
    ws[f"{first}3"] = SOURCE_HEADING
    ws[f"{first}3"].font = Font(bold=True)
    ws[f"{first}3"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"{first}3:{last}3")


_LIST_RULES = {
    Kind.CATEGORY: (
        "categories",
        "Kies een categorie uit de lijst (zie het tabblad Categorieën).",
        False,
    ),
    Kind.CAUSE: ("causes", "Kies een oorzaak uit de lijst.", False),
    Kind.METHOD: ("methods", "Kies Lineair of Annuïteit.", False),
    Kind.DRIVER: ("drivers", "Dit is geen standaardvolume; een eigen volume mag ook.", True),
    Kind.FUNCTION_GROUP: (
        "function_groups",
        "Dit is geen standaardfunctiegroep; een eigen functiegroep mag ook.",
        True,
    ),
}
"""Kinds offered as a list: the list, the message, and whether other values are allowed."""

_NON_NEGATIVE = {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"}
_VALUE_RULES = {
    Kind.AMOUNT: (_NON_NEGATIVE, "Vul een bedrag van 0 of meer in, zonder € of eenheid."),
    Kind.NUMBER: (_NON_NEGATIVE, "Vul een getal van 0 of meer in, zonder eenheid."),
    Kind.YEAR: (
        {
            "type": "whole",
            "operator": "between",
            "formula1": str(FIRST_VALID_YEAR),
            "formula2": str(LAST_VALID_YEAR),
        },
        "Vul een jaartal in, zoals 2024.",
    ),
    Kind.TERM: (
        {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "1"},
        "Vul een termijn in hele jaren in, 1 of meer.",
    ),
    Kind.DATE: (
        {
            "type": "date",
            "operator": "between",
            "formula1": f"DATE({FIRST_VALID_YEAR},1,1)",
            "formula2": f"DATE({LAST_VALID_YEAR},12,31)",
        },
        "Vul een datum in, zoals 31-12-2027.",
    ),
}
"""Kinds checked by value: the rule and the message."""


def _validations(layout: SheetLayout, lists: _Lists, last: int) -> Iterator[DataValidation]:
    for column in layout.inputs:
        validation = _validation(column.kind, lists)
        if validation is not None:
            letter = layout.letter(column.key)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            yield validation


def _validation(kind: Kind, lists: _Lists) -> DataValidation | None:
    if kind in _LIST_RULES:
        name, message, open_list = _LIST_RULES[kind]
        rule = {"type": "list", "formula1": getattr(lists, name)}
        style = "warning" if open_list else "stop"
    elif kind in _VALUE_RULES:
        rule, message = _VALUE_RULES[kind]
        style = "stop"
    else:
        return None
    return DataValidation(
        **rule,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle="Controleer de invoer",
        error=message,
    )


def _instructions(ws: Worksheet, case: Case, participant: Participant, send_to: str | None) -> None:
    ws.title = INSTRUCTIONS
    ws.column_dimensions["A"].width = INSTRUCTION_WIDTH
    for number, (style, text) in enumerate(_instruction_lines(case, participant, send_to), 1):
        cell = ws.cell(number, 1, _text(text))
        cell.alignment = _WRAP
        cell.font = {"title": _TITLE_FONT, "head": Font(bold=True, size=12)}.get(style, Font())
        # Spreadsheet programs do not grow a row to fit wrapped text written by a library.
        lines = -(-len(text) // (INSTRUCTION_WIDTH - 10))
        ws.row_dimensions[number].height = 16 * lines + 4


def _instruction_lines(
    case: Case, participant: Participant, send_to: str | None
) -> list[tuple[str, str]]:
    coop = case.cooperation
    version = f" (versie {case.version_label})" if case.version_label else ""
    receiver = send_to or "de projectleider (kwartiermaker) van de samenwerking"
    who = f"{participant.name} ({participant.id})"
    return [
        ("title", f"Nulmeting {participant.name}"),
        ("text", f"Aanleverformulier voor de business case '{coop.name}'{version}, van {who}."),
        ("head", "Wat vult u in"),
        (
            "text",
            "Het bestand is al gevuld met de gegevens die nu in de business case staan. "
            "Controleer ze, verbeter wat niet klopt en vul aan wat ontbreekt; u hoeft niets "
            "over te typen. Vul alleen de gele cellen in: de grijze rekent Excel zelf uit.",
        ),
        *[("text", f"• {layout.name}: {layout.hint}") for layout in DATA_SHEETS],
        ("text", f"• {CATEGORIES}: de kostencategorieën van de business case (alleen lezen)."),
        ("head", "Hoe schrijft u getallen"),
        (
            "text",
            "Bedragen zijn euro's per jaar, exclusief btw, op het prijspeil van "
            f"{coop.first_year}. Typ alleen het getal, zonder €-teken, 'k' of 'mln': 1234,56 "
            "of 1.234,56 (een komma voor de decimalen, punten tussen de duizendtallen); "
            "1.234 betekent duizend tweehonderdvierendertig.",
        ),
        (
            "text",
            "Bedragen, fte en aantallen zijn nooit negatief. Een jaar schrijft u als 2024, een "
            "datum als 31-12-2027. Een categorie zonder kosten laat u leeg.",
        ),
        ("head", "Rijen toevoegen en schrappen"),
        (
            "text",
            "Gebruik de lege gele rijen onder de ingevulde rijen. Lege rijen en tussenkopjes "
            "(samengevoegde cellen over de hele rij) worden overgeslagen. Schrappen: maak de "
            "hele rij leeg. Verander de namen van de tabbladen en de kopregel (rij "
            f"{HEADER_ROW}) niet: daaraan herkent samenrekenen de kolommen.",
        ),
        ("head", "Insturen"),
        (
            "text",
            f"Stuur het ingevulde bestand naar {receiver}, of lees het zelf in bij de nulmeting "
            f"van {participant.name} in samenrekenen. Het bestand hoort bij deze business case "
            "en bij deze deelnemer (zie het verborgen tabblad Identificatie): gebruik het niet "
            "voor een andere gemeente. Sla het op als Excel-werkmap (.xlsx), zonder macro's en "
            f"kleiner dan {MAX_FILE_BYTES // 1024 // 1024} MB.",
        ),
        (
            "text",
            "Bij het inlezen wordt alles gecontroleerd. Klopt er iets niet, dan wordt niets "
            "overgenomen en krijgt u een lijst van alle fouten met tabblad en cel (bijvoorbeeld "
            f"{COSTS.name}!C7), zodat u ze in één keer kunt verbeteren.",
        ),
    ]


def _categories_sheet(ws: Worksheet, case: Case) -> None:
    headers = ("Id", "Naam", "Bovenliggende categorie", "Taakveld")
    for index, (header, width) in enumerate(zip(headers, (22, 34, 24, 12), strict=True), 1):
        _header(ws.cell(1, index, header))
        ws.column_dimensions[get_column_letter(index)].width = width
    for number, category in enumerate(case.categories, start=2):
        values = (category.id, category.name, category.parent, category.budget_code)
        for index, value in enumerate(values, start=1):
            ws.cell(number, index, None if value is None else _text(value))
    ws.freeze_panes = "A2"
    ws.protection.sheet = True


def _lists_sheet(ws: Worksheet, participant: Participant) -> None:
    drivers = _drivers_offered(participant)
    columns = (
        ("Oorzaak", list(CAUSE_LABELS.values())),
        ("Methode", list(METHOD_LABELS.values())),
        ("Volume", drivers),
        ("Omschrijving volume", [DRIVER_LABELS.get(d, d) for d in drivers]),
        ("Functiegroep", _groups_offered(participant)),
    )
    for index, (header, values) in enumerate(columns, start=1):
        ws.cell(1, index, header)
        for number, value in enumerate(values, start=2):
            ws.cell(number, index, _text(value))
    ws.sheet_state = "hidden"


def _identity_sheet(ws: Worksheet, case: Case, participant: Participant) -> None:
    values = {
        "kind": TEMPLATE_KIND,
        "layout_version": LAYOUT_VERSION,
        "case_key": case_key(case),
        "cooperation": case.cooperation.name,
        "version_label": case.version_label,
        "participant_id": participant.id,
        "participant_name": participant.name,
    }
    for number, (field, label) in enumerate(IDENTITY_LABELS.items(), start=1):
        value = values[field]
        ws.cell(number, 1, label)
        ws.cell(number, 2, _text(value) if isinstance(value, str) else value)
    ws.cell(
        len(IDENTITY_LABELS) + 2,
        1,
        "Aan dit tabblad herkent samenrekenen de business case en de deelnemer; verander het niet.",
    )
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 48
    ws.protection.sheet = True
    ws.sheet_state = "hidden"
