"""Screen-share mode, the support bundle and the production guard in the running app."""

from __future__ import annotations

import json
import stat
from typing import Any

import pytest
from textual.color import Color
from textual.widgets import Header

from kizen_tui.config import Paths
from kizen_tui.domain.masking import FULL_MASK
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.ui.screens.safety_actions import SafetyActions, screen_share_policy
from kizen_tui.ui.screens.type_confirm import (
    TypeToConfirm,
    confirmation_phrase,
    needs_typed_confirmation,
)
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.conftest import client_for_app
from tests.reliability.conftest import app_for, settle

SIZE = (120, 36)
pytestmark = pytest.mark.usefixtures("safety_screens")


def grid_text(app: Any) -> str:
    grid = app.screen.query_one(RecordGrid)
    return "\n".join(" | ".join(str(c) for c in grid.get_row_at(i))
                     for i in range(grid.row_count))


def table_text(table: FieldTable) -> str:
    return "\n".join(" | ".join(str(c) for c in table.get_row_at(i))
                     for i in range(table.row_count))


async def test_screen_share_masks_grid_pane_and_record_screen(make_app: Any) -> None:
    app = make_app("client_client")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SafetyActions)
        before = grid_text(app) + table_text(app.screen.query_one("#detail-fields", FieldTable))
        assert "@example.com" in before
        await pilot.press("m")
        await settle(pilot)
        pane = table_text(app.screen.query_one("#detail-fields", FieldTable))
        title = str(app.screen.query_one("#detail-title").render())
        assert "@example.com" not in grid_text(app) + pane + title
        assert FULL_MASK in pane
        assert "SCREEN SHARE" in str(app.screen.sub_title)
        assert any("Screen-share mode on" in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        fields = app.screen.query_one("#record-fields", FieldTable)
        assert "@example.com" not in table_text(fields) and FULL_MASK in table_text(fields)
        await pilot.press("m")
        await settle(pilot)
        assert "@example.com" in table_text(fields)
        await pilot.press("escape")
        await settle(pilot)
        assert "@example.com" in grid_text(app), "turning it off applies to every screen"


async def test_mask_field_hides_a_chosen_field_everywhere(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#detail-fields", FieldTable)
        pane.focus()
        keys = list(pane.rows_shown)
        target = next(k for k in keys if pane.rows_shown[k].field.name == "industry")
        pane.move_cursor(row=pane.get_row_index(target))
        await pilot.press("M")
        await settle(pilot)
        policy = screen_share_policy(app)
        assert policy.enabled and "industry" in policy.fields
        row = pane.get_row(target)
        assert str(row[2]) == FULL_MASK
        grid = app.screen.query_one(RecordGrid)
        if any(c.key == "industry" for c in grid.columns_shown):
            assert {str(c) for c in grid.get_column("industry")} == {FULL_MASK}
        await pilot.press("M")
        await settle(pilot)
        assert "industry" not in screen_share_policy(app).fields


async def test_support_bundle_is_private_redacted_and_complete(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(RecordGrid)
        grid.move_cursor(row=[r.label for r in grid.records].index(seed.OSC_CLIPBOARD_NAME))
        await settle(pilot)
        record_id = grid.current_record.id
        await pilot.press("b")
        await settle(pilot)
        paths = Paths.from_env()
        files = list((paths.data_dir / "support").glob("support-*.json"))
        assert len(files) == 1
        path = files[0]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        raw = path.read_bytes()
        assert raw.isascii() and b"\x1b" not in raw and b"\x07" not in raw
        assert DEMO_CREDENTIALS.api_key.encode() not in raw
        bundle = json.loads(raw)
        assert bundle["record"]["id"] == record_id
        assert bundle["record"]["display_name"] == seed.OSC_CLIPBOARD_NAME or any(
            e.get("value") == seed.OSC_CLIPBOARD_NAME for e in bundle["record"]["fields"].values())
        assert bundle["session"]["profile"] == "demo" and "api_key" not in bundle["session"]
        assert {f["name"] for f in bundle["fields"]} >= {"name", seed.HIDDEN_FIELD}
        assert bundle["access"]["record"] == {"view": True, "edit": True, "remove": True}
        last = bundle["recent_requests"][-1]
        assert last["method"] == "GET" and last["status"] == 200 and last["request_id"]
        assert any(str(path) in n.message for n in app._notifications)


async def test_support_bundle_keeps_the_shown_record_when_refetch_fails(
        make_app: Any, sandbox_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sandbox_app.state.faults.add("status", method="GET", path="/api/records/companies/*",
                                     status=503)
        await pilot.press("b")
        await settle(pilot)
        (path,) = (Paths.from_env().data_dir / "support").glob("*.json")
        bundle = json.loads(path.read_text())
        assert bundle["record"]["id"] == app.screen.query_one(RecordGrid).current_record.id
        assert "503" in bundle["notes"][0]


async def test_production_profile_paints_the_header_in_the_warning_colour(
        sandbox_app: Any) -> None:
    colours = []
    for production in (False, True):
        app = app_for(client_for_app(sandbox_app), production=production,
                      base_url=DEMO_CREDENTIALS.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.has_class("-production") is production
            assert needs_typed_confirmation(app) is production
            colours.append(app.screen.query_one(Header).styles.background)
            warning = app.current_theme.warning
    assert colours[0] != colours[1]
    expected = Color.parse(warning)
    assert all(abs(a - b) <= 2 for a, b in zip(colours[1].rgb, expected.rgb, strict=True))


@pytest.mark.parametrize(("name", "phrase"), [
    ("Acme Corporation", "Acme Corporation"),
    ("  Acme   Corp ", "Acme Corp"),
    (seed.ANSI_NAME, "red Industries"),
    (seed.OSC_TITLE_NAME, "Title Co"),
    (seed.OSC_CLIPBOARD_NAME, "Clipboard Ltd"),
    ("\x1b]0;\x07\x00\u202e", "fallback-id"),
    ("x" * 300, "x" * 40),
    ("word " * 30, "word word word word word word word word"),
    (seed.CJK_NAME, seed.CJK_NAME),
])
def test_confirmation_phrase_is_typeable(name: str, phrase: str) -> None:
    assert confirmation_phrase(name, "fallback-id") == phrase


async def test_type_to_confirm_needs_the_exact_phrase(make_app: Any) -> None:
    from textual.widgets import Input

    from kizen_tui.api.models import Record

    results: list[bool | None] = []
    record = Record.model_validate({"id": "r1", "display_name": seed.ANSI_NAME})
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for typed, keys in (("", ["escape"]), ("red industries", ["enter", "escape"]),
                            ("red  Industries ", ["enter"])):
            app.push_screen(TypeToConfirm.for_record(record, action="Archive"), results.append)
            await pilot.pause()
            assert isinstance(app.screen, TypeToConfirm)
            app.screen.query_one(Input).value = typed
            await pilot.press(*keys)
            await pilot.pause()
        assert results == [False, False, True]
        app.push_screen(TypeToConfirm.for_record(record, action="Archive"), results.append)
        await pilot.pause()
        button = app.screen.query_one("#confirm-button")
        assert button.disabled
        app.screen.query_one(Input).value = "red Industrie"
        await pilot.press("s")  # the last character typed enables the button
        assert not button.disabled
        await pilot.click("#confirm-button")
        await pilot.pause()
        assert results[-1] is True
