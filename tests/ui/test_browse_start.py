"""Start-up of the browse screen: the start object's requests are made once, early, and their
answers (or failures) are used exactly as if the screen had made them itself."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.message import Message

from kizen_tui.sandbox import seed
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import StatusLine
from tests.ui.test_browse import SIZE, grid_names, settle, shown


def calls(app: Any, suffix: str) -> int:
    return len([r for r in app.client.recent_requests if r.path.endswith(suffix)])


async def test_the_start_object_is_asked_for_once_and_shown_with_its_first_page(
    make_app: Any,
) -> None:
    seen: list[Message] = []
    app = make_app("companies")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        rows = shown(seen)
        assert [(m.page, m.rows) for m in rows][:1] == [(1, 100)]
        assert grid_names(app)[0] == seed.ANSI_NAME
        assert "1–100 of" in str(app.screen.query_one(StatusLine).render())
        assert calls(app, "/custom-objects/companies") == 1
        assert calls(app, "/fields") == 1 and calls(app, "/categories") == 1
        # page 1 once (the preload), page 2 once (the prefetch after the first paint)
        assert calls(app, "/search") == 2
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.pager.count is not None and screen.pager.cached(1) is not None
        await pilot.press("right_square_bracket")
        await settle(pilot)
        # page 2 was the prefetched one; the one new search prefetches page 3
        assert shown(seen)[-1].page == 2 and calls(app, "/search") == 3


async def test_the_first_page_is_asked_for_alongside_the_definitions(
    make_app: Any, sandbox_app: Any
) -> None:
    # A slow object request: the page, asked for at the same time, is answered first.
    sandbox_app.state.faults.add("latency", latency=0.3, path="/api/custom-objects/companies")
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ended = [r.path.rsplit("/", 1)[-1] for r in app.client.recent_requests]
        assert ended.index("search") < ended.index("companies") < ended.index("fields")
        assert grid_names(app)[0] == seed.ANSI_NAME


async def test_a_failed_first_page_is_reported_and_r_retries(make_app: Any,
                                                            sandbox_app: Any) -> None:
    sandbox_app.state.faults.add("status", status=500, path="/api/records/companies/search")
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert "Could not load records" in screen.status.error
        assert not screen.query_one(RecordGrid).records
        searches = calls(app, "/search")
        sandbox_app.state.faults.clear()
        await pilot.press("r")
        await settle(pilot)
        assert calls(app, "/search") > searches
        assert grid_names(app)[0] == seed.ANSI_NAME and not screen.status.error


async def test_a_failed_object_is_reported_once_and_r_opens_it(make_app: Any,
                                                              sandbox_app: Any) -> None:
    sandbox_app.state.faults.add("status", status=500, path="/api/custom-objects/companies")
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert "Could not open 'companies'" in screen.status.error
        # The first page is asked for alongside the object (one round trip less at start-up);
        # when the object fails, that page is dropped: no rows, and no second ask for it.
        assert calls(app, "/search") <= 1
        assert not screen.query_one(RecordGrid).records
        sandbox_app.state.faults.clear()
        await pilot.press("r")
        await settle(pilot)
        assert grid_names(app)[0] == seed.ANSI_NAME and not screen.status.error


async def test_no_page_is_fetched_once_the_app_is_exiting(make_app: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen) and not app.exiting
        before = calls(app, "/search")
        monkeypatch.setattr(KizenApp, "exiting", property(lambda self: True))
        with pytest.raises(asyncio.CancelledError):
            await screen.pager.get(3)
        assert calls(app, "/search") == before
