"""The live Excel export: LibreOffice recomputes every result cell to the engine's answer, also
after an input amount changes; result sheets hold formulas without numbers; text from users
cannot become a formula."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import openpyxl
import pytest
import yaml
from components import unavailable
from libreoffice import LibreOfficeUnavailable, recalculate
from openpyxl.formula import Tokenizer
from openpyxl.formula.tokenizer import Token
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from samenrekenen.demo import demo_case
from samenrekenen.engine import CaseResult, calculate
from samenrekenen.io.excel_export import (
    RESULT_SHEETS,
    ResultCell,
    export_workbook,
    result_cells,
    tolerance,
)
from samenrekenen.io.xlsx_safety import neutralise
from samenrekenen.model import Case
from samenrekenen.model.validation import check_case

SMALL_CASE = """
schema_version: 1
cooperation: {name: Kleine samenwerking, first_year: 2026, horizon_years: 6}
participants:
- id: noord
  name: Gemeente Noord
  drivers: {inhabitants: {2026: 12000, 2029: 12500}, workplaces: 90}
  interest_rate: 0.03
  baseline:
    costs:
    - {category: werkplek, visible_eur: 250000, hidden: [{amount_eur: 20000}]}
    - {category: software, visible_eur: 400000}
    - {category: personele_inzet, visible_eur: 50000}
    assets:
    - {id: netwerk, category: datacommunicatie, purchase_year: 2024, amount_eur: 120000,
       term_years: 4, method: annuity}
- id: zuid
  name: Gemeente Zuid
  drivers: {inhabitants: 8000, workplaces: 60}
  interest_rate: 0.025
  baseline:
    costs:
    - {category: werkplek, visible_eur: 180000}
    - {category: software, visible_eur: 260000, hidden: [{amount_eur: 30000}]}
    - {category: personele_inzet, visible_eur: 40000}
shared_service: {name: Share Klein, interest_rate: 0.02}
charging: {default_key: {kind: workplaces}, transfer_key: {kind: origin}}
charging_design:
  principles:
    coverage: margin
    margin_pct: 5
    settlement: by_key
    settlement_key: {kind: fixed, percentages: {noord: 60, zuid: 40}}
  products:
  - id: werkplek
    name: Werkplek
    pools: [{category: werkplek, fraction: 1.0}]
    volumes: {noord: 90, zuid: {2026: 60, 2028: 65}}
    tariff: {kind: fixed, price_eur: {2026: 0, 2027: 120000, 2029: 260000},
             deviation_reason: Opbouw in de eerste jaren}
  - id: software
    name: Software
    start_year: 2027
    pools: [{category: software, fraction: 0.5}]
    volumes: {noord: 100, zuid: 70}
    tariff: {kind: composite, fixed_fraction: 0.25}
  pre_financing: {financier: Provincie, until_year: 2028, recovery_years: 3, interest_rate: 0.03}
  keyed_pools:
  - {id: gelijk, name: Gelijke delen, category: personele_inzet, fraction: 0.5,
     key: {kind: equal}}
scenarios:
- id: alleen
  name: Ieder alleen
  is_baseline: true
  investments:
  - {id: eigen-werkplekken, bearer: members, category: werkplek, term_years: 3,
     basis: {kind: per_driver, driver: workplaces}, values: {2027: 1000, 2030: 1000}}
- id: samen
  name: Samen
  extends: alleen
  delay_months: 6
  transfers: [{id: knip, values: {2027: 100}}]
  level_changes: [{id: besparing, bearer: share, category: software, values: {2028: -20}}]
  investments:
  - {id: platform, bearer: share, category: software, values: {2027: 300000}, term_years: 4,
     method: annuity, interest_rule: average_book_value, first_depreciation: purchase_year}
  one_off_costs:
  - {id: project, bearer: members, category: personele_inzet, values: {2026: 100000,
     2027: 50000}, allocation_key: {kind: inhabitants}}
  benefits: [{id: baten, bearer: noord, category: personele_inzet, values: {2028: 15000}}]
