"""One scenario for many member sets (``evaluate_memberships``) equals the scenario computed with
each set as its ``members``: every entity's cost and NPV, the consolidated case included.

``evaluate_memberships`` sums categories while it books and substitutes non-members in the
entity totals; ``evaluate_batch`` and ``calculate`` keep the category axis. They must agree to
rounding, for the demo case and for random cases with every kind of line.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases

from samenrekenen.demo import demo_case
from samenrekenen.engine import (
    MembershipResult,
    calculate,
    compile_case,
    evaluate_batch,
    evaluate_memberships,
    single_variant,
)
from samenrekenen.engine.results import FloatArray
from samenrekenen.model import Case

RTOL, ATOL = 1e-9, 1e-6
SCENARIO = "minder-meerkosten"


def with_members(case: Case, scenario_id: str, members: list[str]) -> Case:
    """The case with ``members`` as the members of scenario ``scenario_id``."""
    scenarios = [
        s.model_copy(update={"members": members}) if s.id == scenario_id else s
        for s in case.scenarios
    ]
    return case.model_copy(update={"scenarios": scenarios})


def memberships(case: Case, scenario_id: str, rows: FloatArray, **kw: int) -> MembershipResult:
    cc = compile_case(case)
    s = [x.id for x in cc.scenarios].index(scenario_id)
    return evaluate_memberships(cc, s, rows, **kw)


def assert_agrees(case: Case, scenario_id: str, rows: FloatArray) -> None:
    """``evaluate_memberships`` for ``rows`` against ``evaluate_batch`` of the case with each
    row's participants as the scenario's members."""
    result = memberships(case, scenario_id, rows)
    ids = [p.id for p in case.participants]
    for k, row in enumerate(rows):
        members = [p for p, flag in zip(ids, row, strict=True) if flag > 0.5]
        cc = compile_case(with_members(case, scenario_id, members))
        s = [x.id for x in cc.scenarios].index(scenario_id)
        expected = evaluate_batch(cc, single_variant(cc))
        np.testing.assert_allclose(result.cost[k], expected.cost[0, s], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(result.npv[k], expected.npv[0, s], rtol=RTOL, atol=ATOL)
        baseline = expected.cost[0, cc.baseline_index]
        np.testing.assert_allclose(result.baseline_cost, baseline, rtol=RTOL, atol=ATOL)


@pytest.fixture(scope="module")
def case() -> Case:
    return demo_case()


def demo_rows(case: Case) -> FloatArray:
    """All members, a single member, two members and random sets of the demo's participants."""
    n = len(case.participants)
    rng = np.random.default_rng(20261202)
    rows = np.zeros((6, n))
    rows[0] = 1.0
    rows[1, 3] = 1.0
    rows[2, [0, n - 1]] = 1.0
    rows[3:] = rng.integers(0, 2, (3, n))
    return rows


@pytest.mark.parametrize("scenario_id", ["kostenreductie", SCENARIO, "minder-meerkosten-vier"])
def test_demo_member_sets_agree_with_the_batch_engine(case: Case, scenario_id: str) -> None:
    assert_agrees(case, scenario_id, demo_rows(case))


def test_demo_member_sets_agree_with_calculate(case: Case) -> None:
    rows = demo_rows(case)
    result = memberships(case, SCENARIO, rows)
    ids = [p.id for p in case.participants]
    for k, row in enumerate(rows):
        members = [p for p, flag in zip(ids, row, strict=True) if flag > 0.5]
        scenario = calculate(with_members(case, SCENARIO, members)).scenario(SCENARIO)
        entities = [*(scenario.entities[p] for p in [*ids, "share"]), scenario.consolidated]
        for x, entity in enumerate(entities):
            np.testing.assert_allclose(result.cost[k, x], entity.cost, rtol=RTOL, atol=ATOL)
            npv = entity.metrics.npv
            if npv is None:
                assert np.isnan(result.npv[k, x])
            else:
                assert result.npv[k, x] == pytest.approx(npv, rel=RTOL, abs=ATOL)


def test_chunks_do_not_change_the_results(case: Case) -> None:
    rows = demo_rows(case)
    whole = memberships(case, SCENARIO, rows)
    chunked = memberships(case, SCENARIO, rows, chunk_size=4)
    np.testing.assert_array_equal(whole.cost, chunked.cost)
    np.testing.assert_array_equal(whole.npv, chunked.npv)


def test_no_member_sets_still_give_the_baseline(case: Case) -> None:
    result = memberships(case, SCENARIO, np.zeros((0, len(case.participants))))
    assert result.cost.shape == (0, len(case.participants) + 2, case.cooperation.horizon_years)
    assert result.npv.shape == (0, len(case.participants) + 2)
    baseline = next(s for s in calculate(case).scenarios if s.is_baseline)
    expected = [*(baseline.entities[p.id].cost for p in case.participants)]
    np.testing.assert_allclose(result.baseline_cost[:-2], expected, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        result.baseline_cost[-1], baseline.consolidated.cost, rtol=RTOL, atol=ATOL
    )


@given(case=cases(), data=st.data())
def test_random_cases_agree_with_the_batch_engine(case: Case, data: st.DataObject) -> None:
    others = [s.id for s in case.scenarios if not s.is_baseline]
    scenario_id = data.draw(st.sampled_from(others))
    n = len(case.participants)
    drawn = data.draw(st.lists(st.lists(st.booleans(), min_size=n, max_size=n), max_size=3))
    rows = np.array([[1.0] * n, [1.0] + [0.0] * (n - 1), *drawn], dtype=np.float64)
    rows = rows[rows.sum(axis=1) > 0]  # a scenario has at least one member
    assert_agrees(case, scenario_id, rows)
