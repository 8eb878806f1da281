"""The VAT cost effect of the cooperation: non-compensable VAT moves with the costs."""

from __future__ import annotations

import numpy as np
import pytest

from samenrekenen.charging import charge
from samenrekenen.charging.vat import vat_effect
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.model import Case, VatTreatment
from samenrekenen.model.charging import VatSettings
from samenrekenen.model.validation import check_case

SCENARIO = "minder-meerkosten"
DEMO = demo_case()
RESULT = calculate(DEMO)


def _with_vat(settings: VatSettings, default: VatTreatment | None = None) -> Case:
    assert DEMO.charging_design is not None
    design = DEMO.charging_design.model_copy(update={"vat": settings})
    case = DEMO.model_copy(update={"charging_design": design})
    if default is not None:
        cooperation = case.cooperation.model_copy(update={"vat_default": default})
        case = case.model_copy(update={"cooperation": cooperation})
    return case


def test_everything_compensable_has_no_vat_effect() -> None:
    effect = vat_effect(DEMO, RESULT, charge(DEMO, RESULT, SCENARIO))
    assert np.all(effect.effect_eur == 0)


def test_non_compensable_charges_cost_the_rate_on_every_bill() -> None:
    case = _with_vat(VatSettings(charges=VatTreatment.NOT_COMPENSABLE))
    charging = charge(case, RESULT, SCENARIO)
    effect = vat_effect(case, RESULT, charging)
    assert effect.effect_eur == pytest.approx(0.21 * charging.total_eur)
    assert effect.consolidated_eur == pytest.approx(0.21 * charging.total_eur.sum(axis=0))


def test_non_compensable_purchases_move_from_the_members_to_the_share() -> None:
    settings = VatSettings(share_purchases=VatTreatment.NOT_COMPENSABLE)
    case = _with_vat(settings, VatTreatment.NOT_COMPENSABLE)
    charging = charge(case, RESULT, SCENARIO)
    effect = vat_effect(case, RESULT, charging)
    baseline = RESULT.scenario(DEMO.baseline_scenario.id)
    staff = RESULT.categories.index("personele_inzet")
    member = charging.members.index("gm9001")
    visible = np.asarray(baseline.entities["gm9001"].components)[0]  # retained visible
    lines = sum(
        np.asarray(line.cost)
        for line in baseline.lines
        if line.entity == "gm9001"
        and line.category != "personele_inzet"
        and line.line_type not in ("staff_changes", "transfers")
    )
    alone = 0.21 * (visible.sum(axis=0) - visible[staff] + lines)
    assert effect.alone_eur[member] == pytest.approx(alone)
    # Before the knip (2026) nothing has moved yet: the members' VAT is what it was alone,
    # apart from their share of the share's own non-compensable purchases.
    assert np.all(effect.scenario_eur[:, 0] >= effect.alone_eur[:, 0] - 0.01)


def test_an_unknown_exempt_category_is_an_error() -> None:
    case = _with_vat(VatSettings(exempt_categories=["bestaat-niet"]))
    messages = [e.format() for e in check_case(case)]
    assert any(
        m.startswith("charging_design.vat.exempt_categories[0]: onbekende categorie")
        for m in messages
    )
