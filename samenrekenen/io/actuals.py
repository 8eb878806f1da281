"""Importing actuals (werkelijke cijfers) from CSV or Excel into the case: all or nothing.

One table, one row per figure, with a header row naming the columns (in any order):

- ``soort``: ``kosten``, ``volume``, ``baat`` or ``kengetal``;
- ``entiteit``: for kosten a participant id or ``share``, for volume a participant id; empty
  for baat and kengetal;
- ``code`` (or ``categorie``, ``driver``, ``baat``, ``kengetal``): the category, the volume (a
  product of the charging design or a driver such as ``inhabitants``), the benefit line or the
  indicator;
- ``jaar``: a year of the horizon;
- ``waarde`` (or ``bedrag``): the amount in euros, the volume or the measured value;
- ``toelichting`` (optional) is not read.

CSV is semicolon-separated with Dutch numbers (``1.234,56``) by default, or comma-separated with
English numbers (``1,234.56``) with ``notation="en"``; Excel (.xlsx) is read from its first
sheet, numeric cells as they are. A figure replaces an earlier actual with the same key (entity,
code and year); other actuals stay. Every problem is reported with its row and column, all at
once, and then nothing is imported.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from samenrekenen.model import SHARE, Case
from samenrekenen.model.benefits_validation import volume_names
from samenrekenen.model.validation import choices

from .casefile import CaseFileError, validate_document
from .excel_import import NOTATIONS, _number_in_text
from .xlsx_safety import UnsafeWorkbookError, check_workbook_file

KINDS = {"kosten": "costs", "volume": "volumes", "baat": "benefits", "kengetal": "indicators"}
"""The ``soort`` of a row and the list of :class:`~samenrekenen.model.Actuals` it goes to."""

COLUMNS = {
    "soort": ("soort",),
    "entiteit": ("entiteit",),
    "code": ("code", "categorie", "driver", "baat", "kengetal"),
    "jaar": ("jaar",),
    "waarde": ("waarde", "bedrag"),
}
"""Every column with the headers it may have."""

IGNORED_COLUMNS = ("toelichting",)

DELIMITERS = {"nl": ";", "en": ","}
"""The CSV separator of each number notation."""

_KEY_FIELDS = {
    "costs": ("entity", "category", "year"),
    "volumes": ("participant", "driver", "year"),
    "benefits": ("benefit", "year"),
    "indicators": ("indicator", "year"),
}
_VALUE_FIELDS = {"costs": "amount_eur", "volumes": "value", "benefits": "amount_eur"}


@dataclass(frozen=True)
class ActualsProblem:
    """A problem of an actuals file: its row (1-based, the header is row 1) and column, the
    spreadsheet cell when read from Excel, or the case path of a problem found afterwards."""

    message: str
    row: int | None = None
    column: str = ""
    cell: str = ""
    path: str = ""

    def format(self, file: str) -> str:
        """One line: ``actuals.csv rij 7, kolom bedrag: "12.5k" is geen bedrag; …``."""
        where = file
        if self.row is not None:
            where += f" rij {self.row}"
            if self.column:
                where += f", kolom {self.column}" + (f" ({self.cell})" if self.cell else "")
        elif self.path:
            where += f" (casus {self.path})"
        return f"{where}: {self.message}"


class ActualsError(ValueError):
    """An actuals file that cannot be imported; ``problems`` holds every problem found."""

    def __init__(self, file: str, problems: list[ActualsProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(problem.format(file) for problem in problems))


@dataclass
class _Table:
    """The rows of the file: the header cells and per data row its number and raw cells."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    excel: bool


class _Invalid(Exception):
    """A cell that cannot be read (Dutch message)."""


def import_actuals(case: Case, data: bytes, *, file: str, notation: str = "nl") -> Case:
    """A new, validated case with the file's actuals merged in (ActualsError with every
    problem otherwise). ``file`` names the file in messages and decides CSV or Excel by its
    extension (.xlsx is Excel, anything else CSV)."""
    if notation not in NOTATIONS:
        message = f"onbekende notatie '{notation}'; kies nl (1.234,56) of en (1,234.56)"
        raise ActualsError(file, [ActualsProblem(message)])
    table = _read_xlsx(data, file) if file.lower().endswith(".xlsx") else _read_csv(data, notation)
    reader = _RowReader(case, notation, table.excel)
    records = reader.records(table)
    if reader.problems:
        raise ActualsError(file, reader.problems)
    document = case.model_dump(mode="json", exclude_none=True)
    document["actuals"] = _merged(document.get("actuals", {}), records)
    try:
        return validate_document(document, file)
    except CaseFileError as error:
        problems = [ActualsProblem(e.message, path=e.path) for e in error.errors]
        raise ActualsError(file, problems) from None


