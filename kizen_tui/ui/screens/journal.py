"""The journal screen (`J`): every write this profile made from kizen-tui, newest first.

The highlighted entry's diff is shown below the list; `u` (or enter) reverts it after showing
what the revert will do. Unreadable journal lines are skipped and reported at the top.
"""

from __future__ import annotations

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from kizen_tui.domain.journal import JournalEntry, diff_lines, reverted_ids
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.journal_store import JournalStore
from kizen_tui.ui.widgets.footer import Footer


def _when(entry: JournalEntry) -> str:
    when = entry.when
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S") if when else entry.time[:19]


class JournalScreen(Screen[None]):
    """The list of journaled writes with their diffs; revert any of them."""

    DEFAULT_CSS = """
    #journal-problem { padding: 0 1; background: $warning 30%; }
    #journal-table { height: 1fr; }
    #journal-detail { height: auto; max-height: 12; padding: 0 1; border-top: solid $panel; }
    """

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="journal-back"),
        Binding("u,enter", "revert", "Revert", id="journal-revert",
                tooltip="Revert the highlighted write (shows the diff first)"),
        Binding("r", "reload", "Reload", id="journal-reload", tooltip="Read the journal again"),
    ]

    app = getters.app(KizenApp)
    table = getters.query_one("#journal-table", DataTable)

    def __init__(self) -> None:
        super().__init__(id="journal")
        self.entries: list[JournalEntry] = []
        """This profile's entries, newest first."""
        self.reverted: set[str] = set()

    def compose(self) -> ComposeResult:
        """Problems line, the list, the diff of the highlighted entry."""
        yield Header()
        yield Static("", id="journal-problem", markup=False)
        yield DataTable(id="journal-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="journal-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Read the journal."""
        self.title = "Journal of writes"
        self.table.add_columns("When", "Action", "Object", "Record", "Fields", "Status")
        self.action_reload()

    def action_reload(self) -> None:
        """Read the journal file again."""
        read = JournalStore.default().read()
        problem = self.query_one("#journal-problem", Static)
        problem.update(Text(read.problem, style="bold yellow"))
        problem.display = bool(read.problem)
        self.reverted = reverted_ids(read.entries)
        self.entries = [e for e in reversed(read.entries) if e.profile == self.app.profile]
        self.table.clear()
        for entry in self.entries:
            self.table.add_row(*self._cells(entry), key=entry.id)
        if not self.entries:
            self.query_one("#journal-detail", Static).update(
                Text("No writes journaled for this profile yet.", style="dim"))
        self.table.focus()

    def _cells(self, entry: JournalEntry) -> list[Text]:
        action = entry.action + (f" ({entry.result})" if entry.result else "")
        status = "reverted" if entry.id in self.reverted else ("a revert" if entry.reverts
                                                               else "")
        return [Text(_when(entry)), Text(action), Text(safe_text(entry.object, single_line=True)),
                Text(safe_text(entry.record_label, single_line=True, max_len=40)),
                Text(str(len(entry.changes)) if entry.changes else ""),
                Text(status, style="dim")]

    @property
    def current(self) -> JournalEntry | None:
        """The highlighted entry."""
        row = self.table.cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @on(DataTable.RowHighlighted, "#journal-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.current
        if entry is None:
            return
        text = Text(entry.title + "\n", style="bold")
        for line in diff_lines(entry) or ["(no field values)"]:
            text.append(line + "\n")
        text.append(safe_text(f"record id {entry.record_id} · request id {entry.request_id or '?'}",
                              single_line=True),
                    style="dim")
        self.query_one("#journal-detail", Static).update(text)

    @on(DataTable.RowSelected, "#journal-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_revert()

    def action_revert(self) -> None:
        """Revert the highlighted write (asks first)."""
        entry = self.current
        if entry is None or self.app.read_only:
            if self.app.read_only:
                self.notify("Read-only mode: nothing can be reverted.", markup=False)
            return
        self.run_worker(self._revert(entry), group="write", exclusive=True,
                        exit_on_error=False)

    async def _revert(self, entry: JournalEntry) -> None:
        from kizen_tui.ui.screens.record_writes import revert

        if await revert(self.app, entry):
            self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reverting is disabled (greyed) in read-only mode."""
        if action == "revert" and self.app.read_only:
            return None
        return True
