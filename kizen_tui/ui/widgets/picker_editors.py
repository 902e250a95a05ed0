"""Editors that pick a value: a drop-down of options (also ratings and time zones) and a
related record or team member chosen through a searching picker.

See `editors.py` for the editor row they share (label, control, message line).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Select, Static

from kizen_tui.domain.codecs.choices import RatingCodec
from kizen_tui.domain.fields import FieldCodec, Ref
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.widgets.editors import FieldEditor


def option_choices(codec: FieldCodec, current: Any) -> list[tuple[Text, Any]]:
    """(label, value) pairs for a picker: options, a rating scale or time zones; a current
    value the definition does not list is kept as an extra choice."""
    if isinstance(codec, RatingCodec):
        low, high = codec.scale()
        pairs: list[tuple[str, Any]] = [(f"{n}/{high}", n) for n in range(low, high + 1)]
    else:
        pairs = [(o.name or o.code or o.id, o.id) for o in codec.field.options]
    if current is not None and current not in [v for _, v in pairs]:
        pairs.append((codec.format(current) or str(current), current))
    return [(Text(safe_text(label, single_line=True, max_len=60)), value)
            for label, value in pairs]


class OptionEditor(FieldEditor):
    """A picker for dropdown, radio, status, yes/no/maybe, choices, selector, rating, time zone."""

    def compose_control(self) -> ComposeResult:
        """A Select with a blank choice (clears the field)."""
        current = self.initial_value
        yield Select(option_choices(self.codec, current), prompt="(empty)", allow_blank=True,
                     value=Select.NULL if current is None else current, compact=True)

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self.edited("value", None if event.value is Select.NULL else event.value)

    def load(self, text: str, value: Any) -> None:
        """Select this value."""
        super().load(text, value)
        select: Select[Any] | None = next(iter(self.query(Select).results(Select)), None)
        if select is None:
            return
        with self.prevent(Select.Changed):
            if value is None:
                select.clear()
            else:
                select.set_options(option_choices(self.codec, value))
                select.value = value


class RefEditor(FieldEditor):
    """One related record or team member: its name, a picker button and a clear button."""

    DEFAULT_CSS = """
    RefEditor .ref--current { width: 1fr; padding: 0 1; }
    RefEditor Button { min-width: 10; margin-left: 1; }
    """

    def compose_control(self) -> ComposeResult:
        """The current value and the buttons."""
        yield Static(self._current(self.initial_value), classes="ref--current", markup=False)
        yield Button("Choose…", id="ref-pick", compact=True)
        yield Button("Clear", id="ref-clear", compact=True)

    @staticmethod
    def _current(value: Any) -> Text:
        if not isinstance(value, Ref):
            return Text("(empty)", style="dim")
        return Text(safe_text(str(value), single_line=True, max_len=60))

    @on(Button.Pressed, "#ref-pick")
    def _pick(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.PickRequested(self, multi=False))

    @on(Button.Pressed, "#ref-clear")
    def _clear(self, event: Button.Pressed) -> None:
        event.stop()
        self.load("", None)
        self.edited("value", None)

    def load(self, text: str, value: Any) -> None:
        """Show the chosen reference."""
        super().load(text, value)
        for current in self.query(".ref--current").results(Static):
            current.update(self._current(value))
