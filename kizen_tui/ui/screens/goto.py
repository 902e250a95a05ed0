"""Go to a record (`g`) by exact name, contact email or record id.

A UUID is read by id; anything else goes to the lookup endpoint, which matches the name (email
for contacts) exactly and case-sensitively (API-NOTES.md §6). When nothing matches, the screen
falls back to a text search (`search_records(search=...)`, which ignores case) and lists what it
found to pick from, so "acme corporation" still finds "Acme Corporation".
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kizen_tui.api import Forbidden, KizenError, NotFound
from kizen_tui.api.models import Record
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")
#: Records listed by the case-insensitive fallback.
FALLBACK_PAGE = 25


class GotoScreen(ModalScreen[Record | None]):
    """Find one record of an object; returns it (the caller opens it) or None."""

    DEFAULT_CSS = """
    #goto-results { height: auto; max-height: 16; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    app = getters.app(KizenApp)

    def __init__(self, schema: ObjectSchema) -> None:
        super().__init__(id="goto")
        self.schema = schema
        self.found: list[Record] = []
        """The fallback search's results."""

    @property
    def what(self) -> str:
        """What the identifier is for this object."""
        return "email" if self.schema.object.is_contacts else "name"

    def compose(self) -> ComposeResult:
        """Input, status line, fallback results."""
        label = safe_text(self.schema.object.label, single_line=True)
        with Vertical(classes="dialog"):
            yield Label(Text(f"Go to a record of {label}"), classes="title", markup=False)
            yield Input(placeholder=f"exact {self.what} or record id", id="goto-input")
            yield Static(Text(f"Enter: look up by exact {self.what} (case-sensitive) or id; "
                              "otherwise a case-insensitive search is offered.", style="dim"),
                         id="goto-status", markup=False)
            yield OptionList(id="goto-results")

    def on_mount(self) -> None:
        """Focus the input; the results list appears only for the fallback."""
        self.query_one("#goto-results").display = False
        self.query_one("#goto-input").focus()

    @on(Input.Submitted, "#goto-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.find(event.value.strip())

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#goto-status", Static).update(Text(text, style=style))

    @work(group="goto", exclusive=True, exit_on_error=False)
    async def find(self, text: str) -> None:
        """Id or exact lookup; on no match, the case-insensitive search."""
        self._status("Looking up…", "dim")
        try:
            record = await self._exact(text)
        except Forbidden:
            self._status("A record matches, but you may not see it.", "bold red")
            return
        except KizenError as error:
            self._status(f"Lookup failed: {error}", "bold red")
            return
        if record is not None:
            self.dismiss(record)
            return
        await self._fallback(text)

    async def _exact(self, text: str) -> Record | None:
        client, obj = self.app.client, self.schema.object.name
        if _UUID.match(text):
            try:
                return await client.get_record(obj, text)
            except NotFound:
                pass  # not an id of this object: it may still be a name
        try:
            return await client.lookup_record(obj, text)
        except NotFound:
            return None

    async def _fallback(self, text: str) -> None:
        try:
            page = await self.app.client.search_records(self.schema.object.name, search=text,
                                                        page_size=FALLBACK_PAGE)
        except KizenError as error:
            self._status(f"Search failed: {error}", "bold red")
            return
        shown = safe_text(text, single_line=True, max_len=60)
        self.found = page.results
        results = self.query_one("#goto-results", OptionList)
        results.clear_options()
        if not self.found:
            results.display = False
            self._status(f"No record has the exact {self.what} “{shown}”, and a "
                         "case-insensitive search finds nothing either.", "bold red")
            return
        count = page.count if page.count is not None else len(self.found)
        self._status(f"No exact match for “{shown}”. {count} record"
                     f"{'s' if count != 1 else ''} match case-insensitively (enter to open):")
        results.add_options([Option(_record_text(r), id=str(i))
                             for i, r in enumerate(self.found)])
        results.display = True
        results.highlighted = 0
        results.focus()

    @on(OptionList.OptionSelected, "#goto-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[int(event.option.id or 0)])


def _record_text(record: Record) -> Text:
    text = Text(safe_text(record.label, single_line=True, max_len=60))
    text.append(f"  {safe_text(record.id, single_line=True)}", style="dim")
    return text
