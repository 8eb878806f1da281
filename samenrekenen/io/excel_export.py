"""The live Excel export: a workbook in which an auditor can follow every number of a case.

Input sheets hold the case's inputs and the engine's amounts per line; result sheets compute
every total, difference, metric, capital-charge schedule, cash-flow table and charge from them
with formulas, so that Excel or LibreOffice recompute the case. :func:`export_workbook` writes
the file; :func:`result_cells` says what every result cell must equal (the engine's answer).
How the formulas follow the engine and what stays an engine amount: docs/excel-export.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..charging import Charging, ChargingError, applies_to, charge
from ..charging.bills import real_costs
from ..charging.compute import with_tariff_sets, year_values
from ..engine import CaseResult, calculate, compile_case
from ..engine.capital import FIELDS, capital_charge_schedule
from ..engine.compile import KEY_DRIVERS, CompiledCase
from ..engine.metrics import net_cash_flows
from ..engine.overview import OPERATING_LINE_TYPES, CashFlowRow, cash_flow_table
from ..engine.results import CLASS_OF_COMPONENT, Component, EntityResult, FloatArray, LineAmounts
from ..engine.timeline import held_values
from ..model import SHARE, AllocationKey, Case, Investment, KeyKind
from ..model.charging import (
    ChargingDesign,
    Coverage,
    KeyedPool,
    Product,
    SettlementRule,
    TariffKind,
)
from ..model.participants import DEFAULT_DEPRECIATION_TERM_YEARS
from .excel_formulas import (
    CHARGE_ROW,
    CLOSING_ROW,
    CONSTANTS,
    DURATION,
    EUR,
    EUR_CENTS,
    FIRST_DEPRECIATION_LABELS,
    GENERAL,
    INTEREST_RULE_LABELS,
    METHOD_LABELS,
    NUMBER,
    PCT,
    RATE,
    SCHEDULE_ROWS,
    YEAR,
    Book,
    Expected,
    PurchaseRefs,
    ResultCell,
    ScheduleCells,
    Split,
    Table,
    Writer,
    annuity,
    area,
    cell,
    depreciation_start,
    describe,
    schedule_formulas,
    sumifs,
    text,
    total,
    write_split,
)

__all__ = [
    "INPUT_SHEETS",
    "RESULT_SHEETS",
    "ResultCell",
    "export_workbook",
    "result_cells",
    "tolerance",
]

README = "Leeswijzer"
BASIS = "Uitgangspunten"
PARTICIPANTS = "Deelnemers"
CATEGORIES = "Categorieën"
SCENARIOS = "Scenario's"
AMOUNTS = "Bedragen per regel"
INVESTMENTS = "Investeringen"
ASSETS = "Activa"
CHARGING_INPUT = "Verrekening invoer"
CAPITAL = "Kapitaallasten"
ASSET_CAPITAL = "Kapitaallasten activa"
CATEGORY_COSTS = "Kosten per categorie"
OUTCOMES = "Uitkomsten"
METRICS = "Kengetallen"
CASH_FLOW = "Kasstroomtabellen"
CHARGING = "Verrekening"
ROUNDING = "Afronding"

INPUT_SHEETS = (
    BASIS,
    PARTICIPANTS,
    CATEGORIES,
    SCENARIOS,
    AMOUNTS,
    INVESTMENTS,
    ASSETS,
    CHARGING_INPUT,
)
"""Sheets with inputs: the case's own and the engine's amounts per line."""
RESULT_SHEETS = (
    CAPITAL,
    ASSET_CAPITAL,
    CATEGORY_COSTS,
    OUTCOMES,
    METRICS,
    CASH_FLOW,
    CHARGING,
    ROUNDING,
)
"""Sheets whose numbers are all formulas (the charging sheets only with a charging design)."""

CONSOLIDATED = "consolidated"
OWN, CHARGED = "eigen", "doorbelast"
YES, NO = "ja", "nee"
ALL_SCENARIOS = "(alle scenario's)"
RATIO_QUANTITIES = ("savings_pct", "simple_payback_years")

HEADER_ROW = 4
FIRST_ROW = 5
"""Every sheet: title in row 1, a note in row 2, headings in row 4, data from row 5."""
YEAR_COL = 5
"""First year column of the result sheets (columns A–D name the row)."""
THRESHOLD_EUR = 1e-6
"""Engine amounts this close to zero (float noise) get no row or cell."""

COMPONENT_LABELS = {
    Component.RETAINED_VISIBLE: "behouden zichtbaar",
    Component.RETAINED_HIDDEN: "behouden verborgen",
    Component.TRANSFERRED_IN: "overgenomen (knip)",
    Component.LEVEL_CHANGE: "niveauwijziging",
    Component.EXISTING_CAPITAL: "kapitaallasten bestaande activa",
    Component.BENEFITS: "baten",
    Component.NEW_STRUCTURAL: "nieuwe structurele kosten",
    Component.NEW_CAPITAL: "kapitaallasten investeringen",
    Component.ONE_OFF: "eenmalige kosten",
    Component.DISINVESTMENT: "desinvestering",
    Component.CHARGED_B: "doorbelast eenmalig",
    Component.CHARGED_C: "doorbelast bestaand",
    Component.CHARGED_D: "doorbelast nieuw",
}
COMPONENT_NOTES = {
    Component.RETAINED_VISIBLE: "Nulmeting zichtbaar, na knip en procentuele wijzigingen",
    Component.RETAINED_HIDDEN: "Nulmeting verborgen, na knip en procentuele wijzigingen",
    Component.TRANSFERRED_IN: "Overgenomen in de knip, na procentuele wijzigingen van de share",
    **dict.fromkeys(
        (Component.CHARGED_B, Component.CHARGED_C, Component.CHARGED_D),
        "Doorbelast door de share (sleutels van de rekenkern)",
    ),
}
LINE_TYPE_LABELS = {
    "transfers": "knip",
    "level_changes": "niveauwijziging",
    "staff_changes": "formatiewijziging",
    "structural_costs": "structurele kosten",
    "one_off_costs": "eenmalige kosten",
    "investments": "investering",
    "markups": "opslag projectkosten",
    "benefits": "baten",
    "asset_retirements": "uitfasering activum",
}
COMPONENT_ROW = "component"
NON_CASH = (Component.EXISTING_CAPITAL, Component.DISINVESTMENT)
CHARGED_COMPONENTS = (Component.CHARGED_B, Component.CHARGED_C, Component.CHARGED_D)


def export_workbook(case: Case, result: CaseResult | None = None) -> bytes:
    """The case as a live .xlsx workbook: inputs, the engine's amounts per line, and result
    sheets that compute everything with formulas (``result`` defaults to ``calculate(case)``)."""
    book = _build(case, result if result is not None else calculate(case))
    out = io.BytesIO()
    book.workbook.save(out)
    return out.getvalue()


def result_cells(case: Case, result: CaseResult | None = None) -> list[ResultCell]:
    """Every result cell of :func:`export_workbook`'s workbook for the same case and result,
    with the engine's value it must equal once a spreadsheet program computed it."""
    return _build(case, result if result is not None else calculate(case)).cells


def tolerance(result_cell: ResultCell) -> float:
    """How close a computed cell must be: exact for years and text, 1e-6 for ratios
    (percentages as fractions, payback in years), € 0,01 for amounts."""
    if not isinstance(result_cell.expected, float):
        return 0.0
    quantity = result_cell.description.split(" · ")[2]
    return 1e-6 if quantity in RATIO_QUANTITIES else 0.01


# --- What the sheets are written from --------------------------------------------------------


@dataclass(frozen=True)
class _AmountRow:
    """A row of *Bedragen per regel*: what a line (or, without a line, a component) costs one
    entity in one category and scenario, per year."""

    scenario: str
    line_id: str
    line_type: str
    description: str | None
    entity: str
    component: Component
    category: str
    cost: FloatArray


@dataclass(frozen=True)
class _Purchase:
    """A purchase of an investment (or a register asset) with its schedule's terms."""

    scenario: str
    line_id: str
    description: str | None
    entity: str
    category: str
    year: int
    amount: float
    term: int
    rate: float
    own_rate: bool
    method: str
    first_depreciation: str
    interest_rule: str


@dataclass
class _Context:
    """What the sheets share: the case, its result, and where things were written."""

    case: Case
    result: CaseResult
    compiled: CompiledCase
    book: Book
    baseline: str
    rates: dict[str, str] = field(default_factory=dict)
    drivers: dict[tuple[str, str], int] = field(default_factory=dict)
    """(participant, driver) → its row on *Deelnemers*."""
    tables: dict[str, Table] = field(default_factory=dict)
    category_rows: dict[tuple[str, str, str], int] = field(default_factory=dict)
    total_rows: dict[tuple[str, str], int] = field(default_factory=dict)
    outcome_rows: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    metric_rows: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return self.result.years

    def year_cols(self) -> range:
        """The year columns of the result sheets."""
        return range(YEAR_COL, YEAR_COL + len(self.years))

    def stakeholders(self) -> list[str]:
        """Participants, the share and the consolidated case, in result order."""
        return [*self.result.participants, SHARE, CONSOLIDATED]

    def entity(self, scenario: str, key: str) -> EntityResult:
        found = self.result.scenario(scenario)
        return found.consolidated if key == CONSOLIDATED else found.entities[key]

    def name(self, key: str) -> str:
        if key == CONSOLIDATED:
            return "Geconsolideerd"
        if key == SHARE:
            return self.case.shared_service.name
        return next(p.name for p in self.case.participants if p.id == key)

    def table(self, key: str) -> Table | None:
        """A table with rows (None when it has none)."""
        found = self.tables.get(key)
        return None if found is None or found.empty else found


def _build(case: Case, result: CaseResult) -> Book:
    book = Book()
    ctx = _Context(case, result, compile_case(case), book, case.baseline_scenario.id)
    purchases, register = _purchases(ctx), _register_assets(ctx)
    chargings = _chargings(case, result)
    book.workbook.active.title = README
    _write_readme(Writer(book, book.workbook.active), ctx, list(chargings))
    _write_basis(ctx, min([p.year for p in register] + [ctx.years[0]]))
    _write_participants(ctx)
    _write_categories(ctx)
    _write_scenarios(ctx)
    _write_amounts(ctx)
    _write_purchases(ctx, INVESTMENTS, purchases)
    _write_purchases(ctx, ASSETS, register)
    _write_corrections(ctx)
    charging_inputs = _write_charging_inputs(ctx, chargings) if chargings else None
    _write_schedules(ctx, CAPITAL, purchases, "Eerste_jaar")
    _write_schedules(ctx, ASSET_CAPITAL, register, "Eerste_jaar_activa")
    _plan(ctx)
    _write_category_costs(ctx)
    _write_outcomes(ctx)
    _write_metrics(ctx)
    _write_cash_flow_tables(ctx)
    if charging_inputs is not None:
        _write_charging(ctx, charging_inputs, chargings)
    return book


# --- Input sheets ----------------------------------------------------------------------------

README_LINES = (
    "Dit werkboek rekent de businesscase na met formules. De invoerbladen bevatten de invoer van",
    "de casus en de bedragen per regel zoals de rekenkern ze berekent; de resultaatbladen rekenen",
    "alles daaruit met formules, zonder getallen in de formules (constanten staan op",
    "Uitgangspunten, tabelkolommen hebben een naam, zie Formules > Namenbeheer).",
    "",
    "Invoer: Uitgangspunten · Deelnemers (rente, volumedrivers) · Categorieën · Scenario's ·",
    "Bedragen per regel (rekenkern) · Investeringen (aanschaf, looptijd, rente, methode) ·",
    "Activa (activastaat van de nulmeting) · Verrekening invoer (producten, tarieven, afnames).",
    "Resultaten: Kapitaallasten en Kapitaallasten activa (afschrijving en rente per aanschaf) ·",
    "Kosten per categorie · Uitkomsten (kosten, verschil met ongewijzigd beleid, cumulatief,",
    "klassen B/C/D, kasstroom) · Kengetallen (omslagpunt, terugverdientijd, besparing, netto",
    "contante waarde, restwaarde) · Kasstroomtabellen · Verrekening en Afronding (facturen,",
    "sleutels en nacalculatie, op de cent met de grootste-restmethode).",
    "",
    "Wijzigt u een invoer, dan rekenen de resultaatbladen mee. Wat de rekenkern per regel berekent",
    "(knip, indexatie, fasering, vertraging en de doorbelasting met de eenvoudige sleutels) staat",
    "als bedrag op Bedragen per regel en volgt de invoer niet.",
)


