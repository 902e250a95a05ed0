"""The builder's condition editor: field (fuzzy picker), operator (valid for the field's type)
and value (`ValueEditor`), with the condition's own error under them.

It edits the `Condition` it was given in place and posts `ConditionEditor.Edited` after each
change; the builder redraws its row, preview and count. It does no I/O (related-record searches
bubble up from the value editor as `ValueEditor.SearchRelated`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filter_model import LIST_OPS, NO_VALUE_OPS
from kizen_tui.domain.filter_tree import op_phrase
from kizen_tui.domain.filters import Condition, FilterError, TagMap, compile_condition
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.screens.filter_value_editor import ValueEditor


class ConditionEditor(Vertical):
    """Edits one condition; disabled while a group row is selected."""

    BINDINGS = [
        Binding("down", "field_move(1)", show=False),
        Binding("up", "field_move(-1)", show=False),
    ]

    class Edited(Message):
        """The condition changed (field, operator or value)."""

        def __init__(self, editor: ConditionEditor, condition: Condition) -> None:
            super().__init__()
            self.editor = editor
            self.condition = condition

    def __init__(self, index: FieldIndex, tags: TagMap, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = index
        self.tags = tags
        self.fields = [f for f in index.fields if index.ops(f)]
        """The fields that can be filtered on."""
        self.condition: Condition | None = None
        self._shown_fields: list[FieldDef] = []

    def compose(self) -> ComposeResult:
        """Field search and list, operator, value, error."""
        yield Label("Field")
        yield Input(placeholder="type to find a field", id="field-search", compact=True)
        yield OptionList(id="field-options")
        yield Label("Operator")
        yield Select[str]([], id="op-select", prompt="operator", compact=True)
        yield Label("Value")
        yield ValueEditor(id="value-editor")
        yield Static(id="condition-error", markup=False)

    def field_of(self, cond: Condition) -> FieldDef | None:
        """The field a condition names (None when unknown or unset)."""
        try:
            return self.index.resolve(cond.field) if cond.field else None
        except FilterError:
            return None

    async def load(self, condition: Condition | None) -> None:
        """Edit `condition` (None: nothing to edit, the editor is disabled)."""
        self.condition = condition
        self.disabled = condition is None
        search = self.query_one("#field-search", Input)
        field = self.field_of(condition) if condition is not None else None
        with search.prevent(Input.Changed):
            search.value = field.label if field else (condition.field if condition else "")
        self._show_fields("" if field else search.value, current=field)
        await self._set_ops(field, condition.op if condition else "")
        self.check()

    def _show_fields(self, text: str, current: FieldDef | None = None) -> None:
        if text.strip():
            matcher = Matcher(text)
            scored = [(max(matcher.match(f.label), matcher.match(f.name)), f)
                      for f in self.fields]
            shown = [f for score, f in sorted(scored, key=lambda p: -p[0]) if score > 0]
        else:
            shown = list(self.fields)
        self._shown_fields = shown
        options = self.query_one("#field-options", OptionList)
        options.clear_options()
        options.add_options(Option(_field_text(f)) for f in shown)
        if shown:
            options.highlighted = shown.index(current) if current in shown else 0

    async def _set_ops(self, field: FieldDef | None, op: str) -> None:
        select = self.query_one("#op-select", Select)
        kind = self.index.kind(field) if field is not None else None
        ops = list(self.index.ops(field)) if field is not None else []
        with select.prevent(Select.Changed):
            select.set_options([(op_phrase(o, kind), o) for o in ops])
            select.value = op if op in ops else Select.NULL
        value = self.condition.value if self.condition is not None else None
        await self.query_one(ValueEditor).configure(field, kind, op if op in ops else "", value,
                                                    self._options(field))

    def _options(self, field: FieldDef | None) -> list[Any]:
        if field is None:
            return []
        if field.field_type == "dynamictags":
            return list(self.tags.get(field.id, self.tags.get(field.name)) or field.options)
        return list(field.options)

    @on(Input.Changed, "#field-search")
    def _field_typed(self, event: Input.Changed) -> None:
        self._show_fields(event.value)

    @on(Input.Submitted, "#field-search")
    async def _field_submitted(self) -> None:
        options = self.query_one("#field-options", OptionList)
        if options.highlighted is not None and self._shown_fields:
            await self.choose_field(self._shown_fields[options.highlighted])

    @on(OptionList.OptionSelected, "#field-options")
    async def _field_clicked(self, event: OptionList.OptionSelected) -> None:
        await self.choose_field(self._shown_fields[event.option_index])

    async def choose_field(self, field: FieldDef) -> None:
        """Use `field` for the condition (the operator resets to the field's first one)."""
        cond = self.condition
        if cond is None:
            return
        if cond.field != field.name:
            ops = self.index.ops(field)
            cond.field, cond.op, cond.value = field.name, ops[0] if ops else "", None
        search = self.query_one("#field-search", Input)
        with search.prevent(Input.Changed):
            search.value = field.label
        await self._set_ops(field, cond.op)
        self._edited()
        self.query_one("#op-select", Select).focus()

    @on(Select.Changed, "#op-select")
    async def _op_changed(self, event: Select.Changed) -> None:
        cond = self.condition
        if cond is None or event.value is Select.NULL or str(event.value) == cond.op:
            return
        op = str(event.value)
        if _arity(op) != _arity(cond.op) or op in ("between", "month_equals"):
            cond.value = None
        cond.op = op
        await self._set_ops(self.field_of(cond), op)
        self._edited()

    @on(ValueEditor.Changed)
    def _value_changed(self, event: ValueEditor.Changed) -> None:
        event.stop()
        if self.condition is not None:
            self.condition.value = event.editor.value
            self._edited()

    def _edited(self) -> None:
        if self.condition is not None:
            self.check()
            self.post_message(self.Edited(self, self.condition))

    def check(self) -> bool:
        """Show the condition's problem, if any; True when it compiles."""
        cond = self.condition
        if cond is None or not cond.field:
            self._set_error("")
            return False
        if cond.op and cond.op not in NO_VALUE_OPS and cond.value is None:
            self._set_error("enter a value", style="dim")
            return False
        try:
            compile_condition(cond, self.index, tags=self.tags)
        except FilterError as error:
            self._set_error(f"⚠ {error.reason}")
            return False
        self._set_error("")
        return True

    def show_error(self, text: str) -> None:
        """Show a problem under the condition (e.g. a failed related-record search)."""
        self._set_error(text)

    def _set_error(self, text: str, style: str = "bold red") -> None:
        self.query_one("#condition-error", Static).update(Text(text, style=style))

    def action_field_move(self, step: int) -> None:
        """Up/down in the field search move through the field list."""
        if not self.query_one("#field-search", Input).has_focus:
            raise SkipAction()
        options = self.query_one("#field-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()


def _arity(op: str) -> str:
    if op in NO_VALUE_OPS:
        return "none"
    return "list" if op in LIST_OPS else "one"


def _field_text(field: FieldDef) -> Text:
    text = Text(safe_text(field.label, single_line=True))
    text.append(f"  {field.name} · {field.field_type}", style="dim")
    return text
