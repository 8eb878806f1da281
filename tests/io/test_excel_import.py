"""Specification of reading a filled-in data-collection template (samenrekenen.io.excel_import)
and of the checks on uploaded files (samenrekenen.io.xlsx_safety)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from samenrekenen.demo import demo_case
from samenrekenen.io.casefile import parse_case
from samenrekenen.io.excel_import import WorkbookError, WorkbookProblem, import_workbook
from samenrekenen.io.excel_template import template_workbook
from samenrekenen.io.xlsx_safety import (
    MAX_FILE_BYTES,
    UnsafeWorkbookError,
    check_workbook_file,
    neutralise,
    restore,
)
from samenrekenen.model import Case

CASE_YAML = """\
schema_version: 1
version_label: Versie 3
cooperation:
  name: ICT-samenwerking Voorbeeld
  first_year: 2026
  horizon_years: 10
participants:
  - id: gm0001
    name: Gemeente Een
    drivers:
      inhabitants: 50000
      workplaces: {2026: 400, 2030: 420}
    baseline:
      costs:
        - category: werkplek
          visible_eur: 100000
          hidden:
            - {amount_eur: 20000, cause: project_budgets, description: Laptops uit projecten}
        - category: software
          visible_eur: 250000.5
          source: {supplied_by: Controller, document: Begroting 2025, date: 2025-09-10}
      staffing:
        - {function_group: Technisch beheer, fte: 5, cost_per_fte_eur: 80000}
      assets:
        - {id: laptops, category: werkplek, purchase_year: 2023, amount_eur: 50000, term_years: 4}
        - {id: servers, category: servers_storage, purchase_year: 2022, amount_eur: 120000,
           method: annuity}
      contracts:
        - {id: erp, name: ERP-systeem, supplier: Leverancier A, category: software,
           annual_amount_eur: 30000, end_date: 2027-12-31}
  - id: gm0002
    name: Gemeente Twee
    drivers: {inhabitants: 30000}
scenarios:
  - {id: alleen, name: Ongewijzigd beleid, is_baseline: true}
  - id: samen
    name: Samen
    asset_retirements:
      - {id: weg, participant: gm0001, asset: servers, year: 2027}
