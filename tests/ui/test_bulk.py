"""Pilot tests of marks and bulk edit: a tag added to 50 records across two pages (the view-only
record's 403 reported, the others written and journalled, `u` undoes the last one), read-only
mode disables it, and a production profile asks to type the number of records."""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.widgets import Button, Input, Select, Static

from kizen_tui.api import KizenClient
from kizen_tui.config import Settings
from kizen_tui.sandbox import seed
from kizen_tui.ui.journal_store import JournalStore
from kizen_tui.ui.screens.bulk import BulkScreen, plan_bulk
from kizen_tui.ui.screens.bulk_review import BulkReview
from kizen_tui.ui.screens.type_confirm import TypeToConfirm
from kizen_tui.ui.settings_store import SettingsStore
from kizen_tui.ui.widgets.record_grid import MARK, RecordGrid
from tests.ui.test_browse import SIZE
from tests.ui.test_edit import until
from tests.ui.test_filter_bar import browse, settle

TAG = "Bulk Tag"


def small_pages(make_app: Any, **kwargs: Any) -> Any:
    return make_app("companies", settings=SettingsStore.in_memory(Settings(page_size=25)),
                    **kwargs)


async def mark_two_pages(pilot: Any) -> None:
    await pilot.press("ctrl+a")
    await pilot.press("right_square_bracket")
    await settle(pilot)
    await pilot.press("ctrl+a")
    await pilot.pause()


async def open_bulk_add(pilot: Any) -> BulkScreen:
    app = pilot.app
    await pilot.press("B")
    await until(pilot, lambda: isinstance(app.screen, BulkScreen), "the bulk screen")
    screen = app.screen
    screen.query_one("#bulk-op", Select).value = "add"
    await pilot.pause()
    screen.query_one("#bulk-field", Select).value = "keywords"
    screen.query_one("#bulk-value", Input).value = TAG
    screen.query_one("#bulk-review", Button).press()
    # The review screen is current as soon as it is pushed; its buttons mount a moment later.
    await until(pilot, lambda: isinstance(app.screen, BulkReview)
                and bool(app.screen.query("#bulk-send")), "the review and its buttons")
    return screen


async def test_marks_survive_page_flips_and_show_in_the_grid(make_app: Any) -> None:
    app = small_pages(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browse(app)
        first = screen.grid.current_record
        await pilot.press("space")  # marks and moves down
        assert screen.grid.cursor_row == 1 and list(screen.marked) == [first.id]
        cell = screen.grid.get_row_at(0)[0]
        assert str(cell).startswith(MARK)
        await pilot.press("down", "down", "shift+space")  # range from the last mark
        assert len(screen.marked) == 4
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("space")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert len(screen.marked) == 5
        assert str(app.screen.query_one(RecordGrid).get_row_at(0)[0]).startswith(MARK)
        await pilot.press("ctrl+a")  # unmarked rows on the page: mark them all
        assert len(screen.marked) == 26
        await pilot.press("ctrl+a")  # all marked: unmark the page
        assert len(screen.marked) == 1


async def test_bulk_add_tag_to_50_records(make_app: Any, kizen_client: KizenClient) -> None:
    app = small_pages(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await mark_two_pages(pilot)
        marked = browse(app).marked
        assert len(marked) == 50 and seed.VIEW_ONLY_RECORD_ID in marked
        await open_bulk_add(pilot)
        review = app.screen
        assert len(review.to_send) == 50
        assert all("add_values" in i.body_text for i in review.items)
        app.screen.query_one("#bulk-send", Button).press()
        await settle(pilot)
        statuses = {i.record.id: i.status for i in review.items}
        assert statuses.pop(seed.VIEW_ONLY_RECORD_ID) == "failed"
        assert set(statuses.values()) == {"ok"}
        text = str(review.query_one("#bulk-summary").render())
        assert "49 written, 1 failed" in text and "403" in text
        entries = [e for e in JournalStore.default().read().entries if e.action == "patch"]
        assert len(entries) == 49
        assert {e.record_id for e in entries} == set(statuses)
        await pilot.press("escape")
        await settle(pilot)
        assert browse(app).marked == {}, "marks are cleared after a bulk edit"
        last = entries[-1]
        await pilot.press("u")
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        await pilot.click("#confirm-yes")
        await settle(pilot)
    undone = await kizen_client.get_record("companies", last.record_id)
    names = [getattr(t, "name", t) for t in (undone.value("keywords") or [])]
    assert TAG not in str(names)
    other = next(rid for rid in statuses if rid != last.record_id)
    kept = await kizen_client.get_record("companies", other)
    assert TAG in str(kept.value("keywords"))


async def test_read_only_disables_bulk(make_app: Any) -> None:
    app = small_pages(make_app, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        assert browse(app).check_action("bulk_edit", ()) is None
        await pilot.press("B")
        await pilot.pause()
        assert not isinstance(app.screen, BulkScreen)


async def test_production_asks_to_type_the_count(make_app: Any) -> None:
    app = small_pages(make_app)
    app.connection = dataclasses.replace(app.connection, production=True)
    sent: list[Any] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.client.update_record = lambda *a, **k: sent.append(a)  # type: ignore[method-assign]
        await pilot.press("space", "space")
        await open_bulk_add(pilot)
        app.screen.query_one("#bulk-send", Button).press()
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirm), "type to confirm")
        assert app.screen.phrase == "2 records"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BulkReview) and sent == []
        assert {i.status for i in app.screen.items} == {"pending"}


