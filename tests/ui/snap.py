"""Helpers for snapshot tests: deterministic time zone, no blinking cursors, settled workers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from tests import quiet

SNAP_SIZE = (120, 36)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Datetimes are shown in local time: pin the zone so snapshots match everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def steady(pilot: Any) -> None:
    """Wait for workers, then stop every cursor blinking (a blink would flip pixels)."""
    app = pilot.app
    await quiet.settle(pilot)
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()