"""
# The template of gm0001 has these rows (the header is row 4, data from row 5):
#   Nulmeting: 5 werkplek, 6 software, 7 servers_storage … 11 personele_inzet; C = visible
#   Verborgen kosten: 5 werkplek (C amount, D cause, E description)
#   Personeel: 5 Technisch beheer (B fte, C cost per FTE)
#   Activa: 5 laptops, 6 servers (A id, C category, D year, E amount, F term, G method)
#   Contracten: 5 erp (A id, E annual amount, F end date)
#   Volumes: 5 inhabitants (no year), 6 workplaces 2026, 7 workplaces 2030 (C year, D value)


@pytest.fixture(scope="module")
def case() -> Case:
    return parse_case(CASE_YAML, "yaml")


@pytest.fixture(scope="module")
def template(case: Case) -> bytes:
    return template_workbook(case, "gm0001")


def edited(data: bytes, change: Callable[[Any], None]) -> bytes:
    """The workbook after ``change(book)``, saved again (as a user's spreadsheet would)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cells(data: bytes, cells: dict[str, object]) -> bytes:
    """The workbook with cells (``"Nulmeting!C5"``) set to new values."""

    def change(book: Any) -> None:
        for where, value in cells.items():
            sheet, cell = where.split("!")
            book[sheet][cell] = value

    return edited(data, change)


def problems(case: Case, data: bytes, **options: Any) -> list[str]:
    """The formatted problems of an import that must fail."""
    with pytest.raises(WorkbookError) as info:
        import_workbook(case, data, **options)
    return [problem.format() for problem in info.value.problems]


def participant(case: Case, participant_id: str = "gm0001") -> Any:
    return next(p for p in case.participants if p.id == participant_id)


def zipped(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- round trips ------------------------------------------------------------------------------


def test_an_unchanged_template_gives_back_the_same_case_for_every_demo_participant() -> None:
    demo = demo_case()
    for member in demo.participants:
        imported = import_workbook(demo, template_workbook(demo, member.id))
        assert imported.model_dump() == demo.model_dump(), member.id


def test_changed_values_are_taken_over_and_a_new_template_gives_them_back(
    case: Case, template: bytes
) -> None:
    filled = with_cells(
        template,
        {
            "Nulmeting!C5": 110000,
            "Nulmeting!C7": "45.000",  # a category that had no cost line yet
            "Verborgen kosten!A6": "software",
            "Verborgen kosten!C6": "1.250,50",
            "Verborgen kosten!D6": "Functioneel beheer in de lijn",
            "Personeel!B5": 4.5,
            "Activa!F5": 5,
            "Contracten!F5": "30-06-2028",
            "Volumes!D7": 425,
            "Volumes!A8": "Accounts",
            "Volumes!D8": 800,
        },
    )
    updated = import_workbook(case, filled)
    baseline = participant(updated).baseline
    costs = {c.category: c for c in baseline.costs}
    assert costs["werkplek"].visible_eur == 110000
    assert costs["servers_storage"].visible_eur == 45000
    assert [(h.amount_eur, h.cause.value) for h in costs["software"].hidden] == [
        (1250.5, "functional_management_in_line")
    ]
    assert costs["software"].source is not None and costs["software"].source.document
    assert baseline.staffing[0].fte == 4.5
    assert baseline.assets[0].term_years == 5
    assert str(baseline.contracts[0].end_date) == "2028-06-30"
    assert participant(updated).drivers == {
        "inhabitants": 50000,
        "workplaces": {2026: 400, 2030: 425},
        "accounts": 800,
    }
    assert participant(updated, "gm0002") == participant(case, "gm0002")
    again = import_workbook(updated, template_workbook(updated, "gm0001"))
    assert again.model_dump() == updated.model_dump()


def test_a_cleared_row_removes_the_record(case: Case, template: bytes) -> None:
    cleared = {f"Contracten!{letter}5": None for letter in "ABCDEF"}
    updated = import_workbook(case, with_cells(template, cleared))
    assert participant(updated).baseline.contracts == []


def test_text_that_looked_like_a_formula_comes_back_as_written(case: Case) -> None:
    coop = case.cooperation.model_copy(update={"name": "=Samenwerking"})
    risky = case.model_copy(update={"cooperation": coop})
    one = participant(risky)
    staffing = one.baseline.staffing[0].model_copy(update={"function_group": "-Beheer"})
    asset = one.baseline.assets[0].model_copy(update={"description": '=HYPERLINK("x")'})
    baseline = one.baseline.model_copy(
        update={"staffing": [staffing], "assets": [asset, *one.baseline.assets[1:]]}
    )
    risky = risky.model_copy(
        update={
            "participants": [one.model_copy(update={"baseline": baseline}), *risky.participants[1:]]
        }
    )
    imported = import_workbook(risky, template_workbook(risky, "gm0001"))
    assert imported.model_dump() == risky.model_dump()


def test_neutralised_text_is_restored_and_other_text_left_alone() -> None:
    for text in ("=1+1", "+31 6", "-500", "@SUM", "gewoon", "'citaat"):
        assert restore(neutralise(text)) == text
    assert restore("'citaat") == "'citaat"


# --- numbers ----------------------------------------------------------------------------------


def _visible(case: Case, template: bytes, value: object, notation: str = "nl") -> float:
    data = with_cells(template, {"Nulmeting!C5": value})
    imported = import_workbook(case, data, notation=notation)
    return participant(imported).baseline.costs[0].visible_eur


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", 1234.56),
        ("1.234", 1234.0),
        ("1234,5", 1234.5),
        ("€ 1.250,-", 1250.0),
        ("1.234.567", 1234567.0),
        (" 12 ", 12.0),
    ],
)
def test_text_cells_are_read_in_dutch_notation_by_default(
    case: Case, template: bytes, text: str, expected: float
) -> None:
    assert _visible(case, template, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("1,234.56", 1234.56), ("1.234", 1.234), ("1,234", 1234.0)]
)
def test_text_cells_are_read_in_english_notation_when_asked(
    case: Case, template: bytes, text: str, expected: float
) -> None:
    assert _visible(case, template, text, notation="en") == expected


@pytest.mark.parametrize(("text", "notation"), [("1,234.56", "nl"), ("12.5", "nl"), ("12,5", "en")])
def test_a_number_in_the_other_notation_is_refused_not_guessed(
    case: Case, template: bytes, text: str, notation: str
) -> None:
    data = with_cells(template, {"Nulmeting!C5": text})
    assert problems(case, data, notation=notation) == [
        f'Nulmeting!C5: "{text}" is geen bedrag; schrijf alleen een getal, zonder € of '
        f"eenheid, zoals {'1.234,56' if notation == 'nl' else '1,234.56'}"
    ]


