"""A bounded cache of search-result pages for one grid query, with prefetch.

The grid never holds more than one page of rows (Textual's DataTable needs ~14 s to lay out
100,000 rows), so scrolling through a large object is a sequence of page flips. This class keeps
the last few pages of the *current* query so flipping back and forth is instant, and lets the
screen prefetch the next page while the user reads this one. It does no I/O itself: the screen
passes the coroutine that fetches a page, which keeps this class free of Textual and testable.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from kizen_tui.api.models import Page, Record

Fetch = Callable[["GridQuery", int], Awaitable[Page[Record]]]


@dataclass(frozen=True)
class GridQuery:
    """Everything that decides which rows the grid shows (one cache generation per value)."""

    object_name: str
    """The object's api name (or UUID)."""
    search: str = ""
    """Server-side text search."""
    body_json: str = ""
    """The compiled filter body (`query`/`and`) as canonical JSON text, so the query is hashable."""
    ordering: str | None = None
    """The api name to order by, `-name` for descending, or None for the server's order."""
    page_size: int = 100
    """Rows per page (1..1000)."""
    field_names: tuple[str, ...] = ()
    """Fields to ask for (empty: all fields)."""
    filter_text: str = ""
    """The human form of the active filter, for the status line."""
    group_id: str | None = None
    """Only records of this Kizen group (by id)."""
    in_group_ids: tuple[str, ...] = ()
    """Only records in any of these groups (wins over `not_in_group_ids`, as in Kizen)."""
    not_in_group_ids: tuple[str, ...] = ()
    """Only records in none of these groups."""

    def with_(self, **changes: Any) -> GridQuery:
        """A copy with some attributes changed."""
        return replace(self, **changes)

    def with_body(self, body: dict[str, Any] | None, filter_text: str = "") -> GridQuery:
        """A copy filtered by a compiled search body (None clears the filter)."""
        text = json.dumps(body, sort_keys=True, separators=(",", ":")) if body else ""
        return replace(self, body_json=text, filter_text=filter_text if body else "")

    @property
    def body(self) -> dict[str, Any] | None:
        """The filter body as a dict for the client, or None without a filter."""
        return json.loads(self.body_json) if self.body_json else None


@dataclass
class RecordPager:
    """Pages of one query, most recently used last, at most `max_pages` of them."""

    fetch: Fetch
    """The coroutine function that fetches page N of a query."""
    max_pages: int = 3
    """How many pages to keep in memory: the current one and its neighbours, so flipping back
    and forth is instant. More only cost memory (~1.2 MB a page of 100 records in the demo) and
    made every full garbage collection walk their objects."""
    query: GridQuery | None = None
    """The query whose pages are cached."""
    count: int | None = None
    """Total matching records as the server last said, or None before the first page."""
    _pages: OrderedDict[int, Page[Record]] = field(default_factory=OrderedDict)
    _pending: dict[int, asyncio.Task[Page[Record]]] = field(default_factory=dict)

    def reset(self, query: GridQuery) -> None:
        """Start over for a new query: forget every page and cancel prefetches."""
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
        self._pages.clear()
        self.query = query
        self.count = None

    @property
    def page_count(self) -> int | None:
        """Number of pages, once the count is known."""
        if self.count is None or self.query is None:
            return None
        return max(1, -(-self.count // self.query.page_size))

    def cached(self, page: int) -> Page[Record] | None:
        """The page if it is in memory (marks it recently used)."""
        result = self._pages.get(page)
        if result is not None:
            self._pages.move_to_end(page)
        return result

    async def get(self, page: int) -> Page[Record]:
        """Page N of the current query, from memory, a running prefetch, or the server."""
        query = self._require_query()
        cached = self.cached(page)
        if cached is not None:
            return cached
        task = self._pending.get(page)
        if task is None:
            task = asyncio.ensure_future(self.fetch(query, page))
            self._pending[page] = task
        try:
            result = await asyncio.shield(task)
        finally:
            if task.done():
                self._pending.pop(page, None)
        if self.query == query:
            self._store(page, result)
        return result

    def prefetch(self, page: int) -> None:
        """Start fetching a page in the background, if it is not already there."""
        if page < 1 or page in self._pages or page in self._pending:
            return
        pages = self.page_count
        if pages is not None and page > pages:
            return
        query = self._require_query()
        task = asyncio.ensure_future(self.fetch(query, page))
        self._pending[page] = task
        task.add_done_callback(lambda t: self._prefetched(query, page, t))

    def put(self, page: int, result: Page[Record]) -> None:
        """Keep a page of the current query that was fetched elsewhere (the start-up preload)."""
        self._require_query()
        self._store(page, result)

    def _prefetched(self, query: GridQuery, page: int, task: asyncio.Task[Page[Record]]) -> None:
        if self._pending.get(page) is task:
            self._pending.pop(page, None)
        if task.cancelled() or task.exception() is not None or self.query != query:
            return  # a failed prefetch is retried by the real fetch when the user gets there
        self._store(page, task.result())

    def _store(self, page: int, result: Page[Record]) -> None:
        if result.count is not None:
            self.count = result.count
        self._pages[page] = result
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def _require_query(self) -> GridQuery:
        if self.query is None:
            raise RuntimeError("RecordPager.reset(query) must be called first")
        return self.query

    def close(self) -> None:
        """Cancel background prefetches (when the screen goes away)."""
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
