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
from tests import quiet
from tests.conftest import TEST_RECORDS

SIZE = (120, 36)


async def settle(pilot: Any) -> None:
    """Let workers and the messages they post finish (bounded: see `tests.quiet.settle`)."""
    await quiet.settle(pilot)


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


async def test_search_sends_one_request_per_pause_and_shows_matches(
    make_app: Any, monkeypatch: Any
) -> None:
    # A long pause threshold keeps a slow test machine's key gaps from counting as pauses.
    monkeypatch.setattr("kizen_tui.ui.screens.browse_paging.SEARCH_DEBOUNCE", 1.0)
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


async def test_header_click_sorts_and_row_click_highlights(make_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        assert await pilot.click(RecordGrid, offset=(3, 0))  # the "Name" header
        await settle(pilot)
        assert shown(seen)[-1].grid_query.ordering == "name"
        assert await pilot.click(RecordGrid, offset=(3, 4))  # the fourth row
        await settle(pilot)
        assert app.screen.query_one(RecordGrid).cursor_row == 3


async def test_server_error_keeps_rows_and_retry_recovers(make_app: Any, sandbox_app: Any) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        before = grid_names(app)
        sandbox_app.state.faults.add("status", method="POST", path="/api/records/*/search",
                                     status=500, times=1)
        await pilot.press("r")  # page 2 is prefetched already: reload page 1 instead
        await settle(pilot)
        status = str(app.screen.query_one(StatusLine).render())
        assert "r to retry" in status and "500" in status
        assert grid_names(app) == before  # what was on screen stays
        await pilot.press("r")
        await settle(pilot)
        assert "retry" not in str(app.screen.query_one(StatusLine).render())
        assert shown(seen)[-1].rows == 100


async def test_unauthorized_goes_to_connect_and_back(make_app: Any, sandbox_app: Any) -> None:
    import httpx

    from kizen_tui.api import KizenClient
    from kizen_tui.config import Credentials
    from kizen_tui.sandbox import DEMO_CREDENTIALS
    from kizen_tui.session import Connection
    from kizen_tui.ui.screens.connect import ConnectScreen
    from kizen_tui.ui.screens.record import RecordScreen

    def connector(creds: Credentials) -> Connection:
        client = KizenClient(api_key=creds.api_key.get_secret_value(),
                             business_id=creds.business_id, user_id=creds.user_id,
                             base_url=DEMO_CREDENTIALS.base_url,
                             transport=httpx.ASGITransport(app=sandbox_app))
        return Connection(client=client, profile=creds.profile, business_id=creds.business_id,
                          base_url=creds.base_url)

    app = make_app(f"companies/{seed.ACME_RECORD_ID}", connector=connector)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        sandbox_app.state.faults.add("status", path="/api/records/*", status=401, times=1)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConnectScreen)
        for field, value in (("api_key", DEMO_CREDENTIALS.api_key),
                             ("business_id", DEMO_CREDENTIALS.business_id),
                             ("user_id", DEMO_CREDENTIALS.user_id)):
            app.screen.query_one(f"#{field}").value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)  # back where the user was
        assert app.screen.record is not None and app.screen.record.name == seed.ACME_NAME
        assert DEMO_CREDENTIALS.api_key not in str(app.screen.query_one("#record-summary").render())


async def test_copy_id_uses_the_clipboard(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        record = app.screen.query_one(RecordGrid).current_record
        assert record is not None and app.clipboard == record.id


async def test_column_choice_is_remembered_per_object(make_app: Any) -> None:
    from kizen_tui.ui.screens.pickers import ColumnPicker

    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ColumnPicker)
        selection = picker.query_one("#column-options")
        selection.deselect_all()
        selection.select("industry")
        selection.select("website")
        await pilot.press("ctrl+s")
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        assert [c.key for c in grid.columns_shown][1:] == ["industry", "website"]
        assert app.settings.columns("demo", "companies") == ["industry", "website"]


async def test_object_picker_fuzzy_and_recent(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await settle(pilot)
        await pilot.press(*"dls", "enter")
        await settle(pilot)
        assert app.screen.query_one(RecordGrid).records
        assert app.screen.schema.object.name == "deals"
        assert app.settings.recent_objects("demo")[:2] == ["deals", "companies"]


async def test_last_used_object_opens_on_start(make_app: Any) -> None:
    from kizen_tui.ui.settings_store import SettingsStore

    settings = SettingsStore.in_memory()
    settings.remember_object("demo", "projects")
    app = make_app(None, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.schema.object.name == "projects"


async def test_unknown_start_object_opens_the_picker(make_app: Any) -> None:
    """`kizen-tui --demo compnies` (or a last-used object since deleted): say so and offer the
    objects there are, instead of leaving an empty grid whose keys do nothing."""
    from kizen_tui.ui.screens.object_picker import ObjectPicker

    app = make_app("compnies")
    async with app.run_test(size=SIZE) as pilot:
        await quiet.until(pilot, lambda: isinstance(app.screen, ObjectPicker), "the picker")
        assert any("compnies" in n.message for n in app._notifications)
        await pilot.press(*"companies", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.schema.object.name == "companies"
        assert app.screen.query_one(RecordGrid).records


async def test_rows_per_page_is_set_from_the_ui_and_remembered(make_app: Any) -> None:
    from textual.widgets import Input

    from kizen_tui.ui.screens.filter_dialogs import PromptDialog

    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(RecordGrid).records) == 100
        for text, rows in (("7", 100), ("25", 25)):
            await pilot.press("P")
            await quiet.until(pilot, lambda: isinstance(app.screen, PromptDialog), "prompt")
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await settle(pilot)
            assert len(app.screen.query_one(RecordGrid).records) == rows
            assert app.settings.page_size == rows
        assert any("from 25 to 1000" in n.message for n in app._notifications)
        assert "1–25 of" in str(app.screen.query_one(StatusLine).render())
