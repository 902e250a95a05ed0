"""The request log, the in-flight counter, secrecy of the API key, and the import rule."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap

import httpx
import pytest

from kizen_tui.api import KizenError, RetryPolicy
from kizen_tui.api.base import RECENT_REQUESTS
from tests.api.conftest import API_KEY, RECORD_ID, FakeServer, page_json, record_json


async def test_recent_requests_summarise_each_call(make_client):
    server = FakeServer(
        httpx.Response(503, headers={"X-Request-ID": "r-1"}),
        httpx.Response(200, json=page_json([]), headers={"X-Request-ID": "r-2"}),
        httpx.Response(404, json={"detail": "gone"}, headers={"X-Request-ID": "r-3"}),
        httpx.ConnectError("down"),
    )
    client = make_client(server, retry=RetryPolicy(max_attempts=2))
    await client.search_records("deals", search="secret words")
    with pytest.raises(KizenError):
        await client.get_record("deals", RECORD_ID)
    with pytest.raises(KizenError):
        await client.list_objects()

    first, second, third = client.recent_requests
    assert (first.method, first.path, first.status, first.request_id, first.attempts) == (
        "POST", "/api/records/deals/search", 200, "r-2", 2)
    assert (second.status, second.request_id, second.attempts) == (404, "r-3", 1)
    assert (third.status, third.error, third.attempts) == (None, "ConnectError", 2)
    assert all(s.duration_ms >= 0 for s in client.recent_requests)


async def test_recent_requests_are_bounded(make_client):
    client = make_client(FakeServer(httpx.Response(200, json=record_json())))
    for _ in range(RECENT_REQUESTS + 5):
        await client.get_record("deals", RECORD_ID)
    assert len(client.recent_requests) == RECENT_REQUESTS == 50


async def test_in_flight_counts_concurrent_calls(make_client):
    release = asyncio.Event()
    seen: list[int] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return httpx.Response(200, json=record_json())

    client = make_client(FakeServer())
    client._http._transport = httpx.MockTransport(slow)  # an async handler this time
    tasks = [asyncio.create_task(client.get_record("deals", RECORD_ID)) for _ in range(3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    seen.append(client.in_flight)
    release.set()
    await asyncio.gather(*tasks)
    assert seen == [3] and client.in_flight == 0


async def test_cancelled_calls_are_logged_and_leave_the_counter(make_client):
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError

    client = make_client(FakeServer())
    client._http._transport = httpx.MockTransport(never)
    task = asyncio.create_task(client.search_records("deals"))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client.in_flight == 0
    assert client.recent_requests[-1].error == "CancelledError"


async def test_debug_log_lines_name_the_call_but_no_secrets(make_client, caplog):
    caplog.set_level(logging.DEBUG, logger="kizen_tui.api")
    server = FakeServer(httpx.Response(502), httpx.Response(200, json=page_json([]),
                                                            headers={"X-Request-ID": "r-9"}))
    await make_client(server).search_records("deals", search="find me")
    lines = [r.getMessage() for r in caplog.records if r.name == "kizen_tui.api"]
    assert any("POST /api/records/deals/search -> 502, retrying in" in x for x in lines)
    assert any("POST /api/records/deals/search -> 200 in" in x and "r-9" in x for x in lines)
    assert not any(API_KEY in x or "find me" in x or "X-API-KEY" in x for x in lines)


LEAKS = {
    "detail": httpx.Response(401, json={"detail": f"Invalid key {API_KEY}", "code": API_KEY}),
    "fields": httpx.Response(400, json={"fields": [{"value": [f"bad {API_KEY}"]}]}),
    "html": httpx.Response(404, text=f"<html>{API_KEY}</html>"),
    "text-200": httpx.Response(200, text=f"key={API_KEY}"),
    "transport": httpx.ConnectError(f"failed with {API_KEY}"),
    "shape": httpx.Response(200, json={"id": 1, API_KEY: API_KEY}),
}


@pytest.mark.parametrize("reply", LEAKS.values(), ids=LEAKS.keys())
async def test_the_api_key_never_appears_in_errors_or_logs(make_client, caplog, reply):
    caplog.set_level(logging.DEBUG)
    server = FakeServer(reply)
    client = make_client(server, retry=RetryPolicy.disabled())
    with pytest.raises(KizenError) as info:
        await client.update_record("deals", RECORD_ID, [{"name": "name", "value": "x"}])
    err = info.value
    texts = [str(err), repr(err), repr(err.args), repr(vars(err)), repr(client), caplog.text]
    assert server.requests[0].headers["X-API-KEY"] == API_KEY  # it was sent
    for text in texts:
        assert API_KEY not in text


async def test_a_key_echoed_in_a_successful_body_is_masked(make_client):
    body = record_json()
    body["fields"]["f"] = {"id": "f", "name": "notes", "value": f"key is {API_KEY}!"}
    server = FakeServer(httpx.Response(200, json=body))
    record = await make_client(server).get_record("deals", RECORD_ID)
    assert record.value("notes") == "key is ***!"
    assert record.value("name") == "Acme [VIP]"


def test_repr_masks_the_key(make_client):
    client = make_client(FakeServer())
    assert "api_key='***'" in repr(client) and API_KEY not in repr(client)


def test_importing_the_api_does_not_import_the_ui():
    # httpx's own __init__ imports its optional CLI (click, pygments, rich) when those are
    # installed, as they are here through textual; take the CLI out of the picture so the test
    # sees only what kizen_tui.api itself imports.
    code = textwrap.dedent("""
        import sys
        sys.modules["httpx._main"] = None
        import kizen_tui.api as api
        api.KizenClient, api.ValidationFailed, api.Record
        import kizen_tui.api.client, kizen_tui.api.objects
        bad = sorted(m for m in sys.modules
                     if m.split(".")[0] in ("textual", "rich")
                     or (m.startswith("kizen_tui.") and not m.startswith("kizen_tui.api")
                         and m != "kizen_tui.lazy"))  # stdlib-only, shared with config
        print(",".join(bad))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == ""


def test_importing_the_models_does_not_import_httpx():
    # the domain layer imports kizen_tui.api.models and must not pull httpx in with it
    code = ("import sys, kizen_tui.api.models, kizen_tui.api.errors; "
            "print('httpx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "False"