def _write_readme(sheet: Writer, ctx: _Context, charged: list[str]) -> None:
    sheet.title_rows(
        f"Rekenmodel {ctx.case.cooperation.name}",
        f"Rekenkern {ctx.result.engine_version}, casusversie {ctx.case.version_label or '—'}",
    )
    for row, line in enumerate(README_LINES, start=HEADER_ROW):
        sheet.label(row, 1, line)
    design = ctx.case.charging_design
    missing = (
        [] if design is None else [s for s in applies_to(design, ctx.case) if s not in charged]
    )
    note = None
    if design is None:
        note = "Deze casus heeft geen verrekening."
    elif missing:
        note = f"Geen verrekening (de rekenkern kan ze niet verrekenen): {', '.join(missing)}."
    sheet.label(HEADER_ROW + len(README_LINES) + 1, 1, note)
    sheet.widths([100])


def _write_basis(ctx: _Context, first_asset_year: int) -> None:
    sheet = ctx.book.sheet(BASIS)
    sheet.title_rows(BASIS, "Kaders van de casus en de constanten van de formules.")
    sheet.labels(HEADER_ROW, ["Uitgangspunt", "Waarde", "Naam in formules"], bold=True)
    texts = [
        ("Samenwerking", ctx.case.cooperation.name),
        ("Versie van de casus", ctx.case.version_label or "—"),
        ("Versie van de rekenkern", ctx.result.engine_version),
    ]
    for row, (label, value) in enumerate(texts, start=FIRST_ROW):
        sheet.labels(row, [label, value])
    numbers = [
        ("Eerste_jaar", "Eerste jaar", float(ctx.years[0]), YEAR),
        ("Disconteringsvoet", "Disconteringsvoet", ctx.result.discount_rate, RATE),
        ("Eerste_jaar_activa", "Eerste jaar van de activastaat", float(first_asset_year), YEAR),
        *((c.name, c.label, c.value, GENERAL) for c in CONSTANTS),
    ]
    for row, (name, label, number, fmt) in enumerate(numbers, start=FIRST_ROW + len(texts)):
        sheet.labels(row, [label, None, name])
        sheet.value(row, 2, number, fmt)
        ctx.book.define(name, cell(row, 2, BASIS, absolute=True))
    sheet.widths([48, 34, 24])


DRIVER_YEAR_COL = 3


def _write_participants(ctx: _Context) -> None:
    sheet = ctx.book.sheet(PARTICIPANTS)
    sheet.title_rows(PARTICIPANTS, "Deelnemers en de share, met hun rente en volumedrivers.")
    sheet.labels(HEADER_ROW, ["Entiteit", "Naam", "CBS-code", "Rente"], bold=True)
    share = ctx.case.shared_service
    entities = [(p.id, p.name, p.cbs_code, p.interest_rate) for p in ctx.case.participants]
    entities.append((SHARE, share.name, None, share.interest_rate))
    row = FIRST_ROW
    for key, name, code, rate in entities:
        sheet.labels(row, [key, name, code])
        sheet.value(row, 4, rate, RATE)
        ctx.rates[key] = cell(row, 4, PARTICIPANTS, absolute=True)
        row += 1
    sheet.label(row + 1, 1, "Volumedrivers per jaar", bold=True)
    sheet.labels(row + 2, ["Deelnemer", "Volumedriver", *map(str, ctx.years)], bold=True)
    row += 3
    for participant in ctx.case.participants:
        for driver in ctx.compiled.driver_names:
            given = participant.drivers.get(driver, 0.0)
            sheet.labels(row, [participant.id, driver])
            for t, number in enumerate(held_values(given, ctx.years[0], len(ctx.years))):
                sheet.value(row, DRIVER_YEAR_COL + t, float(number), NUMBER)
            ctx.drivers[(participant.id, driver)] = row
            row += 1
    sheet.widths([16, 34, 14, 10])


def _driver(ctx: _Context, participant: str, driver: str, t: int) -> str:
    """A participant's driver value in year ``t`` (``Nul`` for a driver it does not have)."""
    row = ctx.drivers.get((participant, driver))
    return "Nul" if row is None else cell(row, DRIVER_YEAR_COL + t, PARTICIPANTS)


def _write_categories(ctx: _Context) -> None:
    sheet = ctx.book.sheet(CATEGORIES)
    sheet.title_rows(CATEGORIES, "De kostencategorieën (TCO) van de casus.")
    sheet.labels(HEADER_ROW, ["Categorie", "Naam", "Bovenliggend", "Taakveld"], bold=True)
    for row, c in enumerate(ctx.case.categories, start=FIRST_ROW):
        sheet.labels(row, [c.id, c.name, c.parent, c.budget_code])
    sheet.widths([22, 30, 22, 10])


def _write_scenarios(ctx: _Context) -> None:
    sheet = ctx.book.sheet(SCENARIOS)
    sheet.title_rows(SCENARIOS, "Elk scenario wordt vergeleken met ongewijzigd beleid.")
    headings = ["Scenario", "Naam", "Ongewijzigd beleid", "Deelnemers", "Vertraging (maanden)"]
    sheet.labels(HEADER_ROW, [*headings, "Omschrijving"], bold=True)
    for row, scenario in enumerate(ctx.case.scenarios, start=FIRST_ROW):
        baseline = scenario.id == ctx.baseline
        members = ", ".join(ctx.result.scenario(scenario.id).members)
        sheet.labels(row, [scenario.id, scenario.name, YES if baseline else NO, members])
        sheet.value(row, 5, 0 if baseline else scenario.delay_months, NUMBER)
        sheet.label(row, 6, scenario.description)
    sheet.widths([24, 40, 10, 40, 12, 60])


def _amount_rows(ctx: _Context) -> list[_AmountRow]:
    """The engine's amounts per line (investments are on *Investeringen*), then per entity,
    component and category what no line explains: the retained baseline, the knip and the
    charges of the engine's keys."""
    rows: list[_AmountRow] = []
    for scenario in ctx.result.scenarios:
        rows += [
            _AmountRow(
                scenario.id,
                line.line_id,
                LINE_TYPE_LABELS.get(line.line_type, line.line_type),
                line.description,
                line.entity,
                line.component,
                line.category,
                np.asarray(line.cost),
            )
            for line in scenario.lines
            if line.line_type != "investments"
        ]
        for p, key in enumerate([*ctx.result.participants, SHARE]):
            rest = _unexplained(ctx, scenario.lines, scenario.entities[key], key, p)
            for (component, c), cost in rest.items():
                note = COMPONENT_NOTES.get(component, "Overig (rekenkern)")
                category = ctx.result.categories[c]
                rows.append(
                    _AmountRow(scenario.id, "", COMPONENT_ROW, note, key, component, category, cost)
                )
    return rows


def _unexplained(
    ctx: _Context, lines: list[LineAmounts], entity: EntityResult, key: str, p: int
) -> dict[tuple[Component, int], FloatArray]:
    """An entity's components per category minus its lines (and minus the register assets'
    capital charges, which the workbook computes itself): what has no line of its own."""
    rest = np.array(entity.components, dtype=np.float64)
    for line in lines:
        if line.entity == key:
            rest[line.component, ctx.result.categories.index(line.category)] -= line.cost
    if key != SHARE:
        rest[Component.EXISTING_CAPITAL] -= ctx.compiled.existing_charges[p]
    return {
        (component, c): rest[component, c]
        for component in Component
        for c in range(rest.shape[1])
        if np.max(np.abs(rest[component, c])) > THRESHOLD_EUR
    }


AMOUNT_COLUMNS = (
    "scenario",
    "regel",
    "soort",
    "omschrijving",
    "entiteit",
    "component",
    "klasse",
    "categorie",
    "herkomst",
    "kasstroom",
)


def _write_amounts(ctx: _Context) -> None:
    sheet = ctx.book.sheet(AMOUNTS)
    sheet.title_rows(
        AMOUNTS,
        "Bedragen (lasten) zoals de rekenkern ze per regel, entiteit en categorie berekent; "
        "investeringen staan op Investeringen.",
    )
    headings = ["Scenario", "Regel", "Soort regel", "Omschrijving", "Entiteit", "Component"]
    headings += ["Klasse", "Categorie", "Herkomst", "Telt in kasstroom", *map(str, ctx.years)]
    sheet.labels(HEADER_ROW, headings, bold=True)
    first_year_col = len(AMOUNT_COLUMNS) + 1
    rows = _amount_rows(ctx)
    for row, amounts in enumerate(rows, start=FIRST_ROW):
        component = amounts.component
        sheet.labels(
            row,
            [
                amounts.scenario,
                amounts.line_id,
                amounts.line_type,
                amounts.description,
                amounts.entity,
                COMPONENT_LABELS[component],
                CLASS_OF_COMPONENT[component].upper(),
                amounts.category,
                CHARGED if component in CHARGED_COMPONENTS else OWN,
                NO if component in NON_CASH else YES,
            ],
        )
        for t, number in enumerate(amounts.cost):
            if abs(number) > THRESHOLD_EUR:
                sheet.value(row, first_year_col + t, float(number), EUR)
    columns = {key: col for col, key in enumerate(AMOUNT_COLUMNS, start=1)}
    columns |= {str(y): first_year_col + t for t, y in enumerate(ctx.years)}
    last = FIRST_ROW + len(rows) - 1
    ctx.tables[AMOUNTS] = ctx.book.table(AMOUNTS, FIRST_ROW, last, columns, "Regels")
    sheet.freeze(FIRST_ROW, first_year_col)
    sheet.widths([22, 24, 18, 40, 10, 26, 7, 18, 10, 10])


def _purchases(ctx: _Context) -> list[_Purchase]:
    """Every purchase of every investment line per scenario and entity: the engine's outlays
    (after bearer, basis, index and delay), with the line's terms (non-members: the baseline
    scenario's line, whose results they keep)."""
    resolved = {s.id: ctx.case.resolved(s.id) for s in ctx.case.scenarios}
    out: list[_Purchase] = []
    for scenario in ctx.result.scenarios:
        for line in scenario.lines:
            if line.line_type != "investments":
                continue
            outside = line.entity != SHARE and line.entity not in scenario.members
            source = resolved[ctx.baseline if outside else scenario.id]
            investment = next(i for i in source.investments if i.id == line.line_id)
            out += [
                _investment_purchase(ctx, scenario.id, line, investment, t, float(amount))
                for t, amount in enumerate(np.asarray(line.cash))
                if abs(amount) > THRESHOLD_EUR
            ]
    return out


def _investment_purchase(
    ctx: _Context, scenario: str, line: LineAmounts, inv: Investment, t: int, amount: float
) -> _Purchase:
    bearer = (
        ctx.case.shared_service
        if line.entity == SHARE
        else next(p for p in ctx.case.participants if p.id == line.entity)
    )
    return _Purchase(
        scenario=scenario,
        line_id=line.line_id,
        description=line.description,
        entity=line.entity,
        category=line.category,
        year=ctx.years[t],
        amount=amount,
        term=inv.term_years
        or bearer.depreciation_terms.get(inv.category, DEFAULT_DEPRECIATION_TERM_YEARS),
        rate=bearer.interest_rate if inv.interest_rate is None else inv.interest_rate,
        own_rate=inv.interest_rate is not None,
        method=inv.method.value,
        first_depreciation=inv.first_depreciation.value,
        interest_rule=inv.interest_rule.value,
    )


