"""The app on a real PostgreSQL server: login, creating a case, and concurrent edits.

Each pytest process (xdist worker) starts one throw-away server (``tests/pgserver.py``); each
test gets its own database on it. Without PostgreSQL the tests skip, except under ``CI=true``
where they fail: ``make test`` installs PostgreSQL.

Two threads that change different items on the same base revision must both land, every edit
counted (no lost update); two threads that change the same item on the same base revision
must end with exactly one stored edit and one :class:`EditConflict`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from components import unavailable
from conftest import Site, make_site
from pgserver import PostgresServer, PostgresUnavailable, start_postgres

from samenrekenen.model.edits import Edit, EditKind, get_at
from samenrekenen.store import EditConflict, Saved


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """This worker's PostgreSQL server."""
    try:
        server = start_postgres(max_connections=100)
    except PostgresUnavailable as exc:
        unavailable(f"PostgreSQL niet beschikbaar: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_site(postgres: PostgresServer, tmp_path: Path) -> Iterator[Site]:
    """A site with the demo case on its own new PostgreSQL database."""
    url = postgres.create_database(f"app_{uuid.uuid4().hex[:16]}")
    made = make_site(tmp_path, database_url=url)
    assert made.ctx.db.engine.dialect.name == "postgresql"
    yield made
    for client in made.clients:
        client.close()
    made.ctx.db.dispose()


def _run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs in threads that start at the same moment; their results or exceptions."""
    start = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        start.wait(timeout=30)
        try:
            outcomes[index] = jobs[index]()
        except Exception as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "een bewerking bleef hangen"
    return outcomes


def _cost_path(participant: int, cost: int) -> str:
    return f"participants[{participant}].baseline.costs[{cost}].visible_eur"


def test_login_and_create_a_case(pg_site: Site) -> None:
    client = pg_site.client("admin")
    response = client.post("/cases", data={"name": "Op PostgreSQL", "source": "demo"})
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    case_id = int(location.rsplit("/", 1)[1])
    row = pg_site.ctx.cases.get(case_id)
    assert row.name == "Op PostgreSQL"
    assert row.revision == 1
    listing = client.get("/cases")
    assert listing.status_code == 200
    assert "Op PostgreSQL" in listing.text
    assert client.get(f"/cases/{case_id}/instellingen").status_code == 200
    reader = pg_site.client("lezer")
    assert reader.get(f"/cases/{case_id}/instellingen").status_code == 404


def test_concurrent_edits_of_different_items_all_land(pg_site: Site) -> None:
    cases = pg_site.ctx.cases
    case_id = pg_site.case_id
    base = cases.get(case_id).revision
    document = cases.get(case_id).document
    users = [pg_site.user("adviseur")[1] for _ in range(2)]
    costs = len(document["participants"][0]["baseline"]["costs"])
    edits_per_thread = 2 * costs  # two participants per thread, every cost category

    def edits_of(thread: int) -> list[Edit]:
        return [
            Edit(EditKind.SET, _cost_path(2 * thread + p, c), 1000.0 * (10 * thread + p) + c)
            for p in range(2)
            for c in range(costs)
        ]

    def worker(thread: int) -> list[Saved]:
        # Every edit is made on the same (stale) base revision: unrelated, so none conflicts.
        return [cases.apply(case_id, e, base, users[thread]) for e in edits_of(thread)]

    outcomes = _run_together([lambda: worker(0), lambda: worker(1)])
    for outcome in outcomes:
        assert isinstance(outcome, list), outcome

    total = 2 * edits_per_thread
    row = cases.get(case_id)
    assert row.revision == base + total
    revisions = sorted(s.revision for saved in outcomes for s in saved)
    assert revisions == list(range(base + 1, base + total + 1))
    for thread in range(2):
        for edit in edits_of(thread):
            assert get_at(row.document, edit.path) == edit.value, edit.path

    audit = cases.audit(case_id)
    assert len(audit) == total
    assert sorted(e.revision for e in audit) == revisions
    expected = {(e.path, users[t].email) for t in range(2) for e in edits_of(t)}
    assert {(e.path, e.user_email) for e in audit} == expected
    for entry in audit:
        assert entry.action == "set"
        assert entry.old_value == get_at(document, entry.path)
        assert entry.new_value == get_at(row.document, entry.path)


def test_concurrent_edits_of_the_same_item_one_wins(pg_site: Site) -> None:
    cases = pg_site.ctx.cases
    case_id = pg_site.case_id
    first, second = (pg_site.user("adviseur")[1] for _ in range(2))
    path = _cost_path(0, 0)
    rounds = 5
    for round_ in range(rounds):
        base = cases.get(case_id).revision
        tries = [(first, 100_000.0 + round_), (second, 200_000.0 + round_)]

        def edit(user: Any, value: float, base: int = base) -> Saved:
            return cases.apply(case_id, Edit(EditKind.SET, path, value), base, user)

        outcomes = _run_together([partial(edit, user, value) for user, value in tries])
        won = [o for o in outcomes if isinstance(o, Saved)]
        lost = [o for o in outcomes if isinstance(o, EditConflict)]
        assert len(won) == 1 and len(lost) == 1, outcomes
        row = cases.get(case_id)
        assert row.revision == base + 1
        assert won[0].revision == base + 1
        assert get_at(row.document, path) == won[0].new_value
        winner = next(user for user, value in tries if value == won[0].new_value)
        # The loser is told, in Dutch, who changed the item and in which revision.
        assert f"{winner.email} heeft dit onderdeel intussen gewijzigd (versie {base + 1})" in str(
            lost[0]
        )

    audit = cases.audit(case_id)
    assert len(audit) == rounds
    assert [e.path for e in audit] == [path] * rounds
