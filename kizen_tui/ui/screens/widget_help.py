"""F1: what the focused part of the screen is for, and the first-run hint.

`help_for(widget)` walks from the focused widget up to the screen and returns the text of the
first one it knows (by class name, so a subclass of, say, `DataTable` that has no text of its own
gets the generic table text). `WidgetHelp` shows it with the keys of the screen underneath
(`help.key_table`), so F1 answers "where am I and what can I do here".

The first-run hint is one notification per profile, remembered in the settings
(`SettingsStore.hint_seen` / `mark_hint_seen`), so it never nags twice.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Label, Static

FIRST_RUN_HINT = "first-run"
FIRST_RUN_TEXT = ("Welcome to kizen-tui. Press ? for the keys of any screen, F1 for help on "
                  "the part you are in, ctrl+p for every command; / searches, f filters, "
                  "enter opens a record.")

#: Help per widget class name, most specific first when classes are related.
WIDGET_HELP: dict[str, str] = {
    "RecordGrid": (
        "The record grid: one page of the search result. Up/down move (past the edge: the "
        "next page), enter opens the record, s sorts, c picks columns, space marks a row for a "
        "bulk edit (B), x exports every page, o opens the record in Kizen, L copies its link."),
    "FieldTable": (
        "The fields of the record: label and value. Enter on a long value opens the viewer, "
        "on a relationship lists its records; Y copies the value, M masks the field in "
        "screen-share mode."),
    "DetailPane": (
        "The detail pane: the highlighted record's fields and access flags. p hides it, "
        "H shows hidden fields, A shows api names."),
    "FilterBar": (
        "The filter bar: type a query such as `stage in (Won, Lost) and amount >= 1000`, tab "
        "completes field names and values, enter applies it, escape leaves; X clears the "
        "filter, f opens the builder, V saves a view."),
    "QueryInput": (
        "The filter bar: type a query such as `stage in (Won, Lost) and amount >= 1000`, tab "
        "completes, enter applies, escape leaves; X clears the filter."),
    "ChipsEditor": (
        "A multi-value field: type an item and press enter to add it; select a chip and "
        "press delete to remove it. Only the items added or removed are sent."),
    "RefEditor": (
        "A relationship or reference: enter opens a picker that searches the related records."),
    "OptionEditor": "A choice field: pick one of the options (type to jump).",
    "CheckboxEditor": "A checkbox field: space toggles it.",
    "LongTextEditor": "A long text field: type freely; ctrl+s saves the whole form.",
    "ReadOnlyEditor": "A field you cannot change here (read only, or no edit access).",
    "FieldEditor": (
        "A field of the edit form: type the value as shown in the hint; ctrl+s reviews and "
        "saves, escape asks before discarding."),
    "EditForm": "The edit form: tab moves between fields; ctrl+s reviews the changes and saves.",
    "DataTable": "A table: up/down move, enter chooses the row.",
    "Input": (
        "A text box. In the grid's search box, typing searches the server as you type "
        "(one request per pause); escape goes back to the grid."),
    "Select": "A choice: enter opens the options, up/down pick, enter chooses.",
    "Button": "A button: enter or space presses it.",
}
_FALLBACK = "Press ? for the keys of this screen, ctrl+p for every command."


def help_for(widget: Widget | None) -> tuple[str, str]:
    """(class name, help text) of the nearest widget (or ancestor) with a text."""
    node: Any = widget
    while node is not None and not isinstance(node, Screen):
        for cls in type(node).__mro__:
            text = WIDGET_HELP.get(cls.__name__)
            if text is not None:
                return type(node).__name__, text
        node = node.parent
    return "", _FALLBACK


class WidgetHelp(ModalScreen[None]):
    """Explains the focused widget, then lists the keys of the screen."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__(id="widget-help")
        self.for_screen = screen
        self.widget_name, self.text = help_for(screen.focused)

    def compose(self) -> ComposeResult:
        """The widget's text, then the keys."""
        from kizen_tui.ui.screens.help import key_table

        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Here", classes="title")
            yield Static(Text(self.text), id="widget-help-text")
            yield Static(key_table(self.for_screen))
            yield Label("escape to close", classes="hint")


def show_first_run_hint(app: App[Any], settings: Any, profile: str) -> bool:
    """Notify the first-run hint once per profile; True when it was shown now.

    Settings that are never written (tests, `SettingsStore.in_memory`) cannot remember it, so
    the hint is not shown with them rather than shown on every start.
    """
    if not profile or settings.paths is None or settings.hint_seen(profile, FIRST_RUN_HINT):
        return False
    app.notify(FIRST_RUN_TEXT, title="Tip", markup=False, timeout=12)
    settings.mark_hint_seen(profile, FIRST_RUN_HINT)
    return True