# --- reading the file -------------------------------------------------------------------------


def _read_csv(data: bytes, notation: str) -> _Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Dutch Excel saves as CSV
    lines = list(csv.reader(io.StringIO(text), delimiter=DELIMITERS[notation]))
    header = [cell.strip() for cell in lines[0]] if lines else []
    return _Table(header, list(enumerate(lines[1:], start=2)), excel=False)


def _read_xlsx(data: bytes, file: str) -> _Table:
    try:
        check_workbook_file(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnsafeWorkbookError as error:
        raise ActualsError(file, [ActualsProblem(str(error))]) from None
    except Exception:  # openpyxl raises many kinds on a damaged file
        message = "de werkmap kan niet worden geopend; sla hem opnieuw op als .xlsx"
        raise ActualsError(file, [ActualsProblem(message)]) from None
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]] if rows else []
    return _Table(header, list(enumerate(rows[1:], start=2)), excel=True)


# --- reading the rows -------------------------------------------------------------------------


class _RowReader:
    """Reads every row into an actuals record, collecting every problem."""

    def __init__(self, case: Case, notation: str, excel: bool) -> None:
        self.notation = notation
        self.excel = excel
        self.first_year, self.last_year = case.cooperation.first_year, case.cooperation.last_year
        self.participants = [p.id for p in case.participants]
        benefits = {b.id: b for s in case.scenarios for b in s.benefits}
        self.codes = {
            "costs": [c.id for c in case.categories],
            "volumes": volume_names(case),
            "benefits": [b for b, line in benefits.items() if line.monetised],
            "indicators": [i.id for i in case.indicators],
        }
        self.problems: list[ActualsProblem] = []
        self.positions: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        """The header each column has in the file (``bedrag`` or ``waarde``), for messages."""

    def records(self, table: _Table) -> dict[str, list[dict[str, Any]]]:
        """The records per actuals list, in file order (empty when the header is wrong)."""
        if not self._header(table.header):
            return {}
        records: dict[str, list[dict[str, Any]]] = {name: [] for name in _KEY_FIELDS}
        seen: dict[tuple[Any, ...], int] = {}
        for number, cells in table.rows:
            raw = {name: cells[i] if i < len(cells) else None for name, i in self.positions.items()}
            if all(_blank(value) for value in raw.values()):
                continue
            parsed = self._row(number, raw)
            if parsed is None:
                continue
            kind, record = parsed
            key = (kind, *(record[f] for f in _KEY_FIELDS[kind]))
            if key in seen:
                self._problem(
                    number,
                    "code",
                    f"dit cijfer staat ook al in rij {seen[key]}; laat één van de twee staan",
                )
            seen.setdefault(key, number)
            records[kind].append(record)
        return records

    def _header(self, header: list[str]) -> bool:
        found = {h.casefold(): i for i, h in enumerate(header) if h}
        for name, aliases in COLUMNS.items():
            index = next((found[a] for a in aliases if a in found), None)
            if index is None:
                self.problems.append(
                    ActualsProblem(
                        f"de kolom '{name}' ontbreekt (kopregel: {', '.join(header) or 'leeg'}); "
                        f"de kolommen zijn {', '.join(COLUMNS)}"
                        + ("" if self.excel else _SEPARATOR_HINT[self.notation]),
                        row=1,
                    )
                )
            else:
                self.positions[name] = index
                self.headers[name] = header[index]
        known = {a for aliases in COLUMNS.values() for a in aliases} | set(IGNORED_COLUMNS)
        for index, name in enumerate(header):
            if name and name.casefold() not in known:
                self._problem(
                    1, name, f"onbekende kolom '{name}'; kies uit {', '.join(COLUMNS)}", index
                )
        return not self.problems

    def _problem(self, row: int, column: str, message: str, index: int | None = None) -> None:
        position = self.positions.get(column) if index is None else index
        cell = (
            f"{get_column_letter(position + 1)}{row}" if self.excel and position is not None else ""
        )
        shown = self.headers.get(column, column)
        self.problems.append(ActualsProblem(message, row=row, column=shown, cell=cell))

    def _read(self, row: int, raw: dict[str, Any], column: str, parse: Callable[[Any], Any]) -> Any:
        """The parsed cell, or None after recording its problem."""
        try:
            return parse(raw[column])
        except _Invalid as invalid:
            self._problem(row, column, str(invalid))
            return None

    def _row(self, number: int, raw: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        kind = self._read(number, raw, "soort", _kind)
        year = self._read(number, raw, "jaar", self._year)
        if kind is None:
            return None
        entity = self._read(number, raw, "entiteit", lambda v: self._entity(kind, v))
        code = self._read(number, raw, "code", lambda v: self._code(kind, v))
        value = self._read(number, raw, "waarde", lambda v: self._value(kind, v))
        if None in (year, code, value) or (kind in ("costs", "volumes") and entity is None):
            return None
        fields = _KEY_FIELDS[kind]
        values = ([entity] if kind in ("costs", "volumes") else []) + [code, year]
        record = dict(zip(fields, values, strict=True))
        record[_VALUE_FIELDS.get(kind, "value")] = value
        return kind, record

    def _entity(self, kind: str, value: Any) -> str | None:
        text = _text(value)
        if kind in ("benefits", "indicators"):
            if text:
                raise _Invalid(f"bij soort {_soort(kind)} blijft de entiteit leeg, niet '{text}'")
            return ""
        allowed = [*self.participants, SHARE] if kind == "costs" else self.participants
        if text not in allowed:
            raise _Invalid(f"onbekende entiteit '{text}'; kies een van: {choices(allowed)}")
        return text

    def _code(self, kind: str, value: Any) -> str:
        text = _text(value)
        known = self.codes[kind]
        if text not in known:
            options = f"kies een van: {choices(known)}" if known else "de casus heeft er geen"
            raise _Invalid(f"onbekende {_CODE_NOUNS[kind]} '{text}'; {options}")
        return text

    def _year(self, value: Any) -> int:
        text = _text(value)
        number = float(value) if isinstance(value, int | float) else None
        if isinstance(value, str) and text.isdigit():
            number = float(text)
        if number is None or not number.is_integer():
            raise _Invalid(f"{_shown(value)} is geen jaartal; vul een jaar in, zoals 2027")
        if not self.first_year <= number <= self.last_year:
            raise _Invalid(
                f"jaar {int(number)} ligt buiten de looptijd {self.first_year}–{self.last_year}"
            )
        return int(number)

    def _value(self, kind: str, value: Any) -> float:
        noun = "bedrag" if kind in ("costs", "benefits") else "getal"
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            number = None
        elif isinstance(value, str):
            number = _number_in_text(value, self.notation)
        else:
            number = float(value)
        if number is None or not math.isfinite(number):
            example = "1.234,56" if self.notation == "nl" else "1,234.56"
            raise _Invalid(
                f"{_shown(value)} is geen {noun}; schrijf alleen een getal, zonder € of eenheid, "
                f"zoals {example}"
            )
        if kind == "volumes" and number < 0:
            raise _Invalid(f"{_shown(value)} is negatief; een volume is 0 of meer")
        return number


_SEPARATOR_HINT = {
    "nl": "; scheid de kolommen met ';' (of kies de notatie en voor komma's en 1,234.56)",
    "en": "; scheid de kolommen met ',' (of kies de notatie nl voor ';' en 1.234,56)",
}

_CODE_NOUNS = {
    "costs": "categorie",
    "volumes": "volume",
    "benefits": "baat in geld",
    "indicators": "kengetal",
}


def _kind(value: Any) -> str:
    text = _text(value).casefold()
    if text not in KINDS:
        raise _Invalid(f"onbekende soort '{_text(value)}'; kies {', '.join(KINDS)}")
    return KINDS[text]


def _soort(kind: str) -> str:
    return next(dutch for dutch, name in KINDS.items() if name == kind)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: Any) -> str:
    return f'"{_text(value)}"' if not _blank(value) else "een lege cel"


def _merged(existing: dict[str, Any], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The actuals document with the new records in place of existing ones with their key."""
    merged = dict(existing)
    for name, fields in _KEY_FIELDS.items():
        new = records.get(name, [])
        keys = {tuple(r[f] for f in fields) for r in new}
        kept = [r for r in existing.get(name, []) if tuple(r[f] for f in fields) not in keys]
        merged[name] = kept + new
    return merged
