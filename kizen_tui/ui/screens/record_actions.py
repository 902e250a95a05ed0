"""Record actions shared by the browse and record screens (edit, create, archive, ...).

`BrowseScreen` and `RecordScreen` inherit from `RecordActions`; the actions live here (with
their BINDINGS, which Textual merges along the class hierarchy) and reach the screen only
through the four hooks below, so the screens do not need to know how editing works. The work
itself is done by the edit, goto, journal and record_writes modules.

| key | action | enabled when |
|---|---|---|
| e | edit the record | the record's access allows editing |
| n | new record | an object is open |
| U | create or update by name/email (upsert) | an object is open |
| g | go to a record by name, email or id | an object is open |
| d | archive the record (asks first) | the record's access allows removing |
| u | undo the last write (shows it first) | always |
| J | the journal of writes | always |

Every write action is disabled (greyed in the footer) in read-only mode; the client refuses
writes too (ReadOnlyError), so nothing can slip through another path.
"""

from __future__ import annotations

from typing import Any, Literal

from textual import getters, on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from kizen_tui.api.models import Record
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp

#: Actions that write; disabled in read-only mode.
WRITE_ACTIONS = frozenset({"edit_record", "new_record", "upsert_record", "archive_record",
                           "undo_write"})


class RecordActions(Screen[Any]):
    """Base screen for screens that show a current record of an object."""

    BINDINGS = [
        Binding("e", "edit_record", "Edit", id="edit", tooltip="Edit the record's fields"),
        Binding("n", "new_record", "New", id="new", tooltip="Create a record of this object"),
        Binding("g", "goto_record", "Go to", id="goto",
                tooltip="Go to a record by exact name, email or id"),
        Binding("d", "archive_record", "Archive", id="archive",
                tooltip="Archive the record (asks first; u undoes)"),
        Binding("u", "undo_write", "Undo", id="undo",
                tooltip="Undo the last write (shows what it will do first)"),
        Binding("U", "upsert_record", "Upsert", id="upsert", show=False,
                tooltip="Create or update a record by name or email (upsert)"),
        Binding("J", "journal", "Journal", id="journal", show=False,
                tooltip="The journal of writes; revert any of them"),
    ]

    app = getters.app(KizenApp)
    _shown_flags: object = ()
    """The (edit, remove) flags the footer was last drawn for."""

    def current_record(self) -> Record | None:
        """The record the actions apply to (the highlighted or shown one)."""
        raise NotImplementedError

    def current_schema(self) -> ObjectSchema | None:
        """The object (and its fields) of the current record."""
        raise NotImplementedError

    def record_changed(self, record: Record) -> None:
        """A write returned this record: show it without refetching."""
        raise NotImplementedError

    def record_removed(self, record_id: str) -> None:
        """The record was archived: drop it from what is shown."""
        raise NotImplementedError

    def take_change(self, record: Record) -> None:
        """Another screen's write returned `record`: show it here, without passing it on."""
        self.record_changed(record)

    def take_removal(self, record_id: str) -> None:
        """Another screen archived a record: drop it here, without passing it on."""
        self.record_removed(record_id)

    # -- enabled or not -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out (None) what cannot be done now: writes in read-only mode, edit/archive
        when the record's access forbids it, object actions before an object is open."""
        if action in WRITE_ACTIONS and self.app.read_only:
            return None
        if action in ("edit_record", "archive_record"):
            record = self.current_record()
            if record is None or self.current_schema() is None:
                return None
            allowed = record.access.edit if action == "edit_record" else record.access.remove
            return True if allowed else None
        if action in ("new_record", "upsert_record", "goto_record"):
            return True if self.current_schema() is not None else None
        return True

    @on(DataTable.RowHighlighted)
    def _record_moved(self, event: DataTable.RowHighlighted) -> None:
        # The current record (and its access flags) may have changed: re-check the footer,
        # but only when what it shows changes (a footer refresh on every row would slow
        # scrolling through the grid).
        record = self.current_record()
        flags = None if record is None else (record.access.edit, record.access.remove)
        if flags != self._shown_flags:
            self._shown_flags = flags
            self.refresh_bindings()

    # -- actions ------------------------------------------------------------------------------

    def action_edit_record(self) -> None:
        """Open the edit form of the current record."""
        from kizen_tui.ui.screens.edit import EditScreen

        record, schema = self.current_record(), self.current_schema()
        if record is not None and schema is not None:
            self.app.push_screen(EditScreen(schema, record_id=record.id), self._written)

    def _written(self, record: Record | None) -> None:
        if record is not None:
            self.record_changed(record)

    def action_new_record(self) -> None:
        """Open an empty form; the created record opens on its own screen."""
        self._create("create")

    def action_upsert_record(self) -> None:
        """Open the create-or-update form (matches by name, or email for contacts)."""
        self._create("upsert")

    def _create(self, mode: Literal["create", "upsert"]) -> None:
        from kizen_tui.ui.screens.edit import EditScreen

        schema = self.current_schema()
        if schema is None:
            return

        def created(record: Record | None) -> None:
            if record is not None:
                self.record_changed(record)
                self._open(schema, record)

        self.app.push_screen(EditScreen(schema, mode=mode), created)

    def _open(self, schema: ObjectSchema, record: Record) -> None:
        from kizen_tui.ui.screens.record import RecordScreen

        self.app.push_screen(RecordScreen(schema, record.id))

    def action_goto_record(self) -> None:
        """Find a record by name, email or id and open it."""
        from kizen_tui.ui.screens.goto import GotoScreen

        schema = self.current_schema()
        if schema is None:
            return
        self.app.push_screen(GotoScreen(schema),
                             lambda record: self._open(schema, record) if record else None)

    def action_archive_record(self) -> None:
        """Archive the current record after confirming."""
        from kizen_tui.ui.screens.record_writes import archive

        record, schema = self.current_record(), self.current_schema()
        if record is not None and schema is not None:
            self.run_worker(archive(self.app, record, schema), group="write", exclusive=True,
                            exit_on_error=False)

    def action_undo_write(self) -> None:
        """Revert the last write after showing its diff."""
        from kizen_tui.ui.screens.record_writes import undo_last

        self.run_worker(undo_last(self.app), group="write", exclusive=True, exit_on_error=False)

    def action_journal(self) -> None:
        """Show the journal of writes."""
        from kizen_tui.ui.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen())
