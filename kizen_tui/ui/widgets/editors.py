"""One editor per field type, built from the field definition and its codec.

Each editor is a row: the field's label (required fields marked `*`), the input control, and a
message line (local or server errors, "was: …" for pending changes, the format hint, or why the
field cannot be edited). Editors never touch the draft: they post `FieldEditor.Edited` (and
`FieldEditor.PickRequested` for relationship and team pickers, which need a search) and the
form applies the change, then calls `show_state` with what the draft now says.

Values are content, never markup: labels and messages are rich `Text`, and editors prefilled
with `codec.format(value)` hold plain text.

Here: the row (`FieldEditor`), text, long text, checkbox and read-only editors, and `editor_for`;
option and relationship pickers are in `picker_editors.py`, multi-value chips in `chips.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.codecs.choices import MultiOptionCodec, OptionCodec, RatingCodec
from kizen_tui.domain.codecs.refs import RefCodec
from kizen_tui.domain.codecs.scalars import CheckboxCodec, LongTextCodec, TimezoneCodec
from kizen_tui.domain.fields import FieldCodec
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.widgets.keys_in_order import FormInput, FormTextArea

EditOp = Literal["text", "value", "add", "add_text", "remove"]
ItemStatus = Literal["kept", "added", "removed"]


@dataclass(frozen=True)
class ChipItem:
    """One item of a multi-value field as shown: the domain item, its label, its status."""

    item: Any
    label: str
    status: ItemStatus = "kept"


@dataclass(frozen=True)
class FieldState:
    """What the form tells an editor after each change."""

    changed: bool = False
    """A change is pending on the field (highlighted)."""
    errors: tuple[str, ...] = ()
    note: str = ""
    """"was: …", or how the typed text was understood ("→ 2026-03-06")."""
    items: tuple[ChipItem, ...] = ()
    """Multi-value fields: the items with their pending status."""
    summary: str = ""
    """Multi-value fields: what is not listed ("120 records, not listed")."""


#: Said under a field whose value holds control characters (shown as symbols, never raw).
CONTROL_NOTE = ("contains control characters, shown as symbols; if you edit this field it is "
                "saved as shown")


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with control characters and escape sequences made visible: an editor must never
    send record data to the terminal raw (a hostile value could recolour or retitle it)."""
    return safe_text(text, single_line=not multiline)


def label_text(field: FieldDef, required: bool | None = None) -> Text:
    """The field's label, `*` for required fields (safe text); `required` overrides the
    definition (an upsert form checks no field as required, yet a record it creates needs
    them)."""
    text = Text(safe_text(field.label, single_line=True, max_len=40))
    if field.is_required if required is None else required:
        text.append(" *", style="bold red")
    return text