- {id: alleen-noord, name: Alleen Noord doet mee, extends: samen, members: [noord]}
"""
"""A small case beside the demo: a delay, an annuity with interest over the average book value
from the purchase year, a register asset bought before the horizon, a benefit, a member set,
a break-even year found beyond the horizon, and charging with a margin, a fixed tariff set
below cost, a composite tariff at cost, an equal key, pre-financing of the shortfall and
settlement by fixed percentages."""

INVESTMENT = ("kostenreductie", "gezamenlijke-infrastructuur", 2026, 2_000_000.0)
"""A share investment changed in the workbook and in the case: scenario, line, year, value."""
ONE_OFF = ("kostenreductie", "desinvestering-rekencentrum", 2027, 450_000.0)
"""A participant's one-off cost changed the same way (inherited by minder-meerkosten)."""


def small_case() -> Case:
    case = Case.model_validate(yaml.safe_load(SMALL_CASE))
    assert check_case(case) == []
    return case


def bare_case() -> Case:
    """The small case without investments, register assets and charging design: every table
    that can be empty is."""
    data = yaml.safe_load(SMALL_CASE)
    del data["charging_design"]
    for participant in data["participants"]:
        participant["baseline"].pop("assets", None)
    for scenario in data["scenarios"]:
        scenario.pop("investments", None)
    return Case.model_validate(data)


def with_value(case: Case, scenario_id: str, line_id: str, year: int, value: float) -> Case:
    """The case with one yearly value of one line of one scenario changed."""
    scenario = case.scenario(scenario_id)
    for name in ("investments", "one_off_costs"):
        lines = getattr(scenario, name)
        for i, line in enumerate(lines):
            if line.id == line_id:
                changed = line.model_copy(update={"values": {**line.values, year: value}})
                new = scenario.model_copy(update={name: [*lines[:i], changed, *lines[i + 1 :]]})
                scenarios = [new if s.id == scenario_id else s for s in case.scenarios]
                return case.model_copy(update={"scenarios": scenarios})
    raise KeyError(line_id)


def headings(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[4] if c.value is not None}


def set_engine_amounts(
    wb: Workbook, sheet: str, changed: CaseResult, line_id: str, year: int
) -> int:
    """Set what ``line_id`` amounts to in ``year`` on an input sheet to the engine's answer for
    the changed case: on Investeringen its purchases of that year (the engine's outlays), on
    Bedragen per regel the year's amounts. Returns how many cells changed."""
    ws = wb[sheet]
    col = headings(ws)
    t = changed.years.index(year)
    count = 0
    for row in range(5, ws.max_row + 1):
        names = {name: ws.cell(row, col[name]).value for name in ("Regel", "Scenario", "Entiteit")}
        purchases = sheet == "Investeringen"
        if names["Regel"] != line_id or (
            purchases and ws.cell(row, col["Aanschafjaar"]).value != year
        ):
            continue
        line = next(
            ln
            for ln in changed.scenario(names["Scenario"]).lines
            if ln.line_id == line_id and ln.entity == names["Entiteit"]
        )
        target = col["Bedrag"] if purchases else col[str(year)]
        ws.cell(row, target).value = float((line.cash if purchases else line.cost)[t])
        count += 1
    return count


@dataclass
class Export:
    """An exported workbook as LibreOffice recomputed it, with the engine's answers."""

    case: Case
    result: CaseResult
    cells: list[ResultCell]
    computed: Workbook


def _edited(data: bytes, sheet: str, changed: CaseResult, line_id: str, year: int) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert set_engine_amounts(wb, sheet, changed, line_id, year) > 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    """Every workbook the tests need, recomputed in one LibreOffice run (each start costs
    seconds): the demo, the demo with a changed investment and with a changed line amount
    (both edited in the exported file), and the small case."""
    demo = demo_case()
    demo_result = calculate(demo)
    demo_file = export_workbook(demo, demo_result)
    small, bare = small_case(), bare_case()
    workbooks = {
        "demo": (demo, demo_result, demo_file),
        "small": (small, calculate(small), export_workbook(small)),
        "bare": (bare, calculate(bare), export_workbook(bare)),
    }
    for name, sheet, (scenario, line_id, year, value) in (
        ("investment", "Investeringen", INVESTMENT),
        ("one_off", "Bedragen per regel", ONE_OFF),
    ):
        changed = with_value(demo, scenario, line_id, year, value)
        changed_result = calculate(changed)
        data = _edited(demo_file, sheet, changed_result, line_id, year)
        workbooks[name] = (changed, changed_result, data)
    folder = tmp_path_factory.mktemp("excel")
    files = [folder / f"{name}.xlsx" for name in workbooks]
    for path, (_, _, data) in zip(files, workbooks.values(), strict=True):
        path.write_bytes(data)
    try:
        saved = recalculate(files, folder)
    except LibreOfficeUnavailable as exc:
        unavailable(str(exc))
    return {
        name: Export(
            case, result, result_cells(case, result), openpyxl.load_workbook(path, data_only=True)
        )
        for (name, (case, result, _)), path in zip(workbooks.items(), saved, strict=True)
    }