def _register_assets(ctx: _Context) -> list[_Purchase]:
    """The assets of the participants' registers (the same in every scenario)."""
    return [
        _Purchase(
            scenario=ALL_SCENARIOS,
            line_id=asset.id,
            description=asset.description,
            entity=participant.id,
            category=asset.category,
            year=asset.purchase_year,
            amount=asset.amount_eur,
            term=asset.term_years
            or participant.depreciation_terms.get(asset.category, DEFAULT_DEPRECIATION_TERM_YEARS),
            rate=participant.interest_rate,
            own_rate=False,
            method=asset.method.value,
            first_depreciation="next_year",
            interest_rule="book_value_jan_1",
        )
        for participant in ctx.case.participants
        for asset in participant.baseline.assets
    ]


PURCHASE_COLUMNS = {
    "scenario": "Scenario",
    "regel": "Regel",
    "omschrijving": "Omschrijving",
    "entiteit": "Entiteit",
    "categorie": "Categorie",
    "jaar": "Aanschafjaar",
    "bedrag": "Bedrag",
    "looptijd": "Looptijd (jaren)",
    "rente": "Rente",
    "methode": "Methode",
    "afschrijving": "Eerste afschrijving",
    "renteregel": "Rente over boekwaarde",
}
PURCHASE_NOTES = {
    INVESTMENTS: "Elke aanschaf van een investering per scenario en entiteit, zoals de rekenkern "
    "ze berekent (na drager, grondslag, indexatie en vertraging), met looptijd, rente en methode.",
    ASSETS: "De activastaat van de nulmeting: bestaande activa, in elk scenario.",
}
PURCHASE_PREFIX = {INVESTMENTS: "Aanschaf", ASSETS: "Activum"}


def _write_purchases(ctx: _Context, title: str, purchases: list[_Purchase]) -> None:
    sheet = ctx.book.sheet(title)
    sheet.title_rows(title, PURCHASE_NOTES[title])
    sheet.labels(HEADER_ROW, list(PURCHASE_COLUMNS.values()), bold=True)
    columns = {key: col for col, key in enumerate(PURCHASE_COLUMNS, start=1)}
    for row, p in enumerate(purchases, start=FIRST_ROW):
        sheet.labels(row, [p.scenario, p.line_id, p.description, p.entity, p.category])
        sheet.value(row, columns["jaar"], p.year, YEAR)
        sheet.value(row, columns["bedrag"], p.amount, EUR)
        sheet.value(row, columns["looptijd"], p.term, NUMBER)
        if p.own_rate:
            sheet.value(row, columns["rente"], p.rate, RATE)
        else:
            # The bearer's rate: changing it on Deelnemers changes all its schedules.
            sheet.formula(row, columns["rente"], ctx.rates[p.entity], RATE)
        sheet.label(row, columns["methode"], METHOD_LABELS[p.method])
        sheet.label(row, columns["afschrijving"], FIRST_DEPRECIATION_LABELS[p.first_depreciation])
        sheet.label(row, columns["renteregel"], INTEREST_RULE_LABELS[p.interest_rule])
    last = FIRST_ROW + len(purchases) - 1
    ctx.tables[title] = ctx.book.table(title, FIRST_ROW, last, columns, PURCHASE_PREFIX[title])
    sheet.widths([22, 26, 40, 10, 18, 12, 14, 10, 8, 10, 14, 14])


def _write_corrections(ctx: _Context) -> None:
    """What the engine's residual value holds besides the book values of the investments and
    the register: minus the book value of assets retired within the horizon."""
    sheet = Writer(ctx.book, ctx.book.workbook[ASSETS])
    first = ctx.tables[ASSETS].last_row + 4
    sheet.label(first - 2, 1, "Restwaarde van uitgefaseerde activa (rekenkern)", bold=True)
    sheet.labels(first - 1, ["Scenario", "Entiteit", "Bedrag"], bold=True)
    row = first
    for scenario in ctx.result.scenarios:
        for p, key in enumerate([*ctx.result.participants, SHARE]):
            entity = scenario.entities[key]
            book = 0.0 if entity.investment_book_value is None else entity.investment_book_value[-1]
            register = 0.0 if key == SHARE else ctx.compiled.existing_residual[p]
            amount = entity.metrics.residual_value - float(book) - float(register)
            if abs(amount) > THRESHOLD_EUR:
                sheet.labels(row, [scenario.id, key])
                sheet.value(row, 3, amount, EUR)
                row += 1
    columns = {"scenario": 1, "entiteit": 2, "bedrag": 3}
    ctx.tables["corrections"] = ctx.book.table(ASSETS, first, row - 1, columns, "Restwaarde")


# --- Capital charges -------------------------------------------------------------------------

SCHEDULE_COLUMNS = ("scenario", "regel", "entiteit", "categorie", "rij")
SCHEDULE_PREFIX = {CAPITAL: "Schema", ASSET_CAPITAL: "Activaschema"}
SCHEDULE_INPUTS = {CAPITAL: INVESTMENTS, ASSET_CAPITAL: ASSETS}
START_COL, ANNUITY_COL, SCHEDULE_YEAR_COL = 6, 7, 8


def _write_schedules(
    ctx: _Context, title: str, purchases: list[_Purchase], first_year_name: str
) -> None:
    """A capital-charge schedule (five rows) per purchase on the sheet of inputs."""
    inputs = ctx.tables[SCHEDULE_INPUTS[title]]
    sheet = ctx.book.sheet(title)
    sheet.title_rows(
        title, f"Per aanschaf op {inputs.sheet}: boekwaarde, afschrijving, rente, kapitaallasten."
    )
    headings = ["Scenario", "Regel", "Entiteit", "Categorie", "Regel in schema", "Begin"]
    sheet.labels(HEADER_ROW, [*headings, "Annuïteit"], bold=True)
    first_year = min([p.year for p in purchases] + [ctx.years[0]])
    years = list(range(first_year, ctx.years[-1] + 1))
    _year_header(sheet, years, SCHEDULE_YEAR_COL, first_year_name)
    for index, purchase in enumerate(purchases):
        keys = ("bedrag", "jaar", "looptijd", "rente", "methode", "afschrijving", "renteregel")
        refs = PurchaseRefs(*(inputs.ref(inputs.first_row + index, key) for key in keys))
        _write_schedule(sheet, FIRST_ROW + index * len(SCHEDULE_ROWS), refs, purchase, years)
    if not purchases:
        sheet.label(FIRST_ROW, 1, "Geen aanschaffen.")
    columns = {key: col for col, key in enumerate(SCHEDULE_COLUMNS, start=1)}
    columns |= {str(y): SCHEDULE_YEAR_COL + t for t, y in enumerate(years)}
    last = FIRST_ROW + len(purchases) * len(SCHEDULE_ROWS) - 1
    ctx.tables[title] = ctx.book.table(title, FIRST_ROW, last, columns, SCHEDULE_PREFIX[title])
    sheet.freeze(FIRST_ROW, SCHEDULE_YEAR_COL)
    sheet.widths([22, 24, 10, 18, 22, 8, 12])


def _year_header(sheet: Writer, years: Sequence[int], first_col: int, first_name: str) -> None:
    """Year headings as formulas: the first a constant, each next one a year later."""
    bodies = [first_name] + [
        f"{cell(HEADER_ROW, first_col + t)}+Een" for t in range(len(years) - 1)
    ]
    descriptions = [describe("-", "-", "year", y) for y in years]
    sheet.series(HEADER_ROW, first_col, bodies, YEAR, list(years), descriptions)


def _write_schedule(
    sheet: Writer, row: int, refs: PurchaseRefs, p: _Purchase, years: list[int]
) -> None:
    expected = capital_charge_schedule(
        p.amount, p.year, p.term, p.rate, p.method, p.first_depreciation, p.interest_rule, years
    )
    for offset, kind in enumerate(SCHEDULE_ROWS):
        sheet.labels(row + offset, [p.scenario, p.line_id, p.entity, p.category, kind])
    sheet.formula(row, START_COL, depreciation_start(refs), YEAR)
    sheet.formula(row, ANNUITY_COL, annuity(refs), EUR)
    rows = range(row, row + len(SCHEDULE_ROWS))
    for t, year in enumerate(years):
        col = SCHEDULE_YEAR_COL + t
        at = [cell(r, col) for r in rows]
        cells = ScheduleCells(
            year=cell(HEADER_ROW, col, absolute=True),
            start=cell(row, START_COL, absolute=True),
            annuity=cell(row, ANNUITY_COL, absolute=True),
            opening=at[0],
            depreciation=at[1],
            interest=at[2],
            closing=at[4],
            previous_closing=cell(row + 4, col - 1) if t else None,
        )
        for k, body in enumerate(schedule_formulas(refs, cells)):
            quantity = f"{FIELDS[k]}[{p.line_id}/{p.year}]"
            value = float(getattr(expected, FIELDS[k])[t])
            sheet.formula(
                row + k, col, body, EUR, value, describe(p.scenario, p.entity, quantity, year)
            )


# --- Sums over the input sheets --------------------------------------------------------------


@dataclass(frozen=True)
class _Who:
    """Whose amounts a sum takes: references to the cells that hold the scenario id and the
    entity id (``entity`` None: the consolidated case, every entity's own amounts)."""

    scenario: str
    entity: str | None


def _who(row: int, stakeholder: str) -> _Who:
    """The scenario in column A and the entity in column B of ``row``."""
    return _Who(f"$A{row}", None if stakeholder == CONSOLIDATED else f"$B{row}")


Criteria = Sequence[tuple[str, str]]


def _amount_sum(ctx: _Context, year: int, who: _Who, extra: Criteria = ()) -> list[str]:
    """The engine's amounts per line in ``year`` for ``who``, with more criteria
    ``(column, criterion)``."""
    table = ctx.table(AMOUNTS)
    if table is None:
        return []
    owner = ("herkomst", text(OWN)) if who.entity is None else ("entiteit", who.entity)
    criteria = [("scenario", who.scenario), owner, *extra]
    return [sumifs(table.range(str(year)), [(table.range(k), c) for k, c in criteria])]


def _capital_sum(
    ctx: _Context,
    year: int,
    who: _Who,
    row_kind: str,
    extra: Criteria = (),
    sheets: Sequence[str] = (CAPITAL, ASSET_CAPITAL),
) -> list[str]:
    """A row of the capital-charge schedules (``row_kind``) in ``year`` for ``who``: of the
    investments (per scenario) and of the register assets (the same in every scenario)."""
    terms = []
    for title in sheets:
        table = ctx.table(title)
        if table is None:
            continue
        criteria = [("scenario", who.scenario)] if title == CAPITAL else []
        if who.entity is not None:
            criteria.append(("entiteit", who.entity))
        criteria += [("rij", text(row_kind)), *extra]
        terms.append(sumifs(table.range(str(year)), [(table.range(k), c) for k, c in criteria]))
    return terms


def _outlay_sum(ctx: _Context, year_ref: str, who: _Who, extra: Criteria = ()) -> list[str]:
    """The investment outlays (purchases) in the year ``year_ref`` for ``who``."""
    table = ctx.table(INVESTMENTS)
    if table is None:
        return []
    criteria = [("scenario", who.scenario)]
    if who.entity is not None:
        criteria.append(("entiteit", who.entity))
    criteria += [("jaar", year_ref), *extra]
    return [sumifs(table.range("bedrag"), [(table.range(k), c) for k, c in criteria])]


# --- Costs, outcomes and metrics -------------------------------------------------------------

