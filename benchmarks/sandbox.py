"""The sandbox at 100,000 records: seeding, filtered + ordered search pages, PATCH round trips.

Requests go through raw httpx on `httpx.ASGITransport` (in-process), so the times are the
sandbox's own plus the thin ASGI hop (until the body is received; decoding it is the client's
time, measured with the client). Filters are written in the one-line query syntax and
compiled by the product's own filter compiler, as the filter bar does.

Baselines: seeding against plain SQLite inserting the same number of rows of the same width;
search against the cheapest authenticated request through the same stack (one record by id);
PATCH against a GET of the same record.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx
from starlette.applications import Starlette

from benchmarks.appkit import client_for
from benchmarks.client import HEADERS
from benchmarks.core import Budget, Mode, Row, median, ms, now
from kizen_tui.domain.filters import compile_filter
from kizen_tui.domain.query import parse_query
from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app

#: (one-line filter, ordering): each a different index/scan path through the sandbox.
FILTERS = [
    ("industry = Software", "-annual_revenue"),
    ("employees > 40000", "name"),
    ("tier in (Gold, Silver) and is_partner is checked", "founded"),
    ("regions has EMEA", "-updated"),
    ("founded between 2023-06-01 and 2023-12-31", "-employee_count"),
    ("name contains falcon or name contains harbor", "name"),
    ("owner is me and account_status = Active", "-created"),
    ("annual_revenue >= 250000 and rating >= 4", "-score"),
]


def seed(mode: Mode) -> tuple[list[Row], Starlette]:
    """Time seeding the big sandbox (median of `seed_runs`); returns the last sandbox."""
    times, sandbox = [], None
    for _ in range(mode.seed_runs):
        sandbox = None  # let the previous database go before building the next
        started = now()
        sandbox = create_app(records=mode.big_records)
        times.append(now() - started)
    assert sandbox is not None
    store = sandbox.state.store
    rows = sum(int(store.scalar(f'SELECT COUNT(*) FROM "{obj.table}"'))
               for obj in store.objects.values())
    columns = len(store.query('SELECT * FROM "r_companies" LIMIT 1')[0].keys())
    baseline = sqlite_floor(rows, columns)
    label = f"seed the sandbox ({mode.big_records:,} companies, {rows:,} records in all)"
    return [Row("sandbox", label, times[len(times) // 2], "s", baseline,
                "plain SQLite, same rows × columns", Budget("max", 10),
                samples=list(times))], sandbox


def sqlite_floor(rows: int, columns: int) -> float:
    """Seconds for plain sqlite3 to insert `rows` rows of `columns` constant values."""
    conn = sqlite3.connect(":memory:")
    names = ", ".join(f"c{i}" for i in range(columns))
    conn.execute(f"CREATE TABLE t ({names})")
    row = tuple(range(columns))
    started = now()
    with conn:
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * columns)})",
                         (row for _ in range(rows)))
    elapsed = now() - started
    conn.close()
    return elapsed


async def bodies() -> list[tuple[str, dict[str, Any], str]]:
    """The FILTERS compiled to wire bodies with the real field definitions."""
    sandbox_fields = await fields_of("companies")
    return [(text, compile_filter(parse_query(text, sandbox_fields), sandbox_fields), ordering)
            for text, ordering in FILTERS]


_FIELDS: dict[str, Any] = {}


async def fields_of(object_name: str) -> Any:
    """Field definitions from a small sandbox (same catalog, so same ids)."""
    if object_name not in _FIELDS:
        async with client_for(create_app(records=50)) as client:
            obj = await client.get_object(object_name)
            _FIELDS[object_name] = await client.get_object_fields(obj.id)
    return _FIELDS[object_name]


async def search(mode: Mode, sandbox: Starlette) -> list[Row]:
    """First (uncached count) and repeated filtered + ordered pages of 100."""
    first, warm, floor = [], [], []
    compiled = await bodies()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox), headers=HEADERS,
                                 base_url=DEMO_CREDENTIALS.base_url) as raw:
        some = (await post(raw, {}, "name", 1)).json()["results"][0]["id"]
        for _text, body, ordering in compiled:
            started = now()
            await post(raw, body, ordering, 1)
            first.append(now() - started)
        for _ in range(mode.runs):
            for _text, body, ordering in compiled:
                started = now()
                await post(raw, body, ordering, 1)
                warm.append(now() - started)
                started = now()
                (await raw.get(f"/api/records/companies/{some}")).raise_for_status()
                floor.append(now() - started)
    size = f"{mode.big_records:,}"
    note = f"{len(compiled)} filters; worst {ms(max(first)):.0f} ms"
    return [
        Row("sandbox", f"filtered+ordered search, page of 100 at {size}: first request "
            "(count not cached)", ms(median(first)), "ms", ms(median(floor)),
            "get one record", Budget("max", 30), note, [ms(v) for v in first]),
        Row("sandbox", f"filtered+ordered search, page of 100 at {size}: repeated",
            ms(median(warm)), "ms", ms(median(floor)), "get one record", Budget("max", 30),
            f"worst {ms(max(warm)):.0f} ms", [ms(v) for v in warm]),
    ]


async def post(raw: httpx.AsyncClient, body: dict[str, Any], ordering: str,
               page: int) -> httpx.Response:
    """One search page of 100, body received (not decoded: that is the client's time)."""
    response = await raw.post("/api/records/companies/search", json=body,
                              params={"ordering": ordering, "page": page, "page_size": 100})
    response.raise_for_status()
    return response


async def patch(mode: Mode, sandbox: Starlette) -> list[Row]:
    """PATCH round trips through the real client, against a GET of the same record."""
    writes, reads = [], []
    async with client_for(sandbox) as client:
        page = await client.search_records("companies", page=5, page_size=50)
        editable = [r for r in page.results if r.access.edit]
        for index in range(mode.runs * 3):
            record = editable[index % len(editable)]
            started = now()
            await client.update_record("companies", record.id,
                                       [{"name": "employee_count", "value": 1000 + index}])
            writes.append(now() - started)
            started = now()
            await client.get_record("companies", record.id)
            reads.append(now() - started)
    return [Row("sandbox", f"PATCH round trip at {mode.big_records:,} (client, in-process)",
                ms(median(writes)), "ms", ms(median(reads)), "GET of the same record", None,
                samples=[ms(v) for v in writes])]
