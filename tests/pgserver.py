"""A throw-away PostgreSQL server on loopback for tests and benchmarks.

:func:`start_postgres` runs ``initdb`` in a temporary folder and starts the server on a free
port, listening on 127.0.0.1 only, with trust authentication for the ``postgres`` user. As root
(CI) the server runs as the ``postgres`` system user, as PostgreSQL demands.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's programs are not installed or the server did not start."""


@dataclass
class PostgresServer:
    """A running server: its URL (``postgresql://…``), data folder and how to stop it."""

    url: str
    data_dir: Path
    pg_ctl: str
    run_as: list[str]

    def stop(self) -> None:
        """Stop the server and remove its data."""
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.data_dir), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_postgres(max_connections: int = 200) -> PostgresServer:
    """Start a new server; raises PostgresUnavailable when that is impossible."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise PostgresUnavailable("initdb/pg_ctl niet gevonden; installeer PostgreSQL")
    root = Path(tempfile.mkdtemp(prefix="samenrekenen-pg-"))
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chmod(root, 0o755)
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    steps = [
        [*run_as, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        [
            *run_as,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {root} -c max_connections={max_connections} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = root / "server.log"
            detail = log.read_text() if log.exists() else ""
            raise PostgresUnavailable(f"{' '.join(step[:3])}: {done.stderr}{detail}")
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    _wait_until_ready(url)
    return PostgresServer(url=url, data_dir=data, pg_ctl=pg_ctl, run_as=run_as)


def _wait_until_ready(url: str) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