OUTCOME_ROWS: tuple[tuple[str, str], ...] = (
    ("cost", "Kosten (lasten)"),
    ("difference", "Verschil met ongewijzigd beleid"),
    ("cumulative_difference", "Cumulatief verschil"),
    ("stays", "Cumulatief verschil blijft ≤ 0 tot het einde (1 = ja)"),
    ("b", "Klasse B: eenmalige kosten en desinvestering"),
    ("c", "Klasse C: bestaande kostenregels"),
    ("d", "Klasse D: nieuwe structurele regels"),
    ("abcd.b", "B: verschil met ongewijzigd beleid"),
    ("abcd.c", "C: verschil met ongewijzigd beleid"),
    ("abcd.d", "D: verschil met ongewijzigd beleid"),
    ("investment_outlays", "Investeringsuitgaven"),
    ("cash", "Kasstroom (uitgaven)"),
    ("cash_difference", "Kasstroomverschil"),
    ("net_cash_flow", "Netto kasstroom (voor de netto contante waarde)"),
    ("investment_book_value", "Boekwaarde investeringen 31 december"),
)
SHARE_ROWS: tuple[tuple[str, str], ...] = (
    ("charge_income", "Opbrengst doorbelasting"),
    ("result", "Resultaat van de share"),
)


def _outcome_rows(stakeholder: str) -> tuple[tuple[str, str], ...]:
    return OUTCOME_ROWS + (SHARE_ROWS if stakeholder == SHARE else ())


def _plan(ctx: _Context) -> None:
    """Where every block of the cost, outcome and metric sheets goes, so that formulas can
    point at blocks written later (the baseline scenario's, the metrics)."""
    row_costs = row_outcomes = row_metrics = FIRST_ROW
    for scenario in ctx.result.scenarios:
        for stakeholder in ctx.stakeholders():
            key = (scenario.id, stakeholder)
            for category in ctx.result.categories:
                ctx.category_rows[(*key, category)] = row_costs
                row_costs += 1
            ctx.total_rows[key] = row_costs
            rows = _outcome_rows(stakeholder)
            ctx.outcome_rows[key] = {name: row_outcomes + 1 + i for i, (name, _) in enumerate(rows)}
            ctx.metric_rows[key] = row_metrics
            row_costs += 2
            row_outcomes += len(rows) + 2
            row_metrics += 1


def _result_sheet(ctx: _Context, title: str, note: str, headings: Sequence[str]) -> Writer:
    sheet = ctx.book.sheet(title)
    sheet.title_rows(title, note)
    sheet.labels(HEADER_ROW, headings, bold=True)
    _year_header(sheet, ctx.years, YEAR_COL, "Eerste_jaar")
    sheet.freeze(FIRST_ROW, YEAR_COL)
    sheet.widths([22, 14, 22, 44])
    return sheet


def _names(
    sheet: Writer, row: int, scenario: str, stakeholder: str, third: str, fourth: str
) -> None:
    entity = "geconsolideerd" if stakeholder == CONSOLIDATED else stakeholder
    sheet.labels(row, [scenario, entity, third, fourth])


def _descriptions(ctx: _Context, scenario: str, stakeholder: str, quantity: str) -> list[str]:
    return [describe(scenario, stakeholder, quantity, year) for year in ctx.years]


def _write_category_costs(ctx: _Context) -> None:
    sheet = _result_sheet(
        ctx,
        CATEGORY_COSTS,
        "Kosten (lasten) per scenario, entiteit en categorie: bedragen per regel plus "
        "kapitaallasten.",
        ["Scenario", "Entiteit", "Categorie", "Omschrijving"],
    )
    names = {c.id: c.name for c in ctx.case.categories}
    for scenario in ctx.result.scenarios:
        for stakeholder in ctx.stakeholders():
            entity = ctx.entity(scenario.id, stakeholder)
            rows = []
            for c, category in enumerate(ctx.result.categories):
                row = ctx.category_rows[(scenario.id, stakeholder, category)]
                rows.append(row)
                _names(sheet, row, scenario.id, stakeholder, category, names[category])
                who, by_category = _who(row, stakeholder), [("categorie", f"$C{row}")]
                bodies = [
                    total(
                        _amount_sum(ctx, year, who, by_category)
                        + _capital_sum(ctx, year, who, CHARGE_ROW, by_category)
                    )
                    for year in ctx.years
                ]
                quantity = f"cost_by_category[{category}]"
                sheet.series(
                    row,
                    YEAR_COL,
                    bodies,
                    EUR,
                    list(entity.cost_by_category[c]),
                    _descriptions(ctx, scenario.id, stakeholder, quantity),
                )
            row = ctx.total_rows[(scenario.id, stakeholder)]
            _names(sheet, row, scenario.id, stakeholder, "", "")
            sheet.label(row, 4, f"Totaal {ctx.name(stakeholder)}", bold=True)
            bodies = [f"SUM({area(rows[0], col, rows[-1], col)})" for col in ctx.year_cols()]
            descriptions = _descriptions(ctx, scenario.id, stakeholder, "cost")
            sheet.series(row, YEAR_COL, bodies, EUR, list(entity.cost), descriptions)


def _class_total(entity: EntityResult, cls: str) -> FloatArray:
    """The entity's cost of one class (B, C or D), from the engine's components."""
    parts = [entity.components[k].sum(axis=0) for k in Component if CLASS_OF_COMPONENT[k] == cls]
    return np.asarray(np.sum(parts, axis=0))


def _outcome_expected(ctx: _Context, scenario: str, stakeholder: str) -> dict[str, FloatArray]:
    """What the engine says for every row of an outcome block (not for helper rows)."""
    entity = ctx.entity(scenario, stakeholder)
    baseline = ctx.entity(ctx.baseline, stakeholder)
    residual = np.array(entity.metrics.residual_value - baseline.metrics.residual_value)
    expected = {
        "cost": entity.cost,
        "difference": entity.difference,
        "cumulative_difference": entity.cumulative_difference,
        **{cls: _class_total(entity, cls) for cls in ("b", "c", "d")},
        **{f"abcd.{cls}": entity.abcd[cls] for cls in ("b", "c", "d")},
        "investment_outlays": entity.investment_outlays,
        "cash": entity.cash,
        "cash_difference": entity.cash_difference,
        "net_cash_flow": net_cash_flows(np.asarray(entity.cash_difference), residual),
    }
    optional = {
        "investment_book_value": entity.investment_book_value,
        "charge_income": entity.charge_income,
        "result": entity.result,
    }
    return expected | {key: value for key, value in optional.items() if value is not None}


def _write_outcomes(ctx: _Context) -> None:
    sheet = _result_sheet(
        ctx,
        OUTCOMES,
        "Per scenario en entiteit: kosten, verschil met ongewijzigd beleid, cumulatief verschil, "
        "klassen B/C/D en kasstroom.",
        ["Scenario", "Entiteit", "Naam", "Grootheid"],
    )
    for scenario in ctx.result.scenarios:
        for stakeholder in ctx.stakeholders():
            rows = ctx.outcome_rows[(scenario.id, stakeholder)]
            title = f"{ctx.name(stakeholder)} — {scenario.name}"
            sheet.labels(min(rows.values()) - 1, [scenario.id, None, title], bold=True)
            expected = _outcome_expected(ctx, scenario.id, stakeholder)
            for key, label in _outcome_rows(stakeholder):
                _names(sheet, rows[key], scenario.id, stakeholder, ctx.name(stakeholder), label)
                bodies = [
                    _outcome_formula(ctx, key, scenario.id, stakeholder, t)
                    for t in range(len(ctx.years))
                ]
                values = expected.get(key)
                sheet.series(
                    rows[key],
                    YEAR_COL,
                    bodies,
                    NUMBER if key == "stays" else EUR,
                    None if values is None else list(values),
                    None if values is None else _descriptions(ctx, scenario.id, stakeholder, key),
                )


def _outcome_formula(ctx: _Context, key: str, scenario: str, stakeholder: str, t: int) -> str:
    """The formula of one row of an outcome block in year ``t``."""
    rows = ctx.outcome_rows[(scenario, stakeholder)]
    base = ctx.outcome_rows[(ctx.baseline, stakeholder)]
    col, year = YEAR_COL + t, ctx.years[t]
    last = t == len(ctx.years) - 1
    who = _who(rows[key], stakeholder)

    def here(name: str, offset: int = 0) -> str:
        return cell(rows[name], col + offset)

    def against_baseline(name: str) -> str:
        return f"{here(name)}-{cell(base[name], col)}"

    if key == "cost":
        return cell(ctx.total_rows[(scenario, stakeholder)], col, CATEGORY_COSTS)
    if key in ("difference", "cash_difference"):
        return against_baseline("cost" if key == "difference" else "cash")
    if key.startswith("abcd."):
        return against_baseline(key[-1])
    if key == "cumulative_difference":
        return f"{here(key, -1)}+{here('difference')}" if t else here("difference")
    if key == "stays":
        within = f"{here('cumulative_difference')}<=Tolerantie"
        return f"IF({within if last else f'AND({within},{here(key, 1)}=Een)'},Een,Nul)"
    if key in ("b", "c", "d"):
        schedules = {"b": (), "c": (ASSET_CAPITAL,), "d": (CAPITAL,)}[key]
        return total(
            _amount_sum(ctx, year, who, [("klasse", text(key.upper()))])
            + _capital_sum(ctx, year, who, CHARGE_ROW, sheets=schedules)
        )
    if key == "investment_outlays":
        return total(_outlay_sum(ctx, cell(HEADER_ROW, col, absolute=True), who))
    if key == "cash":
        flows = _amount_sum(ctx, year, who, [("kasstroom", text(YES))])
        return total([*flows, here("investment_outlays")])
    if key == "net_cash_flow":
        flow = f"-{here('cash_difference')}"
        return f"{flow}+({_residual_difference(ctx, scenario, stakeholder)})" if last else flow
    if key == "investment_book_value":
        return total(_capital_sum(ctx, year, who, CLOSING_ROW, sheets=(CAPITAL,)))
    if key == "charge_income":
        table = ctx.table(AMOUNTS)
        return (
            "Nul"
            if table is None
            else sumifs(
                table.range(str(year)),
                [(table.range("scenario"), who.scenario), (table.range("herkomst"), text(CHARGED))],
            )
        )
    return f"{here('charge_income')}-{here('cost')}"


def _residual_difference(ctx: _Context, scenario: str, stakeholder: str) -> str:
    """The residual value of the scenario minus that of the baseline scenario (Kengetallen)."""
    col = METRIC_COLUMNS["residual_value"]
    rows = (ctx.metric_rows[(scenario, stakeholder)], ctx.metric_rows[(ctx.baseline, stakeholder)])
    return f"{cell(rows[0], col, METRICS)}-{cell(rows[1], col, METRICS)}"


METRIC_HEADINGS = {
    "scenario": "Scenario",
    "entity": "Entiteit",
    "name": "Naam",
    "break_even_year": "Omslagpunt",
    "break_even_is_estimate": "Omslagpunt na de horizon (schatting)",
    "simple_payback_years": "Eenvoudige terugverdientijd",
    "savings_pct": "Besparing",
    "npv": "Netto contante waarde",
    "residual_value": "Restwaarde",
    "sum_difference": "Hulp: som verschil",
    "sum_baseline": "Hulp: som kosten ongewijzigd beleid",
    "last_structural": "Hulp: laatste structurele verschil",
    "extra_spent": "Hulp: extra eenmalig en investeringen",
    "nonzero_years": "Hulp: jaren met verschil",
    "found": "Hulp: omslag binnen de horizon (1 = ja)",
    "years_after": "Hulp: jaren na de horizon",
}
METRIC_COLUMNS = {key: col for col, key in enumerate(METRIC_HEADINGS, start=1)}
METRIC_FORMATS = {
    "break_even_year": YEAR,
    "break_even_is_estimate": GENERAL,
    "simple_payback_years": DURATION,
    "savings_pct": PCT,
    "nonzero_years": NUMBER,
    "found": NUMBER,
    "years_after": NUMBER,
}
NOT_APPLICABLE = "n.v.t."


