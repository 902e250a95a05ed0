"""The loopback sandbox itself: fast enough that socket tests cost what in-process ones do."""

from __future__ import annotations

import time

import httpx

from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.testing import running_sandbox

REQUESTS = 25


def test_running_sandbox_answers_without_nagle_delays() -> None:
    # With Nagle's algorithm on the server socket, every response waited ~40 ms for the client's
    # delayed ACK (25 requests >= 1 s); without it they take a few milliseconds in all.
    with running_sandbox(records=20) as url, httpx.Client(
            base_url=url, headers=DEMO_CREDENTIALS.headers()) as client:
        assert client.get("/__sandbox__/health").status_code == 200  # connect first
        started = time.perf_counter()
        for _ in range(REQUESTS):
            assert client.get("/api/custom-objects/companies").status_code == 200
        elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"{REQUESTS} loopback requests took {elapsed:.2f} s"
