"""Regenerates the images in screenshots/ from the real app on the sandbox.

Not part of the normal run (`-m 'not screenshots'` in pyproject); regenerate with:

    pytest -m screenshots

Each test drives the app like a user and saves an SVG; the README embeds them, so they always
show what the app really shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from kizen_tui.sandbox import seed
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.ui.snap import SNAP_SIZE, steady, utc

__all__ = ["utc"]

pytestmark = pytest.mark.screenshots
OUT = Path(__file__).resolve().parent.parent / "screenshots"

Steps = Callable[[Any], Awaitable[None]]


async def _shoot(app: Any, name: str, steps: Steps | None = None) -> Path:
    async with app.run_test(size=SNAP_SIZE) as pilot:
        await steady(pilot)
        if steps is not None:
            await steps(pilot)
            await steady(pilot)
        OUT.mkdir(exist_ok=True)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    return OUT / f"{name}.svg"


async def test_browse(make_app: Any, utc: None) -> None:
    """The main screen: grid, status line, detail pane with access flags."""
    async def steps(pilot: Any) -> None:
        grid = pilot.app.screen.query_one(RecordGrid)
        grid.move_cursor(row=[r.label for r in grid.records].index(seed.VIEW_ONLY_RECORD_NAME))

    assert (await _shoot(make_app("companies"), "browse", steps)).exists()


async def test_deals(make_app: Any, utc: None) -> None:
    """A pipeline object: stage, value and owner columns."""
    assert (await _shoot(make_app("deals"), "deals")).exists()


async def test_object_picker(make_app: Any, utc: None) -> None:
    """The object picker, fuzzy over display and api names."""
    async def steps(pilot: Any) -> None:
        await pilot.press("colon", "d")

    assert (await _shoot(make_app("companies"), "object-picker", steps)).exists()


async def test_record(make_app: Any, utc: None) -> None:
    """The full record screen with hidden fields and the summarised relationship."""
    target = f"companies/{seed.BIG_RELATIONSHIP_RECORD_ID}"
    assert (await _shoot(make_app(target), "record")).exists()


async def test_search(make_app: Any, utc: None) -> None:
    """Search as you type (server-side)."""
    async def steps(pilot: Any) -> None:
        await pilot.press("slash", *"beacon")
        await pilot.pause(0.5)

    assert (await _shoot(make_app("companies"), "search", steps)).exists()