def _write_metrics(ctx: _Context) -> None:
    sheet = ctx.book.sheet(METRICS)
    sheet.title_rows(
        METRICS,
        "Omslagpunt, terugverdientijd, besparing, netto contante waarde en restwaarde, uit de "
        "reeksen op Uitkomsten (n.v.t. voor de share: die heeft geen eigen nulsituatie).",
    )
    sheet.labels(HEADER_ROW, list(METRIC_HEADINGS.values()), bold=True)
    for scenario in ctx.result.scenarios:
        for stakeholder in ctx.stakeholders():
            _write_metric_row(ctx, sheet, scenario.id, stakeholder)
    sheet.freeze(FIRST_ROW, 4)
    sheet.widths([22, 14, 30, 12, 14, 14, 11, 16, 16, 16, 16, 16, 16, 10, 10, 10])


def _write_metric_row(ctx: _Context, sheet: Writer, scenario: str, stakeholder: str) -> None:
    row = ctx.metric_rows[(scenario, stakeholder)]
    metrics = ctx.entity(scenario, stakeholder).metrics
    _names(sheet, row, scenario, stakeholder, ctx.name(stakeholder), "")
    expected: dict[str, Expected] = {
        "residual_value": metrics.residual_value,
        "break_even_year": metrics.break_even_year,
        "break_even_is_estimate": YES if metrics.break_even_is_estimate else NO,
        "simple_payback_years": metrics.simple_payback_years,
        "savings_pct": None if metrics.savings_pct is None else metrics.savings_pct / 100.0,
        "npv": metrics.npv,
    }
    bodies = {"residual_value": _residual_formula(ctx, row, stakeholder)}
    if stakeholder == SHARE:
        for key in list(expected)[1:]:
            sheet.label(row, METRIC_COLUMNS[key], NOT_APPLICABLE)
    else:
        bodies |= _metric_formulas(ctx, row, scenario, stakeholder)
    for key, body in bodies.items():
        description = describe(scenario, stakeholder, key) if key in expected else None
        fmt = METRIC_FORMATS.get(key, EUR)
        sheet.formula(row, METRIC_COLUMNS[key], body, fmt, expected.get(key), description)


def _metric_formulas(ctx: _Context, row: int, scenario: str, stakeholder: str) -> dict[str, str]:
    """Break-even year, payback, savings and NPV as the engine defines them (domain §2.5),
    with the helper cells they need."""
    rows = ctx.outcome_rows[(scenario, stakeholder)]
    base = ctx.outcome_rows[(ctx.baseline, stakeholder)]
    first, last = YEAR_COL, YEAR_COL + len(ctx.years) - 1
    ref = {key: cell(row, col) for key, col in METRIC_COLUMNS.items()}

    def series(name: str, block: dict[str, int] = rows) -> str:
        return area(block[name], first, block[name], last, OUTCOMES)

    def final(name: str) -> str:
        return cell(rows[name], last, OUTCOMES)

    years = area(HEADER_ROW, first, HEADER_ROW, last, OUTCOMES)
    saving = f"-{ref['last_structural']}"
    after = ref["years_after"]
    estimate = (
        f"IF(ISNUMBER({after}),IF({after}<=Max_jaren_na_horizon,"
        f'{cell(HEADER_ROW, last, OUTCOMES)}+{after},""),"")'
    )
    within = f"INDEX({years},MATCH(Een,{series('stays')},Nul))"
    return {
        "sum_difference": f"SUM({series('difference')})",
        "sum_baseline": f"SUM({series('cost', base)})",
        "last_structural": f"{final('difference')}-{final('abcd.b')}",
        "extra_spent": f"SUM({series('abcd.b')})+SUM({series('investment_outlays')})"
        f"-SUM({series('investment_outlays', base)})",
        "nonzero_years": f"SUMPRODUCT((ABS({series('difference')})>Tolerantie)*Een)",
        "found": f"MAX({series('stays')})",
        "years_after": f"IF(AND({ref['found']}=Nul,{ref['last_structural']}<-Tolerantie),"
        f'MAX(ROUNDUP(({final("cumulative_difference")}-Tolerantie)/({saving}),Nul),Een),"")',
        "break_even_year": f'IF({ref["nonzero_years"]}=Nul,"",'
        f"IF({ref['found']}=Een,{within},{estimate}))",
        "break_even_is_estimate": f"IF(AND({ref['nonzero_years']}>Nul,{ref['found']}=Nul,"
        f'ISNUMBER({ref["break_even_year"]})),"{YES}","{NO}")',
        "simple_payback_years": f"IF(AND({ref['extra_spent']}>Tolerantie,{saving}>Tolerantie),"
        f'{ref["extra_spent"]}/({saving}),"")',
        "savings_pct": f"IF(ABS({ref['sum_baseline']})>Tolerantie,"
        f'-{ref["sum_difference"]}/{ref["sum_baseline"]},"")',
        "npv": f"NPV(Disconteringsvoet,{series('net_cash_flow')})*(Een+Disconteringsvoet)",
    }


def _residual_formula(ctx: _Context, row: int, stakeholder: str) -> str:
    """Book values at the end of the horizon (investments and register assets) plus the
    engine's correction for assets retired within the horizon."""
    who = _who(row, stakeholder)
    terms = _capital_sum(ctx, ctx.years[-1], who, CLOSING_ROW)
    table = ctx.table("corrections")
    if table is not None:
        criteria = [(table.range("scenario"), who.scenario)]
        if who.entity is not None:
            criteria.append((table.range("entiteit"), who.entity))
        terms.append(sumifs(table.range("bedrag"), criteria))
    return total(terms)


# --- Cash-flow tables ------------------------------------------------------------------------

CASH_FLOW_COMPONENTS = {
    "retained": (Component.RETAINED_VISIBLE, Component.RETAINED_HIDDEN),
    "transferred_in": (Component.TRANSFERRED_IN,),
    "charged": (Component.CHARGED_C, Component.CHARGED_D),
    "charged_one_off": (Component.CHARGED_B,),
}
"""Rows of the cash-flow table that sum components rather than lines."""
CASH_FLOW_TOTALS = {
    "total_benefits": "baten",
    "total_operating": "exploitatie",
    "total_investments": "investeringen",
}
CASH_FLOW_RUNNING = {
    "cumulative_benefits": "total_benefits",
    "cumulative_costs": "total_costs",
    "cumulative_cash_flow": "cash_flow",
}


def _write_cash_flow_tables(ctx: _Context) -> None:
    sheet = _result_sheet(
        ctx,
        CASH_FLOW,
        "De kasstroomtabel per scenario en belanghebbende (kasstroom, zonder rente), uit de "
        "bedragen per regel en de investeringsuitgaven.",
        ["Scenario", "Belanghebbende", "Rij", "Omschrijving"],
    )
    sheet.row = FIRST_ROW
    for scenario in ctx.result.scenarios:
        for stakeholder in ctx.stakeholders():
            _write_cash_flow_table(ctx, sheet, scenario.id, stakeholder)


def _write_cash_flow_table(ctx: _Context, sheet: Writer, scenario: str, stakeholder: str) -> None:
    """The engine's cash-flow table (its rows, labels and values) with a formula per cell."""
    table = cash_flow_table(ctx.result, scenario, stakeholder)
    lines = [
        line
        for line in ctx.result.scenario(scenario).lines
        if stakeholder == CONSOLIDATED or line.entity == stakeholder
    ]
    one_off = {line.line_id for line in lines if line.component is Component.ONE_OFF}
    sheet.labels(sheet.row, [scenario, None, None, f"Kasstroomtabel {ctx.name(stakeholder)}"], True)
    sections: dict[str, list[int]] = {}
    rows: dict[str, int] = {}
    for offset, engine_row in enumerate(table.rows, start=1):
        row = sheet.row + offset
        rows[engine_row.key] = row
        _names(sheet, row, scenario, stakeholder, engine_row.key, engine_row.label)
        if engine_row.is_total:
            sheet.label(row, 4, engine_row.label, bold=True)
            bodies = _cash_flow_total(ctx, engine_row.key, sections, rows)
        else:
            sections.setdefault(engine_row.section, []).append(row)
            bodies = _cash_flow_line(ctx, row, stakeholder, engine_row, lines, one_off)
        quantity = f"cash_flow_table[{engine_row.key}]"
        descriptions = _descriptions(ctx, scenario, stakeholder, quantity)
        sheet.series(row, YEAR_COL, bodies, EUR, list(engine_row.values), descriptions)
    sheet.row += len(table.rows) + 2


def _cash_flow_line(
    ctx: _Context,
    row: int,
    stakeholder: str,
    engine_row: CashFlowRow,
    lines: list[LineAmounts],
    one_off: set[str],
) -> list[str]:
    """A line row per year: the line's (its id is in column C) amounts, components, or
    investment outlays. The engine puts a section's one-off lines before its investments, so
    an id that is both is a one-off the first time."""
    who, key = _who(row, stakeholder), engine_row.key
    line = [("regel", f"$C{row}")]

    def amounts(criteria: Criteria) -> list[str]:
        return [total(_amount_sum(ctx, year, who, criteria)) for year in ctx.years]

    def components(parts: Sequence[Component]) -> list[str]:
        per_part = [amounts([("component", text(COMPONENT_LABELS[c]))]) for c in parts]
        return ["+".join(terms) for terms in zip(*per_part, strict=True)]

    if key in CASH_FLOW_COMPONENTS:
        return components(CASH_FLOW_COMPONENTS[key])
    if engine_row.section == "baten":
        label = text(COMPONENT_LABELS[Component.BENEFITS])
        return [f"-({body})" for body in amounts([*line, ("component", label)])]
    if engine_row.section == "exploitatie":
        types = {ln.line_type for ln in lines if ln.line_id == key}
        per_type = [
            amounts([*line, ("soort", text(LINE_TYPE_LABELS[kind]))])
            for kind in sorted(types & set(OPERATING_LINE_TYPES))
        ]
        return ["+".join(terms) for terms in zip(*per_type, strict=True)]
    if key in one_off:
        one_off.discard(key)
        return amounts([*line, ("component", text(COMPONENT_LABELS[Component.ONE_OFF]))])
    years = [cell(HEADER_ROW, col, absolute=True) for col in ctx.year_cols()]
    return [total(_outlay_sum(ctx, year, who, line)) for year in years]


def _cash_flow_total(
    ctx: _Context, key: str, sections: dict[str, list[int]], rows: dict[str, int]
) -> list[str]:
    """A total row per year, from the rows above it."""
    cols = list(ctx.year_cols())
    if key in CASH_FLOW_TOTALS:
        parts = sections.get(CASH_FLOW_TOTALS[key], [])
        return [total([cell(r, col) for r in parts]) for col in cols]
    if key == "total_costs":
        return [
            f"{cell(rows['total_operating'], c)}+{cell(rows['total_investments'], c)}" for c in cols
        ]
    if key == "cash_flow":
        return [f"{cell(rows['total_benefits'], c)}-{cell(rows['total_costs'], c)}" for c in cols]
    source, own = rows[CASH_FLOW_RUNNING[key]], rows[key]
    return [
        cell(source, c) if c == YEAR_COL else f"{cell(own, c - 1)}+{cell(source, c)}" for c in cols
    ]


# --- Charging (verrekening): inputs ----------------------------------------------------------

TARIFF_LABELS = {
    TariffKind.FIXED: "vast",
    TariffKind.TIERED: "getrapt",
    TariffKind.VARIABLE: "variabel",
    TariffKind.COMPOSITE: "samengesteld",
}
KEY_LABELS = {
    KeyKind.INHABITANTS: "inwoners",
    KeyKind.WORKPLACES: "werkplekken",
    KeyKind.ACCOUNTS: "accounts",
    KeyKind.EMPLOYEES: "medewerkers",
    KeyKind.DRIVER: "volumedriver",
    KeyKind.EQUAL: "gelijke delen",
    KeyKind.FIXED: "vaste percentages",
    KeyKind.ORIGIN: "naar herkomst",
}
DECISION_LABELS = {"cost": "kosten", "budget": "vastgesteld budget", "per_unit": "per eenheid"}
INDIRECT_POOL = "overig"
"""The pool the engine adds for the indirect costs when the design has no products."""


