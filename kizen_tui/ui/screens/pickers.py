"""Small modal pickers of the browse screen: sort column and grid columns."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.widgets.record_grid import LABEL_KEY, GridColumn


class SortPicker(ModalScreen[str | None]):
    """Choose the column to order by; returns its key (the grid toggles the direction)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, columns: list[GridColumn], ordering: str | None) -> None:
        super().__init__()
        self.columns = columns
        self.ordering = ordering or ""

    def compose(self) -> ComposeResult:
        """A titled list of the grid's columns with the current direction marked."""
        with Vertical(classes="dialog"):
            yield Label("Order by (again to reverse, a third time to clear)", classes="title")
            options = []
            for column in self.columns:
                key = "name" if column.key == LABEL_KEY else column.key
                mark = " ↑" if self.ordering == key else " ↓" if self.ordering == f"-{key}" else ""
                options.append(Option(Text(safe_text(column.label, single_line=True) + mark),
                                      id=key))
            yield OptionList(*options, id="sort-options")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ColumnPicker(ModalScreen[list[str] | None]):
    """Choose the grid's columns (all non-hidden fields); returns api names in field order."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("ctrl+s", "apply", "Apply")]

    def __init__(self, schema: ObjectSchema, shown: list[str]) -> None:
        super().__init__()
        self.schema = schema
        self.shown = shown

    def compose(self) -> ComposeResult:
        """A selection list of fields with OK/Cancel buttons."""
        with Vertical(classes="dialog"):
            yield Label("Columns (space to toggle, ctrl+s to apply)", classes="title")
            items = [
                (Text(f"{safe_text(f.label, single_line=True)}  ({f.name} · {f.field_type})"),
                 f.name, f.name in self.shown)
                for f in self.schema.visible_fields
                if f.name not in ("name",)
            ]
            yield SelectionList[str](*items, id="column-options")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Return the chosen columns."""
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss([f.name for f in self.schema.fields if f.name in chosen])

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
