"""A full session over a real socket, then every artifact it left is audited.

The session: start without credentials, type the API key on the connect screen (saved to the
shared credentials store), browse, open a record, write a support bundle, edit and autosave a
draft, save (journal), meet a 401 and reconnect, with the debug log on. Then:

- **secrets**: the key is in no log file, no file of the data, config and cache directories
  (the credentials store aside), no screen export, no notification, no error message, no repr;
- **files**: every file kizen-tui wrote is 0600 inside a 0700 directory, and no temporary file
  of an atomic write is left behind.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.widgets import Input

from kizen_tui.api import KizenError
from kizen_tui.config import Paths, SavedView, save_view
from kizen_tui.logs import setup_logging, stop_logging
from kizen_tui.sandbox import DEMO_CREDENTIALS, seed
from kizen_tui.sandbox.testing import RunningSandbox
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.connect import ConnectScreen
from kizen_tui.ui.screens.object_picker import ObjectPicker
from kizen_tui.ui.screens.record import RecordScreen
from kizen_tui.ui.settings_store import SettingsStore
from kizen_tui.ui.widgets.record_grid import RecordGrid
from tests.reliability.conftest import settle, wait_until
from tests.reliability.test_faults_session import count_input, reconnect, send

KEY = DEMO_CREDENTIALS.api_key
SIZE = (120, 36)


def key_forms(key: str) -> list[bytes]:
    """The key as it could appear in a file: raw, JSON-escaped, URL-encoded."""
    from urllib.parse import quote

    return [key.encode(), json.dumps(key)[1:-1].encode(), quote(key).encode()]


@pytest.fixture
def debug_log() -> Iterator[Path]:
    path = setup_logging(debug=True)
    yield path
    stop_logging()


class Artifacts:
    """What a session showed and said, collected as it runs."""

    def __init__(self) -> None:
        self.screens: list[str] = []
        self.errors: list[str] = []

    def snap(self, app: Any) -> None:
        self.screens.append(app.export_screenshot())


async def run_session(pilot: Any, sandbox: RunningSandbox, seen: Artifacts) -> None:
    """The user's session (see the module docstring)."""
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, ConnectScreen)
    for char in KEY[:6]:  # typed with keys, so a key echo would show on screen
        await pilot.press(char)
    seen.snap(app)
    app.screen.query_one("#api_key", Input).value = ""
    await reconnect(pilot, sandbox.base_url)
    await wait_until(pilot, lambda: isinstance(app.screen, ObjectPicker))
    await settle(pilot)
    await pilot.press(*"companies", "enter")  # a new profile has no recent object yet
    await wait_until(pilot, lambda: bool(app.screen.query(RecordGrid))
                     and bool(app.screen.query_one(RecordGrid).records))
    grid = app.screen.query_one(RecordGrid)
    grid.move_cursor(row=[r.name for r in grid.records].index(seed.ACME_NAME))
    await settle(pilot)
    seen.snap(app)
    await pilot.press("b")  # support bundle
    await settle(pilot)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen)
                     and app.screen.record is not None)
    seen.snap(app)
    await pilot.press("e")
    await wait_until(pilot, lambda: getattr(app.screen, "form", None) is not None)
    count_input(app).value = "777"
    await pilot.pause(1.2)  # the edit screen autosaves a second after the last change
    seen.snap(app)
    await send(pilot)  # the review, then the PATCH; the journal gets an entry
    await settle(pilot)
    sandbox.app.state.faults.add("status", status=401, times=1, method="GET",
                                 path="/api/records/companies/*")
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(app.screen, ConnectScreen))
    seen.snap(app)
    await reconnect(pilot, sandbox.base_url)
    seen.snap(app)
    try:
        await app.client.get_record("companies", "00000000-0000-4000-8000-000000000000")
    except KizenError as error:
        seen.errors.append(str(error))
        seen.errors.append(repr(error))
    seen.errors += [repr(app.client), repr(app.connection), *map(repr, app.client.recent_requests)]
    seen.errors += [n.message for n in app._notifications]
    save_view(SavedView(name="Key accounts", object="companies", search="acme"),
              paths=Paths.from_env())


