"""Reading a filled-in data-collection template back into the case: all or nothing.

:func:`import_workbook` takes the workbook of :mod:`samenrekenen.io.excel_template` and returns
a new, validated case in which the participant's baseline measurement (costs, hidden amounts,
staffing, assets, contracts) and its volume drivers are replaced by the workbook's contents.
Anything wrong raises one :class:`WorkbookError` that lists every problem with its sheet and
cell, in Dutch; the case is never changed then. The order of the checks:

1. the file itself (:func:`samenrekenen.io.xlsx_safety.check_workbook_file`): size, zip,
   archive bomb, macros — before the workbook is opened;
2. the identification sheet: this case, this participant, this layout version;
3. every data sheet: present, headers in place, every cell readable (amounts, years, dates,
   choices, categories), nothing negative that cannot be, no row twice;
4. only when 1–3 found nothing: the case's own validation of the new case, its errors mapped
   back to the cell they came from where possible.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from samenrekenen.format import format_number
from samenrekenen.model.case import Case
from samenrekenen.model.participants import Participant
from samenrekenen.model.validation import CaseError, at, choices

from .casefile import CaseFileError, validate_document
from .excel_template import (
    ASSETS,
    CAUSE_LABELS,
    CONTRACTS,
    COSTS,
    DATA_SHEETS,
    DRIVER_LABELS,
    DRIVERS,
    FIRST_DATA_ROW,
    FIRST_VALID_YEAR,
    HEADER_ROW,
    HIDDEN,
    IDENTITY,
    IDENTITY_LABELS,
    LAST_VALID_YEAR,
    LAYOUT_VERSION,
    METHOD_LABELS,
    STAFFING,
    TEMPLATE_KIND,
    Column,
    Kind,
    SheetLayout,
    case_key,
)
from .xlsx_safety import UnsafeWorkbookError, check_workbook_file, restore

NOTATIONS = ("nl", "en")
"""Number notations of text cells: Dutch ``1.234,56`` or English ``1,234.56``."""

HEADER_SEARCH_ROWS = 20
"""How far down a moved header row is looked for, to say where it went."""


@dataclass(frozen=True)
class WorkbookProblem:
    """One problem in an uploaded workbook: where it is and what to do about it.

    ``sheet`` and ``cell`` (``D14``) say where, when known; ``path`` is the case path of a
    problem the case validation found outside the workbook (e.g. a scenario that retires an
    asset the workbook dropped). ``message`` is Dutch.
    """

    sheet: str
    cell: str
    message: str
    path: str = ""

    def format(self) -> str:
        """The problem as one line: ``Nulmeting!D14: "12.5k" is geen bedrag; …``."""
        if self.sheet:
            where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        else:
            where = f"casus {self.path}" if self.path else ""
        return f"{where}: {self.message}" if where else self.message


class WorkbookError(ValueError):
    """A workbook that cannot be taken over; ``problems`` holds every problem found."""

    def __init__(self, file: str, problems: list[WorkbookProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.format())

    def format(self) -> str:
        """Every problem on its own line, after the file name."""
        return "\n".join(f"{self.file}: {problem.format()}" for problem in self.problems)


def import_workbook(
    case: Case,
    data: bytes,
    *,
    notation: str = "nl",
    file: str = "<werkmap>",
    participant_id: str | None = None,
) -> Case:
    """A new, validated case with the baseline and drivers of the workbook's participant
    replaced by the workbook's contents.

    ``notation`` says how numbers typed as text are written (``nl``: ``1.234,56``; ``en``:
    ``1,234.56``); numeric cells are numbers whatever the notation. With ``participant_id``
    the workbook must be that participant's. Raises WorkbookError with every problem found;
    ``file`` names the workbook in its messages.
    """
    if notation not in NOTATIONS:
        message = f"onbekende notatie '{notation}'; kies nl (1.234,56) of en (1,234.56)"
        raise WorkbookError(file, [WorkbookProblem("", "", message)])
    book = _open(data, file)
    problems: list[WorkbookProblem] = []
    index = _identify(book, case, participant_id, problems)
    reader = _Reader(case, notation, problems)
    tables = {layout: reader.table(book, layout) for layout in DATA_SHEETS}
    if problems or index is None:
        raise WorkbookError(file, problems)
    places = _Places()
    participant = _participant_document(case.participants[index], index, tables, places)
    document = case.model_dump(mode="json", exclude_none=True)
    document["participants"][index] = participant
    try:
        return validate_document(document, file)
    except CaseFileError as error:
        raise WorkbookError(file, [places.problem(e) for e in error.errors]) from None


# --- opening and identifying ------------------------------------------------------------------


def _open(data: bytes, file: str) -> Workbook:
    try:
        check_workbook_file(data)
    except UnsafeWorkbookError as error:
        raise WorkbookError(file, [WorkbookProblem("", "", str(error))]) from None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not keep (extensions, printer settings);
            # nothing a user could act on.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        message = (
            "de werkmap is beschadigd en kan niet worden gelezen; open hem in Excel of "
            "LibreOffice, sla hem opnieuw op als Excel-werkmap (.xlsx) en probeer het opnieuw"
        )
        raise WorkbookError(file, [WorkbookProblem("", "", message)]) from None


_NEW_TEMPLATE = "download een nieuw invulbestand en vul dat in"


@dataclass(frozen=True)
class _Identity:
    """The fields of the identification sheet: value (as text) and cell, by field name."""

    fields: dict[str, tuple[str, str]]

    @classmethod
    def read(cls, ws: Worksheet) -> _Identity:
        names = {label: name for name, label in IDENTITY_LABELS.items()}
        fields: dict[str, tuple[str, str]] = {}
        for number, (label, value) in enumerate(ws.iter_rows(max_col=2, values_only=True), 1):
            name = names.get(str(label).strip()) if label is not None else None
            if name is not None:
                text = "" if value is None else restore(str(value)).strip()
                fields[name] = (text, f"B{number}")
        return cls(fields)

    def value(self, name: str) -> str:
        """The field's value; empty when the field is missing."""
        return self.fields.get(name, ("", ""))[0]

    def problem(self, name: str, message: str) -> WorkbookProblem:
        """A problem at the field's cell."""
        return WorkbookProblem(IDENTITY, self.fields.get(name, ("", "B1"))[1], message)


