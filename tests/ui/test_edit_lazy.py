"""The edit form mounts about a screenful of editors first and the rest after its first paint.

A short terminal (and no extra rows beyond it) makes the companies form longer than the first
screenful, and `held_back` keeps the later batches from being mounted until the test says so:
what was given to editors not mounted yet (changes, tag suggestions, errors on save) shows once
they are.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.sandbox import seed
from kizen_tui.session import DEMO_PROFILE
from kizen_tui.ui.drafts_store import DraftStore
from kizen_tui.ui.screens.edit import EditScreen
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.widgets import edit_form
from kizen_tui.ui.widgets.chips import ChipsEditor
from kizen_tui.ui.widgets.edit_form import EditForm
from kizen_tui.ui.widgets.editors import FieldEditor
from tests.ui.test_browse import settle
from tests.ui.test_edit import editor, form_ready, until

#: Short enough that the first screenful leaves most of the companies form for later.
SHORT = (120, 12)
ACME = f"companies/{seed.ACME_RECORD_ID}"
#: An editable text field at the end of the companies form.
LAST_TEXT = "website"


@pytest.fixture(autouse=True)
def _first_screenful_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edit_form, "FIRST_EXTRA_ROWS", 0)


def held_back(monkeypatch: pytest.MonkeyPatch) -> list[EditForm]:
    """Keep every form's later batches from being mounted until `release`."""
    forms: list[EditForm] = []
    monkeypatch.setattr(EditForm, "_next_batch", lambda self: forms.append(self))
    return forms


def release(monkeypatch: pytest.MonkeyPatch, forms: list[EditForm]) -> None:
    """Let the held forms mount the rest of their editors, batch by batch."""
    monkeypatch.undo()
    for form in forms:
        form._next_batch()


async def open_form(pilot: Any) -> EditForm:
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, RecordScreen)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, EditScreen) and app.screen.form is not None
                and app.screen.form.is_mounted, "the form")
    screen = app.screen
    assert isinstance(screen, EditScreen) and isinstance(screen.form, EditForm)
    return screen.form


def mounted_names(form: EditForm) -> list[str]:
    return [e.field.name for e in form.query(FieldEditor).results(FieldEditor)]


