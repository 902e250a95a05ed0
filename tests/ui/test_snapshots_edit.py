"""Snapshot tests of editing at 120x36: the form with inline errors, the review before save and
the concurrent-change screen (sandbox seed 0, UTC).

Update after an intended change with `pytest tests/ui/test_snapshots_edit.py --snapshot-update`,
then look at the SVGs in `__snapshots__/` before committing.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea

from kizen_tui.sandbox import seed
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.edit_conflict import ConflictScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from tests.conftest import client_for_app
from tests.ui.snap import SNAP_SIZE, steady, utc
from tests.ui.test_edit import editor, form_ready, until

__all__ = ["utc"]

ACME = f"companies/{seed.ACME_RECORD_ID}"


async def calm(pilot: Any) -> None:
    """Settle without waiting for workers (a save waits on the question on screen) and stop
    every cursor blinking."""
    for _ in range(3):
        await pilot.pause()
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
        for area in screen.query(TextArea):
            area.cursor_blink = False
    await pilot.pause()


async def open_acme_editor(pilot: Any) -> None:
    await steady(pilot)
    await pilot.press("e")
    await until(pilot, lambda: form_ready(pilot.app), "the form")
    await steady(pilot)
    assert isinstance(pilot.app.screen, EditScreen)


def test_edit_form_with_inline_errors(snap_compare: Any, make_app: Any, utc: None) -> None:
    """A number that does not parse and a cleared required name, after ctrl+s: red bars,
    messages under the fields, the banner; a valid change is highlighted with "was:"."""
    async def run(pilot: Any) -> None:
        await open_acme_editor(pilot)
        app = pilot.app
        editor(app, "name").query_one(Input).value = ""
        editor(app, "employee_count").query_one(Input).value = "12x"
        editor(app, "website").query_one(Input).value = "https://acme.example"
        await pilot.press("ctrl+s")
        await steady(pilot)
        editor(app, "name").query_one(Input).focus()
        await steady(pilot)

    assert snap_compare(make_app(ACME), run_before=run, terminal_size=SNAP_SIZE)


def test_review_before_save(snap_compare: Any, make_app: Any, utc: None) -> None:
    """ctrl+s shows the diff (changed, added) and the exact PATCH body."""
    async def run(pilot: Any) -> None:
        await open_acme_editor(pilot)
        app = pilot.app
        editor(app, "website").query_one(Input).value = "https://acme.example"
        editor(app, "employee_count").query_one(Input).value = "1,250"
        box = editor(app, "keywords").query_one("#chips-input", Input)
        box.value = "[VIP] Key Account"
        box.focus()
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await calm(pilot)

    assert snap_compare(make_app(ACME), run_before=run, terminal_size=SNAP_SIZE)


def test_conflict_screen(snap_compare: Any, make_app: Any, sandbox_app: Any,
                         utc: None) -> None:
    """A field changed on the server since the form opened: original, theirs, mine."""
    async def run(pilot: Any) -> None:
        await open_acme_editor(pilot)
        app = pilot.app
        editor(app, "website").query_one(Input).value = "https://mine.example"
        editor(app, "employee_count").query_one(Input).value = "42"
        async with client_for_app(sandbox_app) as other:
            await other.update_record("companies", seed.ACME_RECORD_ID, [
                {"name": "website", "value": "https://theirs.example"},
                {"name": "employee_count", "value": 7}])
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflicts")
        await pilot.click("#mine-1")
        await calm(pilot)

    assert snap_compare(make_app(ACME), run_before=run, terminal_size=SNAP_SIZE)
