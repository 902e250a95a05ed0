"""Injected faults through the real client: retries, Retry-After, drops, bad bodies, timeouts.

Faults are armed on the sandbox app (`sandbox.state.faults`); the loopback server forwards to
it, so over loopback they break a real socket. Nothing really sleeps: the clients' backoff sleep
is a fake that records its delays (`sleeps`).
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from kizen_tui.api import (
    ConnectionFailed,
    KizenClient,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
    Timeouts,
    UnexpectedResponse,
)
from kizen_tui.sandbox import seed
from kizen_tui.sandbox.faults import FaultInjector
from tests.integration.conftest import MakeClient

RECORD = f"/api/records/companies/{seed.ACME_RECORD_ID}"
SEARCH = "/api/records/companies/search"
WRITE = [{"name": "employee_count", "value": 42}]


def faults(app: Starlette) -> FaultInjector:
    """The fault injector of a sandbox app."""
    injector: FaultInjector = app.state.faults
    return injector


async def test_503_then_success_on_get_is_retried(sandbox: Starlette, loopback_api: KizenClient,
                                                  sleeps: list[float]) -> None:
    faults(sandbox).add("status", status=503, method="GET", path=RECORD, times=1)
    record = await loopback_api.get_record("companies", seed.ACME_RECORD_ID)
    assert record.name == seed.ACME_NAME
    call = loopback_api.recent_requests[-1]
    assert (call.method, call.status, call.attempts, call.error) == ("GET", 200, 2, None)
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= RetryPolicy().base_delay
    assert loopback_api.in_flight == 0


async def test_429_waits_as_long_as_retry_after_says(sandbox: Starlette,
                                                     loopback_api: KizenClient,
                                                     sleeps: list[float]) -> None:
    faults(sandbox).add("rate_limit", retry_after=7, path=SEARCH, times=2)
    page = await loopback_api.search_records("companies", page_size=3)
    assert len(page.results) == 3
    assert sleeps == [7.0, 7.0] and loopback_api.recent_requests[-1].attempts == 3


async def test_429_that_never_ends_is_rate_limited(sandbox: Starlette, loopback_api: KizenClient,
                                                   sleeps: list[float]) -> None:
    faults(sandbox).add("rate_limit", retry_after=2, path=SEARCH)
    with pytest.raises(RateLimited) as caught:
        await loopback_api.search_records("companies")
    assert caught.value.retry_after == 2 and caught.value.status == 429
    assert "throttled" in str(caught.value) and "(request id " in str(caught.value)
    assert sleeps == [2.0, 2.0] and loopback_api.recent_requests[-1].attempts == 3


async def test_patch_is_not_retried_on_503(sandbox: Starlette, loopback_api: KizenClient,
                                           sleeps: list[float]) -> None:
    faults(sandbox).add("status", status=503, method="PATCH", times=1)
    with pytest.raises(ServerError) as caught:
        await loopback_api.update_record("companies", seed.ACME_RECORD_ID, WRITE)
    assert caught.value.status == 503 and "Injected fault" in str(caught.value)
    assert loopback_api.recent_requests[-1].attempts == 1 and sleeps == []
    unchanged = await loopback_api.get_record("companies", seed.ACME_RECORD_ID)
    assert unchanged.value("employee_count") == 500
    done = await loopback_api.update_record("companies", seed.ACME_RECORD_ID, WRITE)
    assert done.value("employee_count") == 42


@pytest.mark.parametrize("kind", ["asgi", "loopback"])
async def test_dropped_connection_is_connection_failed(sandbox: Starlette,
                                                       make_client: MakeClient,
                                                       kind: str) -> None:
    client = make_client(kind)
    faults(sandbox).add("drop", method="PATCH", times=1)
    with pytest.raises(ConnectionFailed) as caught:
        await client.update_record("companies", seed.ACME_RECORD_ID, WRITE)
    assert not isinstance(caught.value, RequestTimeout)
    assert "broke during PATCH" in str(caught.value)
    assert client.recent_requests[-1].attempts == 1  # a write the server may have seen
    assert client.recent_requests[-1].error == "RemoteProtocolError"
    faults(sandbox).add("drop", method="GET")
    with pytest.raises(ConnectionFailed):
        await client.get_record("companies", seed.ACME_RECORD_ID)
    assert client.recent_requests[-1].attempts == 3  # reads are retried, then give up
    faults(sandbox).clear()
    faults(sandbox).add("drop_mid_body", path=SEARCH, times=1)
    assert (await client.search_records("companies", page_size=2)).results
    assert client.recent_requests[-1].attempts == 2


async def test_truncated_json_is_unexpected_response(sandbox: Starlette,
                                                     loopback_api: KizenClient) -> None:
    faults(sandbox).add("truncated", method="GET", path=RECORD)
    with pytest.raises(UnexpectedResponse) as caught:
        await loopback_api.get_record("companies", seed.ACME_RECORD_ID)
    text = str(caught.value)
    assert text.startswith("200 OK from GET /api/records/companies/")
    assert "invalid or cut off" in text and caught.value.request_id
    assert loopback_api.recent_requests[-1].attempts == 1  # a 2xx is not retried


async def test_html_bodies_are_readable(sandbox: Starlette, loopback_api: KizenClient,
                                        sleeps: list[float]) -> None:
    faults(sandbox).add("html", status=502, path=SEARCH)
    with pytest.raises(ServerError) as gateway:
        await loopback_api.search_records("companies")
    assert "HTML page" in str(gateway.value) and "<html" not in str(gateway.value)
    assert gateway.value.body is None and len(sleeps) == 2
    faults(sandbox).clear()
    faults(sandbox).add("html", status=200, path=RECORD)
    with pytest.raises(UnexpectedResponse, match="expected JSON; the server answered with an "
                                                 "HTML page"):
        await loopback_api.get_record("companies", seed.ACME_RECORD_ID)


async def test_latency_beyond_the_read_timeout(sandbox: Starlette,
                                               make_client: MakeClient) -> None:
    # Margins are wide (0.25 s timeout, 1 s delays) so a loaded machine cannot flip the result.
    client = make_client("loopback", timeouts=Timeouts(read=0.25),
                         retry=RetryPolicy.disabled())
    faults(sandbox).add("latency", latency=1.0, path=RECORD, times=1)
    with pytest.raises(RequestTimeout) as caught:
        await client.get_record("companies", seed.ACME_RECORD_ID)
    assert "timed out waiting for the response" in str(caught.value)
    assert client.recent_requests[-1].error == "ReadTimeout"
    faults(sandbox).add("slow_body", chunk_delay=1.0, path=SEARCH, times=1)
    with pytest.raises(RequestTimeout):
        await client.search_records("companies")
    patient = make_client("loopback")
    assert (await patient.get_record("companies", seed.ACME_RECORD_ID)).name == seed.ACME_NAME


async def test_a_read_timeout_is_retried_for_reads(sandbox: Starlette, make_client: MakeClient,
                                                   sleeps: list[float]) -> None:
    client = make_client("loopback", timeouts=Timeouts(read=0.25))
    faults(sandbox).add("latency", latency=1.0, path=SEARCH, times=1)
    assert (await client.search_records("companies", page_size=1)).results
    assert client.recent_requests[-1].attempts == 2 and len(sleeps) == 1
