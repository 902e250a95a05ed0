"""The paged, searchable list of a relationship field's values (field-values endpoint)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from kizen_tui.api import KizenError
from kizen_tui.api.models import FieldDef, FieldValueItem, Record
from kizen_tui.domain.text import safe_text, truncate_cells
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.widgets.footer import Footer

PAGE_SIZE = 50


class FieldValuesScreen(Screen[None]):
    """Every value of one relationship field of one record, a page at a time."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="values-back"),
        Binding("slash", "focus_search", "Search", key_display="/", id="values-search"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]",
                id="values-next"),
        Binding("left_square_bracket", "page(-1)", "Prev page", key_display="[",
                id="values-prev"),
        Binding("y", "copy_id", "Copy id", id="values-copy", tooltip="Copy the related id"),
    ]

    app = getters.app(KizenApp)
    table = getters.query_one("#values-table", DataTable)

    def __init__(self, schema: ObjectSchema, record: Record, field: FieldDef) -> None:
        super().__init__()
        self.schema = schema
        self.record = record
        self.field = field
        self.page = 1
        self.count: int | None = None
        self.search = ""
        self.items: list[FieldValueItem] = []

    def compose(self) -> ComposeResult:
        """Search box, table of related records, status."""
        yield Header()
        yield Input(placeholder="/ search related records", id="values-filter", compact=True)
        yield DataTable(id="values-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="values-status")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the table and load page 1."""
        self.title = f"{self.field.label} of {safe_text(self.record.label, single_line=True)}"
        self.table.add_column("Name", key="name")
        self.table.add_column("Email", key="email")
        self.table.add_column("Id", key="id")
        self.table.focus()
        self.load(1)

    @work(group="values", exclusive=True, exit_on_error=False)
    async def load(self, page: int, delay: float = 0.0) -> None:
        """Fetch one page of values (debounced while typing a search)."""
        if delay:
            await asyncio.sleep(delay)
        search = self.search
        self._status(f"loading page {page}…")
        try:
            result = await self.app.client.list_field_values(
                self.record.id, self.field.id, search=search or None, page=page,
                page_size=PAGE_SIZE)
        except KizenError as error:
            self._status(f"⚠ {self.app.report(error, 'Could not load the values')}")
            return
        if search != self.search:
            return
        self.page, self.count, self.items = page, result.count, list(result.results)
        self.table.clear()
        for item in self.items:
            self.table.add_row(
                Text(truncate_cells(safe_text(item.label, single_line=True), 50)),
                Text(safe_text(item.email or "", single_line=True)),
                Text(item.id, style="dim"), key=item.id)
        first = (page - 1) * PAGE_SIZE + 1
        total = f"{self.count:,}" if self.count is not None else "?"
        shown = f"{first:,}–{first + len(self.items) - 1:,} of {total}" if self.items else "none"
        self._status(shown + (f" · search: {search}" if search else ""))

    def _status(self, message: str) -> None:
        self.query_one("#values-status", Static).update(
            Text(safe_text(message, single_line=True)))

    @on(Input.Changed, "#values-filter")
    def _search(self, event: Input.Changed) -> None:
        self.search = event.value
        self.load(1, delay=0.3)

    @on(Input.Submitted, "#values-filter")
    def _submitted(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#values-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        from kizen_tui.ui.screens.record import RecordScreen

        related = self.field.relation.related_object if self.field.relation else None
        if not related:
            return
        record_id = str(event.row_key.value)
        self._open_related(related, record_id, RecordScreen)

    @work(group="open-related", exclusive=True, exit_on_error=False)
    async def _open_related(self, object_id: str, record_id: str, screen: type) -> None:
        try:
            schema = await self.app.require_schema().schema(object_id)
        except KizenError as error:
            self.app.report(error, "Could not open the related object")
            return
        self.app.push_screen(screen(schema, record_id))

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#values-filter", Input).focus()

    def action_back(self) -> None:
        """Leave the search box, or the screen."""
        if self.query_one("#values-filter", Input).has_focus:
            self.table.focus()
        else:
            self.app.pop_screen()

    def action_page(self, direction: int) -> None:
        """Next or previous page."""
        target = self.page + direction
        last = max(1, -(-(self.count or 0) // PAGE_SIZE))
        if 1 <= target <= last:
            self.load(target)
        else:
            self.app.bell()

    def action_copy_id(self) -> None:
        """Copy the highlighted related record's id."""
        if self.items and 0 <= self.table.cursor_row < len(self.items):
            self.app.copy_text(self.items[self.table.cursor_row].id, "the related record id")
