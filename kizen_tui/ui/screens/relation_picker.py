"""Pick related records (or team members) by searching as you type.

`RefPicker` is generic: it is given an async `search(text) -> list[Ref]` (the edit screen builds
one that calls `search_records` on the relation's related object, or filters the team members it
collected). Typing waits for a pause before searching (an exclusive worker, so each keystroke
cancels the previous wait), and a stale answer is never shown. For a multi-value field several
records can be chosen before confirming; a single-value field returns on the first choice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kizen_tui.api import KizenError
from kizen_tui.domain.fields import Ref
from kizen_tui.domain.text import safe_text

Search = Callable[[str], Awaitable[list[Ref]]]

#: Seconds of typing pause before a search is sent.
PICK_DEBOUNCE = 0.3


class RefPicker(ModalScreen[list[Ref] | None]):
    """Search and choose one or several references; escape cancels."""

    DEFAULT_CSS = """
    #picker-results { height: auto; max-height: 16; }
    #picker-status { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "done", "Use chosen", tooltip="Use the chosen records"),
    ]

    def __init__(self, title: str, search: Search, *, multi: bool,
                 exclude: list[Ref] | None = None) -> None:
        super().__init__()
        self.heading = title
        self.search_fn = search
        self.multi = multi
        self.exclude = set(exclude or [])
        """Already present (multi): not offered again."""
        self.chosen: list[Ref] = []
        """What was picked so far (multi-value fields)."""
        self.results: list[Ref] = []
        self.query_text: str | None = None

    def compose(self) -> ComposeResult:
        """Search box, results, chosen list and buttons."""
        with Vertical(classes="dialog", id="picker"):
            yield Label(Text(self.heading), classes="title", markup=False)
            yield Input(placeholder="type to search by name", id="picker-search")
            yield Static("", id="picker-status", markup=False)
            yield OptionList(id="picker-results")
            if self.multi:
                yield Static(Text("Chosen: (none)", style="dim"), id="picker-chosen",
                             markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Use chosen", variant="primary", id="picker-done",
                                 compact=True)
                    yield Button("Cancel", id="picker-cancel", compact=True)

    def on_mount(self) -> None:
        """Show the first results right away."""
        self.query_one("#picker-search", Input).focus()
        self.run_search("", delay=0.0)

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        self.run_search(event.value, delay=PICK_DEBOUNCE)

    @on(Input.Submitted, "#picker-search")
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one("#picker-results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    @work(group="picker-search", exclusive=True, exit_on_error=False)
    async def run_search(self, text: str, *, delay: float) -> None:
        """Search after a pause; a newer keystroke cancels this one."""
        if delay:
            await asyncio.sleep(delay)
        self.query_text = text
        status = self.query_one("#picker-status", Static)
        status.update(Text("Searching…", style="dim"))
        try:
            found = await self.search_fn(text)
        except KizenError as error:
            if self.query_text == text:
                status.update(Text(f"Search failed: {error}", style="red"))
            return
        if self.query_text != text:
            return  # a stale answer is never shown
        self.show_results(found)

    def show_results(self, refs: list[Ref]) -> None:
        """List the results (already chosen or present ones left out)."""
        self.results = [r for r in refs if r not in self.exclude]
        options = [Option(_ref_text(r), id=str(i)) for i, r in enumerate(self.results)]
        results = self.query_one("#picker-results", OptionList)
        results.clear_options()
        results.add_options(options)
        if options:
            results.highlighted = 0  # enter in the list picks the first match
        count = len(self.results)
        self.query_one("#picker-status", Static).update(
            Text(f"{count} match{'es' if count != 1 else ''}" if count else "No matches",
                 style="dim"))

    @on(OptionList.OptionSelected, "#picker-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        ref = self.results[int(event.option.id or 0)]
        if not self.multi:
            self.dismiss([ref])
            return
        if ref in self.chosen:
            self.chosen.remove(ref)
        else:
            self.chosen.append(ref)
        labels = ", ".join(safe_text(str(r), single_line=True, max_len=40) for r in self.chosen)
        self.query_one("#picker-chosen", Static).update(
            Text(f"Chosen: {labels}" if labels else "Chosen: (none)"))

    @on(Button.Pressed, "#picker-done")
    def action_done(self) -> None:
        """Return the chosen references (multi) or nothing."""
        self.dismiss(list(self.chosen) if self.multi else None)

    @on(Button.Pressed, "#picker-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def _ref_text(ref: Ref) -> Text:
    text = Text(safe_text(ref.label or ref.id or "", single_line=True, max_len=60))
    if ref.id:
        text.append(f"  {safe_text(ref.id, single_line=True)}", style="dim")
    return text
