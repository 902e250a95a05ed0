"""Bulk edit (`B`): one change applied to every marked record.

The dialog picks the operation (set a value, add or remove an item of a multi-value field,
archive), the field and the value: picked from the field's options for option fields
(dropdown, radio, status, checkboxes, yes/no/maybe...), else typed as in the edit form; either
way it is read by the field's codec.
Each record gets its own `RecordDraft`, so the PATCH bodies are exactly what the edit form would
send (multi-value fields as `add_values` / `remove_values`, never whole lists), and the journal
gets the same entries as a single edit. A record whose value would not change is skipped and
says so. The review screen (`bulk_review`) lists every record and its body before anything is
sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.codecs.choices import OptionCodec
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import FieldParseError, codec_for
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema

Operation = Literal["set", "add", "remove", "archive"]
OPERATIONS: list[tuple[str, Operation]] = [
    ("Set the value", "set"), ("Add an item (multi-value)", "add"),
    ("Remove an item (multi-value)", "remove"), ("Archive the records", "archive")]


class BulkError(ValueError):
    """The change cannot be applied (message says why); nothing is sent."""


@dataclass
class BulkItem:
    """One record of a bulk change: what will be sent and, later, what happened."""

    record: Record
    body: list[dict[str, Any]] | None = None
    """The PATCH `fields` list (None for an archive)."""
    draft: RecordDraft | None = None
    skip: str = ""
    """Why nothing is sent for this record ("" when it is sent)."""
    status: str = "pending"
    """pending, ok, failed, skipped or not sent."""
    detail: str = ""
    """The error of a failure."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body_text(self) -> str:
        """The request, for the review screen."""
        if self.skip:
            return f"skipped: {self.skip}"
        if self.body is None:
            return f"DELETE (archive) {self.record.id}"
        return json.dumps({"fields": self.body}, ensure_ascii=False)


def editable_fields(schema: ObjectSchema, op: Operation) -> list[FieldDef]:
    """Fields the operation can change (multi-value ones only for add/remove)."""
    out = []
    for f in schema.visible_fields:
        codec = codec_for(f)
        if codec.is_editable and (op == "set" or codec.is_multi):
            out.append(f)
    return out


def option_choices(target: FieldDef | None) -> list[tuple[Text, str]]:
    """(label, option id) of an option field, for a picker; [] for other fields.

    The ids are what the picker hands to `plan_bulk` as text: the codec reads an option id
    first, so a label shared by two options or containing a comma is no problem.
    """
    if target is None:
        return []
    codec = codec_for(target)
    if not isinstance(codec, OptionCodec) or not target.options:
        return []
    return [(Text(safe_text(o.name or o.code or o.id, single_line=True, max_len=60)), o.id)
            for o in target.options]


def plan_bulk(schema: ObjectSchema, records: list[Record], op: Operation,
              field_name: str | None, text: str) -> list[BulkItem]:
    """One item per record; raises BulkError when the value is not valid for the field."""
    if op == "archive":
        return [BulkItem(r) for r in records]
    target = schema.field(field_name or "")
    if target is None:
        raise BulkError("Pick a field")
    codec = codec_for(target)
    if op != "set" and not text.strip():
        raise BulkError(f"{target.label}: give the item to {op}")
    try:
        value = codec.parse_item(text) if op != "set" else None
    except FieldParseError as error:
        raise BulkError(f"{target.label}: {error}") from None
    items = []
    for record in records:
        draft = RecordDraft(record, schema.fields)
        try:
            if op == "set":
                draft.set_text(target.name, text)
            elif op == "add":
                draft.add_item(target.name, value)
            else:
                draft.remove_item(target.name, value)
        except (FieldParseError, ValueError) as error:
            raise BulkError(f"{target.label}: {error}") from None
        problems = draft.errors.get(target.name)
        if problems:
            raise BulkError(f"{target.label}: {'; '.join(problems)}")
        body = draft.to_patch()
        skip = "" if body else "nothing to change"
        items.append(BulkItem(record, body or None, draft, skip=skip,
                              status="skipped" if skip else "pending"))
    return items


