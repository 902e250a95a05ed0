"""Pilot tests of the browse screen against the in-process sandbox."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from kizen_tui.sandbox import seed
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.widgets.access_flags import AccessFlags
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import StatusLine
from tests.conftest import TEST_RECORDS

SIZE = (120, 36)


async def settle(pilot: Any) -> None:
    """Let workers and the messages they post finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(messages: list[Message]) -> list[BrowseScreen.RowsShown]:
    return [m for m in messages if isinstance(m, BrowseScreen.RowsShown)]


def grid_names(app: Any) -> list[str]:
    grid = app.screen.query_one(RecordGrid)
    return [r.label for r in grid.records]


async def test_opens_first_page_with_count(make_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        rows = shown(seen)
        assert rows and rows[-1].page == 1 and rows[-1].rows == 100
        status = app.screen.query_one(StatusLine).render()
        assert "1–100 of" in str(status)
        names = grid_names(app)
        assert names[0] == seed.ANSI_NAME  # sorted by name: hostile values come first
        assert seed.INVISIBLE_RECORD_NAME not in names  # not visible to this user


async def test_search_sends_one_request_per_pause_and_shows_matches(make_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        before = len([r for r in app.client.recent_requests if r.path.endswith("/search")])
        await pilot.press("slash", *"acme")
        await settle(pilot)
        searches = [r for r in app.client.recent_requests if r.path.endswith("/search")]
        assert len(searches) - before == 1
        assert shown(seen)[-1].grid_query.search == "acme"
        assert grid_names(app) == [seed.ACME_NAME]


async def test_flip_pages_at_the_edges(make_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        first_page = grid_names(app)
        grid.move_cursor(row=99)
        await pilot.press("down")
        await settle(pilot)
        assert shown(seen)[-1].page == 2 and grid.cursor_row == 0
        assert grid_names(app)[0] not in first_page
        await pilot.press("up")
        await settle(pilot)
        assert shown(seen)[-1].page == 1 and grid.cursor_row == 99
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        last = shown(seen)[-1]
        assert last.page == -(-TEST_RECORDS // 100) or last.page >= 2


async def test_sort_by_header_click_orders_on_the_server(make_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        screen.sort_by("name")
        await settle(pilot)
        screen.sort_by("name")
        await settle(pilot)
        assert shown(seen)[-1].grid_query.ordering == "-name"
        names = grid_names(app)
        assert names[0] > names[-1]
        ordering = [r for r in app.client.recent_requests if r.path.endswith("/search")]
        assert ordering, "sorting must go to the server"


async def test_detail_pane_shows_access_flags_of_view_only_record(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        index = grid_names(app).index(seed.VIEW_ONLY_RECORD_NAME)
        grid.move_cursor(row=index)
        await settle(pilot)
        flags = str(app.screen.query_one("#detail-access", AccessFlags).render())
        assert "View ✓" in flags and "Edit ✗" in flags and "Remove ✗" in flags


async def test_hostile_values_are_shown_as_text(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        cells = [str(grid.get_cell_at((row, 0))) for row in range(8)]
        assert "␛[31mred␛[0m Industries" in cells
        assert seed.MARKUP_NAME in cells and seed.MARKUP_BOLD_NAME in cells
        assert not any("\x1b" in cell for cell in cells)


async def test_enter_opens_record_with_hidden_fields(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        grid.move_cursor(row=grid_names(app).index(seed.ACME_NAME))
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#record-fields", FieldTable)
        names = {row.field.name for row in table.rows_shown.values()}
        assert seed.HIDDEN_FIELD in names and "name" in names
