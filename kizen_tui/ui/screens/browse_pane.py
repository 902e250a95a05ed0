"""The browse screen's detail pane following the grid's cursor.

`PaneFollowing` is a mixin base screen of `BrowseScreen` (like `Paging`). The pane follows one
refresh behind the grid: a new page (the first one above all) is painted without waiting for
the pane's field table, and the highlights of one burst of keys fill the pane once.

While cursor keys repeat (a held key) the pane waits until they stop: refilling it for every
row passed cost more than the grid's own repaint (~24 ms CPU a press, and a layout pass, on a
shared 2-CPU machine; benchmarks: scroll). Keys count as repeating when the one before the key
that moved the cursor came less than `PANE_MOVING` seconds earlier, which also covers a page
flip in the middle of a held key (its edge keys move no row themselves). A single key after a
pause, a click, a new page: the pane follows at once.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen
from textual.widgets import DataTable

from kizen_tui.api.models import Record
from kizen_tui.ui.widgets.record_grid import RecordGrid

#: Cursor keys this close together (seconds) are a run of moves: the pane waits.
PANE_MOVING = 0.3
#: How long the keys must have stopped before the waiting pane is filled (seconds).
PANE_SETTLE = 0.15


class PaneFollowing(Screen[Any]):
    """Base screen: the detail pane shows the highlighted record (see module doc)."""

    _pane_pending = False
    """A refill is waiting for the next refresh."""
    _last_highlight = 0.0
    """When the grid's cursor last moved (monotonic seconds)."""

    if TYPE_CHECKING:
        grid: RecordGrid
        show_pane: bool

        def _show_detail(self, record: Record) -> None: ...

    @on(DataTable.RowHighlighted, "#grid")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._last_highlight = now = time.monotonic()
        if now - self.grid.previous_motion < PANE_MOVING:
            self.show_detail_when_settled()
        elif not self._pane_pending:
            self._pane_pending = True
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._pane_pending = False
        self.workers.cancel_group(self, "pane")  # a waiting refill would show the same record
        record = self.grid.current_record
        if record is not None and self.show_pane:
            self._show_detail(record)

    @work(group="pane", exclusive=True, exit_on_error=False)
    async def show_detail_when_settled(self) -> None:
        """Fill the pane with the highlighted record once the cursor keys have stopped."""
        while (wait := max(self._last_highlight, self.grid.last_motion) + PANE_SETTLE
               - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        record = self.grid.current_record
        if record is not None and self.show_pane:
            self._show_detail(record)
