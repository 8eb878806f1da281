"""Command-line commands around the web application: serve, db, users.

``samenrekenen serve`` migrates the database, loads the demo case when asked and starts the
server; ``db upgrade`` migrates; ``users create-admin`` creates a site administrator.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from samenrekenen.web.settings import DEFAULT_DATA_DIR, DEMO_EMAIL, DEMO_PASSWORD, Settings

DatabaseOpt = Annotated[
    str,
    typer.Option(
        "--database-url",
        envvar="DATABASE_URL",
        help="Database-URL (PostgreSQL: postgresql://…); leeg: SQLite in de datamap.",
    ),
]
DataDirOpt = Annotated[Path, typer.Option("--data-dir", help="Map voor de SQLite-database.")]

db_app = typer.Typer(help="Database: schema bijwerken.", no_args_is_help=True)
users_app = typer.Typer(help="Gebruikers beheren.", no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="Adres waarop de server luistert.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    database_url: DatabaseOpt = "",
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Laad de democase.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Aantal serverprocessen.")] = 1,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Sessiecookies alleen over HTTPS (zet dit aan achter een HTTPS-proxy).",
        ),
    ] = False,
) -> None:
    """Start de webapplicatie (migreert de database eerst)."""
    from samenrekenen.web import serving
    from samenrekenen.web.app import create_app
    from samenrekenen.web.asgi import ENV_PREFIX

    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        host=host,
        port=port,
        with_demo=demo,
        secure_cookies=secure_cookies,
    )
    # Prepare once here, so that several worker processes never migrate at the same time.
    create_app(Settings(**{**settings.__dict__, "start_worker": False})).state.ctx.db.dispose()
    os.environ.update(
        {
            ENV_PREFIX + "DATABASE_URL": settings.database_url,
            ENV_PREFIX + "DATA_DIR": str(data_dir),
            ENV_PREFIX + "HOST": host,
            ENV_PREFIX + "PORT": str(port),
            ENV_PREFIX + "DEMO": "1" if demo else "",
            ENV_PREFIX + "PREPARED": "1",
            ENV_PREFIX + "SECURE_COOKIES": "1" if secure_cookies else "",
        }
    )
    typer.echo(f"samenrekenen draait op http://{host}:{port}")
    if settings.demo_login:
        typer.echo(f"Demo-login: {DEMO_EMAIL} / wachtwoord {DEMO_PASSWORD}")
    serving.run(host, port, workers)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseOpt = "", data_dir: DataDirOpt = DEFAULT_DATA_DIR) -> None:
    """Breng het databaseschema naar de nieuwste versie."""
    from samenrekenen.store import Database

    settings = Settings(database_url=database_url, data_dir=data_dir)
    database = Database(settings.database_url)
    database.upgrade()
    database.dispose()
    typer.echo("Database bijgewerkt.")


@users_app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option("--email", help="E-mailadres van de beheerder.")],
    password: Annotated[
        str | None, typer.Option("--password", help="Wachtwoord (alleen voor scripts).")
    ] = None,
    password_file: Annotated[
        Path | None, typer.Option("--password-file", help="Bestand met het wachtwoord.")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Naam.")] = "",
    database_url: DatabaseOpt = "",
    data_dir: DataDirOpt = DEFAULT_DATA_DIR,
) -> None:
    """Maak een sitebeheerder aan (wachtwoord uit een prompt, een bestand of --password)."""
    from samenrekenen.store import AccountError, Accounts, Database

    secret = _password(password, password_file)
    settings = Settings(database_url=database_url, data_dir=data_dir)
    database = Database(settings.database_url)
    database.upgrade()
    try:
        user = Accounts(database).create_user(email, name, secret, is_admin=True)
    except AccountError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    typer.echo(f"Sitebeheerder aangemaakt: {user.email}")


def _password(password: str | None, password_file: Path | None) -> str:
    if password is not None:
        return password
    if password_file is not None:
        try:
            return password_file.read_text(encoding="utf-8").strip()
        except OSError:
            typer.echo(f"Kan het wachtwoordbestand {password_file} niet lezen.", err=True)
            raise typer.Exit(2) from None
    secret: str = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    return secret
