"""Filters, saved views, copy-as and Kizen groups on the browse screen.

`BrowseScreen` inherits `FilterActions`; the actions and their BINDINGS live here (Textual
merges BINDINGS along the class hierarchy) and reach the browse screen through the few names of
`_Host` and three calls it makes: `filter_object_opened` when an object's first query is made,
`view_label` for the status line, and `group_kwargs` when a page is fetched.

An invalid filter is never sent: text is parsed and compiled here first, and on an error the
bar shows where the problem is while the grid keeps its rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual import getters, on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from kizen_tui.api import KizenError
from kizen_tui.api.models import TagOption
from kizen_tui.api.search import search_body
from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filters import Group, TagMap, search_request_curl, search_request_json
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.columns import grid_columns
from kizen_tui.ui.pager import GridQuery
from kizen_tui.ui.view_commands import ViewCommands
from kizen_tui.ui.widgets.filter_bar import FilterBar
from kizen_tui.ui.widgets.record_grid import RecordGrid

if TYPE_CHECKING:
    from kizen_tui.config import SavedView
    from kizen_tui.ui.screens.filter_dialogs import GroupScope
    from kizen_tui.ui.screens.filter_source import ActiveFilter

# The dialogs, the filter sources, the views screen and the views store are imported where they
# are used: none of them is needed to show the first page, and they cost the cold start 5-15 ms
# of imports.

#: Pages of dynamic tag options read per field (100 each) for completion and labels.
MAX_TAG_PAGES = 5


class _Host(Protocol):
    """What the browse screen provides."""

    schema: ObjectSchema | None
    grid_query: GridQuery | None
    page: int
    grid: RecordGrid
    search_box: Input

    def open_object(self, identifier: str) -> Any: ...

    def _set_status(self, **changes: object) -> None: ...


class FilterActions(Screen[Any]):
    """Filter bar, builder, saved views, copy-as and group scoping for the browse screen."""

    BINDINGS = [
        Binding("f", "filter_builder", "Filter", id="filter-builder",
                tooltip="Build a filter condition by condition"),
        Binding("F", "focus_filter", "Filter bar", id="filter-bar", show=False,
                tooltip="Type a one-line filter query (or paste a Kizen CLI spec, or @file)"),
        Binding("X", "clear_filter", "Clear filter", id="clear-filter", show=False,
                tooltip="Remove the filter (and group scoping)"),
        Binding("v", "views", "Views", id="views", show=False,
                tooltip="Saved views: open, rename, delete, export, import"),
        Binding("V", "save_view", "Save view", id="save-view", show=False,
                tooltip="Save the grid (object, filter, search, columns, order) as a view"),
        Binding("Y", "copy_query", "Copy query", id="copy-query", show=False,
                tooltip="Copy the search as JSON, curl, Kizen CLI spec or one-line query"),
    ]
    COMMANDS = {ViewCommands}

    app = getters.app(KizenApp)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.active_filter: ActiveFilter | None = None
        """The filter applied to the grid (None: every record)."""
        self.active_view: SavedView | None = None
        """The saved view the grid was opened from (until another object is opened)."""
        self._pending_view: SavedView | None = None
        self._tags: dict[str, dict[str, list[TagOption]]] = {}

    @property
    def _host(self) -> _Host:
        return cast(_Host, self)

    @property
    def filter_bar(self) -> FilterBar:
        """The filter bar."""
        return self.query_one("#filter-bar", FilterBar)

    # -- hooks the browse screen calls --------------------------------------------------------

    async def filter_object_opened(self, schema: ObjectSchema, query: GridQuery) -> GridQuery:
        """A new object is shown: reset the filter (or apply the view being opened)."""
        view = self.filter_reset(schema)
        if view is None:
            return query
        return await self._apply_view(schema, view, query)

    def filter_reset(self, schema: ObjectSchema) -> SavedView | None:
        """Clear the filter for a newly shown object; the view being opened on it, if any."""
        self.active_filter = None
        view, self._pending_view = self._pending_view, None
        self.filter_bar.set_fields(FieldIndex(schema.fields), self._tags.get(schema.object.name))
        self.filter_bar.show_filter("")
        if view is None or view.object not in (schema.object.name, schema.object.id):
            self.active_view = None
            return None
        self.active_view = view
        return view

    def view_label(self) -> str:
        """`Hot deals`, with `*` when the grid no longer matches the saved view."""
        view = self.active_view
        if view is None:
            return ""
        from kizen_tui.ui.screens.views import view_modified

        current = self._snapshot(view.name)
        return view.name + ("*" if current is not None and view_modified(view, current) else "")

    def group_kwargs(self, query: GridQuery) -> dict[str, Any]:
        """The group scoping arguments of `search_records` for a query."""
        return {"group_id": query.group_id, "in_group_ids": list(query.in_group_ids) or None,
                "not_in_group_ids": list(query.not_in_group_ids) or None}

    # -- tags ---------------------------------------------------------------------------------

    async def filter_tags(self, schema: ObjectSchema) -> dict[str, list[TagOption]]:
        """Options of the object's dynamic tag fields (read once per object)."""
        cached = self._tags.get(schema.object.name)
        if cached is not None:
            return cached
        tags: dict[str, list[TagOption]] = {}
        for field in schema.fields:
            if field.field_type != "dynamictags":
                continue
            options: list[TagOption] = []
            try:
                for page in range(1, MAX_TAG_PAGES + 1):
                    result = await self.app.client.list_tags(schema.object, field.id,
                                                             page=page)
                    options += result.results
                    if result.next is None or not result.results:
                        break
            except KizenError:
                continue  # labels of this field just cannot be completed or resolved
            tags[field.id] = options
        self._tags[schema.object.name] = tags
        return tags

    @on(FilterBar.Activated, "#filter-bar")
    def _bar_activated(self) -> None:
        self._load_tags_for_completion()

    @work(group="filter-tags", exclusive=True, exit_on_error=False)
    async def _load_tags_for_completion(self) -> None:
        schema = self._host.schema
        if schema is not None:
            self.filter_bar.set_fields(FieldIndex(schema.fields), await self.filter_tags(schema))

    # -- applying filters ---------------------------------------------------------------------

    @on(FilterBar.Submitted, "#filter-bar")
    def _bar_submitted(self, event: FilterBar.Submitted) -> None:
        self.apply_filter_text(event.text)

    @on(FilterBar.Left, "#filter-bar")
    def _bar_left(self) -> None:
        self.set_focus(self._host.grid)

    @work(group="filter", exclusive=True, exit_on_error=False)
    async def apply_filter_text(self, text: str) -> None:
        """Parse and compile what was typed; apply it, or show the error (nothing sent)."""
        from kizen_tui.ui.screens.filter_source import FilterInputError, resolve_filter

        schema = self._host.schema
        if schema is None or self._host.grid_query is None:
            return
        tags = await self.filter_tags(schema) if text.strip() else {}
        try:
            active = resolve_filter(text, FieldIndex(schema.fields), tags=tags, cwd=Path.cwd())
        except FilterInputError as error:
            self.filter_bar.show_error(error.reason, error.position, error.end)
            return
        self.set_filter(active)
        self.set_focus(self._host.grid)

    def set_filter(self, active: ActiveFilter | None, scope: GroupScope | None = None) -> None:
        """Show `active` in the bar and load the grid with it (None clears the filter)."""
        query = self._host.grid_query
        if query is None:
            return
        self.active_filter = active
        self.filter_bar.show_filter(active.text if active else "")
        if scope is not None:
            query = query.with_(group_id=scope.group_id, in_group_ids=scope.in_group_ids,
                                not_in_group_ids=scope.not_in_group_ids)
        query = query.with_body(active.body if active else None)
        self._host.grid_query = query.with_(filter_text=_status_text(active, query))

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter bar."""
        self.set_focus(self.filter_bar.input)  # at once: keys typed right after F land here

    def action_clear_filter(self) -> None:
        """Remove the filter and any group scoping."""
        from kizen_tui.ui.screens.filter_dialogs import GroupScope

        self.filter_bar.clear_error()
        self.set_filter(None, GroupScope())

    # -- builder ------------------------------------------------------------------------------

    @work(group="filter", exclusive=True, exit_on_error=False)
    async def action_filter_builder(self) -> None:
        """Edit the filter condition by condition (opens with the current filter)."""
        from kizen_tui.ui.screens.filter_builder import FilterBuilder

        schema, query = self._host.schema, self._host.grid_query
        if schema is None or query is None:
            return
        tags = await self.filter_tags(schema)
        active = self.active_filter
        if active is not None and active.group is None:
            self.notify("The filter is a raw wire body; the builder starts empty and applying "
                        "replaces it.", severity="warning", markup=False)
        group = active.group if active is not None and active.group is not None else Group()

        def built(result: Group | None) -> None:
            if result is not None and self._host.schema is schema:
                self._apply_built(schema, result, tags)

        # A callback, not push_screen_wait: this worker ends while the builder is open.
        self.app.push_screen(FilterBuilder(schema, group, tags, query), built)

    def _apply_built(self, schema: ObjectSchema, result: Group, tags: TagMap) -> None:
        from kizen_tui.ui.screens.filter_source import FilterInputError, filter_from_model

        try:
            active = filter_from_model(result, FieldIndex(schema.fields), tags=tags)
        except FilterInputError as error:
            self.notify(str(error), title="Filter", severity="error", markup=False)
            return
        self.filter_bar.clear_error()
        self.set_filter(active)

    def action_filter_groups(self) -> None:
        """Scope the grid to Kizen filter groups, by id."""
        from kizen_tui.ui.screens.filter_dialogs import GroupIdsDialog, GroupScope

        query = self._host.grid_query
        if query is None:
            return
        current = GroupScope(query.group_id, query.in_group_ids, query.not_in_group_ids)

        def chosen(scope: GroupScope | None) -> None:
            if scope is not None:
                self.set_filter(self.active_filter, scope)

        self.app.push_screen(GroupIdsDialog(current), chosen)

    # -- views --------------------------------------------------------------------------------

    def _snapshot(self, name: str) -> SavedView | None:
        from kizen_tui.ui.screens.views import view_from_state

        query = self._host.grid_query
        if query is None:
            return None
        spec = self.active_filter.spec if self.active_filter else None
        columns = [c.key for c in self._host.grid.columns_shown if c.field is not None]
        return view_from_state(name, query, spec, columns,
                               self.active_view.profile if self.active_view else None)

    def action_save_view(self) -> None:
        """Save what the grid shows as a named view."""
        from kizen_tui.config import ConfigError
        from kizen_tui.config import views as store
        from kizen_tui.ui.screens.views import SaveViewDialog

        if self._host.grid_query is None:
            return
        paths = self.app.settings.paths
        existing = [v.name for v in store.list_views(paths=paths).value]
        default = self.active_view.name if self.active_view else ""

        def named(name: str | None) -> None:
            view = self._snapshot(name) if name else None
            if view is None:
                return
            try:
                store.save_view(view, overwrite=True, paths=paths)
            except (ConfigError, OSError) as error:
                self.notify(f"Could not save the view: {error}", severity="error", markup=False)
                return
            self.active_view = view
            self.refresh_status()
            self.notify(f"Saved the view {view.name!r}", markup=False)

        self.app.push_screen(SaveViewDialog(default, existing), named)

    def action_views(self) -> None:
        """Manage saved views; choosing one opens it."""
        from kizen_tui.ui.screens.views import ViewsScreen

        def chosen(view: SavedView | None) -> None:
            if view is not None:
                self.open_view(view)

        self.app.push_screen(ViewsScreen(self.app.profile, self.app.settings.paths), chosen)

    def open_view(self, view: SavedView) -> None:
        """Open a view's object and apply its filter, search, columns, order and page size."""
        self._pending_view = view
        self._host.open_object(view.object)

    async def _apply_view(self, schema: ObjectSchema, view: SavedView,
                          query: GridQuery) -> GridQuery:
        from kizen_tui.ui.screens.filter_source import FilterInputError, filter_from_spec
        from kizen_tui.ui.screens.views import view_groups

        if view.columns:
            self._host.grid.set_columns(grid_columns(schema, view.columns))
        self._host.search_box.value = view.search
        query = query.with_(search=view.search, ordering=view.ordering,
                            page_size=view.page_size or query.page_size, **view_groups(view))
        active = None
        if view.filter:
            tags = await self.filter_tags(schema)
            try:
                active = filter_from_spec(view.filter, FieldIndex(schema.fields), tags=tags)
            except FilterInputError as error:
                message = f"The view's filter no longer applies: {error}"
                self.filter_bar.show_error(message)
                self.notify(message, title=view.name, severity="error", markup=False)
        self.active_filter = active
        self.filter_bar.show_filter(active.text if active else "")
        query = query.with_body(active.body if active else None)
        return query.with_(filter_text=_status_text(active, query))

    def refresh_status(self) -> None:
        """Redraw the status line's view name."""
        self._host._set_status(view_name=self.view_label())

    # -- copy-as ------------------------------------------------------------------------------

    def action_copy_query(self) -> None:
        """Choose a format and copy the current search in it."""
        from kizen_tui.ui.screens.filter_dialogs import CopyAsPicker

        self.app.push_screen(CopyAsPicker(),
                             lambda key: self.copy_query_as(key) if key else None)

    def copy_query_as(self, key: str) -> None:
        """Copy the current search as `json`, `curl`, `spec` or `query` (COPY_FORMATS)."""
        from kizen_tui.ui.screens.filter_dialogs import COPY_FORMATS

        text = self.query_text_as(key)
        if text is not None:
            what = next(w for k, _, w in COPY_FORMATS if k == key)
            self.app.copy_text(text, what)

    def query_text_as(self, key: str) -> str | None:
        """The current search in a copy format; None when no object is open."""
        query = self._host.grid_query
        connection = self.app.connection
        if query is None or connection is None:
            return None
        if key == "spec":
            spec = self.active_filter.spec if self.active_filter else {"all": []}
            return json.dumps(spec, indent=2, ensure_ascii=False)
        if key == "query":
            return self.active_filter.text if self.active_filter else ""
        payload = search_body(body=query.body, query=None, and_=None, field_names=None,
                              field_ids=None, search_within_field_names=None,
                              search_within_field_ids=None)
        options: dict[str, Any] = {
            "search": query.search or None, "ordering": query.ordering,
            "page": self._host.page, "page_size": query.page_size,
            "group_id": query.group_id, "in_group_ids": query.in_group_ids,
            "not_in_group_ids": query.not_in_group_ids}
        if key == "json":
            return search_request_json(query.object_name, payload, **options)
        return search_request_curl(connection.base_url, query.object_name, payload, **options)


def _status_text(active: ActiveFilter | None, query: GridQuery) -> str:
    """The filter part of the status line: the one-line query plus group scoping."""
    parts = [active.text] if active else []
    if query.group_id:
        parts.append(f"group {query.group_id}")
    if query.in_group_ids:
        parts.append(f"in groups {', '.join(query.in_group_ids)}")
    elif query.not_in_group_ids:
        parts.append(f"not in groups {', '.join(query.not_in_group_ids)}")
    return " · ".join(parts)
