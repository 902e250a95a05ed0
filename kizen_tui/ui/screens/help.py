"""The help screen (`?`): the keys of the screen it was opened from."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

_GENERAL = [
    ("ctrl+p", "Command palette: every action and every object"),
    ("tab / shift+tab", "Move between parts of the screen"),
    ("mouse", "Click rows and headers, scroll with the wheel"),
    ("ctrl+q", "Quit"),
]


def key_table(screen: Screen[object]) -> Table:
    """A table of the keys active on a screen: this screen's first, then movement, then global.

    Uses the screen's active bindings, so keys added by base classes, the focused widget and
    the app are all listed; disabled actions are shown dimmed.
    """
    sections: dict[int, list[tuple[str, str, bool]]] = {0: [], 1: [], 2: []}
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        action = binding.action.removeprefix("app.")  # "app.quit" on a screen is "quit"
        if not binding.description or action in seen:
            continue
        seen.add(action)
        section = 0 if active.node is screen else 2 if active.node is screen.app else 1
        keys = binding.key_display or screen.app.get_key_display(binding) or key
        sections[section].append((keys, binding.tooltip or binding.description, active.enabled))
    sections[2].extend((keys, what, True) for keys, what in _GENERAL)
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for index, title in enumerate(("This screen", "Moving around", "Everywhere")):
        if not sections[index]:
            continue
        table.add_row(Text(title, style="bold underline"), Text(""))
        for keys, what, enabled in sections[index]:
            style = "" if enabled else "dim"
            table.add_row(Text(keys, style=style), Text(what, style=style))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen underneath."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        """Title and the table of keys."""
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="title")
            yield Static(key_table(self.for_screen))
            yield Label("escape to close", classes="hint")
