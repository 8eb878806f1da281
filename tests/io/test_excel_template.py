"""Specification of the data-collection template of a participant's baseline measurement
(samenrekenen.io.excel_template)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from samenrekenen.demo import demo_case
from samenrekenen.io.excel_template import (
    DATA_SHEETS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAYOUT_VERSION,
    Kind,
    case_key,
    template_workbook,
)
from samenrekenen.model import Case


@pytest.fixture(scope="module")
def demo() -> Case:
    return demo_case()


@pytest.fixture(scope="module")
def book(demo: Case) -> Any:
    return openpyxl.load_workbook(io.BytesIO(template_workbook(demo, "gm9001")))


def rows(sheet: Any, columns: int) -> list[tuple[object, ...]]:
    """The filled-in data rows of a sheet (first ``columns`` cells)."""
    found = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=columns, values_only=True)
    return [row for row in found if row[0] is not None]


def test_the_workbook_has_instructions_data_sheets_categories_and_hidden_identification(
    book: Any,
) -> None:
    assert book.sheetnames == [
        "Toelichting",
        "Nulmeting",
        "Verborgen kosten",
        "Personeel",
        "Activa",
        "Contracten",
        "Volumes",
        "Categorieën",
        "Lijsten",
        "Identificatie",
    ]
    states = {sheet.title: sheet.sheet_state for sheet in book.worksheets}
    assert states["Identificatie"] == "hidden" and states["Lijsten"] == "hidden"
    assert states["Nulmeting"] == "visible"
    assert book["Identificatie"].protection.sheet and book["Categorieën"].protection.sheet


def test_the_identification_names_case_participant_layout_and_version(
    book: Any, demo: Case
) -> None:
    values = dict(book["Identificatie"].iter_rows(max_row=7, max_col=2, values_only=True))
    assert values == {
        "Soort bestand": "samenrekenen-nulmeting",
        "Lay-outversie": LAYOUT_VERSION,
        "Casussleutel": case_key(demo),
        "Samenwerking": "ICT-samenwerking Vechtstreek",
        "Casusversie": "Demo 1.0 (fictief)",
        "Deelnemer-id": "gm9001",
        "Deelnemer": "Gemeente Dwarsdijk",
    }


def test_the_case_key_is_stable_but_changes_with_the_participants(demo: Case) -> None:
    assert case_key(demo) == case_key(demo_case())
    richer = demo.model_copy(update={"version_label": "Versie 2"})
    assert case_key(richer) == case_key(demo)
    fewer = demo.model_copy(update={"participants": demo.participants[:-1]})
    assert case_key(fewer) != case_key(demo)
    renamed = demo.model_copy(
        update={"cooperation": demo.cooperation.model_copy(update={"name": "Andere naam"})}
    )
    assert case_key(renamed) != case_key(demo)


def test_the_baseline_is_filled_in_with_the_participants_current_values(book: Any) -> None:
    costs = rows(book["Nulmeting"], 3)
    assert costs[0] == (
        "werkplek",
        f"=IFERROR(VLOOKUP($A{FIRST_DATA_ROW},'Categorieën'!$A:$B,2,FALSE),\"\")",
        64600,
    )
    assert [row[0] for row in costs] == [
        "werkplek",
        "servers_storage",
        "datacommunicatie",
        "spraakcommunicatie",
        "software",
        "faciliteiten",
        "personele_inzet",
    ]
    hidden = [(r[0], r[2], r[3]) for r in rows(book["Verborgen kosten"], 4)]
    assert hidden[:2] == [
        ("werkplek", 5400, "Activa voorbij hun economische levensduur"),
        ("software", 16200, "ICT uit projectbudgetten"),
    ]
    assert rows(book["Personeel"], 3)[0] == ("Technisch beheer", 1.1, 78000)
    assets = rows(book["Activa"], 7)
    assert assets[0] == (
        "gm9001-servers-2022",
        "Serverpark en opslag (vervanging 2022)",
        "servers_storage",
        2022,
        24000,
        5,
        "Lineair",
    )
    contract = rows(book["Contracten"], 6)[0]
    assert contract[:5] == (
        "gm9001-erp",
        "Financieel systeem en zaaksysteem (SaaS)",
        "Leverancier A (fictief)",
        "software",
        32000,
    )
    assert contract[5].date().isoformat() == "2027-12-31"
    drivers = [(r[0], r[2], r[3]) for r in rows(book["Volumes"], 4)]
    assert drivers[0] == ("inhabitants", 2026, 5200)
    assert ("accounts", None, 60) in drivers


def test_sources_are_filled_in_beside_each_record(book: Any) -> None:
    sheet = book["Nulmeting"]
    assert sheet[f"A{HEADER_ROW - 1}"].value is None
    assert sheet[f"F{HEADER_ROW - 1}"].value == "Bron (optioneel)"
    assert [sheet.cell(FIRST_DATA_ROW, c).value for c in range(6, 8)] == [
        "Controller gemeente Dwarsdijk",
        "Begroting 2025 gemeente Dwarsdijk, programma Bedrijfsvoering",
    ]


def test_categories_without_a_cost_line_get_an_empty_row_to_fill_in(demo: Case) -> None:
    member = demo.participants[0]
    baseline = member.baseline.model_copy(update={"costs": member.baseline.costs[:2]})
    member = member.model_copy(update={"baseline": baseline})
    case = demo.model_copy(update={"participants": [member, *demo.participants[1:]]})
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(case, member.id)))
    costs = rows(book["Nulmeting"], 3)
    assert len(costs) == len(case.categories)
    assert costs[2][0] == "datacommunicatie" and costs[2][2] is None


def test_every_header_is_in_place_and_frozen(book: Any) -> None:
    for layout in DATA_SHEETS:
        sheet = book[layout.name]
        headers = [sheet.cell(HEADER_ROW, i + 1).value for i in range(len(layout.columns))]
        assert headers == [c.header for c in layout.columns]
        assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
        assert sheet.column_dimensions["A"].width >= 16
        assert "A1" in {str(r).split(":")[0] for r in sheet.merged_cells.ranges}


def test_input_cells_are_marked_and_formatted(book: Any) -> None:
    sheet = book["Activa"]
    year, amount, name = sheet["D5"], sheet["E5"], sheet["B5"]
    assert year.fill.fgColor.rgb.endswith("FFF2CC")
    assert amount.number_format == "#,##0.00" and year.number_format == "0"
    assert name.number_format == "@"
    assert book["Contracten"]["F5"].number_format == "dd-mm-yyyy"
    computed = book["Nulmeting"]["D5"]
    assert computed.data_type == "f" and not computed.fill.fgColor.rgb.endswith("FFF2CC")
    empty_row = FIRST_DATA_ROW + len(rows(sheet, 1)) + 3
    assert sheet[f"A{empty_row}"].fill.fgColor.rgb.endswith("FFF2CC")


def _validations(sheet: Any) -> dict[str, Any]:
    return {
        str(cells).split(":")[0][:1]: validation
        for validation in sheet.data_validations.dataValidation
        for cells in validation.sqref.ranges
    }


def test_input_cells_are_validated(book: Any) -> None:
    assets = _validations(book["Activa"])
    assert assets["C"].type == "list" and assets["C"].formula1 == "'Categorieën'!$A$2:$A$8"
    assert assets["G"].type == "list" and "Lijsten" in assets["G"].formula1
    assert (assets["E"].type, assets["E"].operator, assets["E"].formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    assert assets["D"].type == "whole" and assets["F"].type == "whole"
    assert assets["E"].error.startswith("Vul een bedrag van 0 of meer in")
    hidden = _validations(book["Verborgen kosten"])
    assert hidden["D"].type == "list" and hidden["D"].errorStyle == "stop"
    groups = _validations(book["Personeel"])["A"]
    assert groups.errorStyle == "warning"  # a group of one's own is allowed
    lists = book["Lijsten"]
    causes = [lists.cell(r, 1).value for r in range(2, 8)]
    assert "Functioneel beheer in de lijn" in causes and "Overig" in causes


def test_every_input_column_of_a_checked_kind_is_validated(book: Any) -> None:
    checked = set(Kind) - {Kind.TEXT, Kind.KEY, Kind.COMPUTED}
    for layout in DATA_SHEETS:
        validated = _validations(book[layout.name])
        for column in layout.inputs:
            letter = layout.letter(column.key)
            assert (letter in validated) == (column.kind in checked), (layout.name, column.key)


def test_user_text_is_neutralised_against_formula_injection(demo: Case) -> None:
    member = demo.participants[0]
    staffing = member.baseline.staffing[0].model_copy(update={"function_group": "=1+1"})
    asset = member.baseline.assets[0].model_copy(
        update={"description": '=HYPERLINK("http://x.example","klik")'}
    )
    baseline = member.baseline.model_copy(
        update={"staffing": [staffing], "assets": [asset, *member.baseline.assets[1:]]}
    )
    member = member.model_copy(
        update={"name": "@SUM(A1)", "baseline": baseline, "drivers": {"+inwoners": 10}}
    )
    case = demo.model_copy(update={"participants": [member, *demo.participants[1:]]})
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(case, member.id)))
    assert book["Personeel"]["A5"].value == "'=1+1"
    assert book["Activa"]["B5"].value.startswith("'=HYPERLINK")
    assert book["Volumes"]["A5"].value == "'+inwoners"
    assert book["Identificatie"]["B7"].value == "'@SUM(A1)"
    computed = {
        (layout.name, layout.letter(c.key))
        for layout in DATA_SHEETS
        for c in layout.columns
        if c.kind is Kind.COMPUTED
    }
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert (sheet.title, cell.column_letter) in computed, cell.coordinate


def test_the_instructions_are_dutch_and_say_whom_to_send_it_to(demo: Case) -> None:
    data = template_workbook(demo, "gm9002", send_to="nulmeting@vechtstreek.example")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Toelichting"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert text.startswith("Nulmeting Gemeente Ankerveen")
    assert "Stuur het ingevulde bestand naar nulmeting@vechtstreek.example" in text
    assert "1.234,56" in text and "prijspeil van 2026" in text
    assert "Verborgen kosten" in text and "20 MB" in text


def test_an_unknown_participant_is_refused_in_dutch(demo: Case) -> None:
    with pytest.raises(ValueError, match="deelnemer 'gm0000' bestaat niet in deze casus"):
        template_workbook(demo, "gm0000")
