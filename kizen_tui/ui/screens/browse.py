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

from kizen_tui.api import KizenError, NotFound
from kizen_tui.api.models import ObjectDef, Record
from kizen_tui.domain.columns import default_columns
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.columns import grid_columns
from kizen_tui.ui.pager import GridQuery
from kizen_tui.ui.screens.browse_paging import SEARCH_DEBOUNCE, Paging
from kizen_tui.ui.screens.browse_pane import PaneFollowing
from kizen_tui.ui.screens.filter_actions import FilterActions
from kizen_tui.ui.screens.grid_actions import GridActions
from kizen_tui.ui.screens.record_actions import RecordActions
from kizen_tui.ui.screens.safety_actions import SafetyActions
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.filter_bar import FilterBar
from kizen_tui.ui.widgets.footer import Footer
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import StatusLine

__all__ = ["SEARCH_DEBOUNCE", "BrowseScreen"]


class BrowseScreen(FilterActions, GridActions, SafetyActions, RecordActions, Paging,
                   PaneFollowing):
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
        Binding("P", "page_size", "Rows per page", id="page-size", show=False,
                tooltip="Set how many records a page holds (remembered)"),
        Binding("p", "toggle_pane", "Pane", id="pane", show=False,
                tooltip="Show or hide the detail pane"),
        Binding("H", "toggle_hidden", "Hidden", id="hidden", show=False,
                tooltip="Show or hide hidden fields in the detail pane"),
        Binding("A", "toggle_api_names", "API names", id="api-names", show=False,
                tooltip="Show api names instead of display names"),
        Binding("escape", "back", "Back", show=False, id="back",
                tooltip="Leave the search box / clear the search"),
        Binding("q", "app.quit", "Quit", id="quit-browse", tooltip="Quit kizen-tui"),
    ]

    show_pane = reactive(True)
    """Whether the detail pane is visible."""
    show_hidden = reactive(False, init=False)
    """Whether hidden fields are shown in the detail pane."""
    api_names = reactive(False, init=False)
    """Whether fields are labelled by api name instead of display name."""

    app = getters.app(KizenApp)
    search_box = query_one("#search", Input)
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
            if not self._open_preloaded():
                self.open_object(self.initial_object)
        else:
            self.action_pick_object()

    def on_unmount(self) -> None:
        """Stop prefetches."""
        self.cancel_preload()
        self.pager.close()

    # -- opening objects ---------------------------------------------------------------------

    @work(group="object", exclusive=True, exit_on_error=False)
    async def open_object(self, identifier: str) -> None:
        """Load an object's fields, set up the columns and show its first page."""
        self._set_status(loading=True, error="")
        try:
            schema = await self.load_schema(identifier)
        except KizenError as error:
            self._fail(error, f"Could not open {identifier!r}")
            if isinstance(error, NotFound) and self.schema is None:
                self.action_pick_object()  # nothing to show (a typo, a deleted object): choose
            return
        query = await self.filter_object_opened(schema, self._object_shown(schema))
        if query == self.grid_query:
            # The same object again (reconnect, picking the current one): the reactive would
            # not fire for an equal value, and set_columns has just emptied the grid.
            self.watch_grid_query(None, query)
        else:
            self.grid_query = query
        self._open_initial_record()

    def _open_preloaded(self) -> bool:
        """Open the start object from the preload when it has all arrived (see Paging)."""
        loaded = self.preloaded()
        if loaded is None:
            return False
        schema, query, result = loaded
        view = self.filter_reset(schema)  # None: no saved view is being opened at start-up
        if view is not None or self._object_shown(schema) != query:
            self.open_object(schema.object.name)  # not the preloaded query after all
            return True
        self.show_preloaded(query, result)
        self._open_initial_record()
        return True

    def _object_shown(self, schema: ObjectSchema) -> GridQuery:
        """Columns, title and search box for a newly opened object; its default query."""
        self.schema = schema
        settings, profile = self.app.settings, self.app.profile
        settings.remember_object(profile, schema.object.name)
        names = settings.columns(profile, schema.object.name) or default_columns(schema.fields)
        self.grid.set_columns(grid_columns(schema, names))
        self.title = schema.object.label
        self.search_box.value = ""
        return self.default_query(schema)

    def _open_initial_record(self) -> None:
        if self.initial_record:
            record_id, self.initial_record = self.initial_record, None
            self._open_record_screen(record_id)

    def rows_emptied(self) -> None:
        """No rows: nothing to show in the pane."""
        self.pane.clear()

    # -- grid events -------------------------------------------------------------------------

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
        from kizen_tui.config.views import SavedView
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
        """The highlighted record (None before the grid is mounted)."""
        grids = self.query(RecordGrid)
        return grids.first().current_record if grids else None

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
