"""Snapshot tests of the main screens at 120x36 on the sandbox (hostile seed values included).

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`, then
look at the SVGs in `__snapshots__/` before committing.
"""

from __future__ import annotations

from typing import Any

from kizen_tui.sandbox import seed
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.ui.snap import SNAP_SIZE, steady, utc

__all__ = ["utc"]


def _move_to(pilot: Any, name: str) -> None:
    grid = pilot.app.screen.query_one(RecordGrid)
    grid.move_cursor(row=[r.label for r in grid.records].index(name))


def test_browse_companies_with_hostile_values(snap_compare: Any, make_app: Any,
                                              utc: None) -> None:
    """Grid sorted by name: escape sequences visible, markup literal; pane shows flags."""
    assert snap_compare(make_app("companies"), run_before=steady, terminal_size=SNAP_SIZE)


def test_browse_view_only_record_flags(snap_compare: Any, make_app: Any, utc: None) -> None:
    """The detail pane of a view-only record shows Edit ✗ and Remove ✗."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        _move_to(pilot, seed.VIEW_ONLY_RECORD_NAME)
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


def test_object_picker(snap_compare: Any, make_app: Any, utc: None) -> None:
    """`:` opens the picker with every object and its type."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await pilot.press("colon")
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


def test_search_results(snap_compare: Any, make_app: Any, utc: None) -> None:
    """Typing in the search box filters on the server; the status line says so."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await pilot.press("slash", *"apex")
        await pilot.pause(0.5)
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


def test_record_screen(snap_compare: Any, make_app: Any, utc: None) -> None:
    """Enter opens the full record: every field, hidden ones too, and the access flags."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        _move_to(pilot, seed.BIG_RELATIONSHIP_RECORD_NAME)
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


def test_field_values_of_summarised_relationship(snap_compare: Any, make_app: Any,
                                                 utc: None) -> None:
    """A relationship with more than 100 values opens a paged, searchable list."""
    target = f"companies/{seed.BIG_RELATIONSHIP_RECORD_ID}"

    async def run(pilot: Any) -> None:
        await steady(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#record-fields")
        row = next(i for i, r in enumerate(table.rows_shown.values())
                   if r.field.name == seed.BIG_RELATIONSHIP_FIELD)
        keys = list(table.rows_shown)
        table.move_cursor(row=table.get_row_index(keys[row]))
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(make_app(target), run_before=run, terminal_size=SNAP_SIZE)


def test_long_value_viewer(snap_compare: Any, make_app: Any, utc: None) -> None:
    """A 10 KB text opens in the viewer, markup and escapes shown as text."""
    target = f"companies/{seed.LONG_TEXT_RECORD_ID}"

    async def run(pilot: Any) -> None:
        await steady(pilot)
        table = pilot.app.screen.query_one("#record-fields")
        key = next(k for k, r in table.rows_shown.items()
                   if r.field.name == seed.LONG_TEXT_FIELD)
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(make_app(target), run_before=run, terminal_size=SNAP_SIZE)


def test_help_screen(snap_compare: Any, make_app: Any, utc: None) -> None:
    """`?` lists the keys of the browse screen."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await pilot.press("question_mark")
        await steady(pilot)

    assert snap_compare(make_app("companies"), run_before=run, terminal_size=SNAP_SIZE)


def test_connect_screen(snap_compare: Any, utc: None) -> None:
    """Without credentials the app asks for them (and offers the demo)."""
    from kizen_tui.session import demo_connection
    from kizen_tui.ui.app import KizenApp

    app = KizenApp(None, demo_factory=lambda: demo_connection(records=50))
    assert snap_compare(app, run_before=steady, terminal_size=SNAP_SIZE)
