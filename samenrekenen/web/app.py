"""The web application: ``create_app(settings)`` builds the FastAPI app around one context.

Pages (Dutch, server-rendered with htmx) and the JSON API under ``/api/v1`` share the same
dependencies for authentication and authorisation. Static assets are served from the package,
so the app works offline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samenrekenen import __version__

from .auth import LoginRequired, identify_async
from .context import AppContext
from .demo_setup import ensure_demo, guard_demo_login
from .errors import dutch_validation_messages
from .render import render
from .routes import ROUTERS
from .settings import Settings
from .worker import Worker

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for ``settings`` (defaults: SQLite in the data directory)."""
    settings = settings or Settings()
    ctx = AppContext.open(settings)
    if settings.prepare:
        guard_demo_login(ctx)
        # Jobs a stopped server left running go back to the queue. Only when preparing: that is
        # before any worker process of this server runs (serve prepares once for all of them).
        ctx.jobs.requeue_stale()
        if settings.with_demo:
            ensure_demo(ctx)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker = Worker(ctx)
        if settings.start_worker:
            worker.start()
        yield
        if settings.start_worker:
            worker.stop()

    app = FastAPI(
        title="samenrekenen",
        version=__version__,
        description="API van samenrekenen: cases, deelnemers, scenario's, regels en resultaten.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN: the app must work offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    return app


class SecurityHeaders:
    """Add the security headers to every response, and ``Cache-Control: no-store`` to API
    answers and pages. Plain ASGI: Starlette's ``BaseHTTPMiddleware`` runs each request in an
    extra task with its own streams, a cost paid on every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith(API_PREFIX)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if is_api or "text/html" in headers.get("content-type", ""):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, also when no length is given."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413, _TOO_LARGE)
            return message

        await self.app(scope, limited, send)


_TOO_LARGE = "Het verzoek is te groot. Een casebestand mag hoogstens 5 MB zijn."


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": _TOO_LARGE}, status_code=413)
    await response(scope, receive, send)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/inloggen"})
        return RedirectResponse(f"/inloggen?next={quote(target)}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        await identify_async(request)
        return render(
            request,
            "error.html",
            {"status": exc.status_code, "message": exc.detail},
            exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        messages = dutch_validation_messages(exc.errors())
        if _is_api(request):
            return JSONResponse({"detail": messages}, status_code=422)
        await identify_async(request)
        text = "; ".join(m["msg"] for m in messages)
        return render(request, "error.html", {"status": 400, "message": text}, 400)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Any) -> Response:
        # A route's own 404 keeps its Dutch reason; the router's "Not Found" (no such path)
        # becomes Dutch.
        detail = getattr(exc, "detail", None)
        if not isinstance(detail, str) or detail == "Not Found":
            detail = "Deze pagina bestaat niet."
        return await http_error(request, HTTPException(404, detail))
