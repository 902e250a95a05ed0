"""Concurrent changes: someone changed a field on the server while it was being edited here.

For each such field the screen shows the original (when the form opened), theirs (on the
server now) and mine (in the draft), and the user chooses, per field, whose value to keep.
Nothing is chosen by default, so applying needs a decision for every field: `m` keeps all of
mine, `t` takes all of theirs, or choose per field.
"""

from __future__ import annotations

from typing import Any, Literal

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from kizen_tui.domain.drafts import Conflict, RecordDraft
from kizen_tui.domain.text import safe_text

Keep = dict[str, Literal["mine", "theirs"]]


def _shown(draft: RecordDraft, name: str, value: Any) -> str:
    text = draft.codec(name).display_value(value)
    return safe_text(text, single_line=True, max_len=60) or "(empty)"


def conflict_table(draft: RecordDraft, conflict: Conflict) -> Table:
    """Original / theirs / mine of one field."""
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(style="dim", width=10)
    table.add_column()
    table.add_row("original", Text(_shown(draft, conflict.field, conflict.original)))
    table.add_row("theirs", Text(_shown(draft, conflict.field, conflict.theirs),
                                 style="bold cyan"))
    table.add_row("mine", Text(_shown(draft, conflict.field, conflict.mine), style="bold yellow"))
    return table


class ConflictScreen(ModalScreen[Keep | None]):
    """Choose mine or theirs for each conflicting field; None cancels the save."""

    DEFAULT_CSS = """
    #conflict-dialog { max-height: 90%; }
    #conflict-scroll { height: auto; max-height: 24; }
    .conflict--choice { height: auto; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel save"),
        Binding("m", "all('mine')", "All mine", tooltip="Keep my value for every field"),
        Binding("t", "all('theirs')", "All theirs", tooltip="Take their value for every field"),
    ]

    def __init__(self, draft: RecordDraft, conflicts: list[Conflict]) -> None:
        super().__init__(id="conflicts")
        self.draft = draft
        self.conflicts = conflicts
        self.keep: Keep = {}
        """The choices made so far."""

    def compose(self) -> ComposeResult:
        """One block per field with a mine/theirs choice."""
        with Vertical(classes="dialog", id="conflict-dialog"):
            count = len(self.conflicts)
            yield Label(Text(f"{count} field{'s' if count != 1 else ''} changed on the server "
                             "while you were editing"), classes="title", markup=False)
            with VerticalScroll(id="conflict-scroll"):
                for index, conflict in enumerate(self.conflicts):
                    yield Static(Text(safe_text(conflict.label, single_line=True),
                                      style="bold"), markup=False)
                    yield Static(conflict_table(self.draft, conflict), markup=False)
                    with RadioSet(id=f"conflict-{index}", classes="conflict--choice"):
                        yield RadioButton("Keep mine", id=f"mine-{index}")
                        yield RadioButton("Take theirs", id=f"theirs-{index}")
            yield Static(self._status(), id="conflict-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="conflict-apply", compact=True,
                             disabled=True)
                yield Button("Cancel", id="conflict-cancel", compact=True)

    def _status(self) -> Text:
        left = len(self.conflicts) - len(self.keep)
        if left:
            return Text(f"Choose for {left} more field{'s' if left != 1 else ''} "
                        "(m: all mine, t: all theirs)", style="dim")
        return Text("Ready: Apply goes back to the review with the chosen values.",
                    style="dim")

    @on(RadioSet.Changed)
    def _picked(self, event: RadioSet.Changed) -> None:
        index = int((event.radio_set.id or "conflict-0").split("-")[1])
        mine = (event.pressed.id or "").startswith("mine")
        self.keep[self.conflicts[index].field] = "mine" if mine else "theirs"
        self._update()

    def _update(self) -> None:
        self.query_one("#conflict-status", Static).update(self._status())
        self.query_one("#conflict-apply", Button).disabled = len(self.keep) < len(
            self.conflicts)

    def action_all(self, choice: Literal["mine", "theirs"]) -> None:
        """Choose the same side for every field."""
        for index, conflict in enumerate(self.conflicts):
            self.keep[conflict.field] = choice
            button = self.query_one(f"#{choice}-{index}", RadioButton)
            with self.prevent(RadioSet.Changed, RadioButton.Changed):
                button.value = True
        self._update()

    @on(Button.Pressed, "#conflict-apply")
    def _apply(self) -> None:
        if len(self.keep) == len(self.conflicts):
            self.dismiss(dict(self.keep))

    @on(Button.Pressed, "#conflict-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
