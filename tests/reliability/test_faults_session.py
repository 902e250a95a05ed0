"""Faults that need a story: credentials refused mid-session, a record archived by someone else
while it is open, and failed saves (the draft is kept on every fault).

Rows go to `docs/faults.md` with the matrix of `test_faults.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Static

from kizen_tui.api import KizenClient
from kizen_tui.config import Paths
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.sandbox.testing import RunningSandbox
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.screens.connect import ConnectScreen
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.reliability.conftest import (
    EXPECTED_ROWS,
    FAULT_ROWS,
    PAGE_SIZE,
    FaultRow,
    SleepLog,
    settle,
    wait_until,
)
from tests.reliability.fault_doc import FAULTS, SAVE_FAULTS, SAVE_PHASE
from tests.reliability.test_faults import normalise
from tests.ui.test_edit import form_ready

SIZE = (120, 36)
UNAUTHORIZED = "401 mid-session"
ARCHIVED = "404: archived by someone else while open"
EXPECTED_ROWS.update({(UNAUTHORIZED, "page flip"), (UNAUTHORIZED, "record reload"),
                      (ARCHIVED, "record reload")})
EXPECTED_ROWS.update((name, SAVE_PHASE) for name in SAVE_FAULTS)
SPECS = {f.name: f for f in FAULTS}

def row(fault: str, phase: str, attempts: str, outcome: str, kept: str, keys: str) -> None:
    FAULT_ROWS[(fault, phase)] = FaultRow(fault, phase, attempts, outcome, kept, keys)


def text_of(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def reconnect(pilot: Any, base_url: str) -> None:
    """Fill the connect screen with working credentials and connect."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ConnectScreen)
    for name, value in (("profile", "loopback"), ("api_key", DEMO_CREDENTIALS.api_key),
                        ("business_id", DEMO_CREDENTIALS.business_id),
                        ("user_id", DEMO_CREDENTIALS.user_id), ("base_url", base_url)):
        screen.query_one(f"#{name}", Input).value = value
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, ConnectScreen))
    await settle(pilot)


async def test_401_while_flipping_pages_then_reconnect(
        loopback_sandbox: RunningSandbox, loopback_app: Callable[..., Any]) -> None:
    app = loopback_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen) and screen.page == 2
        loopback_sandbox.app.state.faults.add("status", method="POST", status=401,
                                              path="/api/records/companies/search")
        await pilot.press("right_square_bracket")  # page 3 was prefetched: it is shown
        await settle(pilot)
        await pilot.press("right_square_bracket")  # page 4 meets the 401
        await wait_until(pilot, lambda: isinstance(app.screen, ConnectScreen))
        reason = text_of(app, "#connect-reason")
        assert "refused the credentials" in reason and "401" in reason
        await pilot.press("x")  # the connect form takes keys
        assert app.screen.query_one("#api_key", Input).value == "x"
        loopback_sandbox.app.state.faults.clear()
        await reconnect(pilot, loopback_sandbox.base_url)
        assert app.screen is screen, "back on the same browser"
        assert screen.schema is not None and screen.schema.object.name == "companies"
        rows = len(screen.query_one(RecordGrid).records)
        after = (f"it reloads the object ({rows} rows, page {screen.page})" if rows else
                 "KNOWN BUG: the grid stays empty ('loading…'): reopening the same object "
                 "does not reload an unchanged query")
        row(UNAUTHORIZED, "page flip", "1 (never retried)", normalise(reason),
            f"the browser under the connect screen; after reconnecting {after}",
            "yes (the connect form)")
        assert rows == PAGE_SIZE, "the object's rows are shown again after reconnecting"


async def test_401_on_an_open_record_then_reconnect(
        loopback_sandbox: RunningSandbox, loopback_app: Callable[..., Any]) -> None:
    app = loopback_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        loopback_sandbox.app.state.faults.add("status", method="GET", status=401, times=1,
                                              path="/api/records/companies/*")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConnectScreen))
        reason = text_of(app, "#connect-reason")
        await reconnect(pilot, loopback_sandbox.base_url)
        assert app.screen is screen and screen.record is not None
        assert screen.record.id == seed.ACME_RECORD_ID
        fields = len(screen.query_one("#record-fields", FieldTable).rows_shown)
        row(UNAUTHORIZED, "record reload", "1 (never retried)", normalise(reason),
            f"the record under the connect screen; reloaded after reconnecting ({fields} "
            "fields)", "yes (the connect form)")


