"""Type-to-confirm: the production guard for archive, bulk actions and reverts.

On a profile marked production, a destructive action asks the user to type the record's (or the
business's) name before it goes ahead, like GitHub's "type the repository name" dialog:

    if needs_typed_confirmation(self.app):
        self.app.push_screen(TypeToConfirm.for_record(record, action="Archive"), go_ahead)

`go_ahead(confirmed: bool | None)` gets True only when the name was typed exactly and confirmed.
Names may hold escape sequences, control characters or several kilobytes of text, none of which a
person can type: `confirmation_phrase` reduces a name to what can be typed (escape sequences and
control/format characters removed, white space collapsed, at most `MAX_PHRASE` characters) and
falls back to the record id when nothing typeable is left.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kizen_tui.api.models import Record
from kizen_tui.domain.text import safe_text

#: Longest phrase asked for; longer names are cut at a word boundary.
MAX_PHRASE = 40
# CSI, OSC (BEL or ST terminated), DCS/SOS/PM/APC strings, and two-character escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)


def confirmation_phrase(name: str | None, fallback: str) -> str:
    """What the user must type to confirm an action on something called `name`."""
    text = _ESCAPES.sub("", name or "")
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    phrase = " ".join(kept.split())
    if len(phrase) > MAX_PHRASE:
        cut = phrase[:MAX_PHRASE]
        phrase = cut.rsplit(" ", 1)[0] if " " in cut[MAX_PHRASE // 2:] else cut
    return phrase or fallback


def matches(typed: str, phrase: str) -> bool:
    """True when `typed` is the phrase (surrounding and repeated white space ignored)."""
    return " ".join(typed.split()) == phrase


def needs_typed_confirmation(app: App[Any]) -> bool:
    """True when the app is connected to a profile marked production."""
    connection = getattr(app, "connection", None)
    return bool(getattr(connection, "production", False))


class TypeToConfirm(ModalScreen[bool]):
    """Asks the user to type a name; dismisses True only when it matches and is confirmed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="type-confirm-cancel")]

    DEFAULT_CSS = """
    TypeToConfirm #confirm-phrase { text-style: bold; color: $warning; margin: 1 0; }
    TypeToConfirm #confirm-mismatch { color: $error; height: 1; }
    """

    def __init__(self, *, title: str, phrase: str, explanation: str = "",
                 action_label: str = "Confirm", what: str = "the name") -> None:
        super().__init__()
        self.title_text = title
        self.phrase = phrase
        """The exact text to type (see `confirmation_phrase`)."""
        self.explanation = explanation
        self.action_label = action_label
        self.what = what

    @classmethod
    def for_record(cls, record: Record, *, action: str, object_label: str = "record",
                   consequence: str = "") -> TypeToConfirm:
        """Confirm `action` ("Archive", "Revert"...) on one record by typing its name."""
        phrase = confirmation_phrase(record.label, record.id)
        what = "the record name" if phrase != record.id else "the record id"
        label = safe_text(record.label, single_line=True, max_len=60)
        return cls(title=f"{action} {object_label} {label}?", phrase=phrase,
                   explanation=consequence or "This is a production business.",
                   action_label=action, what=what)

    @classmethod
    def for_business(cls, business_name: str, *, action: str, consequence: str = "",
                     fallback: str = "production") -> TypeToConfirm:
        """Confirm a bulk action on a production business by typing its name."""
        phrase = confirmation_phrase(business_name, fallback)
        return cls(title=f"{action} in {safe_text(business_name, single_line=True, max_len=60)}?",
                   phrase=phrase, explanation=consequence or "This is a production business.",
                   action_label=action, what="the business name")

    def compose(self) -> ComposeResult:
        """Title, consequence, the phrase to type, the input and the buttons."""
        with Vertical(classes="dialog", id="type-confirm"):
            yield Label(Text(self.title_text), classes="title", markup=False)
            if self.explanation:
                yield Static(Text(self.explanation), id="confirm-explanation")
            yield Static(Text(f"Type {self.what} to confirm:"), id="confirm-prompt")
            yield Static(Text(self.phrase), id="confirm-phrase")
            yield Input(placeholder=self.phrase, id="confirm-input")
            yield Static("", id="confirm-mismatch")
            with Horizontal(classes="buttons"):
                yield Button(self.action_label, variant="error", id="confirm-button",
                             disabled=True)
                yield Button("Cancel", id="cancel-button")

    def on_mount(self) -> None:
        """Start in the input."""
        self.query_one("#confirm-input", Input).focus()

    @on(Input.Changed, "#confirm-input")
    def _typed(self, event: Input.Changed) -> None:
        ok = matches(event.value, self.phrase)
        self.query_one("#confirm-button", Button).disabled = not ok
        self.query_one("#confirm-mismatch", Static).update("")

    @on(Input.Submitted, "#confirm-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if matches(event.value, self.phrase):
            self.dismiss(True)
        else:
            self.query_one("#confirm-mismatch", Static).update(
                Text(f"That is not {self.what}; nothing was done."))

    @on(Button.Pressed, "#confirm-button")
    def _confirmed(self) -> None:
        if matches(self.query_one("#confirm-input", Input).value, self.phrase):
            self.dismiss(True)

    @on(Button.Pressed, "#cancel-button")
    def action_cancel(self) -> None:
        """Give up: nothing is done."""
        self.dismiss(False)
