"""Fixtures for store tests: migrated databases on SQLite and on PostgreSQL.

``database`` is a migrated :class:`~samenrekenen.store.Database`, once on a temporary SQLite
file and once on a new database of a throw-away PostgreSQL server (one server per test session,
see ``tests/pgserver.py``). ``new_database`` makes further empty databases of the same kind, for
tests that copy between databases. When PostgreSQL cannot start, its variants are skipped,
except on CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from components import unavailable
from pgserver import PostgresServer, PostgresUnavailable, start_postgres

from samenrekenen.store import Database

BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        unavailable(f"PostgreSQL is niet beschikbaar: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def new_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], Database]]:
    """A maker of new, migrated, empty databases of one kind (the parameter)."""
    made: list[Database] = []
    server: PostgresServer | None = None
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")

    def make() -> Database:
        number = next(_numbers)
        if server is None:
            url = f"sqlite:///{tmp_path / f'store-{number}.sqlite3'}"
        else:
            url = server.create_database(f"store_test_{os.getpid()}_{number}")
        database = Database(url)
        database.upgrade()
        made.append(database)
        return database

    yield make
    for database in made:
        database.dispose()


@pytest.fixture
def database(new_database: Callable[[], Database]) -> Database:
    """A migrated, empty database (SQLite or PostgreSQL)."""
    return new_database()