def _identify(
    book: Workbook, case: Case, participant_id: str | None, problems: list[WorkbookProblem]
) -> int | None:
    """The position of the workbook's participant in the case; None (with a problem) when the
    workbook is not a template of this case or not of the expected participant."""
    if IDENTITY not in book.sheetnames:
        message = (
            "dit verborgen tabblad ontbreekt, dus dit is geen invulbestand van samenrekenen "
            f"(of het tabblad is verwijderd); {_NEW_TEMPLATE}"
        )
        problems.append(WorkbookProblem(IDENTITY, "", message))
        return None
    identity = _Identity.read(book[IDENTITY])
    if identity.value("kind") != TEMPLATE_KIND:
        message = f"dit is geen invulbestand voor de nulmeting; {_NEW_TEMPLATE}"
        problems.append(identity.problem("kind", message))
        return None
    layout = identity.value("layout_version")
    if layout != str(LAYOUT_VERSION):
        message = (
            f"dit invulbestand heeft lay-outversie {layout or '(leeg)'}, deze versie van "
            f"samenrekenen leest versie {LAYOUT_VERSION}; {_NEW_TEMPLATE}"
        )
        problems.append(identity.problem("layout_version", message))
    if identity.value("case_key") != case_key(case):
        message = (
            "deze werkmap hoort bij een andere business case "
            f"('{identity.value('cooperation') or 'onbekend'}'), niet bij "
            f"'{case.cooperation.name}' (of de deelnemers zijn sindsdien veranderd); "
            f"{_NEW_TEMPLATE}"
        )
        problems.append(identity.problem("case_key", message))
        return None
    return _participant_index(case, participant_id, identity, problems)


def _participant_index(
    case: Case, expected: str | None, identity: _Identity, problems: list[WorkbookProblem]
) -> int | None:
    participant_id = identity.value("participant_id")
    ids = [p.id for p in case.participants]
    if participant_id not in ids:
        message = (
            f"deelnemer '{participant_id}' bestaat niet in deze business case; {_NEW_TEMPLATE}"
        )
        problems.append(identity.problem("participant_id", message))
        return None
    if expected is not None and participant_id != expected:
        message = (
            f"deze werkmap is van {identity.value('participant_name')} ({participant_id}), niet "
            f"van deelnemer '{expected}'; lees hem in bij die deelnemer, of download het "
            "invulbestand van deze deelnemer"
        )
        problems.append(identity.problem("participant_id", message))
        return None
    return ids.index(participant_id)


# --- reading the data sheets ------------------------------------------------------------------


