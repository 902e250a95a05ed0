"""Load: bursts on the client and the UI, and the sandbox under 50 concurrent clients.

(Typing fast in search and holding page-down through 100,000 records are measured by
`benchmarks/`; these tests check correctness under load: bounded work in flight, no stale
result shown, bounded memory, no lost writes.)
"""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from typing import Any

import httpx
from textual import events

from kizen_tui.api import KizenClient, RetryPolicy
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.sandbox.testing import RunningSandbox
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.reliability.conftest import PAGE_SIZE, app_for, settle, wait_until

CLIENTS = 50
ADDS_PER_CLIENT = 3


class CountingTransport(httpx.AsyncBaseTransport):
    """A real HTTP transport that counts requests on the wire at once (and the client's view)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.active = 0
        self.peak = 0
        self.total = 0
        self.client: KizenClient | None = None
        self.peak_in_flight = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.active += 1
        self.total += 1
        self.peak = max(self.peak, self.active)
        if self.client is not None:
            self.peak_in_flight = max(self.peak_in_flight, self.client.in_flight)
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.active -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


def counting_client(base_url: str) -> tuple[KizenClient, CountingTransport]:
    transport = CountingTransport()
    client = KizenClient(api_key=DEMO_CREDENTIALS.api_key,
                         business_id=DEMO_CREDENTIALS.business_id,
                         user_id=DEMO_CREDENTIALS.user_id, base_url=base_url,
                         transport=transport, retry=RetryPolicy(max_attempts=2))
    transport.client = client
    return client, transport


async def test_twenty_concurrent_detail_loads(loopback_sandbox: RunningSandbox) -> None:
    """20 records fetched at once: each answer is its own record, work in flight is bounded."""
    client, wire = counting_client(loopback_sandbox.base_url)
    async with client:
        page = await client.search_records("companies", page_size=20)
        ids = [r.id for r in page.results]
        assert len(ids) == 20
        # Slow answers, so the 20 calls really overlap.
        loopback_sandbox.app.state.faults.add("latency", method="GET", latency=0.2,
                                              path="/api/records/companies/*")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        started = time.perf_counter()
        records = await asyncio.gather(*(client.get_record("companies", i) for i in ids))
        elapsed = time.perf_counter() - started
        gc.collect()
        growth = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before,
                                                                                "filename"))
        tracemalloc.stop()
    assert [r.id for r in records] == ids, "every answer matches its request"
    assert wire.peak <= 20 and wire.peak_in_flight <= 20
    assert wire.peak >= 10, "the loads ran concurrently, not one after another"
    assert elapsed < 20 * 0.2, "concurrent, so much faster than 20 sequential slow calls"
    assert client.in_flight == 0
    assert growth < 5_000_000, f"memory grew by {growth:,} bytes"
    print(f"\n20 concurrent detail loads: peak {wire.peak} on the wire, "
          f"{elapsed * 1000:.0f} ms, memory +{growth / 1e6:.2f} MB")


def key(app: Any, name: str) -> None:
    """Queue a key press without waiting for it (a key held down outruns the app)."""
    app.post_message(events.Key(name, None))


async def test_keys_held_down_never_show_a_stale_record(
        loopback_sandbox: RunningSandbox) -> None:
    """Hold down through several pages with the detail pane fetching hidden fields."""
    client, wire = counting_client(loopback_sandbox.base_url)
    loopback_sandbox.app.state.faults.add("latency", latency=0.05)  # answers lag behind keys
    app = app_for(client)
    rows_shown: list[Any] = []
    async with app.run_test(size=(120, 36), message_hook=lambda m: rows_shown.append(m) if
                            isinstance(m, BrowseScreen.RowsShown) else None) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("H")  # the pane fetches each highlighted record with hidden fields
        await settle(pilot)
        wire.peak = wire.peak_in_flight = 0
        growth = []
        for _burst in range(2):
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            for _ in range(3 * PAGE_SIZE + 7):
                key(app, "down")
            await wait_until(pilot, lambda: not app._message_queue.qsize(), limit=60)
            await wait_until(pilot, lambda: client.in_flight == 0, limit=60)
            await settle(pilot)
            gc.collect()
            growth.append(sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(
                before, "filename")))
            tracemalloc.stop()
        grid = screen.query_one(RecordGrid)
        current = grid.current_record
        assert current is not None
        assert screen.page == rows_shown[-1].page, "the grid shows the last page asked for"
        assert [r.id for r in grid.records][grid.cursor_row] == current.id
        title = str(screen.query_one("#detail-title").render())
        assert title.startswith(current.label[:20]), "the pane shows the highlighted record"
        hidden = screen.query_one("#detail-fields")
        assert any(row.field.is_hidden for row in hidden.rows_shown.values())
        assert wire.peak_in_flight <= 4, f"{wire.peak_in_flight} calls in flight at once"
        assert len(screen.pager._pages) <= screen.pager.max_pages
        assert len(grid.records) <= PAGE_SIZE and len(client.recent_requests) <= 50
        assert growth[1] < 6_000_000, f"the second burst grew memory by {growth[1]:,} bytes"
        print(f"\nkeys held down through {screen.page} pages: peak {wire.peak_in_flight} calls "
              f"in flight, {wire.total} requests, second burst memory {growth[1] / 1e6:+.2f} MB")


async def test_sandbox_under_fifty_concurrent_clients(loopback_sandbox: RunningSandbox,
                                                      loopback_client: KizenClient) -> None:
    """50 clients at once: reads, creates, edits of their own record and of a shared one."""
    projects = (await loopback_client.search_records("projects", page_size=CLIENTS)).results
    assert len(projects) == CLIENTS
    clients = [KizenClient(api_key=DEMO_CREDENTIALS.api_key,
                           business_id=DEMO_CREDENTIALS.business_id,
                           user_id=DEMO_CREDENTIALS.user_id, base_url=loopback_sandbox.base_url,
                           retry=RetryPolicy.disabled()) for _ in range(CLIENTS)]

    async def work(index: int, client: KizenClient) -> None:
        await client.search_records("companies", page_size=25)
        for j in range(ADDS_PER_CLIENT):
            await client.add_record("projects", [{"name": "name", "value": f"Load {index}-{j}"}])
        await client.update_record("projects", projects[index].id,
                                   [{"name": "budget", "value": 1000 + index}])
        await client.update_record("companies", seed.ACME_RECORD_ID,
                                   [{"name": "keywords", "add_values": [{"name": f"t{index}"}]}])
        await client.get_record("projects", projects[index].id)

    started = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(work(i, c) for i, c in enumerate(clients))),
                               timeout=60)
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    elapsed = time.perf_counter() - started
    created = await loopback_client.search_records("projects", search="Load ", page_size=500)
    names = {r.name for r in created.results}
    assert names == {f"Load {i}-{j}" for i in range(CLIENTS) for j in range(ADDS_PER_CLIENT)}
    for index, project in enumerate(projects):
        fresh = await loopback_client.get_record("projects", project.id)
        assert float(fresh.value("budget")) == 1000 + index, "no edit lost"
    acme = await loopback_client.get_record("companies", seed.ACME_RECORD_ID)
    tags = {t["name"] for t in acme.value("keywords")}
    assert {f"t{i}" for i in range(CLIENTS)} <= tags, "no concurrent add to one record lost"
    writes = CLIENTS * (ADDS_PER_CLIENT + 2)
    print(f"\n{CLIENTS} clients: {writes} writes and {CLIENTS * 2} reads in {elapsed:.2f} s, "
          "0 errors, 0 writes lost")
