"""The builder's value editor: the right widget for the field type and operator.

Choice fields get a Select (one value) or a SelectionList (several), dates and numbers an input
with the expected form, `between` two inputs, `month =` a month list, checkboxes true/false,
relationships a search over the related object (the builder runs it: widgets never fetch), and
the blank checks no value at all. `value` reads what is entered in the filter spec's terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList
from textual.widgets.option_list import Option

from kizen_tui.api.models import FieldDef, FieldOption, TagOption
from kizen_tui.domain import filter_values as fv
from kizen_tui.domain.filter_fields import FieldKind
from kizen_tui.domain.filter_model import LIST_OPS, NO_VALUE_OPS, FilterError
from kizen_tui.domain.text import safe_text

_CHOICE_KINDS = frozenset({FieldKind.SINGLE, FieldKind.STAGE, FieldKind.MULTI,
                           FieldKind.RATING, FieldKind.TIMEZONE})
_NUMERIC_KINDS = frozenset({FieldKind.NUMBER, FieldKind.FILES})
_PLACEHOLDERS = {
    FieldKind.NUMBER: "a number", FieldKind.FILES: "a count of files",
    FieldKind.DATE: "YYYY-MM-DD", FieldKind.DATETIME: "YYYY-MM-DD or 2026-01-31T09:00:00Z",
    FieldKind.PERSON: "employee id (several: comma separated)",
}

Option_ = FieldOption | TagOption


def editor_mode(kind: FieldKind | None, op: str, options: Sequence[Option_]) -> str:
    """Which editor a field kind and operator need."""
    if kind is None or not op or op in NO_VALUE_OPS:
        return "none"
    if op == "month_equals":
        return "month"
    if op == "between":
        return "range"
    if kind is FieldKind.RELATIONSHIP:
        return "related"
    if kind is FieldKind.CHECKBOX:
        return "bool"
    if kind in _CHOICE_KINDS and options:
        return "choices" if op in LIST_OPS else "choice"
    return "text"


def number_or_text(text: str) -> Any:
    """`12` -> 12, `1.5` -> 1.5; anything else stays text (the compiler says what is wrong)."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def option_spellings(options: Sequence[Option_]) -> dict[str, str]:
    """Option id -> label, for labels that name exactly one option (any case): a spec then
    reads `"Won"`, not a UUID, and still means the same option."""
    counts: dict[str, int] = {}
    for option in options:
        key = (option.name or "").strip().casefold()
        counts[key] = counts.get(key, 0) + 1
    return {o.id: o.name for o in options
            if o.name and counts[o.name.strip().casefold()] == 1}


