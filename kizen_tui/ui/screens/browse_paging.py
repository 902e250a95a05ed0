"""Pages of rows for the browse screen: the start-up preload, loading, flipping and the status.

`Paging` is a mixin base screen of `BrowseScreen` (like the `*_actions` mixins). It owns what the
grid shows (`grid_query`, `page`), the page cache (`pager`), the loading of pages into the grid
and the status line under it.

Start-up preload: the app calls `preload()` on a new browse screen before pushing it, which asks
for the start object's definitions and its first page at once. With the in-process demo both
arrive before the screen is mounted, and the screen shows the rows in its first paint instead
of painting an empty grid, then its columns, then the rows; with a remote server the requests
overlap the screen's start-up. Opening the start object then uses those two requests, their
failures included, exactly as if it had made them itself.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import getters, on, work
from textual.getters import query_one
from textual.reactive import reactive
from textual.screen import Screen

from kizen_tui.api import KizenError
from kizen_tui.api.models import Page, Record
from kizen_tui.api.validation import is_uuid
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui import bench_hooks
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.pager import GridQuery, RecordPager
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import GridStatus, StatusLine

#: Seconds of typing pause before a search is sent: at most one request per pause.
SEARCH_DEBOUNCE = 0.3


class Paging(Screen[Any]):
    """Base screen: the grid's query and page, the page cache, loading pages, the status."""

    grid_query: reactive[GridQuery | None] = reactive(None, init=False, always_update=False)
    """What the grid shows: object, search, filter, ordering, page size."""
    page = reactive(1, init=False, repaint=False)
    """The page of the query shown in the grid (the grid and status line repaint themselves: a
    repaint of the whole screen on every page flip cost a full frame)."""

    app = getters.app(KizenApp)
    grid = query_one("#grid", RecordGrid)
    status_line = query_one("#status", StatusLine)

    if TYPE_CHECKING:
        RowsShown: Any
        initial_object: str | None

        def open_object(self, identifier: str) -> Any: ...

        def view_label(self) -> str: ...

        def group_kwargs(self, query: GridQuery) -> dict[str, Any]: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema: ObjectSchema | None = None
        """The object shown in the grid, with its fields."""
        self.pager = RecordPager(self._fetch_page)
        self.status = GridStatus(loading=True)
        self._schema_task: tuple[str, asyncio.Future[ObjectSchema]] | None = None
        self._first_page: asyncio.Future[Page[Record]] | None = None
        self._first_query: GridQuery | None = None

    # -- start-up preload ----------------------------------------------------------------------

    def preload(self, identifier: str) -> None:
        """Ask for an object's definitions and its default first page now (see module doc)."""
        schema = asyncio.ensure_future(self.app.require_schema().schema(identifier))
        self._schema_task = (identifier, schema)
        early = None
        if not is_uuid(identifier):
            # The default query needs only the api name: ask for the page alongside the
            # definitions, not after them (one round trip less before the first rows).
            early = asyncio.ensure_future(self._request_page(self._opening_query(identifier), 1))
            early.add_done_callback(_retrieve)
        self._first_page = asyncio.ensure_future(self._preload_page(identifier, schema, early))
        for task in (schema, self._first_page):
            task.add_done_callback(_retrieve)  # a failure is reported by whoever uses it

    async def _preload_page(self, identifier: str, schema_task: asyncio.Future[ObjectSchema],
                            early: asyncio.Future[Page[Record]] | None) -> Page[Record]:
        try:
            schema = await schema_task
        except BaseException:
            if early is not None:
                early.cancel()
            raise
        self._first_query = self.default_query(schema)
        if early is not None:
            if self._first_query.object_name == identifier:
                return await early
            early.cancel()  # asked by another name (display name, other case): ask again
        return await self._request_page(self._first_query, 1)

    def default_query(self, schema: ObjectSchema) -> GridQuery:
        """The query an object opens with (no search, filter or ordering)."""
        return self._opening_query(schema.object.name)

    def _opening_query(self, object_name: str) -> GridQuery:
        return GridQuery(object_name=object_name, page_size=self.app.settings.page_size)

    async def load_schema(self, identifier: str) -> ObjectSchema:
        """An object's definitions: the preloaded ones for the start object, once."""
        preloaded, self._schema_task = self._schema_task, None
        if preloaded is not None and preloaded[0] == identifier:
            return await preloaded[1]
        return await self.app.require_schema().schema(identifier)

    def preloaded(self) -> tuple[ObjectSchema, GridQuery, Page[Record]] | None:
        """The start object's definitions, query and first page, when all have arrived."""
        schema, page = self._schema_task, self._first_page
        if schema is None or page is None or self._first_query is None:
            return None
        if not all(t.done() and not t.cancelled() and t.exception() is None
                   for t in (schema[1], page)):
            return None
        self._schema_task = self._first_page = None
        return schema[1].result(), self._first_query, page.result()

    def show_preloaded(self, query: GridQuery, result: Page[Record]) -> None:
        """Show a preloaded first page at once (no worker, so it is in the next paint)."""
        self.set_reactive(Paging.grid_query, query)
        self.pager.reset(query)
        self.pager.put(1, result)
        self.page = 1
        self.show_rows(query, 1, result, cursor=0)

    def cancel_preload(self) -> None:
        """Drop the preload requests nobody used (the screen goes away)."""
        for task in (self._schema_task[1] if self._schema_task else None, self._first_page):
            if task is not None:
                task.cancel()
        self._schema_task = self._first_page = None

    # -- loading rows --------------------------------------------------------------------------

    def watch_grid_query(self, old: GridQuery | None, query: GridQuery | None) -> None:
        """A new query: forget the cached pages and load page 1.

        When only the search text changed, the load waits for a typing pause first; the
        worker is exclusive, so each keystroke cancels the previous wait and at most one
        request is sent per pause.
        """
        if query is None:
            return
        typing = old is not None and old.with_(search=query.search) == query
        self.pager.reset(query)
        self.page = 1  # so `r` after a failed first load asks for page 1 of the new query
        self.load_rows(query, 1, cursor=0, delay=SEARCH_DEBOUNCE if typing else 0.0)

    async def _fetch_page(self, query: GridQuery, page: int) -> Page[Record]:
        if self.app.exiting:
            # Quitting (right after a page was shown, the prefetch of the next one is due):
            # nothing would ever show this page.
            raise asyncio.CancelledError
        first = self._first_page
        if first is not None and page == 1 and query == self._first_query:
            self._first_page = None
            return await first  # the preload's answer (or failure) for this very request
        return await self._request_page(query, page)

    async def _request_page(self, query: GridQuery, page: int) -> Page[Record]:
        return await self.app.client.search_records(
            query.object_name,
            search=query.search or None,
            body=query.body,
            ordering=query.ordering,
            page=page,
            page_size=query.page_size,
            **self.group_kwargs(query),
        )

    @work(group="rows", exclusive=True, exit_on_error=False)
    async def load_rows(
        self, query: GridQuery, page: int, *, cursor: int = 0, delay: float = 0.0
    ) -> None:
        """Show page N of a query; exclusive, so a newer request cancels this one."""
        if delay:
            await asyncio.sleep(delay)  # debounce: a newer keystroke cancels us here
        cached = self.pager.cached(page)
        if cached is None:
            self._set_status(loading=True, error="")
        try:
            result = cached or await self.pager.get(page)
        except KizenError as error:
            if self.grid_query == query:
                self._fail(error, "Could not load records")
            return
        if self.grid_query != query:
            return  # a stale answer is never shown
        self.show_rows(query, page, result, cursor=cursor)

    def show_rows(self, query: GridQuery, page: int, result: Page[Record], *, cursor: int) -> None:
        """Put page N of the query in the grid and the status line."""
        self.page = page
        self.grid.show_page(result.results, cursor=cursor)
        self._show_status(query, page, len(result.results))
        self.post_message(self.RowsShown(query, page, len(result.results)))
        bench_hooks.rows_shown(self)
        # After the paint: parsing the next page would otherwise delay this one on screen.
        self.call_after_refresh(self._prefetch, query, page + 1)
        if not result.results:
            self.rows_emptied()

    def rows_emptied(self) -> None:
        """The grid shows no rows (the browse screen clears its detail pane)."""

    def _prefetch(self, query: GridQuery, page: int) -> None:
        if self.grid_query == query and self.pager.query == query:
            self.pager.prefetch(page)

    # -- status line ---------------------------------------------------------------------------

    def _show_status(self, query: GridQuery, page: int, rows: int) -> None:
        first = (page - 1) * query.page_size + 1 if rows else 0
        ordering = query.ordering or ""
        label = ""
        if ordering and self.schema is not None:
            field = self.schema.field(ordering.lstrip("-"))
            label = field.label if field else ordering.lstrip("-")
        self.status = GridStatus(
            first=first, last=first + rows - 1 if rows else 0, count=self.pager.count,
            ordering_label=label, descending=ordering.startswith("-"), search=query.search,
            filter_text=query.filter_text, view_name=self.view_label(),
        )
        self.status_line.show(self.status)

    def _set_status(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.status_line.show(self.status)

    def _fail(self, error: KizenError, what: str) -> None:
        message = self.app.report(error, what)
        # The count is the current query's (None when none of its pages arrived yet), so the
        # status never shows the range of an earlier query next to the error.
        self._set_status(loading=False, error=message, count=self.pager.count)

    # -- page size -----------------------------------------------------------------------------

    def action_page_size(self) -> None:
        """Ask for the rows per page; remember it and reload the grid at the new size."""
        from kizen_tui.config import PAGE_SIZE_MAX, PAGE_SIZE_MIN
        from kizen_tui.ui.screens.filter_dialogs import PromptDialog

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                self.app.settings.set_page_size(int(text.replace(",", "").replace("_", "")))
            except ValueError:
                self.notify(f"Rows per page must be a whole number from {PAGE_SIZE_MIN} to "
                            f"{PAGE_SIZE_MAX}", severity="warning", markup=False)
                return
            query = self.grid_query
            if query is not None and query.page_size != self.app.settings.page_size:
                self.grid_query = query.with_(page_size=self.app.settings.page_size)

        self.app.push_screen(PromptDialog(
            "Rows per page", str(self.app.settings.page_size), action="Set",
            hint=f"{PAGE_SIZE_MIN} to {PAGE_SIZE_MAX}; remembered for next time"), chosen)

    # -- flipping ------------------------------------------------------------------------------

    @on(RecordGrid.EdgeReached)
    def _edge(self, event: RecordGrid.EdgeReached) -> None:
        self.flip(event.direction)

    def flip(self, direction: int) -> None:
        """Show the next (+1) or previous (-1) page, cursor at the near edge."""
        query = self.grid_query
        if query is None:
            return
        target = self.page + direction
        pages = self.pager.page_count
        if target < 1 or (pages is not None and target > pages):
            self.app.bell()
            return
        self.load_rows(query, target, cursor=0 if direction > 0 else -1)

    def action_page(self, direction: int) -> None:
        """Flip a page forward or back."""
        self.flip(direction)

    def action_refresh(self) -> None:
        """Reload the current page from the server (also the retry after an error)."""
        if self.grid_query is None:
            if self.initial_object or self.schema:
                self.open_object(self.schema.object.name if self.schema else
                                 self.initial_object or "")
            return
        cursor = self.grid.cursor_row
        self.pager.reset(self.grid_query)
        self.load_rows(self.grid_query, self.page, cursor=cursor)


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Mark a preload's failure as seen: it is reported when the screen uses the result."""
    if not task.cancelled():
        task.exception()
