"""Login, logout, one-time links (invitation, password reset) and user administration."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samenrekenen.store import AccountError
from samenrekenen.store.accounts import INVALID_LINK, INVITATION, RESET, LoggedIn

from ..auth import SESSION_COOKIE, Ctx, PageAdmin, PageIdentity, SameOrigin, identify
from ..render import render
from ..settings import DEMO_EMAIL, DEMO_PASSWORD

router = APIRouter(include_in_schema=False)


def set_session_cookie(response: Response, request: Request, logged_in: LoggedIn) -> None:
    """Give the browser its session cookie: HttpOnly, SameSite=Lax, Secure on HTTPS."""
    ctx = request.app.state.ctx
    response.set_cookie(
        SESSION_COOKIE,
        logged_in.token,
        httponly=True,
        samesite="lax",
        secure=ctx.settings.secure_cookies or request.url.scheme == "https",
        max_age=12 * 3600,
        path="/",
    )


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a link send users elsewhere after login.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/cases"
    return target


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    """The start page is the case list."""
    return RedirectResponse("/cases", status_code=303)


@router.get("/inloggen", response_class=HTMLResponse)
def login_page(request: Request, ctx: Ctx, next: str = "/cases") -> Response:
    """The login form (with the demo login on a loopback address)."""
    if identify(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", _login_context(ctx, next))


def _login_context(ctx: Ctx, next: str, error: str = "", email: str = "") -> dict[str, object]:
    demo = (DEMO_EMAIL, DEMO_PASSWORD) if ctx.settings.demo_login else None
    return {"next": _safe_next(next), "error": error, "email": email, "demo": demo}


@router.post("/inloggen", response_class=HTMLResponse)
def login(
    request: Request,
    ctx: Ctx,
    _origin: SameOrigin,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/cases",
) -> Response:
    """Check the credentials; on success set the session cookie and go on."""
    try:
        logged_in = ctx.accounts.login(email, password)
    except AccountError as exc:
        return render(request, "login.html", _login_context(ctx, next, str(exc), email), 400)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, request, logged_in)
    return response


@router.post("/uitloggen")
def logout(identity: PageIdentity, ctx: Ctx) -> Response:
    """End the session."""
    ctx.accounts.logout(identity.token)
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/link/{token}", response_class=HTMLResponse)
def link_page(request: Request, token: str, ctx: Ctx) -> Response:
    """Set a password through an invitation or reset link."""
    user = ctx.accounts.link_user(token)
    if user is None:
        raise HTTPException(404, INVALID_LINK)
    return render(request, "link.html", {"token": token, "link_user": user, "error": ""})


@router.post("/link/{token}", response_class=HTMLResponse)
def redeem_link(
    request: Request,
    token: str,
    ctx: Ctx,
    _origin: SameOrigin,
    password: Annotated[str, Form(max_length=1000)] = "",
    repeat: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Store the new password (the link works once) and log in."""
    user = ctx.accounts.link_user(token)
    if user is None:
        raise HTTPException(404, INVALID_LINK)
    error = "De twee wachtwoorden zijn niet gelijk." if password != repeat else ""
    if not error:
        try:
            logged_in = ctx.accounts.redeem_link(token, password)
        except AccountError as exc:
            error = str(exc)
        else:
            response = RedirectResponse("/cases", status_code=303)
            set_session_cookie(response, request, logged_in)
            return response
    context = {"token": token, "link_user": user, "error": error}
    return render(request, "link.html", context, 400)


# --- user administration (site administrators) ----------------------------------------------


@router.get("/beheer/gebruikers", response_class=HTMLResponse)
def users_page(request: Request, identity: PageAdmin, ctx: Ctx) -> Response:
    """Every user with their state; create users and hand out links."""
    return render(request, "users.html", {"users": ctx.accounts.all_users(), "link": None})


@router.post("/beheer/gebruikers", response_class=HTMLResponse)
def create_user(
    request: Request,
    identity: PageAdmin,
    ctx: Ctx,
    email: Annotated[str, Form(max_length=254)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    is_admin: Annotated[bool, Form()] = False,
) -> Response:
    """Create a user and show the invitation link to hand over."""
    try:
        user = ctx.accounts.create_user(email, name, None, is_admin)
    except AccountError as exc:
        context = {"users": ctx.accounts.all_users(), "link": None, "error": str(exc)}
        return render(request, "users.html", context, 400)
    link = _link(request, ctx.accounts.issue_link(user.id, INVITATION))
    context = {"users": ctx.accounts.all_users(), "link": link, "link_for": user.email}
    return render(request, "users.html", context)


@router.post("/beheer/gebruikers/{user_id}/herstellink", response_class=HTMLResponse)
def reset_link(request: Request, user_id: int, identity: PageAdmin, ctx: Ctx) -> Response:
    """A one-time link with which the user sets a new password."""
    user = ctx.accounts.user(user_id)
    if user is None:
        raise HTTPException(404, "Onbekende gebruiker.")
    link = _link(request, ctx.accounts.issue_link(user.id, RESET))
    context = {"users": ctx.accounts.all_users(), "link": link, "link_for": user.email}
    return render(request, "users.html", context)


@router.post("/beheer/gebruikers/{user_id}/actief")
def set_active(
    user_id: int, identity: PageAdmin, ctx: Ctx, active: Annotated[bool, Form()] = False
) -> Response:
    """(De)activate a user; one cannot deactivate oneself."""
    if ctx.accounts.user(user_id) is None:
        raise HTTPException(404, "Onbekende gebruiker.")
    if user_id == identity.user.id and not active:
        raise HTTPException(400, "U kunt uw eigen account niet deactiveren.")
    ctx.accounts.set_active(user_id, active)
    return RedirectResponse("/beheer/gebruikers", status_code=303)


def _link(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/link/{token}"
