"""The weighted ranking of legal forms and its sensitivity to the weights."""

from __future__ import annotations

import pytest

from samenrekenen.guidance import content, forms
from samenrekenen.model import FormChoice


def _rank(choice: FormChoice | None) -> dict[str, int]:
    return {r.id: r.rank for r in forms.rank_forms(choice)}


def test_totals_are_weighted_means_of_the_scores() -> None:
    choice = FormChoice(weights={c.id: 0 for c in content.forms().criteria} | {"personeel": 1})
    ranking = forms.rank_forms(choice)
    by_id = {r.id: r for r in ranking}
    assert by_id["stichting"].total == 5
    assert by_id["geen_grondslag"].total == 1


def test_raising_a_weight_where_a_beats_b_ranks_a_higher() -> None:
    # zonder grondslag beats the openbaar lichaam on bestuurlijke drukte (5 against 2)
    low = _rank(None)
    high = _rank(FormChoice(weights={"bestuurlijke_drukte": 20}))
    assert low["geen_grondslag"] > low["openbaar_lichaam"]
    assert high["geen_grondslag"] < high["openbaar_lichaam"]


def test_score_overrides_change_the_ranking() -> None:
    better = {c.id: 5 for c in content.forms().criteria}
    ranking = forms.rank_forms(FormChoice(scores={"stichting": better}))
    assert ranking[0].id == "stichting"


@pytest.mark.parametrize("choice", [None, FormChoice(weights={"zeggenschap": 3})])
def test_the_sensitivity_change_is_where_the_top_changes(choice: FormChoice | None) -> None:
    top = forms.rank_forms(choice)[0].id
    weights = forms.weights(choice)
    for row in forms.sensitivity(choice):
        if row.stable:
            continue
        assert row.change is not None
        beyond = row.change * 1.01 + (0.01 if row.change >= 0 else -0.01)
        moved = FormChoice(
            weights=weights | {row.criterion: weights[row.criterion] + beyond},
            scores=choice.scores if choice else {},
        )
        assert forms.rank_forms(moved)[0].id == row.new_top != top
        before = FormChoice(
            weights=weights | {row.criterion: weights[row.criterion] + row.change * 0.99},
            scores=choice.scores if choice else {},
        )
        assert forms.rank_forms(before)[0].id == top


def test_a_criterion_on_which_the_best_form_is_best_is_stable() -> None:
    rows = {r.criterion: r for r in forms.sensitivity(None)}
    assert rows["eigenaarschap"].stable
    assert not rows["slagvaardigheid"].stable
