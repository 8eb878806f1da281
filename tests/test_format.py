"""Dutch number format: euros, thousands, percentages, years, and reading typed numbers."""

from __future__ import annotations

import math

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from samenrekenen.format import (
    LOCALE,
    MISSING,
    THOUSANDS_LABEL,
    NumberEntryError,
    _round,
    format_eur,
    format_number,
    format_pct,
    format_year_or_none,
    format_years,
    parse_number,
    unit_label,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_234_567, "€ 1.234.567"),
        (1_234_567.49, "€ 1.234.567"),
        (0.5, "€ 1"),
        (2.5, "€ 3"),
        (999.5, "€ 1.000"),
        (0, "€ 0"),
        (-1_234_567, "€ -1.234.567"),
        (-1_234_567.5, "€ -1.234.568"),
    ],
)
def test_eur_is_whole_euros_with_dots_between_thousands(amount: float, expected: str) -> None:
    assert format_eur(amount) == expected


def test_eur_never_shows_a_negative_zero() -> None:
    assert format_eur(-0.4) == "€ 0"
    assert format_eur(-400, thousands=True) == "0"


def test_eur_in_thousands_is_rounded_without_decimals_or_sign() -> None:
    assert format_eur(1_234_567, thousands=True) == "1.235"
    assert format_eur(-1_234_499, thousands=True) == "-1.234"
    assert unit_label(True) == THOUSANDS_LABEL == "× € 1.000"
    assert unit_label(False) == "€"


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_missing_or_non_finite_values_show_a_dash(value: float | None) -> None:
    assert format_eur(value) == MISSING
    assert format_pct(value) == MISSING
    assert format_years(value) == MISSING
    assert format_number(value) == MISSING


def test_pct_uses_a_decimal_comma() -> None:
    assert format_pct(12.5) == "12,5%"
    assert format_pct(-3.25) == "-3,3%"
    assert format_pct(2.25, decimals=2) == "2,25%"
    assert format_pct(100) == "100,0%"


def test_number_uses_dutch_separators() -> None:
    assert format_number(1_234_567) == "1.234.567"
    assert format_number(-1234.5678, decimals=2) == "-1.234,57"


def test_years_are_a_duration_in_jaar() -> None:
    assert format_years(2.5) == "2,5 jaar"
    assert format_years(7) == "7,0 jaar"


def test_calendar_year_has_no_separator_and_none_is_niet() -> None:
    assert format_year_or_none(2031) == "2031"
    assert format_year_or_none(None) == "niet"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", 1234.56),
        ("1234,5", 1234.5),
        ("-12", -12.0),
        ("€ 1.000", 1000.0),
        ("12,5%", 12.5),
        ("12.5", 12.5),
        ("1.234.567", 1234567.0),
        (" 7 ", 7.0),
        ("−3,25", -3.25),
    ],
)
def test_parse_number_reads_dutch_entry(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4", "12e5"])
def test_parse_number_refuses_non_numbers_in_dutch(text: str) -> None:
    with pytest.raises(NumberEntryError, match="is geen getal"):
        parse_number(text)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_formatted_numbers_parse_back(value: float) -> None:
    assert parse_number(format_number(value, 2)) == pytest.approx(round(value, 2), abs=0.006)


@given(
    st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_numbers_are_formatted_as_babel_formats_them_for_nl_nl(value: float, decimals: int) -> None:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    rounded = _round(value, decimals)
    expected = format_decimal(rounded, pattern, locale=LOCALE, decimal_quantization=False)
    assert format_number(value, decimals) == expected.replace("\xa0", " ")