@pytest.mark.parametrize("notation", ["nl", "en"])
def test_numeric_cells_are_numbers_whatever_the_notation(
    case: Case, template: bytes, notation: str
) -> None:
    assert _visible(case, template, 1234.5, notation=notation) == 1234.5


def test_an_unknown_notation_is_a_problem(case: Case, template: bytes) -> None:
    assert problems(case, template, notation="de") == [
        "onbekende notatie 'de'; kies nl (1.234,56) of en (1,234.56)"
    ]


# --- bad input, reported at once -------------------------------------------------------------


def test_text_in_an_amount_cell_is_reported_with_its_sheet_and_cell(
    case: Case, template: bytes
) -> None:
    found = problems(case, with_cells(template, {"Nulmeting!C6": "12.5k"}))
    assert len(found) == 1
    assert found[0].startswith('Nulmeting!C6: "12.5k" is geen bedrag')


def test_every_problem_is_reported_at_once_and_nothing_changes(case: Case, template: bytes) -> None:
    before = case.model_dump()

    def break_everything(book: Any) -> None:
        book["Nulmeting"]["C6"] = "veel"
        book["Nulmeting"]["A7"] = "werkplek"  # werkplek twice
        book["Nulmeting"]["C7"] = 5
        book["Verborgen kosten"]["C5"] = -20000
        book["Verborgen kosten"]["D5"] = "onbekend"
        del book["Personeel"]
        book["Activa"]["A6"] = "laptops"  # the same id twice
        book["Activa"]["D5"] = "tweeduizend"
        book["Contracten"]["F4"] = "Einde"
        book["Volumes"]["D5"] = -1
        book["Volumes"]["C7"] = 2026  # workplaces 2026 twice

    # gm0001's workbook, uploaded at gm0002
    found = problems(case, edited(template, break_everything), participant_id="gm0002")
    cells = [line.split(": ", 1)[0] for line in found]
    assert cells == [
        "Identificatie!B6",
        "Nulmeting!C6",
        "Nulmeting!A7",
        "Verborgen kosten!C5",
        "Verborgen kosten!D5",
        "Personeel",
        "Activa!D5",
        "Activa!A6",
        "Contracten!F4",
        "Volumes!D5",
        "Volumes!A7",
    ]
    assert found[1].startswith('Nulmeting!C6: "veel" is geen bedrag')
    assert "categorie 'werkplek' staat ook al in rij 5" in found[2]
    assert "-20.000 is negatief" in found[3]
    assert '"onbekend" is geen bekende oorzaak' in found[4]
    assert "dit tabblad ontbreekt" in found[5]
    assert "id 'laptops' staat ook al in rij 5" in found[7]
    assert "hier hoort de kop 'Einddatum', maar er staat 'Einde'" in found[8]
    assert "volume 'workplaces' en vanaf jaar '2026' staat ook al in rij 6" in found[10]
    assert case.model_dump() == before


def test_negative_amounts_fte_volumes_and_terms_are_refused(case: Case, template: bytes) -> None:
    data = with_cells(
        template,
        {
            "Nulmeting!C5": "-1.000",
            "Personeel!B5": -1,
            "Personeel!C5": -80000,
            "Activa!F5": 0,
            "Contracten!E5": -1,
            "Volumes!D6": "-400",
        },
    )
    found = problems(case, data)
    assert [line.split(": ", 1)[0] for line in found] == [
        "Nulmeting!C5",
        "Personeel!B5",
        "Personeel!C5",
        "Activa!F5",
        "Contracten!E5",
        "Volumes!D6",
    ]
    assert all("negatief" in line or "1 of meer" in line for line in found)


def test_an_empty_required_cell_asks_to_fill_it_or_clear_the_row(
    case: Case, template: bytes
) -> None:
    found = problems(case, with_cells(template, {"Activa!D5": None, "Contracten!B5": " "}))
    assert found == [
        "Activa!D5: 'Aanschafjaar' is leeg; vul het in of maak de hele rij leeg",
        "Contracten!B5: 'Naam' is leeg; vul het in of maak de hele rij leeg",
    ]


def test_unknown_categories_and_choices_name_the_allowed_values(
    case: Case, template: bytes
) -> None:
    data = with_cells(template, {"Activa!C5": "laptops", "Activa!G5": "degressief"})
    found = problems(case, data)
    assert found[0].startswith("Activa!C5: 'laptops' is geen categorie van deze business case")
    assert "werkplek" in found[0]
    assert found[1] == (
        'Activa!G5: "degressief" is geen bekende methode; kies een van: Lineair, Annuïteit'
    )


