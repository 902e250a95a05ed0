"""Pilot tests of the write journal: entries written by a save, the journal screen (corrupt
lines skipped and reported), and `u` reverting the last write after showing its diff."""

from __future__ import annotations

import stat
from typing import Any

from textual.widgets import DataTable, Input

from kizen_tui.api import KizenClient
from kizen_tui.config.paths import Paths
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.ui.journal_store import JournalStore
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.journal import JournalScreen
from kizen_tui.ui.screens.record import RecordScreen
from tests.ui.test_browse import SIZE, settle
from tests.ui.test_edit import editor, open_editor, until
from tests.ui.test_edit_create import review_and_send


async def save_website(pilot: Any, url: str, tag: str | None = None) -> None:
    app = pilot.app
    await open_editor(pilot)
    editor(app, "website").query_one(Input).value = url
    if tag:
        box = editor(app, "keywords").query_one("#chips-input", Input)
        box.value = tag
        box.focus()
        await pilot.press("enter")
    await pilot.press("ctrl+s")
    await review_and_send(pilot)
    await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record again")
    await settle(pilot)


async def test_journal_lists_writes_and_u_reverts_the_last_one(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await save_website(pilot, "https://journal.example", tag="Journal Tag")
        journal = Paths.from_env().journal_file
        text = journal.read_text()
        assert DEMO_CREDENTIALS.api_key not in text
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
        entry = JournalStore.default().read().entries[-1]
        assert entry.action == "patch" and entry.request_id
        assert {c.field for c in entry.changes} == {"website", "keywords"}
        with journal.open("a") as handle:  # a damaged line must not break the journal
            handle.write("{not json\n")
        await pilot.press("J")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")
        screen = app.screen
        assert "Skipped 1 unreadable journal line" in str(
            screen.query_one("#journal-problem").render())
        assert screen.query_one(DataTable).row_count == 1
        await pilot.pause()
        detail = str(screen.query_one("#journal-detail").render())
        assert "Website: (empty) → https://journal.example" in detail
        assert "Keywords: + Journal Tag" in detail
        await pilot.press("escape")
        await settle(pilot)
        # u shows what it will do, then restores the previous values
        await pilot.press("u")
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        body = str(app.screen.body)
        assert "Website: https://journal.example → (empty)" in body
        assert "Keywords: − Journal Tag" in body
        assert f"PATCH /api/records/companies/{seed.ACME_RECORD_ID}" in body
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        await settle(pilot)
        shown = app.screen.record
        assert shown is not None and shown.value("website") is None
        read = JournalStore.default().read()
        assert read.entries[-1].reverts == entry.id and len(read.skipped) == 1
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("website") is None and not after.value("keywords")


async def test_undo_warns_before_overwriting_a_newer_change(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await save_website(pilot, "https://mine.example")
        await kizen_client.update_record("companies", seed.ACME_RECORD_ID,
                                         [{"name": "website", "value": "https://later.example"}])
        await pilot.press("u")
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        assert "Changed on the server since this write: Website" in str(app.screen.body)
        assert str(app.screen.query_one("#confirm-yes").label) == "Revert anyway"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        assert not isinstance(app.screen, EditScreen)
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("website") == "https://later.example"
