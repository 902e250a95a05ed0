"""The detail pane follows a single move at once, and a held key only once it stops."""

from __future__ import annotations

from typing import Any

from textual import events

from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.ui.test_browse import SIZE, settle


def pane_id(app: Any) -> str:
    return str(app.screen.query_one("#detail-id").render())


def spy_on_pane(app: Any) -> list[str]:
    """Record the label of every record the pane is filled with."""
    pane = app.screen.query_one(DetailPane)
    shown: list[str] = []
    real = pane.show

    def show(record: Any, *args: Any, **kwargs: Any) -> None:
        shown.append(record.label)
        real(record, *args, **kwargs)

    pane.show = show
    return shown


async def test_a_single_move_fills_the_pane_at_once(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = spy_on_pane(app)
        grid = app.screen.query_one(RecordGrid)
        await pilot.press("down")  # no waiting for workers: the pane is filled by the move
        current = grid.current_record
        assert current is not None and grid.cursor_row == 1
        assert shown == [current.label]
        assert pane_id(app) == f"id {current.id}"


async def test_a_held_key_fills_the_pane_once_it_stops(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        shown = spy_on_pane(app)
        for _ in range(40):  # a held key: repeats arrive faster than the app handles them
            app.post_message(events.Key("down", None))
        for _ in range(3):
            app.post_message(events.Key("pagedown", None))
        await settle(pilot)
        grid = screen.grid
        current = grid.current_record
        assert current is not None and grid.cursor_row > 40
        assert len(shown) <= 3, f"the pane was refilled for {len(shown)} rows on the way"
        assert shown[-1] == current.label
        assert pane_id(app) == f"id {current.id}"