def test_a_constant_volume_and_volumes_per_year_do_not_mix(case: Case, template: bytes) -> None:
    data = with_cells(template, {"Volumes!A8": "workplaces", "Volumes!D8": 410})
    assert problems(case, data) == [
        "Volumes!C8: volume 'workplaces' heeft elders aantallen per jaar; vul hier ook een "
        "jaar in, of gebruik één rij zonder jaar voor alle jaren"
    ]


# --- layout ---------------------------------------------------------------------------------


def test_a_missing_sheet_and_a_renamed_header_are_reported(case: Case, template: bytes) -> None:
    def change(book: Any) -> None:
        del book["Personeel"]
        book["Activa"]["D4"] = "Jaar"

    found = problems(case, edited(template, change))
    assert found[0].startswith("Personeel: dit tabblad ontbreekt")
    assert found[1].startswith("Activa!D4: hier hoort de kop 'Aanschafjaar', maar er staat 'Jaar'")
    assert len(found) == 2  # the rows under a wrong header are not read


def test_a_moved_header_row_is_reported_once(case: Case, template: bytes) -> None:
    found = problems(case, edited(template, lambda book: book["Contracten"].insert_rows(1)))
    assert found == [
        "Contracten!A5: de kopregel staat in rij 5, maar hoort in rij 4; verwijder de rijen "
        "die erboven zijn ingevoegd of weggehaald"
    ]


def test_empty_rows_and_merged_heading_cells_are_skipped(case: Case, template: bytes) -> None:
    def change(book: Any) -> None:
        sheet = book["Activa"]
        sheet.unmerge_cells("A1:K1")
        sheet.merge_cells("A1:D1")  # a heading of the user's own above the table
        sheet.merge_cells("E3:F3")
        sheet["A8"] = "Hardware (tussenkopje)"
        sheet.merge_cells("A8:K8")
        for column, value in zip("ACDE", ("printers", "werkplek", 2025, 9000), strict=True):
            sheet[f"{column}12"] = value  # after three empty rows

    updated = import_workbook(case, edited(template, change))
    assert [a.id for a in participant(updated).baseline.assets] == [
        "laptops",
        "servers",
        "printers",
    ]


# --- identification --------------------------------------------------------------------------


def test_a_workbook_of_another_case_is_refused(case: Case, template: bytes) -> None:
    found = problems(demo_case(), template)
    assert found[0].startswith(
        "Identificatie!B3: deze werkmap hoort bij een andere business case "
        "('ICT-samenwerking Voorbeeld'), niet bij 'ICT-samenwerking Vechtstreek'"
    )


def test_a_workbook_of_another_participant_is_refused_when_one_is_expected(
    case: Case, template: bytes
) -> None:
    found = problems(case, template, participant_id="gm0002")
    assert found == [
        "Identificatie!B6: deze werkmap is van Gemeente Een (gm0001), niet van deelnemer "
        "'gm0002'; lees hem in bij die deelnemer, of download het invulbestand van deze "
        "deelnemer"
    ]
    assert import_workbook(case, template, participant_id="gm0001") == case


def test_a_participant_that_left_the_case_is_refused(case: Case, template: bytes) -> None:
    found = problems(case, with_cells(template, {"Identificatie!B6": "gm0099"}))
    assert found[0].startswith("Identificatie!B6: deelnemer 'gm0099' bestaat niet")


def test_another_layout_version_and_a_missing_identification_are_refused(
    case: Case, template: bytes
) -> None:
    found = problems(case, with_cells(template, {"Identificatie!B2": 99}))
    assert found[0].startswith("Identificatie!B2: dit invulbestand heeft lay-outversie 99")

    def remove(book: Any) -> None:
        del book["Identificatie"]

    found = problems(case, edited(template, remove))
    assert found[0].startswith("Identificatie: dit verborgen tabblad ontbreekt")


# --- the case's own validation ---------------------------------------------------------------


def test_case_validation_errors_point_at_the_cell_they_came_from(
    case: Case, template: bytes
) -> None:
    found = problems(case, with_cells(template, {"Activa!D5": 2040}))
    assert found == [
        "Activa!D5: aanschafjaar 2040 ligt na de looptijd 2026–2035; een bestaand activum is "
        "uiterlijk in het laatste jaar aangeschaft"
    ]
    found = problems(case, with_cells(template, {"Contracten!A5": "erp systeem"}))
    assert len(found) == 1
    assert found[0].startswith('Contracten!A5: "erp systeem"')


