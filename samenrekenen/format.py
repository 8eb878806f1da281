"""Dutch presentation of numbers: euros, percentages, years (locale nl_NL, via Babel).

Everything a user reads goes through these functions, so that every screen, table and export
shows the same thing: ``€ 1.234.567``, ``€ -1.234.567`` (Babel's nl_NL pattern ``¤ -#,##0``),
``12,5%``, ``2,5 jaar``. Amounts are rounded half away from zero to whole euros, or to whole
thousands of euros with ``thousands=True`` (then shown without the euro sign, under a heading
that carries :data:`THOUSANDS_LABEL`). The space after ``€`` is an ordinary space, so output can
be searched and compared as plain text. ``None`` and non-finite values are shown as
:data:`MISSING`.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

LOCALE = "nl_NL"
"""Locale of every formatted number."""

THOUSANDS_LABEL = "× € 1.000"
"""Unit label of amounts formatted with ``thousands=True``."""

EURO_LABEL = "€"
"""Unit label of amounts in whole euros."""

MISSING = "—"
"""Shown for a value that does not exist (None, NaN, infinity)."""

_NBSP = "\xa0"


def _finite(value: float | int | None) -> float | None:
    """The value as a float, or None when it is None or not finite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _round(value: float, decimals: int) -> Decimal:
    """Round half away from zero (commercial rounding), without a negative zero."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else Decimal(0).quantize(quantum)


# Babel's nl_NL symbols put into Python's own number formatting ("#,##0.0" groups by three):
# Babel's pattern formatter took about 40 µs a number, and a page shows hundreds.
_SYMBOLS = str.maketrans(
    {
        ",": get_group_symbol(LOCALE).replace(_NBSP, " "),
        ".": get_decimal_symbol(LOCALE),
        "-": get_minus_sign_symbol(LOCALE),
    }
)


def unit_label(thousands: bool = False) -> str:
    """The unit heading that goes with :func:`format_eur` output: ``€`` or ``× € 1.000``."""
    return THOUSANDS_LABEL if thousands else EURO_LABEL


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """A number in Dutch notation: ``1.234.567``, ``-1.234,5`` (``decimals`` fixed digits)."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{_round(number, decimals):,.{decimals}f}".translate(_SYMBOLS)


def format_eur(amount: float | int | None, thousands: bool = False) -> str:
    """An amount in whole euros, ``€ 1.234.567`` / ``€ -1.234.567``.

    With ``thousands=True`` the amount is divided by 1.000 and rounded to a whole number,
    shown without the euro sign (``1.235``); label the column with :data:`THOUSANDS_LABEL`.
    """
    number = _finite(amount)
    if number is None:
        return MISSING
    if thousands:
        return format_number(number / 1000.0)
    digits = format_number(number)
    return f"€ {digits}"


def format_pct(value: float | int | None, decimals: int = 1) -> str:
    """A percentage given in percent (``12.5`` → ``12,5%``)."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{format_number(number, decimals)}%"


def format_years(value: float | int | None, decimals: int = 1) -> str:
    """A duration in years: ``2,5 jaar``."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{format_number(number, decimals)} jaar"


def format_year_or_none(year: int | None) -> str:
    """A calendar year without thousands separator (``2031``), or ``niet`` for None."""
    if year is None:
        return "niet"
    return str(int(year))


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class NumberEntryError(ValueError):
    """Text that is not a number in Dutch notation (Dutch message)."""


def parse_number(text: str) -> float:
    """A number typed the Dutch way: ``1.234,56``, ``1234,5``, ``-12``, ``€ 1.000``, ``12,5%``.

    A comma is the decimal separator and dots group thousands; without a comma, ``1.234`` is
    read as one thousand two hundred and thirty-four and ``12.5`` as twelve and a half.
    """
    cleaned = text.strip().replace("€", "").replace("%", "").replace(" ", "").replace(_NBSP, "")
    cleaned = cleaned.replace("−", "-")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".", 1)
    elif _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _PLAIN_NUMBER.match(cleaned):
        raise NumberEntryError(
            f"'{text.strip()}' is geen getal; gebruik bijvoorbeeld 1.234,56 of 1234,56"
        )
    return float(cleaned)