async def test_plan_skips_records_that_already_have_the_value(make_app: Any) -> None:
    app = small_pages(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browse(app)
        records = screen.grid.records[:3]
        name = records[0].label
        items = plan_bulk(screen.schema, records, "set", "name", name)
        assert items[0].skip and items[0].status == "skipped"
        assert not items[1].skip and items[1].body == [{"name": "name", "value": name}]


async def open_bulk(pilot: Any, op: str, field: str) -> BulkScreen:
    app = pilot.app
    await pilot.press("B")
    await until(pilot, lambda: isinstance(app.screen, BulkScreen), "the bulk screen")
    screen = app.screen
    screen.query_one("#bulk-op", Select).value = op
    await pilot.pause()
    screen.query_one("#bulk-field", Select).value = field
    await pilot.pause()
    return screen


async def test_option_fields_are_picked_not_typed(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = small_pages(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_screen = browse(app)
        industry = grid_screen.schema.field("industry")
        assert industry is not None and industry.field_type == "dropdown"
        option = industry.options[-1]
        await pilot.press("down", "space", "space")  # two records, not the hostile first one
        ids = list(grid_screen.marked)
        screen = await open_bulk(pilot, "set", "industry")
        choice = screen.query_one("#bulk-choice", Select)
        assert choice.display and not screen.query_one("#bulk-value", Input).display
        labels = [str(prompt) for prompt, _ in choice._options if _ is not Select.NULL]
        assert labels == [o.name for o in industry.options]
        choice.value = option.id
        screen.query_one("#bulk-review", Button).press()
        await until(pilot, lambda: isinstance(app.screen, BulkReview)
                    and bool(app.screen.query("#bulk-send")), "the review")
        review = app.screen
        bodies = [i.body for i in review.items if not i.skip]
        assert bodies and all(b == [{"name": "industry", "value": {"id": option.id}}]
                              for b in bodies)
        review.query_one("#bulk-send", Button).press()
        await settle(pilot)
    for record_id in ids:
        record = await kizen_client.get_record("companies", record_id)
        assert option.name in str(record.value("industry"))


async def test_text_fields_keep_the_text_box_and_add_needs_an_item(make_app: Any) -> None:
    app = small_pages(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        screen = await open_bulk(pilot, "set", "name")
        assert screen.query_one("#bulk-value", Input).display
        assert not screen.query_one("#bulk-choice", Select).display
        screen.query_one("#bulk-op", Select).value = "add"
        await pilot.pause()
        screen.query_one("#bulk-field", Select).value = "regions"  # checkboxes: picked
        await pilot.pause()
        assert screen.query_one("#bulk-choice", Select).display
        screen.query_one("#bulk-review", Button).press()  # nothing picked
        await pilot.pause()
        assert isinstance(app.screen, BulkScreen)
        assert "give the item to add" in str(screen.query_one("#bulk-error", Static).render())
