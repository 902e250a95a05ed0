"""Every dialog keeps its buttons on screen, whatever its content and the terminal's size:
long bodies scroll inside the dialog instead of pushing the buttons out of sight."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.errors import NoWidget
from textual.screen import ModalScreen
from textual.widgets import Button

from kizen_tui.domain.fields import Ref
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.confirm import Choice, ChoiceScreen, ConfirmScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from kizen_tui.ui.screens.relation_picker import RefPicker

LONG = Text("\n".join(f"line {i}: a change that was made" for i in range(80)))


async def many_refs(text: str) -> list[Ref]:
    return [Ref(id=f"id-{i}", label=f"Record {i} {text}") for i in range(40)]


def review() -> ModalScreen[Any]:
    body = {"fields": [{"name": f"field_{i}", "value": "x" * 30} for i in range(40)]}
    return ReviewScreen("Save 40 fields", [f"field {i}: a → b" for i in range(40)],
                        "PATCH /api/records/companies/…", body, note="Restores the record")


def picker() -> ModalScreen[Any]:
    screen = RefPicker("Contacts of Acme", many_refs, multi=True)
    screen.chosen = [Ref(id=f"c{i}", label=f"Chosen {i}") for i in range(30)]
    return screen


DIALOGS = {
    "review": review,
    "picker": picker,
    "confirm": lambda: ConfirmScreen("Revert 15 fields?", LONG, confirm="Revert"),
    "choice": lambda: ChoiceScreen("Unsaved changes", LONG, [
        Choice("save", "Save"), Choice("keep", "Keep draft"), Choice("cancel", "Cancel")]),
}


class Host(App[None]):
    """An app with kizen-tui's style sheet (the dialog layout lives there)."""

    CSS_PATH = KizenApp.CSS_PATH


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
@pytest.mark.parametrize("name", sorted(DIALOGS))
async def test_buttons_stay_visible(name: str, size: tuple[int, int]) -> None:
    app = Host()
    async with app.run_test(size=size) as pilot:
        await app.push_screen(DIALOGS[name]())
        for _ in range(5):
            await pilot.pause(0.05)
        screen = app.screen
        buttons = list(screen.query(Button).results(Button))
        assert buttons
        for button in buttons:
            region = button.region
            assert region.area, f"{button.id} has no room"
            try:
                shown, _ = screen.get_widget_at(*region.center)
            except NoWidget:
                pytest.fail(f"{button.id} at {region} is off screen")
            assert shown is button or button in shown.ancestors, (
                f"{button.id} at {region} is covered or off screen (found {shown!r})")


async def test_review_body_shows_bidi_and_c1_controls_as_text() -> None:
    """json.dumps keeps U+202E (right-to-left override) and C1 controls such as U+009B (a
    one-byte CSI to some terminals) raw; the review must show them, not send them."""
    body = {"fields": [{"name": "name", "value": "Acme \u202eoc.evil\u202c \x9b31m"}]}
    app = Host()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.push_screen(ReviewScreen("Save", ["name: a → b"], "PATCH /x", body))
        await pilot.pause()
        shown = str(app.screen.query_one("#review-body").render())
    assert "\u202e" not in shown and "\x9b" not in shown
    assert "\\u202e" in shown and "\\x9b" in shown
