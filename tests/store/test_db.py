"""The database layer itself: how JSON documents are stored, and pooled connections that a
restarted database left behind."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest
from pgserver import PostgresServer
from sqlalchemy import text

from samenrekenen.store import Cases, Database, db
from samenrekenen.store.results import Results
from samenrekenen.web.demo_setup import demo_document


def _case(database: Database) -> int:
    return Cases(database).create("Demo", demo_document(), None).id


def test_stored_documents_come_back_equal(database: Database) -> None:
    """Unicode, nested data, numpy numbers and an integer beyond 64 bits (which the fast JSON
    writer refuses) are stored and read back as the standard library would."""
    document = {
        "naam": "Gemeente 's-Hertogenbosch – €",
        "reeks": [1.5, -0.0, 1e300, None, True],
        "groot": 2**70,
        "numpy": np.float64(0.1),
        "geneste": {"a": [{"b": []}]},
    }
    case_id = _case(database)
    Results(database).put(case_id, 1, "test", document)
    stored = Results(database).get(case_id, 1, "test")
    assert stored == {**document, "numpy": 0.1}


def test_json_bytes_falls_back_for_what_orjson_refuses() -> None:
    assert db.json_bytes({"n": 2**70}) == b'{"n": 1180591620717411303424}'
    assert db.json_bytes({"n": 1.25, 3: "x"}) == b'{"n":1.25,"3":"x"}'


def test_a_connection_idle_while_the_database_dropped_it_is_replaced(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pooled connections are tested only after sitting idle; one that the server closed in
    the meantime is replaced without the request noticing."""
    database = Database(postgres_server.create_database("idle_ping_test"))
    try:
        database.upgrade()
        results, case_id = Results(database), _case(database)
        results.put(case_id, 1, "test", {"x": 1})
        assert results.get(case_id, 1, "test") == {"x": 1}
        _terminate_connections(postgres_server, "idle_ping_test")
        monkeypatch.setattr(db, "IDLE_BEFORE_PING_S", 0.0)
        assert results.get(case_id, 1, "test") == {"x": 1}
    finally:
        database.dispose()


def _terminate_connections(server: PostgresServer, name: str) -> None:
    with psycopg.connect(server.url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )


def test_documents_are_compressed_with_lz4_on_postgresql(
    postgres_server: PostgresServer,
) -> None:
    """A large document written on PostgreSQL is compressed with lz4, which writes it about
    three times as fast as the default pglz (migration 0004)."""
    database = Database(postgres_server.create_database("lz4_test"))
    try:
        database.upgrade()
        case_id = _case(database)
        Results(database).put(case_id, 1, "test", {"rows": list(range(20_000))})
        with database.engine.connect() as connection:
            methods = connection.execute(
                text(
                    "SELECT pg_column_compression(c.document), pg_column_compression(r.document)"
                    " FROM cases c JOIN results r ON r.case_id = c.id"
                )
            ).one()
        assert tuple(methods) == ("lz4", "lz4")
    finally:
        database.dispose()
