"""ThreadedASGITransport: the demo's sandbox answers as in-process, but off the caller's loop."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from kizen_tui.api import KizenClient, KizenError
from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app
from kizen_tui.session import demo_connection
from kizen_tui.threaded_asgi import ThreadedASGITransport


def client_on(transport: httpx.AsyncBaseTransport) -> KizenClient:
    creds = DEMO_CREDENTIALS

    async def no_sleep(_: float) -> None:
        return None

    return KizenClient(api_key=creds.api_key, business_id=creds.business_id,
                       user_id=creds.user_id, base_url=creds.base_url, transport=transport,
                       sleep=no_sleep)


async def test_answers_match_the_in_process_transport() -> None:
    sandbox = create_app(records=30, seed=3)
    sandbox.state.faults.add("drop", method="GET", path="/api/custom-objects/deals")
    async with client_on(httpx.ASGITransport(app=sandbox)) as plain, \
            client_on(ThreadedASGITransport(sandbox)) as threaded:
        first = await plain.search_records("companies", ordering="name", page=2, page_size=7)
        second = await threaded.search_records("companies", ordering="name", page=2,
                                               page_size=7)
        assert second == first and len(second.results) == 7
        errors = []
        for client in (plain, threaded):  # a dropped connection surfaces the same way
            with pytest.raises(KizenError) as caught:
                await client.get_object("deals")
            errors.append((type(caught.value), str(caught.value)))
        assert errors[0] == errors[1]


class Probe:
    """A tiny ASGI app that reports its thread and waits for the caller's signal."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.release = threading.Event()
        self.cancelled = asyncio.Event()

    def app(self) -> Starlette:
        async def wait(request: Request) -> PlainTextResponse:
            self.threads.append(threading.get_ident())
            # Blocks the thread that serves the request until the caller's loop says so: on
            # the caller's own loop this could never be released (the guard answers 504).
            released = self.release.wait(timeout=10)
            return PlainTextResponse("released" if released else "stuck",
                                     status_code=200 if released else 504)

        async def slow(request: Request) -> JSONResponse:
            self.threads.append(threading.get_ident())
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                self.cancelled.set()
                raise
            return JSONResponse({})

        return Starlette(routes=[Route("/wait", wait), Route("/slow", slow)])


async def test_the_callers_loop_keeps_running_while_the_app_works() -> None:
    probe = Probe()
    transport = ThreadedASGITransport(probe.app())
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        request = asyncio.create_task(client.get("/wait"))
        while not probe.threads:
            await asyncio.sleep(0.001)
        probe.release.set()  # only possible because this loop is not the one serving
        response = await request
        assert (response.status_code, response.text) == (200, "released")
        assert probe.threads == [transport._thread.ident if transport._thread else -1]
        assert probe.threads[0] != threading.get_ident()
    assert transport._thread is None, "closing the client stops the app's thread"


async def test_cancelling_the_caller_cancels_the_request() -> None:
    probe = Probe()
    transport = ThreadedASGITransport(probe.app())
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        request = asyncio.create_task(client.get("/slow"))
        while not probe.threads:
            await asyncio.sleep(0.001)
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        served_on = transport._server_loop()
        done = asyncio.run_coroutine_threadsafe(asyncio.wait_for(probe.cancelled.wait(), 5),
                                                served_on)
        await asyncio.wrap_future(done)


async def test_the_demo_is_served_on_its_own_thread() -> None:
    connection = demo_connection(records=20)
    async with connection.client as client:
        page = await client.search_records("companies", page_size=5)
        assert len(page.results) == 5
        transport = client._http._transport
        assert isinstance(transport, ThreadedASGITransport)
        assert transport._thread is not None and transport._thread.is_alive()


def test_unused_transport_starts_no_thread() -> None:
    transport = ThreadedASGITransport(Probe().app())
    assert transport._thread is None
    asyncio.run(transport.aclose())  # closing before any request is harmless


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Any:
    before = {t.ident for t in threading.enumerate()}
    yield
    leaked = [t for t in threading.enumerate()
              if t.ident not in before and t.name == "kizen-sandbox" and t.is_alive()]
    assert not leaked, "the app's thread outlived its client"


async def test_a_read_response_is_freed_without_the_cycle_collector() -> None:
    """httpx makes every response a reference cycle; this transport's are not."""
    sandbox = create_app(records=10)
    refs = []
    gc.disable()
    try:
        for transport in (httpx.ASGITransport(app=sandbox), ThreadedASGITransport(sandbox)):
            async with httpx.AsyncClient(transport=transport, base_url="http://sandbox",
                                         headers=DEMO_CREDENTIALS.headers()) as client:
                response = await client.get("/api/custom-objects/companies")
                assert response.status_code == 200 and response.json()
                refs.append(weakref.ref(response))
                del response
    finally:
        gc.enable()
    assert refs[0]() is not None, "control: httpx's own cycle keeps the response alive"
    assert refs[1]() is None, "freed as soon as it was dropped"