class FieldEditor(Vertical):
    """Base of every editor row.

    An editor may be given states and values before it is mounted (the form mounts editors
    below the first screenful after its first paint): it keeps them and shows them when it is
    composed.
    """

    DEFAULT_CSS = """
    FieldEditor { height: auto; padding: 0 1 0 0; border-left: blank; }
    FieldEditor .editor--row { height: auto; }
    FieldEditor.-changed { border-left: thick $warning; }
    FieldEditor.-invalid { border-left: thick $error; }
    FieldEditor .editor--label { width: 28; padding: 0 1; }
    FieldEditor.-readonly { color: $text-muted; padding: 0 1 0 1; }
    FieldEditor .editor--message { padding: 0 0 0 29; color: $text-muted; height: auto; }
    FieldEditor.-invalid .editor--message { color: $text-error; }
    FieldEditor Input { width: 1fr; height: 1; }
    FieldEditor Select { width: 1fr; }
    FieldEditor TextArea { width: 1fr; height: 6; }
    """

    rows = 1
    """About how many lines the editor takes (the form mounts a screenful first)."""

    class Edited(Message):
        """The user changed the value: `op` says how (text typed, value picked, item added
        by value or by text, item removed)."""

        def __init__(self, editor: FieldEditor, op: EditOp, payload: Any) -> None:
            super().__init__()
            self.editor = editor
            self.op: EditOp = op
            self.payload = payload

        @property
        def control(self) -> FieldEditor:
            """The editor that changed."""
            return self.editor

    class PickRequested(Message):
        """The user wants to pick a related record or team member (the screen searches)."""

        def __init__(self, editor: FieldEditor, multi: bool) -> None:
            super().__init__()
            self.editor = editor
            self.multi = multi

        @property
        def control(self) -> FieldEditor:
            """The editor asking."""
            return self.editor

    def __init__(self, field: FieldDef, codec: FieldCodec, *, text: str, value: Any,
                 reason: str = "", required: bool | None = None) -> None:
        super().__init__(id=f"edit-{field.id}", classes="-readonly" if reason else "")
        self.field = field
        """The field edited."""
        self.codec = codec
        self.initial_text = text
        self.initial_value = value
        self.reason = reason
        """Why the field cannot be edited ("" when it can)."""
        self.required = required
        """Whether the label is marked `*` (None: as the definition says)."""
        self.state = FieldState()
        """The state shown (a clean field to begin with)."""
        self._composed_state = self.state

    @property
    def name_key(self) -> str:
        """The field's api name (what the draft is keyed by)."""
        return self.field.name

    def compose(self) -> ComposeResult:
        """Label and control on one row, the message line below."""
        with Horizontal(classes="editor--row"):
            yield Label(label_text(self.field, self.required), classes="editor--label",
                        markup=False)
            yield from self.compose_control()
        self._composed_state = self.state
        message = self._state_message()
        if message.plain:  # otherwise the message line is added when there is something to say
            yield Static(message, classes="editor--message", markup=False)

    def on_mount(self) -> None:
        """Show a state given between composing and mounting."""
        if self.state != self._composed_state:
            self.show_late_state()

    def show_late_state(self) -> None:
        """Bring the message line up to a state given while the editor was being composed."""
        self._message(self._state_message())

    def compose_control(self) -> ComposeResult:
        """The input control(s) of this editor."""
        yield from ()

    def _hint(self) -> Text:
        if self.reason:
            return Text(f"🔒 {self.reason}", style="dim italic")
        return Text(self.hint_text(), style="dim")

    def hint_text(self) -> str:
        """The format hint under the control when there is nothing else to say ("" for none:
        pickers, checkboxes and chips explain themselves)."""
        return ""

    def show_state(self, state: FieldState) -> None:
        """Highlight a pending change and show errors or the note."""
        if state == self.state:
            return  # nothing to redraw (a full-form refresh is common and layouts are costly)
        self.state = state
        mounted = self.is_mounted  # else styles are worked out when it is mounted
        self.set_class(state.changed and not state.errors, "-changed", update=mounted)
        self.set_class(bool(state.errors), "-invalid", update=mounted)
        if mounted:
            self._message(self._state_message())

    def _state_message(self) -> Text:
        """The message line for the current state: errors, else the note, else the hint."""
        state = self.state
        if state.errors:
            return Text("\n".join(f"✗ {safe_text(e, single_line=True)}" for e in state.errors))
        if state.note:
            return Text(safe_text(state.note, single_line=True, max_len=200), style="italic")
        return self._hint()

    def _message(self, message: Text) -> None:
        lines = self.query(".editor--message").results(Static)
        line = next(lines, None)
        if line is None:
            if message.plain:  # one fewer widget per quiet field keeps the form quick to open
                self.mount(Static(message, classes="editor--message", markup=False))
            return
        line.update(message)
        line.display = bool(message.plain)

    def load(self, text: str, value: Any) -> None:
        """Show this text/value in the control without reporting it as an edit (an editor not
        mounted yet keeps them for its control)."""
        self.initial_text, self.initial_value = text, value

    def focus_control(self) -> None:
        """Put the cursor in the editor's control."""
        for widget in self.query("Input, TextArea, Select, Checkbox, Button, ChipBar"):
            if widget.focusable:
                widget.focus()
                return

    def edited(self, op: EditOp, payload: Any) -> None:
        """Report an edit to the form."""
        self.post_message(self.Edited(self, op, payload))


