"""The database: engine and sessions for SQLite (default) or PostgreSQL, and migrations.

``Database(url)`` connects; ``upgrade()`` brings the schema to the latest Alembic revision (run
by ``samenrekenen db upgrade`` and at server start).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).parent / "migrations"
IDLE_BEFORE_PING_S = 10.0
"""A pooled PostgreSQL connection idle for longer than this is tested before it is used."""


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_url(data_dir: Path) -> str:
    """The URL of the embedded SQLite database in ``data_dir``."""
    return f"sqlite:///{data_dir / 'samenrekenen.sqlite3'}"


class Database:
    """A connection pool and session factory for one database."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine: Engine = _create_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Reads run without BEGIN and COMMIT: on PostgreSQL each is a round trip of its own,
        # and a page reads the session, the case and the membership on every request.
        self._reads = sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the embedded SQLite database."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only, each statement on its own (autocommit): for lookups
        that need no consistent view of several tables and write nothing."""
        with self._reads() as session:
            yield session

    def upgrade(self) -> None:
        """Bring the schema to the newest migration."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def json_bytes(value: Any) -> bytes:
    """JSON of a stored document (case, results, audit value) as UTF-8 bytes.

    orjson writes a results document fifteen times faster than the standard library, and every
    saved edit writes one case document and one results document (decision record 0005). What
    orjson refuses (an integer beyond 64 bits in an edit's value) falls back to the standard
    library, so what could be stored before still can."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, allow_nan=False).encode()


def json_text(value: Any) -> str:
    """:func:`json_bytes` as text (SQLite stores JSON in a text column)."""
    return json_bytes(value).decode()


def _sqlite_json(value: str | float) -> Any:
    # SQLite gives a stored JSON number back as a number, not as text.
    return value if isinstance(value, int | float) else orjson.loads(value)


def _create_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(
            url,
            pool_size=10,
            max_overflow=20,
            json_serializer=json_bytes,
            json_deserializer=orjson.loads,
        )
        _ping_after_idle(engine)
        return engine
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        json_serializer=json_text,
        json_deserializer=_sqlite_json,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Test a pooled connection before use only when it sat idle: a database restarted in the
    meantime then costs no failed request, while under load (connections back in the pool
    within milliseconds) no request waits for a test round trip, as with ``pool_pre_ping``,
    which tested every checkout (seven per edit)."""

    @event.listens_for(engine, "checkin")
    def checked_in(_connection: Any, entry: ConnectionPoolEntry) -> None:
        entry.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(connection: Any, entry: ConnectionPoolEntry, _proxy: Any) -> None:
        idle_since = entry.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_S:
            return
        try:
            alive = engine.dialect.do_ping(connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool drops this connection and tries again with a new one.
            raise DisconnectionError("verbinding met de database verbroken") from exc
        if not alive:
            raise DisconnectionError("verbinding met de database verbroken")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
