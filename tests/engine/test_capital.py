"""Capital charges: hand-calculated schedules for every rule combination."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.engine import capital_charge_schedule
from samenrekenen.engine.capital import charge_matrices


def test_asset_bought_before_the_horizon_depreciates_from_its_purchase() -> None:
    # 10.000 in 2020 over 4 years, linear, 5%: book value 1 January 2023 is 2.500.
    schedule = capital_charge_schedule(10_000, 2020, 4, 0.05, years=[2023, 2024, 2025])
    np.testing.assert_allclose(schedule.book_value_jan_1, [5_000, 2_500, 0])
    np.testing.assert_allclose(schedule.capital_charge, [2_500 + 250, 2_500 + 125, 0])


def test_first_depreciation_in_purchase_year_charges_interest_on_the_full_amount() -> None:
    schedule = capital_charge_schedule(1_000, 2026, 2, 0.10, first_depreciation="purchase_year")
    np.testing.assert_allclose(schedule.depreciation, [500, 500])
    np.testing.assert_allclose(schedule.interest, [100, 50])


def test_interest_over_average_book_value() -> None:
    schedule = capital_charge_schedule(1_000, 2026, 2, 0.10, interest_rule="average_book_value")
    # 2027: (1000 + 500) / 2 · 10% = 75; 2028: (500 + 0) / 2 · 10% = 25.
    np.testing.assert_allclose(schedule.interest, [0, 75, 25])


def test_annuity_without_interest_is_linear() -> None:
    annuity = capital_charge_schedule(900, 2026, 3, 0.0, method="annuity")
    np.testing.assert_allclose(annuity.capital_charge, [0, 300, 300, 300])


@pytest.mark.parametrize("method", ["linear", "annuity"])
def test_depreciation_adds_up_to_the_amount(method: str) -> None:
    schedule = capital_charge_schedule(12_345.67, 2026, 7, 0.035, method=method)
    assert schedule.depreciation.sum() == pytest.approx(12_345.67)
    assert schedule.book_value_dec_31[-1] == pytest.approx(0.0, abs=1e-6)


def test_charge_matrix_rows_are_unit_purchase_schedules() -> None:
    charges, book = charge_matrices(2026, 4, 3, 0.05, "linear", "next_year", "book_value_jan_1")
    # Bought in 2027: charges 2028, 2029 inside the horizon; one third left at the end.
    np.testing.assert_allclose(charges[1], [0, 0, 1 / 3 + 0.05, 1 / 3 + 0.05 * 2 / 3])
    np.testing.assert_allclose(book[1], [0, 1, 2 / 3, 1 / 3])
    assert book[1, -1] == pytest.approx(1 / 3)
