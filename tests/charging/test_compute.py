"""Charging the share's costs: cost prices, tariffs, keys and settlement, reconciled to the
cent; bad designs give Dutch errors naming the place."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenrekenen.charging import ChargingError, charge
from samenrekenen.charging.bills import member_bills
from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.model import Case
from samenrekenen.model.charging import (
    ChargingDesign,
    Coverage,
    KeyedPool,
    PoolShare,
    Product,
    SettlementRule,
    Tariff,
    TariffKind,
    Tier,
)
from samenrekenen.model.validation import check_case

SCENARIO = "minder-meerkosten"
DEMO = demo_case()
RESULT = calculate(DEMO)


def _cents(values: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(values) * 100).astype(np.int64)


def _with_design(design: ChargingDesign, case: Case = DEMO) -> Case:
    return case.model_copy(update={"charging_design": design})


def _design() -> ChargingDesign:
    assert DEMO.charging_design is not None
    return DEMO.charging_design


def test_demo_charges_exactly_the_share_costs_every_year() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    share = RESULT.scenario(SCENARIO).entities["share"]
    assert np.array_equal(_cents(charging.total_eur.sum(axis=0)), _cents(share.cost))
    assert np.all(charging.uncovered_eur() == 0)
    assert np.all(charging.share_result_eur == 0)


def test_variable_tariff_at_cost_price_is_cost_over_volume() -> None:
    product = _design().products[0].model_copy(update={"tariff": Tariff(kind=TariffKind.VARIABLE)})
    only = {"products": [product], "keyed_pools": _design().keyed_pools[:1]}
    case = _with_design(_design().model_copy(update=only))
    charging = charge(case, RESULT, SCENARIO)
    werkplek = charging.products[0]
    t = charging.years.index(2030)
    share = RESULT.scenario(SCENARIO).entities["share"]
    # The only product: it carries its direct pools and every unassigned pool (indirect),
    # all but the keyed 20% of personele_inzet.
    personele = RESULT.categories.index("personele_inzet")
    expected_cost = share.cost[t] - 0.2 * share.cost_by_category[personele][t]
    assert werkplek.cost_eur[t] == pytest.approx(expected_cost)
    assert werkplek.cost_price_eur[t] == pytest.approx(expected_cost / werkplek.volume[t])
    first = charging.members.index("gm9001")
    volume = charging.volumes[0, first, t]
    assert charging.invoices_eur[0, first, t] == pytest.approx(
        werkplek.cost_price_eur[t] * volume, abs=0.01
    )
    assert abs(werkplek.deviation_eur[t]) <= 0.01


def test_tiered_tariff_charges_the_band_amount() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    hosting = next(k for k, p in enumerate(charging.products) if p.id == "hosting")
    t = charging.years.index(2030)
    bands = {"gm9001": 180000, "gm9003": 600000, "gm9006": 1350000, "gm9010": 2700000}
    for member, amount in bands.items():
        assert charging.invoices_eur[hosting, charging.members.index(member), t] == amount


def test_margin_goes_to_the_reserve_and_is_charged() -> None:
    principles = _design().principles.model_copy(
        update={"coverage": Coverage.MARGIN, "margin_pct": 5.0}
    )
    case = _with_design(_design().model_copy(update={"principles": principles}))
    charging = charge(case, RESULT, SCENARIO)
    share = RESULT.scenario(SCENARIO).entities["share"]
    assert np.allclose(charging.reserve_eur, np.round(np.asarray(share.cost) * 0.05, 2))
    assert np.array_equal(
        _cents(charging.total_eur.sum(axis=0)), _cents(share.cost) + _cents(charging.reserve_eur)
    )
    assert np.all(charging.uncovered_eur() == 0)


def test_shortfall_without_settlement_is_an_error_under_full_coverage() -> None:
    principles = _design().principles.model_copy(update={"settlement": SettlementRule.NONE})
    case = _with_design(_design().model_copy(update={"principles": principles}))
    with pytest.raises(ChargingError, match="integrale kostendekking"):
        charge(case, RESULT, SCENARIO)
    margin = principles.model_copy(update={"coverage": Coverage.MARGIN})
    warned = charge(
        _with_design(_design().model_copy(update={"principles": margin})), RESULT, SCENARIO
    )
    assert warned.warnings and "dekken de kosten van de share niet" in warned.warnings[0]
    assert np.any(warned.uncovered_eur() > 0)


def test_charging_never_changes_the_consolidated_total() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    bills = member_bills(DEMO, RESULT, charging)
    scenario = RESULT.scenario(SCENARIO)
    share = scenario.entities["share"]
    own = sum(np.asarray(b.cost_eur) for b in bills)
    outside = sum(
        np.asarray(scenario.entities[p].cost)
        for p in RESULT.participants
        if p not in charging.members
    )
    total = own + outside + np.asarray(share.cost) - charging.total_eur.sum(axis=0)
    assert np.allclose(total, scenario.consolidated.cost, atol=0.01)


def test_volume_effect_of_a_variable_product_follows_its_tariff() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    bills = member_bills(DEMO, RESULT, charging)
    t = charging.years.index(2030)
    m = charging.members.index("gm9005")
    expected = sum(
        0.1 * p.tariff_eur[t] * charging.volumes[k, m, t]
        for k, p in enumerate(charging.products)
        if p.kind in (TariffKind.VARIABLE, TariffKind.COMPOSITE)
    )
    assert bills[m].volume_plus_eur[t] == pytest.approx(expected, abs=0.01)
    assert bills[m].volume_minus_eur[t] == pytest.approx(-expected, abs=0.01)
    # After the settlement the cost prices follow: part of the extra comes back.
    assert 0 < bills[m].volume_plus_settled_eur[t] < bills[m].volume_plus_eur[t]


pool_fractions = st.floats(0.05, 0.5)


@st.composite
def designs(draw: st.DrawFn) -> ChargingDesign:
    categories = [c.id for c in DEMO.categories]
    members = [p.id for p in DEMO.participants]
    products = []
    for k in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(list(TariffKind)))
        volumes = {m: draw(st.floats(0, 2000)) for m in members}
        tiers = [
            Tier(from_volume=0, to_volume=500, amount_eur=draw(st.floats(0, 1e6))),
            Tier(from_volume=500, amount_eur=draw(st.floats(0, 3e6))),
        ]
        price = draw(st.none() | st.floats(0, 5000))
        tariff = Tariff(
            kind=kind,
            fixed_fraction=draw(st.floats(0, 1)),
            tiers=tiers if kind is TariffKind.TIERED else [],
            price_eur=None if price is None else {2027: price},
            deviation_reason=None if price is None else "bewust afwijkend",
        )
        pools = [
            PoolShare(category=categories[(k * 2 + i) % 7], fraction=draw(pool_fractions))
            for i in range(2)
        ]
        products.append(
            Product(id=f"p{k}", name=f"Product {k}", pools=pools, volumes=volumes, tariff=tariff)
        )
    keyed = [
        KeyedPool(id="k1", name="Sleutel", category=categories[6], fraction=draw(pool_fractions))
    ]
    principles = _design().principles.model_copy(
        update={
            "coverage": draw(st.sampled_from(list(Coverage))),
            "margin_pct": draw(st.floats(0, 10)),
        }
    )
    return ChargingDesign(principles=principles, products=products, keyed_pools=keyed)


@given(designs())
def test_invoices_plus_settlement_equal_share_costs_to_the_cent(design: ChargingDesign) -> None:
    case = _with_design(design)
    assert check_case(case) == []
    charging = charge(case, RESULT, SCENARIO)
    expected = _cents(RESULT.scenario(SCENARIO).entities["share"].cost) + _cents(
        charging.reserve_eur
    )
    charged = (
        _cents(charging.invoices_eur).sum(axis=(0, 1))
        + _cents(charging.keyed_eur).sum(axis=(0, 1))
        + _cents(charging.settlement_eur).sum(axis=0)
    )
    assert np.array_equal(charged, expected)


def _errors(design: ChargingDesign) -> list[str]:
    return [error.format() for error in check_case(_with_design(design))]


def test_bad_designs_give_dutch_errors_naming_the_place() -> None:
    base = _design()
    first = base.products[0]
    negative = first.model_copy(update={"volumes": {"gm9001": -5.0}})
    no_pool = first.model_copy(update={"id": "leeg", "pools": []})
    gap = base.products[2].model_copy(
        update={
            "tariff": Tariff(
                kind=TariffKind.TIERED,
                tiers=[
                    Tier(from_volume=0, to_volume=100, amount_eur=1),
                    Tier(from_volume=150, amount_eur=2),
                ],
            )
        }
    )
    overlap = base.products[2].model_copy(
        update={
            "id": "overlap",
            "tariff": Tariff(
                kind=TariffKind.TIERED,
                tiers=[
                    Tier(from_volume=0, to_volume=100, amount_eur=1),
                    Tier(from_volume=80, amount_eur=2),
                ],
            ),
        }
    )
    reasonless = first.model_copy(
        update={"id": "zonder-reden", "pools": [], "tariff": Tariff(price_eur={2027: 10.0})}
    )
    errors = _errors(
        base.model_copy(update={"products": [negative, no_pool, gap, overlap, reasonless]})
    )
    text = "\n".join(errors)
    assert "charging_design.products[0].volumes.gm9001: een afname kan niet negatief zijn" in text
    assert "charging_design.products[1].pools: product 'leeg' heeft geen kostenpool" in text
    assert "charging_design.products[2].tariff.tiers[1].from_volume: gat tussen de staffels" in text
    assert "charging_design.products[3].tariff.tiers[1].from_volume: de staffels overlappen" in text
    assert "charging_design.products[4].tariff.deviation_reason" in text
    assert "is voor 200% toegewezen" in text  # werkplek taken by two products


def test_fixed_percentages_must_add_up_to_100() -> None:
    from samenrekenen.model import AllocationKey, KeyKind

    key = AllocationKey(kind=KeyKind.FIXED, percentages={"gm9001": 60, "gm9002": 30})
    pool = _design().keyed_pools[0].model_copy(update={"key": key})
    errors = _errors(_design().model_copy(update={"keyed_pools": [pool]}))
    assert any(
        e.startswith("charging_design.keyed_pools[0].key.percentages") and "100%" in e
        for e in errors
    )


def test_design_for_the_baseline_scenario_is_refused() -> None:
    errors = _errors(_design().model_copy(update={"scenarios": ["ongewijzigd-beleid"]}))
    assert errors == [
        "charging_design.scenarios[0]: 'ongewijzigd-beleid' is geen samenwerkingsscenario; "
        "kies een van: kostenreductie, minder-meerkosten, minder-meerkosten-vier"
    ]


def test_financing_streams_side_by_side() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    t = charging.years.index(2030)
    pools = {pid: j for j, pid in enumerate(charging.pool_ids)}
    inhabitants = {p.id: p.drivers["inhabitants"] for p in DEMO.participants}
    contribution = charging.keyed_eur[pools["regionale-vernieuwing"], :, t]
    for m, member in enumerate(charging.members):
        value = inhabitants[member]
        assert isinstance(value, dict)
        held = value[max(y for y in value if y <= 2030)]
        assert contribution[m] == pytest.approx(2.5 * held, abs=0.01)
    budget = charging.keyed_eur[pools["innovatiebudget"], :, t]
    assert budget.sum() == pytest.approx(400000, abs=0.01)
    project = charging.keyed_eur[pools["harmonisatie-vechtmond"], :, t]
    vechtmond = charging.members.index("gm9009")
    line_cost = sum(
        np.asarray(line.cost)[t]
        for line in RESULT.scenario(SCENARIO).lines
        if line.entity == "share" and line.line_id == "harmonisatie-project"
    )
    assert project[vechtmond] == pytest.approx(line_cost, abs=0.01)
    assert project.sum() == pytest.approx(project[vechtmond])
    assert set(charging.pool_streams) == {
        "regionale vernieuwing",
        "innovatie van de share",
        "deelnemerspecifieke projecten",
    }


def test_keyed_pool_errors() -> None:
    from samenrekenen.model import AllocationKey, KeyKind

    both = KeyedPool(id="beide", name="Beide", category="software", line="migratie")
    neither = KeyedPool(id="geen", name="Geen")
    unit = KeyedPool(
        id="per-eenheid",
        name="Per eenheid",
        category="software",
        key=AllocationKey(kind=KeyKind.EQUAL),
        per_unit_eur={2027: 1.0},
    )
    unknown = KeyedPool(id="onbekend", name="Onbekend", line="bestaat-niet")
    errors = "\n".join(
        _errors(_design().model_copy(update={"keyed_pools": [both, neither, unit, unknown]}))
    )
    assert "keyed_pools[0]: geef een sleutelpool óf een categorie" in errors
    assert "keyed_pools[1]: geef een sleutelpool óf een categorie" in errors
    assert "keyed_pools[2].per_unit_eur: een bedrag per eenheid vraagt een sleutel" in errors
    assert "keyed_pools[3].line: onbekende regel 'bestaat-niet'" in errors


def test_charging_difference_is_the_bill_minus_the_costs_transferred_in_the_knip() -> None:
    charging = charge(DEMO, RESULT, SCENARIO)
    bills = member_bills(DEMO, RESULT, charging)
    scenario = RESULT.scenario(SCENARIO)
    for bill in bills:
        transferred = np.asarray(scenario.entities[bill.id].transferred)
        assert np.array_equal(bill.transferred_eur, transferred)
        assert bill.charging_difference_eur == pytest.approx(bill.total_eur - transferred)
    # The knip moves indexed baseline amounts: in the first year of the knip (2027, no share
    # changes yet) the members together transferred what the share received.
    t = charging.years.index(2027)
    share_in = np.asarray(scenario.entities["share"].components)[2].sum(axis=0)  # TRANSFERRED_IN
    assert sum(b.transferred_eur[t] for b in bills) == pytest.approx(share_in[t])


def test_pre_financing_covers_the_start_and_is_repaid_as_an_annuity() -> None:
    from samenrekenen.model.charging import PreFinancing

    terms = PreFinancing(
        financier="Provincie", until_year=2027, recovery_years=4, interest_rate=0.03
    )
    case = _with_design(_design().model_copy(update={"pre_financing": terms}))
    plain = charge(DEMO, RESULT, SCENARIO)
    charging = charge(case, RESULT, SCENARIO)
    years = charging.years
    before = _cents(plain.before_settlement_eur.sum(axis=0))
    target = _cents(np.asarray(RESULT.scenario(SCENARIO).entities["share"].cost))
    gap = np.clip((target - before)[:2] / 100, 0, None)
    assert charging.financing_eur[:2] == pytest.approx(gap, abs=0.01)
    owed = gap[0] * 1.03 + gap[1]
    annuity = owed * 0.03 / (1 - 1.03**-4)
    repaid = -charging.financing_eur[years.index(2028) : years.index(2032)]
    assert repaid == pytest.approx([annuity] * 4, abs=0.02)
    assert np.all(charging.financing_eur[years.index(2032) :] == 0)
    assert np.all(charging.uncovered_eur() == 0)
    pool = charging.pool_ids.index("voorfinanciering")
    assert charging.keyed_eur[pool].sum(axis=0) == pytest.approx(
        np.clip(-charging.financing_eur, 0, None), abs=0.01
    )
    # A year the financier covers needs no settlement (2027 has a surplus: it is settled).
    assert charging.financing_eur[0] > 0 and np.all(charging.settlement_eur[:, 0] == 0)
    assert np.any(charging.settlement_eur[:, 1] < 0)


def test_dfa_lists_products_streams_and_invoice_moments() -> None:
    from samenrekenen.charging.dfa import financial_arrangements

    charging = charge(DEMO, RESULT, SCENARIO)
    bills = {b.id: b for b in member_bills(DEMO, RESULT, charging)}
    dfa = financial_arrangements(DEMO, RESULT, charging, bills["gm9009"], 2030)
    t = charging.years.index(2030)
    assert [line.name for line in dfa.lines][:3] == [p.name for p in charging.products]
    assert sum(line.amount_eur for line in dfa.lines) == pytest.approx(
        bills["gm9009"].invoices_eur[:, t].sum() + bills["gm9009"].keyed_eur[:, t].sum()
    )
    assert [date for date, _ in dfa.invoices] == ["1 januari", "1 april", "1 juli", "1 oktober"]
    assert _cents(np.array([a for _, a in dfa.invoices])).sum() == _cents(
        np.array(sum(line.amount_eur for line in dfa.lines))
    )
    assert dfa.total_eur == pytest.approx(
        sum(line.amount_eur for line in dfa.lines) + dfa.settlement_eur
    )


def test_drivers_before_their_first_year_take_the_first_value_like_the_engine() -> None:
    first = DEMO.participants[0]
    later = {2029: 6000.0, 2032: 6100.0}
    changed = first.model_copy(update={"drivers": {**first.drivers, "inhabitants": later}})
    case = DEMO.model_copy(update={"participants": [changed, *DEMO.participants[1:]]})
    result = calculate(case)
    charging = charge(case, result, SCENARIO)
    pool = charging.pool_ids.index("regionale-vernieuwing")
    t = charging.years.index(2027)
    assert charging.keyed_eur[pool, charging.members.index(first.id), t] == pytest.approx(
        2.5 * 6000.0
    )


def test_tariff_sets_per_year_with_their_decision() -> None:
    from samenrekenen.model.charging import TariffSet

    sets = [
        TariffSet(year=2030, decision="AB 10 december 2029", prices={"werkplek": 3300.0}),
        TariffSet(year=2033, decision="AB 8 december 2032", prices={"werkplek": 3400.0}),
    ]
    case = _with_design(_design().model_copy(update={"tariff_sets": sets}))
    assert check_case(case) == []
    charging = charge(case, RESULT, SCENARIO)
    werkplek = charging.products[0]
    by_year = dict(zip(charging.years, werkplek.tariff_eur, strict=True))
    # The product's own price from 2031 (3.150) is the next price after the 2030 set.
    expected = (3000, 3300, 3150, 3150, 3400)
    assert tuple(by_year[y] for y in (2029, 2030, 2031, 2032, 2033)) == expected
    decisions = dict(zip(charging.years, werkplek.decisions, strict=True))
    assert decisions[2027] == "Algemeen bestuur, 12 maart 2026"
    assert decisions[2030] == "AB 10 december 2029" and decisions[2035] == "AB 8 december 2032"
    assert charging.products[1].decisions[2] == "kostprijs"
    assert np.all(charging.uncovered_eur() == 0)


def test_tariff_set_errors() -> None:
    from samenrekenen.model.charging import TariffSet

    sets = [
        TariffSet(year=2030, decision="AB", prices={"onbekend": 1.0, "account": 5.0}),
        TariffSet(year=2030, decision="AB", prices={}),
    ]
    text = "\n".join(_errors(_design().model_copy(update={"tariff_sets": sets})))
    assert "tariff_sets[0].prices.onbekend: onbekend product 'onbekend'" in text
    assert "tariff_sets[0].prices.account: een vastgesteld tarief wijkt af" in text
    assert (
        "tariff_sets[1].year: er is al een tariefset voor 2030 (charging_design.tariff_sets[0])"
        in text
    )
