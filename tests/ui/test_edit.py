"""Pilot tests of editing a record: one PATCH for many kinds of change, review, autosave."""

from __future__ import annotations

import stat
from typing import Any

from textual.message import Message
from textual.widgets import Input, Select

from kizen_tui.api import KizenClient
from kizen_tui.api.models import Record
from kizen_tui.config.paths import Paths
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.ui.drafts_store import DraftStore
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.screens.relation_picker import RefPicker
from kizen_tui.ui.widgets.chips import ChipBar
from kizen_tui.ui.widgets.edit_form import EditForm
from tests import quiet
from tests.ui.test_browse import SIZE, settle

#: A seeded company with a tier, keywords, a founding date and contacts.
RICH_NAME = "Beacon Studios Pty"


async def record_named(client: KizenClient, name: str) -> Record:
    found = await client.lookup_record("companies", name)
    return await client.get_record("companies", found.id)


def editor(app: Any, name: str) -> Any:
    form = app.screen.query_one(EditForm)
    found = form.editor(name)
    assert found is not None, name
    return found


def form_ready(app: Any) -> bool:
    """The edit screen is on top with its form, every editor mounted (the form mounts those
    below the first screenful after its first paint)."""
    screen = app.screen
    return isinstance(screen, EditScreen) and screen.form is not None and screen.form.complete


async def open_editor(pilot: Any) -> EditScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, RecordScreen)
    await pilot.press("e")
    await settle(pilot)
    await until(pilot, lambda: form_ready(pilot.app), "the form")
    screen = pilot.app.screen
    assert isinstance(screen, EditScreen) and screen.form is not None
    return screen


async def until(pilot: Any, condition: Any, what: str = "condition") -> None:
    """Wait (bounded) for a condition: workers blocked on a modal screen never complete, so
    `settle()` cannot be used while a question is on screen."""
    await quiet.until(pilot, condition, what)


def draft_of(screen: Any) -> RecordDraft:
    """The edit screen's draft (the form is open)."""
    assert isinstance(screen, EditScreen) and screen.draft is not None
    return screen.draft


def form_of(screen: Any) -> EditForm:
    """The edit screen's form."""
    assert isinstance(screen, EditScreen) and screen.form is not None
    return screen.form


def patches(app: Any) -> list[Any]:
    return [r for r in app.client.recent_requests if r.method == "PATCH"]


async def test_one_patch_for_text_option_date_relationship_and_tags(
        make_app: Any, kizen_client: KizenClient) -> None:
    before = await record_named(kizen_client, RICH_NAME)
    old_tags = before.value("keywords")
    old_contacts = {c["id"] for c in before.value("contacts")}
    seen: list[Message] = []
    app = make_app(f"companies/{before.id}")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = await open_editor(pilot)
        assert any(isinstance(m, EditScreen.Opened) for m in seen)
        # text: typed with keys
        website = editor(app, "website").query_one(Input)
        website.focus()
        website.value = ""
        await pilot.press(*"https://beacon.example")
        # option, date
        tier = editor(app, "tier").query_one(Select)
        tier_def = screen.schema.field("tier")
        assert tier_def is not None
        silver = next(o.id for o in tier_def.options if o.name == "Silver")
        tier.value = silver
        editor(app, "founded").query_one(Input).value = "2021-03-04"
        # tags: add a new one by name, remove the first existing one
        tags = editor(app, "keywords")
        tags.query_one("#chips-input", Input).value = "Newly Tagged"
        tags.query_one("#chips-input", Input).focus()
        await pilot.press("enter")
        bar = tags.query_one(ChipBar)
        bar.focus()
        bar.cursor = 0
        await pilot.press("delete")
        # relationship: search the contacts and pick one
        editor(app, "contacts").query_one("#chips-pick").focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RefPicker), "the picker")
        picker = app.screen
        await pilot.press(*"a")
        await until(pilot, lambda: picker.query_text == "a" and picker.results, "results")
        new_contact = next(r for r in picker.results if r.id not in old_contacts)
        picker.query_one("#picker-results").highlighted = picker.results.index(new_contact)
        picker.query_one("#picker-results").focus()
        await pilot.press("enter", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, EditScreen), "the editor")
        # team selector: the picker lists team members seen on this object's records
        editor(app, "account_manager").query_one("#ref-pick").focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RefPicker), "the team picker")
        team = app.screen
        await pilot.press(*"ravi")
        await until(pilot, lambda: team.query_text == "ravi" and bool(team.results), "Ravi")
        assert [r.label for r in team.results] == ["Ravi Patel"]
        ravi = team.results[0]
        team.query_one("#picker-results").focus()
        await pilot.press("enter")  # a single value: chosen at once
        await until(pilot, lambda: isinstance(app.screen, EditScreen), "the editor")
        draft = screen.draft
        assert draft is not None and draft.pending_fields == [
            "tier", "keywords", "website", "founded", "account_manager", "contacts"]
        # review shows the exact body; confirming sends exactly one PATCH
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        body = review.body
        assert body["fields"] == draft.to_patch()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen), "save")
        await settle(pilot)
        assert len(patches(app)) == 1
        sent = {f["name"]: f for f in body["fields"]}
    assert sent["website"] == {"name": "website", "value": "https://beacon.example"}
    assert sent["tier"] == {"name": "tier", "value": {"id": silver}}
    assert sent["founded"] == {"name": "founded", "value": "2021-03-04"}
    assert sent["keywords"] == {"name": "keywords", "add_values": [{"name": "Newly Tagged"}],
                                "remove_values": [{"id": old_tags[0]["id"]}]}
    assert sent["contacts"] == {"name": "contacts", "add_values": [{"id": new_contact.id}]}
    assert sent["account_manager"] == {"name": "account_manager", "value": ravi.id}
    after = await kizen_client.get_record("companies", before.id)
    assert after.value("website") == "https://beacon.example"
    assert after.value("tier")["id"] == silver and after.value("founded") == "2021-03-04"
    names = [t["name"] for t in after.value("keywords")]
    assert "Newly Tagged" in names and old_tags[0]["name"] not in names
    assert new_contact.id in {c["id"] for c in after.value("contacts")}
    assert old_contacts <= {c["id"] for c in after.value("contacts")}
    assert after.value("account_manager")["id"] == ravi.id


