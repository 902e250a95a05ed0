"""The support bundle builder and writer, without the UI."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kizen_tui.api import RequestSummary
from kizen_tui.api.models import FieldDef, ObjectDef, Record
from kizen_tui.domain.masking import MaskPolicy
from kizen_tui.logs import forget_secrets, register_secret
from kizen_tui.ui.support_bundle import SessionInfo, build_bundle, render_bundle, write_bundle

KEY = "kzn-live-Zq8vT3pL9xW2mN7rK4sJ"
NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _secret() -> Iterator[None]:
    register_secret(KEY)
    yield
    forget_secrets()


def bundle(mask: MaskPolicy | None = None) -> dict:
    record = Record.model_validate({
        "id": "6f1c0b9e-0000-4000-8000-000000000001", "display_name": "\x1b]52;c;x\x07 Co",
        "access": {"view": True, "edit": False, "remove": False},
        "fields": {"f1": {"id": "f1", "name": "email", "field_type": "email",
                          "value": "jo@example.com"},
                   "f2": {"id": "f2", "name": "notes", "field_type": "longtext",
                          "value": f"customer pasted X-API-KEY: {KEY} here"}}})
    fields = [FieldDef(id="f1", name="email", field_type="email",
                       access={"view": True, "edit": False}),
              FieldDef(id="f2", name="notes", field_type="longtext", is_hidden=True)]
    requests = [RequestSummary("GET", f"/api/records/x/{KEY}", 200, "req-1", 12.0, 1),
                RequestSummary("POST", "/api/records/x/search", 503, "req-2", 40.0, 3)]
    return build_bundle(app_version="9.9", record=record, fields=fields, requests=requests,
                        object_def=ObjectDef(id="o1", name="companies", object_name="Companies"),
                        session=SessionInfo("prod", "b-1", "https://app.go.kizen.com",
                                            production=True), now=NOW, mask=mask)


def test_bundle_holds_what_support_needs_and_no_secret() -> None:
    data = bundle()
    text = render_bundle(data)
    assert KEY not in text and text.isascii() and "\x1b" not in text
    assert data["record"]["display_name"] == "\x1b]52;c;x\x07 Co"  # escaped in the file only
    assert data["access"]["record"] == {"view": True, "edit": False, "remove": False}
    assert data["access"]["fields"]["email"] == {"view": True, "edit": False,
                                                 "read_only": False, "hidden": False}
    assert data["access"]["fields"]["notes"]["hidden"] is True
    assert [(r["status"], r["request_id"], r["attempts"]) for r in data["recent_requests"]] == [
        (200, "req-1", 1), (503, "req-2", 3)]
    assert data["session"] == {"profile": "prod", "business_id": "b-1", "read_only": False,
                               "base_url": "https://app.go.kizen.com", "production": True,
                               "is_demo": False}
    assert data["app_version"] == "9.9" and data["created"] == "2026-03-05T15:00:00+00:00"


def test_screen_share_masks_the_bundle_too() -> None:
    text = render_bundle(bundle(MaskPolicy(enabled=True)))
    assert "jo@example.com" not in text
    assert "jo@example.com" in render_bundle(bundle())


def test_written_file_is_private_and_never_overwrites(tmp_path: Path) -> None:
    first = write_bundle(bundle(), tmp_path / "data")
    second = write_bundle(bundle(), tmp_path / "data")
    assert first != second and first.parent == second.parent == tmp_path / "data" / "support"
    for path in (first, second):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert json.loads(path.read_text())["kizen_tui_support_bundle"] == 1
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    assert first.name.startswith("support-20260305T150000-6f1c0b9e")
