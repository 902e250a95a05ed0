"""The sandbox ASGI app: routes, authentication, request ids, faults and error pages.

- Every `/api/...` request needs `X-API-KEY`, `X-BUSINESS-ID` and `X-USER-ID` equal to
  `DEMO_CREDENTIALS` (header names are case-insensitive); otherwise 401
  `{"detail": ..., "code": "not_authenticated"}`.
- Every response carries `X-Request-ID`.
- Routes have no trailing slash; any unknown path (a trailing slash included) is a 404 with an
  HTML body, like the live service's Django error page. Wrong methods are 405 JSON.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kizen_tui.sandbox import routes_objects, routes_records, seedcache
from kizen_tui.sandbox.catalog import business
from kizen_tui.sandbox.credentials import DEMO_CREDENTIALS
from kizen_tui.sandbox.faults import FaultInjector, FaultMiddleware, fault_json
from kizen_tui.sandbox.http import ApiError, json_body
from kizen_tui.sandbox.seed import seed as seed_store
from kizen_tui.sandbox.store import Store

NOT_FOUND_HTML = ("<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n"
                  "</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found "
                  "on this server.</p>\n</body>\n</html>\n")
_AUTH = {b"x-api-key": "api_key", b"x-business-id": "business_id", b"x-user-id": "user_id"}


class SandboxApp(Starlette):
    """Starlette that stamps `X-Request-ID` on every response (500 pages included) and keeps
    the server's own `send` in the scope so faults can drop the connection."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        scope["sandbox.raw_send"] = send
        request_id = uuid.uuid4().hex.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-request-id", request_id)]
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_with_id)


class AuthMiddleware:
    """Checks the three credential headers on every `/api/` request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            given = {_AUTH[k.lower()]: v.decode("latin-1") for k, v in scope["headers"]
                     if k.lower() in _AUTH}
            detail = None
            if len(given) < len(_AUTH) or not all(given.values()):
                detail = "Authentication credentials were not provided."
            elif any(given[key] != DEMO_CREDENTIALS[key] for key in given):
                detail = "Invalid API key, business or user."
            if detail is not None:
                response = JSONResponse({"detail": detail, "code": "not_authenticated"},
                                        status_code=401)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return JSONResponse({"detail": f'Method "{request.method}" not allowed.',
                             "code": "method_not_allowed"}, status_code=405)
    if exc.status_code == 404:
        return HTMLResponse(NOT_FOUND_HTML, status_code=404)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


async def _faults_control(request: Request) -> Response:
    faults: FaultInjector = request.app.state.faults
    if request.method == "DELETE":
        faults.clear()
        return Response(status_code=204)
    if request.method == "GET":
        return JSONResponse([fault_json(f) for f in faults.list()])
    body: dict[str, Any] = await json_body(request)
    try:
        fault = faults.add(**body)
    except (TypeError, ValueError) as exc:
        return JSONResponse({"detail": str(exc), "code": "invalid"}, status_code=400)
    return JSONResponse(fault_json(fault), status_code=201)


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def open_store(*, records: int, seed: int, db_path: str | None,
               object_records: dict[str, int] | None = None,
               seed_cache: Path | None = None) -> Store:
    """Open the store, seeding it unless it is a file that was seeded before.

    An in-memory store is loaded from `seed_cache` (a directory) when it holds an image of the
    same seed, and saved there after seeding otherwise (see seedcache.py).
    """
    def fill(store: Store) -> None:
        seed_store(store, records=records, seed=seed, object_records=object_records)

    if db_path is None and seed_cache is not None and seedcache.cacheable(records, object_records):
        return seedcache.open_cached(seed_cache, records=records, seed=seed,
                                     object_records=object_records,
                                     new_store=lambda: Store(None, business()), fill=fill)
    if db_path is not None:
        return _open_file(db_path, fill)
    store = Store(None, business())
    fill(store)
    return store


class DatabaseUnavailable(ValueError):
    """The SQLite file given as `db_path` cannot be opened or used (a usage error: exit 2)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot open the sandbox database {path}: {reason}")
        self.path = path
        """The file as the user named it."""


def _open_file(db_path: str, fill: Callable[[Store], None]) -> Store:
    """The store kept in `db_path`, seeded unless it was before.

    Raises:
        DatabaseUnavailable: a missing directory, a directory, a file that is not a database,
            one we may not write...: what the user named is wrong, not the sandbox.
    """
    try:
        store = Store(db_path, business())
        if store.get_meta("seeded") is None:
            fill(store)
    except sqlite3.DatabaseError as error:  # OperationalError and "not a database" included
        raise DatabaseUnavailable(db_path, _unusable_because(Path(db_path), error)) from None
    return store


def _unusable_because(path: Path, error: sqlite3.DatabaseError) -> str:
    # SQLite says "unable to open database file" for most of these: name the actual cause.
    if path.is_dir():
        return "it is a directory"
    if not path.parent.is_dir():
        return f"there is no directory {path.parent}"
    return str(error)


def create_app(*, records: int = 500, seed: int = 0, db_path: str | None = None,
               object_records: dict[str, int] | None = None,
               seed_cache: Path | None = None) -> Starlette:
    """The sandbox app with its store already open and seeded.

    Args:
        records: records per object; above 10,000 only `companies` grows further (the others
            stay at 10,000; contacts never below 140). Ignored for an existing seeded file.
        seed: seed of the deterministic data.
        db_path: a SQLite file to keep changes between runs; in memory when None.
        object_records: sizes of chosen objects by api name, overriding `records`.
        seed_cache: a directory keeping an image of the seeded in-memory database, so later
            starts load it instead of seeding again (ignored with `db_path`).
    """
    faults = FaultInjector()
    app = SandboxApp(
        routes=[*routes_objects.ROUTES, *routes_records.ROUTES,
                Route("/__sandbox__/faults", _faults_control, methods=["GET", "POST", "DELETE"]),
                Route("/__sandbox__/health", _health, methods=["GET"])],
        middleware=[Middleware(FaultMiddleware, injector=faults), Middleware(AuthMiddleware)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.router.redirect_slashes = False  # the live service 404s on a trailing slash
    app.state.store = open_store(records=records, seed=seed, db_path=db_path,
                                 object_records=object_records, seed_cache=seed_cache)
    app.state.faults = faults
    return app