class ValueEditor(Vertical):
    """Edits a condition's value; posts `Changed` on every edit."""

    DEFAULT_CSS = """
    ValueEditor { height: auto; }
    ValueEditor SelectionList { height: auto; max-height: 7; }
    ValueEditor #value-results { height: auto; max-height: 5; }
    """

    class Changed(Message):
        """The value changed."""

        def __init__(self, editor: ValueEditor) -> None:
            super().__init__()
            self.editor = editor

    class SearchRelated(Message):
        """Find records of the related object matching `text` (call `show_related`)."""

        def __init__(self, editor: ValueEditor, object_id: str, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.object_id = object_id
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = "none"
        self.kind: FieldKind | None = None
        self.field: FieldDef | None = None
        self.op = ""
        self.labels: dict[str, str] = {}
        """Labels of related records seen (id -> name)."""
        self._results: list[tuple[str, str]] = []
        self._spelled: dict[str, str] = {}

    async def configure(self, field: FieldDef | None, kind: FieldKind | None, op: str,
                        value: Any, options: Sequence[Option_]) -> None:
        """Show the editor for this field and operator, holding `value`."""
        self.field, self.kind, self.op = field, kind, op
        self.mode = editor_mode(kind, op, options)
        self._results = []
        await self.remove_children()
        await self.mount_all(self._widgets(value, options))

    def _widgets(self, value: Any, options: Sequence[Option_]) -> list[Widget]:
        mode = self.mode
        if mode == "none":
            note = "no value needed" if self.op else "choose a field and an operator"
            return [Label(note, classes="hint", id="value-none")]
        if mode in ("choice", "choices"):
            return [self._choice(value, options)]
        if mode == "month":
            months = [(name.title(), i) for i, name in enumerate(fv.MONTHS, start=1)]
            month = _try(lambda: fv.as_month(value)) if value is not None else None
            return [Select(months, value=month or Select.NULL, id="value-month",
                           prompt="month")]
        if mode == "bool":
            flag = _try(lambda: fv.as_bool(value)) if value is not None else None
            return [Select([("checked (true)", True), ("not checked (false)", False)],
                           value=Select.NULL if flag is None else flag, id="value-bool")]
        if mode == "range":
            low, high = [*value, None, None][:2] if isinstance(value, list) else [None, None]
            hint = _PLACEHOLDERS.get(self.kind or FieldKind.TEXT, "value")
            return [Input(_text(low), placeholder=f"from ({hint})", id="value-low"),
                    Input(_text(high), placeholder=f"to ({hint})", id="value-high")]
        if mode == "related":
            return self._related(value)
        return [Input(_text(value), placeholder=self._placeholder(), id="value-input")]

    def _placeholder(self) -> str:
        base = _PLACEHOLDERS.get(self.kind or FieldKind.TEXT, "text")
        return f"{base}, comma separated" if self.op in LIST_OPS else base

    def _choice(self, value: Any, options: Sequence[Option_]) -> Widget:
        resolver = fv.OptionResolver(options, field_label="")
        self._spelled = option_spellings(options)
        wanted = {opt.id for v in fv.as_list(value) if v is not None
                  if (opt := _try(lambda v=v: resolver.find(v))) is not None}
        if self.mode == "choices":
            items = [(Text(safe_text(o.name or o.id, single_line=True)), o.id, o.id in wanted)
                     for o in options]
            return SelectionList[str](*items, id="value-list")
        pairs = [(safe_text(o.name or o.id, single_line=True), o.id) for o in options]
        chosen = next(iter(wanted), None)
        return Select(pairs, value=chosen if chosen is not None else Select.NULL,
                      id="value-select", prompt="choose a value")

    def _related(self, value: Any) -> list[Widget]:
        ids = [str(v) for v in fv.as_list(value) if v is not None]
        chosen = SelectionList[str](
            *[(Text(safe_text(self.labels.get(i, i), single_line=True)), i, True) for i in ids],
            id="value-chosen")
        return [Input(placeholder="search the related records", id="value-search"),
                OptionList(id="value-results"), chosen]

    def show_related(self, results: list[tuple[str, str]]) -> None:
        """Show search results (id, label) of the related object."""
        if self.mode != "related":
            return
        self._results = results
        self.labels.update(results)
        box = self.query_one("#value-results", OptionList)
        box.clear_options()
        box.add_options(Option(Text(safe_text(label, single_line=True))) for _, label in results)

    @property
    def value(self) -> Any:
        """The value entered, as the filter spec takes it (None when missing)."""
        mode = self.mode
        if mode in ("month", "bool"):
            widget = self.query_one(Select)
            return None if widget.value is Select.NULL else widget.value
        if mode == "choice":
            chosen = self.query_one("#value-select", Select).value
            return None if chosen is Select.NULL else self._spelled.get(str(chosen), chosen)
        if mode == "choices":
            ids = self.query_one("#value-list", SelectionList).selected
            return [self._spelled.get(i, i) for i in ids] or None
        if mode == "related":
            return list(self.query_one("#value-chosen", SelectionList).selected) or None
        if mode == "range":
            low, high = (self._convert(self.query_one(f"#value-{k}", Input).value.strip())
                         for k in ("low", "high"))
            return None if low is None or high is None else [low, high]
        if mode == "text":
            text = self.query_one("#value-input", Input).value.strip()
            if self.op in LIST_OPS:
                items = [self._convert(part.strip()) for part in text.split(",")]
                return [i for i in items if i is not None] or None
            return self._convert(text)
        return None

    def _convert(self, text: str) -> Any:
        if not text:
            return None
        return number_or_text(text) if self.kind in _NUMERIC_KINDS else text

    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Input.Changed, "#value-input, #value-low, #value-high")
    def _edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    @on(Input.Changed, "#value-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        related = self.field.relation.related_object if self.field and self.field.relation \
            else None
        if related and event.value.strip():
            self.post_message(self.SearchRelated(self, related, event.value.strip()))

    @on(OptionList.OptionSelected, "#value-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        record_id, label = self._results[event.option_index]
        chosen = self.query_one("#value-chosen", SelectionList)
        if record_id not in chosen.selected:
            chosen.add_option((Text(safe_text(label, single_line=True)), record_id, True))
        self.post_message(self.Changed(self))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _try(call: Any) -> Any:
    try:
        return call()
    except (FilterError, ValueError, TypeError):
        return None