def _matches(expected: float | int | str | None, got: object, allowed: float) -> bool:
    if got == "":
        got = None
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, str | int):
        return got == expected
    return isinstance(got, int | float) and abs(float(got) - expected) <= allowed + 1e-9


def mismatches(export: Export, cells: list[ResultCell]) -> list[str]:
    """The cells LibreOffice computed otherwise than expected, described."""
    out = []
    for result_cell in cells:
        got = export.computed[result_cell.sheet][result_cell.cell].value
        if not _matches(result_cell.expected, got, tolerance(result_cell)):
            out.append(
                f"{result_cell.sheet}!{result_cell.cell} {result_cell.description}: "
                f"verwacht {result_cell.expected!r}, berekend {got!r}"
            )
    return out


def changed_cells(export: Export, before: Export) -> list[ResultCell]:
    """The cells whose engine value differs from the one before the change."""
    old = {(c.sheet, c.cell): c.expected for c in before.cells}
    return [c for c in export.cells if c.expected != old[(c.sheet, c.cell)]]


def _stakeholder(result_cell: ResultCell) -> str:
    return result_cell.description.split(" · ")[1]


def _quantity(result_cell: ResultCell) -> str:
    return result_cell.description.split(" · ")[2]


@pytest.mark.parametrize("name", ["demo", "small", "bare"])
def test_libreoffice_computes_every_result_cell_as_the_engine(
    computed: dict[str, Export], name: str
) -> None:
    export = computed[name]
    # openpyxl writes no cached values: a file LibreOffice did not recompute reads back empty.
    filled = [c for c in export.cells if export.computed[c.sheet][c.cell].value not in (None, "")]
    assert len(filled) > 0.9 * len(export.cells)
    sheets = {"Uitkomsten", "Kengetallen", "Kasstroomtabellen"}
    if name != "bare":
        sheets |= {"Kapitaallasten", "Kapitaallasten activa", "Verrekening"}
    assert {c.sheet for c in export.cells} >= sheets
    assert mismatches(export, export.cells) == []


def test_a_changed_one_off_amount_changes_every_dependent_result(
    computed: dict[str, Export],
) -> None:
    export = computed["one_off"]
    moved = changed_cells(export, computed["demo"])
    assert {_stakeholder(c) for c in moved} >= {"gm9010", "consolidated"}
    assert mismatches(export, export.cells) == []


PER_PARTICIPANT_SHEETS = ("Kosten per categorie", "Uitkomsten", "Kengetallen", "Kasstroomtabellen")
ENGINE_CHARGES = ("charge_income", "result", "charging.engine_charge")


def _takes_engine_charges(result_cell: ResultCell, participants: list[str]) -> bool:
    """Whether a cell depends on what the engine's simple keys charge the participants: those
    charges are engine amounts in the workbook, so they do not follow a changed share cost."""
    participant = _stakeholder(result_cell) in participants
    return (participant and result_cell.sheet in PER_PARTICIPANT_SHEETS) or (
        _quantity(result_cell) in ENGINE_CHARGES
    )


def test_a_changed_investment_changes_its_schedule_and_every_result_of_the_share(
    computed: dict[str, Export],
) -> None:
    export, demo = computed["investment"], computed["demo"]
    participants = [p.id for p in export.case.participants]
    moved = changed_cells(export, demo)
    assert {c.sheet for c in moved if not _takes_engine_charges(c, participants)} >= {
        "Kapitaallasten",
        "Uitkomsten",
        "Kengetallen",
        "Verrekening",
    }
    follows = [c for c in export.cells if not _takes_engine_charges(c, participants)]
    assert mismatches(export, follows) == []
    # What takes the engine's charges keeps the exported amounts (the share's result, its
    # income minus its changed cost, is neither).
    kept = [
        c for c in demo.cells if _takes_engine_charges(c, participants) and _quantity(c) != "result"
    ]
    assert mismatches(export, kept) == []


