"""RecordPager: bounded page cache, prefetch, shared in-flight fetches, query generations."""

from __future__ import annotations

import asyncio

from kizen_tui.api.models import Page, Record
from kizen_tui.ui.pager import GridQuery, RecordPager


class FakeServer:
    """Serves pages of a 250-record object and records every fetch."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.gate: asyncio.Event | None = None

    async def fetch(self, query: GridQuery, page: int) -> Page[Record]:
        self.calls.append((query.search, page))
        if self.gate is not None:
            await self.gate.wait()
        start = (page - 1) * query.page_size
        ids = [f"r{i}" for i in range(start, min(start + query.page_size, 250))]
        return Page[Record](count=250, results=[Record(id=i) for i in ids])


async def test_get_caches_and_counts_pages() -> None:
    server = FakeServer()
    pager = RecordPager(server.fetch, max_pages=2)
    pager.reset(GridQuery("deals", page_size=100))
    first = await pager.get(1)
    assert [r.id for r in first.results][:2] == ["r0", "r1"]
    assert pager.count == 250 and pager.page_count == 3
    await pager.get(1)
    assert server.calls == [("", 1)]  # the second get came from memory


async def test_window_is_bounded() -> None:
    server = FakeServer()
    pager = RecordPager(server.fetch, max_pages=2)
    pager.reset(GridQuery("deals", page_size=100))
    for page in (1, 2, 3):
        await pager.get(page)
    assert pager.cached(1) is None and pager.cached(3) is not None
    await pager.get(1)
    assert server.calls[-1] == ("", 1)


async def test_prefetch_is_shared_with_get() -> None:
    server = FakeServer()
    server.gate = asyncio.Event()
    pager = RecordPager(server.fetch)
    pager.reset(GridQuery("deals", page_size=100))
    pager.prefetch(2)
    waiter = asyncio.ensure_future(pager.get(2))
    await asyncio.sleep(0)
    server.gate.set()
    page = await waiter
    assert page.results[0].id == "r100"
    assert server.calls == [("", 2)]  # one request, not two


async def test_prefetch_past_the_end_is_skipped() -> None:
    server = FakeServer()
    pager = RecordPager(server.fetch)
    pager.reset(GridQuery("deals", page_size=100))
    await pager.get(3)
    pager.prefetch(4)
    pager.prefetch(0)
    assert server.calls == [("", 3)]


async def test_reset_drops_pages_of_the_old_query() -> None:
    server = FakeServer()
    pager = RecordPager(server.fetch)
    query = GridQuery("deals", page_size=100)
    pager.reset(query)
    await pager.get(1)
    pager.reset(query.with_(search="acme"))
    assert pager.cached(1) is None and pager.count is None
    await pager.get(1)
    assert server.calls == [("", 1), ("acme", 1)]


def test_query_body_round_trip_and_hashable() -> None:
    body = {"and": True, "query": [{"and": False, "filters": [{"field": "x", "value": [1]}]}]}
    query = GridQuery("deals").with_body(body, "x = 1")
    assert query.body == body and query.filter_text == "x = 1"
    assert hash(query) == hash(GridQuery("deals").with_body(dict(reversed(body.items())), "x = 1"))
    assert GridQuery("deals").with_body(None, "ignored").filter_text == ""
