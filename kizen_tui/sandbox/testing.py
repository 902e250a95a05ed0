"""Helpers for pytest fixtures: the sandbox served on a free loopback port in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette

from kizen_tui.sandbox.app import create_app


class RunningSandbox(str):
    """The base URL of a sandbox served over a real socket (a `str`), with its `app`."""

    app: Starlette

    def __new__(cls, base_url: str, app: Starlette) -> RunningSandbox:
        """Make the URL string and attach the app."""
        made = super().__new__(cls, base_url)
        made.app = app
        return made

    @property
    def base_url(self) -> str:
        """The URL as a plain string, e.g. `http://127.0.0.1:54321`."""
        return str(self)


@contextmanager
def running_sandbox(*, startup_timeout: float = 10.0,
                    **create_app_kwargs: Any) -> Iterator[RunningSandbox]:
    """Serve a fresh sandbox on 127.0.0.1 (a free port) in a background thread.

    Yields the base URL (a `str` subclass that also carries `.app`, the Starlette app, e.g. to
    arm faults with `url.app.state.faults`). The server is shut down and its thread joined on
    exit.
    """
    import uvicorn

    app = create_app(**create_app_kwargs)
    # proto IPPROTO_TCP, not 0: accepted sockets inherit it, and asyncio only turns Nagle off
    # (TCP_NODELAY) for sockets whose proto is TCP. With Nagle on, uvicorn's separate header and
    # body writes wait for the client's delayed ACK: about 40 ms per request on Linux.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="critical", http="h11", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"kizen-sandbox-{port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:  # uvicorn offers no start event; poll its flag
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.005)
        yield RunningSandbox(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