def _chargings(case: Case, result: CaseResult) -> dict[str, Charging]:
    """The charging of every scenario the design applies to and the engine can charge."""
    design = case.charging_design
    if design is None:
        return {}
    out = {}
    for scenario in applies_to(design, case):
        try:
            out[scenario] = charge(case, result, scenario)
        except ChargingError:
            continue
    return out


@dataclass(frozen=True)
class _ProductRefs:
    """Where a product's inputs are on *Verrekening invoer* (tariff sets merged in)."""

    product: Product
    fixed_fraction: str
    start: str | None
    prices: list[str] | None
    tiers: list[tuple[str, str, str]]
    pools: list[tuple[str, str]]
    volumes: dict[str, list[str]]


@dataclass(frozen=True)
class _PoolRefs:
    """Where a keyed pool's inputs are: its source (a ``category`` or a ``line``), fraction,
    decision (``cost``, ``budget`` or ``per_unit``, with yearly values) and key."""

    id: str
    source: str
    target: str
    fraction: str
    decided: str
    decided_values: list[str]
    key: AllocationKey
    fixed: dict[str, str]


@dataclass(frozen=True)
class _ChargingRefs:
    """Where the charging inputs are, and per scenario its members' tie-break order."""

    coverage: str
    margin: str
    settled: bool
    products: list[_ProductRefs]
    pools: list[_PoolRefs]
    settlement_key: AllocationKey
    settlement_fixed: dict[str, str]
    order: dict[str, tuple[str, dict[str, str]]]
    transferred: dict[tuple[str, str], list[str]]
    pre_financing: tuple[str, str, str] | None
    """The last year the financier pays, the years of repayment and the interest rate."""


class _InputRows:
    """Appends rows to *Verrekening invoer*: part, id, description, value, values per year."""

    def __init__(self, sheet: Writer, n_years: int) -> None:
        self.sheet = sheet
        self.n_years = n_years
        self.row = FIRST_ROW

    def add(
        self,
        part: str,
        key: str,
        description: str | None = None,
        value: float | None = None,
        fmt: str = GENERAL,
        series: Sequence[float] | FloatArray | None = None,
        series_fmt: str = EUR_CENTS,
    ) -> int:
        row = self.row
        self.row += 1
        self.sheet.labels(row, [part, key, description])
        self.sheet.value(row, 4, value, fmt)
        for t, number in enumerate(() if series is None else series):
            self.sheet.value(row, YEAR_COL + t, float(number), series_fmt)
        return row

    def value_ref(self, row: int) -> str:
        return cell(row, 4, CHARGING_INPUT, absolute=True)

    def year_refs(self, row: int) -> list[str]:
        return [cell(row, YEAR_COL + t, CHARGING_INPUT, absolute=True) for t in range(self.n_years)]


def _write_charging_inputs(ctx: _Context, chargings: dict[str, Charging]) -> _ChargingRefs:
    design = ctx.case.charging_design
    assert design is not None
    sheet = ctx.book.sheet(CHARGING_INPUT)
    sheet.title_rows(
        CHARGING_INPUT,
        "Het verrekenmodel: uitgangspunten, producten met tarieven en afnames, sleutelpools, "
        "de leden per scenario en wat zij in de knip overdroegen (rekenkern).",
    )
    headings = ["Onderdeel", "Id", "Omschrijving", "Waarde", *map(str, ctx.years)]
    sheet.labels(HEADER_ROW, headings, bold=True)
    rows = _InputRows(sheet, len(ctx.years))
    principles = design.principles
    coverage = rows.add("Dekking", "", "integraal of marge")
    sheet.label(coverage, 4, "marge" if principles.coverage is Coverage.MARGIN else "integraal")
    margin = rows.add(
        "Marge", "", "opslag bij dekking met marge", principles.margin_pct / 100, RATE
    )
    settled = principles.settlement is SettlementRule.BY_KEY
    rows.add("Nacalculatie", "", "naar sleutel" if settled else "geen")
    products = [_product_inputs(ctx, rows, design, product) for product in design.products]
    pools = [_pool_inputs(ctx, rows, pool) for pool in design.keyed_pools]
    rows.add("Nacalculatiesleutel", "", _key_label(principles.settlement_key))
    settlement_fixed = _fixed_inputs(ctx, rows, "nacalculatie", principles.settlement_key)
    pre_financing = None
    if design.pre_financing is not None:
        terms = design.pre_financing
        rows.add("Voorfinanciering", "", terms.financier)
        until = rows.add("Voorfinanciering tot en met", "", None, terms.until_year, YEAR)
        years = rows.add("Terugbetalen in jaren", "", None, terms.recovery_years, NUMBER)
        rate = rows.add("Rente voorfinanciering", "", None, terms.interest_rate, RATE)
        pre_financing = (rows.value_ref(until), rows.value_ref(years), rows.value_ref(rate))
    order, transferred = {}, {}
    for scenario, charging in chargings.items():
        # Ties of the largest-remainder split go to the lowest id, as in the engine.
        ranks = {m: i for i, m in enumerate(sorted(charging.members), start=1)}
        first = rows.row
        refs = {m: rows.value_ref(rows.add("Lid", scenario, m, ranks[m])) for m in charging.members}
        order[scenario] = (area(first, 4, rows.row - 1, 4, CHARGING_INPUT), refs)
        for member in charging.members:
            moved = ctx.result.scenario(scenario).entities[member].transferred
            values = np.zeros(len(ctx.years)) if moved is None else np.asarray(moved)
            row = rows.add("Overgedragen in de knip (rekenkern)", scenario, member, series=values)
            transferred[(scenario, member)] = rows.year_refs(row)
    sheet.widths([34, 22, 40, 12])
    return _ChargingRefs(
        coverage=rows.value_ref(coverage),
        margin=rows.value_ref(margin),
        settled=settled,
        products=products,
        pools=pools,
        settlement_key=principles.settlement_key,
        settlement_fixed=settlement_fixed,
        order=order,
        transferred=transferred,
        pre_financing=pre_financing,
    )


def _key_label(key: AllocationKey) -> str:
    label = KEY_LABELS[key.kind]
    return f"{label} ({key.driver})" if key.kind is KeyKind.DRIVER else label


def _fixed_inputs(
    ctx: _Context, rows: _InputRows, owner: str, key: AllocationKey
) -> dict[str, str]:
    """A fixed key's percentage per participant (0 where it names none)."""
    if key.kind is not KeyKind.FIXED:
        return {}
    pct = key.percentages or {}
    return {
        p: rows.value_ref(rows.add("Vast percentage", owner, p, pct.get(p, 0.0), NUMBER))
        for p in ctx.result.participants
    }


def _product_inputs(
    ctx: _Context, rows: _InputRows, design: ChargingDesign, product: Product
) -> _ProductRefs:
    priced = with_tariff_sets(design, product)
    tariff = priced.tariff
    rows.add("Product", product.id, product.name)
    rows.add("Tariefmodel", product.id, TARIFF_LABELS[tariff.kind])
    fixed = rows.add("Vast deel (samengesteld)", product.id, None, tariff.fixed_fraction, PCT)
    start = rows.add("Startjaar", product.id, None, product.start_year, YEAR)
    prices = None
    if tariff.price_eur is not None:
        values = year_values(tariff.price_eur, ctx.years)
        prices = rows.year_refs(rows.add("Vastgesteld tarief", product.id, None, series=values))
    tiers = []
    for tier in tariff.tiers:
        low = rows.add("Staffel vanaf", product.id, None, tier.from_volume, NUMBER)
        high = rows.add("Staffel tot", product.id, "leeg: geen grens", tier.to_volume, NUMBER)
        amount = rows.add("Staffel bedrag", product.id, None, tier.amount_eur, EUR_CENTS)
        tiers.append((rows.value_ref(low), rows.value_ref(high), rows.value_ref(amount)))
    pools = [
        (
            s.category,
            rows.value_ref(rows.add("Kostenpool", product.id, s.category, s.fraction, PCT)),
        )
        for s in product.pools
    ]
    volumes = {}
    for participant in ctx.result.participants:
        values = year_values(product.volumes.get(participant, 0.0), ctx.years)
        row = rows.add("Afname", product.id, participant, series=values, series_fmt=NUMBER)
        volumes[participant] = rows.year_refs(row)
    return _ProductRefs(
        product=priced,
        fixed_fraction=rows.value_ref(fixed),
        start=None if product.start_year is None else rows.value_ref(start),
        prices=prices,
        tiers=tiers,
        pools=pools,
        volumes=volumes,
    )


def _pool_inputs(ctx: _Context, rows: _InputRows, pool: KeyedPool) -> _PoolRefs:
    rows.add("Sleutelpool", pool.id, pool.name)
    rows.add("Financieringsstroom", pool.id, pool.stream)
    source, target = ("line", pool.line) if pool.line else ("category", pool.category or "")
    kind = "Bron: regel" if source == "line" else "Bron: categorie"
    fraction = rows.add(kind, pool.id, target, pool.fraction, PCT)
    decided, values = "cost", None
    if pool.budget_eur is not None:
        decided, values = "budget", pool.budget_eur
    elif pool.per_unit_eur is not None:
        decided, values = "per_unit", pool.per_unit_eur
    series = None if values is None else year_values(values, ctx.years)
    decision = rows.add("Besluit", pool.id, DECISION_LABELS[decided], series=series)
    rows.add("Sleutel", pool.id, _key_label(pool.key))
    return _PoolRefs(
        id=pool.id,
        source=source,
        target=target,
        fraction=rows.value_ref(fraction),
        decided=decided,
        decided_values=rows.year_refs(decision),
        key=pool.key,
        fixed=_fixed_inputs(ctx, rows, pool.id, pool.key),
    )


# --- Charging (verrekening): the formulas ----------------------------------------------------


def _write_charging(ctx: _Context, refs: _ChargingRefs, chargings: dict[str, Charging]) -> None:
    sheet = _result_sheet(
        ctx,
        CHARGING,
        "De verrekening per scenario: kostenpools, kostprijzen, tarieven, facturen, sleutels, "
        "nacalculatie en de rekening van elke deelnemer (op de cent: zie Afronding).",
        ["Scenario", "Onderdeel", "Deelnemer", "Omschrijving"],
    )
    rounding = _result_sheet(
        ctx,
        ROUNDING,
        "Verdeling op centen met de grootste-restmethode: eerst naar beneden afgerond, de "
        "overige centen naar de grootste resten (bij een gelijke rest de laagste id).",
        ["Scenario", "Verdeling", "Deelnemer", "Regel"],
    )
    sheet.row = rounding.row = FIRST_ROW
    for scenario, charging in chargings.items():
        _ChargingScenario(ctx, refs, sheet, rounding, scenario, charging).write()


