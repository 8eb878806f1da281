"""The demo case (with its benefits, indicators and actuals of 2027) and its result, once."""

from __future__ import annotations

import pytest

from samenrekenen.demo import demo_case
from samenrekenen.engine import calculate
from samenrekenen.engine.results import CaseResult
from samenrekenen.model import Case


@pytest.fixture(scope="session")
def demo() -> Case:
    return demo_case()


@pytest.fixture(scope="session")
def demo_result(demo: Case) -> CaseResult:
    return calculate(demo)


SMALL_CASE = {
    "schema_version": 1,
    "cooperation": {
        "name": "Klein",
        "first_year": 2026,
        "horizon_years": 3,
        "indexation": {"default": {"rate": 0.0}},
        "objectives": [{"id": "lagere-kosten", "name": "Lagere gemeentelijke kosten"}],
    },
    "participants": [
        {
            "id": "gm0001",
            "name": "Gemeente Een",
            "drivers": {"inhabitants": 10000},
            "baseline": {"costs": [{"category": "werkplek", "visible_eur": 100000}]},
        }
    ],
    "scenarios": [
        {"id": "alleen", "name": "Alleen", "is_baseline": True},
        {
            "id": "samen",
            "name": "Samen",
            "transfers": [{"id": "knip", "categories": ["werkplek"], "values": {2027: 100}}],
            "benefits": [
                {
                    "id": "inkoopvoordeel",
                    "description": "Inkoopvoordeel",
                    "bearer": "gm0001",
                    "category": "werkplek",
                    "kind": "direct_cash",
                    "values": {2027: 10000},
                },
                {
                    "id": "tevredenheid",
                    "bearer": "gm0001",
                    "category": "werkplek",
                    "kind": "effectiveness",
                    "monetised": False,
                },
            ],
        },
    ],
    "indicators": [
        {
            "id": "cijfer",
            "name": "Rapportcijfer",
            "benefit": "tevredenheid",
            "baseline_value": 6.5,
            "targets": {2027: 7.0, 2028: 7.5},
        },
        {
            "id": "kosten",
            "name": "Kosten per inwoner",
            "objective": "lagere-kosten",
            "targets": {2027: 10.0},
            "higher_is_better": False,
        },
    ],
    "actuals": {
        "costs": [
            {"entity": "share", "category": "werkplek", "year": 2027, "amount_eur": 110000},
            {"entity": "gm0001", "category": "werkplek", "year": 2027, "amount_eur": 95000},
        ],
        "benefits": [{"benefit": "inkoopvoordeel", "year": 2027, "amount_eur": 8000}],
        "indicators": [
            {"indicator": "cijfer", "year": 2027, "value": 7.0},
            {"indicator": "cijfer", "year": 2028, "value": 7.2},
            {"indicator": "kosten", "year": 2027, "value": 10.5},
        ],
    },
}
"""One municipality, prices constant: the knip moves its € 100.000 of workplace costs to the
share from 2027, which charges them back; a benefit of € 10.000 in 2027 and one without
amounts, followed by an indicator."""


@pytest.fixture
def small() -> Case:
    from samenrekenen.io.casefile import validate_document

    return validate_document(SMALL_CASE, "klein.yaml")
