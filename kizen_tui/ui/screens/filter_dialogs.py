"""Small dialogs of the filter features: copy-as menu, Kizen group ids, a text prompt, a
yes/no question."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

#: Copy formats: id, label, what the notification calls it.
COPY_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("json", "Search request body (JSON)", "the search request body"),
    ("curl", "curl command ($KIZEN_API_KEY from the environment)", "the curl command"),
    ("spec", "Kizen CLI filter spec (JSON)", "the Kizen CLI filter spec"),
    ("query", "One-line query", "the one-line query"),
)


class CopyAsPicker(ModalScreen[str | None]):
    """Choose how to copy the current query; returns a format id of COPY_FORMATS."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        """The formats as a list."""
        with Vertical(classes="dialog", id="copy-as"):
            yield Label("Copy the current query as", classes="title")
            yield OptionList(*(Option(Text(label), id=key) for key, label, _ in COPY_FORMATS),
                             id="copy-formats")

    @on(OptionList.OptionSelected, "#copy-formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


@dataclass(frozen=True)
class GroupScope:
    """Kizen filter groups applied by id (query-string scoping, API-NOTES §2.6)."""

    group_id: str | None = None
    in_group_ids: tuple[str, ...] = ()
    not_in_group_ids: tuple[str, ...] = ()


def split_ids(text: str) -> tuple[str, ...]:
    """Ids typed as a comma- or space-separated list."""
    return tuple(part for part in text.replace(",", " ").split() if part)


class GroupIdsDialog(ModalScreen[GroupScope | None]):
    """Ask for the group ids to scope the grid to (empty fields clear them)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("ctrl+s", "apply", "Apply")]

    def __init__(self, scope: GroupScope) -> None:
        super().__init__()
        self.scope = scope

    def compose(self) -> ComposeResult:
        """Three id fields and Apply/Cancel."""
        with Vertical(classes="dialog", id="group-ids"):
            yield Label("Kizen filter groups (by id)", classes="title")
            yield Label("Group (group_id)")
            yield Input(self.scope.group_id or "", id="group-id", placeholder="group id")
            yield Label("In any of these groups (in_group_ids)")
            yield Input(", ".join(self.scope.in_group_ids), id="in-group-ids",
                        placeholder="ids, comma separated")
            yield Label("In none of these groups (not_in_group_ids)")
            yield Input(", ".join(self.scope.not_in_group_ids), id="not-in-group-ids",
                        placeholder="ids, comma separated")
            yield Label("If both lists are given Kizen uses only in_group_ids.", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Return the ids typed."""
        group = self.query_one("#group-id", Input).value.strip()
        self.dismiss(GroupScope(
            group_id=group or None,
            in_group_ids=split_ids(self.query_one("#in-group-ids", Input).value),
            not_in_group_ids=split_ids(self.query_one("#not-in-group-ids", Input).value)))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text; returns it stripped (None on cancel or empty)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "",
                 hint: str = "", action: str = "OK") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.action = action

    def compose(self) -> ComposeResult:
        """Title, input, hint, buttons."""
        with Vertical(classes="dialog", id="prompt"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            if self.hint:
                yield Label(self.hint, classes="hint", markup=False, id="prompt-hint")
            with Horizontal(classes="buttons"):
                yield Button(self.action, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#prompt-input")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#prompt-input", Input).value.strip()
        self.dismiss(value or None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; escape is no."""

    BINDINGS = [Binding("escape", "dismiss(False)", "No"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, question: str, *, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog", id="confirm"):
            yield Label(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button("Cancel", id="no")

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
