"""Keys of the record screen: home / end move through the fields; the grid's keys (marks, bulk
edit, export) are neither offered nor listed there, while the browser keeps them."""

from __future__ import annotations

from typing import Any

from kizen_tui.sandbox import seed
from kizen_tui.ui.screens.help import key_table
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.widgets.field_table import FieldTable
from tests.ui.test_browse import SIZE, settle
from tests.ui.test_filter_bar import browse

GRID_ONLY = ("Mark or unmark", "Apply one change", "Export every record")


def listed(screen: Any) -> str:
    table = key_table(screen)
    return " ".join(str(cell) for column in table.columns for cell in column._cells)


async def test_home_and_end_go_to_the_first_and_last_field(make_app: Any) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        table = screen.query_one("#record-fields", FieldTable)
        assert table.max_scroll_y > 0, "more fields than fit on the screen"
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_y == table.max_scroll_y
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0


async def test_grid_keys_are_not_listed_on_the_record_screen(make_app: Any) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        text = listed(app.screen)
        assert "Copy the record id" in text
        for word in GRID_ONLY:
            assert word not in text, word
        assert app.screen.check_action("bulk_edit", ()) is False


async def test_the_browser_still_lists_them(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = listed(browse(app))
        for word in GRID_ONLY:
            assert word in text, word


async def test_a_record_that_does_not_exist(make_app: Any) -> None:
    missing = "00000000-0000-4000-8000-00000000beef"
    app = make_app(f"companies/{missing}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen) and screen.record is None
        title = str(screen.query_one("#record-title").render())
        assert "Loading" not in title and missing in title
        assert "does not exist" in str(screen.query_one("#record-summary").render())
        assert not screen.query_one("#record-loading").display
        assert not screen.check_action("edit_record", ())
        assert not screen.check_action("archive_record", ())
