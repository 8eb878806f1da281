"""The case store on a real database: item-level optimistic locking, the audit trail and
immutable versions (decision record 0003), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pgserver import PostgresServer
from sqlalchemy import func, select

from samenrekenen.model import Case
from samenrekenen.model.edits import WHOLE_CASE, Edit, EditKind
from samenrekenen.store import (
    Accounts,
    CaseNotFound,
    Cases,
    Database,
    EditConflict,
    InvalidEdit,
    Results,
    Role,
)
from samenrekenen.store.results import Calculated
from samenrekenen.store.tables import AuditEntry, CaseRow, User
from samenrekenen.web.demo_setup import demo_document

COST = "participants[{}].baseline.costs[0].visible_eur"


@pytest.fixture
def cases(database: Database) -> Cases:
    return Cases(database)


@pytest.fixture
def alice(database: Database) -> User:
    return Accounts(database).create_user("alice@example.nl", "Alice")


@pytest.fixture
def bob(database: Database) -> User:
    return Accounts(database).create_user("bob@example.nl", "Bob")


@pytest.fixture
def case_id(cases: Cases, alice: User) -> int:
    return cases.create("Demo", demo_document(), alice).id


def _set(path: str, value: Any) -> Edit:
    return Edit(EditKind.SET, path, value)


def _in_threads(edit: Callable[[int], None], arguments: range) -> None:
    """Run ``edit`` once per argument, all at the same time, and wait for them."""
    threads = [threading.Thread(target=edit, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _audit_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


# --- creating and members ----------------------------------------------------------------------


def test_creator_becomes_beheerder_and_invalid_documents_are_refused(
    cases: Cases, alice: User
) -> None:
    row = cases.create("  ", demo_document(), alice)
    assert row.name == "Naamloze case" and row.revision == 1
    member = cases.membership(row.id, alice.id)
    assert member is not None and member.role == Role.MANAGER
    broken = demo_document()
    broken["participants"][0]["baseline"]["costs"][0]["visible_eur"] = -1
    with pytest.raises(InvalidEdit) as refused:
        cases.create("Kapot", broken, alice)
    assert any(
        "participants[0].baseline.costs[0].visible_eur" in e.path for e in refused.value.errors
    )
    with pytest.raises(CaseNotFound):
        cases.get(row.id + 1000)


def test_a_case_is_read_with_the_membership_of_one_user(
    cases: Cases, case_id: int, alice: User, bob: User, database: Database
) -> None:
    row, member = cases.get_for(case_id, alice.id)
    assert row.id == case_id and member is not None and member.role == Role.MANAGER
    row, member = cases.get_for(case_id, bob.id)
    assert row.revision == 1 and member is None
    with pytest.raises(CaseNotFound):
        cases.get_for(case_id + 1000, alice.id)
    # Another installation's process (its own cache) reads the revision just saved here.
    cases.apply(case_id, _set(COST.format(0), 70001), 1, alice)
    for reader in (cases, Cases(database)):
        row, _member = reader.get_for(case_id, alice.id)
        assert row.revision == 2
        assert row.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 70001


# --- item-level optimistic locking -------------------------------------------------------------


def test_edits_of_different_items_on_the_same_base_both_go_through(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    first = cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    second = cases.apply(case_id, _set(COST.format(1), 50000), 1, bob)
    assert (first.revision, second.revision) == (2, 3)
    document = cases.get(case_id).document
    assert document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 70000
    assert document["participants"][1]["baseline"]["costs"][0]["visible_eur"] == 50000


def test_stale_edit_of_the_same_item_is_refused_with_the_other_change(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    with pytest.raises(EditConflict) as conflict:
        cases.apply(case_id, _set(COST.format(0), 80000), 1, bob)
    assert "alice@example.nl" in str(conflict.value)
    assert "(versie 2)" in str(conflict.value)
    row = cases.get(case_id)
    assert row.revision == 2
    assert row.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 70000
    # Made on the newer revision, the same edit goes through.
    assert cases.apply(case_id, _set(COST.format(0), 80000), 2, bob).revision == 3


def test_conflict_carries_the_other_change(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    with pytest.raises(EditConflict) as conflict:
        cases.apply(case_id, _set(COST.format(0), 80000), 1, bob)
    entries = conflict.value.entries
    assert [(e.user_email, e.revision, e.new_value) for e in entries] == [
        ("alice@example.nl", 2, 70000)
    ]


def test_parent_and_child_paths_conflict(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    cases.apply(case_id, _set("participants[0].baseline.costs[0].visible_eur", 1), 1, alice)
    cost = cases.get(case_id).document["participants"][0]["baseline"]["costs"][0]
    with pytest.raises(EditConflict):
        cases.apply(case_id, _set("participants[0].baseline.costs[0]", cost), 1, bob)
    # Removing an item locks its whole list: a later child edit on the old base conflicts.
    cases.apply(case_id, Edit(EditKind.REMOVE, "scenarios[1].one_off_costs[0]"), 2, alice)
    with pytest.raises(EditConflict):
        cases.apply(case_id, _set("scenarios[1].one_off_costs[0].description", "x"), 2, bob)


def test_edits_stored_together_are_one_revision_or_nothing(
    cases: Cases, database: Database, case_id: int, alice: User, bob: User
) -> None:
    together = [_set(COST.format(0), 70000), _set(COST.format(1), 50000)]
    saved = cases.apply_together(case_id, together, 1, alice)
    assert [s.revision for s in saved] == [2, 2] and _audit_count(database) == 2
    with pytest.raises(InvalidEdit):
        cases.apply_together(case_id, [_set(COST.format(0), 1), _set(COST.format(1), -5)], 2, bob)
    cases.apply(case_id, _set(COST.format(1), 40000), 2, bob)
    with pytest.raises(EditConflict):  # the second path changed after base revision 2
        cases.apply_together(case_id, [_set(COST.format(0), 1), _set(COST.format(1), 2)], 2, alice)
    costs = [
        p["baseline"]["costs"][0]["visible_eur"]
        for p in cases.get(case_id).document["participants"][:2]
    ]
    assert costs == [70000, 40000] and _audit_count(database) == 3


def test_invalid_edit_stores_nothing(
    cases: Cases, database: Database, case_id: int, alice: User
) -> None:
    with pytest.raises(InvalidEdit):
        cases.apply(case_id, _set(COST.format(0), -5), 1, alice)
    row = cases.get(case_id)
    assert row.revision == 1
    assert row.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 64600
    assert _audit_count(database) == 0


def test_replace_conflicts_with_any_later_change(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    document = cases.get(case_id).document
    cases.apply(case_id, _set("cooperation.name", "Nieuw"), 1, alice)
    with pytest.raises(EditConflict):
        cases.replace(case_id, document, 1, bob)
    saved = cases.replace(case_id, document, 2, bob)
    assert saved.revision == 3 and saved.path == WHOLE_CASE
    # After a replacement every older base is stale, whatever item it edits.
    with pytest.raises(EditConflict):
        cases.apply(case_id, _set(COST.format(5), 1), 2, alice)


def test_concurrent_edits_of_different_items_all_succeed_once(
    cases: Cases, case_id: int, alice: User
) -> None:
    errors: list[BaseException] = []
    revisions: list[int] = []
    lock = threading.Lock()

    def edit(participant: int) -> None:
        try:
            saved = cases.apply(
                case_id, _set(COST.format(participant), 1000 + participant), 1, alice
            )
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)
        else:
            with lock:
                revisions.append(saved.revision)

    _in_threads(edit, range(8))
    assert errors == []
    assert sorted(revisions) == list(range(2, 10))
    row = cases.get(case_id)
    assert row.revision == 9
    costs = [p["baseline"]["costs"][0]["visible_eur"] for p in row.document["participants"][:8]]
    assert costs == [1000 + p for p in range(8)]


def test_concurrent_edits_of_one_item_let_exactly_one_win(
    cases: Cases, case_id: int, alice: User
) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()

    def edit(value: int) -> None:
        try:
            cases.apply(case_id, _set(COST.format(0), value), 1, alice)
            outcome = "saved"
        except EditConflict:
            outcome = "conflict"
        with lock:
            outcomes.append(outcome)

    _in_threads(edit, range(6))
    assert sorted(outcomes) == ["conflict"] * 5 + ["saved"]
    assert cases.get(case_id).revision == 2


# --- results saved with their revision ----------------------------------------------------------


def _first_cost(case: Case, participant: int = 0) -> float:
    return float(case.participants[participant].baseline.costs[0].visible_eur)


def test_a_save_stores_its_results_in_the_same_transaction(
    database: Database, cases: Cases, case_id: int, alice: User
) -> None:
    def results(case: Case) -> Calculated:
        return Calculated("test", {"first_cost": _first_cost(case)})

    saved = cases.apply(case_id, _set(COST.format(0), 4321), 1, alice, results)
    assert Results(database).get(case_id, saved.revision, "test") == {"first_cost": 4321}
    none = cases.apply(case_id, _set(COST.format(1), 5), saved.revision, alice, lambda _c: None)
    assert none.revision == saved.revision + 1
    assert Results(database).get(case_id, none.revision, "test") is None


def test_an_invalid_or_conflicting_edit_is_not_calculated(
    cases: Cases, case_id: int, alice: User
) -> None:
    calculated: list[float] = []

    def results(case: Case) -> None:
        calculated.append(_first_cost(case))

    with pytest.raises(InvalidEdit):
        cases.apply(case_id, _set(COST.format(0), "veel"), 1, alice, results)
    cases.apply(case_id, _set(COST.format(0), 7), 1, alice, results)
    with pytest.raises(EditConflict):
        cases.apply(case_id, _set(COST.format(0), 8), 1, alice, results)
    assert calculated == [7]


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[Database]:
    database = Database(postgres_server.create_database(f"locking_{next(_databases)}"))
    database.upgrade()
    yield database
    database.dispose()


_databases = itertools.count(1)


def test_an_edit_with_a_number_that_is_not_finite_is_refused_where_it_is(
    cases: Cases, case_id: int, alice: User
) -> None:
    with pytest.raises(InvalidEdit) as refused:
        cases.apply(case_id, _set(COST.format(0), float("nan")), 1, alice)
    assert any(
        e.path == COST.format(0) and "geen eindig getal" in e.message for e in refused.value.errors
    )
    line = {"id": "x", "description": "X", "category": "werkplek", "values": {"2027": math.inf}}
    added_at = len(demo_document()["scenarios"][1]["one_off_costs"])
    with pytest.raises(InvalidEdit) as refused:
        cases.apply(case_id, Edit(EditKind.ADD, "scenarios[1].one_off_costs", line), 1, alice)
    assert any(
        e.path == f"scenarios[1].one_off_costs[{added_at}].values.2027"
        and "geen eindig getal" in e.message
        for e in refused.value.errors
    ), [e.format() for e in refused.value.errors]
    assert cases.get(case_id).revision == 1


def test_on_postgresql_concurrent_saves_wait_for_each_other_instead_of_starting_again(
    postgres_database: Database,
) -> None:
    """Each save locks the case row before it reads: saves from two server processes (two
    stores) wait for each other, and none calculates a state again after losing a race."""
    stores = [Cases(postgres_database), Cases(postgres_database)]
    alice = Accounts(postgres_database).create_user("alice@example.nl", "Alice")
    case_id = stores[0].create("Demo", demo_document(), alice).id
    calculations: list[float] = []
    revisions: list[int] = []
    lock = threading.Lock()

    def results(case: Case) -> Calculated:
        time.sleep(0.02)  # without the lock, every other save would commit in this window
        with lock:
            calculations.append(sum(_first_cost(case, p) for p in range(8)))
        return Calculated("test", {"total": calculations[-1]})

    def edit(participant: int) -> None:
        store = stores[participant % 2]
        saved = store.apply(case_id, _set(COST.format(participant), 1000), 1, alice, results)
        with lock:
            revisions.append(saved.revision)

    _in_threads(edit, range(8))
    assert sorted(revisions) == list(range(2, 10))
    assert 2 <= len(calculations) <= 8
    assert len(set(calculations)) == len(calculations)  # no state calculated twice
    assert Results(postgres_database).get(case_id, 9, "test") == {"total": 8 * 1000}


def test_saves_that_queue_meanwhile_are_stored_together_each_on_its_own_terms(
    database: Database, cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    """While one save is being calculated, four more queue in the same process. They are
    stored in one transaction and calculated once, and each is still judged alone: one is
    invalid, one conflicts with an earlier save of the same batch, and the others are saved
    with a revision of their own."""
    release, calculating = threading.Event(), threading.Event()
    calculated: list[float] = []
    outcomes: dict[str, Any] = {}

    def results(case: Case) -> Calculated:
        calculating.set()
        release.wait(10)
        calculated.append(sum(_first_cost(case, p) for p in range(4)))
        return Calculated("test", {"total": calculated[-1]})

    def save(name: str, participant: int, value: float, user: User) -> None:
        try:
            outcomes[name] = cases.apply(
                case_id, _set(COST.format(participant), value), 1, user, results
            )
        except (EditConflict, InvalidEdit) as exc:
            outcomes[name] = exc

    original = demo_document()["participants"][2]["baseline"]["costs"][0]["visible_eur"]
    threads = [threading.Thread(target=save, args=("first", 0, 1000, alice))]
    threads[0].start()
    assert calculating.wait(10)
    queued = [("second", 1, 1000, alice), ("invalid", 2, -1, alice), ("third", 3, 1000, alice)]
    for number, arguments in enumerate([*queued, ("late", 1, 2000, bob)], start=1):
        threads.append(threading.Thread(target=save, args=arguments))
        threads[-1].start()
        while cases._edits.queued(case_id) < number:
            time.sleep(0.001)
    release.set()
    for thread in threads:
        thread.join()

    assert [outcomes[n].revision for n in ("first", "second", "third")] == [2, 3, 4]
    assert isinstance(outcomes["invalid"], InvalidEdit)
    assert isinstance(outcomes["late"], EditConflict)
    assert str(outcomes["late"]).startswith("alice@example.nl heeft dit onderdeel")
    assert len(calculated) == 2  # the first save, then the batch's last revision only
    assert calculated[-1] == 3000 + original
    stored = Results(database)
    assert stored.get(case_id, 4, "test") == {"total": 3000 + original}
    assert stored.get(case_id, 3, "test") is None
    assert [e.revision for e in cases.audit(case_id)] == [4, 3, 2]
    assert cases.get(case_id).revision == 4


# --- audit trail -------------------------------------------------------------------------------


def test_audit_records_who_what_old_and_new_newest_first(
    cases: Cases, case_id: int, alice: User, bob: User
) -> None:
    cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    cases.apply(case_id, _set(COST.format(1), 50000), 2, bob)
    added = {"id": "extra", "description": "Extra", "category": "werkplek", "values": {"2027": 1}}
    cases.apply(case_id, Edit(EditKind.ADD, "scenarios[1].one_off_costs", added), 3, alice)
    trail = cases.audit(case_id)
    assert [e.revision for e in trail] == [4, 3, 2]
    assert [e.user_email for e in trail] == [
        "alice@example.nl",
        "bob@example.nl",
        "alice@example.nl",
    ]
    assert (trail[2].path, trail[2].old_value, trail[2].new_value) == (COST.format(0), 64600, 70000)
    assert trail[0].action == "add" and trail[0].new_value == added and trail[0].old_value is None
    assert all(e.at is not None for e in trail)
    assert [e.revision for e in cases.audit(case_id, COST.format(1))] == [3]
    assert [e.revision for e in cases.audit(case_id, "participants[0]")] == [2]
    assert len(cases.audit(case_id, limit=2)) == 2


# --- versions ----------------------------------------------------------------------------------


def test_versions_are_immutable_snapshots(
    cases: Cases, database: Database, case_id: int, alice: User
) -> None:
    seen: list[int] = []

    def results_of(case: Any) -> dict[str, Any]:
        seen.append(len(case.participants))
        return {"participants": len(case.participants)}

    version = cases.create_version(
        case_id, " Raadsvoorstel maart ", "alice@example.nl", "1.0.0", results_of
    )
    assert (version.name, version.revision, version.engine_version) == (
        "Raadsvoorstel maart",
        1,
        "1.0.0",
    )
    assert seen == [10] and version.results == {"participants": 10}
    cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    stored = cases.version(case_id, version.id)
    assert stored.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 64600
    assert stored.created_by == "alice@example.nl"
    later = cases.create_version(case_id, "Later", "alice@example.nl", "1.0.0", results_of)
    assert later.revision == 2
    assert [v.name for v in cases.versions(case_id)] == ["Raadsvoorstel maart", "Later"]
    with pytest.raises(ValueError, match="Geef de versie een naam"):
        cases.create_version(case_id, "   ", "alice@example.nl", "1.0.0", results_of)


def test_a_version_belongs_to_its_own_case(cases: Cases, case_id: int, alice: User) -> None:
    other = cases.create("Ander", demo_document(), alice).id
    version = cases.create_version(other, "Elders", "", "1.0.0", lambda _case: {})
    with pytest.raises(CaseNotFound):
        cases.version(case_id, version.id)
    assert cases.versions(case_id) == []


def test_deleting_a_case_removes_its_history(
    cases: Cases, database: Database, case_id: int, alice: User
) -> None:
    cases.apply(case_id, _set(COST.format(0), 70000), 1, alice)
    cases.create_version(case_id, "Eerste", "", "1.0.0", lambda _case: {})
    cases.delete(case_id)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(CaseRow)) == 0
    assert _audit_count(database) == 0
    assert cases.versions(case_id) == []


def test_a_read_case_shows_every_later_change_of_name_setting_or_document(
    cases: Cases, case_id: int, alice: User
) -> None:
    # Cases.get keeps parsed documents per revision; everything else is read every time.
    before = cases.get(case_id)
    cases.rename(case_id, "Nieuwe naam")
    cases.set_participants_see_others(case_id, True)
    renamed = cases.get(case_id)
    assert (renamed.name, renamed.participants_see_others) == ("Nieuwe naam", True)
    assert renamed.document == before.document
    cases.apply(case_id, _set(COST.format(0), 12345), renamed.revision, alice)
    edited = cases.get(case_id)
    assert edited.revision == renamed.revision + 1
    assert edited.document["participants"][0]["baseline"]["costs"][0]["visible_eur"] == 12345
    assert Cases(cases.db).get(case_id).document == edited.document  # as stored
