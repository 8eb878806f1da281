"""Store tests on SQLite and PostgreSQL (a package, so its conftest does not shadow others)."""
