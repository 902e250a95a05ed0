"""Small typed questions: yes/no (`ConfirmScreen`) and one of several answers (`ChoiceScreen`).

The body is content (rich `Text`, never markup), so record names with brackets show as typed.
The focused answer is the safe one unless the caller says otherwise: a destructive answer is
never what enter does by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


@dataclass(frozen=True)
class Choice:
    """One answer: the value returned, the button label, its look."""

    value: str
    label: str
    variant: str = "default"
    """A Button variant: default, primary, success, warning, error."""


class ChoiceScreen(ModalScreen[str | None]):
    """Ask a question with several answers; escape answers None."""

    DEFAULT_CSS = """
    ChoiceScreen .choice--body { height: auto; max-height: 20; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("left", "app.focus_previous", "Previous answer", show=False),
                Binding("right", "app.focus_next", "Next answer", show=False)]

    def __init__(self, title: str, body: Text | str, choices: list[Choice], *,
                 focus: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = title
        self.body = body if isinstance(body, Text) else Text(body)
        self.choices = choices
        self.focus_value = focus or choices[-1].value
        """The answer focused first (the last one, usually "Cancel", unless given)."""

    def compose(self) -> ComposeResult:
        """Title, body and one button per answer."""
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="title", markup=False)
            with VerticalScroll(classes="choice--body"):
                yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                for choice in self.choices:
                    yield Button(choice.label, variant=choice.variant,  # type: ignore[arg-type]
                                 id=f"choice-{choice.value}", compact=True)

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one(f"#choice-{self.focus_value}", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        self.dismiss(button_id.removeprefix("choice-"))


class ConfirmScreen(ModalScreen[bool]):
    """Ask yes or no; escape and "Cancel" answer False. Cancel has the focus."""

    DEFAULT_CSS = """
    ConfirmScreen .choice--body { height: auto; max-height: 24; }
    """

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"),
                Binding("left", "app.focus_previous", "Previous answer", show=False),
                Binding("right", "app.focus_next", "Next answer", show=False)]

    def __init__(self, title: str, body: Text | str, *, confirm: str = "OK",
                 variant: str = "primary", id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = title
        self.body = body if isinstance(body, Text) else Text(body)
        self.confirm_label = confirm
        self.variant = variant

    def compose(self) -> ComposeResult:
        """Title, body, confirm and cancel buttons."""
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="title", markup=False)
            with VerticalScroll(classes="choice--body"):
                yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_label, variant=self.variant,  # type: ignore[arg-type]
                             id="confirm-yes", compact=True)
                yield Button("Cancel", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        """Focus Cancel: confirming takes a deliberate tab or click."""
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")
