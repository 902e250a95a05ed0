"""Pilot tests of creating (with the archived-name question), upserting, going to a record,
archiving, and read-only mode."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select

from kizen_tui.api import KizenClient, NotFound, ReadOnlyError
from kizen_tui.sandbox import seed
from kizen_tui.ui.journal_store import JournalStore
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from kizen_tui.ui.screens.goto import GotoScreen
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.screens.record_actions import WRITE_ACTIONS
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.ui.test_browse import SIZE, grid_names, settle
from tests.ui.test_edit import editor, form_ready, until


def notifications(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def fill_company(pilot: Any, name: str) -> None:
    """Type a name and pick the first industry (both required)."""
    app = pilot.app
    await until(pilot, lambda: form_ready(app), "the form")
    editor(app, "name").query_one(Input).value = name
    industry = editor(app, "industry").query_one(Select)
    industry.value = app.screen.schema.field("industry").options[0].id
    await pilot.pause()


async def review_and_send(pilot: Any) -> ReviewScreen:
    """ctrl+s; returns the review after pressing Send on it."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
    review = app.screen
    assert isinstance(review, ReviewScreen)
    await pilot.press("ctrl+s")
    return review


async def test_create_onto_an_archived_name_offers_restore(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await fill_company(pilot, seed.ARCHIVED_RECORD_NAME)
        assert editor(app, "name").query_one(".editor--label").render().plain.endswith("*")
        await pilot.press("ctrl+s")
        first = await review_and_send(pilot)
        assert "unarchive" not in first.body  # never by default
        await until(pilot, lambda: app.screen.id == "archived-choice", "the question")
        assert seed.ARCHIVED_RECORD_ID in str(app.screen.body)
        assert app.focused is not None and app.focused.id == "choice-cancel"
        await pilot.click("#choice-unarchive")  # back to the review, with the new body
        second = await review_and_send(pilot)
        assert second.body["unarchive"] == "unarchive"
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        await settle(pilot)
        assert app.screen.record_id == seed.ARCHIVED_RECORD_ID
        assert any("Unarchived" in n for n in notifications(app))
        entry = JournalStore.default().read().entries[-1]
        assert (entry.action, entry.result, entry.record_id) == (
            "add", "unarchived", seed.ARCHIVED_RECORD_ID)
        # u undoes it: the restored record is archived again, after a confirmation
        await pilot.press("u")
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        assert "Archive" in str(app.screen.body)
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the browser")
        await settle(pilot)
    with pytest.raises(NotFound):
        await kizen_client.get_record("companies", seed.ARCHIVED_RECORD_ID)


async def test_upsert_creates_then_updates(make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await fill_company(pilot, "")
        app.screen.query_one("#upsert-lookup", Input).value = "Upserted Widgets"
        await pilot.press("ctrl+s")
        review = await review_and_send(pilot)
        assert review.body["lookup_value"] == "Upserted Widgets"
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the created record")
        await settle(pilot)
        assert any("Upsert: created" in n for n in notifications(app))
        created = app.screen.record_id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("U")
        await until(pilot, lambda: form_ready(app), "the form")
        app.screen.query_one("#upsert-lookup", Input).value = "upserted widgets"
        editor(app, "website").query_one(Input).value = "https://upserted.example"
        await pilot.press("ctrl+s")
        await review_and_send(pilot)
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the updated record")
        await settle(pilot)
        assert app.screen.record_id == created
        assert any("Upsert: updated" in n for n in notifications(app))
        entries = JournalStore.default().read().entries
        assert [(e.action, e.result) for e in entries] == [("upsert", "created"),
                                                          ("upsert", "updated")]
        website = next(c for c in entries[-1].changes if c.field == "website")
        assert website.before is None and website.after == "https://upserted.example"
    record = await kizen_client.get_record("companies", created)
    assert record.value("name") == "Upserted Widgets"
    assert record.value("website") == "https://upserted.example"


async def test_upsert_shows_a_required_field_as_the_create_form_does(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await until(pilot, lambda: form_ready(app), "the form")
        label = editor(app, "industry").query_one(".editor--label").render().plain
        assert label.endswith("*")  # needed to create, though an update may leave it out
        assert not editor(app, "name").query_one(".editor--label").render().plain.endswith(
            "*")  # the name to match fills it
        app.screen.query_one("#upsert-lookup", Input).value = "Nothing Like It Ltd"
        await pilot.press("ctrl+s")
        await review_and_send(pilot)
        await until(pilot, lambda: editor(app, "industry").state.errors, "the error")
        message = str(editor(app, "industry").query_one(".editor--message").render())
        assert "✗ This field is required" in message
        banner = str(app.screen.query_one("#edit-banner").render())
        assert "refused 1 field" in banner and 'Field "industry"' not in banner
        assert app.focused in editor(app, "industry").query("*")


async def goto(pilot: Any, text: str) -> None:
    app = pilot.app
    await pilot.press("g")
    await until(pilot, lambda: isinstance(app.screen, GotoScreen), "go to")
    app.screen.query_one(Input).value = text
    await pilot.press("enter")


async def test_goto_by_name_id_and_the_case_insensitive_fallback(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for text in (seed.ACME_NAME, seed.ACME_RECORD_ID):
            await goto(pilot, text)
            await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
            assert app.screen.record_id == seed.ACME_RECORD_ID
            await pilot.press("escape")
            await settle(pilot)
        await goto(pilot, "acme corporation")  # lookup is case-sensitive: no exact match
        await until(pilot, lambda: bool(app.screen.query_one("#goto-results").display),
                    "the fallback list")
        status = str(app.screen.query_one("#goto-status").render())
        assert "No exact match" in status
        assert [r.id for r in app.screen.found] == [seed.ACME_RECORD_ID]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        assert app.screen.record_id == seed.ACME_RECORD_ID
        await pilot.press("escape")
        await settle(pilot)
        await goto(pilot, "no such company anywhere")
        await until(pilot, lambda: "finds nothing" in str(
            app.screen.query_one("#goto-status").render()), "the not-found message")


async def test_goto_a_contact_by_email(make_app: Any) -> None:
    app = make_app("client_client")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        email = seed.HOSTILE_CONTACT_EMAILS[3]
        await goto(pilot, email)
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the contact")
        await settle(pilot)
        assert app.screen.record is not None and app.screen.record.value("email") == email


async def test_archive_needs_remove_access_and_u_brings_it_back(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one(RecordGrid)
        grid.move_cursor(row=grid_names(app).index(seed.NOT_REMOVABLE_RECORD_NAME))
        await settle(pilot)
        assert screen.check_action("archive_record", ()) is None
        assert screen.active_bindings["d"].enabled is False  # greyed in the footer
        assert screen.check_action("edit_record", ()) is True
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        grid.move_cursor(row=grid_names(app).index(seed.VIEW_ONLY_RECORD_NAME))
        await settle(pilot)
        assert screen.check_action("edit_record", ()) is None
        grid.move_cursor(row=grid_names(app).index(seed.ACME_NAME))
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: app.screen.id == "confirm-archive", "the confirmation")
        assert seed.ACME_NAME in str(app.screen.body)
        assert app.focused is not None and app.focused.id == "confirm-no"
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: app.screen is screen, "the browser")
        await settle(pilot)
        assert seed.ACME_NAME not in grid_names(app)
        with pytest.raises(NotFound):
            await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
        await pilot.press("u")
        await until(pilot, lambda: app.screen.id == "confirm-undo", "the undo question")
        assert "Unarchive" in str(app.screen.body)
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: app.screen is screen, "the browser")
        await settle(pilot)
        entries = JournalStore.default().read().entries
        assert [e.action for e in entries] == ["archive", "unarchive"]
        assert entries[1].reverts == entries[0].id
    assert (await kizen_client.get_record("companies", seed.ACME_RECORD_ID)).name == seed.ACME_NAME


async def test_read_only_mode_disables_and_refuses_writes(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app("companies", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for action in WRITE_ACTIONS:
            assert screen.check_action(action, ()) is None, action
        assert screen.check_action("goto_record", ()) is True
        assert screen.active_bindings["e"].enabled is False
        for key in ("e", "n", "d", "u", "U"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
        with pytest.raises(ReadOnlyError, match="Read-only mode"):
            await app.client.archive_record("companies", seed.ACME_RECORD_ID)
    assert (await kizen_client.get_record("companies", seed.ACME_RECORD_ID)).name == seed.ACME_NAME


async def test_archive_on_production_asks_to_type_the_name(
        make_app: Any, kizen_client: KizenClient) -> None:
    import dataclasses

    from kizen_tui.ui.screens.type_confirm import TypeToConfirm

    app = make_app("companies")
    app.connection = dataclasses.replace(app.connection, production=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one(RecordGrid)
        grid.move_cursor(row=grid_names(app).index(seed.ACME_NAME))
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: app.screen.id == "confirm-archive", "the confirmation")
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirm), "type to confirm")
        assert app.screen.phrase == seed.ACME_NAME
        await pilot.press("escape")  # not typed: nothing is archived
        await settle(pilot)
        assert app.screen is screen and seed.ACME_NAME in grid_names(app)
        assert (await kizen_client.get_record("companies", seed.ACME_RECORD_ID)).id
