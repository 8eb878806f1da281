"""Capital charges (kapitaallasten): depreciation plus interest of capitalised purchases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .results import FloatArray


@dataclass(frozen=True)
class CapitalSchedule:
    """Yearly schedule of one asset: book values, depreciation, interest and capital charge."""

    years: FloatArray
    book_value_jan_1: FloatArray
    depreciation: FloatArray
    interest: FloatArray
    capital_charge: FloatArray
    book_value_dec_31: FloatArray


FIELDS = ("book_value_jan_1", "depreciation", "interest", "capital_charge", "book_value_dec_31")


def capital_charge_schedule(
    amount: float,
    purchase_year: int,
    term_years: int,
    interest_rate: float,
    method: str = "linear",
    first_depreciation: str = "next_year",
    interest_rule: str = "book_value_jan_1",
    years: Sequence[int] | None = None,
) -> CapitalSchedule:
    """The capital-charge schedule of one purchase, over ``years`` (default: the purchase year
    up to the last year of depreciation).

    Linear: equal depreciation over the term. Annuity: a constant charge
    ``A·r / (1 − (1 + r)^−n)`` whose depreciation part is the charge minus the interest on the
    book value at 1 January. Interest is over the book value at 1 January, or over the average of
    the book values at 1 January and 31 December. Depreciation runs from the purchase on, also
    before the first year asked for.
    """
    start = purchase_year + (1 if first_depreciation == "next_year" else 0)
    wanted = tuple(int(y) for y in (years or range(purchase_year, start + term_years)))
    last = max([*wanted, purchase_year])
    # Every rule is linear in the amount: compute per euro once (cached), then scale.
    unit = _unit_schedule(
        purchase_year, term_years, interest_rate, method, first_depreciation, interest_rule, last
    )
    offsets = np.asarray(wanted, dtype=np.int64) - purchase_year
    inside = offsets >= 0
    pick = np.clip(offsets, 0, None)
    return CapitalSchedule(
        np.asarray(wanted, dtype=np.float64),
        *(np.where(inside, unit[k][pick], 0.0) * amount for k in range(len(FIELDS))),
    )


@lru_cache(maxsize=8192)
def _unit_schedule(
    purchase_year: int,
    term_years: int,
    interest_rate: float,
    method: str,
    first_depreciation: str,
    interest_rule: str,
    last_year: int,
) -> FloatArray:
    """Schedule of one euro from the purchase year to ``last_year``: rows in FIELDS order."""
    start = purchase_year + (1 if first_depreciation == "next_year" else 0)
    n_years = last_year - purchase_year + 1
    out = np.zeros((len(FIELDS), n_years))
    annuity = _annuity_factor(term_years, interest_rate)
    book = 1.0
    for i in range(n_years):
        year = purchase_year + i
        opening = book
        if year < start or book <= 0:
            depreciation = 0.0
        elif method == "annuity":
            depreciation = min(book, annuity - interest_rate * opening)
        else:
            depreciation = min(book, 1.0 / term_years)
        closing = opening - depreciation
        if year < start:
            rate_base = opening if first_depreciation == "purchase_year" else 0.0
        elif interest_rule == "average_book_value":
            rate_base = (opening + closing) / 2
        else:
            rate_base = opening
        interest = interest_rate * rate_base
        out[:, i] = (opening, depreciation, interest, depreciation + interest, closing)
        book = closing
    out.setflags(write=False)
    return out


def _annuity_factor(term_years: int, rate: float) -> float:
    """Yearly annuity per euro: r / (1 − (1 + r)^−n), or 1/n when r = 0."""
    if rate == 0:
        return 1.0 / term_years
    return rate / (1.0 - (1.0 + rate) ** -term_years)


@lru_cache(maxsize=4096)
def charge_matrices(
    first_year: int,
    n_years: int,
    term_years: int,
    interest_rate: float,
    method: str,
    first_depreciation: str,
    interest_rule: str,
) -> tuple[FloatArray, FloatArray]:
    """Per euro purchased in horizon year ``s``: the capital charge (matrix ``K[s, t]``) and the
    book value at 31 December (matrix ``B[s, t]``) in every horizon year; ``B[:, -1]`` is the
    book value left at the end of the horizon.

    Used to turn purchases per year into charges and book values with one matrix product.
    """
    years = list(range(first_year, first_year + n_years))
    charges = np.zeros((n_years, n_years))
    book = np.zeros((n_years, n_years))
    for s, year in enumerate(years):
        schedule = capital_charge_schedule(
            1.0, year, term_years, interest_rate, method, first_depreciation, interest_rule, years
        )
        charges[s] = schedule.capital_charge
        book[s] = schedule.book_value_dec_31
    charges.setflags(write=False)
    book.setflags(write=False)
    return charges, book
