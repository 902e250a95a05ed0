"""Helpers for pytest fixtures: the sandbox served on a free loopback port in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette

from kizen_tui.sandbox.app import create_app


@dataclass
class RunningSandbox:
    """A sandbox served over a real socket."""

    base_url: str
    app: Starlette

    def __iter__(self) -> Iterator[Any]:
        """Unpack as `url, app = ...`."""
        return iter((self.base_url, self.app))


@contextmanager
def running_sandbox(*, startup_timeout: float = 10.0,
                    **create_app_kwargs: Any) -> Iterator[RunningSandbox]:
    """Serve a fresh sandbox on 127.0.0.1 (a free port) in a background thread.

    Yields a `RunningSandbox` (`.base_url`, `.app`; also unpacks as `url, app`). The server is
    shut down and its thread joined on exit.
    """
    import uvicorn

    app = create_app(**create_app_kwargs)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
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
