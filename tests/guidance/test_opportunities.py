"""The opportunity map and turning an opportunity into a new case."""

from __future__ import annotations

import pytest

from samenrekenen.guidance.opportunities import case_from_opportunity, opportunity_map
from samenrekenen.io.casefile import validate_document
from samenrekenen.model import Case, Opportunity


def test_the_map_groups_by_domain_furthest_level_first(demo: Case) -> None:
    grouped = opportunity_map(demo.formation)
    assert list(grouped) == ["belastingen", "sociaal domein"]


def test_an_opportunity_becomes_a_valid_case_with_its_partners(demo: Case) -> None:
    assert demo.formation is not None
    opportunity = demo.formation.opportunities[0]
    document = case_from_opportunity(demo, opportunity)
    new = validate_document(document)
    assert [p.id for p in new.participants] == ["gm9001", "gm9002", "gemeente-eemhoven"]
    assert new.participants[0].drivers == demo.participants[0].drivers
    assert new.participants[0].baseline.costs == []
    assert new.cooperation.first_year == demo.cooperation.first_year
    assert new.formation is not None
    assert new.formation.opportunities[0].partners == ["gm9001", "gm9002", "gemeente-eemhoven"]


def test_a_choice_of_partners_and_no_case() -> None:
    opportunity = Opportunity(
        id="k",
        domain="ict",
        description="Samen inkopen",
        level="joint_procurement",
        partners=["Gemeente A", "Gemeente B", "Gemeente C"],
    )
    document = case_from_opportunity(None, opportunity, ["Gemeente B"], first_year=2030)
    new = validate_document(document)
    assert [p.name for p in new.participants] == ["Gemeente B"]
    assert new.cooperation.first_year == 2030


def test_a_partner_that_is_not_a_candidate_is_a_dutch_error(demo: Case) -> None:
    assert demo.formation is not None
    with pytest.raises(ValueError, match="is geen kandidaat-partner"):
        case_from_opportunity(demo, demo.formation.opportunities[0], ["gm9009"])
