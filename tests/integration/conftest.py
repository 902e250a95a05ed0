"""Fixtures of the integration tests: the real `KizenClient` against the real sandbox.

- `sandbox`: a fresh, seeded sandbox app per test (writes never leak between tests); modules
  that only read override it with `module_sandbox`, one app per module.
- `api`: the client on that sandbox, once in-process (ASGI) and once over a loopback socket
  (param ids `asgi` / `loopback`). `asgi_api` / `loopback_api`: one transport only.
- `make_client(kind, **kwargs)`: more clients (other credentials, retry policy, timeouts).
- `sleeps`: the delays the clients' retry backoff asked for (the fake sleep records them).
- Every client talks through `CheckingTransport`, so every request and response body of every
  test is validated against the contract (`contract_check.py`); violations fail the test.

The loopback server is one uvicorn server for the whole session that forwards each request to
the current test's sandbox (`SwitchApp`), so each test still gets fresh data without paying
for a server start and stop.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Iterator
from functools import cache
from typing import Any, Protocol

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from kizen_tui.api import KizenClient, RetryPolicy
from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app
from tests.integration.contract_check import CheckingTransport, ContractChecker

#: Records per object: small keeps the suite fast (contacts always hold at least 140).
RECORDS = 60


class SwitchApp:
    """An ASGI app that forwards every request to `target` (the current test's sandbox)."""

    def __init__(self) -> None:
        self.target: Starlette | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Forward to the target; `send` is passed unchanged so faults can drop the socket."""
        assert self.target is not None, "no sandbox selected for the loopback server"
        await self.target(scope, receive, send)


class LoopbackServer:
    """A running uvicorn server on 127.0.0.1 and the switch it serves."""

    def __init__(self, url: str, switch: SwitchApp) -> None:
        self.url = url
        self.switch = switch


@cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[LoopbackServer]:
    """One uvicorn server (a free loopback port, background thread) for the whole session."""
    import uvicorn

    switch = SwitchApp()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(switch, log_level="critical", http="h11",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:  # uvicorn has no start event; poll its flag
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.005)
    try:
        yield LoopbackServer(f"http://127.0.0.1:{sock.getsockname()[1]}", switch)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def sandbox() -> Starlette:
    """A fresh seeded sandbox (modules that only read override it with `module_sandbox`)."""
    return create_app(records=RECORDS, seed=0)


@pytest.fixture(scope="module")
def module_sandbox() -> Starlette:
    """One seeded sandbox for a whole module whose tests only read."""
    return create_app(records=RECORDS, seed=0)


@pytest.fixture
def checker() -> Iterator[ContractChecker]:
    """The contract checker of this test; no violation may be left at the end."""
    found = ContractChecker()
    yield found
    assert found.failures == [], "contract violations:\n" + "\n".join(found.failures)


@pytest.fixture
def sleeps() -> list[float]:
    """Delays passed to the clients' sleep (nothing really sleeps)."""
    return []


class MakeClient(Protocol):
    """The `make_client` fixture's signature."""

    def __call__(self, kind: str = "asgi", **kwargs: Any) -> KizenClient: ...


@pytest.fixture
async def make_client(sandbox: Starlette, checker: ContractChecker, sleeps: list[float],
                      request: pytest.FixtureRequest) -> AsyncIterator[MakeClient]:
    """Build real clients on `sandbox` ("asgi" or "loopback"); all are closed at the end.

    Keyword arguments go to KizenClient and override the demo credentials and defaults
    (retries with a recording fake sleep).
    """
    made: list[KizenClient] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    def make(kind: str = "asgi", **kwargs: Any) -> KizenClient:
        if kind == "loopback":
            server: LoopbackServer = request.getfixturevalue("loopback_server")
            server.switch.target = sandbox
            # one shared TLS context: building one per transport costs ~80 ms (CA loading)
            inner: httpx.AsyncBaseTransport = httpx.AsyncHTTPTransport(verify=_tls_context())
            base_url = server.url
        else:
            inner, base_url = httpx.ASGITransport(app=sandbox), DEMO_CREDENTIALS.base_url
        options: dict[str, Any] = {
            "api_key": DEMO_CREDENTIALS.api_key, "business_id": DEMO_CREDENTIALS.business_id,
            "user_id": DEMO_CREDENTIALS.user_id, "base_url": base_url,
            "retry": RetryPolicy(max_attempts=3), "sleep": fake_sleep, **kwargs,
            "transport": CheckingTransport(inner, checker),
        }
        client = KizenClient(**options)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture(params=["asgi", "loopback"])
def api(request: pytest.FixtureRequest, make_client: MakeClient) -> KizenClient:
    """The real client on a fresh sandbox, in-process and over a loopback socket."""
    return make_client(request.param)


@pytest.fixture
def asgi_api(make_client: MakeClient) -> KizenClient:
    """The real client on a fresh sandbox, in-process only."""
    return make_client("asgi")


@pytest.fixture
def loopback_api(make_client: MakeClient) -> KizenClient:
    """The real client on a fresh sandbox over the loopback socket only."""
    return make_client("loopback")

