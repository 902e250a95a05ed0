"""The review and send screen of a bulk edit.

It lists every record with the exact request body; "Send" asks once more (on a production
profile the user types "N records"), then sends with at most `CONCURRENCY` requests in flight,
showing progress and each record's result. Every success is journalled like a single edit (so
`u` and the journal can revert each one); failures are listed with the server's reason at the
end. Escape while sending stops starting new requests (those in flight finish).
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, ProgressBar, Static

from kizen_tui.api import KizenError
from kizen_tui.domain.journal import changes_from_draft
from kizen_tui.domain.text import safe_text, truncate_cells
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.journal_store import journal_write
from kizen_tui.ui.screens.bulk import BulkItem, Operation
from kizen_tui.ui.screens.type_confirm import TypeToConfirm, needs_typed_confirmation

#: Requests in flight at once (the API rate limit is per business; be gentle).
CONCURRENCY = 4


async def send_item(app: KizenApp, schema: ObjectSchema, item: BulkItem) -> None:
    """Send one record's change and journal it; sets `item.status` / `item.detail`."""
    from kizen_tui.ui.screens.record_writes import tell_screens

    obj, rid = schema.object.name, item.record.id
    try:
        if item.body is None:
            await app.client.archive_record(obj, rid)
            journal_write(app, method="DELETE", path_part=rid, object=obj, record=item.record,
                          action="archive")
        else:
            after = await app.client.update_record(obj, rid, item.body, return_all_fields=True)
            changes = changes_from_draft(item.draft, after) if item.draft else []
            journal_write(app, method="PATCH", path_part=rid, object=obj, record=after,
                          action="patch", changes=changes)
            tell_screens(app, obj, changed=after)
    except KizenError as error:
        item.status, item.detail = "failed", str(error)
        return
    item.status = "ok"


def summary(items: list[BulkItem]) -> str:
    """"12 written, 1 failed, 2 skipped" (and the failures with their reasons)."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    words = {"ok": "written", "failed": "failed", "skipped": "skipped", "not sent": "not sent",
             "pending": "pending"}
    line = ", ".join(f"{counts[k]} {words[k]}" for k in words if counts.get(k))
    failures = [f"• {safe_text(i.record.label, single_line=True, max_len=60)}: {i.detail}"
                for i in items if i.status == "failed"]
    return "\n".join([line, *failures])


class BulkReview(ModalScreen[bool]):
    """Every record and its request; send, progress, results. Dismisses True if any write."""

    BINDINGS = [Binding("escape", "close", "Close / stop")]

    def __init__(self, schema: ObjectSchema, items: list[BulkItem], op: Operation) -> None:
        super().__init__(id="bulk-review")
        self.schema = schema
        self.items = items
        self.op = op
        self.sending = False
        self.written = False

    @property
    def to_send(self) -> list[BulkItem]:
        """Items that will be sent."""
        return [i for i in self.items if not i.skip]

    def compose(self) -> ComposeResult:
        """Title, the table of records, progress, summary and buttons."""
        n = len(self.to_send)
        with Vertical(classes="dialog", id="bulk-review-dialog"):
            yield Label(Text(f"Review: {n} request{'s' if n != 1 else ''} to send"),
                        classes="title", markup=False)
            yield DataTable(id="bulk-table", cursor_type="row")
            yield ProgressBar(total=n or None, id="bulk-progress", show_eta=False)
            yield Static("", id="bulk-summary")
            with Horizontal(classes="buttons"):
                yield Button(f"Send {n}", variant="warning", id="bulk-send", disabled=not n)
                yield Button("Close", id="bulk-close")

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one("#bulk-table", DataTable)
        table.add_column(Text("Record"), key="record")
        table.add_column(Text("Request"), key="body")
        table.add_column(Text("Result"), key="result")
        for item in self.items:
            table.add_row(Text(safe_text(item.record.label, single_line=True, max_len=40)),
                          Text(truncate_cells(safe_text(item.body_text, single_line=True), 70)),
                          Text(item.status), key=item.record.id)
        self.query_one("#bulk-close", Button).focus()

    @on(Button.Pressed, "#bulk-send")
    def _send_pressed(self) -> None:
        self.send_all()

    @work(group="bulk", exclusive=True, exit_on_error=False)
    async def send_all(self) -> None:
        """Confirm (typed on production), then send with bounded concurrency."""
        app = self.app
        assert isinstance(app, KizenApp)
        items = [i for i in self.to_send if i.status == "pending"]
        if not items or app.read_only:
            return
        if needs_typed_confirmation(app):
            phrase = f"{len(items)} records"
            ok = await app.push_screen_wait(TypeToConfirm(
                title=f"Send {phrase} to a production business?", phrase=phrase,
                explanation="This is a production business; every change is journalled.",
                action_label="Send", what="the number of records"))
            if not ok:
                return
        self.sending = True
        self.query_one("#bulk-send", Button).disabled = True
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(item: BulkItem) -> None:
            async with gate:
                if not self.sending:
                    item.status = "not sent"
                else:
                    await send_item(app, self.schema, item)
            self._show_result(item)

        await asyncio.gather(*(one(i) for i in items))
        self.sending = False
        self.written = any(i.status == "ok" for i in self.items)
        self.query_one("#bulk-summary", Static).update(Text(summary(self.items)))
        self.query_one("#bulk-close", Button).focus()

    def _show_result(self, item: BulkItem) -> None:
        style = {"ok": "green", "failed": "bold red"}.get(item.status, "dim")
        text = item.status if not item.detail else f"{item.status}: {item.detail}"
        table = self.query_one("#bulk-table", DataTable)
        table.update_cell(item.record.id, "result",
                          Text(truncate_cells(safe_text(text, single_line=True), 60),
                               style=style))
        self.query_one(ProgressBar).advance(1)

    @on(Button.Pressed, "#bulk-close")
    def action_close(self) -> None:
        """Stop sending (requests in flight finish), or close."""
        if self.sending:
            self.sending = False
            self.notify("Stopping: requests already sent will finish", markup=False)
            return
        self.dismiss(self.written)