async def test_record_archived_by_someone_else_while_open(
        loopback_app: Callable[..., Any], loopback_client: KizenClient) -> None:
    app = loopback_app(f"companies/{seed.ACME_RECORD_ID}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        title = text_of(app, "#record-title")
        fields = len(screen.query_one("#record-fields", FieldTable).rows_shown)
        await loopback_client.archive_record("companies", seed.ACME_RECORD_ID)
        await pilot.press("r")
        await settle(pilot)
        summary = text_of(app, "#record-summary")
        assert "does not exist, was archived" in summary
        assert text_of(app, "#record-title") == title
        assert len(screen.query_one("#record-fields", FieldTable).rows_shown) == fields
        attempts = [r.attempts for r in app.client.recent_requests if r.status == 404]
        assert attempts == [1]
        names = screen.api_names
        await pilot.press("a")
        assert screen.api_names != names
        row(ARCHIVED, "record reload", "1 (not retried)", normalise(summary),
            f"the record's title and {fields} fields (as last read)", "yes (a)")


async def test_picking_the_current_object_again_shows_its_rows(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        screen.open_object("companies")  # what choosing Companies in the picker does
        await settle(pilot)
        assert screen.query_one(RecordGrid).records and not screen.status.loading


async def test_retry_after_a_failed_open_loads_the_first_page(make_app: Any,
                                                              sandbox_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.page == 2
        sandbox_app.state.faults.add("status", status=500, times=1,
                                     path="/api/records/deals/search")
        screen.open_object("deals")
        await settle(pilot)
        assert screen.status.error
        await pilot.press("r")
        await settle(pilot)
        assert screen.page == 1


# -- saving -----------------------------------------------------------------------------------

def banner(app: Any) -> str:
    return " ".join(str(app.screen.query_one("#edit-banner").render()).split())


async def send(pilot: Any) -> None:
    """ctrl+s, then Send on the review; wait for the save to end."""
    from kizen_tui.ui.screens.edit_review import ReviewScreen

    app = pilot.app
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
    await wait_until(pilot, lambda: app.client.in_flight == 0 and not any(
        w.group == "save" and not w.is_finished for w in app.screen.workers))
    await pilot.pause()


def count_input(app: Any) -> Input:
    from kizen_tui.ui.widgets.edit_form import EditForm

    found = app.screen.query_one(EditForm).editor("employee_count")
    assert found is not None
    return found.query_one(Input)


async def test_failed_saves_keep_the_draft(
        loopback_sandbox: RunningSandbox, loopback_app: Callable[..., Any],
        loopback_client: KizenClient, sleeps: SleepLog) -> None:
    from kizen_tui.ui.screens.edit import EditScreen

    app = loopback_app(f"companies/{seed.ACME_RECORD_ID}")
    drafts = Paths.from_env().drafts_dir
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: form_ready(app))
        edit = app.screen
        value = 4000
        for name in SAVE_FAULTS:
            spec = SPECS[name]
            count_input(app).value = str(value)
            await pilot.pause()
            before = {id(r) for r in app.client.recent_requests}
            loopback_sandbox.app.state.faults.add(spec.kind, method="PATCH",
                                                  path="/api/records/companies/*",
                                                  **spec.options)
            await send(pilot)
            loopback_sandbox.app.state.faults.clear()
            patches = [r for r in app.client.recent_requests
                       if r.method == "PATCH" and id(r) not in before]
            assert [p.attempts for p in patches] == [1], f"{name}: a write is never repeated"
            text = banner(app)
            assert app.screen is edit, f"{name}: the edit screen stays"
            assert "Your changes are kept" in text, f"{name}: {text}"
            assert edit.draft is not None and edit.draft.value("employee_count") == value
            assert any(drafts.glob("*")), "the draft is autosaved"
            count_input(app).focus()
            await pilot.press("end", "0")  # the form still takes keys
            assert count_input(app).value == f"{value}0"
            count_input(app).value = str(value)
            server = await loopback_client.get_record("companies", seed.ACME_RECORD_ID)
            applied = server.value("employee_count") == value
            row(name, SAVE_PHASE, "1 (writes are not repeated)", _save_outcome(text, applied),
                "the form with every typed value; the draft is autosaved", "yes (typing)")
            if applied:  # the write reached the server before the failure
                edit = await _save_again_finds_nothing_to_send(pilot, edit)
                value += 1
        count_input(app).value = str(value + 7)
        await pilot.pause()
        await send(pilot)
        assert not isinstance(app.screen, EditScreen), "with the fault gone, the save works"
        server = await loopback_client.get_record("companies", seed.ACME_RECORD_ID)
        assert server.value("employee_count") == value + 7


async def _save_again_finds_nothing_to_send(pilot: Any, edit: Any) -> Any:
    """Saving the same values again sends nothing (the server has them); edit anew."""
    from kizen_tui.ui.screens.edit_review import ReviewScreen

    app = pilot.app
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
    await settle(pilot)
    assert any("already has these values" in n.message for n in app._notifications)
    await pilot.press("e")
    await wait_until(pilot, lambda: form_ready(app))
    return app.screen


def _save_outcome(text: str, applied: bool) -> str:
    text = normalise(re.sub(r"Your changes are kept.*", "", text)).strip()
    if applied:
        text += " (the write had reached the server: saving again sends nothing)"
    return text + " · draft kept"