class BulkScreen(ModalScreen[bool]):
    """Pick field, operation and value; dismisses True when something was written."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, schema: ObjectSchema, records: list[Record]) -> None:
        super().__init__(id="bulk-screen")
        self.schema = schema
        self.records = records

    def compose(self) -> ComposeResult:
        """Operation, field, value, hint, error and the buttons."""
        n = len(self.records)
        label = safe_text(self.schema.object.label, single_line=True)
        with Vertical(classes="dialog"):
            yield Label(Text(f"Bulk edit: {n} record{'s' if n != 1 else ''} of {label}"),
                        classes="title", markup=False)
            yield Select(OPERATIONS, value="set", allow_blank=False, id="bulk-op")
            yield Select(self._field_options("set"), prompt="Field", id="bulk-field")
            yield Input(placeholder="value (as typed in the edit form)", id="bulk-value")
            yield Select[str]([], prompt="(empty)", id="bulk-choice")
            yield Static("", id="bulk-hint")
            yield Static("", id="bulk-error")
            with Horizontal(classes="buttons"):
                yield Button("Review", variant="primary", id="bulk-review")
                yield Button("Cancel", id="bulk-cancel")

    def _field_options(self, op: Operation) -> list[tuple[str, str]]:
        return [(safe_text(f.label, single_line=True), f.name)
                for f in editable_fields(self.schema, op)]

    @property
    def op(self) -> Operation:
        """The chosen operation."""
        return self.query_one("#bulk-op", Select).value  # type: ignore[return-value]

    @property
    def field_name(self) -> str | None:
        """The chosen field's api name."""
        value = self.query_one("#bulk-field", Select).value
        return value if isinstance(value, str) else None

    @property
    def value_text(self) -> str:
        """The value as text for the codec: the picked option's id, or what was typed."""
        choice = self.query_one("#bulk-choice", Select)
        if choice.display:
            return choice.value if isinstance(choice.value, str) else ""
        return self.query_one("#bulk-value", Input).value

    def on_mount(self) -> None:
        """No field yet: the typed value is shown."""
        self._show_value_control()

    @on(Select.Changed, "#bulk-op")
    def _op_changed(self) -> None:
        box = self.query_one("#bulk-field", Select)
        box.set_options(self._field_options(self.op))
        box.disabled = self.query_one("#bulk-value", Input).disabled = self.op == "archive"
        self._show_value_control()

    @on(Select.Changed, "#bulk-field")
    def _field_changed(self) -> None:
        target = self.schema.field(self.field_name or "")
        choices = option_choices(target)
        hint = "" if target is None else (
            "pick one of the field's options" if choices else codec_for(target).input_hint)
        self.query_one("#bulk-hint", Static).update(Text(hint, style="dim"))
        self._show_value_control()

    def _show_value_control(self) -> None:
        """A picker of the options for an option field, else the text box."""
        choices = [] if self.op == "archive" else option_choices(
            self.schema.field(self.field_name or ""))
        choice = self.query_one("#bulk-choice", Select)
        typed = self.query_one("#bulk-value", Input)
        choice.set_options(choices)  # its blank choice clears the field (a "set" to nothing)
        choice.display, typed.display = bool(choices), not choices

    @on(Button.Pressed, "#bulk-review")
    @on(Input.Submitted, "#bulk-value")
    def action_review(self) -> None:
        """Plan the change and show the review screen."""
        from kizen_tui.ui.screens.bulk_review import BulkReview

        try:
            items = plan_bulk(self.schema, self.records, self.op, self.field_name,
                              self.value_text)
        except BulkError as error:
            self.query_one("#bulk-error", Static).update(Text(str(error), style="bold red"))
            return
        def reviewed(written: bool | None) -> None:
            self.dismiss(bool(written))  # not returned: a callback's awaitable is awaited

        self.app.push_screen(BulkReview(self.schema, items, self.op), reviewed)

    @on(Button.Pressed, "#bulk-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)
