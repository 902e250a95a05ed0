"""Opening a record with 100+ fields, and its edit form (when the edit form exists).

`projects` is widened in this process (`benchmarks.wide`). The time runs from the enter key on
the browse grid to the record screen repainted with every field; the baseline is the same
`get_record` call sent straight through the client.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from starlette.applications import Starlette

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
from benchmarks.core import Mode, Row, median, ms, now
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.record import RecordScreen

EDIT_MODULE = "kizen_tui.ui.screens.edit"


def edit_form_built() -> bool:
    """Whether the edit screen module exists in this checkout."""
    return importlib.util.find_spec(EDIT_MODULE) is not None


async def open_record(app: KizenApp) -> tuple[float, RecordScreen]:
    """Press enter on the highlighted row; seconds until the record is painted."""
    started = now()
    send_key(app, "enter")
    await wait_until(lambda: isinstance(app.screen, RecordScreen)
                     and app.screen.record is not None)
    screen = app.screen
    assert isinstance(screen, RecordScreen)
    return await painted_after(app) - started, screen


async def open_edit(app: KizenApp) -> float | None:
    """Press `e` on the record screen; seconds until the edit form is painted (None: no form)."""
    started = now()
    send_key(app, "e")
    try:
        await wait_until(lambda: type(app.screen).__module__ == EDIT_MODULE, timeout=5.0)
    except TimeoutError:
        return None
    await app.workers.wait_for_complete()
    # The form is mounted by then but not always laid out yet: the next paint can be one of
    # the screen without it (the form's region is still empty). Wait for it to have a place.
    await wait_until(lambda: form_laid_out(app))
    return await painted_after(app) - started


def form_laid_out(app: KizenApp) -> bool:
    """Whether the edit screen's form has been given a place on screen."""
    forms = app.screen.query("#edit-form")
    return bool(forms) and forms.first().region.height > 0


async def run(mode: Mode, sandbox: Starlette, object_name: str) -> list[Row]:
    """Rows for the wide record and its edit form."""
    opened: list[float] = []
    direct: list[float] = []
    edits: list[float] = []
    fields: list[int] = []
    built = edit_form_built()
    app = build_app(client_for(sandbox), object_name)
    probe = Probe(app)
    async with app.run_test(size=SIZE, message_hook=probe.hook) as pilot:
        await probe.wait_for(lambda m: m.page == 1)
        for index in range(mode.runs):
            browse = browse_screen(app)
            browse.grid.move_cursor(row=index + 1, animate=False)
            await pilot.pause()
            seconds, screen = await open_record(app)
            opened.append(seconds)
            assert screen.record is not None
            fields.append(len(screen.record.fields))
            direct.append(await timed_get(app, object_name, screen.record.id))
            if built:
                edit = await open_edit(app)
                if edit is not None:
                    edits.append(edit)
                    await close_to(app, RecordScreen, pilot)
            await close_to(app, type(browse), pilot)
    rows = [Row("record", f"open a record with {min(fields)} fields (enter to painted)",
                ms(median(opened)), "ms", ms(median(direct)), "same get_record via client",
                None, samples=[ms(v) for v in opened])]
    label = "open its edit form (e to painted)"
    if edits:
        rows.append(Row("record", label, ms(median(edits)), "ms", None, "", None,
                        samples=[ms(v) for v in edits]))
    else:
        note = "n/a (edit form not built)" if not built else "n/a (e did not open an edit form)"
        rows.append(Row("record", label, None, "ms", None, "", None, note))
    return rows


async def timed_get(app: KizenApp, object_name: str, record_id: str) -> float:
    """One get_record call as the record screen makes it, timed."""
    started = now()
    await app.client.get_record(object_name, record_id, include_hidden_fields=True,
                                detail_summary=True)
    return now() - started


async def close_to(app: KizenApp, kind: type[Any], pilot: Any) -> None:
    """Press escape until a screen of type `kind` is on top."""
    for _ in range(5):
        if isinstance(app.screen, kind):
            return
        send_key(app, "escape")
        await pilot.pause()
    raise RuntimeError(f"could not get back to {kind.__name__}")
