"""Dutch number format: euros, thousands, percentages, years."""

from __future__ import annotations

import math

import pytest

from samenrekenen.format import (
    MISSING,
    THOUSANDS_LABEL,
    format_eur,
    format_number,
    format_pct,
    format_year_or_none,
    format_years,
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
