"""Web load benchmark (`make bench`): simulated users against the server, to bench/results/web.json.

On loopback a throw-away PostgreSQL (tests/pgserver.py) and ``samenrekenen serve --workers 2
--demo`` run as subprocesses. Fifty users, each an *adviseur* of the demo case and logged in once,
repeat for sixty seconds: view the overview (``GET /cases/{id}``), wait 1 s, with probability 0.2
edit a baseline amount, wait 1 s. An edit is ``POST /api/v1/cases/{id}/edits`` on the revision the
user last saw plus the fetch of the recalculated results; its latency is both together. The
amounts edited are 20 fixed items (seeded), so concurrent edits of the same item happen: a 409
is an expected answer (``conflicts``), after which the user reloads the overview (a view too).

Afterwards every saved edit is checked against the final document and the audit trail: its value
must still be there, or a later save of the same path must exist (otherwise a lost update).

Targets (issue): edit_p95_ms < 150, view_p95_ms < 100, errors = 0, lost_updates = 0.
Quicker runs: ``--users``, ``--seconds``, ``--workers``; ``--edit-probability 0`` measures views
alone, ``--recalc fragment`` fetches the overview's results fragment instead of the results JSON.
Without PostgreSQL the benchmark is skipped (an error under ``CI=true``).

The simulated users speak HTTP through aiohttp: the generator shares the two cores with the
server, and with httpx it spent about four times as much CPU per request (measured 2026-12-03,
sequentially against the overview: 1.9–2.4 ms against 0.5–0.6 ms), which both took CPU from the
server and added to the latencies it measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pgserver import PostgresServer, PostgresUnavailable, start_postgres  # noqa: E402
from run import demo_p50_ms  # noqa: E402

from samenrekenen.model.edits import get_at  # noqa: E402
from samenrekenen.store import Accounts, Cases, Database, Role  # noqa: E402
from samenrekenen.store.tables import CaseRow  # noqa: E402
from samenrekenen.web.auth import SESSION_COOKIE  # noqa: E402
from samenrekenen.web.demo_setup import DEMO_CASE_NAME  # noqa: E402

SEED = 20261122
PASSWORD = "bench-wachtwoord-2026"
ITEMS = 20
EDIT_PROBABILITY = 0.2
THINK_S = 1.0
TIMEOUT_S = 30.0
TARGETS: dict[str, float] = {
    "edit_p95_ms": 150,
    "view_p95_ms": 100,
    "errors": 0,
    "lost_updates": 0,
}
REVISION = re.compile(rb"\xc2\xb7 versie (\d+)</p>")
"""The revision in the case header of every case page (templates/case_base.html)."""


@dataclass
class Stats:
    """What the users measured, shared by all of them (one event loop, no locks needed)."""

    views: list[float] = field(default_factory=list)
    edits: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    """The save part of each edit (the POST alone), to tell it from the results' fetch."""
    conflict_ms: list[float] = field(default_factory=list)
    conflicts: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    saved: list[tuple[str, int, float]] = field(default_factory=list)
    """(path, revision, value) of every edit answered 200."""

    def error(self, what: str) -> None:
        """Count an error and keep the first few descriptions."""
        self.errors += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(what)


@dataclass
class Answer:
    """What the benchmark reads of an HTTP answer."""

    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.content.decode(errors="replace")

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.content)


class Client:
    """One simulated browser's HTTP client: its own keep-alive connection to the server.

    Idle connections are dropped after 2 s, before uvicorn's keep-alive timeout (5 s) can close
    them under a request (a race that would show as a disconnection)."""

    def __init__(self, base: str) -> None:
        self._session = aiohttp.ClientSession(
            base,
            connector=aiohttp.TCPConnector(limit=2, keepalive_timeout=2.0),
            timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
        )

    async def get(self, url: str, headers: dict[str, str]) -> Answer:
        """``GET url``."""
        async with self._session.get(url, headers=headers) as answer:
            return Answer(answer.status, await answer.read())

    async def post(self, url: str, json: Any, headers: dict[str, str] | None = None) -> Answer:
        """``POST url`` with a JSON body."""
        async with self._session.post(url, json=json, headers=headers) as answer:
            return Answer(answer.status, await answer.read())

    async def close(self) -> None:
        """Close the connection."""
        await self._session.close()