async def test_a_full_session_leaks_no_key_and_writes_private_files(
        loopback_sandbox: RunningSandbox, debug_log: Path, safety_screens: None) -> None:
    seen = Artifacts()
    app = KizenApp(None, settings=SettingsStore.load(Paths.from_env()))
    async with app.run_test(size=SIZE) as pilot:
        await run_session(pilot, loopback_sandbox, seen)
    paths = Paths.from_env()
    written = audit_files(paths)
    # -- the key ---------------------------------------------------------------------------
    assert paths.credentials_file.exists() and KEY.encode() in paths.credentials_file.read_bytes(
    ), "the scan would find the key: the credentials store holds it"
    leaks = [str(p) for p in written if p != paths.credentials_file
             and any(form in p.read_bytes() for form in key_forms(KEY))]
    assert leaks == []
    for text in [*seen.screens, *seen.errors]:
        assert KEY not in text
    assert KEY[:6] not in seen.screens[0], "the key field is a password field"
    kinds = {p.relative_to(paths.config_dir.parent).parts[0] for p in written}
    log = debug_log.read_text()
    assert "POST /api/records/companies/search -> 200" in log, "debug logs request summaries"
    assert "PATCH /api/records/companies/" in log
    assert {"config", "data", "log", "xdg"} <= kinds, kinds
    names = {p.name for p in written}
    assert {"settings.toml", "journal.jsonl", "credentials.toml", "kizen-tui.log"} <= names
    assert any(n.startswith("support-") for n in names)
    assert any(p.parent.name == "views" for p in written)


def audit_files(paths: Paths) -> list[Path]:
    """Every file under kizen-tui's directories: 0600 in 0700 directories, no temp leftovers."""
    roots = [paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir,
             paths.credentials_file.parent]
    files: list[Path] = []
    for root in roots:
        if not root.exists():
            continue
        assert mode(root) == 0o700, f"{root} is {oct(mode(root))}"
        for folder, dirs, names in os.walk(root):
            for name in dirs:
                assert mode(Path(folder, name)) == 0o700, f"{folder}/{name}"
            for name in names:
                path = Path(folder, name)
                assert mode(path) == 0o600, f"{path} is {oct(mode(path))}"
                assert not name.endswith(".tmp"), f"{path}: an atomic write left its temp file"
                files.append(path)
    return files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("damage", ["settings", "view", "draft", "journal"])
async def test_a_corrupt_file_is_reported_and_set_aside_never_fatal(
        damage: str, make_app: Callable[..., Any]) -> None:
    from kizen_tui.ui.drafts_store import DraftStore
    from kizen_tui.ui.screens.edit import EditScreen

    paths = Paths.from_env()
    target = {
        "settings": paths.settings_file,
        "view": paths.views_dir / "broken.json",
        "draft": DraftStore.default().path("demo", "companies", seed.ACME_RECORD_ID),
        "journal": paths.journal_file,
    }[damage]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\x00\xff{not [valid\n")
    store = SettingsStore.load(paths)
    app = make_app(f"companies/{seed.ACME_RECORD_ID}", settings=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.record is not None
        key = {"journal": "J", "view": "escape", "draft": "e", "settings": "r"}[damage]
        await pilot.press(key)
        if damage == "view":
            await settle(pilot)
            await pilot.press("v")
        await settle(pilot)
        if damage == "draft":
            assert isinstance(app.screen, EditScreen) and app.screen.form is not None
        shown = " ".join(n.message for n in app._notifications) + " ".join(store.warnings)
    set_aside = list(target.parent.glob(target.name + ".corrupt-*"))
    if damage in ("settings", "draft"):
        assert set_aside and set_aside[0].read_bytes().startswith(b"\x00"), "kept, not deleted"
        assert "set aside" in shown or "corrupt" in shown.lower(), shown
    if damage == "settings":
        assert "recent_objects" in target.read_text(), "a fresh settings file replaced it"


class EchoingServer(httpx.AsyncBaseTransport):
    """The sandbox, except that searches fail with an error that quotes the caller's key."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/search"):
            key = request.headers["x-api-key"]
            body = {"detail": f"bad key {key}", "echo": {"X-API-KEY": key}}
            return httpx.Response(500, json=body, headers={"x-request-id": "r-1"})
        return await self.inner.handle_async_request(request)


async def test_a_server_echoing_the_key_does_not_put_it_on_screen(
        sandbox_app: Any, debug_log: Path) -> None:
    from kizen_tui.api import KizenClient
    from tests.reliability.conftest import app_for

    client = KizenClient(api_key=KEY, business_id=DEMO_CREDENTIALS.business_id,
                         user_id=DEMO_CREDENTIALS.user_id, base_url=DEMO_CREDENTIALS.base_url,
                         transport=EchoingServer(sandbox_app))
    app = app_for(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.status.error
        assert "bad key ***" in status and KEY not in status
        screen = app.export_screenshot()
        messages = [n.message for n in app._notifications]
    assert KEY not in screen and messages and all(KEY not in m for m in messages)
    assert KEY not in debug_log.read_text()
