"""Building blocks of the live Excel export: writing cells, formula text, and the two rules
that take more than one formula (the capital-charge schedule and the largest-remainder split).

Formulas hold no number: every constant is a defined name on the sheet *Uitgangspunten*
(:data:`CONSTANTS`) and every table column a defined name (:meth:`Book.table`), so that an
auditor can trace every number to an input. Only functions that Excel and LibreOffice both
compute are used (SUM, SUMIFS, SUMPRODUCT, INDEX, MATCH, NPV, ROUND, INT, …).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ..engine.metrics import EXTRAPOLATION_YEARS, TOLERANCE_EUR
from .xlsx_safety import neutralise

EUR = '"€" #,##0;"€" -#,##0'
"""Whole euros the Dutch way (``€ 1.234.567``, ``€ -1.234``; separators follow the locale)."""
EUR_CENTS = '"€" #,##0.00;"€" -#,##0.00'
"""Euros and cents, for charging (which reconciles to the cent)."""
PCT = "0.0%"
RATE = "0.00%"
YEAR = "0"
NUMBER = "#,##0.##"
DURATION = '0.0" jaar"'
GENERAL = "General"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)

Expected = float | int | str | None


class ResultCell(NamedTuple):
    """A result cell and the engine quantity it must equal once a spreadsheet program has
    computed it: ``expected`` is a float (euros, or a fraction for a percentage), an int (a
    year), ``"ja"``/``"nee"``, or None (the cell stays empty). ``description`` reads
    ``scenario · stakeholder · quantity · year`` (``-`` where there is none)."""

    sheet: str
    cell: str
    expected: Expected
    description: str


def describe(scenario: str, stakeholder: str, quantity: str, year: int | None = None) -> str:
    """The description of a result cell (see :class:`ResultCell`)."""
    return f"{scenario} · {stakeholder} · {quantity} · {'-' if year is None else year}"


@dataclass(frozen=True)
class Constant:
    """A number the formulas use, as a defined name on the sheet *Uitgangspunten*."""

    name: str
    label: str
    value: float


REMAINDER_EPSILON = 1e-9
"""Added before rounding down in the largest-remainder split, as in
:func:`samenrekenen.engine.largest_remainder`."""
REMAINDER_DECIMALS = 9
"""Remainders are compared after rounding to this many decimals, as in the engine."""

CONSTANTS: tuple[Constant, ...] = (
    Constant("Nul", "Nul", 0.0),
    Constant("Een", "Eén", 1.0),
    Constant("Centen", "Centen per euro", 100.0),
    Constant("Decimalen", "Decimalen bij afronden op centen", 2.0),
    Constant("Decimalen_rest", "Decimalen bij vergelijken van resten", float(REMAINDER_DECIMALS)),
    Constant("Epsilon", "Marge bij naar beneden afronden op centen", REMAINDER_EPSILON),
    Constant("Tolerantie", "Tolerantie bij vergelijken met nul (€)", TOLERANCE_EUR),
    Constant(
        "Max_jaren_na_horizon",
        "Omslagpunt: hoogstens jaren na de horizon",
        float(EXTRAPOLATION_YEARS),
    ),
)
"""Constants of the formulas, with the engine's values."""


def column(index: int) -> str:
    """The column letter(s) of a 1-based column index."""
    return get_column_letter(index)


def cell(row: int, col: int, sheet: str | None = None, absolute: bool = False) -> str:
    """A reference to one cell, e.g. ``'Uitkomsten'!E7``."""
    mark = "$" if absolute else ""
    prefix = "'" + sheet.replace("'", "''") + "'!" if sheet else ""
    return f"{prefix}{mark}{column(col)}{mark}{row}"


def area(row1: int, col1: int, row2: int, col2: int, sheet: str | None = None) -> str:
    """An absolute reference to a block of cells."""
    start = cell(row1, col1, sheet, absolute=True)
    return f"{start}:{cell(row2, col2, absolute=True)}"


def text(value: str) -> str:
    """A text constant inside a formula."""
    return '"' + value.replace('"', '""') + '"'


def sumifs(total_range: str, criteria: Sequence[tuple[str, str]]) -> str:
    """``SUMIFS(range, criteria range 1, criterion 1, …)``: a conditional sum over a table."""
    parts = [total_range, *(f"{rng},{criterion}" for rng, criterion in criteria)]
    return f"SUMIFS({','.join(parts)})"


def total(terms: Sequence[str]) -> str:
    """Terms added up; ``Nul`` when there are none."""
    return "+".join(terms) if terms else "Nul"


@dataclass(frozen=True)
class Table:
    """A table on a sheet whose columns are defined names ``<prefix>_<key>``."""

    sheet: str
    first_row: int
    last_row: int
    columns: dict[str, int]
    prefix: str

    @property
    def empty(self) -> bool:
        """Whether the table has no rows (then it has no names either)."""
        return self.last_row < self.first_row

    def range(self, key: str) -> str:
        """The defined name of one column's data rows."""
        return f"{self.prefix}_{key}"

    def ref(self, row: int, key: str) -> str:
        """An absolute reference to one cell of the table."""
        return cell(row, self.columns[key], self.sheet, absolute=True)


