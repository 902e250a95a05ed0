"""Search-as-you-type and page flips, with the real app and the sandbox in-process (ASGI).

Baselines: for a keystroke, the debounce plus the same search sent straight through the client
(what no UI can avoid); for a flip to a prefetched page, a bare Textual DataTable replacing 100
rows and repainting (what no Textual grid can avoid); for a flip to a page not fetched yet, the
same page requested straight through the client.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from starlette.applications import Starlette
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from benchmarks.appkit import (
    SIZE,
    Probe,
    browse_screen,
    build_app,
    client_for,
    painted_after,
    send_key,
    wait_until,
)
from benchmarks.core import Budget, Mode, Row, median, ms, now
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens import browse as browse_module
from kizen_tui.ui.screens.browse import BrowseScreen

#: Words that each match many of the generated company names.
WORDS = ["falcon", "harbor", "cobalt", "summit", "raven", "zenith", "quartz", "willow", "onyx"]
#: The 10-character word typed with realistic delays.
TYPED_WORD = "industries"


async def with_app(sandbox: Starlette, body: Callable[[KizenApp, Probe, Any], Awaitable[None]],
                   object_name: str = "companies") -> None:
    """Run `body(app, probe, pilot)` once the app shows its first page."""
    client = client_for(sandbox)
    app = build_app(client, object_name)
    probe = Probe(app)
    async with app.run_test(size=SIZE, message_hook=probe.hook) as pilot:
        await probe.wait_for(lambda m: m.page == 1)
        await body(app, probe, pilot)


def record_searches(app: KizenApp) -> list[tuple[float, str, int]]:
    """Wrap the app's client so every search call is logged as (time, search, page)."""
    calls: list[tuple[float, str, int]] = []
    original = app.client.search_records

    async def logged(*args: Any, **kwargs: Any) -> Any:
        calls.append((now(), kwargs.get("search") or "", kwargs.get("page", 1)))
        return await original(*args, **kwargs)

    app.client.search_records = logged  # type: ignore[method-assign]
    return calls


def searched(text: str) -> Callable[[BrowseScreen.RowsShown], bool]:
    """A RowsShown filter: rows of the search `text`."""
    return lambda message: message.grid_query.search == text


async def set_search(app: KizenApp, probe: Probe, text: str) -> None:
    """Put `text` in the search box at once and wait until its rows are painted."""
    screen = browse_screen(app)
    if screen.search_box.value == text:
        return
    mark = len(probe.painted)
    screen.search_box.value = text
    await probe.wait_for(lambda m: m.grid_query.search == text, since=mark)


async def keystroke_rows(mode: Mode, sandbox: Starlette) -> list[Row]:
    """From the last keystroke of a word to its rows painted (debounce included)."""
    latencies: list[float] = []
    direct: list[float] = []
    words = WORDS[:max(1, mode.runs)]

    async def body(app: KizenApp, probe: Probe, pilot: Any) -> None:
        screen = browse_screen(app)
        screen.action_focus_search()
        await pilot.pause()
        for word in words:
            await set_search(app, probe, word[:-1])
            mark, started = len(probe.painted), now()
            send_key(app, word[-1])
            shown = await probe.wait_for(searched(word), since=mark)
            latencies.append(shown.painted - started)
            t0 = now()
            await app.client.search_records("companies", search=word, page=1, page_size=100)
            direct.append(now() - t0)

    await with_app(sandbox, body)
    debounce = browse_module.SEARCH_DEBOUNCE
    baseline = debounce + median(direct)
    return [Row("browse", f"search keystroke to rows painted ({len(words)} words, "
                f"{debounce * 1000:.0f} ms debounce incl.)", ms(median(latencies)), "ms",
                ms(baseline), "debounce + same search via client", None,
                samples=[ms(v) for v in latencies])]


async def typing_session(mode: Mode, sandbox: Starlette,
                         pause_after: int | None) -> dict[str, int]:
    """Type TYPED_WORD with realistic delays (and maybe one long pause); count what happened."""
    rng = random.Random(10)
    result: dict[str, int] = {}

    async def body(app: KizenApp, probe: Probe, pilot: Any) -> None:
        browse_screen(app).action_focus_search()
        await pilot.pause()
        calls = record_searches(app)
        mark = len(probe.painted)
        at_pauses = []
        for index, char in enumerate(TYPED_WORD, start=1):
            send_key(app, char)
            if index == pause_after:
                at_pauses.append(TYPED_WORD[:index])
                await asyncio.sleep(0.6)  # a pause twice the debounce
            else:
                await asyncio.sleep(rng.uniform(0.08, 0.22) * mode.pace)  # 45-125 wpm
        at_pauses.append(TYPED_WORD)
        await probe.wait_for(lambda m: m.grid_query.search == TYPED_WORD, since=mark)
        await asyncio.sleep(0.5 * mode.pace)  # anything late would show up now
        result["requests"] = sum(1 for _, _text, page in calls if page == 1)
        result["prefetches"] = sum(1 for _, _text, page in calls if page != 1)
        result["pauses"] = len(at_pauses)
        shown = [p.message.grid_query.search for p in probe.painted[mark:]]
        result["stale"] = sum(1 for text in shown if text not in at_pauses)
        result["final_ok"] = int(bool(shown) and shown[-1] == TYPED_WORD)

    await with_app(sandbox, body)
    return result