def _result_sheet_cells(wb: Workbook) -> Iterator[openpyxl.cell.cell.Cell]:
    for title in RESULT_SHEETS:
        if title in wb.sheetnames:
            for row in wb[title].iter_rows():
                yield from (c for c in row if c.value is not None)


def number_tokens(formula: str) -> list[str]:
    """The numbers written in a formula (references, names, functions and text are not)."""
    return [
        token.value
        for token in Tokenizer(formula).items
        if token.type == Token.OPERAND and token.subtype == Token.NUMBER
    ]


def test_number_tokens_finds_numbers_only() -> None:
    assert number_tokens('=SUM($A$1:B2)*2+IF(C3="4",Een,0.5)') == ["2", "0.5"]
    assert number_tokens("=SUMIFS(Regels_2026,Regels_scenario,$A5)-'Blad 1'!E7") == []
    shape = CELL_REFERENCE.sub("A1", "=SUM($E$5:F12)+Regels_2026*LOG10(3)+'Blad 2'!AB7")
    assert shape == "=SUM(A1:A1)+Regels_2026*LOG10(3)+'Blad 2'!A1"


CELL_REFERENCE = re.compile(r"(?<![\w.])\$?[A-Z]{1,3}\$?[0-9]+(?![\w(])")
"""A1-style references: formulas that differ only in them have the same tokens otherwise."""


@pytest.mark.parametrize("make", [demo_case, small_case], ids=["demo", "small"])
def test_result_sheets_hold_formulas_without_numbers(make: Callable[[], Case]) -> None:
    case = make()
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
    numbers, shapes, formulas = [], {}, 0
    for target in _result_sheet_cells(wb):
        where = f"{target.parent.title}!{target.coordinate}"
        if isinstance(target.value, int | float):
            numbers.append(f"{where}: {target.value}")
        elif target.data_type == "f":
            formulas += 1
            shapes.setdefault(CELL_REFERENCE.sub("A1", str(target.value)), where)
    numbers += [f"{where}: {shape}" for shape, where in shapes.items() if number_tokens(shape)]
    assert numbers == []
    cells = result_cells(case)
    assert formulas >= len(cells) > 0
    assert all(wb[c.sheet][c.cell].data_type == "f" for c in cells)


def test_amounts_and_percentages_have_dutch_number_formats() -> None:
    case = small_case()
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
    formats = {}
    for c in result_cells(case):
        formats.setdefault(_quantity(c), set()).add(wb[c.sheet][c.cell].number_format)
    assert all("€" in f and "#,##0" in f for f in formats["cost"] | formats["npv"])
    assert all(f.endswith("%") for f in formats["savings_pct"])
    assert formats["break_even_year"] == {"0"}


def test_formula_text_in_a_participant_name_stays_text() -> None:
    attack = '=HYPERLINK("http://example.invalid","klik")'
    case = small_case()
    participants = [
        case.participants[0].model_copy(update={"name": attack}),
        *case.participants[1:],
    ]
    case = case.model_copy(update={"participants": participants})
    wb = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
    found = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value == neutralise(attack)
    ]
    assert found and all(c.data_type == "s" for c in found)
    assert not any(
        "HYPERLINK" in str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    )


def test_result_cells_name_every_year_and_engine_quantity() -> None:
    case = small_case()
    cells = result_cells(case)
    quantities = {_quantity(c) for c in cells}
    assert {
        "cost",
        "difference",
        "cumulative_difference",
        "break_even_year",
        "savings_pct",
        "npv",
    } <= quantities
    assert any(q.startswith("cash_flow_table[") for q in quantities)
    assert any(q.startswith("capital_charge[") for q in quantities)
    assert any(q.startswith("charging.product[") for q in quantities)
    assert {"charging.financing", "charging.keyed[voorfinanciering].charge"} <= quantities
    assert len({(c.sheet, c.cell) for c in cells}) == len(cells)
    assert np.isfinite([c.expected for c in cells if isinstance(c.expected, float)]).all()
