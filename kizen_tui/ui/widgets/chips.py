"""Chips for multi-value fields (checkboxes, dynamic tags, to-many relationships).

`ChipBar` shows the items as chips that wrap like words: kept items plain, pending additions
green with `+`, pending removals red, struck through, with `−`. Left/right move between chips;
delete, backspace, space or enter (or a click) removes a chip, or takes back a pending change.
`ChipsEditor` puts a ChipBar above the way to add items: an option picker for checkboxes, a
text box with suggestions for tags, an "Add…" button (a search) for relationships.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Select

from kizen_tui.domain.codecs.choices import DynamicTagsCodec, MultiOptionCodec
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.widgets.editors import ChipItem, FieldEditor, FieldState
from kizen_tui.ui.widgets.keys_in_order import FormInput
from kizen_tui.ui.widgets.picker_editors import option_choices

_STYLES = {"kept": Style(bgcolor="grey30"), "added": Style(color="green", bold=True),
           "removed": Style(color="red", strike=True)}
_MARKS = {"kept": "", "added": "+ ", "removed": "− "}


class ChipBar(Widget, can_focus=True):
    """The items of a multi-value field as chips; posts `Toggled` to remove or restore one."""

    DEFAULT_CSS = """
    ChipBar { height: auto; width: 1fr; padding: 0 1; }
    ChipBar:focus { background: $boost; }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Previous chip", show=False),
        Binding("right", "move(1)", "Next chip", show=False),
        Binding("delete,backspace,space,enter", "toggle_current", "Remove / restore",
                tooltip="Remove the chip, or take back its pending change"),
    ]

    cursor = reactive(0)
    """The chip the keys act on."""

    class Toggled(Message):
        """Remove this item, or take back its pending addition/removal."""

        def __init__(self, bar: ChipBar, chip: ChipItem) -> None:
            super().__init__()
            self.bar = bar
            self.chip = chip

        @property
        def control(self) -> ChipBar:
            """The bar the chip is on."""
            return self.bar

    def __init__(self, *, disabled: bool = False) -> None:
        super().__init__(disabled=disabled)
        self.chips: list[ChipItem] = []
        """The chips shown, in order."""
        self.summary = ""

    def show(self, chips: list[ChipItem], summary: str = "") -> None:
        """Show these chips (and a note about items not listed)."""
        self.chips = list(chips)
        self.summary = summary
        self.cursor = min(self.cursor, max(len(self.chips) - 1, 0))
        self.refresh(layout=True)

    def allow_focus(self) -> bool:
        """Only with chips to act on: an empty bar ("(none)") would be a Tab stop where keys
        do nothing and the cursor cannot be seen."""
        return self.can_focus and bool(self.chips)

    def render(self) -> Text:
        """Chips separated by spaces; the current chip reversed while focused."""
        text = Text()
        for index, chip in enumerate(self.chips):
            chip_style = _STYLES[chip.status]
            if self.has_focus and index == self.cursor:
                chip_style += Style(reverse=True)
            chip_style += Style(meta={"@click": f"click_chip({index})"})
            label = safe_text(chip.label, single_line=True, max_len=60)
            text.append(f" {_MARKS[chip.status]}{label} ", style=chip_style)
            text.append(" ")
        if self.summary:
            text.append(safe_text(self.summary, single_line=True), style="dim italic")
        if not text:
            text.append("(none)", style="dim")
        return text

    def action_move(self, step: int) -> None:
        """Move to the previous or next chip."""
        if self.chips:
            self.cursor = (self.cursor + step) % len(self.chips)
            self.refresh()

    def action_toggle_current(self) -> None:
        """Remove or restore the current chip."""
        if 0 <= self.cursor < len(self.chips):
            self.post_message(self.Toggled(self, self.chips[self.cursor]))

    def action_click_chip(self, index: int) -> None:
        """A click on a chip toggles it."""
        if not self.disabled and 0 <= index < len(self.chips):
            self.cursor = index
            self.post_message(self.Toggled(self, self.chips[index]))

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()


class ChipsEditor(FieldEditor):
    """A multi-value field: chips plus a way to add items that fits the field type."""

    rows = 2

    DEFAULT_CSS = """
    ChipsEditor .chips--column { height: auto; width: 1fr; }
    ChipsEditor .chips--add { height: auto; width: 1fr; }
    ChipsEditor .chips--add Input { width: 1fr; height: 1; }
    ChipsEditor .chips--add Select { width: 1fr; }
    """

    def compose_control(self) -> ComposeResult:
        """The chips, then the adder."""
        from textual.containers import Vertical

        with Vertical(classes="chips--column"):
            yield ChipBar(disabled=bool(self.reason))
            with Horizontal(classes="chips--add"):
                yield from self._adder()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._suggester: SuggestFromList | None = None

    def _adder(self) -> ComposeResult:
        if isinstance(self.codec, DynamicTagsCodec):
            yield FormInput(placeholder="add a tag (enter); new names create tags",
                            compact=True, id="chips-input", suggester=self._suggester)
        elif isinstance(self.codec, MultiOptionCodec):
            yield Select(option_choices(self.codec, None), prompt="+ add an option",
                         allow_blank=True, compact=True, id="chips-select")
        else:
            yield Button("+ Add…", id="chips-pick", compact=True)

    def on_mount(self) -> None:
        """Show the items: as the form last said, else the starting ones."""
        if self.state != FieldState():
            self.query_one(ChipBar).show(list(self.state.items), self.state.summary)
            return
        items = self.initial_value if isinstance(self.initial_value, list) else []
        self.query_one(ChipBar).show([ChipItem(i, self.codec.format_item(i)) for i in items])

    def show_state(self, state: FieldState) -> None:
        """Show the chips with their pending status, and the message line."""
        if state == self.state:
            return
        super().show_state(state)
        for bar in self.query(ChipBar).results(ChipBar):  # none yet: on_mount shows them
            bar.show(list(state.items), state.summary)

    def set_suggestions(self, labels: list[str]) -> None:
        """Names to complete in the tag box (the screen fetches them; kept for a box not
        composed yet)."""
        self._suggester = SuggestFromList(labels, case_sensitive=False)
        for box in self.query("#chips-input").results(Input):
            box.suggester = self._suggester

    @on(ChipBar.Toggled)
    def _toggled(self, event: ChipBar.Toggled) -> None:
        event.stop()
        chip = event.chip
        self.edited("add" if chip.status == "removed" else "remove", chip.item)

    @on(Input.Submitted, "#chips-input")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.edited("add_text", event.value)
            event.input.value = ""

    @on(Input.Changed, "#chips-input")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()  # only a submitted tag is an edit

    @on(Select.Changed, "#chips-select")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self.edited("add", event.value)
            with self.prevent(Select.Changed):
                event.select.clear()

    @on(Button.Pressed, "#chips-pick")
    def _pick(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.PickRequested(self, multi=True))

    def load(self, text: str, value: Any) -> None:
        """Chips are redrawn by `show_state`; nothing else holds the value."""