@dataclass
class Book:
    """The workbook being written, with every result cell and what it must equal."""

    workbook: Workbook = field(default_factory=Workbook)
    cells: list[ResultCell] = field(default_factory=list)

    def sheet(self, title: str) -> Writer:
        """A new sheet at the end of the workbook."""
        return Writer(self, self.workbook.create_sheet(title))

    def define(self, name: str, reference: str) -> None:
        """A defined name for a cell or a range."""
        self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)

    def table(
        self, sheet: str, first_row: int, last_row: int, columns: dict[str, int], prefix: str
    ) -> Table:
        """A table, with a defined name for every column (when it has rows)."""
        table = Table(sheet, first_row, last_row, columns, prefix)
        if not table.empty:
            for key, col in columns.items():
                self.define(table.range(key), area(first_row, col, last_row, col, sheet))
        return table


@dataclass
class Writer:
    """One sheet being written; ``row`` is the next free row where a writer appends."""

    book: Book
    ws: Worksheet
    row: int = 1

    @property
    def title(self) -> str:
        """The sheet's name."""
        return str(self.ws.title)

    def label(self, row: int, col: int, value: str | None, bold: bool = False) -> None:
        """Text in a cell; text that users wrote is neutralised against formula injection."""
        if value is None or value == "":
            return
        target = self.ws.cell(row, col, neutralise(value))
        if bold:
            target.font = BOLD

    def labels(self, row: int, values: Sequence[str | None], bold: bool = False) -> None:
        """Text in the cells of a row from column A on."""
        for col, value in enumerate(values, start=1):
            self.label(row, col, value, bold)

    def title_rows(self, title: str, note: str) -> None:
        """The sheet's title and a line that says what it holds."""
        self.ws.cell(1, 1, neutralise(title)).font = TITLE
        self.ws.cell(2, 1, neutralise(note))

    def value(self, row: int, col: int, number: float | int | None, fmt: str = GENERAL) -> None:
        """An input number."""
        if number is None:
            return
        target = self.ws.cell(row, col, number)
        if fmt != GENERAL:
            target.number_format = fmt

    def formula(
        self,
        row: int,
        col: int,
        body: str,
        fmt: str = EUR,
        expected: Expected = None,
        description: str | None = None,
    ) -> None:
        """A formula (``body`` without the ``=``); with a description it is a result cell that
        must equal ``expected``."""
        target = self.ws.cell(row, col, "=" + body)
        if fmt != GENERAL:
            target.number_format = fmt
        if description is not None:
            self.book.cells.append(ResultCell(self.title, target.coordinate, expected, description))

    def series(
        self,
        row: int,
        first_col: int,
        bodies: Sequence[str],
        fmt: str = EUR,
        expected: Sequence[Expected] | None = None,
        descriptions: Sequence[str] | None = None,
    ) -> None:
        """A row of formulas, one per year; with descriptions they are result cells."""
        for t, body in enumerate(bodies):
            self.formula(
                row,
                first_col + t,
                body,
                fmt,
                None if expected is None else expected[t],
                None if descriptions is None else descriptions[t],
            )

    def widths(self, widths: Sequence[float]) -> None:
        """Column widths from column A on."""
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[column(index)].width = width

    def freeze(self, row: int, col: int) -> None:
        """Keep the rows above and the columns left of a cell in view."""
        self.ws.freeze_panes = self.ws.cell(row, col)


# --- The capital-charge schedule -------------------------------------------------------------

SCHEDULE_ROWS = (
    "Boekwaarde 1 januari",
    "Afschrijving",
    "Rente",
    "Kapitaallasten",
    "Boekwaarde 31 december",
)
"""The rows of a purchase's schedule, in the order of ``samenrekenen.engine.capital.FIELDS``."""
CHARGE_ROW = SCHEDULE_ROWS[3]
CLOSING_ROW = SCHEDULE_ROWS[4]

METHOD_LABELS = {"linear": "lineair", "annuity": "annuïteit"}
FIRST_DEPRECIATION_LABELS = {"next_year": "volgend jaar", "purchase_year": "aanschafjaar"}
INTEREST_RULE_LABELS = {"book_value_jan_1": "1 januari", "average_book_value": "gemiddeld"}


@dataclass(frozen=True)
class PurchaseRefs:
    """References to the inputs of one purchase."""

    amount: str
    year: str
    term: str
    rate: str
    method: str
    first_depreciation: str
    interest_rule: str


def depreciation_start(p: PurchaseRefs) -> str:
    """The first year of depreciation: the purchase year or the year after."""
    return f"{p.year}+IF({p.first_depreciation}={text('volgend jaar')},Een,Nul)"


def annuity(p: PurchaseRefs) -> str:
    """The constant yearly charge of an annuity, ``A·r / (1 − (1 + r)^−n)``; ``A/n`` without
    interest."""
    factor = f"{p.rate}/(Een-(Een+{p.rate})^(-{p.term}))"
    return f"IF({p.rate}=Nul,{p.amount}/{p.term},{p.amount}*{factor})"


