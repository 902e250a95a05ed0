"""Holding page-down through the big object: the longest input stall and the peak memory.

Page-down is posted at a key-repeat rate of 30 per second, the way a terminal sends a held key,
without waiting for the app. Each page of 100 rows takes a few presses, then the grid flips to
the next page (prefetched while the user read this one). The longest stall is the worst lateness
of a 2 ms timer on the app's event loop during the scroll (`LoopLag`); its baseline is the same
measure while the app sits idle on its first page.

Two set-ups: the demo as users run it (`--demo`, the sandbox in the same process, served on its
own thread, so its SQL and JSON work competes with the app for the CPU and its database counts in
the RSS), and the app alone against the sandbox served by another process over loopback, as
against a real Kizen.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
from typing import Any

from benchmarks.appkit import (
    SIZE,
    LoopLag,
    Probe,
    browse_screen,
    build_app,
    peak_rss_mb,
    rss_mb,
    send_key,
)
from benchmarks.core import Budget, Mode, Row, median, ms, now
from kizen_tui.api import KizenClient

KEY_REPEAT = 1 / 30
#: Give up when a page takes longer than this on average (the row then says how far it got).
TIMEOUT_PER_PAGE = 5.0


async def idle_lag(seconds: float) -> LoopLag:
    """Loop lateness while nothing happens (the noise floor of the machine)."""
    lag = LoopLag()
    lag.start()
    await asyncio.sleep(seconds)
    await lag.stop()
    return lag


async def hold_page_down(client: KizenClient, mode: Mode, setup: str) -> list[Row]:
    """Scroll from the top to the target page; rows for stalls, flips and memory."""
    app = build_app(client)
    probe = Probe(app)
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE, message_hook=probe.hook) as pilot:
        await probe.wait_for(lambda m: m.page == 1)
        await pilot.pause()
        screen = browse_screen(app)
        idle = await idle_lag(1.0)
        rss_first_page = rss_mb()
        count = screen.pager.count or 0
        last = max(1, -(-count // 100))
        target = last if mode.scroll_pages is None else min(last, mode.scroll_pages + 1)
        lag = LoopLag()
        lag.start()
        started, presses = now(), 0
        deadline = started + TIMEOUT_PER_PAGE * target
        while screen.page < target and now() < deadline:
            send_key(app, "pagedown")
            presses += 1
            await asyncio.sleep(KEY_REPEAT)
        elapsed = now() - started
        await lag.stop()
        flips = flip_latencies(probe)
        result.update(idle=idle, lag=lag, rss=rss_first_page, pages=screen.page - 1, count=count,
                      presses=presses, elapsed=elapsed, flips=flips)
    return rows_for(result, setup)


def flip_latencies(probe: Probe) -> list[float]:
    """For each page painted after the previous one: seconds since the press that asked for it.

    The press that asked is the first edge press after the previous page was painted (later
    presses only repeat the request while the page is on its way).
    """
    out = []
    edges = sorted(probe.edges)
    for prev, cur in itertools.pairwise(probe.painted):
        if cur.message.page != prev.message.page + 1:
            continue
        index = bisect.bisect_left(edges, prev.painted)
        if index < len(edges) and edges[index] <= cur.painted:
            out.append(cur.painted - edges[index])
    return out


def rows_for(result: dict[str, Any], setup: str) -> list[Row]:
    """The scroll rows of one set-up."""
    lag: LoopLag = result["lag"]
    idle: LoopLag = result["idle"]
    pages, flips = result["pages"], result["flips"]
    note = (f"{pages} pages of {result['count']:,} records, {result['presses']} presses in "
            f"{result['elapsed']:.1f} s; p99 stall {ms(lag.percentile(0.99)):.0f} ms")
    return [
        Row("scroll", f"longest input stall holding page-down ({setup})", ms(lag.worst), "ms",
            ms(idle.worst), "same app idle", Budget("max", 100), note),
        Row("scroll", f"edge press to next page painted while scrolling ({setup})",
            ms(median(flips)) if flips else None, "ms", None, "", None,
            f"worst {ms(max(flips, default=0)):.0f} ms", [ms(v) for v in flips]),
        Row("scroll", f"peak RSS after scrolling ({setup})", peak_rss_mb(), "MB",
            result["rss"], "RSS on first page", Budget("max", 200)),
    ]
