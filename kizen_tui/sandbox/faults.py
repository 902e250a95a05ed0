"""Fault injection: make chosen requests slow, fail, or break at the transport level.

Off unless asked for. Arm faults through `app.state.faults.add(...)` in-process, or over HTTP
with `POST /__sandbox__/faults` (JSON with the same keyword names), list them with `GET` and
remove all with `DELETE` on the same path. The control routes need no credentials and are
never themselves faulted.

Kinds (each may also carry `latency` seconds, slept before anything else):

| kind | effect |
|---|---|
| latency | only the delay, then the real response |
| status | a JSON error with `status` (default 500) |
| rate_limit | 429; `Retry-After: <retry_after>` when given |
| html | a non-JSON HTML page with `status` (default 502), like a proxy error page |
| truncated | the real response with its JSON body cut in half (Content-Length matches) |
| slow_body | the real response, its body sent in 4 chunks `chunk_delay` seconds apart |
| drop | the connection closes without any response |
| drop_mid_body | headers and half the body, then the connection closes |

A dropped connection over a real socket is a closed TCP connection. In-process (through
httpx.ASGITransport, which has no connection to close) it is raised as
`httpx.RemoteProtocolError`, looked up in `sys.modules` so the sandbox never imports httpx.
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import json
import sys
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = frozenset({"latency", "status", "rate_limit", "html", "truncated", "slow_body", "drop",
                   "drop_mid_body"})
CONTROL_PREFIX = "/__sandbox__"
_HTML = ("<html><head><title>{code} Bad Gateway</title></head><body><center><h1>{code} Bad "
         "Gateway</h1></center><hr><center>nginx</center></body></html>")
_ids = itertools.count(1)


@dataclass
class Fault:
    """One armed fault."""

    kind: str
    method: str = "*"
    path: str = "*"
    """A glob matched against the request path, e.g. `/api/records/*/search`."""
    status: int | None = None
    retry_after: float | None = None
    latency: float = 0.0
    times: int | None = None
    """How many requests it hits before disarming; None = until cleared."""
    chunk_delay: float = 0.2
    id: int = field(default_factory=lambda: next(_ids))
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether the fault applies to a request."""
        return (self.method in ("*", method.upper())) and fnmatch.fnmatchcase(path, self.path)


class FaultInjector:
    """The armed faults of one app (thread-safe)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, kind: str, **options: Any) -> Fault:
        """Arm a fault; see the module docstring for kinds and options."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(KINDS)}")
        fault = Fault(kind, **options)
        if fault.times is not None and fault.times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()

    def list(self) -> list[Fault]:
        """The armed faults."""
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault for a request, counting the hit (and disarming it when spent)."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None


def _disconnect_error(message: str) -> Exception:
    httpx = sys.modules.get("httpx")
    if httpx is not None:
        error: Exception = httpx.RemoteProtocolError(message)
        return error
    return ConnectionResetError(message)


async def drop_connection(scope: Scope, send: Send, message: str) -> None:
    """Close the client connection (uvicorn) or raise a disconnect error (in-process)."""
    raw = scope.get("sandbox.raw_send", send)
    cycle = getattr(raw, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise _disconnect_error(message)
    cycle.disconnected = True  # type: ignore[union-attr]  # keeps uvicorn from answering 500
    transport.close()


async def _send_json(send: Send, status: int, body: dict[str, Any],
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body).encode()
    await _send_raw(send, status, data, b"application/json", headers or [])


async def _send_raw(send: Send, status: int, data: bytes, ctype: bytes,
                    headers: list[tuple[bytes, bytes]]) -> None:
    all_headers = [(b"content-type", ctype), (b"content-length", str(len(data)).encode()),
                   *headers]
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": data})


class FaultMiddleware:
    """ASGI middleware applying the armed faults."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        fault = self.injector.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.latency:
            await asyncio.sleep(fault.latency)
        await self._apply(fault, scope, receive, send)

    async def _apply(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        kind = fault.kind
        if kind == "latency":
            await self.app(scope, receive, send)
        elif kind == "status":
            status = fault.status or 500
            await _send_json(send, status, {"detail": f"Injected fault: HTTP {status}.",
                                            "code": "error" if status != 409 else "conflict"})
        elif kind == "rate_limit":
            wait = fault.retry_after
            extra = [(b"retry-after", str(int(wait) if wait == int(wait) else wait).encode())] \
                if wait is not None else []
            detail = "Request was throttled." + (f" Expected available in {wait} seconds."
                                                 if wait is not None else "")
            await _send_json(send, 429, {"detail": detail, "code": "throttled"}, extra)
        elif kind == "html":
            code = fault.status or 502
            await _send_raw(send, code, _HTML.format(code=code).encode(), b"text/html", [])
        elif kind == "drop":
            await drop_connection(scope, send, "Server disconnected without sending a response.")
        else:
            await self._mangle(fault, scope, receive, send)

    async def _mangle(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, then deliver its response truncated, slowly or half and dropped."""
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        length = len(body) // 2 if fault.kind == "truncated" else len(body)
        headers.append((b"content-length", str(length).encode()))
        await send({**start, "headers": headers})
        if fault.kind == "truncated":
            await send({"type": "http.response.body", "body": body[:length]})
        elif fault.kind == "drop_mid_body":
            await send({"type": "http.response.body", "body": body[: len(body) // 2],
                        "more_body": True})
            await drop_connection(scope, send, "peer closed connection without sending "
                                               "complete message body (incomplete chunked read)")
        elif not body:
            await send({"type": "http.response.body", "body": b""})
        else:
            step = max(1, -(-len(body) // 4))
            for offset in range(0, len(body), step):
                more = offset + step < len(body)
                await send({"type": "http.response.body", "body": body[offset: offset + step],
                            "more_body": more})
                if more:
                    await asyncio.sleep(fault.chunk_delay)


def fault_json(fault: Fault) -> dict[str, Any]:
    """A fault as the control routes show it."""
    return asdict(fault)
