"""Two record screens on the stack (opened one from the other with `g`): a write on the top one
updates that record, leaves the other screen's record alone, and never loops between them."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from kizen_tui.api import KizenClient
from kizen_tui.sandbox import seed
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from kizen_tui.ui.screens.record import RecordScreen
from tests.ui.test_browse import SIZE, settle
from tests.ui.test_edit import editor, open_editor, until


async def big_holdings(client: KizenClient) -> str:
    return (await client.lookup_record("companies", seed.BIG_RELATIONSHIP_RECORD_NAME)).id


async def test_save_on_a_record_screen_above_another(
        make_app: Any, kizen_client: KizenClient) -> None:
    big = await big_holdings(kizen_client)
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        acme_screen = app.screen
        assert isinstance(acme_screen, RecordScreen) and acme_screen.record is not None
        app.push_screen(RecordScreen(acme_screen.schema, big))
        await settle(pilot)
        await open_editor(pilot)
        box = editor(app, "employee_count").query_one(Input)
        box.value = "4242"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen),
                    "the save")
        await settle(pilot)
        top = app.screen
        assert isinstance(top, RecordScreen) and top.record_id == big
        assert top.record is not None and top.record.value("employee_count") == 4242
        assert acme_screen.record is not None and acme_screen.record.id == seed.ACME_RECORD_ID
        assert acme_screen.record.value("employee_count") != 4242
    assert (await kizen_client.get_record("companies", big)).value("employee_count") == 4242


async def test_change_of_the_same_record_reaches_the_screen_below(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        below = app.screen
        assert isinstance(below, RecordScreen)
        app.push_screen(RecordScreen(below.schema, seed.ACME_RECORD_ID))
        await settle(pilot)
        top = app.screen
        assert isinstance(top, RecordScreen) and top is not below
        changed = await kizen_client.update_record(
            "companies", seed.ACME_RECORD_ID, [{"name": "employee_count", "value": 777}])
        top.record_changed(changed)
        await pilot.pause()
        assert below.record is not None and below.record.value("employee_count") == 777
        top.record_removed(seed.ACME_RECORD_ID)
        await pilot.pause()
        assert app.screen is below and below.record is None
        assert "archived" in str(below.query_one("#record-summary").render())


async def test_full_update_is_reviewed_and_sent_as_put(
        make_app: Any, kizen_client: KizenClient) -> None:
    from kizen_tui.ui.journal_store import JournalStore

    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        editor(app, "employee_count").query_one(Input).value = "6060"
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        review = app.screen
        assert review.request_line == f"PUT /api/records/companies/{seed.ACME_RECORD_ID}"
        names = [f["name"] for f in review.body["fields"]]
        assert names[0] == "employee_count" and {"name", "industry"} <= set(names)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen),
                    "the save")
        await settle(pilot)
        assert [r.method for r in app.client.recent_requests if r.method in ("PUT", "PATCH")
                ] == ["PUT"]
        entry = JournalStore.default().read().entries[-1]
        assert entry.action == "put" and entry.record_id == seed.ACME_RECORD_ID
        after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
        assert after.value("employee_count") == 6060
        await pilot.press("u")  # undone like a PATCH
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        await pilot.click("#confirm-yes")
        await settle(pilot)
    undone = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert undone.value("employee_count") == 500
