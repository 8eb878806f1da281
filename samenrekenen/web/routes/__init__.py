"""The app's routers, in the order they are registered (pages first, then the API)."""

from fastapi import APIRouter

from .. import api
from . import (
    account,
    cases,
    charging,
    editor,
    exports,
    fairness,
    guidance,
    history,
    overview,
    risks,
    steering,
)

ROUTERS: list[APIRouter] = [
    account.router,
    cases.router,
    overview.router,
    editor.router,
    history.router,
    charging.router,
    fairness.router,
    risks.router,
    steering.router,
    guidance.router,
    exports.router,
    api.router,
]