@dataclass
class _Row:
    """A filled-in row: its number, the values read (only of filled-in, readable cells) and
    the cell of every input column."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)


class _Invalid(Exception):
    """A cell that cannot be read; the message (Dutch) says why and what to do."""


_NUMBER_PATTERNS = {
    "nl": (re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"), ".", ","),
    "en": (re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"), ",", "."),
}
"""Per notation: the pattern of a number typed as text, its group and its decimal separator.

Stricter than :func:`samenrekenen.format.parse_number`, which reads ``1,234.56`` as 1,23456
and ``12.5`` as 12,5: a guess that a form may make while the user watches, an upload may not.
"""

_EXAMPLES = {"nl": "1.234,56", "en": "1,234.56"}

_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class _Reader:
    """Reads the data sheets by their layout, collecting every problem."""

    def __init__(self, case: Case, notation: str, problems: list[WorkbookProblem]) -> None:
        self.categories = [c.id for c in case.categories]
        self.notation = notation
        self.problems = problems
        self.parsers: dict[Kind, Callable[[object], object]] = {
            Kind.TEXT: _text,
            Kind.KEY: _key,
            Kind.FUNCTION_GROUP: _key,
            Kind.CATEGORY: self._category,
            Kind.DRIVER: _driver,
            Kind.AMOUNT: lambda value: self._number(value, "bedrag"),
            Kind.NUMBER: lambda value: self._number(value, "getal"),
            Kind.YEAR: _year,
            Kind.TERM: _term,
            Kind.DATE: _date,
            Kind.CAUSE: lambda value: _choice(value, CAUSE_LABELS, "oorzaak"),
            Kind.METHOD: lambda value: _choice(value, METHOD_LABELS, "methode"),
        }

    def table(self, book: Workbook, layout: SheetLayout) -> list[_Row]:
        """The filled-in rows of one data sheet (none when the sheet or a header is wrong)."""
        if layout.name not in book.sheetnames:
            message = f"dit tabblad ontbreekt; zet het terug of {_NEW_TEMPLATE}"
            self.problems.append(WorkbookProblem(layout.name, "", message))
            return []
        ws = book[layout.name]
        if not self._headers_in_place(ws, layout):
            return []
        headings = _heading_rows(ws)
        keys = [c.key for c in layout.columns]
        rows = []
        for number, values in enumerate(
            ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(keys), values_only=True),
            start=FIRST_DATA_ROW,
        ):
            raw = dict(zip(keys, values, strict=True))
            if number not in headings and not _is_empty(layout, raw):
                rows.append(self._row(layout, number, raw))
        self._duplicates(layout, rows)
        if layout is DRIVERS:
            self._mixed_drivers(rows)
        return rows

    def _problem(self, layout: SheetLayout, cell: str, message: str) -> None:
        self.problems.append(WorkbookProblem(layout.name, cell, message))

    def _headers_in_place(self, ws: Worksheet, layout: SheetLayout) -> bool:
        expected = [c.header for c in layout.columns]
        if _header_row_matches(ws, HEADER_ROW, expected):
            return True
        moved = next(
            (r for r in range(1, HEADER_SEARCH_ROWS + 1) if _header_row_matches(ws, r, expected)),
            None,
        )
        if moved is not None:
            message = (
                f"de kopregel staat in rij {moved}, maar hoort in rij {HEADER_ROW}; verwijder "
                "de rijen die erboven zijn ingevoegd of weggehaald"
            )
            self._problem(layout, f"A{moved}", message)
            return False
        for index, header in enumerate(expected, start=1):
            found = ws.cell(HEADER_ROW, index).value
            if not _same_header(found, header):
                shown = f"'{found}'" if found not in (None, "") else "niets"
                self._problem(
                    layout,
                    f"{get_column_letter(index)}{HEADER_ROW}",
                    f"hier hoort de kop '{header}', maar er staat {shown}; zet de kolommen "
                    "terug zoals in het invulbestand (kolommen verplaatsen, invoegen of "
                    "hernoemen kan niet)",
                )
        return False

    def _row(self, layout: SheetLayout, number: int, raw: dict[str, object]) -> _Row:
        row = _Row(number)
        for column in layout.inputs:
            cell = f"{layout.letter(column.key)}{number}"
            row.cells[column.key] = cell
            value = raw[column.key]
            if _is_blank(value):
                if column.required:
                    message = f"'{column.header}' is leeg; vul het in of maak de hele rij leeg"
                    self._problem(layout, cell, message)
                continue
            try:
                row.values[column.key] = self.parsers[column.kind](value)
            except _Invalid as invalid:
                self._problem(layout, cell, str(invalid))
        return row

    def _duplicates(self, layout: SheetLayout, rows: list[_Row]) -> None:
        columns = [c for c in layout.inputs if c.key in layout.unique]
        if not columns:
            return
        seen: dict[tuple[object, ...], int] = {}
        for row in rows:
            if any(c.required and c.key not in row.values for c in columns):
                continue
            key = tuple(row.values.get(c.key) for c in columns)
            if key not in seen:
                seen[key] = row.number
                continue
            what = " en ".join(_described(c, v) for c, v in zip(columns, key, strict=True))
            self._problem(
                layout,
                row.cells[columns[0].key],
                f"{what} staat ook al in rij {seen[key]}; elke rij komt één keer voor: voeg "
                "de rijen samen of verwijder er een",
            )

    def _mixed_drivers(self, rows: list[_Row]) -> None:
        with_year = {r.values.get("driver") for r in rows if "year" in r.values}
        for row in rows:
            name = row.values.get("driver")
            if "year" not in row.values and name in with_year:
                self._problem(
                    DRIVERS,
                    row.cells["year"],
                    f"volume '{name}' heeft elders aantallen per jaar; vul hier ook een jaar in, "
                    "of gebruik één rij zonder jaar voor alle jaren",
                )

    def _category(self, value: object) -> str:
        text = _key(value)
        if text not in self.categories:
            raise _Invalid(
                f"'{text}' is geen categorie van deze business case; kies een van: "
                f"{choices(self.categories)} (zie het tabblad Categorieën)"
            )
        return text

    def _number(self, value: object, noun: str) -> float:
        example = _EXAMPLES[self.notation]
        refusal = _Invalid(
            f"{_shown(value)} is geen {noun}; schrijf alleen een getal, zonder € of eenheid, "
            f"zoals {example}"
        )
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise refusal
        number = _number_in_text(value, self.notation) if isinstance(value, str) else value
        if number is None or not math.isfinite(number):
            raise refusal
        if number < 0:
            raise _Invalid(
                f"{_shown(value)} is negatief; een {noun} kan hier niet negatief zijn: vul 0 "
                "of meer in"
            )
        return float(number)


def _header_row_matches(ws: Worksheet, row: int, expected: list[str]) -> bool:
    return all(
        _same_header(ws.cell(row, index).value, header)
        for index, header in enumerate(expected, start=1)
    )


def _same_header(found: object, header: str) -> bool:
    return isinstance(found, str) and found.strip().casefold() == header.casefold()


def _heading_rows(ws: Worksheet) -> set[int]:
    """Rows of the data area that hold a heading: cells merged across, from the first column."""
    return {
        number
        for merged in ws.merged_cells.ranges
        if merged.min_col == 1 and merged.max_col > 1 and merged.max_row >= FIRST_DATA_ROW
        for number in range(merged.min_row, merged.max_row + 1)
    }


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_empty(layout: SheetLayout, raw: dict[str, object]) -> bool:
    # A listed sheet comes with its first column filled in: such a row says nothing yet.
    columns = layout.inputs[1:] if layout.listed else layout.inputs
    return all(_is_blank(raw[c.key]) for c in columns)


def _described(column: Column, value: object) -> str:
    name = column.header.lower()
    return f"{name} '{value}'" if value is not None else f"{name} leeg"


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value.strip()}"'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return f'"{value}"'


# --- cell parsers -----------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, str):
        return restore(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _key(value: object) -> str:
    return _text(value).strip()


def _driver(value: object) -> str:
    name = _key(value)
    by_label = {label.casefold(): driver for driver, label in DRIVER_LABELS.items()}
    return by_label.get(name.casefold(), name)


def _number_in_text(text: str, notation: str) -> float | None:
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\xa0", "")
    cleaned = cleaned.replace("−", "-")
    pattern, group, decimal = _NUMBER_PATTERNS[notation]
    if notation == "nl" and cleaned.endswith(",-"):  # € 1.250,- : whole euros, Dutch style
        cleaned = cleaned[:-2]
    if not pattern.match(cleaned):
        return None
    return float(cleaned.replace(group, "").replace(decimal, "."))


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _year(value: object) -> int:
    year = _whole(value)
    if year is None or not FIRST_VALID_YEAR <= year <= LAST_VALID_YEAR:
        raise _Invalid(f"{_shown(value)} is geen jaartal; vul een jaar in, zoals 2024")
    return year


def _term(value: object) -> int:
    term = _whole(value)
    if term is None or term < 1:
        raise _Invalid(
            f"{_shown(value)} is geen termijn; vul een termijn in hele jaren in, 1 of meer"
        )
    return term


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        for pattern in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), pattern).date().isoformat()
            except ValueError:
                continue
    raise _Invalid(f"{_shown(value)} is geen datum; vul een datum in, zoals 31-12-2027")


def _choice(value: object, labels: dict[Any, str], noun: str) -> str:
    text = _key(value).casefold()
    for option, label in labels.items():
        if text in (label.casefold(), str(option.value).casefold()):
            return str(option.value)
    raise _Invalid(
        f"{_shown(value)} is geen bekende {noun}; kies een van: {', '.join(labels.values())}"
    )


# --- the new participant ----------------------------------------------------------------------


class _Places:
    """The sheet and cell every path of the new participant came from."""

    def __init__(self) -> None:
        self.cells: dict[str, tuple[str, str]] = {}

    def record(
        self, layout: SheetLayout, row: _Row, path: str, skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """The row as a record of the case document (a source note nested), its places kept."""
        record: dict[str, Any] = {}
        self.cells[path] = (layout.name, row.cells[layout.inputs[0].key])
        for column in layout.inputs:
            if column.key in skip:
                continue
            parts = column.key.split(".")
            self.cells[at(path, *parts)] = (layout.name, row.cells[column.key])
            if column.key in row.values:
                target = record.setdefault(parts[0], {}) if len(parts) > 1 else record
                target[parts[-1]] = row.values[column.key]
        return record

    def problem(self, error: CaseError) -> WorkbookProblem:
        """The case error at the cell its path (or the nearest enclosing path) came from."""
        path = error.path
        while path:
            if path in self.cells:
                sheet, cell = self.cells[path]
                return WorkbookProblem(sheet, cell, error.message)
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        return WorkbookProblem("", "", error.message, path=error.path)


def _participant_document(
    participant: Participant,
    index: int,
    tables: dict[SheetLayout, list[_Row]],
    places: _Places,
) -> dict[str, Any]:
    """The participant as a case document, with the workbook's baseline and drivers."""
    path = at("participants", index)
    base = at(path, "baseline")
    document = participant.model_dump(mode="json", exclude_none=True)
    document["drivers"] = _drivers(tables[DRIVERS], at(path, "drivers"), places)
    document["baseline"] = {
        **document["baseline"],
        "costs": _costs(tables[COSTS], tables[HIDDEN], at(base, "costs"), places),
        "staffing": _records(STAFFING, tables[STAFFING], at(base, "staffing"), places),
        "assets": _records(ASSETS, tables[ASSETS], at(base, "assets"), places),
        "contracts": _records(CONTRACTS, tables[CONTRACTS], at(base, "contracts"), places),
    }
    return document


