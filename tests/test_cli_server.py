"""The server's administration commands: ``db upgrade`` and ``users create-admin``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from samenrekenen.cli import app
from samenrekenen.store import Accounts, Database, sqlite_url

runner = CliRunner()
PASSWORD = "een-lang-wachtwoord"


def _accounts(data_dir: Path) -> Accounts:
    return Accounts(Database(sqlite_url(data_dir)))


def test_db_upgrade_brings_a_new_database_to_the_newest_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Database bijgewerkt" in result.output
    database = Database(sqlite_url(tmp_path))
    with database.engine.connect() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert head == "0004"
    again = runner.invoke(app, ["db", "upgrade", "--data-dir", str(tmp_path)])
    assert again.exit_code == 0, again.output
    database.dispose()


@pytest.mark.parametrize("source", ["--password", "--password-file", "prompt"])
def test_create_admin_takes_the_password_from_each_source(tmp_path: Path, source: str) -> None:
    command = [
        "users",
        "create-admin",
        "--email",
        "Beheer@Gemeente.nl",
        "--data-dir",
        str(tmp_path),
    ]
    given = ""
    if source == "--password":
        command += ["--password", PASSWORD]
    elif source == "--password-file":
        secret = tmp_path / "wachtwoord.txt"
        secret.write_text(PASSWORD + "\n", encoding="utf-8")
        command += ["--password-file", str(secret)]
    else:
        given = f"{PASSWORD}\n{PASSWORD}\n"
    result = runner.invoke(app, command, input=given)
    assert result.exit_code == 0, result.output
    assert "Sitebeheerder aangemaakt: beheer@gemeente.nl" in result.output
    accounts = _accounts(tmp_path)
    user = accounts.by_email("beheer@gemeente.nl")
    assert user is not None and user.is_admin and user.active
    assert accounts.login("beheer@gemeente.nl", PASSWORD).user.id == user.id
    accounts.db.dispose()


def test_create_admin_refuses_weak_passwords_and_existing_addresses_in_dutch(
    tmp_path: Path,
) -> None:
    base = ["users", "create-admin", "--email", "a@gemeente.nl", "--data-dir", str(tmp_path)]
    weak = runner.invoke(app, [*base, "--password", "kort"])
    assert weak.exit_code == 2
    assert "wachtwoord" in weak.output.lower()
    assert runner.invoke(app, [*base, "--password", PASSWORD]).exit_code == 0
    twice = runner.invoke(app, [*base, "--password", PASSWORD])
    assert twice.exit_code == 2
    assert "bestaat al" in twice.output
    missing = runner.invoke(app, [*base, "--password-file", str(tmp_path / "geen.txt")])
    assert missing.exit_code == 2
    assert "Kan het wachtwoordbestand" in missing.output
