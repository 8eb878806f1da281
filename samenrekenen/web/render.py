"""Templates: Jinja2 with autoescaping, Dutch number filters and the page context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from samenrekenen.format import (
    format_eur,
    format_number,
    format_pct,
    format_year_or_none,
    format_years,
)

TEMPLATES = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES))
# The templates ship inside the package and do not change while the server runs; checking
# every template file's modification time on every render cost more than the rendering.
templates.env.auto_reload = False
templates.env.filters.update(
    eur=format_eur,
    eur_k=lambda value: format_eur(value, thousands=True),
    pct=format_pct,
    num=format_number,
    years=format_years,
    year=format_year_or_none,
)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page or fragment with the user, its CSRF token and the demo flag."""
    identity = getattr(request.state, "identity", None)
    values: dict[str, Any] = {
        "identity": identity,
        "user": identity.user if identity else None,
        "csrf_token": identity.csrf_token if identity else "",
        "settings": request.app.state.ctx.settings,
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, values, status_code=status_code)
