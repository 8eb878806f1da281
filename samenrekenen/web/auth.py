"""Who is asking: session cookies for pages, bearer tokens for scripts, CSRF, case access.

Pages and the API use the same dependencies; they differ only in what an anonymous request gets
(pages: a redirect to the login page; API: 401) and in how a refusal is rendered. A case that a
user may not open answers 404, never 403, so ids leak nothing.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from samenrekenen.store import CaseNotFound
from samenrekenen.store.tables import User

from .access import CaseAccess, access_for
from .context import AppContext

SESSION_COOKIE = "samenrekenen_sessie"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_FOUND = "Niet gevonden. Controleer het adres, of vraag de beheerder van de case om toegang."


class LoginRequired(Exception):
    """A page was asked for without a session: the app redirects to the login page."""


@dataclass(frozen=True)
class Identity:
    """An authenticated user with the token it used and the session's CSRF token."""

    user: User
    token: str
    csrf_token: str
    via_cookie: bool


def get_ctx(request: Request) -> AppContext:
    """The application context."""
    ctx: AppContext = request.app.state.ctx
    return ctx


async def _ctx_dependency(request: Request) -> AppContext:
    # Async because it does no I/O: FastAPI runs a plain function dependency in a worker
    # thread, a hand-over that costs more CPU than this lookup.
    return get_ctx(request)


Ctx = Annotated[AppContext, Depends(_ctx_dependency)]


def identify(request: Request) -> Identity | None:
    """The identity of a request's session cookie or bearer token, if it is valid."""
    ctx = get_ctx(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token, via_cookie = header[7:].strip(), False
    else:
        token, via_cookie = request.cookies.get(SESSION_COOKIE, ""), True
    if not token:
        return None
    found = ctx.accounts.session_user(token)
    if found is None:
        return None
    user, csrf = found
    identity = Identity(user=user, token=token, csrf_token=csrf, via_cookie=via_cookie)
    request.state.identity = identity
    return identity


async def identify_async(request: Request) -> Identity | None:
    """:func:`identify` in a worker thread: the session lookup queries the database, and on
    the event loop it would hold up every other request of this process. A request that was
    identified already (by :func:`opened_case`) is not looked up again."""
    known = _identified(request)
    if known is not None:
        return known
    return await run_in_threadpool(identify, request)


def _identified(request: Request) -> Identity | None:
    """The identity :func:`identify` found earlier in this request, if any."""
    known: Identity | None = getattr(request.state, "identity", None)
    return known


async def _checked_csrf(request: Request, identity: Identity) -> None:
    if request.method not in UNSAFE_METHODS or not identity.via_cookie:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not hmac.compare_digest(sent, identity.csrf_token):
        raise HTTPException(
            403,
            "Het formulier is verlopen of onvolledig. Laad de pagina opnieuw en probeer nog eens.",
        )


def same_origin(request: Request) -> None:
    """Refuse a form that another site made the browser send (403).

    The login and link forms have no session yet, so no CSRF token to check; browsers say
    where a cross-site request comes from (``Origin``, ``Sec-Fetch-Site``), and that is
    checked instead. Clients that send neither (scripts) are not browsers being abused.
    """
    origin = request.headers.get("origin")
    host = request.headers.get("host", request.url.netloc)
    # Hosts, not schemes, are compared: behind an HTTPS proxy the app itself sees plain http.
    # An Origin of "null" (a sandboxed frame) has no host, so it is refused too.
    foreign = origin is not None and urlsplit(origin).netloc != host
    if foreign or request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "Dit formulier kwam van een andere website en is geweigerd.")


SameOrigin = Annotated[None, Depends(same_origin)]


async def page_identity(request: Request) -> Identity:
    """A logged-in user for a page (redirect to login otherwise), with CSRF checked."""
    identity = await identify_async(request)
    if identity is None:
        raise LoginRequired
    await _checked_csrf(request, identity)
    return identity


async def api_identity(request: Request) -> Identity:
    """A logged-in user for the API (401 otherwise), with CSRF checked for cookie sessions."""
    identity = await identify_async(request)
    if identity is None:
        raise _not_logged_in()
    await _checked_csrf(request, identity)
    return identity


def _not_logged_in() -> HTTPException:
    return HTTPException(
        401,
        "Niet ingelogd. Log in via POST /api/v1/session en stuur het token mee als "
        "'Authorization: Bearer <token>'.",
        headers={"WWW-Authenticate": "Bearer"},
    )


PageIdentity = Annotated[Identity, Depends(page_identity)]
ApiIdentity = Annotated[Identity, Depends(api_identity)]


def case_access(ctx: AppContext, identity: Identity, case_id: int) -> CaseAccess:
    """A user's access to a case; 404 when it does not exist or the user is no member."""
    try:
        row, member = ctx.cases.get_for(case_id, identity.user.id)
    except CaseNotFound:
        raise HTTPException(404, NOT_FOUND) from None
    if member is None and not identity.user.is_admin:
        raise HTTPException(404, NOT_FOUND)
    access = access_for(
        row,
        identity.user,
        member.role if member else None,
        member.participant_id if member else None,
    )
    return access


async def opened_case(
    request: Request, case_id: int, missing: Callable[[], Exception]
) -> CaseAccess:
    """The identity of a request and its access to a case, looked up together in one worker
    thread (each hand-over to a worker thread costs CPU on the event loop and in the thread;
    two fewer took about 1 ms off a small API request). Raises
    ``missing()`` without a valid session, checks CSRF, then raises 404 for a case the user
    may not see."""
    identity, access = await run_in_threadpool(_identify_and_open, request, case_id)
    if identity is None or access is None:
        raise missing()
    await _checked_csrf(request, identity)
    if isinstance(access, HTTPException):
        raise access
    return access


def _identify_and_open(
    request: Request, case_id: int
) -> tuple[Identity | None, CaseAccess | HTTPException | None]:
    identity = _identified(request) or identify(request)
    if identity is None:
        return None, None
    try:
        return identity, case_access(get_ctx(request), identity, case_id)
    except HTTPException as exc:
        return identity, exc


async def page_case(case_id: int, request: Request) -> CaseAccess:
    """Case access for a page."""
    return await opened_case(request, case_id, LoginRequired)


async def api_case(case_id: int, request: Request) -> CaseAccess:
    """Case access for the API."""
    return await opened_case(request, case_id, _not_logged_in)


PageCase = Annotated[CaseAccess, Depends(page_case)]
ApiCase = Annotated[CaseAccess, Depends(api_case)]


def require(condition: bool) -> None:
    """Refuse (404, so nothing leaks) when a right is missing."""
    if not condition:
        raise HTTPException(404, NOT_FOUND)


def page_admin(identity: PageIdentity) -> Identity:
    """A site administrator for a page."""
    require(identity.user.is_admin)
    return identity


def api_admin(identity: ApiIdentity) -> Identity:
    """A site administrator for the API."""
    require(identity.user.is_admin)
    return identity


PageAdmin = Annotated[Identity, Depends(page_admin)]
ApiAdmin = Annotated[Identity, Depends(api_admin)]


def permit(condition: bool) -> None:
    """Refuse (403) an action on something the user may see but not change."""
    if not condition:
        raise HTTPException(403, "U heeft geen rechten om dit te wijzigen.")