class _ChargingScenario:
    """The charging of one scenario on *Verrekening* (rows of formulas per year) and
    *Afronding* (the splits to the cent), in the steps of :func:`samenrekenen.charging.charge`."""

    def __init__(
        self,
        ctx: _Context,
        refs: _ChargingRefs,
        sheet: Writer,
        rounding: Writer,
        scenario: str,
        charging: Charging,
    ) -> None:
        self.ctx, self.refs, self.sheet, self.rounding = ctx, refs, sheet, rounding
        self.scenario, self.charging = scenario, charging
        self.members = charging.members
        self.order_range, self.order = refs.order[scenario]
        self.count = f"ROWS({self.order_range})"
        self.cols = list(ctx.year_cols())
        self.margin = "Nul"

    def write(self) -> None:
        self.sheet.labels(self.sheet.row, [self.scenario, None, None, "Verrekening"], bold=True)
        self.sheet.row += 1
        margin = self.add("Marge (0 bij integrale kostendekking)", [])
        coverage = f"IF({self.refs.coverage}={text('marge')},{self.refs.margin},Nul)"
        self.sheet.formula(margin, YEAR_COL, coverage, RATE)
        self.margin = cell(margin, YEAR_COL, absolute=True)
        pools = self.pools()
        lines = self.line_costs()
        after = self.pools_after(pools, lines)
        indirect = self.indirect(after)
        costs = self.product_costs(after, indirect)
        invoices = [self.product(k, p, costs[k]) for k, p in enumerate(self.refs.products)]
        settlement = self.weights(
            "nacalculatie", self.refs.settlement_key, self.refs.settlement_fixed
        )
        keyed = self.keyed_pools(after, lines, indirect, settlement)
        self.totals(pools, invoices + keyed, settlement)
        self.sheet.row += 1

    def add(
        self,
        label: str,
        bodies: Sequence[str],
        *,
        part: str = "",
        member: str = "",
        fmt: str = EUR_CENTS,
        expected: Sequence[float] | FloatArray | None = None,
        quantity: str | None = None,
    ) -> int:
        """A row of formulas, one per year; with ``quantity`` they are result cells."""
        row = self.sheet.row
        self.sheet.row += 1
        self.sheet.labels(row, [self.scenario, part, member, label])
        descriptions = None
        if quantity is not None:
            stakeholder = member or SHARE
            descriptions = _descriptions(
                self.ctx, self.scenario, stakeholder, f"charging.{quantity}"
            )
        values = None if expected is None else [_number(v) for v in expected]
        self.sheet.series(row, YEAR_COL, bodies, fmt, values, descriptions)
        return row

    def at(self, row: int, qualified: bool = False) -> list[str]:
        """The cells of a row, one per year (``qualified`` with this sheet's name, for
        formulas on another sheet)."""
        return [cell(row, col, CHARGING if qualified else None) for col in self.cols]

    def span(self, rows: Sequence[int]) -> list[str]:
        """The cells of consecutive rows per year, as a range."""
        return [area(rows[0], col, rows[-1], col) for col in self.cols]

    def split(self, name: str, amount: int, weights: Sequence[Sequence[str]]) -> list[list[str]]:
        """Round an amount per year to the cent over the members (on *Afronding*)."""
        split = Split(
            name=name,
            amounts=[cell(amount, col, CHARGING) for col in self.cols],
            weights=weights,
            order=[self.order[m] for m in self.members],
            order_range=self.order_range,
        )
        return write_split(self.rounding, split, self.scenario, self.members, YEAR_COL)

    # Cost pools -----------------------------------------------------------------------------

    def pools(self) -> dict[str, int]:
        """The share's costs per category: the cost pools."""
        share = self.ctx.result.scenario(self.scenario).entities[SHARE]
        return {
            category: self.add(
                "Kostenpool: kosten van de share",
                [
                    cell(
                        self.ctx.category_rows[(self.scenario, SHARE, category)],
                        col,
                        CATEGORY_COSTS,
                    )
                    for col in self.cols
                ],
                part=category,
                expected=share.cost_by_category[c],
                quantity=f"pool[{category}]",
            )
            for c, category in enumerate(self.ctx.result.categories)
        }

    def line_costs(self) -> dict[str, tuple[int, str | None]]:
        """Per keyed pool that takes a line: the share's cost of that line and its category."""
        lines = [ln for ln in self.ctx.result.scenario(self.scenario).lines if ln.entity == SHARE]
        out = {}
        for pool in self.refs.pools:
            if pool.source != "line":
                continue
            found = [ln for ln in lines if ln.line_id == pool.target]
            row = self.sheet.row
            who, line = _Who(f"$A{row}", f"$C{row}"), [("regel", f"$B{row}")]
            bodies = [
                total(
                    _amount_sum(self.ctx, year, who, line)
                    + _capital_sum(self.ctx, year, who, CHARGE_ROW, line, sheets=(CAPITAL,))
                )
                for year in self.ctx.years
            ]
            costs = np.sum([ln.cost for ln in found], axis=0) if found else np.zeros(len(self.cols))
            self.add(
                "Kosten van de regel bij de share",
                bodies,
                part=pool.target,
                member=SHARE,
                expected=costs,
                quantity=f"line_cost[{pool.target}]",
            )
            out[pool.id] = (row, found[0].category if found else None)
        return out

    def pools_after(
        self, pools: dict[str, int], lines: dict[str, tuple[int, str | None]]
    ) -> dict[str, int]:
        """The cost pools without what keyed pools take of their lines."""
        out = {}
        for category, source in pools.items():
            taken = [
                (pool.fraction, lines[pool.id][0])
                for pool in self.refs.pools
                if pool.id in lines and lines[pool.id][1] == category
            ]
            bodies = [
                cell(source, col) + "".join(f"-{f}*{cell(row, col)}" for f, row in taken)
                for col in self.cols
            ]
            out[category] = self.add("Kostenpool na regels van sleutelpools", bodies, part=category)
        return out

    def indirect(self, after: dict[str, int]) -> int:
        """What no product and no keyed pool takes of the pools: the indirect costs."""
        parts = []
        for category, source in after.items():
            fractions = [f for p in self.refs.products for c, f in p.pools if c == category]
            fractions += [
                p.fraction
                for p in self.refs.pools
                if p.source == "category" and p.target == category
            ]
            left = f"MAX(Nul,MIN(Een,Een-({'+'.join(fractions)})))*" if fractions else ""
            bodies = [left + ref for ref in self.at(source)]
            parts.append(self.add("Niet toegedeeld (indirect)", bodies, part=category))
        return self.add("Indirecte kosten", [f"SUM({s})" for s in self.span(parts)])

    def product_costs(self, after: dict[str, int], indirect: int) -> list[int]:
        """Each product's direct costs plus its part of the indirect costs (pro rata to the
        direct costs, equal parts when there are none), with the margin."""
        direct = [
            self.add(
                "Directe kosten",
                [total([f"{f}*{cell(after[c], col)}" for c, f in p.pools]) for col in self.cols],
                part=p.product.id,
            )
            for p in self.refs.products
        ]
        costs = []
        for k, p in enumerate(self.refs.products):
            bodies = []
            for col, span in zip(self.cols, self.span(direct) if direct else [], strict=True):
                own = cell(direct[k], col)
                spread = f"SUMPRODUCT(ABS({span}))"
                weight = f"IF({spread}>Nul,ABS({own})/{spread},Een/ROWS({span}))"
                bodies.append(f"({own}+{weight}*{cell(indirect, col)})*(Een+{self.margin})")
            costs.append(
                self.add(
                    "Kosten van het product",
                    bodies,
                    part=p.product.id,
                    expected=self.charging.products[k].cost_eur,
                    quantity=f"product[{p.product.id}].cost",
                )
            )
        return costs

    # Products -------------------------------------------------------------------------------

    def product(self, k: int, p: _ProductRefs, cost: int) -> list[int]:
        """Volumes, cost price, tariff and invoices of one product; returns the rows of the
        members' invoices (to the cent)."""
        engine = self.charging.products[k]
        pid = p.product.id
        volumes = [
            self.add(
                "Afname",
                [
                    self.started(p, ref, col)
                    for ref, col in zip(p.volumes[m], self.cols, strict=True)
                ],
                part=pid,
                member=m,
                fmt=NUMBER,
                expected=self.charging.volumes[k, i],
                quantity=f"product[{pid}].volume",
            )
            for i, m in enumerate(self.members)
        ]
        volume = self.add(
            "Totale afname",
            [f"SUM({s})" for s in self.span(volumes)],
            part=pid,
            fmt=NUMBER,
            expected=engine.volume,
            quantity=f"product[{pid}].total_volume",
        )
        v, c = self.at(volume), self.at(cost)
        self.add(
            "Kostprijs per eenheid",
            [f'IF({vt}>Nul,{ct}/{vt},"")' for vt, ct in zip(v, c, strict=True)],
            part=pid,
            expected=engine.cost_price_eur,
            quantity=f"product[{pid}].cost_price",
        )
        tariff = None
        if p.product.tariff.kind is not TariffKind.TIERED:
            tariff = self.add(
                "Tarief",
                self.tariff(p, volume, cost),
                part=pid,
                expected=engine.tariff_eur,
                quantity=f"product[{pid}].tariff",
            )
        exact = [
            self.add(
                "Factuur (onafgerond)",
                [
                    self.started(p, self.invoice(p, row, cost, tariff, col), col)
                    for col in self.cols
                ],
                part=pid,
                member=m,
            )
            for m, row in zip(self.members, volumes, strict=True)
        ]
        amount = self.add("Som van de facturen", [f"SUM({s})" for s in self.span(exact)], part=pid)
        weights = [[f"ABS({ref})" for ref in self.at(row, qualified=True)] for row in exact]
        parts = self.split(f"Factuur {pid}", amount, weights)
        rounded = [
            self.add(
                "Factuur",
                parts[i],
                part=pid,
                member=m,
                expected=self.charging.invoices_eur[k, i],
                quantity=f"product[{pid}].invoice",
            )
            for i, m in enumerate(self.members)
        ]
        revenue = self.add(
            "Opbrengst",
            [f"SUM({s})" for s in self.span(rounded)],
            part=pid,
            expected=engine.revenue_eur,
            quantity=f"product[{pid}].revenue",
        )
        self.add(
            "Afwijking (kosten − opbrengst)",
            [f"ROUND({ct}-{rt},Decimalen)" for ct, rt in zip(c, self.at(revenue), strict=True)],
            part=pid,
            expected=engine.deviation_eur,
            quantity=f"product[{pid}].deviation",
        )
        return rounded

    @staticmethod
    def started(p: _ProductRefs, body: str, col: int) -> str:
        """Nothing before the product's start year."""
        if p.start is None:
            return body
        return f"IF({cell(HEADER_ROW, col, absolute=True)}<{p.start},Nul,{body})"

    def tariff(self, p: _ProductRefs, volume: int, cost: int) -> list[str]:
        """The set price, else the cost price: an equal amount per member (fixed), the cost
        per unit (variable), the variable part per unit (composite)."""
        if p.prices is not None:
            return p.prices
        kind = p.product.tariff.kind
        out = []
        for col in self.cols:
            v, c = cell(volume, col), cell(cost, col)
            if kind is TariffKind.FIXED:
                out.append(f"{c}/{self.count}")
                continue
            variable = f"{c}*(Een-{p.fixed_fraction})" if kind is TariffKind.COMPOSITE else c
            out.append(f"IF({v}>Nul,{variable}/{v},Nul)")
        return out

    def invoice(self, p: _ProductRefs, volume: int, cost: int, tariff: int | None, col: int) -> str:
        """A member's invoice before rounding: its tier's amount, the fixed tariff, tariff ×
        volume, or (composite) that plus an equal part of the fixed share of the cost."""
        v = cell(volume, col)
        kind = p.product.tariff.kind
        if kind is TariffKind.TIERED:
            return total(
                [
                    f'IF(AND({v}>={low},OR({high}="",{v}<{high})),{amount},Nul)'
                    for low, high, amount in p.tiers
                ]
            )
        assert tariff is not None
        price = cell(tariff, col)
        if kind is TariffKind.FIXED:
            return price
        if kind is TariffKind.VARIABLE:
            return f"{price}*{v}"
        return f"{price}*{v}+{cell(cost, col)}*{p.fixed_fraction}/{self.count}"

    # Keys -----------------------------------------------------------------------------------

    def weights(self, owner: str, key: AllocationKey, fixed: dict[str, str]) -> list[int]:
        """A key's values per member and its weights over the members (equal weights when
        the values add up to nothing); returns the weight rows (the values are above them)."""
        raw = [
            self.add(
                "Sleutelwaarde",
                [self.key_value(key, fixed, m, t) for t in range(len(self.cols))],
                part=owner,
                member=m,
                fmt=NUMBER,
            )
            for m in self.members
        ]
        sums = [f"SUM({s})" for s in self.span(raw)]
        counts = [f"ROWS({s})" for s in self.span(raw)]
        return [
            self.add(
                "Sleutelgewicht",
                [
                    f"IF({s}>Nul,{ref}/{s},Een/{n})"
                    for s, n, ref in zip(sums, counts, self.at(row), strict=True)
                ],
                part=owner,
                member=m,
                fmt=NUMBER,
            )
            for m, row in zip(self.members, raw, strict=True)
        ]

    def key_value(self, key: AllocationKey, fixed: dict[str, str], member: str, t: int) -> str:
        """What a key weighs a member by: its driver, its fixed percentage, or one."""
        if key.kind in KEY_DRIVERS or key.kind is KeyKind.DRIVER:
            driver = key.driver if key.kind is KeyKind.DRIVER else KEY_DRIVERS[key.kind]
            return _driver(self.ctx, member, driver or "", t)
        if key.kind is KeyKind.FIXED:
            return fixed[member]
        return "Een"

    def keyed_pools(
        self,
        after: dict[str, int],
        lines: dict[str, tuple[int, str | None]],
        indirect: int,
        settlement: list[int],
    ) -> list[list[int]]:
        """Per keyed pool its cost, what it charges (the cost with the margin, or what the board
        decided) and each member's contribution to the cent; returns the contribution rows."""
        pools: list[_PoolRefs | None] = list(self.refs.pools)
        if INDIRECT_POOL in self.charging.pool_ids[len(pools) :]:
            pools.append(None)
        out = []
        for j, pool in enumerate(pools):
            if pool is None:
                pid, cost, weights = INDIRECT_POOL, self.at(indirect), settlement
            else:
                pid = pool.id
                source = lines[pool.id][0] if pool.source == "line" else after[pool.target]
                cost = [f"{pool.fraction}*{ref}" for ref in self.at(source)]
                weights = self.weights(pid, pool.key, pool.fixed)
            cost_row = self.add("Kosten van de pool", cost, part=pid)
            decided = self.add(
                "In rekening te brengen", self.decided(pool, cost_row, weights), part=pid
            )
            parts = self.split(
                f"Sleutelpool {pid}", decided, [self.at(r, qualified=True) for r in weights]
            )
            out.append(
                [
                    self.add(
                        "Bijdrage",
                        parts[i],
                        part=pid,
                        member=m,
                        expected=self.charging.keyed_eur[j, i],
                        quantity=f"keyed[{pid}].charge",
                    )
                    for i, m in enumerate(self.members)
                ]
            )
        return out

    def decided(self, pool: _PoolRefs | None, cost: int, weights: list[int]) -> list[str]:
        if pool is None or pool.decided == "cost":
            return [f"{ref}*(Een+{self.margin})" for ref in self.at(cost)]
        if pool.decided == "budget":
            return pool.decided_values
        # Per unit of the key's driver: the key's values are the rows above its weights.
        units = self.span([row - len(weights) for row in weights])
        return [f"{value}*SUM({u})" for value, u in zip(pool.decided_values, units, strict=True)]

    # Totals and bills -----------------------------------------------------------------------

    def totals(
        self, pools: dict[str, int], charged: list[list[int]], settlement: list[int]
    ) -> None:
        """The share's costs, the reserve, the settlement and each member's bill."""
        charging = self.charging
        pool_rows = list(pools.values())
        cost = self.add(
            "Kosten van de share",
            [f"SUM({s})" for s in self.span(pool_rows)],
            expected=charging.share_cost_eur,
            quantity="share_cost",
        )
        reserve = self.add(
            "Reserve (marge)",
            [f"ROUND({c}*{self.margin},Decimalen)" for c in self.at(cost)],
            expected=charging.reserve_eur,
            quantity="reserve",
        )
        target = self.add(
            "Te dekken",
            [
                f"ROUND({c},Decimalen)+{r}"
                for c, r in zip(self.at(cost), self.at(reserve), strict=True)
            ],
        )
        every = [row for rows in charged for row in rows]
        billed = self.add(
            "In rekening gebracht (facturen en bijdragen)",
            [f"ROUND({total([cell(r, col) for r in every])},Decimalen)" for col in self.cols],
        )
        if self.refs.pre_financing is not None:
            billed, target, repaid = self.pre_financing(target, billed, charged, settlement)
            charged = [*charged, repaid]
        gap = self.add(
            "Na te calculeren",
            [f"{a}-{b}" for a, b in zip(self.at(target), self.at(billed), strict=True)],
        )
        parts = (
            self.split("Nacalculatie", gap, [self.at(r, qualified=True) for r in settlement])
            if self.refs.settled
            else None
        )
        settled = [
            self.add(
                "Nacalculatie",
                parts[i] if parts else ["Nul"] * len(self.cols),
                member=m,
                expected=charging.settlement_eur[i],
                quantity="settlement",
            )
            for i, m in enumerate(self.members)
        ]
        self.add(
            "Resultaat van de share",
            [
                f"ROUND({b}+SUM({s})-ROUND({c},Decimalen),Decimalen)"
                for b, s, c in zip(self.at(billed), self.span(settled), self.at(cost), strict=True)
            ],
            expected=charging.share_result_eur,
            quantity="share_result",
        )
        for i, m in enumerate(self.members):
            self.bill(i, m, [rows[i] for rows in charged] + [settled[i]])

    def pre_financing(
        self, target: int, billed: int, charged: list[list[int]], settlement: list[int]
    ) -> tuple[int, int, list[int]]:
        """Up to and including its last year the financier pays what the charges leave
        uncovered; that, with interest to the end of that year, is repaid as an annuity
        through a surcharge on the bills in proportion to them. Returns the rows of what is
        billed and what is to be covered with the repayment, and the members' repayments."""
        assert self.refs.pre_financing is not None
        until, n, rate = self.refs.pre_financing
        years = [cell(HEADER_ROW, col, absolute=True) for col in self.cols]
        gaps = [f"{a}-{b}" for a, b in zip(self.at(target), self.at(billed), strict=True)]
        funded = self.add(
            "Voorgefinancierd",
            [
                f"ROUND(IF({y}<={until},MAX({g},Nul),Nul),Decimalen)"
                for y, g in zip(years, gaps, strict=True)
            ],
        )
        owed = self.add("Schuld met rente aan het eind van de voorfinanciering", [])
        span = area(funded, self.cols[0], funded, self.cols[-1])
        all_years = area(HEADER_ROW, self.cols[0], HEADER_ROW, self.cols[-1])
        self.sheet.formula(owed, YEAR_COL, f"SUMPRODUCT({span}*(Een+{rate})^({until}-{all_years}))")
        debt = cell(owed, YEAR_COL, absolute=True)
        yearly = self.add("Annuïteit van de terugbetaling", [])
        factor = f"{rate}/(Een-(Een+{rate})^(-{n}))"
        self.sheet.formula(yearly, YEAR_COL, f"IF({rate}>Nul,{debt}*{factor},{debt}/{n})")
        annuity_ = cell(yearly, YEAR_COL, absolute=True)
        recovery = self.add(
            "Terugbetaling",
            [
                f"ROUND(IF(AND({y}>{until},{y}<={until}+{n}),{annuity_},Nul),Decimalen)"
                for y in years
            ],
        )
        before = [
            self.add(
                "Rekening vóór terugbetaling",
                [
                    f"MAX(Nul,{total([cell(rows[i], col) for rows in charged])})"
                    for col in self.cols
                ],
                member=m,
            )
            for i, m in enumerate(self.members)
        ]
        sums = [f"SUM({s})" for s in self.span(before)]
        weights = [
            self.add(
                "Gewicht terugbetaling",
                [
                    f"IF({s}>Nul,{b}/{s},{w})"
                    for s, b, w in zip(sums, self.at(row), self.at(settled_weight), strict=True)
                ],
                member=m,
                fmt=NUMBER,
            )
            for m, row, settled_weight in zip(self.members, before, settlement, strict=True)
        ]
        parts = self.split(
            "Terugbetaling voorfinanciering",
            recovery,
            [self.at(r, qualified=True) for r in weights],
        )
        j = self.charging.pool_ids.index("voorfinanciering")
        repaid = [
            self.add(
                "Terugbetaling voorfinanciering",
                parts[i],
                part="voorfinanciering",
                member=m,
                expected=self.charging.keyed_eur[j, i],
                quantity="keyed[voorfinanciering].charge",
            )
            for i, m in enumerate(self.members)
        ]
        billed = self.add(
            "In rekening gebracht met terugbetaling",
            [
                f"ROUND({b}+{r},Decimalen)"
                for b, r in zip(self.at(billed), self.at(recovery), strict=True)
            ],
        )
        financing = self.add(
            "Voorfinanciering (netto, + ontvangen, − terugbetaald)",
            [
                f"ROUND({f}-{r},Decimalen)"
                for f, r in zip(self.at(funded), self.at(recovery), strict=True)
            ],
            expected=self.charging.financing_eur,
            quantity="financing",
        )
        target = self.add(
            "Te dekken na voorfinanciering",
            [f"{t}-{f}" for t, f in zip(self.at(target), self.at(financing), strict=True)],
        )
        return billed, target, repaid

    def bill(self, i: int, member: str, parts: list[int]) -> None:
        """A member's bill and its own business case with this charging."""
        charging = self.charging
        entity = self.ctx.result.scenario(self.scenario).entities[member]
        alone = self.ctx.result.scenario(self.ctx.baseline).entities[member]
        total_row = self.add(
            "Rekening: facturen, bijdragen en nacalculatie",
            [total([cell(r, col) for r in parts]) for col in self.cols],
            member=member,
            expected=charging.total_eur[i],
            quantity="bill",
        )
        moved = (
            np.zeros(len(self.cols))
            if entity.transferred is None
            else np.asarray(entity.transferred)
        )
        knip = self.add(
            "Overgedragen in de knip",
            self.refs.transferred[(self.scenario, member)],
            member=member,
            expected=moved,
            quantity="transferred",
        )
        self.add(
            "Berekeningsverschil (rekening − overgedragen)",
            [f"{b}-{k}" for b, k in zip(self.at(total_row), self.at(knip), strict=True)],
            member=member,
            expected=charging.total_eur[i] - moved,
            quantity="charging_difference",
        )
        row = self.sheet.row
        criteria = [("herkomst", text(CHARGED))]
        engine = self.add(
            "Doorbelasting volgens de rekenkern",
            [
                total(_amount_sum(self.ctx, y, _Who(f"$A{row}", f"$C{row}"), criteria))
                for y in self.ctx.years
            ],
            member=member,
            expected=np.zeros(len(self.cols)) if entity.charged is None else entity.charged,
            quantity="engine_charge",
        )
        outcome = self.ctx.outcome_rows[(self.scenario, member)]["cost"]
        baseline = self.ctx.outcome_rows[(self.ctx.baseline, member)]["cost"]
        real = real_costs(self.ctx.result, charging)[i]
        own = self.add(
            "Eigen kosten met deze verrekening",
            [
                f"{cell(outcome, col, OUTCOMES)}-{e}+{b}"
                for col, e, b in zip(self.cols, self.at(engine), self.at(total_row), strict=True)
            ],
            member=member,
            expected=real,
            quantity="real_cost",
        )
        self.add(
            "Verschil met alleen (ongewijzigd beleid)",
            [
                f"{o}-{cell(baseline, col, OUTCOMES)}"
                for col, o in zip(self.cols, self.at(own), strict=True)
            ],
            member=member,
            expected=real - np.asarray(alone.cost),
            quantity="real_difference",
        )


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
