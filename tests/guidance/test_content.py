"""The content files validate against their schema and hold every phase, activity, agreement,
process and recommendation of the sources."""

from __future__ import annotations

import copy

import pytest

from samenrekenen.guidance import content
from samenrekenen.guidance.content import ContentError, PhaseModel, validate_content
from samenrekenen.model.guidance_codes import CONTENT_FILES, read_content

ACTIVITIES = {
    "0": [f"0.{i}" for i in range(1, 7)],
    "1": [f"1.{i}" for i in range(1, 9)],
    "2": ["2.1", "2.2", "2.3"],
    "3": [f"3.{i}" for i in range(1, 6)],
    "4": ["4.1", "4.2"],
}


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_every_content_file_validates_against_its_schema(name: str) -> None:
    model = content.ROOTS[name]
    validate_content(name, model, read_content(name))


def test_every_phase_and_activity_of_004_is_present_in_order() -> None:
    model = content.phases()
    assert {p.id: [a.id for a in p.activities] for p in model.phases} == ACTIVITIES
    assert model.phases[0].name == "Beginnend oriënteren"


def test_phase_one_activities_keep_their_sub_activities() -> None:
    activity = dict((a.id, a) for _, a in content.phases().activities())
    assert [s.id for s in activity["1.1"].sub_activities] == [f"1.1.{i}" for i in range(1, 6)]
    assert [s.id for s in activity["1.2"].sub_activities] == [f"1.2.{i}" for i in range(1, 8)]
    assert [s.id for s in activity["1.4"].sub_activities] == ["1.4.1", "1.4.2", "1.4.3"]
    assert len(activity["2.1"].sub_activities) == len(activity["3.1"].sub_activities) == 7


def test_every_agreement_between_phases_is_present() -> None:
    names = " ".join(p.agreement.name for p in content.phases().phases if p.agreement).lower()
    for agreement in ("principe", "definitieve", "realisatie", "directeur ssc", "decharge"):
        assert agreement in names
    assert content.phases().phase("4").agreement is None
    assert content.phases().phase("4").gate is None


def test_the_seven_elements_structure_the_design_phase() -> None:
    model = content.phases()
    elements = [e.id for e in model.elements]
    (design,) = [a for _, a in model.activities() if a.id == "2.1"]
    assert [s.element for s in design.sub_activities] == elements


def test_the_hr_list_has_kpi_processes_1_to_11_and_the_finance_list_kfi_0_to_16() -> None:
    domains = {d.id: d for d in content.processes().domains}
    assert [p.code for p in domains["hr"].processes] == [f"P{i}" for i in range(1, 12)]
    assert [p.code for p in domains["finance"].processes] == [f"F{i}" for i in range(17)]
    assert [s.code for s in domains["hr"].processes[2].sub] == ["P3A", "P3B", "P3C", "P3D"]


def test_the_five_ict_processes_of_002_are_present() -> None:
    (ict,) = [d for d in content.processes().domains if d.id == "ict"]
    assert [p.name for p in ict.processes] == [
        "Informatiebeleid",
        "Selecteren en inkopen",
        "Ontwikkelen en onderhouden",
        "Beheren en exploiteren",
        "Informatiemanagement",
    ]


def test_the_nine_recommendations_each_have_checklist_items() -> None:
    recommendations = content.checklists().recommendations
    assert [r.number for r in recommendations] == list(range(1, 10))
    assert all(r.items for r in recommendations)


def test_legal_forms_have_a_default_score_on_every_criterion() -> None:
    model = content.forms()
    for form in model.legal_forms:
        assert set(model.scores[form.id]) == {c.id for c in model.criteria}


def test_life_cycle_phases_are_in_the_order_of_003() -> None:
    assert [p.name for p in content.provisions().lifecycle] == [
        "Kennisopbouw",
        "Regie en inkoop",
        "Ontwerp en ontwikkeling",
        "Implementatie",
        "Beheer, onderhoud en beveiliging",
    ]


def test_a_broken_content_file_gives_a_dutch_error() -> None:
    data = copy.deepcopy(read_content("phases"))
    data["phases"][1]["activities"][0]["id"] = "2.9"
    with pytest.raises(ContentError, match=r"activiteit 2\.9 hoort niet bij 1"):
        validate_content("phases", PhaseModel, data)
    del data["phases"][0]["goal"]
    with pytest.raises(ContentError, match=r"phases\.yaml: phases\.0\.goal: verplicht veld"):
        validate_content("phases", PhaseModel, data)


def test_the_json_schema_covers_every_file() -> None:
    schema = content.content_schema()
    assert set(schema) == {f"{name}.yaml" for name in CONTENT_FILES}
