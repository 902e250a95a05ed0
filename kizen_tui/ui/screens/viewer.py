"""A full-screen viewer for one value: long text as text, and the raw JSON."""

from __future__ import annotations

import json

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane, TextArea

from kizen_tui.api.models import FieldDef, FieldValue
from kizen_tui.domain.fields import display_field
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.widgets.footer import Footer


class ValueViewer(Screen[None]):
    """Shows a value in full; escape sequences are made visible, markup is plain text."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="viewer-back"),
        Binding("y", "copy", "Copy", id="viewer-copy", tooltip="Copy the value"),
    ]

    app = getters.app(KizenApp)

    def __init__(self, field: FieldDef, entry: FieldValue, *, record_label: str) -> None:
        super().__init__()
        self.field = field
        self.entry = entry
        self.record_label = record_label

    def compose(self) -> ComposeResult:
        """Two tabs: the value as text, and the raw JSON the API sent."""
        yield Header()
        shown = display_field(self.entry, self.field, single_line=False)
        raw = json.dumps(self.entry.model_dump(exclude_none=True), indent=2, ensure_ascii=False,
                         default=str)
        with TabbedContent():
            with TabPane("Value", id="viewer-value"):
                yield TextArea(shown, read_only=True, soft_wrap=True, id="viewer-text")
            with TabPane("Raw JSON", id="viewer-raw"):
                yield TextArea(safe_text(raw), read_only=True, language=None, id="viewer-json")
        yield Footer()

    def on_mount(self) -> None:
        """Title with the field and record."""
        self.title = f"{self.field.label} · {safe_text(self.record_label, single_line=True)}"

    def action_copy(self) -> None:
        """Copy the value as displayed."""
        self.app.copy_text(display_field(self.entry, self.field, single_line=False),
                           f"the value of {self.field.label}")
