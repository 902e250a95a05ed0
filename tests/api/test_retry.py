"""Retries on a fake clock: which requests are repeated, how long the client waits, and when it
gives up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from kizen_tui.api import (
    ConnectionFailed,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServerError,
)
from kizen_tui.api.retry import parse_retry_after
from tests.api.conftest import RECORD_ID, STAGE_ID, FakeServer, page_json, record_json

OK_RECORD = httpx.Response(200, json=record_json())
UNAVAILABLE = httpx.Response(503, json={"detail": "down"})


async def test_get_is_retried_with_jittered_exponential_backoff(make_client, clock):
    server = FakeServer(UNAVAILABLE, httpx.Response(502), OK_RECORD)
    client = make_client(server)  # random() is 0.5: half of 0.5 s, then half of 1 s
    record = await client.get_record("deals", RECORD_ID)
    assert record.id == RECORD_ID
    assert len(server.requests) == 3
    assert clock.delays == [0.25, 0.5]
    assert client.recent_requests[-1].attempts == 3
    assert client.recent_requests[-1].status == 200


async def test_attempts_are_capped_and_the_last_error_is_raised(make_client, clock):
    server = FakeServer(UNAVAILABLE)
    with pytest.raises(ServerError, match="503"):
        await make_client(server).get_record("deals", RECORD_ID)
    assert len(server.requests) == 4
    assert clock.delays == [0.25, 0.5, 1.0]


async def test_backoff_is_capped_at_max_delay(make_client, clock):
    policy = RetryPolicy(max_attempts=6, base_delay=1.0, max_delay=3.0, jitter=False)
    server = FakeServer(httpx.Response(504))
    with pytest.raises(ServerError):
        await make_client(server, retry=policy).list_objects()
    assert clock.delays == [1.0, 2.0, 3.0, 3.0, 3.0]


async def test_full_jitter_uses_the_injected_random(make_client, clock):
    server = FakeServer(UNAVAILABLE, OK_RECORD)
    await make_client(server, random=lambda: 0.1).get_record("deals", RECORD_ID)
    assert clock.delays == [pytest.approx(0.05)]


async def test_retry_after_seconds_is_honoured(make_client, clock):
    server = FakeServer(httpx.Response(429, headers={"Retry-After": "7"}), OK_RECORD)
    await make_client(server).get_record("deals", RECORD_ID)
    assert clock.delays == [7.0]


async def test_retry_after_http_date_is_honoured(make_client, clock):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server = FakeServer(httpx.Response(503, headers={"Retry-After": when}), OK_RECORD)
    await make_client(server).get_record("deals", RECORD_ID)
    assert 25 <= clock.delays[0] <= 30


async def test_retry_after_is_capped(make_client, clock):
    server = FakeServer(httpx.Response(429, headers={"Retry-After": "3600"}), OK_RECORD)
    await make_client(server).get_record("deals", RECORD_ID)
    assert clock.delays == [60.0]


async def test_rate_limit_that_persists_raises_with_retry_after(make_client, clock):
    server = FakeServer(httpx.Response(429, headers={"Retry-After": "2"}))
    with pytest.raises(RateLimited) as info:
        await make_client(server, retry=RetryPolicy(max_attempts=2)).list_objects()
    assert info.value.retry_after == 2.0
    assert clock.delays == [2.0] and len(server.requests) == 2


async def test_search_post_and_put_are_retried(make_client, clock):
    server = FakeServer(UNAVAILABLE, httpx.Response(200, json=page_json([])),
                        UNAVAILABLE, OK_RECORD)
    client = make_client(server)
    await client.search_records("deals")
    await client.replace_record("deals", RECORD_ID, [{"name": "name", "value": "x"}])
    assert [r.method for r in server.requests] == ["POST", "POST", "PUT", "PUT"]
    assert server.requests[0].content == server.requests[1].content


WRITES = {
    "add": lambda c: c.add_record("deals", [{"name": "name", "value": "x"}]),
    "patch": lambda c: c.update_record("deals", RECORD_ID, [{"name": "name", "value": "x"}]),
    "upsert": lambda c: c.upsert_record("deals", "x"),
    "delete": lambda c: c.archive_record("deals", RECORD_ID),
    "unarchive": lambda c: c.unarchive_record("deals", RECORD_ID),
    "move": lambda c: c.move_record("deals", RECORD_ID, STAGE_ID),
}


@pytest.mark.parametrize("call", WRITES.values(), ids=WRITES.keys())
@pytest.mark.parametrize("reply", [
    UNAVAILABLE, httpx.Response(429, headers={"Retry-After": "1"}),
    httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"),
], ids=["503", "429", "read-timeout", "dropped"])
async def test_writes_are_not_repeated_once_they_may_have_arrived(make_client, clock, call,
                                                                  reply):
    server = FakeServer(reply, OK_RECORD)
    with pytest.raises((ServerError, RateLimited, ConnectionFailed)):
        await call(make_client(server))
    assert len(server.requests) == 1
    assert clock.delays == []


@pytest.mark.parametrize("call", WRITES.values(), ids=WRITES.keys())
async def test_writes_are_retried_when_nothing_was_sent(make_client, clock, call):
    server = FakeServer(httpx.ConnectError("refused"), httpx.PoolTimeout("busy"),
                        httpx.Response(200, json=record_json()))
    await call(make_client(server))
    assert len(server.requests) == 3
    assert clock.delays == [0.25, 0.5]


async def test_read_timeouts_on_reads_are_retried(make_client, clock):
    server = FakeServer(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), OK_RECORD)
    await make_client(server).get_record("deals", RECORD_ID)
    assert len(server.requests) == 3


async def test_a_persistent_timeout_raises_request_timeout(make_client, clock):
    server = FakeServer(httpx.ReadTimeout("slow"))
    with pytest.raises(RequestTimeout):
        await make_client(server).search_records("deals")
    assert len(server.requests) == 4 and len(clock.delays) == 3


async def test_client_errors_are_never_retried(make_client, clock):
    server = FakeServer(httpx.Response(404, json={"detail": "nope"}), OK_RECORD)
    with pytest.raises(Exception, match="404"):
        await make_client(server).get_record("deals", RECORD_ID)
    assert len(server.requests) == 1 and clock.delays == []


async def test_disabled_policy_makes_one_attempt(make_client, clock):
    server = FakeServer(UNAVAILABLE, OK_RECORD)
    with pytest.raises(ServerError):
        await make_client(server, retry=RetryPolicy.disabled()).get_record("deals", RECORD_ID)
    assert len(server.requests) == 1


@pytest.mark.parametrize("kwargs", [{"max_attempts": 0}, {"base_delay": -1}])
def test_policy_rejects_nonsense(kwargs):
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)


NOW = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("header", "seconds"), [
    (None, None), ("", None), ("soon", None), ("nan", None), ("5", 5.0), ("1.5", 1.5),
    ("-3", 0.0), ("Wed, 01 Jan 2025 12:00:30 GMT", 30.0), ("Wed, 01 Jan 2025 11:00:00 GMT", 0.0),
])
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header, now=NOW) == seconds
