"""Fault injection in-process and over a real loopback socket."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.faults import FaultInjector
from kizen_tui.sandbox.testing import running_sandbox
from tests.sandbox.conftest import client_for

SEARCH = "/api/records/companies/search"


@pytest.fixture
async def fclient(fresh_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(fresh_app) as c:
        yield c


def faults(app: Starlette) -> FaultInjector:
    injector: FaultInjector = app.state.faults
    return injector


@pytest.mark.parametrize("status", [500, 502, 503, 504, 409])
async def test_status_faults_for_a_count(fresh_app: Starlette, fclient: httpx.AsyncClient,
                                         status: int) -> None:
    faults(fresh_app).add("status", status=status, method="POST", path="/api/records/*/search",
                          times=2)
    for _ in range(2):
        response = await fclient.post(SEARCH, json={})
        assert response.status_code == status and response.headers["x-request-id"]
        assert response.json()["detail"]
    assert (await fclient.post(SEARCH, json={})).status_code == 200
    assert faults(fresh_app).list() == []


async def test_faults_match_method_and_path(fresh_app: Starlette,
                                            fclient: httpx.AsyncClient) -> None:
    faults(fresh_app).add("status", status=503, method="GET", path="/api/custom-objects")
    assert (await fclient.post(SEARCH, json={})).status_code == 200
    assert (await fclient.get("/api/custom-objects/companies")).status_code == 200
    assert (await fclient.get("/api/custom-objects")).status_code == 503
    assert (await fclient.get("/api/custom-objects")).status_code == 503  # permanent
    faults(fresh_app).clear()
    assert (await fclient.get("/api/custom-objects")).status_code == 200


async def test_rate_limit_with_and_without_retry_after(fresh_app: Starlette,
                                                       fclient: httpx.AsyncClient) -> None:
    faults(fresh_app).add("rate_limit", retry_after=3, times=1)
    faults(fresh_app).add("rate_limit", times=1)
    first = await fclient.post(SEARCH, json={})
    assert first.status_code == 429 and first.headers["retry-after"] == "3"
    second = await fclient.post(SEARCH, json={})
    assert second.status_code == 429 and "retry-after" not in second.headers


async def test_html_and_truncated_bodies(fresh_app: Starlette, fclient: httpx.AsyncClient) -> None:
    faults(fresh_app).add("html", times=1)
    page = await fclient.post(SEARCH, json={})
    assert page.status_code == 502 and page.headers["content-type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        page.json()
    faults(fresh_app).add("truncated", times=1)
    cut = await fclient.post(SEARCH, params={"page_size": 5}, json={})
    assert cut.status_code == 200 and int(cut.headers["content-length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        cut.json()


async def test_latency_and_slow_body_still_answer(fresh_app: Starlette,
                                                  fclient: httpx.AsyncClient) -> None:
    faults(fresh_app).add("latency", latency=0.05, times=1)
    faults(fresh_app).add("slow_body", chunk_delay=0.01, times=1)
    started = time.monotonic()
    assert (await fclient.post(SEARCH, json={})).status_code == 200
    assert time.monotonic() - started >= 0.05
    slow = await fclient.post(SEARCH, params={"page_size": 3}, json={})
    assert slow.status_code == 200 and len(slow.json()["results"]) == 3


@pytest.mark.parametrize("kind", ["drop", "drop_mid_body"])
async def test_dropped_connection_in_process(fresh_app: Starlette, fclient: httpx.AsyncClient,
                                             kind: str) -> None:
    faults(fresh_app).add(kind, times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        await fclient.post(SEARCH, json={})
    assert (await fclient.post(SEARCH, json={})).status_code == 200


def test_bad_fault_definitions_are_refused() -> None:
    injector = FaultInjector()
    with pytest.raises(ValueError):
        injector.add("explode")
    with pytest.raises(ValueError):
        injector.add("status", times=0)


# A closed TCP connection reaches httpx as a clean EOF (RemoteProtocolError) or, when the
# kernel still holds unread request bytes at close, as a reset (ReadError): both are "dropped".
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


def test_faults_over_a_real_socket_armed_through_http() -> None:
    headers = DEMO_CREDENTIALS.headers()
    with running_sandbox(records=150) as sandbox, httpx.Client(base_url=sandbox.base_url,
                                                               headers=headers) as c:
        assert c.post(SEARCH, json={}).status_code == 200
        armed = c.post("/__sandbox__/faults", json={"kind": "drop", "path": SEARCH, "times": 1})
        assert armed.status_code == 201 and armed.json()["kind"] == "drop"
        with pytest.raises(DROPPED):
            c.post(SEARCH, json={})
        c.post("/__sandbox__/faults", json={"kind": "drop_mid_body", "times": 1})
        with pytest.raises(DROPPED):
            c.post(SEARCH, json={})
        c.post("/__sandbox__/faults", json={"kind": "status", "status": 503})
        assert [f["kind"] for f in c.get("/__sandbox__/faults").json()] == ["status"]
        assert c.post(SEARCH, json={}).status_code == 503
        assert c.delete("/__sandbox__/faults").status_code == 204
        assert c.post(SEARCH, json={}).status_code == 200
        bad = c.post("/__sandbox__/faults", json={"kind": "explode"})
        assert bad.status_code == 400
