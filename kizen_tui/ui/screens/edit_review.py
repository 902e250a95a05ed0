"""Review before save (ctrl+s): the diff per field and the exact request that will be sent.

The body shown is the one sent: the save flow builds it once and passes it here, and sends it
only if the user confirms (ctrl+s or enter on "Send"). `c` copies the body.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from kizen_tui.domain.text import safe_text


def request_json(body: dict[str, Any]) -> str:
    """The body as the review shows it (indented, keys in sending order)."""
    return json.dumps(body, indent=2, ensure_ascii=False, default=str)


def diff_text(lines: list[str]) -> Text:
    """Diff lines coloured by kind: additions green, removals red, changes yellow."""
    text = Text()
    for line in lines:
        _, _, rest = line.partition(": ")
        style = ("green" if rest.startswith("+ ") else "red" if rest.startswith("− ")
                 else "yellow" if "→" in rest else "")
        text.append(safe_text(line, single_line=True) + "\n", style=style)
    return text


class ReviewScreen(ModalScreen[bool]):
    """Show what will change and the request; True to send it."""

    DEFAULT_CSS = """
    #review-dialog { max-height: 90%; }
    #review-scroll { height: auto; max-height: 20; }
    #review-request { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Back to editing"),
        Binding("ctrl+s", "send", "Send", tooltip="Send this request"),
        Binding("c", "copy_body", "Copy body", tooltip="Copy the JSON body"),
    ]

    def __init__(self, title: str, diff: list[str], request_line: str,
                 body: dict[str, Any], *, note: str = "") -> None:
        super().__init__(id="review")
        self.heading = title
        self.diff = diff
        self.request_line = request_line
        self.body = body
        self.note = note

    def compose(self) -> ComposeResult:
        """Diff, request line and body, Send and Back buttons."""
        with Vertical(classes="dialog", id="review-dialog"):
            yield Label(Text(safe_text(self.heading, single_line=True)), classes="title",
                        markup=False)
            if self.note:
                yield Static(Text(self.note, style="bold yellow"), markup=False)
            with VerticalScroll(id="review-scroll"):
                yield Static(diff_text(self.diff) if self.diff else Text("(no changes)"),
                             id="review-diff", markup=False)
                yield Static(Text(self.request_line, style="bold"), id="review-request",
                             markup=False)
                # json.dumps leaves bidi overrides and C1 controls as they are: made visible.
                yield Static(Text(safe_text(request_json(self.body))), id="review-body",
                             markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Send", variant="primary", id="review-send", compact=True)
                yield Button("Back", id="review-back", compact=True)

    def on_mount(self) -> None:
        """Focus Send: the user asked for the review with ctrl+s already."""
        self.query_one("#review-send", Button).focus()

    @on(Button.Pressed, "#review-send")
    def action_send(self) -> None:
        """Send the request."""
        self.dismiss(True)

    @on(Button.Pressed, "#review-back")
    def _back(self) -> None:
        self.dismiss(False)

    def action_copy_body(self) -> None:
        """Copy the JSON body to the clipboard."""
        copy = getattr(self.app, "copy_text", None)
        if copy is not None:
            copy(request_json(self.body), "the request body")
