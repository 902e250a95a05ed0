"""Export from the grid (`x`): every record of the current query, to CSV, JSON or JSON lines.

The dialog asks for the format, whether CSV cells are the displayed text or the raw JSON values,
and the file (default `~/<object>-<date>.<ext>`). The export then fetches every page of the
grid's query (search, filter body, ordering and group scoping) with a progress bar; escape
cancels it. Each page is written as it arrives, to a temporary file beside the target (0600)
that is renamed over it at the end (`files.atomic_text_file`): an export of 100,000 records is never
held in memory, and a cancelled or failed export never leaves a half-written file.

The writers and columns are the headless commands' (`kizen_tui.headless.output`,
`records_view.csv_columns`), so `kizen-tui records search --format csv` and the TUI's export
produce the same file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, RadioButton, RadioSet

from kizen_tui.api import KizenClient, KizenError
from kizen_tui.files import atomic_text_file
from kizen_tui.headless.output import open_writer
from kizen_tui.headless.records_view import csv_columns
from kizen_tui.headless.runtime import record_dump
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.pager import GridQuery

FORMATS = ("csv", "json", "jsonl")
#: Records per request while exporting (fewer round trips than the grid's page size).
EXPORT_PAGE_SIZE = 500


@dataclass(frozen=True)
class ExportRequest:
    """What to export where."""

    path: Path
    fmt: str = "csv"
    """csv, json or jsonl."""
    raw: bool = False
    """CSV cells hold raw JSON values instead of the displayed text."""


def default_path(object_name: str, fmt: str = "csv", today: date | None = None) -> str:
    """`~/<object>-<YYYY-MM-DD>.<fmt>`."""
    return f"~/{object_name}-{(today or date.today()).isoformat()}.{fmt}"


def search_options(query: GridQuery) -> dict[str, Any]:
    """The `search_records` arguments of a grid query (without page and page size)."""
    return {"search": query.search or None, "body": query.body, "ordering": query.ordering,
            "group_id": query.group_id, "in_group_ids": list(query.in_group_ids) or None,
            "not_in_group_ids": list(query.not_in_group_ids) or None}


Progress = Callable[[int, int | None], None]


async def export_records(client: KizenClient, schema: ObjectSchema, query: GridQuery,
                         request: ExportRequest, progress: Progress | None = None) -> int:
    """Fetch every page of `query` and write the file; returns the number of records.

    Raises KizenError (nothing written) or CancelledError (nothing written).
    """
    written = 0
    pages = client.iter_pages(query.object_name, page_size=EXPORT_PAGE_SIZE,
                              **search_options(query))
    with atomic_text_file(request.path) as out:
        writer = open_writer(request.fmt, out, csv_columns(schema.visible_fields),
                             raw=request.raw)
        async for page in pages:
            for record in page.results:
                writer.write(record, record_dump(record))
                written += 1
            out.flush()  # a page at a time to disk: memory stays bounded by one page
            if progress is not None:
                progress(written, page.count)
            await asyncio.sleep(0)  # the in-process sandbox never suspends: let escape through
        writer.close()
    return written


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Format, CSV cell kind and file name."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, schema: ObjectSchema, count: int | None = None) -> None:
        super().__init__(id="export-dialog")
        self.schema = schema
        self.count = count

    def compose(self) -> ComposeResult:
        """Title, format choice, raw checkbox, path and buttons."""
        label = self.schema.object.label
        count = "" if self.count is None else f" ({self.count:,} records)"
        with Vertical(classes="dialog"):
            yield Label(Text(f"Export {label}{count}"), classes="title", markup=False)
            with RadioSet(id="export-format"):
                yield RadioButton("CSV", value=True, id="fmt-csv")
                yield RadioButton("JSON (raw API records)", id="fmt-json")
                yield RadioButton("JSON lines (raw API records)", id="fmt-jsonl")
            yield Checkbox("CSV: raw JSON values instead of displayed text", id="export-raw")
            yield Label("File:")
            yield Input(default_path(self.schema.object.name), id="export-path")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    @property
    def fmt(self) -> str:
        """The chosen format."""
        pressed = self.query_one(RadioSet).pressed_button
        return (pressed.id or "fmt-csv").removeprefix("fmt-") if pressed else "csv"

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        box = self.query_one("#export-path", Input)
        stem, dot, ext = box.value.rpartition(".")
        if dot and ext in FORMATS:
            box.value = f"{stem}.{self.fmt}"
        self.query_one("#export-raw", Checkbox).disabled = self.fmt != "csv"

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Give a file name", severity="warning", markup=False)
            return
        raw = self.query_one("#export-raw", Checkbox).value and self.fmt == "csv"
        self.dismiss(ExportRequest(Path(text).expanduser(), self.fmt, raw))

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ExportProgress(ModalScreen[int | None]):
    """Runs the export with a progress bar; escape cancels (nothing is written)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel export")]

    def __init__(self, schema: ObjectSchema, query: GridQuery, request: ExportRequest) -> None:
        super().__init__(id="export-progress")
        self.schema = schema
        self.grid_query = query
        self.request = request

    def compose(self) -> ComposeResult:
        """Title, progress bar, counter."""
        with Vertical(classes="dialog"):
            yield Label(Text(f"Exporting to {self.request.path}"), classes="title",
                        markup=False)
            yield ProgressBar(id="export-bar", show_eta=False)
            yield Label("Starting…", id="export-count", markup=False)
            yield Label("escape to cancel", classes="hint")

    def on_mount(self) -> None:
        """Start the export."""
        self.run_export()

    def _progress(self, written: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=written)
        of = "" if total is None else f" of {total:,}"
        self.query_one("#export-count", Label).update(f"{written:,}{of} records")

    @work(group="export", exclusive=True, exit_on_error=False)
    async def run_export(self) -> None:
        """Fetch and write; dismiss with the number of records, or None on failure."""
        app = self.app
        assert isinstance(app, KizenApp)
        try:
            count = await export_records(app.client, self.schema, self.grid_query,
                                         self.request, self._progress)
        except KizenError as error:
            app.report(error, "Export failed (nothing was written)")
            self.dismiss(None)
            return
        except OSError as error:
            app.notify(f"Could not write {self.request.path}: {error.strerror or error}",
                       severity="error", markup=False)
            self.dismiss(None)
            return
        app.notify(f"Exported {count:,} records to {self.request.path}", markup=False,
                   timeout=6)
        self.dismiss(count)

    def action_cancel(self) -> None:
        """Stop the export; no file is written."""
        self.workers.cancel_group(self, "export")
        self.notify("Export cancelled: no file was written", markup=False, timeout=4)
        self.dismiss(None)


def start_export(app: KizenApp, schema: ObjectSchema, query: GridQuery,
                 count: int | None = None) -> None:
    """Ask where and how, then export with progress."""
    def chosen(request: ExportRequest | None) -> None:
        if request is not None:
            app.push_screen(ExportProgress(schema, query, request))

    app.push_screen(ExportDialog(schema, count), chosen)
