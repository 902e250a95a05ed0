"""F1 explains the focused widget; the first-run hint is shown once per profile; the theme
chosen is remembered and used by the next app."""

from __future__ import annotations

from typing import Any

from kizen_tui.config import Paths
from kizen_tui.ui.screens.widget_help import FIRST_RUN_HINT, WIDGET_HELP, WidgetHelp, help_for
from kizen_tui.ui.settings_store import SettingsStore
from tests.ui.test_browse import SIZE
from tests.ui.test_filter_bar import browse, settle


async def f1_text(pilot: Any) -> str:
    await pilot.press("f1")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WidgetHelp)
    text = str(screen.query_one("#widget-help-text").render())
    await pilot.press("escape")
    await pilot.pause()
    return text


async def test_f1_explains_the_focused_widget(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "record grid" in await f1_text(pilot)
        await pilot.press("slash")
        assert "search box" in await f1_text(pilot)
        await pilot.press("escape", "F")
        assert "filter bar" in await f1_text(pilot)
        screen = browse(app)
        screen.grid.focus()
        await pilot.pause()
        assert help_for(screen.grid)[0] == "RecordGrid"
        assert help_for(None)[1].startswith("Press ?")


def test_every_help_text_is_a_sentence() -> None:
    assert all(text.endswith(".") and len(text) < 400 for text in WIDGET_HELP.values())


async def test_first_run_hint_once_per_profile(make_app: Any) -> None:
    store = SettingsStore.load(Paths.from_env())
    app = make_app("companies", settings=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("F1" in str(n.message) for n in app._notifications)
    assert SettingsStore.load(Paths.from_env()).hint_seen("demo", FIRST_RUN_HINT)
    again = make_app("companies", settings=SettingsStore.load(Paths.from_env()))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any("F1" in str(n.message) for n in again._notifications)


async def test_theme_is_remembered_for_the_next_start(make_app: Any) -> None:
    app = make_app("companies", settings=SettingsStore.load(Paths.from_env()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert SettingsStore.load(Paths.from_env()).theme == "nord"
    again = make_app("companies", settings=SettingsStore.load(Paths.from_env()))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
        assert again.current_theme.name == "nord"