async def typing_requests(mode: Mode, sandbox: Starlette) -> list[Row]:
    """Requests sent while typing a 10-character word, and whether a stale page was shown."""
    rows: list[Row] = []
    for pause_after in (None, 5):
        result = await typing_session(mode, sandbox, pause_after)
        label = "no pause" if pause_after is None else "one 600 ms pause"
        rows.append(Row("browse", f"search requests typing '{TYPED_WORD}' ({label})",
                        result["requests"], "req", result["pauses"], "typing pauses",
                        Budget("ratio", 1.0),
                        f"+{result['prefetches']} next-page prefetch(es)"))
        rows.append(Row("browse", f"stale pages shown while typing ({label})",
                        result["stale"] + (1 - result["final_ok"]), "req", None, "",
                        Budget("max", 0)))
    return rows


class BareGrid(App[None]):
    """A bare DataTable to time the floor of replacing 100 rows."""

    def compose(self) -> ComposeResult:
        """Just the table."""
        yield DataTable(cursor_type="row", zebra_stripes=True)


async def bare_flip(rows: list[list[Text]], runs: int) -> float:
    """Median time for a bare DataTable to replace 100 rows and repaint."""
    app = BareGrid()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        for _ in range(max(runs, 3)):
            await pilot.pause()
            started = now()
            table.clear(columns=True)
            for index in range(len(rows[0])):
                table.add_column(f"c{index}", width=max(r[index].cell_len for r in rows))
            table.add_rows(rows)
            table.move_cursor(row=0, animate=False)
            times.append(await painted_after(app) - started)
    return median(times)


async def page_flips(mode: Mode, sandbox: Starlette) -> list[Row]:
    """Flip to a prefetched page and to a page not fetched yet."""
    warm: list[float] = []
    cold: list[float] = []
    direct: list[float] = []
    cells: list[list[Text]] = []

    async def body(app: KizenApp, probe: Probe, pilot: Any) -> None:
        screen = browse_screen(app)
        cells.extend([[Text(str(c)) for c in row] for row in
                      (screen.grid.get_row_at(i) for i in range(screen.grid.row_count))])
        for _ in range(mode.runs):
            await settled(screen, pilot)
            warm.append(await flip(app, probe, screen.page + 1))
        for _ in range(mode.runs):
            await settled(screen, pilot)
            assert screen.grid_query is not None
            screen.pager.reset(screen.grid_query)  # forget every page: the next one is cold
            cold.append(await flip(app, probe, screen.page + 1))
            t0 = now()
            await app.client.search_records("companies", page=screen.page + 3, page_size=100)
            direct.append(now() - t0)

    await with_app(sandbox, body)
    bare = await bare_flip(cells, mode.runs)
    return [
        Row("browse", "page flip to a prefetched page (key to painted)", ms(median(warm)), "ms",
            ms(bare), "bare DataTable, 100 rows", Budget("max", 50),
            samples=[ms(v) for v in warm]),
        Row("browse", "page flip to a page not fetched yet (key to painted)",
            ms(median(cold)), "ms", ms(median(direct)), "same page via client", None,
            samples=[ms(v) for v in cold]),
    ]


async def settled(screen: BrowseScreen, pilot: Any) -> None:
    """Wait as a reader would: the next page prefetched and the app idle."""
    await wait_until(lambda: screen.pager.cached(screen.page + 1) is not None)
    await pilot.pause()
    await asyncio.sleep(0.05)


async def flip(app: KizenApp, probe: Probe, page: int) -> float:
    """Press `]` and return the seconds until page `page` is painted."""
    mark, started = len(probe.painted), now()
    send_key(app, "right_square_bracket")
    shown = await probe.wait_for(lambda m: m.page == page, since=mark)
    return shown.painted - started


async def run(mode: Mode, sandbox: Starlette) -> list[Row]:
    """All browse rows."""
    return [*await keystroke_rows(mode, sandbox), *await typing_requests(mode, sandbox),
            *await page_flips(mode, sandbox)]
