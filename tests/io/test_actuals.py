"""Importing actuals from CSV and Excel: Dutch and English notation, all or nothing, every
problem with its row and column."""

from __future__ import annotations

import io

import openpyxl
import pytest

from samenrekenen.demo import demo_case
from samenrekenen.io.actuals import ActualsError, import_actuals
from samenrekenen.model import Case

DUTCH = """soort;entiteit;code;jaar;bedrag;toelichting
kosten;share;software;2028;15.480.123,45;jaarrekening
kosten;gm9001;werkplek;2028;80.100;
volume;gm9001;werkplek;2028;43;
volume;gm9002;inhabitants;2028;9.870;
baat;;minder-uitval;2028;12.500,50;
kengetal;;beschikbaarheid;2028;99,4;
"""

ENGLISH = """soort,entiteit,categorie,jaar,waarde
kosten,share,software,2028,"15,480,123.45"
kengetal,,beschikbaarheid,2028,99.4
"""


@pytest.fixture(scope="module")
def case() -> Case:
    return demo_case()


def _import(case: Case, text: str, notation: str = "nl", file: str = "actuals.csv") -> Case:
    return import_actuals(case, text.encode("utf-8"), file=file, notation=notation)


def _problems(case: Case, text: str, notation: str = "nl") -> list[str]:
    with pytest.raises(ActualsError) as caught:
        _import(case, text, notation)
    return [p.format("actuals.csv") for p in caught.value.problems]


def test_a_dutch_csv_is_merged_into_the_actuals(case: Case) -> None:
    updated = _import(case, DUTCH)
    actuals = updated.actuals
    assert actuals is not None and case.actuals is not None
    software = next(
        c for c in actuals.costs if (c.entity, c.category, c.year) == ("share", "software", 2028)
    )
    assert software.amount_eur == pytest.approx(15480123.45)
    assert len(actuals.costs) == len(case.actuals.costs) + 2  # 2027 stays
    volume = next(v for v in actuals.volumes if (v.driver, v.year) == ("inhabitants", 2028))
    assert volume.value == 9870
    assert any(b.year == 2028 and b.amount_eur == pytest.approx(12500.5) for b in actuals.benefits)
    assert any(i.year == 2028 and i.value == pytest.approx(99.4) for i in actuals.indicators)


def test_an_english_csv_with_commas_reads_the_same(case: Case) -> None:
    updated = _import(case, ENGLISH, notation="en")
    assert updated.actuals is not None
    software = next(c for c in updated.actuals.costs if c.year == 2028)
    assert software.amount_eur == pytest.approx(15480123.45)


def test_a_figure_replaces_an_earlier_actual_with_the_same_key(case: Case) -> None:
    updated = _import(case, "soort;entiteit;code;jaar;bedrag\nkosten;share;software;2027;1,5\n")
    assert updated.actuals is not None and case.actuals is not None
    software = [
        c
        for c in updated.actuals.costs
        if (c.entity, c.category, c.year) == ("share", "software", 2027)
    ]
    assert [c.amount_eur for c in software] == [1.5]
    assert len(updated.actuals.costs) == len(case.actuals.costs)


def test_an_excel_workbook_is_read_from_its_first_sheet(case: Case) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["soort", "entiteit", "code", "jaar", "bedrag"])
    sheet.append(["kosten", "share", "software", 2028, 15480123.45])
    sheet.append(["volume", "gm9001", "werkplek", 2028, "43"])
    buffer = io.BytesIO()
    book.save(buffer)
    updated = import_actuals(case, buffer.getvalue(), file="werkelijk.xlsx")
    assert updated.actuals is not None
    assert any(
        c.year == 2028 and c.amount_eur == pytest.approx(15480123.45) for c in updated.actuals.costs
    )


def test_every_problem_is_reported_with_row_and_column_all_at_once(case: Case) -> None:
    text = """soort;entiteit;code;jaar;bedrag
kosten;gm0000;software;2028;100
kosten;share;koffie;2028;100
kosten;share;software;2050;100
kosten;share;software;2028;12.5k
volume;share;werkplek;2028;-4
baat;;kwetsbaarheid;2028;100
kengetal;;onbekend;2028;1
reis;share;software;2028;1
kosten;share;werkplek;2028;1
kosten;share;werkplek;2028;2
"""
    problems = _problems(case, text)
    expected = [
        "actuals.csv rij 2, kolom entiteit: onbekende entiteit 'gm0000'",
        "actuals.csv rij 3, kolom code: onbekende categorie 'koffie'",
        "actuals.csv rij 4, kolom jaar: jaar 2050 ligt buiten de looptijd 2026–2035",
        'actuals.csv rij 5, kolom bedrag: "12.5k" is geen bedrag',
        "actuals.csv rij 6, kolom entiteit: onbekende entiteit 'share'",
        '"-4" is negatief',
        "actuals.csv rij 7, kolom code: onbekende baat in geld 'kwetsbaarheid'",
        "actuals.csv rij 8, kolom code: onbekende kengetal 'onbekend'",
        "actuals.csv rij 9, kolom soort: onbekende soort 'reis'",
        "actuals.csv rij 11, kolom code: dit cijfer staat ook al in rij 10",
    ]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)


def test_a_missing_column_and_the_wrong_separator_are_explained(case: Case) -> None:
    problems = _problems(case, "soort,entiteit,code,jaar,bedrag\nkosten,share,software,2028,1\n")
    assert any("de kolom 'soort' ontbreekt" in p and "';'" in p for p in problems)


def test_a_refused_import_leaves_the_case_unchanged(case: Case) -> None:
    before = case.model_dump()
    with pytest.raises(ActualsError):
        _import(case, DUTCH + "kosten;share;koffie;2028;1\n")
    assert case.model_dump() == before


def test_a_file_that_is_not_a_workbook_is_refused(case: Case) -> None:
    with pytest.raises(ActualsError) as caught:
        import_actuals(case, b"geen werkmap", file="werkelijk.xlsx")
    assert "geen Excel-werkmap" in str(caught.value)
