"""The HTTP core of the Kizen client: one `httpx.AsyncClient`, auth headers, retries, the
read-only guard, the request log, and the mapping of every failure onto `errors`.

`KizenClient` (client.py) adds one method per endpoint on top of `BaseClient._send`.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import ipaddress
import json
import logging
import random as _random
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from time import perf_counter
from types import TracebackType
from typing import Any, Self

import httpx

from kizen_tui.api.errors import ReadOnlyError
from kizen_tui.api.responses import decode_json, error_from_response, error_from_transport
from kizen_tui.api.retry import RetryPolicy, Timeouts, parse_retry_after

logger = logging.getLogger("kizen_tui.api")
DEFAULT_BASE_URL = "https://app.go.kizen.com"
RECENT_REQUESTS = 50
#: Marks "send no body" (None would be sent as JSON null).
NO_BODY: Any = object()


def _package_version() -> str:
    # kizen_tui.__version__ is outside the api layer's allowed imports; read the installed
    # distribution instead, "0" when running from a source tree that is not installed.
    try:
        return importlib.metadata.version("kizen-tui")
    except importlib.metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"kizen-tui/{_package_version()}"


@dataclass(frozen=True)
class RequestSummary:
    """One entry of `recent_requests`: what was asked and how it ended (no headers, no bodies)."""

    method: str
    path: str
    """The path without the query string."""
    status: int | None
    """The final HTTP status, None when no response arrived."""
    request_id: str | None
    """The X-Request-ID response header."""
    duration_ms: float
    """Wall time of the whole call, retries and backoff included."""
    attempts: int
    error: str | None = None
    """The class name of the failure when no response arrived (or the call was cancelled)."""


@dataclass
class _Trace:
    method: str
    path: str
    started: float = field(default_factory=perf_counter)
    attempts: int = 0
    status: int | None = None
    request_id: str | None = None
    error: str | None = None


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_base_url(url: str, *, allow_plain_http: bool) -> str:
    """Check and tidy a base URL: https (http only for loopback), no trailing `/` or `/api`.

    The endpoint paths start with `/api/`, while Kizen's docs give the base URL as
    `https://app.go.kizen.com/api`; both spellings are accepted.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"invalid base URL {url!r}: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"base URL must be an http(s) URL with a host, got {url!r}")
    if parsed.scheme == "http" and not (allow_plain_http or _is_loopback(parsed.host)):
        raise ValueError(f"refusing plain http:// for {parsed.host}: the API key would travel "
                         "unencrypted; use https:// (http is allowed only for loopback)")
    path = parsed.path.rstrip("/")
    path = path.removesuffix("/api")
    return str(parsed.copy_with(path=path or "/", query=None, fragment=None)).rstrip("/")


def _check_credential(name: str, value: object) -> str:
    # header values must be visible ASCII; say which credential is wrong, never its value
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string")
    if not value.isascii() or not value.isprintable() or any(c.isspace() for c in value):
        raise ValueError(f"{name} contains spaces or characters that cannot go in an HTTP header")
    return value


def _unbind_stream(response: httpx.Response) -> None:
    """Drop httpx's wrapper around a body that has been read.

    `httpx.AsyncClient` wraps each response's stream in one that points back at the response:
    a reference cycle that kept every response (its body included, a whole page of records)
    alive until the next full garbage collection, which the app runs only when the user rests
    (`ui/gc_rest.py`). The wrapper is only needed while the body is being read.
    """
    if response.is_stream_consumed:
        response.stream = httpx.ByteStream(response.content)


def _unchanged(value: Any) -> Any:
    return value


