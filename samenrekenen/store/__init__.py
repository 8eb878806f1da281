"""Storage: SQLAlchemy 2 tables, repositories for accounts, cases, jobs, and Alembic migrations.

Offers :class:`Database`, :class:`Accounts`, :class:`Cases`, :class:`Jobs`, :class:`Results`.
"""

from .accounts import AccountError, Accounts
from .cases import CaseNotFound, Cases, EditConflict, InvalidEdit, Role, Saved
from .db import Database, normalise_url, sqlite_url
from .jobs import Jobs
from .results import Results

__all__ = [
    "AccountError",
    "Accounts",
    "CaseNotFound",
    "Cases",
    "Database",
    "EditConflict",
    "InvalidEdit",
    "Jobs",
    "Results",
    "Role",
    "Saved",
    "normalise_url",
    "sqlite_url",
]
