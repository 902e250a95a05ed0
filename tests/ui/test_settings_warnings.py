"""A broken or invalid settings.toml is reported in the TUI itself (the headless commands print
the same warnings on stderr; the TUI has no stderr to print them on)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from kizen_tui.config import Paths
from kizen_tui.ui.app import SETTINGS_WARNING_SECONDS
from kizen_tui.ui.settings_store import SettingsStore
from tests.ui.test_browse import SIZE, settle


@pytest.mark.parametrize("text", ["this is [not toml\n", "page_size = 7\n"])
async def test_settings_problems_are_shown_once_and_logged(
    text: str, make_app: Any, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="kizen_tui.ui")
    paths = Paths.from_env()
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(text)
    store = SettingsStore.load(paths)
    assert len(store.warnings) == 1
    warning = store.warnings[0]
    app = make_app("companies", settings=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [n for n in app._notifications if n.message == warning]
        assert len(shown) == 1, [n.message for n in app._notifications]
        assert shown[0].severity == "warning" and shown[0].markup is False
        assert shown[0].timeout >= SETTINGS_WARNING_SECONDS >= 15
    assert "corrupt-" in warning  # the message says where the original went
    logged = [r.getMessage() for r in caplog.records if r.name == "kizen_tui.ui"]
    assert logged.count(f"settings: {warning}") == 1


async def test_the_connect_screen_shows_them_too() -> None:
    from kizen_tui.ui.app import KizenApp

    store = SettingsStore.in_memory()
    store.warnings.append("settings.toml [x]: a [bold]markup-looking[/] problem")
    app = KizenApp(None, settings=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [n.message for n in app._notifications] == list(store.warnings)