@dataclass(frozen=True)
class ScheduleCells:
    """The cells of one year of a schedule: its year, the helper cells and the five rows."""

    year: str
    start: str
    annuity: str
    opening: str
    depreciation: str
    closing: str
    interest: str
    previous_closing: str | None


def schedule_formulas(p: PurchaseRefs, c: ScheduleCells) -> tuple[str, str, str, str, str]:
    """The five formulas of one year (order of :data:`SCHEDULE_ROWS`), as
    :func:`samenrekenen.engine.capital_charge_schedule`: the book value is the amount in the
    purchase year and the previous closing value after it; depreciation runs from its first
    year while book value is left (linear ``A/n``, annuity the charge minus the interest on
    the 1 January value); interest over the 1 January or the average book value."""
    carried = c.previous_closing or "Nul"
    opening = f"IF({c.year}<{p.year},Nul,IF({c.year}={p.year},{p.amount},{carried}))"
    per_method = (
        f"IF({p.method}={text('annuïteit')},MIN({c.opening},{c.annuity}-{p.rate}*{c.opening}),"
        f"MIN({c.opening},{p.amount}/{p.term}))"
    )
    depreciation = f"IF(OR({c.year}<{c.start},{c.opening}<=Nul),Nul,{per_method})"
    base = f"IF({p.interest_rule}={text('gemiddeld')},AVERAGE({c.opening},{c.closing}),{c.opening})"
    interest = f"{p.rate}*IF({c.year}<{c.start},Nul,{base})"
    charge = f"{c.depreciation}+{c.interest}"
    closing = f"{c.opening}-{c.depreciation}"
    return opening, depreciation, interest, charge, closing


# --- The largest-remainder split ------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """An amount per year split over members to the cent like
    :func:`samenrekenen.engine.largest_remainder`: per year the amount (a reference per year
    column), each member's weight (``weights[m][t]``, an expression), and the members'
    tie-break order (``order[m]``, in the range ``order_range``; lower goes first)."""

    name: str
    amounts: Sequence[str]
    weights: Sequence[Sequence[str]]
    order: Sequence[str]
    order_range: str


def write_split(
    sheet: Writer, split: Split, scenario: str, members: Sequence[str], first_col: int
) -> list[list[str]]:
    """Write the helper rows of a split from the sheet's next free row and return each
    member's part per year (references on that sheet). Per member the cents are rounded
    down; the cents left go to the largest remainders, ties to the lowest order."""
    n = len(members)
    start = sheet.row
    units_row, weight_row = start, start + 1
    floor_rows = [start + 2 + m for m in range(n)]
    rest_rows = [start + 2 + n + m for m in range(n)]
    left_row = start + 2 + 2 * n
    part_rows = [left_row + 1 + m for m in range(n)]
    rows = [
        (units_row, "", "Te verdelen (centen)"),
        (weight_row, "", "Som van de gewichten"),
        *((r, m, "Centen naar beneden afgerond") for r, m in zip(floor_rows, members, strict=True)),
        *((r, m, "Rest") for r, m in zip(rest_rows, members, strict=True)),
        (left_row, "", "Over te verdelen centen"),
        *((r, m, "Deel (€)") for r, m in zip(part_rows, members, strict=True)),
    ]
    for row, member, label in rows:
        sheet.labels(row, [scenario, split.name, member, label])
    parts: list[list[str]] = [[] for _ in members]
    for t, amount in enumerate(split.amounts):
        col = first_col + t
        units, weight_sum, left = cell(units_row, col), cell(weight_row, col), cell(left_row, col)
        sheet.formula(units_row, col, f"ROUND(ABS(ROUND({amount},Decimalen))*Centen,Nul)", NUMBER)
        weights = [split.weights[m][t] for m in range(n)]
        sheet.formula(weight_row, col, "+".join(weights), NUMBER)
        floors = area(floor_rows[0], col, floor_rows[-1], col)
        rests = area(rest_rows[0], col, rest_rows[-1], col)
        equal = f"{units}*Een/ROWS({split.order_range})"
        for m, weight in enumerate(weights):
            exact = f"IF({weight_sum}>Nul,{units}*{weight}/{weight_sum},{equal})"
            floor, rest = cell(floor_rows[m], col), cell(rest_rows[m], col)
            sheet.formula(floor_rows[m], col, f"INT({exact}+Epsilon)", NUMBER)
            sheet.formula(rest_rows[m], col, f"ROUND({exact}-{floor},Decimalen_rest)", NUMBER)
            rank = (
                f"Een+SUMPRODUCT(({rests}>{rest})+({rests}={rest})*"
                f"({split.order_range}<{split.order[m]}))"
            )
            sign = f"IF({amount}<Nul,-Een,Een)"
            body = f"{sign}*({floor}+IF({rank}<={left},Een,Nul))/Centen"
            sheet.formula(part_rows[m], col, body, EUR_CENTS)
            parts[m].append(cell(part_rows[m], col, sheet.title))
        sheet.formula(left_row, col, f"{units}-SUM({floors})", NUMBER)
    sheet.row = part_rows[-1] + 2
    return parts
