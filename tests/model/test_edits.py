"""Edits of a case document by path: parsing, applying, and which paths are related."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenrekenen.model.edits import (
    WHOLE_CASE,
    Edit,
    EditKind,
    PathError,
    apply_edit,
    format_path,
    get_at,
    parse_path,
    related,
)

DOCUMENT = {
    "participants": [
        {"id": "a", "baseline": {"costs": [{"category": "x", "visible_eur": 10.0}]}},
        {"id": "b", "drivers": {"inhabitants": {"2026": 100.0}}},
    ]
}


def test_path_segments_round_trip() -> None:
    path = "participants[1].baseline.costs[0].visible_eur"
    assert parse_path(path) == ["participants", 1, "baseline", "costs", 0, "visible_eur"]
    assert format_path(parse_path(path)) == path


@given(
    st.lists(
        st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.integers(0, 99)),
        min_size=1,
        max_size=6,
    ).filter(lambda s: isinstance(s[0], str))
)
def test_format_then_parse_is_identity(segments: list[str | int]) -> None:
    assert parse_path(format_path(segments)) == segments


def test_set_returns_old_value_and_leaves_the_original_alone() -> None:
    changed, old = apply_edit(
        DOCUMENT, Edit(EditKind.SET, "participants[0].baseline.costs[0].visible_eur", 12.5)
    )
    assert old == 10.0
    assert get_at(changed, "participants[0].baseline.costs[0].visible_eur") == 12.5
    assert get_at(DOCUMENT, "participants[0].baseline.costs[0].visible_eur") == 10.0


@pytest.mark.parametrize(
    "edit",
    [
        Edit(EditKind.SET, "participants[0].baseline.costs[0].visible_eur", 12.5),
        Edit(EditKind.SET, "participants[1].drivers", None),
        Edit(EditKind.SET, "participants[1].baseline.status", "ingeleverd"),
        Edit(EditKind.ADD, "participants[0].baseline.costs", {"category": "y"}),
        Edit(EditKind.ADD, "participants[1].baseline.costs", {}),
        Edit(EditKind.REMOVE, "participants[0].baseline.costs[0]"),
        Edit(EditKind.SET, "participants[5].name", "x"),
    ],
)
def test_no_edit_changes_the_original_document(edit: Edit) -> None:
    # Edits copy only the path they change and share the rest with the original.
    before = copy.deepcopy(DOCUMENT)
    try:
        changed, _ = apply_edit(DOCUMENT, edit)
    except PathError:
        changed = None
    assert before == DOCUMENT
    if changed is not None:
        changed_again, _ = apply_edit(changed, Edit(EditKind.SET, "participants[0].id", "z"))
        assert changed["participants"][0]["id"] == "a"
        assert changed_again["participants"][0]["id"] == "z"


def test_year_keys_address_year_maps() -> None:
    changed, old = apply_edit(
        DOCUMENT, Edit(EditKind.SET, "participants[1].drivers.inhabitants[2026]", 120.0)
    )
    assert old == 100.0
    assert changed["participants"][1]["drivers"]["inhabitants"] == {"2026": 120.0}


def test_set_none_removes_an_optional_field() -> None:
    changed, old = apply_edit(DOCUMENT, Edit(EditKind.SET, "participants[1].drivers", None))
    assert old is not None and "drivers" not in changed["participants"][1]


def test_add_appends_and_remove_pops() -> None:
    item = {"category": "y", "visible_eur": 5.0}
    added, _ = apply_edit(DOCUMENT, Edit(EditKind.ADD, "participants[0].baseline.costs", item))
    assert added["participants"][0]["baseline"]["costs"][-1] == item
    removed, old = apply_edit(added, Edit(EditKind.REMOVE, "participants[0].baseline.costs[0]"))
    assert old["category"] == "x"
    assert removed["participants"][0]["baseline"]["costs"] == [item]


def test_add_creates_a_missing_list() -> None:
    changed, _ = apply_edit(DOCUMENT, Edit(EditKind.ADD, "participants[1].baseline.costs", {}))
    assert changed["participants"][1]["baseline"]["costs"] == [{}]


@pytest.mark.parametrize(
    "edit",
    [
        Edit(EditKind.SET, "participants[5].name", "x"),
        Edit(EditKind.REMOVE, "participants[0].baseline"),
        Edit(EditKind.ADD, "participants[0].id", {}),
    ],
)
def test_impossible_edits_raise_a_dutch_path_error(edit: Edit) -> None:
    with pytest.raises(PathError, match=r"bestaat niet|geen lijst|geen onderdeel"):
        apply_edit(DOCUMENT, edit)


def test_malformed_path_is_refused() -> None:
    with pytest.raises(PathError, match="ongeldig pad"):
        parse_path("participants[x]")


def test_related_paths_contain_each_other() -> None:
    cost = "participants[0].baseline.costs[0]"
    assert related(cost, cost + ".visible_eur")
    assert related(cost + ".visible_eur", cost)
    assert not related(cost + ".visible_eur", "participants[0].baseline.costs[0].hidden")
    assert not related("participants[1]", "participants[10]")
    assert related(WHOLE_CASE, "participants[3].name")


def test_adding_or_removing_locks_the_whole_list() -> None:
    assert Edit(EditKind.REMOVE, "scenarios[0].benefits[2]").locked_path == "scenarios[0].benefits"
    assert Edit(EditKind.ADD, "scenarios[0].benefits", {}).locked_path == "scenarios[0].benefits"
    assert Edit(EditKind.SET, "scenarios[0].name", "x").locked_path == "scenarios[0].name"