async def test_first_screenful_then_the_rest_in_field_order(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    forms = held_back(monkeypatch)
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        every = [e.field.name for e in form.editors()]
        first = mounted_names(form)
        assert 0 < len(first) < len(every) / 2, "about a screenful first, not the whole form"
        assert first == every[:len(first)]
        assert form.focused_field() == "name", "the first field has the cursor at once"
        await pilot.press(*"Acme")
        assert form.draft.text("name").endswith("Acme"), "the form takes keys at once"
        release(monkeypatch, forms)
        await until(pilot, lambda: form_ready(app), "the rest of the form")
        assert mounted_names(form) == every, "every editor, in field order"
        assert all(e.display for e in form.editors()), "shown once all are in"
        assert form.focused_field() == "name", "mounting the rest leaves the cursor alone"


async def test_form_fits_the_screen_mounts_at_once(make_app: Any) -> None:
    app = make_app(ACME)
    async with app.run_test(size=(120, 200)) as pilot:
        form = await open_form(pilot)
        await settle(pilot)
        assert form.complete and all(e.display for e in form.editors())
        assert mounted_names(form) == [e.field.name for e in form.editors()]


async def test_a_change_given_to_a_later_editor_shows_when_mounted(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    held_back(monkeypatch)
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        late = editor(app, LAST_TEXT)
        assert not late.is_mounted
        late.load("https://band9.example", None)  # as reload() does after a re-read
        form.apply(LAST_TEXT, "text", "https://band9.example")
        assert late.state.changed
        await form.complete_now()
        await pilot.pause()
        assert late.is_mounted and late.has_class("-changed")
        assert late.query_one(Input).value == "https://band9.example"
        assert "was:" in str(late.query_one(".editor--message").render())


async def test_tag_suggestions_reach_a_tag_box_mounted_later(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    held_back(monkeypatch)
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        tags = editor(app, "keywords")
        assert isinstance(tags, ChipsEditor) and not tags.is_mounted
        await settle(pilot)  # the screen's tag lookup has answered
        await form.complete_now()
        await pilot.pause()
        box = tags.query_one("#chips-input", Input)
        assert box.suggester is not None
        known = form.draft.codec("keywords")
        assert getattr(known, "learn", None) is not None


async def test_saving_before_the_rest_is_mounted_shows_its_errors(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restored draft with a bad number far down the form, saved at once."""
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        await until(pilot, lambda: form_ready(app), "the form")
        await leave_a_draft(pilot, form, "employee_count", "12x")
        held_back(monkeypatch)
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "restore-draft", "the restore question")
        await pilot.press("enter")  # "Restore them" has the focus
        await until(pilot, lambda: isinstance(app.screen, EditScreen)
                    and app.screen.form is not None and app.screen.form.is_mounted, "the form")
        form = app.screen.form
        count = editor(app, "employee_count")
        assert not count.is_mounted and not form.complete
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.complete and count.has_class("-invalid"), "the error")
        assert form.focused_field() == "employee_count"
        assert "not a number" in str(count.query_one(".editor--message").render())
        assert isinstance(app.screen, EditScreen), "nothing sent: the field is wrong"


async def leave_a_draft(pilot: Any, form: EditForm, name: str, text: str) -> None:
    """Autosave a draft with `text` in field `name` and close the form (as after a crash)."""
    app = pilot.app
    draft = RecordDraft.from_dict(form.draft.to_dict(), form.draft.fields)
    draft.set_text(name, text)
    DraftStore.default().save(DEMO_PROFILE, "companies", seed.ACME_RECORD_ID, "Acme",
                              draft.to_dict())
    screen = form.screen
    assert isinstance(screen, EditScreen)
    screen.done = True  # leave without autosaving over the draft written above
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")


async def test_restore_offer_then_form_with_the_change_on_a_late_field(make_app: Any) -> None:
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        await until(pilot, lambda: form_ready(app), "the form")
        await leave_a_draft(pilot, form, LAST_TEXT, "https://band7.example")
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "restore-draft", "the restore question")
        await pilot.press("enter")  # "Restore them" has the focus
        await until(pilot, lambda: form_ready(app), "the restored form")
        restored = editor(app, LAST_TEXT)
        assert restored.has_class("-changed")
        assert restored.query_one(Input).value == "https://band7.example"



async def test_closing_before_the_rest_is_mounted(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    forms = held_back(monkeypatch)
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await until(pilot, lambda: isinstance(app.screen, RecordScreen), "the record")
        release(monkeypatch, forms)  # a batch that was still to come
        await form._mount_batch()
        await settle(pilot)
        assert not form.is_attached
        assert isinstance(app.screen, RecordScreen)


async def test_tab_past_the_mounted_editors_goes_on_down_the_form(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab through a form whose later editors are still on their way: the cursor goes on to
    the next field (they are mounted there and then), never past the form or back to the top."""
    held_back(monkeypatch)
    app = make_app(ACME)
    async with app.run_test(size=SHORT) as pilot:
        form = await open_form(pilot)
        every = [e.field.name for e in form.editors() if not e.reason]
        mounted = [n for n in mounted_names(form) if n in every]
        assert 0 < len(mounted) < len(every) - 1
        seen = [form.focused_field()]
        while seen[-1] in mounted and len(seen) < 100:
            await pilot.press("tab")  # some editors have several controls (pick, clear)
            if form.focused_field() != seen[-1]:
                seen.append(form.focused_field())
        assert seen == every[:len(seen)], "field after field, no jump past the form or to the top"
        assert seen[-1] == every[len(mounted)], "on to the first field that was not mounted"
        assert form.complete, "the rest was mounted when the cursor got there"
        await pilot.press("shift+tab")
        assert form.focused_field() == seen[-2]


async def test_empty_chip_bars_are_not_tab_stops(make_app: Any) -> None:
    from kizen_tui.ui.widgets.chips import ChipBar

    app = make_app(ACME)
    async with app.run_test(size=(120, 200)) as pilot:
        await open_form(pilot)
        await until(pilot, lambda: form_ready(app), "the form")
        tags = editor(app, "keywords")
        bar = tags.query_one(ChipBar)
        assert not bar.chips and bar not in app.screen.focus_chain, "(none): not a Tab stop"
        box = tags.query_one("#chips-input", Input)
        box.focus()
        box.value = "fresh tag"
        await pilot.press("enter")
        await pilot.pause()
        assert bar.chips and bar in app.screen.focus_chain, "a chip to act on: a Tab stop"