class InputEditor(FieldEditor):
    """One line of text: text, email, phone, numbers, dates, datetimes, typed time zones."""

    multiline = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown_text = visible(self.initial_text, multiline=self.multiline)
        """The text the control was filled with (control characters made visible)."""

    def hint_text(self) -> str:
        """The control character warning (the format hint is the control's placeholder)."""
        return CONTROL_NOTE if self.shown_text != self.initial_text else ""

    def typed(self, text: str) -> None:
        """Report typed text; the untouched visible form of a hostile value is not an edit."""
        if text == self.shown_text and text != self.initial_text:
            text = self.initial_text
        self.edited("text", text)

    def compose_control(self) -> ComposeResult:
        """An Input prefilled with the formatted value (plain text)."""
        yield FormInput(self.shown_text, placeholder=self.codec.input_hint, compact=True)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.typed(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def load(self, text: str, value: Any) -> None:
        """Replace the text."""
        super().load(text, value)
        self.shown_text = visible(text, multiline=self.multiline)
        with self.prevent(Input.Changed):
            for box in self.query(Input).results(Input):
                box.value = self.shown_text


class LongTextEditor(InputEditor):
    """Several lines of text (long text, wysiwyg as markdown source)."""

    multiline = True
    rows = 6

    def compose_control(self) -> ComposeResult:
        """A TextArea."""
        yield FormTextArea(self.shown_text, soft_wrap=True, show_line_numbers=False,
                           tab_behavior="focus")

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.typed(event.text_area.text)

    def load(self, text: str, value: Any) -> None:
        """Replace the text."""
        FieldEditor.load(self, text, value)
        self.shown_text = visible(text, multiline=True)
        with self.prevent(TextArea.Changed):
            for area in self.query(TextArea).results(TextArea):
                area.load_text(self.shown_text)


class CheckboxEditor(FieldEditor):
    """A checkbox (unchecked and empty are the same, API-NOTES.md §4)."""

    def compose_control(self) -> ComposeResult:
        """A Checkbox."""
        yield Checkbox("yes", bool(self.initial_value), compact=True)

    @on(Checkbox.Changed)
    def _changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.edited("value", event.value)

    def load(self, text: str, value: Any) -> None:
        """Tick or untick."""
        super().load(text, value)
        with self.prevent(Checkbox.Changed):
            for box in self.query(Checkbox).results(Checkbox):
                box.value = bool(value)


class ReadOnlyEditor(FieldEditor):
    """A value that cannot be edited here, and why; one widget (forms have many of these)."""

    rows = 2

    def compose(self) -> ComposeResult:
        """Label, value and the reason, as one block of text."""
        yield Static(self._block(self.initial_value), classes="readonly--block", markup=False)

    def _block(self, value: Any) -> Table:
        shown = self.codec.display_value(value, single_line=True)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=26, no_wrap=True)
        grid.add_column(ratio=1)
        shown = safe_text(shown, single_line=True, max_len=200) or "(empty)"
        grid.add_row(label_text(self.field, self.required), Text(shown))
        grid.add_row(Text(""), self._hint())
        return grid

    def show_state(self, state: FieldState) -> None:
        """Nothing is ever pending on a read-only field."""
        self.state = state

    def show_late_state(self) -> None:
        """The block says all there is to say."""

    def load(self, text: str, value: Any) -> None:
        """Show the value."""
        super().load(text, value)
        for block in self.query(".readonly--block").results(Static):
            block.update(self._block(value))


def editor_for(field: FieldDef, codec: FieldCodec, *, text: str, value: Any,
               reason: str = "", required: bool | None = None) -> FieldEditor:
    """The editor for a field, chosen by its codec (read-only ones when `reason` is given;
    `required` overrides the definition's `*`)."""
    from kizen_tui.ui.widgets.chips import ChipsEditor
    from kizen_tui.ui.widgets.picker_editors import OptionEditor, RefEditor

    kwargs: dict[str, Any] = {"text": text, "value": value, "reason": reason,
                              "required": required}
    if reason:
        return ReadOnlyEditor(field, codec, **kwargs)
    if codec.is_multi:
        return ChipsEditor(field, codec, **kwargs)
    if isinstance(codec, CheckboxCodec):
        return CheckboxEditor(field, codec, **kwargs)
    if isinstance(codec, LongTextCodec):
        return LongTextEditor(field, codec, **kwargs)
    if isinstance(codec, RefCodec):
        return RefEditor(field, codec, **kwargs)
    pickable = isinstance(codec, RatingCodec) or (
        isinstance(codec, OptionCodec | TimezoneCodec) and not isinstance(codec, MultiOptionCodec)
        and bool(field.options))
    if pickable:
        return OptionEditor(field, codec, **kwargs)
    return InputEditor(field, codec, **kwargs)
