"""Pilot tests of errors while editing: local checks as you type, a 400 envelope mapped back
onto the editors, a 403 on one field, and a concurrent change resolved before sending."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from kizen_tui.api import KizenClient
from kizen_tui.domain.fields import Ref
from kizen_tui.sandbox import seed
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.edit_conflict import ConflictScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from tests.ui.test_browse import SIZE, settle
from tests.ui.test_edit import draft_of, editor, form_of, open_editor, patches, until

GHOST = "6a5c0e1e-0000-4000-8000-00000000dead"


def message(app: Any, name: str) -> str:
    return str(editor(app, name).query_one(".editor--message").render())


def banner(app: Any) -> str:
    return str(app.screen.query_one("#edit-banner").render())


async def send(pilot: Any) -> None:
    """ctrl+s, then Send on the review."""
    app = pilot.app
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the answer")
    await until(pilot, lambda: not app.screen.workers or all(
        w.is_finished for w in app.screen.workers if w.group == "save"), "the save")


async def test_local_errors_then_server_errors_land_under_their_editors(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        # local checks as the user types; nothing is sent while they stand
        count = editor(app, "employee_count").query_one(Input)
        count.value = "12x"
        await pilot.pause()
        assert "'12x' is not a number" in message(app, "employee_count")
        assert editor(app, "employee_count").has_class("-invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Fix 1 field" in banner(app) and not isinstance(app.screen, ReviewScreen)
        assert patches(app) == []
        count.value = "1.200"  # read as 1.2: not a whole number
        await pilot.pause()
        assert "not a whole number" in message(app, "employee_count")
        count.value = "1,200"
        await pilot.pause()
        assert "→ 1200" in message(app, "employee_count") or "was: 500" in message(
            app, "employee_count")
        # two problems only the server knows: a taken name, a contact that does not exist
        editor(app, "name").query_one(Input).value = seed.VIEW_ONLY_RECORD_NAME
        form_of(screen).apply_pick("contacts", [Ref(GHOST, "Ghost Contact")])
        await send(pilot)
        assert isinstance(app.screen, EditScreen)
        assert "already exists" in message(app, "name")
        assert "does not exist" in message(app, "contacts") and "Ghost Contact" in message(
            app, "contacts")
        assert "Adding" in message(app, "contacts")
        assert "refused 2 fields" in banner(app) and "request id" in banner(app)
        assert editor(app, "employee_count").state.errors == ()
        # nothing typed is lost; fix and save again
        assert draft_of(screen).value("employee_count") == 1200
        editor(app, "name").query_one(Input).value = "Acme Corporation Renamed"
        contacts = editor(app, "contacts")
        chip = next(c for c in contacts.state.items if c.item == Ref(GHOST))
        form_of(screen).apply("contacts", "remove", chip.item)
        await send(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, EditScreen)
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("name") == "Acme Corporation Renamed"
    assert after.value("employee_count") == 1200


async def test_a_403_on_one_field_shows_on_that_field(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The definitions said the field was editable; the permission was taken away since.
        schema = await app.require_schema().schema("companies")
        limit = schema.field(seed.NO_EDIT_ACCESS_FIELD)
        assert limit is not None and limit.access is not None
        limit.access.edit = True
        screen = await open_editor(pilot)
        editor(app, "website").query_one(Input).value = "https://fine.example"
        editor(app, seed.NO_EDIT_ACCESS_FIELD).query_one(Input).value = "5000"
        await send(pilot)
        assert isinstance(app.screen, EditScreen)
        assert seed.NO_EDIT_ACCESS_FIELD in message(app, seed.NO_EDIT_ACCESS_FIELD) or (
            message(app, seed.NO_EDIT_ACCESS_FIELD).startswith("✗"))
        assert editor(app, seed.NO_EDIT_ACCESS_FIELD).has_class("-invalid")
        assert not editor(app, "website").state.errors
        assert draft_of(screen).is_dirty
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("website") != "https://fine.example"  # the write was refused whole


async def test_a_concurrent_change_is_caught_and_resolved(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        editor(app, "website").query_one(Input).value = "https://mine.example"
        editor(app, "employee_count").query_one(Input).value = "42"
        # someone else saves both fields meanwhile
        await kizen_client.update_record("companies", seed.ACME_RECORD_ID, [
            {"name": "website", "value": "https://theirs.example"},
            {"name": "employee_count", "value": 7}])
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflicts")
        conflicts = app.screen
        assert [c.field for c in conflicts.conflicts] == ["employee_count", "website"]
        website = next(c for c in conflicts.conflicts if c.field == "website")
        assert website.theirs == "https://theirs.example" and website.mine == "https://mine.example"
        assert conflicts.query_one("#conflict-apply").disabled  # no default: choose first
        await pilot.click("#theirs-0")  # employee_count: take theirs
        await pilot.click("#mine-1")  # website: keep mine
        await pilot.pause()
        await pilot.click("#conflict-apply")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the new review")
        assert app.screen.body == {"fields": [{"name": "website",
                                               "value": "https://mine.example"}]}
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen),
                    "the save")
        await settle(pilot)
        assert len(patches(app)) == 1
        assert draft_of(screen).original("employee_count") == 7
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("website") == "https://mine.example" and after.value("employee_count") == 7


async def test_renaming_onto_an_archived_name_offers_overwrite_explicitly(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        editor(app, "name").query_one(Input).value = seed.ARCHIVED_RECORD_NAME
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        assert "archived_conflict" not in app.screen.body  # never by default
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.id == "archived-overwrite", "the question")
        assert app.focused is not None and app.focused.id == "choice-cancel"
        await pilot.click("#choice-overwrite")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the new review")
        assert app.screen.body["archived_conflict"] == "overwrite"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen),
                    "the save")
        await settle(pilot)
        assert len(patches(app)) == 2  # refused once, then sent with the explicit choice
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.name == seed.ARCHIVED_RECORD_NAME


async def test_a_restored_draft_says_what_the_server_has_and_a_merge_is_reviewed(
        make_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        editor(app, "employee_count").query_one(Input).value = "42"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.id == "close-edit", "the close question")
        await pilot.click("#choice-keep")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen), "the record")
        # someone else changes the same field meanwhile
        await kizen_client.update_record("companies", seed.ACME_RECORD_ID, [
            {"name": "employee_count", "value": 7}])
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "restore-draft", "the restore question")
        await pilot.click("#choice-restore")
        await until(pilot, lambda: isinstance(app.screen, EditScreen)
                    and app.screen.form is not None and app.screen.form.complete, "the form")
        assert "was: 7" in message(app, "employee_count")  # not the value the draft began on
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflicts")
        await pilot.press("m")
        assert "goes back to the review" in str(app.screen.query_one("#conflict-status").render())
        await pilot.click("#conflict-apply")
        # as the dialog says: the merged request is reviewed before anything is sent
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the merged review")
        assert patches(app) == []
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.body == {"fields": [{"name": "employee_count", "value": 42}]}
        assert "Merged" in str(review.note) and any("7 → 42" in line for line in review.diff)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen),
                    "the save")
        await settle(pilot)
        assert len(patches(app)) == 1
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("employee_count") == 42