ClientError = (aiohttp.ClientError, asyncio.TimeoutError)
"""What a failed request raises (a refused or dropped connection, a time-out)."""


@dataclass
class User:
    """A simulated user: its own connection (as a browser keeps one), its session and the
    revision it saw last."""

    number: int
    client: Client
    token: str
    revision: int = 0


@dataclass
class Load:
    """Everything the users share."""

    case_id: int
    items: list[tuple[str, float]]
    scenario: str
    recalc: str
    edit_probability: float
    deadline: float
    stats: Stats = field(default_factory=Stats)


# --- subprocesses -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """``samenrekenen serve`` in its own process group (so all its workers can be stopped)."""
    command = [
        sys.executable,
        "-m",
        "samenrekenen.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database-url",
        database_url,
        "--workers",
        str(workers),
        "--demo",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_serving(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    """Wait for the login page to answer (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server stopped:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/inloggen", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer within 60 s:\n{log.read_text(errors='replace')}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group: TERM, then KILL after 10 s."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass


def _cpu_by_process(root: int) -> dict[int, float]:
    """User + system CPU seconds of a process and each of its descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return {pid: used[pid] for pid in tree if pid in used}


def _postmaster_pid(pg: PostgresServer) -> int | None:
    try:
        return int((pg.data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# --- preparation --------------------------------------------------------------------------------


def prepare_users(database_url: str, users: int) -> tuple[int, list[tuple[str, float]], str]:
    """Create ``users`` adviseurs of the demo case through the store; return the case id, the
    edited items (path, original amount) and the scenario whose results are fetched."""
    db = Database(database_url)
    try:
        accounts, cases = Accounts(db), Cases(db)
        with db.session() as session:
            case_id = session.scalar(select(CaseRow.id).where(CaseRow.name == DEMO_CASE_NAME))
        if case_id is None:
            raise RuntimeError("the demo case was not loaded")
        for number in range(users):
            user = accounts.create_user(_email(number), f"Gebruiker {number}", PASSWORD)
            cases.set_member(case_id, user.id, Role.ADVISER)
        document = cases.get(case_id).document
    finally:
        db.dispose()
    paths = [
        f"participants[{p}].baseline.costs[{c}].visible_eur"
        for p, participant in enumerate(document["participants"])
        for c in range(len(participant["baseline"]["costs"]))
    ]
    chosen = random.Random(SEED).sample(paths, min(ITEMS, len(paths)))
    items = [(path, float(get_at(document, path))) for path in chosen]
    scenario = next(s["id"] for s in document["scenarios"] if not s.get("is_baseline"))
    return int(case_id), items, scenario


def _email(number: int) -> str:
    return f"bench{number:03d}@samenrekenen.test"


async def log_in(clients: list[Client]) -> list[User]:
    """One API session per user (a few at a time: password hashing is deliberately slow)."""
    gate = asyncio.Semaphore(4)

    async def one(number: int, client: Client) -> User:
        async with gate:
            answer = await client.post(
                "/api/v1/session", json={"email": _email(number), "password": PASSWORD}
            )
        if answer.status_code != 201:
            raise RuntimeError(f"logging in failed: {answer.status_code} {answer.text[:200]}")
        return User(number, client, answer.json()["token"])

    return list(await asyncio.gather(*(one(n, c) for n, c in enumerate(clients))))


# --- the simulated users ------------------------------------------------------------------------


async def view(load: Load, user: User) -> None:
    """The overview page as a browser asks for it (session cookie); reads the revision."""
    start = time.perf_counter()
    try:
        answer = await user.client.get(
            f"/cases/{load.case_id}", headers={"Cookie": f"{SESSION_COOKIE}={user.token}"}
        )
    except ClientError as exc:
        load.stats.error(f"view: {type(exc).__name__}")
        return
    elapsed = time.perf_counter() - start
    if answer.status_code != 200:
        load.stats.error(f"view: {answer.status_code}")
        return
    load.stats.views.append(elapsed)
    found = REVISION.search(answer.content)
    if found is None:
        load.stats.error("view: no revision on the page")
        return
    user.revision = int(found.group(1))


async def edit(load: Load, user: User, rng: random.Random) -> None:
    """Save one amount on the revision last seen, then fetch the recalculated results."""
    path, original = rng.choice(load.items)
    value = float(round(original * rng.uniform(0.8, 1.2)))
    body = {"kind": "set", "path": path, "value": value, "base_revision": user.revision}
    bearer = {"Authorization": f"Bearer {user.token}"}
    start = time.perf_counter()
    try:
        saved = await user.client.post(
            f"/api/v1/cases/{load.case_id}/edits", json=body, headers=bearer
        )
        if saved.status_code == 409:
            load.stats.conflicts += 1
            load.stats.conflict_ms.append(time.perf_counter() - start)
            await view(load, user)  # reload, as the page asks the user to
            return
        if saved.status_code != 200:
            load.stats.error(f"edit: {saved.status_code} {saved.text[:200]}")
            return
        load.stats.saves.append(time.perf_counter() - start)
        revision = int(saved.json()["revision"])
        load.stats.saved.append((path, revision, value))
        user.revision = revision
        if load.recalc == "api":
            url = f"/api/v1/cases/{load.case_id}/results/{load.scenario}"
            fetched = await user.client.get(url, headers=bearer)
        else:
            url = f"/cases/{load.case_id}/overzicht/resultaten"
            cookie = {"Cookie": f"{SESSION_COOKIE}={user.token}", "HX-Request": "true"}
            fetched = await user.client.get(url, headers=cookie)
    except ClientError as exc:
        load.stats.error(f"edit: {type(exc).__name__}")
        return
    elapsed = time.perf_counter() - start
    if fetched.status_code != 200:
        load.stats.error(f"results: {fetched.status_code}")
        return
    load.stats.edits.append(elapsed)


async def simulate(load: Load, user: User) -> None:
    """View, wait, sometimes edit, wait; until the deadline (a started step is finished)."""
    rng = random.Random(SEED * 1000 + user.number)
    await asyncio.sleep(rng.uniform(0, 2 * THINK_S))  # users do not all start at once
    while time.perf_counter() < load.deadline:
        await view(load, user)
        await asyncio.sleep(THINK_S)
        if time.perf_counter() >= load.deadline:
            break
        if rng.random() < load.edit_probability:
            await edit(load, user, rng)
        await asyncio.sleep(THINK_S)


class CpuMeter:
    """CPU seconds used by the server (in total and per process), PostgreSQL and this process
    between start and stop."""

    def __init__(self, server: int, postgres: int | None) -> None:
        self.server, self.postgres = server, postgres
        self.used: dict[str, Any] = {}

    def _now(self) -> tuple[dict[int, float], float, float, float]:
        postgres = sum(_cpu_by_process(self.postgres).values()) if self.postgres else 0.0
        return _cpu_by_process(self.server), postgres, time.process_time(), time.perf_counter()

    def start(self) -> None:
        """Remember the counters."""
        self._start = self._now()

    def stop(self) -> None:
        """The counters' increase; ``available`` is wall time × cores."""
        server, postgres, generator, wall = self._now()
        before = self._start[0]
        per_process = sorted(
            (round(cpu - before.get(pid, 0.0), 1) for pid, cpu in server.items()), reverse=True
        )
        self.used = {
            "server": round(sum(per_process), 1),
            "server_per_process": [cpu for cpu in per_process if cpu > 0],
            "postgres": round(postgres - self._start[1], 1),
            "generator": round(generator - self._start[2], 1),
            "available": round((wall - self._start[3]) * (os.cpu_count() or 1), 1),
        }


async def run_load(
    base: str,
    users: int,
    seconds: float,
    meter: CpuMeter,
    **kw: Any,
) -> Stats:
    """Log every user in, then let them all work for ``seconds``.

    Every user has a client of its own, as every browser keeps its own connection: one pool
    shared by all users would carry them over a handful of connections, and the kernel spreads
    connections, not requests, over the server processes.
    """
    async with contextlib.AsyncExitStack() as stack:
        clients = [Client(base) for _ in range(users)]
        for client in clients:
            stack.push_async_callback(client.close)
        sessions = await log_in(clients)
        meter.start()
        load = Load(deadline=time.perf_counter() + seconds, **kw)
        await asyncio.gather(*(simulate(load, user) for user in sessions))
        meter.stop()
    return load.stats


# --- checks and report --------------------------------------------------------------------------


def check_lost_updates(
    database_url: str, case_id: int, saved: list[tuple[str, int, float]]
) -> dict[str, int]:
    """Lost updates: a saved value that is gone without a later save of its path. Also counts
    saved edits without their audit entry and revisions handed out twice."""
    db = Database(database_url)
    try:
        cases = Cases(db)
        document = cases.get(case_id).document
        audit = cases.audit(case_id, None, 10**9)
    finally:
        db.dispose()
    latest: dict[str, int] = {}
    logged: dict[tuple[int, str], Any] = {}
    for entry in audit:
        latest[entry.path] = max(latest.get(entry.path, 0), entry.revision)
        logged[(entry.revision, entry.path)] = entry.new_value
    lost = missing = 0
    for path, revision, value in saved:
        current = get_at(document, path)
        still_there = current is not None and abs(float(current) - value) < 1e-6
        if not still_there and latest.get(path, 0) <= revision:
            lost += 1
        if (revision, path) not in logged:
            missing += 1
    revisions = [revision for _path, revision, _value in saved]
    return {
        "lost_updates": lost,
        "audit_missing": missing,
        "duplicate_revisions": len(revisions) - len(set(revisions)),
    }


def _ms(values: list[float], quantile: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0] * 1000, 1)
    cut = statistics.quantiles(values, n=100, method="inclusive")
    return round((statistics.median(values) if quantile == 50 else cut[quantile - 1]) * 1000, 1)


def reference_calculation_ms() -> float:
    """The median time of one calculation of the demo case in this process, just before the
    load: the machine's speed at the time, so runs on faster or busier moments compare."""
    return round(demo_p50_ms(30), 1)


def report(
    args: argparse.Namespace,
    stats: Stats,
    checks: dict[str, int],
    cpu: dict[str, float],
    machine: dict[str, Any],
) -> dict[str, Any]:
    """The JSON report."""
    figures: dict[str, Any] = {
        "users": args.users,
        "duration_s": args.seconds,
        "workers": args.workers,
        "database": "postgresql",
        "recalc": args.recalc,
        "edit_probability": args.edit_probability,
        "views": len(stats.views),
        "edits": len(stats.edits),
        "conflicts": stats.conflicts,
        "errors": stats.errors,
        "view_p50_ms": _ms(stats.views, 50),
        "view_p95_ms": _ms(stats.views, 95),
        "edit_p50_ms": _ms(stats.edits, 50),
        "edit_p95_ms": _ms(stats.edits, 95),
        "save_p50_ms": _ms(stats.saves, 50),
        "save_p95_ms": _ms(stats.saves, 95),
        "conflict_p50_ms": _ms(stats.conflict_ms, 50),
        **checks,
    }
    met = {
        name: (
            figures[name] is not None and figures[name] < limit
            if name.endswith("_ms")
            else figures[name] <= limit
        )
        for name, limit in TARGETS.items()
    }
    return {
        **figures,
        "targets": TARGETS,
        "met": met,
        "error_samples": stats.error_samples,
        "cpu_s": cpu,
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            **machine,
        },
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def print_summary(result: dict[str, Any], out: Path) -> None:
    """A short English summary."""
    print(
        f"{result['users']} users, {result['duration_s']} s, {result['workers']} workers, "
        f"PostgreSQL: {result['views']} views, {result['edits']} edits, "
        f"{result['conflicts']} conflicts (409), {result['errors']} errors"
    )
    for name, limit in TARGETS.items():
        ok = "ok" if result["met"][name] else "MISSED"
        op = "<" if name.endswith("_ms") else "<="
        print(f"{name:14} {result[name]!s:>10}   target {op} {limit}   {ok}")
    print(
        f"view p50 {result['view_p50_ms']} ms, edit p50 {result['edit_p50_ms']} ms "
        f"(save alone p50 {result['save_p50_ms']} ms, p95 {result['save_p95_ms']} ms)"
    )
    cpu = result["cpu_s"]
    print(
        f"CPU during the run: server {cpu['server']} s {cpu['server_per_process']}, "
        f"PostgreSQL {cpu['postgres']} s, "
        f"load generator {cpu['generator']} s (of {cpu['available']} s on all cores)"
    )
    print(
        f"one calculation of the demo case just before the load: "
        f"{result['machine']['reference_calculation_ms']} ms"
    )
    load = result["machine"]["load_average_before"]
    if load[0] > 1.0:
        print(f"note: the machine was busy before the run (load average {load[0]})")
    for sample in result["error_samples"]:
        print(f"  error: {sample}")
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def main() -> None:
    """Start PostgreSQL and the server, run the users, check, write the report, clean up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--recalc",
        choices=("api", "fragment"),
        default="api",
        help="after a save fetch the scenario's results JSON (api) or the overview fragment",
    )
    parser.add_argument(
        "--edit-probability",
        type=float,
        default=EDIT_PROBABILITY,
        help="chance of an edit per cycle (0 measures views alone)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "web.json")
    args = parser.parse_args()
    if args.seconds == int(args.seconds):
        args.seconds = int(args.seconds)

    load_before = [round(x, 2) for x in os.getloadavg()]
    try:
        pg = start_postgres(max_connections=200)
    except PostgresUnavailable as exc:
        # Like the tests: without PostgreSQL this benchmark is skipped, except under CI=true.
        print(f"web benchmark skipped: PostgreSQL unavailable ({exc})", file=sys.stderr)
        sys.exit(1 if os.environ.get("CI") == "true" else 0)
    server: subprocess.Popen[bytes] | None = None
    handle, name = tempfile.mkstemp(prefix="samenrekenen-bench-web-", suffix=".log")
    os.close(handle)
    log = Path(name)
    try:
        database_url = pg.create_database("bench_web")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(database_url, port, args.workers, log)
        wait_until_serving(server, base, log)
        case_id, items, scenario = prepare_users(database_url, args.users)
        reference_ms = reference_calculation_ms()
        print(
            f"{args.users} users for {args.seconds} s against {args.workers} workers "
            f"(case {case_id}, {len(items)} items)…",
            flush=True,
        )
        meter = CpuMeter(server.pid, _postmaster_pid(pg))
        stats = asyncio.run(
            run_load(
                base,
                args.users,
                args.seconds,
                meter,
                case_id=case_id,
                items=items,
                scenario=scenario,
                recalc=args.recalc,
                edit_probability=args.edit_probability,
            )
        )
        cpu = meter.used
        checks = check_lost_updates(database_url, case_id, stats.saved)
        if stats.errors:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
    finally:
        if server is not None:
            stop_server(server)
        pg.stop()
        log.unlink(missing_ok=True)
    machine = {"load_average_before": load_before, "reference_calculation_ms": reference_ms}
    result = report(args, stats, checks, cpu, machine)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_summary(result, args.output)


if __name__ == "__main__":
    main()
