"""An httpx transport that serves an in-process ASGI app (the demo's sandbox) on its own thread.

`httpx.ASGITransport` runs the app inside the caller's task: with `--demo`, every SQL query of
the sandbox and the JSON encoding of its answers ran on the UI's event loop, in one piece per
request, 20-50 ms per page of 100 records on a shared 2-CPU machine, so a held key waited for
them (benchmarks: scroll). This transport runs the app on a dedicated thread with its own event
loop. SQLite releases the GIL while it searches, and the interpreter hands the GIL back to the UI
thread every switch interval (5 ms), so the UI keeps reacting while a page is being served.

The sandbox's store is built for this: one connection opened with `check_same_thread=False`
behind a lock (uvicorn serves it from a thread in the loopback tests).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

import httpx


class ThreadedASGITransport(httpx.AsyncBaseTransport):
    """`httpx.ASGITransport` on a background thread: same requests, same answers and errors."""

    def __init__(self, app: Any, *, name: str = "kizen-sandbox") -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _server_loop(self) -> asyncio.AbstractEventLoop:
        """The app's event loop, started with the first request."""
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name=self._name, daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve `request` on the app's thread; the body arrives complete, as in-process.

        Cancelling the caller (a newer page asked for) cancels the request on the app's loop.
        """
        future = asyncio.run_coroutine_threadsafe(self._serve(request), self._server_loop())
        status, headers, body = await asyncio.wrap_future(future)
        stream = _Body(body)
        response = httpx.Response(status, headers=headers, stream=stream)
        stream.response = response
        return response

    async def _serve(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers.raw, body

    async def aclose(self) -> None:
        """Stop the app's thread (a new request would start it again)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_cancel_all(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join)
        loop.close()


class _Body(httpx.AsyncByteStream):
    """A complete body that, once read, unhooks httpx's wrapper from its response.

    `httpx.AsyncClient` wraps the stream of every response in one that points back at the
    response: a reference cycle that kept each page's body (and everything else of the response)
    alive until a full garbage collection. The wrapper is only needed until the body is read.
    """

    def __init__(self, body: bytes) -> None:
        self._body = body
        self.response: httpx.Response | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._body

    async def aclose(self) -> None:
        """Called through the wrapper when the body has been read: drop the wrapper."""
        response, self.response = self.response, None
        if response is not None:
            response.stream = self


async def _cancel_all() -> None:
    """Cancel the requests still being served (on the app's loop, before it stops)."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
