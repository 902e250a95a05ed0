"""The full record screen (enter): every field, access flags, client info and counts."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Header, LoadingIndicator, Static

from kizen_tui.api import KizenError, NotFound
from kizen_tui.api.models import FieldType, Record
from kizen_tui.domain.fields import display_field
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.grid_actions import GridActions
from kizen_tui.ui.screens.record_actions import RecordActions
from kizen_tui.ui.screens.safety_actions import SafetyActions
from kizen_tui.ui.widgets.access_flags import AccessFlags
from kizen_tui.ui.widgets.field_table import FieldRow, FieldTable
from kizen_tui.ui.widgets.footer import Footer

#: Values longer than this (or with several lines) open in the full-screen viewer.
LONG_VALUE = 60


def summary_text(record: Record) -> Text:
    """Client info, lead sources, upcoming activities and team member counts, when present."""
    parts: list[str] = []
    if record.client_info is not None:
        info = record.client_info
        if info.num_addresses_v2 is not None:
            parts.append(f"{info.num_addresses_v2} address(es)")
        if info.email_on_suppression_list:
            parts.append("email on suppression list")
    if record.num_upcoming_activities is not None:
        parts.append(f"{record.num_upcoming_activities} upcoming activit"
                     f"{'y' if record.num_upcoming_activities == 1 else 'ies'}")
    if record.num_associated_team_members is not None:
        parts.append(f"{record.num_associated_team_members} team member(s)")
    if record.lead_source_types:
        labels = ", ".join(s.label or s.value or "?" for s in record.lead_source_types)
        parts.append(f"lead sources: {labels}")
    return Text(safe_text(" · ".join(parts), single_line=True), style="dim")


def open_field(app: App[Any], schema: ObjectSchema, record: Record, row: FieldRow) -> None:
    """Follow a summarised relationship, or show a value in the full-screen viewer."""
    from kizen_tui.ui.screens.field_values import FieldValuesScreen
    from kizen_tui.ui.screens.viewer import ValueViewer

    if row.entry is None:
        return
    is_relationship = row.field.field_type == FieldType.RELATIONSHIP
    if row.entry.is_summarized or (is_relationship and isinstance(row.entry.value, list)):
        app.push_screen(FieldValuesScreen(schema, record, row.field))
        return
    app.push_screen(ValueViewer(row.field, row.entry, record_label=record.label))


class RecordScreen(GridActions, SafetyActions, RecordActions):
    """One record, loaded with hidden fields and its detail summary."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="record-back"),
        Binding("y", "copy_id", "Copy id", id="record-copy-id", tooltip="Copy the record id"),
        Binding("Y", "copy_value", "Copy value", id="record-copy-value",
                tooltip="Copy the highlighted field's value"),
        Binding("h", "toggle_hidden", "Hidden", id="record-hidden",
                tooltip="Show or hide hidden fields"),
        Binding("a", "toggle_api_names", "API names", id="record-api-names",
                tooltip="Label fields by api name"),
        Binding("r", "refresh", "Refresh", id="record-refresh", tooltip="Reload the record"),
    ]

    app = getters.app(KizenApp)
    fields_table = getters.query_one("#record-fields", FieldTable)

    show_hidden = reactive(True, init=False)
    """Hidden fields are shown on the full screen by default: support engineers need them."""
    api_names = reactive(False, init=False)
    """Label fields by api name instead of display name."""

    def __init__(self, schema: ObjectSchema, record_id: str) -> None:
        super().__init__()
        self.schema = schema
        self.record_id = record_id
        self.record: Record | None = None

    def compose(self) -> ComposeResult:
        """Header block (title, id, flags, summary) above the field table."""
        yield Header()
        with Vertical(id="record-head"):
            loading = f"Loading {safe_text(self.record_id, single_line=True)}…"
            yield Static(Text(loading), id="record-title")
            with Horizontal(id="record-flags-row"):
                yield AccessFlags(id="record-access")
                yield Static("", id="record-id")
            yield Static("", id="record-summary")
        yield LoadingIndicator(id="record-loading")
        yield FieldTable(id="record-fields")
        yield Footer()

    def on_mount(self) -> None:
        """Load the record."""
        self.title = self.schema.object.entity_name or self.schema.object.label
        self.load()

    @work(group="load-record", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        """Fetch the record with hidden fields and the detail summary."""
        loading = self.query_one("#record-loading")
        loading.display = True
        try:
            record = await self.app.client.get_record(
                self.schema.object.name, self.record_id, include_hidden_fields=True,
                detail_summary=True)
        except NotFound:
            self._show_error("This record does not exist, was archived, or you may not see it.")
            return
        except KizenError as error:
            message = self.app.report(error, "Could not load the record")
            self._show_error(f"{message} (r to retry)", notify=False)
            return
        finally:
            loading.display = False
        self.record = record
        self._render_record()

    def _show_error(self, message: str, *, notify: bool = True) -> None:
        if self.record is None:  # no longer "Loading …"
            title = f"Record {safe_text(self.record_id, single_line=True)}"
            self.query_one("#record-title", Static).update(Text(title, style="bold"))
            self.refresh_bindings()  # edit, archive... have nothing to act on
        self.query_one("#record-summary", Static).update(Text(message, style="bold red"))
        if notify:
            self.notify(message, severity="error", markup=False)

    def _render_record(self) -> None:
        record = self.record
        if record is None:
            return
        title = Text(safe_text(record.label, single_line=True), style="bold")
        self.query_one("#record-title", Static).update(title)
        self.query_one("#record-id", Static).update(
            Text(f"  id {safe_text(record.id, single_line=True)} · "
                 f"{safe_text(self.schema.object.label, single_line=True)}", style="dim"))
        self.query_one(AccessFlags).show(record.access)
        self.query_one("#record-summary", Static).update(summary_text(record))
        self.fields_table.show(record, self.schema.fields, categories=self.schema.categories,
                               show_hidden=self.show_hidden, api_names=self.api_names)
        self.fields_table.focus()

    def watch_show_hidden(self) -> None:
        """Redraw with or without hidden fields."""
        self._render_record()

    watch_api_names = watch_show_hidden

    @on(FieldTable.FieldChosen)
    def _chosen(self, event: FieldTable.FieldChosen) -> None:
        if self.record is not None:
            open_field(self.app, self.schema, self.record, event.row)

    def current_record(self) -> Record | None:
        """The record shown (None while loading)."""
        return self.record

    def current_schema(self) -> ObjectSchema | None:
        """The record's object."""
        return self.schema

    def record_changed(self, record: Record) -> None:
        """Show the record a write returned, and tell the other screens of the stack once."""
        self.take_change(record)
        for screen in self._others():
            screen.take_change(record)

    def take_change(self, record: Record) -> None:
        """Another screen's write returned `record`: show it if it is this screen's record."""
        if record.id == self.record_id:
            self.record = record
            self._render_record()

    def record_removed(self, record_id: str) -> None:
        """The record is archived: tell the other screens and go back."""
        for screen in self._others():
            screen.take_removal(record_id)
        self.dismiss(None)

    def take_removal(self, record_id: str) -> None:
        """Another screen archived a record: if it is this one, say so (it is not on top, so
        it stays until the user comes back to it)."""
        if record_id == self.record_id:
            self.record = None
            self._show_error("This record has been archived", notify=False)

    def _others(self) -> list[RecordActions]:
        return [screen for screen in self.app.screen_stack
                if screen is not self and isinstance(screen, RecordActions)]

    def action_copy_id(self) -> None:
        """Copy the record id."""
        self.app.copy_text(self.record_id, "the record id")

    def action_copy_value(self) -> None:
        """Copy the highlighted field's value as displayed."""
        row = self.fields_table.current_row
        if row is None or row.entry is None:
            return
        self.app.copy_text(display_field(row.entry, row.field, single_line=False),
                           f"the value of {row.field.label}")

    def action_toggle_hidden(self) -> None:
        """Show or hide hidden fields."""
        self.show_hidden = not self.show_hidden

    def action_toggle_api_names(self) -> None:
        """Label fields by api name or display name."""
        self.api_names = not self.api_names

    def action_refresh(self) -> None:
        """Reload the record."""
        self.load()

    def reconnected(self) -> None:
        """The app has a new connection (after a 401): reload the record."""
        self.load()