async def test_autosave_is_private_and_offered_back_after_a_restart(
        make_app: Any, kizen_client: KizenClient, monkeypatch: Any) -> None:
    monkeypatch.setattr(EditScreen, "AUTOSAVE_DELAY", 0.01)
    acme = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    seen: list[Message] = []
    app = make_app(f"companies/{acme.id}")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await open_editor(pilot)
        editor(app, "website").query_one(Input).value = "https://typed.example"
        path = DraftStore.default().path("demo", "companies", acme.id)
        await until(pilot, lambda: any(isinstance(m, EditScreen.Autosaved) for m in seen)
                    and path.exists(), "the autosave")
    # the terminal closed: the draft is on disk, owner-only
    assert path.parent == Paths.from_env().drafts_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "https://typed.example" in path.read_text()
    assert DEMO_CREDENTIALS.api_key not in path.read_text()
    app = make_app(f"companies/{acme.id}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "restore-draft", "the restore question")
        assert "https://typed.example" in str(app.screen.body)
        await pilot.click("#choice-restore")
        await until(pilot, lambda: form_ready(app), "the form")
        assert draft_of(app.screen).value("website") == "https://typed.example"
        assert editor(app, "website").query_one(Input).value == "https://typed.example"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen), "save")
        await settle(pilot)
    assert not path.exists()  # removed after the successful save
    after = await kizen_client.get_record("companies", acme.id)
    assert after.value("website") == "https://typed.example"


async def test_network_fault_during_save_keeps_the_draft(
        make_app: Any, sandbox_app: Any, kizen_client: KizenClient) -> None:
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        editor(app, "website").query_one(Input).value = "https://kept.example"
        for kind, options in (("status", {"status": 503}), ("drop", {})):
            sandbox_app.state.faults.add(kind, method="PATCH", path="/api/records/*",
                                                 **options)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, EditScreen)
                        and "Not saved" in str(app.screen.query_one("#edit-banner").render()),
                        "the failure")
            banner = str(app.screen.query_one("#edit-banner").render())
            assert "kept" in banner
            assert draft_of(screen).value("website") == "https://kept.example"
            assert editor(app, "website").query_one(Input).value == "https://kept.example"
            sandbox_app.state.faults.clear()
        assert (await kizen_client.get_record("companies", seed.ACME_RECORD_ID)).value(
            "website") != "https://kept.example"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditScreen | ReviewScreen), "save")
        await settle(pilot)
    after = await kizen_client.get_record("companies", seed.ACME_RECORD_ID)
    assert after.value("website") == "https://kept.example"


async def test_discarding_removes_the_autosaved_draft(make_app: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(EditScreen, "AUTOSAVE_DELAY", 0.01)
    app = make_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        path = DraftStore.default().path("demo", "companies", seed.ACME_RECORD_ID)
        editor(app, "website").query_one(Input).value = "https://discard.example"
        await until(pilot, path.exists, "the autosave")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.id == "close-edit", "the close question")
        assert app.focused is not None and app.focused.id == "choice-stay"
        await pilot.click("#choice-discard")
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        await settle(pilot)
        assert not path.exists()
        assert patches(app) == []