class BaseClient:
    """Authentication, transport, retries and error mapping shared by every endpoint."""

    def __init__(
        self,
        *,
        api_key: str,
        business_id: str,
        user_id: str,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts = Timeouts(),  # noqa: B008 - frozen dataclass, safe as default
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen dataclass, safe as default
        read_only: bool = False,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        random: Callable[[], float] | None = None,
    ) -> None:
        self._secret = _check_credential("api_key", api_key)
        escaped = json.dumps(api_key)[1:-1]
        self._secret_forms = {api_key.encode(), escaped.encode(),
                              escaped.replace("/", "\\/").encode()}
        self.business_id = _check_credential("business_id", business_id)
        """The X-BUSINESS-ID sent with every request."""
        self.user_id = _check_credential("user_id", user_id)
        """The X-USER-ID sent with every request."""
        self.base_url = normalise_base_url(base_url, allow_plain_http=transport is not None)
        """Scheme and host (no trailing slash, no /api)."""
        self.read_only = read_only
        """When true, every write raises ReadOnlyError before anything is sent."""
        self.retry = retry
        self.timeouts = timeouts
        self._sleep = sleep or asyncio.sleep
        self._random = random or _random.random
        self._recent: deque[RequestSummary] = deque(maxlen=RECENT_REQUESTS)
        self._in_flight = 0
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={
                "X-API-KEY": api_key,
                "X-BUSINESS-ID": business_id,
                "X-USER-ID": user_id,
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=timeouts.to_httpx(),
            transport=transport,
            follow_redirects=False,  # a redirect means a wrong base URL; never resend the key
        )

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(base_url={self.base_url!r}, "
                f"business_id={self.business_id!r}, user_id={self.user_id!r}, "
                f"api_key='***', read_only={self.read_only})")

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        """True once `aclose()` has run."""
        return self._http.is_closed

    @property
    def in_flight(self) -> int:
        """Calls in progress right now (each counted once, retries and backoff included)."""
        return self._in_flight

    @property
    def recent_requests(self) -> list[RequestSummary]:
        """Summaries of the last 50 calls, oldest first."""
        return list(self._recent)

    def _scrub(self, value: Any) -> Any:
        """`value` with every occurrence of the API key replaced by `***`."""
        if isinstance(value, str):
            return value.replace(self._secret, "***")
        if isinstance(value, list):
            return [self._scrub(v) for v in value]
        if isinstance(value, dict):
            return {self._scrub(k): self._scrub(v) for k, v in value.items()}
        return value

    def _body_scrubber(self, response: httpx.Response) -> Callable[[Any], Any]:
        """`_scrub` when the body echoes the key, else a no-op: walking a 1000-row page in
        Python costs more than parsing it, while a byte search is nearly free."""
        if any(form in response.content for form in self._secret_forms):
            return self._scrub
        return _unchanged

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int | None] | None = None,
        body: Any = NO_BODY,
        query_post: bool = False,
        sent_fields: list[dict[str, Any]] | None = None,
    ) -> httpx.Response:
        """Send one call (with retries) and return its 2xx response, or raise a KizenError.

        Args:
            method: the HTTP method.
            path: the URL-encoded path, starting with `/api/`.
            params: query parameters; None values are left out.
            body: the JSON body, or NO_BODY.
            query_post: a POST that only reads (search): repeatable and allowed read-only.
            sent_fields: the field writes in the body, to map positional errors back.
        """
        if self.read_only and method != "GET" and not query_post:
            raise ReadOnlyError(method, path)
        repeatable = method in ("GET", "PUT") or query_post
        request: dict[str, Any] = {"method": method, "url": path}
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if query:  # httpx re-parses the URL for any params given, even an empty dict
            request["params"] = query
        if body is not NO_BODY:
            request["json"] = body
        trace = _Trace(method, path)
        self._in_flight += 1
        try:
            response = await self._with_retries(trace, request, repeatable)
        except httpx.RequestError as exc:
            trace.error = type(exc).__name__
            host = httpx.URL(self.base_url).host
            raise error_from_transport(exc, method, path, host, self._scrub) from exc
        except BaseException as exc:  # cancellation included: still log the call
            trace.error = type(exc).__name__
            raise
        finally:
            self._in_flight -= 1
            self._log_call(trace)
        _unbind_stream(response)
        if not response.is_success:
            raise error_from_response(response, method, path, scrub=self._scrub,
                                      sent_fields=sent_fields)
        return response

    async def _json(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, Any]:
        """`_send`, then the decoded JSON body (UnexpectedResponse when it is not JSON)."""
        response = await self._send(method, path, **kwargs)
        return response, decode_json(response, method, path, self._body_scrubber(response))

    async def _with_retries(
        self, trace: _Trace, request: dict[str, Any], repeatable: bool
    ) -> httpx.Response:
        while True:
            trace.attempts += 1
            last = trace.attempts >= self.retry.max_attempts
            try:
                response = await self._http.request(**request)
            except httpx.RequestError as exc:
                trace.status = trace.request_id = None
                if last or not self.retry.retries_error(exc, repeatable=repeatable):
                    raise
                await self._pause(trace, type(exc).__name__, None)
                continue
            trace.status = response.status_code
            trace.request_id = response.headers.get("x-request-id")
            if last or not self.retry.retries_status(response.status_code, repeatable=repeatable):
                return response
            await response.aclose()
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            await self._pause(trace, str(response.status_code), retry_after)

    async def _pause(self, trace: _Trace, why: str, retry_after: float | None) -> None:
        delay = self.retry.delay(trace.attempts, retry_after, self._random)
        logger.debug("%s %s -> %s, retrying in %.2f s (attempt %d of %d)", trace.method,
                     self._scrub(trace.path), why, delay, trace.attempts, self.retry.max_attempts)
        await self._sleep(delay)

    def _log_call(self, trace: _Trace) -> None:
        summary = RequestSummary(
            method=trace.method, path=self._scrub(trace.path), status=trace.status,
            request_id=trace.request_id, duration_ms=(perf_counter() - trace.started) * 1000,
            attempts=trace.attempts, error=trace.error,
        )
        self._recent.append(summary)
        logger.debug("%s %s -> %s in %.0f ms, %d attempt(s), request id %s", summary.method,
                     summary.path, summary.status or summary.error, summary.duration_ms,
                     summary.attempts, summary.request_id)
