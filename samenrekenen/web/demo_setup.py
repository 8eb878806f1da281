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


def ensure_demo(ctx: AppContext) -> None:
    """Load the demo case once; create (or re-enable) the demo administrator on loopback and
    disable it on any other address."""
    user = ctx.accounts.by_email(DEMO_EMAIL)
    if ctx.settings.demo_login:
        if user is None:
            user = ctx.accounts.create_user(DEMO_EMAIL, "Demogebruiker", DEMO_PASSWORD, True)
        elif not user.active:
            ctx.accounts.set_active(user.id, True)
    elif user is not None and user.active:
        ctx.accounts.set_active(user.id, False)
    with ctx.db.session() as session:
        exists = session.scalar(select(CaseRow.id).where(CaseRow.name == DEMO_CASE_NAME))
    if exists is None:
        ctx.cases.create(DEMO_CASE_NAME, demo_document(), user if ctx.settings.demo_login else None)
