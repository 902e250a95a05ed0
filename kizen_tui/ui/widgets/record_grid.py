"""The search grid: one page of records at a time, flipping pages at its edges.

Only one page of rows is ever in the table, so scrolling through 100,000 records costs the same
as through 100: moving past the last row asks the screen for the next page (`EdgeReached`), and
the screen answers with `show_page`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.fields import display_field
from kizen_tui.domain.masking import MaskPolicy, mask_display
from kizen_tui.domain.text import safe_text, truncate_cells
from kizen_tui.ui.widgets.lean_table import LeanDataTable

#: Widest a cell may be, in terminal cells: keeps 10 KB values from blowing up the layout.
MAX_CELL_WIDTH = 40
LABEL_KEY = "__label__"
#: Shown before the first cell of a marked row (bulk edit).
MARK = "● "


@dataclass(frozen=True)
class GridColumn:
    """A grid column: the record label (field None) or one field."""

    key: str
    label: str
    field: FieldDef | None = None


def cell_text(record: Record, field: FieldDef | None, mask: MaskPolicy | None = None) -> Text:
    """The text of one cell, single-line, escapes made visible, never parsed as markup.

    `mask` is the screen-share policy: contact details and chosen fields are hidden.
    """
    if field is None:
        shown = mask_display(safe_text(record.label, single_line=True), None, mask)
        return Text(truncate_cells(shown, MAX_CELL_WIDTH))
    entry = record.field(field.id) or record.field(field.name)
    if entry is None:
        return Text("")
    shown = mask_display(display_field(entry, field, single_line=True), field, mask)
    return Text(truncate_cells(shown, MAX_CELL_WIDTH))


def _first_of_each_id(records: list[Record]) -> list[Record]:
    unique: dict[str, Record] = {}
    for record in records:
        unique.setdefault(record.id, record)
    return list(unique.values())


class RecordGrid(LeanDataTable[Text]):
    """A DataTable of one page of records; row keys are record ids."""

    DEFAULT_CSS = """
    RecordGrid { height: 1fr; }
    """

    class EdgeReached(Message):
        """The cursor tried to move past the first or last row of the page."""

        def __init__(self, grid: RecordGrid, direction: int) -> None:
            super().__init__()
            self.grid = grid
            self.direction = direction
            """+1 for the next page, -1 for the previous one."""

        @property
        def control(self) -> RecordGrid:
            """The grid that posted the message."""
            return self.grid

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.columns_shown: list[GridColumn] = []
        self.records: list[Record] = []
        self.mask: MaskPolicy | None = None
        """Screen-share masking of the cells (None: show everything)."""
        self.marked: set[str] = set()
        """Ids of the rows marked for a bulk action (they may be on other pages)."""
        self.last_motion = 0.0
        """When a cursor key (up, down, page up/down) last reached the grid (monotonic)."""
        self.previous_motion = 0.0
        """When the cursor key before that one did."""

    def _cells(self, record: Record) -> list[Text]:
        cells = [cell_text(record, c.field, self.mask) for c in self.columns_shown]
        if cells and record.id in self.marked:
            cells[0] = Text(MARK, style="bold") + cells[0]
        return cells

    def set_marked(self, ids: set[str]) -> None:
        """Mark these record ids; the rows of this page are redrawn in place."""
        changed = (self.marked ^ ids) & {r.id for r in self.records}
        self.marked = set(ids)
        if not self.columns_shown:
            return
        first = self.columns_shown[0].key
        for record in self.records:
            if record.id in changed:
                self.update_cell(record.id, first, self._cells(record)[0])

    def set_mask(self, mask: MaskPolicy | None) -> None:
        """Switch screen-share masking and redraw the page in place."""
        if mask != self.mask:
            self.mask = mask
            cursor = self.cursor_row
            self.show_page(self.records, cursor=max(cursor, 0))

    def set_columns(self, columns: list[GridColumn]) -> None:
        """Replace the columns (clears the rows)."""
        self.columns_shown = list(columns)
        self.show_page([])

    def show_page(self, records: list[Record], *, cursor: int = 0) -> None:
        """Show these rows and put the cursor on row `cursor` (clamped; -1 for the last).

        Columns are rebuilt with explicit widths measured from this page: the table's own
        auto-width can leave rows rendered at the header's width (a stale render cache), and
        fixed widths also keep the layout from jumping while the user scrolls.
        """
        self.clear(columns=True)
        # Row keys are record ids: a record the server sends twice on one page is shown once.
        self.records = records = _first_of_each_id(records)
        rows = [self._cells(r) for r in records]
        for index, column in enumerate(self.columns_shown):
            label = Text(truncate_cells(safe_text(column.label, single_line=True), 30))
            width = max([label.cell_len, *(row[index].cell_len for row in rows)])
            self.add_column(label, key=column.key, width=max(3, min(width, MAX_CELL_WIDTH)))
        for record, row in zip(records, rows, strict=True):
            self.add_row(*row, key=record.id)
        if records:
            target = len(records) - 1 if cursor < 0 else min(cursor, len(records) - 1)
            self.move_cursor(row=target, animate=False)

    def replace_record(self, record: Record) -> None:
        """Update one row in place (after a save), if it is on this page."""
        for index, old in enumerate(self.records):
            if old.id == record.id:
                self.records[index] = record
                for column, cell in zip(self.columns_shown, self._cells(record), strict=True):
                    self.update_cell(record.id, column.key, cell)
                return

    @property
    def current_record(self) -> Record | None:
        """The record under the cursor."""
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]

    def _moved(self) -> None:
        self.previous_motion, self.last_motion = self.last_motion, time.monotonic()

    def action_cursor_down(self) -> None:
        """Move down, or ask for the next page at the last row."""
        self._moved()
        if self.records and self.cursor_row >= len(self.records) - 1:
            self.post_message(self.EdgeReached(self, +1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up, or ask for the previous page at the first row."""
        self._moved()
        if self.records and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, -1))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        """Page down within the page, or flip to the next page from the last row."""
        self._moved()
        if self.records and self.cursor_row >= len(self.records) - 1:
            self.post_message(self.EdgeReached(self, +1))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        """Page up within the page, or flip to the previous page from the first row."""
        self._moved()
        if self.records and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, -1))
        else:
            super().action_page_up()