def test_a_case_error_outside_the_workbook_names_the_case_path(case: Case, template: bytes) -> None:
    cleared = {f"Activa!{letter}6": None for letter in "ABCDEFG"}  # the asset 'servers'
    found = problems(case, with_cells(template, cleared))
    assert found == [
        "casus scenarios[1].asset_retirements[0].asset: deelnemer 'gm0001' heeft geen "
        "activum 'servers'; kies een van: laptops"
    ]


def test_no_english_validation_text_reaches_the_user(case: Case, template: bytes) -> None:
    data = with_cells(
        template,
        {"Activa!A5": "a b", "Activa!D5": 1800, "Contracten!B5": "", "Nulmeting!C5": "x"},
    )
    messages = problems(case, data)
    messages += problems(case, with_cells(template, {"Activa!A5": "a b", "Activa!D5": 2040}))
    for message in messages:
        assert "Field required" not in message
        assert "Input should be" not in message
        assert "String should" not in message


def test_the_problem_format_names_sheet_and_cell() -> None:
    problem = WorkbookProblem("Nulmeting", "D14", '"12.5k" is geen bedrag')
    assert problem.format() == 'Nulmeting!D14: "12.5k" is geen bedrag'
    assert WorkbookProblem("Activa", "", "ontbreekt").format() == "Activa: ontbreekt"
    error = WorkbookError("nulmeting.xlsx", [problem])
    assert str(error) == 'nulmeting.xlsx: Nulmeting!D14: "12.5k" is geen bedrag'
    assert isinstance(error, ValueError)


# --- files refused before they are opened ----------------------------------------------------


def _refusal(case: Case, data: bytes) -> str:
    found = problems(case, data)
    assert len(found) == 1
    return found[0]


def test_a_file_over_20_mb_is_refused(case: Case) -> None:
    message = _refusal(case, bytes(MAX_FILE_BYTES + 1))
    assert message.startswith("het bestand is 20,0 MB; een werkmap mag hoogstens 20 MB zijn")


@pytest.mark.parametrize(
    "data", [b"categorie;bedrag\nwerkplek;100\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)]
)
def test_something_that_is_not_an_xlsx_is_refused(case: Case, data: bytes) -> None:
    assert _refusal(case, data).startswith("dit bestand is geen Excel-werkmap (.xlsx)")


def test_a_zip_that_is_not_a_workbook_is_refused(case: Case) -> None:
    assert _refusal(case, zipped({"notities.txt": b"geen werkmap"})).startswith(
        "dit bestand is geen Excel-werkmap"
    )
    damaged = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"kapot"})
    assert _refusal(case, damaged).startswith("de werkmap is beschadigd")


def test_macro_enabled_workbooks_are_refused(case: Case, template: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with_vba = zipped({**parts, "xl/vbaProject.bin": b"\x00" * 64})
    types = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    xlsm = zipped({**parts, "[Content_Types].xml": types})
    for data in (with_vba, xlsm):
        assert "bevat macro's (.xlsm)" in _refusal(case, data)


def test_archive_bombs_are_refused_by_ratio_and_by_total_size(case: Case) -> None:
    content_types = {"[Content_Types].xml": b"<Types/>"}
    by_ratio = zipped({**content_types, "xl/worksheets/sheet1.xml": bytes(2 * 1024 * 1024)})
    # Parts too small to be held to the ratio, but together far more than a workbook holds.
    many = {f"xl/media/part{i}.bin": bytes(1024 * 1024 - 1) for i in range(60)}
    by_size = zipped({**content_types, **many})
    for data in (by_ratio, by_size):
        assert len(data) < 1024 * 1024
        assert "zip-bom" in _refusal(case, data)


def test_the_file_check_passes_a_real_template(template: bytes) -> None:
    check_workbook_file(template)
    with pytest.raises(UnsafeWorkbookError):
        check_workbook_file(b"")


def test_problems_carry_sheet_and_cell_for_the_web_page(case: Case, template: bytes) -> None:
    with pytest.raises(WorkbookError) as info:
        import_workbook(case, with_cells(template, {"Nulmeting!C6": "veel"}), file="x.xlsx")
    problem = info.value.problems[0]
    assert (problem.sheet, problem.cell, problem.path) == ("Nulmeting", "C6", "")
    assert info.value.file == "x.xlsx"
