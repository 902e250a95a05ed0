"""Pilot tests of typing fast into the edit form: every key lands, in the order pressed.

`pilot.press` waits for each key to be handled (tests/quiet.py); a fast typist does not. Here
the keys are handed to the driver back to back, as a terminal delivers a burst, and only then
is the app left to drain.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from kizen_tui.sandbox import seed
from tests import quiet
from tests.ui.test_browse import SIZE
from tests.ui.test_edit import draft_of, editor, open_editor


async def burst(app: Any, *keys: str) -> None:
    """Send `keys` without waiting between them, then wait until they are all handled."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await quiet.drain(app)


async def test_keys_after_a_backspace_back_to_the_original_are_kept(make_app: Any) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        box = editor(app, "name").query_one(Input)
        box.focus()
        await pilot.press("end", "X")
        assert draft_of(screen).value("name") == "Acme CorporationX"
        # backspace brings the field back to its original, the Y follows at once: it was
        # inserted before the backspace ran, which then deleted it
        await burst(app, "backspace", "Y")
        assert box.value == "Acme CorporationY"
        assert draft_of(screen).value("name") == "Acme CorporationY"
        # the same with an empty number field
        employees = editor(app, "employee_count").query_one(Input)
        employees.focus()
        await pilot.press("5")
        await burst(app, "backspace", "9")
        assert employees.value == "9"
        assert draft_of(screen).value("employee_count") == 9
        # and moving the cursor: the letters go where the arrows put it
        await burst(app, "home", "1", "end", "2")
        assert employees.value == "192"
