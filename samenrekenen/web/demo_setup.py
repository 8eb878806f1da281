"""The demo installation: the demo case, and on a loopback address a demo login."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from samenrekenen.demo import demo_case
from samenrekenen.store.tables import CaseRow

from .context import AppContext
from .settings import DEMO_EMAIL, DEMO_PASSWORD

DEMO_CASE_NAME = "Demo: ICT-samenwerking tien gemeenten"


def demo_document() -> dict[str, Any]:
    """The demo case as a stored document."""
    return demo_case().model_dump(mode="json", exclude_none=True)


def guard_demo_login(ctx: AppContext) -> None:
    """Disable the demo administrator (its password is published) unless the server offers
    the demo login: with ``--demo`` on a loopback address. Runs at every start, so a database
    once served by ``make run`` is safe when it is later served on another address."""
    user = ctx.accounts.by_email(DEMO_EMAIL)
    if user is not None and user.active and not ctx.settings.demo_login:
        ctx.accounts.set_active(user.id, False)


def ensure_demo(ctx: AppContext) -> None:
    """Load the demo case once; create (or re-enable) the demo administrator on loopback."""
    user = ctx.accounts.by_email(DEMO_EMAIL)
    if ctx.settings.demo_login:
        if user is None:
            user = ctx.accounts.create_user(DEMO_EMAIL, "Demogebruiker", DEMO_PASSWORD, True)
        elif not user.active:
            ctx.accounts.set_active(user.id, True)
    with ctx.db.session() as session:
        exists = session.scalar(select(CaseRow.id).where(CaseRow.name == DEMO_CASE_NAME))
    if exists is None:
        ctx.cases.create(DEMO_CASE_NAME, demo_document(), user if ctx.settings.demo_login else None)
