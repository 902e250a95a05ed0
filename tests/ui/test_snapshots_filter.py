"""Snapshots of the filter bar (error, completion) and the filter builder at 120x36.

Update after an intended change with
`pytest tests/ui/test_snapshots_filter.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from kizen_tui.ui.screens import filter_builder
from tests.ui.snap import SNAP_SIZE, utc
from tests.ui.test_filter_bar import settle, type_query

__all__ = ["utc"]


@pytest.fixture(autouse=True)
def _no_count_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filter_builder, "COUNT_DEBOUNCE", 0.0)


async def steady(pilot: Any) -> None:
    """Workers done (superseded ones too), no blinking cursors."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_filter_bar_error(snap_compare: Any, make_app: Any, utc: None) -> None:
    """A refused query: carets under the bad value, the grid keeps its rows."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await type_query(pilot, "stage in (Won, Lost) and seats > lots")
        await steady(pilot)

    assert snap_compare(make_app("deals"), run_before=run, terminal_size=SNAP_SIZE)


def test_filter_bar_completion(snap_compare: Any, make_app: Any, utc: None) -> None:
    """The drop-down offers the operators of the field typed."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await pilot.press("F", *"seats ")
        await steady(pilot)

    assert snap_compare(make_app("deals"), run_before=run, terminal_size=SNAP_SIZE)


def test_filter_builder(snap_compare: Any, make_app: Any, utc: None) -> None:
    """The builder opened on an applied filter with an inner ANY group and its count."""
    async def run(pilot: Any) -> None:
        await steady(pilot)
        await type_query(pilot, "stage in (Won, Lost) and (priority = High or seats > 5000)")
        await pilot.press("f")
        await steady(pilot)

    assert snap_compare(make_app("deals"), run_before=run, terminal_size=SNAP_SIZE)
