"""Grid actions: marking rows, bulk edit, export, and links to the Kizen web app.

`GridActions` is a mixin base screen like `RecordActions`: Textual merges its BINDINGS along the
class hierarchy, and the actions reach the screen through the same hooks (`current_record()`,
`current_schema()`) plus, for the grid actions, a `RecordGrid` and a `grid_query` attribute.

| key | action | enabled when |
|---|---|---|
| space | mark / unmark the highlighted row and move down | a grid is shown |
| shift+space | mark every row from the last mark to the cursor | a grid is shown |
| ctrl+a | mark every row of the page (again: unmark them) | a grid is shown |
| B | bulk edit the marked rows (or the highlighted one) | not read-only |
| x | export the whole result of the query (all pages) | a grid is shown |
| o | open the record in the Kizen web app | a record is current |
| L | copy a link to the record | a record is current |

Marks are record ids kept by the screen (with the records as last seen), so they survive page
flips; opening another object clears them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import getters
from textual.binding import Binding
from textual.screen import Screen

from kizen_tui.api.models import Record
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.widgets.record_grid import RecordGrid

#: Actions that need the grid.
GRID_ACTIONS = frozenset({"toggle_mark", "mark_range", "mark_page", "bulk_edit", "export"})
URL_HELP = ("No web link is configured for this profile. Add to settings.toml:\n"
            "[profiles.{profile}]\n"
            'record_url_template = "{{base_url}}/custom-objects/{{object_id}}/details/'
            '{{record_id}}"')


class GridActions(Screen[Any]):
    """Base screen adding marks, bulk edit, export and web links."""

    BINDINGS = [
        Binding("space", "toggle_mark", "Mark", id="mark", show=False,
                tooltip="Mark or unmark the row for a bulk edit (and move down)"),
        Binding("shift+space", "mark_range", "Mark range", id="mark-range", show=False,
                tooltip="Mark the rows from the last mark to the cursor"),
        Binding("ctrl+a", "mark_page", "Mark page", id="mark-page", show=False,
                tooltip="Mark every row of this page (again: unmark them)"),
        Binding("B", "bulk_edit", "Bulk edit", id="bulk-edit", show=False,
                tooltip="Apply one change to every marked record"),
        Binding("x", "export", "Export", id="export", show=False,
                tooltip="Export every record of this query (CSV, JSON, JSON lines)"),
        Binding("o", "open_web", "Open in Kizen", id="open-web", show=False,
                tooltip="Open the record in the Kizen web app"),
        Binding("L", "copy_link", "Copy link", id="copy-link", show=False,
                tooltip="Copy a link to the record in the Kizen web app"),
    ]

    app = getters.app(KizenApp)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marked: dict[str, Record] = {}
        """Marked records by id, in marking order (records as last seen in the grid)."""
        self._marks_object: str | None = None
        self._last_mark: int | None = None

    # -- hooks (RecordActions provides them on the browse and record screens) ------------------

    def current_record(self) -> Record | None:
        """The record the actions apply to."""
        raise NotImplementedError

    def current_schema(self) -> ObjectSchema | None:
        """The object of the current record."""
        raise NotImplementedError

    def _grid(self) -> RecordGrid | None:
        grids = list(self.query(RecordGrid))
        return grids[0] if grids else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leave out grid actions where there is no grid (the record screen: not listed in the
        footer or help at all), grey out bulk edit in read-only mode and links without a
        record; anything else is decided by the other bases."""
        if action in GRID_ACTIONS and self._grid() is None:
            return False
        if action in GRID_ACTIONS and self.current_schema() is None:
            return None
        if action == "bulk_edit" and self.app.read_only:
            return None
        if action in ("open_web", "copy_link"):
            return True if self.current_record() is not None else None
        if action in GRID_ACTIONS:
            return True
        return super().check_action(action, parameters)

    # -- marks ----------------------------------------------------------------------------------

    def _sync_marks(self) -> RecordGrid | None:
        grid, schema = self._grid(), self.current_schema()
        if grid is None or schema is None:
            return None
        if self._marks_object != schema.object.name:
            self._marks_object = schema.object.name
            self.clear_marks()
        return grid

    def clear_marks(self) -> None:
        """Forget every mark."""
        self.marked = {}
        self._last_mark = None
        grid = self._grid()
        if grid is not None:
            grid.set_marked(set())

    def set_marks(self, records: list[Record], on: bool) -> None:
        """Mark (or unmark) these records."""
        for record in records:
            if on:
                self.marked[record.id] = record
            else:
                self.marked.pop(record.id, None)
        grid = self._grid()
        if grid is not None:
            grid.set_marked(set(self.marked))

    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted row, then move down."""
        grid = self._sync_marks()
        record = grid.current_record if grid is not None else None
        if grid is None or record is None:
            return
        self.set_marks([record], record.id not in self.marked)
        self._last_mark = grid.cursor_row
        if grid.cursor_row < len(grid.records) - 1:
            grid.move_cursor(row=grid.cursor_row + 1, animate=False)

    def action_mark_range(self) -> None:
        """Mark every row between the last mark on this page and the cursor."""
        grid = self._sync_marks()
        if grid is None or not grid.records:
            return
        start = self._last_mark if self._last_mark is not None else 0
        low, high = sorted((start, grid.cursor_row))
        self.set_marks(grid.records[low:high + 1], True)
        self._last_mark = grid.cursor_row

    def action_mark_page(self) -> None:
        """Mark every row of the page, or unmark them when they all are marked."""
        grid = self._sync_marks()
        if grid is None:
            return
        all_marked = all(r.id in self.marked for r in grid.records)
        self.set_marks(grid.records, not all_marked)

    def marked_records(self) -> list[Record]:
        """The marked records, or the highlighted one when nothing is marked."""
        self._sync_marks()
        if self.marked:
            return list(self.marked.values())
        record = self.current_record()
        return [record] if record is not None else []

    # -- bulk edit and export -------------------------------------------------------------------

    def action_bulk_edit(self) -> None:
        """Pick one change and apply it to every marked record."""
        from kizen_tui.ui.screens.bulk import BulkScreen

        schema, records = self.current_schema(), self.marked_records()
        if schema is None or not records:
            return

        def done(changed: bool | None) -> None:
            if changed:
                self.clear_marks()
                refresh = getattr(self, "action_refresh", None)
                if callable(refresh):
                    refresh()

        self.app.push_screen(BulkScreen(schema, records), done)

    def action_export(self) -> None:
        """Export the whole result of the grid's query."""
        from kizen_tui.ui.screens.export import start_export

        schema, query = self.current_schema(), getattr(self, "grid_query", None)
        pager = getattr(self, "pager", None)
        if schema is not None and query is not None:
            start_export(self.app, schema, query, getattr(pager, "count", None))

    # -- web links ------------------------------------------------------------------------------

    def record_url(self) -> str | None:
        """The web URL of the current record, or None (and a message) when not configured."""
        record, schema = self.current_record(), self.current_schema()
        connection = self.app.connection
        if record is None or schema is None or connection is None:
            return None
        options = self.app.settings.settings.for_profile(self.app.profile)
        url = options.record_url(base_url=connection.base_url.rstrip("/"),
                                 object_id=schema.object.id, object_name=schema.object.name,
                                 record_id=record.id)
        if url is None:
            self.notify(URL_HELP.format(profile=self.app.profile), markup=False, timeout=10,
                        severity="warning")
        return url

    async def action_open_web(self) -> None:
        """Open the record in the browser (in a thread: the browser may take a while)."""
        url = self.record_url()
        if url is not None:
            await asyncio.to_thread(self.app.open_url, url)
            self.notify(f"Opening {url}", markup=False, timeout=4)

    def action_copy_link(self) -> None:
        """Copy the record's web link."""
        url = self.record_url()
        if url is not None:
            self.app.copy_text(url, "the record link")
