"""The main screen: search bar, paginated record grid with status line, and the detail pane."""

from __future__ import annotations

import asyncio

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.getters import query_one
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Input

from kizen_tui.api import KizenError
from kizen_tui.api.models import ObjectDef, Page, Record
from kizen_tui.config import SavedView
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.columns import default_columns, grid_columns
from kizen_tui.ui.pager import GridQuery, RecordPager
from kizen_tui.ui.schema import ObjectSchema
from kizen_tui.ui.screens.filter_actions import FilterActions
from kizen_tui.ui.screens.grid_actions import GridActions
from kizen_tui.ui.screens.record_actions import RecordActions
from kizen_tui.ui.screens.safety_actions import SafetyActions
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.filter_bar import FilterBar
from kizen_tui.ui.widgets.footer import Footer
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import GridStatus, StatusLine

#: Seconds of typing pause before a search is sent: at most one request per pause.
SEARCH_DEBOUNCE = 0.3


class BrowseScreen(FilterActions, GridActions, SafetyActions, RecordActions):
    """Browse one object: search, sort, page, and see the highlighted record."""

    BINDINGS = [
        Binding("colon,ctrl+o", "pick_object", "Objects", key_display=":", id="objects",
                tooltip="Pick an object (fuzzy, recent first)"),
        Binding("slash", "focus_search", "Search", key_display="/", id="search",
                tooltip="Search records as you type"),
        Binding("enter", "open_record", "Open", id="open", show=False,
                tooltip="Open the highlighted record"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Order by a column (server-side)"),
        Binding("c", "choose_columns", "Columns", id="columns", show=False,
                tooltip="Choose the columns"),
        Binding("r", "refresh", "Refresh", id="refresh", show=False,
                tooltip="Reload (or retry) this page"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", id="next-page",
                tooltip="Next page", show=False),
        Binding("left_square_bracket", "page(-1)", "Prev page", key_display="[",
                id="prev-page", tooltip="Previous page", show=False),
        Binding("y", "copy_id", "Copy id", id="copy-id", show=False,
                tooltip="Copy the record id (OSC 52)"),
        Binding("p", "toggle_pane", "Pane", id="pane", show=False,
                tooltip="Show or hide the detail pane"),
        Binding("H", "toggle_hidden", "Hidden", id="hidden", show=False,
                tooltip="Show or hide hidden fields in the detail pane"),
        Binding("A", "toggle_api_names", "API names", id="api-names", show=False,
                tooltip="Show api names instead of display names"),
        Binding("escape", "back", "Back", show=False, id="back",
                tooltip="Leave the search box / clear the search"),
        Binding("q", "quit", "Quit", id="quit-browse", tooltip="Quit kizen-tui"),
    ]

    grid_query: reactive[GridQuery | None] = reactive(None, init=False, always_update=False)
    """What the grid shows: object, search, filter, ordering, page size."""
    page = reactive(1, init=False)
    """The page of the query shown in the grid."""
    show_pane = reactive(True)
    """Whether the detail pane is visible."""
    show_hidden = reactive(False, init=False)
    """Whether hidden fields are shown in the detail pane."""
    api_names = reactive(False, init=False)
    """Whether fields are labelled by api name instead of display name."""

    app = getters.app(KizenApp)
    grid = query_one("#grid", RecordGrid)
    search_box = query_one("#search", Input)
    status_line = query_one("#status", StatusLine)
    pane = query_one("#detail", DetailPane)

    class RowsShown(Message):
        """A page of rows reached the screen (tests and benchmarks wait for this)."""

        def __init__(self, query: GridQuery, page: int, rows: int) -> None:
            super().__init__()
            self.grid_query = query
            self.page = page
            self.rows = rows

    def __init__(self, object_name: str | None, *, record_id: str | None = None) -> None:
        super().__init__()
        self.initial_object = object_name
        self.initial_record = record_id
        self.schema: ObjectSchema | None = None
        self.pager = RecordPager(self._fetch_page)
        self.status = GridStatus(loading=True)

    def compose(self) -> ComposeResult:
        """Header, search bar, grid + status line, detail pane, footer."""
        yield Header()
        yield Input(placeholder="/ search (server-side, as you type)", id="search",
                    compact=True)
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            with Vertical(id="grid-column"):
                yield RecordGrid(id="grid")
                yield StatusLine(id="status")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        """Open the start object, or the picker when there is none."""
        self.show_pane = self.app.settings.detail_pane
        self.set_focus(self.grid)
        if self.initial_object:
            self.open_object(self.initial_object)
        else:
            self.action_pick_object()

    def on_unmount(self) -> None:
        """Stop prefetches."""
        self.pager.close()

    # -- opening objects ---------------------------------------------------------------------

    @work(group="object", exclusive=True, exit_on_error=False)
    async def open_object(self, identifier: str) -> None:
        """Load an object's fields, set up the columns and show its first page."""
        self._set_status(loading=True, error="")
        try:
            schema = await self.app.require_schema().schema(identifier)
        except KizenError as error:
            self._fail(error, f"Could not open {identifier!r}")
            return
        self.schema = schema
        settings, profile = self.app.settings, self.app.profile
        settings.remember_object(profile, schema.object.name)
        names = settings.columns(profile, schema.object.name) or default_columns(schema)
        self.grid.set_columns(grid_columns(schema, names))
        self.title = schema.object.label
        self.search_box.value = ""
        query = await self.filter_object_opened(
            schema, GridQuery(object_name=schema.object.name, page_size=settings.page_size))
        if query == self.grid_query:
            # The same object again (reconnect, picking the current one): the reactive would
            # not fire for an equal value, and set_columns has just emptied the grid.
            self.watch_grid_query(None, query)
        else:
            self.grid_query = query
        if self.initial_record:
            record_id, self.initial_record = self.initial_record, None
            self._open_record_screen(record_id)

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

    # -- loading rows ------------------------------------------------------------------------

    async def _fetch_page(self, query: GridQuery, page: int) -> Page[Record]:
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
        self.page = page
        self.grid.show_page(result.results, cursor=cursor)
        self._show_status(query, page, len(result.results))
        self.post_message(self.RowsShown(query, page, len(result.results)))
        # After the paint: parsing the next page would otherwise delay this one on screen.
        self.call_after_refresh(self._prefetch, query, page + 1)
        if not result.results:
            self.pane.clear()

    def _prefetch(self, query: GridQuery, page: int) -> None:
        if self.grid_query == query and self.pager.query == query:
            self.pager.prefetch(page)

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
        from dataclasses import replace

        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.status_line.show(self.status)

    def _fail(self, error: KizenError, what: str) -> None:
        message = self.app.report(error, what)
        # The count is the current query's (None when none of its pages arrived yet), so the
        # status never shows the range of an earlier query next to the error.
        self._set_status(loading=False, error=message, count=self.pager.count)

    # -- grid events -------------------------------------------------------------------------

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

    @on(DataTable.RowHighlighted, "#grid")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        record = self.grid.current_record
        if record is not None and self.show_pane:
            self._show_detail(record)

    @on(DataTable.RowSelected, "#grid")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_record()

    @on(DataTable.HeaderSelected, "#grid")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def _show_detail(self, record: Record) -> None:
        if self.schema is None:
            return
        self.pane.show(record, self.schema.fields, categories=self.schema.categories,
                       show_hidden=self.show_hidden, api_names=self.api_names)
        if self.show_hidden:
            self.load_full_detail(record.id)

    @work(group="detail", exclusive=True, exit_on_error=False)
    async def load_full_detail(self, record_id: str) -> None:
        """Fetch the record with hidden fields for the pane (debounced while moving)."""
        await asyncio.sleep(0.15)
        if self.schema is None:
            return
        try:
            record = await self.app.client.get_record(
                self.schema.object.name, record_id, include_hidden_fields=True)
        except KizenError as error:
            self._fail(error, "Could not load the record")
            return
        current = self.grid.current_record
        if current is not None and current.id == record_id:
            self.pane.show(record, self.schema.fields, categories=self.schema.categories,
                           show_hidden=True, api_names=self.api_names)

    @on(FieldTable.FieldChosen, "#detail-fields")
    def _field_chosen(self, event: FieldTable.FieldChosen) -> None:
        record = self.grid.current_record
        if record is not None and self.schema is not None:
            from kizen_tui.ui.screens.record import open_field

            open_field(self.app, self.schema, record, event.row)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.search_box.value:
            return  # stale: the box was set again since (e.g. by opening a saved view)
        if self.grid_query is not None and event.value != self.grid_query.search:
            self.grid_query = self.grid_query.with_(search=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.grid)

    def watch_show_pane(self, show: bool) -> None:
        """Show or hide the detail pane."""
        self.pane.display = show
        record = self.grid.current_record
        if show and record is not None:
            self._show_detail(record)

    def watch_show_hidden(self) -> None:
        """Redraw the pane with or without hidden fields."""
        record = self.grid.current_record
        if record is not None:
            self._show_detail(record)

    watch_api_names = watch_show_hidden

    # -- actions -----------------------------------------------------------------------------

    def action_pick_object(self) -> None:
        """Open the object picker."""
        from kizen_tui.ui.screens.object_picker import ObjectPicker

        def picked(obj: ObjectDef | SavedView | None) -> None:
            if isinstance(obj, SavedView):
                self.open_view(obj)  # views are listed in the picker too
            elif obj is not None:
                self.open_object(obj.name)

        self.app.push_screen(ObjectPicker(), picked)

    def action_focus_search(self) -> None:
        """Put the cursor in the search box.

        Focus is set at once, not on the next idle (`Widget.focus`): keys typed right after
        `/` in the same burst (a fast typist, a paste) must land in the box, not the grid.
        """
        self.set_focus(self.search_box)

    def action_back(self) -> None:
        """Leave the search box; a second escape clears the search."""
        if self.search_box.has_focus:
            self.set_focus(self.grid)
        elif self.search_box.value:
            self.search_box.value = ""

    def action_open_record(self) -> None:
        """Open the highlighted record on its own screen."""
        record = self.grid.current_record
        if record is not None:
            self._open_record_screen(record.id)

    def _open_record_screen(self, record_id: str) -> None:
        from kizen_tui.ui.screens.record import RecordScreen

        if self.schema is not None:
            self.app.push_screen(RecordScreen(self.schema, record_id))

    def action_sort(self) -> None:
        """Choose the column to order by (choosing the same one again flips direction)."""
        from kizen_tui.ui.screens.pickers import SortPicker

        if self.schema is None or self.grid_query is None:
            return
        self.app.push_screen(SortPicker(self.grid.columns_shown, self.grid_query.ordering),
                             lambda key: self.sort_by(key) if key else None)

    def sort_by(self, key: str) -> None:
        """Order by a column on the server: ascending, then descending, then unordered."""
        if self.grid_query is None or self.schema is None:
            return
        field = self.schema.field(key)
        name = field.name if field is not None else "name"
        current = self.grid_query.ordering
        ordering: str | None = name
        if current == name:
            ordering = f"-{name}"
        elif current == f"-{name}":
            ordering = None
        self.grid_query = self.grid_query.with_(ordering=ordering)

    def action_choose_columns(self) -> None:
        """Pick the grid's columns (remembered per object)."""
        from kizen_tui.ui.screens.pickers import ColumnPicker

        schema = self.schema
        if schema is None:
            return
        shown = [c.key for c in self.grid.columns_shown if c.field is not None]

        def chosen(names: list[str] | None) -> None:
            if names is None or self.schema is None or self.grid_query is None:
                return
            self.app.settings.set_columns(self.app.profile, schema.object.name, names)
            self.grid.set_columns(grid_columns(schema, names))
            self.pager.reset(self.grid_query)
            self.load_rows(self.grid_query, self.page)

        self.app.push_screen(ColumnPicker(schema, shown), chosen)

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

    def action_page(self, direction: int) -> None:
        """Flip a page forward or back."""
        self.flip(direction)

    def action_copy_id(self) -> None:
        """Copy the highlighted record's id."""
        record = self.grid.current_record
        if record is not None:
            self.app.copy_text(record.id, "the record id")

    def action_toggle_pane(self) -> None:
        """Show or hide the detail pane."""
        self.show_pane = not self.show_pane

    def action_toggle_hidden(self) -> None:
        """Show or hide hidden fields."""
        self.show_hidden = not self.show_hidden

    def action_toggle_api_names(self) -> None:
        """Label fields by api name or display name."""
        self.api_names = not self.api_names

    # -- RecordActions hooks -----------------------------------------------------------------

    def current_record(self) -> Record | None:
        """The highlighted record."""
        return self.grid.current_record

    def current_schema(self) -> ObjectSchema | None:
        """The object shown in the grid."""
        return self.schema

    def record_changed(self, record: Record) -> None:
        """Update the row (if on this page) and the pane; cached pages may be stale now."""
        self.grid.replace_record(record)
        current = self.grid.current_record
        if current is not None and current.id == record.id and self.show_pane:
            self._show_detail(current)
        if self.grid_query is not None:
            self.pager.reset(self.grid_query)

    def record_removed(self, record_id: str) -> None:
        """Reload the page without the record (counts and later pages shift)."""
        if self.grid_query is not None:
            cursor = self.grid.cursor_row
            self.pager.reset(self.grid_query)
            self.load_rows(self.grid_query, self.page, cursor=cursor)

    def reconnected(self) -> None:
        """The app has a new connection (after a 401): reload what was on screen."""
        if self.schema is not None:
            self.open_object(self.schema.object.name)
        elif self.initial_object:
            self.open_object(self.initial_object)
