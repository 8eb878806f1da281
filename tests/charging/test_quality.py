"""The quality check of a charging design (domain §3 criteria)."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.charging import charge, charge_with_pools
from samenrekenen.charging.quality import MANUAL_CRITERIA, quality_checks, tariff_parameters
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.format import format_pct
from samenrekenen.model import Case
from samenrekenen.model.charging import (
    ChargingDesign,
    ProductUnit,
    SettlementRule,
)

SCENARIO = "minder-meerkosten"
DEMO = demo_case()
RESULT = calculate(DEMO)


def _design() -> ChargingDesign:
    assert DEMO.charging_design is not None
    return DEMO.charging_design


def _checks(case: Case) -> dict[str, tuple[str, str]]:
    charging = charge(case, RESULT, SCENARIO)
    return {q.key: (q.status, q.explanation) for q in quality_checks(case, RESULT, charging)}


def _with(design: ChargingDesign) -> Case:
    return DEMO.model_copy(update={"charging_design": design})


def test_demo_flags_software_charged_per_account_and_storage_per_workplace() -> None:
    checks = _checks(DEMO)
    assert checks["incentive:werkplek:werkplek"][0] == "ok"
    assert checks["incentive:account:software"][0] == "let_op"
    assert "hangen af van applicaties" in checks["incentive:account:software"][1]
    assert checks["incentive:hosting:servers_storage"][0] == "let_op"
    assert all(checks[key][0] == "handmatig" for key, _ in MANUAL_CRITERIA)


def test_a_declared_cost_driver_changes_the_incentive_verdict() -> None:
    design = _design().model_copy(update={"cost_drivers": {"software": ProductUnit.ACCOUNT}})
    assert _checks(_with(design))["incentive:account:software"][0] == "ok"


def test_simplicity_counts_tariff_parameters() -> None:
    # werkplek 1, account (composite) 2, hosting 4 tiers, three keyed pools.
    assert tariff_parameters(_design()) == 10
    status, text = _checks(DEMO)["simplicity"]
    assert status == "ok" and "10 parameters" in text


def test_robustness_reports_the_largest_cost_price_change() -> None:
    status, text = _checks(DEMO)["robustness"]
    assert status == "ok"
    software = RESULT.categories.index("software")
    factors = np.ones(len(RESULT.categories))
    factors[software] = 1.1
    before = charge(DEMO, RESULT, SCENARIO).products[1]
    after = charge_with_pools(DEMO, RESULT, SCENARIO, factors).products[1]
    change = np.nanmax(np.abs(after.cost_price_eur / before.cost_price_eur - 1)) * 100
    assert f"{format_pct(change)} (Gebruikersaccount met standaardsoftware bij 10% hogere" in text


def test_coverage_and_settlement_agreements() -> None:
    text = _checks(DEMO)["coverage"][1]
    assert "met de nacalculatie wordt verrekend" in text
    assert _checks(DEMO)["settlement"][0] == "ok"
    principles = _design().principles.model_copy(
        update={"settlement": SettlementRule.NONE, "coverage": "margin"}
    )
    without = _design().model_copy(update={"principles": principles})
    checks = _checks(_with(without))
    assert checks["settlement"][0] == "let_op"
    assert checks["coverage"][0] == "let_op"
    assert "wordt verrekend" not in checks["coverage"][1]


def test_market_price_and_efficiency_target() -> None:
    from samenrekenen.charging.quality import efficiency_path

    charging = charge(DEMO, RESULT, SCENARIO)
    status, text = _checks(DEMO)["market:werkplek"]
    werkplek = charging.products[0]
    worst = max(
        (c / 3200, y)
        for y, c in zip(charging.years, werkplek.cost_price_eur, strict=True)
        if y >= 2027
    )
    assert status == "let_op" and f"het meest in {worst[1]}" in text
    cheap = _design().products[0].model_copy(update={"market_price_eur": {2027: 99999.0}})
    design = _design().model_copy(update={"products": [cheap, *_design().products[1:]]})
    assert _checks(_with(design))["market:werkplek"][0] == "ok"
    path = efficiency_path(_design(), charging)
    assert path is not None
    first = charging.years.index(2027)
    assert np.isnan(path[0])
    assert path[first] == pytest.approx(charging.share_cost_eur[first])
    assert path[-1] == pytest.approx(charging.share_cost_eur[first] * 0.985 ** (2035 - 2027))
    assert _checks(DEMO)["efficiency"][0] == "let_op"
