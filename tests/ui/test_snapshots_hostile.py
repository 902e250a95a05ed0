"""Snapshots of hostile data at 120x36: the companies grid with the detail pane of a record whose
name writes to the clipboard (OSC 52), the whole hostile corpus in the grid and the detail
pane, and screen-share mode masking the contacts grid.

Update after an intended change with `pytest tests/ui/test_snapshots_hostile.py
--snapshot-update`, then look at the SVGs in `__snapshots__/` before committing.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.sandbox import seed
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.record_grid import LABEL_KEY, GridColumn, RecordGrid
from tests.reliability.conftest import safety_screens
from tests.reliability.corpus import HOSTILE_STRINGS
from tests.ui.snap import SNAP_SIZE, steady, utc

__all__ = ["safety_screens", "utc"]


def _move_to(pilot: Any, name: str) -> None:
    grid = pilot.app.screen.query_one(RecordGrid)
    grid.move_cursor(row=[r.label for r in grid.records].index(name))


def test_companies_with_the_clipboard_writing_record_open(snap_compare: Any, make_app: Any,
                                                          utc: None) -> None:
    """The OSC 52 name shows as inert text in the grid, the pane title and its field."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        _move_to(pilot, seed.OSC_CLIPBOARD_NAME)
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


class CorpusApp(App[None]):
    """The grid and the detail pane showing one record per corpus string."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical():
                yield RecordGrid(id="grid")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        fields = [FieldDef(id=f"f{i}", name=f"field_{i}", display_name=label,
                           field_type="text") for i, (label, _) in enumerate(HOSTILE_STRINGS)]
        records = [Record.model_validate({
            "id": f"00000000-0000-4000-8000-{i:012d}", "display_name": text,
            "fields": {f.id: {"id": f.id, "name": f.name, "field_type": "text",
                              "value": value} for f, (_, value) in zip(
                                  fields, HOSTILE_STRINGS, strict=True)}})
            for i, (_, text) in enumerate(HOSTILE_STRINGS)]
        grid = self.query_one(RecordGrid)
        grid.set_columns([GridColumn(LABEL_KEY, "Name"), GridColumn("f0", "Note", fields[6])])
        grid.show_page(records)
        self.query_one(DetailPane).show(records[2], fields)
        self.title = "hostile corpus"


def test_the_hostile_corpus_in_grid_and_detail_pane(snap_compare: Any) -> None:
    """Every corpus string as a record label, and all of them as fields of one record."""
    assert snap_compare(CorpusApp(), run_before=steady, terminal_size=SNAP_SIZE)


def test_screen_share_masks_the_contacts_grid(snap_compare: Any, make_app: Any, utc: None,
                                              safety_screens: None) -> None:
    """`m`: emails and phone numbers masked in the grid and the pane; header says so."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await pilot.press("m")
        await steady(pilot)
        pilot.app.clear_notifications()
        await steady(pilot)

    assert snap_compare(make_app("client_client"), run_before=run, terminal_size=SNAP_SIZE)
