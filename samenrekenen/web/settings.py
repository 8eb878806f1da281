"""Server settings: where the database is, how the server listens, security limits."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from samenrekenen.store import sqlite_url

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "samenrekenen"
DEMO_EMAIL = "demo@samenrekenen.nl"
DEMO_PASSWORD = "demo-samenrekenen"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (demo login is offered only then)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    """Everything :func:`~samenrekenen.web.app.create_app` needs."""

    database_url: str = ""
    data_dir: Path = field(default_factory=lambda: DEFAULT_DATA_DIR)
    host: str = "127.0.0.1"
    port: int = 8000
    secure_cookies: bool = False
    with_demo: bool = False
    start_worker: bool = True
    prepare: bool = True
    """Migrate the database and load the demo at start (the ``serve`` command does this once
    before it starts several worker processes, which then skip it)."""
    max_upload_bytes: int = 5 * 1024 * 1024
    max_request_bytes: int = 6 * 1024 * 1024
    inline_calculation_limit: int = 200_000
    """Cases whose size (participants × years × categories × lines) exceeds this are
    recalculated by a background job instead of inside the request."""

    def __post_init__(self) -> None:
        if not self.database_url:
            self.database_url = os.environ.get("DATABASE_URL", "")
        if not self.database_url:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.database_url = sqlite_url(self.data_dir)

    @property
    def demo_login(self) -> bool:
        """The demo account exists only on a loopback address."""
        return self.with_demo and is_loopback(self.host)