def _records(
    layout: SheetLayout, rows: list[_Row], path: str, places: _Places
) -> list[dict[str, Any]]:
    return [places.record(layout, row, at(path, index)) for index, row in enumerate(rows)]


def _costs(
    visible: list[_Row], hidden: list[_Row], path: str, places: _Places
) -> list[dict[str, Any]]:
    costs: list[dict[str, Any]] = []
    by_category: dict[str, tuple[dict[str, Any], str]] = {}

    def cost_of(category: str, row: _Row, layout: SheetLayout) -> tuple[dict[str, Any], str]:
        if category not in by_category:
            cost_path = at(path, len(costs))
            cost = places.record(layout, row, cost_path) if layout is COSTS else {}
            cost.update(category=category, hidden=[])
            places.cells.setdefault(cost_path, (layout.name, row.cells["category"]))
            costs.append(cost)
            by_category[category] = (cost, cost_path)
        return by_category[category]

    for row in visible:
        cost_of(row.values["category"], row, COSTS)
    for row in hidden:
        cost, cost_path = cost_of(row.values["category"], row, HIDDEN)
        amount_path = at(cost_path, "hidden", len(cost["hidden"]))
        cost["hidden"].append(places.record(HIDDEN, row, amount_path, skip=("category",)))
    return costs


def _drivers(rows: list[_Row], path: str, places: _Places) -> dict[str, Any]:
    drivers: dict[str, Any] = {}
    for row in rows:
        name, year, value = row.values["driver"], row.values.get("year"), row.values["value"]
        if year is None:
            drivers[name] = value
            value_path = at(path, name)
        else:
            drivers.setdefault(name, {})[str(year)] = value
            value_path = at(path, name, str(year))
        places.cells[value_path] = (DRIVERS.name, row.cells["value"])
        places.cells.setdefault(at(path, name), (DRIVERS.name, row.cells["driver"]))
    return drivers
