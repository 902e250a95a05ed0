"""Saved views in the UI: save, reopen after a restart, the picker and palette entries, the
modified mark, and rename/delete/export/import from the views screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Input

from kizen_tui.config import SavedView, list_views, save_view
from kizen_tui.ui.pager import GridQuery
from kizen_tui.ui.screens.views import SaveViewDialog, ViewsScreen, view_from_state, view_modified
from kizen_tui.ui.settings_store import SettingsStore
from kizen_tui.ui.widgets.record_grid import LABEL_KEY
from kizen_tui.ui.widgets.status_line import StatusLine
from tests.ui.test_filter_bar import (
    QUERY,
    SIZE,
    SPEC,
    browse,
    expected_ids,
    grid_ids,
    settle,
    type_query,
)

HOT = SavedView(name="Hot deals", object="deals", filter=SPEC, search="a",
                columns=["stage", "entity_value"], ordering="-entity_value", page_size=50)


def status(app: Any) -> str:
    return str(browse(app).query_one(StatusLine).render())


def test_modified_compares_what_the_view_sets() -> None:
    query = GridQuery("deals", search="x", ordering="name", page_size=100)
    view = view_from_state("V", query, SPEC, ["stage"])
    assert not view_modified(view, view_from_state("V", query, SPEC, ["stage"]))
    assert view_modified(view, view_from_state("V", query.with_(search=""), SPEC, ["stage"]))
    assert view_modified(view, view_from_state("V", query, None, ["stage"]))
    assert view_modified(view, view_from_state("V", query, SPEC, ["name"]))
    loose = SavedView(name="V", object="deals", filter=SPEC, search="x", ordering="name")
    assert not view_modified(loose, view_from_state("V", query.with_(page_size=30), SPEC, []))
    grouped = view_from_state("V", query.with_(in_group_ids=("g",)), SPEC, [])
    assert grouped.model_extra == {"in_group_ids": ["g"]}
    assert view_modified(grouped, view_from_state("V", query, SPEC, []))


async def test_save_then_reopen_after_restart(make_app: Any) -> None:
    app = make_app("deals", settings=SettingsStore.load())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        browse(app).sort_by("entity_value")
        await settle(pilot)
        await pilot.press("V")
        assert isinstance(app.screen, SaveViewDialog)
        await pilot.press(*"Hot deals", "enter")
        await settle(pilot)
        assert "view: Hot deals ·" in status(app) or status(app).endswith("view: Hot deals")
        shown = grid_ids(app)
        browse(app).search_box.value = "Apex"
        await settle(pilot)
        assert "view: Hot deals*" in status(app)
        browse(app).search_box.value = ""
        await settle(pilot)
        assert "view: Hot deals*" not in status(app)
    (saved,) = list_views().value
    assert saved.name == "Hot deals" and saved.object == "deals"
    assert saved.filter == SPEC and saved.ordering == "entity_value"
    assert saved.columns and saved.page_size == 100

    app = make_app("companies", settings=SettingsStore.load())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        assert isinstance(app.screen, ViewsScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = browse(app)
        assert screen.schema is not None and screen.schema.object.name == "deals"
        assert screen.filter_bar.input.value == QUERY
        assert screen.grid_query is not None and screen.grid_query.ordering == "entity_value"
        assert grid_ids(app) == shown
        assert "view: Hot deals" in status(app) and "view: Hot deals*" not in status(app)


async def test_picker_and_palette_open_views(make_app: Any) -> None:
    save_view(HOT)
    app = make_app("companies", settings=SettingsStore.load())
    async with app.run_test(size=SIZE) as pilot:
        browse(app).search_box.value = "Birch"  # the view's search replaces this one
        await settle(pilot)
        await pilot.press("colon")
        await settle(pilot)
        await pilot.press(*"hot dea")
        await pilot.press("enter")
        await settle(pilot)
        screen = browse(app)
        assert screen.schema is not None and screen.schema.object.name == "deals"
        keys = [c.key for c in screen.grid.columns_shown]
        assert keys == [LABEL_KEY, "stage", "entity_value"]
        assert screen.grid_query is not None and screen.grid_query.page_size == 50
        assert screen.grid_query.ordering == "-entity_value"
        assert screen.search_box.value == "a" and screen.grid_query.search == "a"
        assert grid_ids(app) == await expected_ids(app, "deals", SPEC, page_size=50,
                                                   ordering="-entity_value", search="a")
        screen.open_object("companies")
        await settle(pilot)
        assert screen.active_view is None and screen.filter_bar.input.value == ""
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open view: Hot")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.schema is not None and screen.schema.object.name == "deals"
        assert screen.filter_bar.input.value == QUERY


async def test_rename_export_delete_import(make_app: Any, tmp_path: Path) -> None:
    save_view(HOT)
    save_view(HOT.model_copy(update={"name": "Another"}))
    app = make_app("deals", settings=SettingsStore.load())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        views = app.screen
        assert isinstance(views, ViewsScreen)
        assert [v.name for v in views.views] == ["Another", "Hot deals"]
        await pilot.press("down", "r")  # rename "Hot deals"
        prompt = app.screen.query_one("#prompt-input", Input)
        prompt.value = "Hotter deals"
        await pilot.press("enter")
        await settle(pilot)
        assert [v.name for v in list_views().value] == ["Another", "Hotter deals"]
        assert views.current is not None and views.current.name == "Hotter deals"
        await pilot.press("x")
        app.screen.query_one("#prompt-input", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        exported = tmp_path / "hotter-deals.json"
        assert json.loads(exported.read_text())["filter"] == SPEC
        await pilot.press("d")
        await pilot.press("y")
        await settle(pilot)
        assert [v.name for v in list_views().value] == ["Another"]
        await pilot.press("i")
        app.screen.query_one("#prompt-input", Input).value = str(exported)
        await pilot.press("enter")
        await settle(pilot)
        assert [v.name for v in list_views().value] == ["Another", "Hotter deals"]
        assert [v.name for v in views.views] == ["Another", "Hotter deals"]
        await pilot.press("i")
        app.screen.query_one("#prompt-input", Input).value = str(exported)
        await pilot.press("enter")  # the same name again: asks before replacing
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert [v.name for v in list_views().value] == ["Another", "Hotter deals"]
