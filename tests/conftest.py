"""Fixtures shared by the whole suite.

- Every test runs with kizen-tui's config/data/cache/log directories and the Kizen CLI's
  credentials store in a temporary directory, so no test ever reads or writes the real home.
- `sandbox_app` / `kizen_client`: the real client against the real sandbox in-process (ASGI).
- `loopback_sandbox` / `loopback_client`: the same over a real loopback socket (uvicorn).
- `make_app`: the real Textual app on the sandbox, for pilot and snapshot tests.
- Pilot key presses and pauses wait for the app's message queues to drain (`tests/quiet.py`),
  not for Textual's CPU-time guess at idleness, which a loaded machine fools.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from kizen_tui.api import KizenClient, RetryPolicy
from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app
from kizen_tui.sandbox.testing import RunningSandbox, running_sandbox
from tests.quiet import patch_pilot

#: Records per object in UI and integration tests: enough for several pages of 100.
TEST_RECORDS = 250
#: The client's real retry policy with tiny delays, so fault tests do not wait seconds.
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002,
                         retry_after_cap=0.01)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every kizen-tui and Kizen CLI path at a private temporary home."""
    home = tmp_path / "home"
    for var, sub in (("KIZEN_TUI_CONFIG_DIR", "config"), ("KIZEN_TUI_DATA_DIR", "data"),
                     ("KIZEN_TUI_CACHE_DIR", "cache"), ("KIZEN_TUI_LOG_DIR", "log"),
                     ("XDG_CONFIG_HOME", "xdg")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for var in ("KIZEN_API_KEY", "KIZEN_BUSINESS_ID", "KIZEN_USER_ID", "KIZEN_BASE_URL",
                "KIZEN_PROFILE", "NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(autouse=True)
def _pilot_waits_for_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pilot.press`/`pilot.pause()` return once the keys and messages have been handled."""
    patch_pilot(monkeypatch)


@pytest.fixture
def sandbox_app() -> Starlette:
    """A fresh, seeded sandbox (the store is open; writes do not leak between tests)."""
    return create_app(records=TEST_RECORDS, seed=0)


def client_for_app(app: Starlette, **kwargs: Any) -> KizenClient:
    """The real KizenClient talking to `app` in-process through httpx.ASGITransport."""
    return KizenClient(
        api_key=DEMO_CREDENTIALS.api_key, business_id=DEMO_CREDENTIALS.business_id,
        user_id=DEMO_CREDENTIALS.user_id, base_url=DEMO_CREDENTIALS.base_url,
        transport=httpx.ASGITransport(app=app), **kwargs)


@pytest.fixture
async def kizen_client(sandbox_app: Starlette) -> AsyncIterator[KizenClient]:
    """The real client against the in-process sandbox, retries without real sleeping."""
    async def no_sleep(_: float) -> None:
        return None

    async with client_for_app(sandbox_app, sleep=no_sleep) as client:
        yield client


@pytest.fixture
def loopback_sandbox() -> Iterator[RunningSandbox]:
    """A sandbox served by uvicorn on 127.0.0.1 (a free port); `.app` arms faults."""
    with running_sandbox(records=TEST_RECORDS, seed=0) as url:
        yield url


@pytest.fixture
async def loopback_client(loopback_sandbox: RunningSandbox) -> AsyncIterator[KizenClient]:
    """The real client over a real socket to the loopback sandbox."""
    async def no_sleep(_: float) -> None:
        return None

    async with KizenClient(
        api_key=DEMO_CREDENTIALS.api_key, business_id=DEMO_CREDENTIALS.business_id,
        user_id=DEMO_CREDENTIALS.user_id, base_url=loopback_sandbox.base_url,
        retry=RetryPolicy(max_attempts=3), sleep=no_sleep,
    ) as client:
        yield client


@pytest.fixture
def make_app(sandbox_app: Starlette) -> Callable[..., Any]:
    """Build the real KizenApp on the in-process sandbox.

    Call as `make_app(target="companies")` or `make_app(target="companies/<id>")`; extra
    keyword arguments go to `KizenApp`. The sandbox is `sandbox_app` (shared with the test).
    """
    from kizen_tui.cli import parse_target
    from kizen_tui.session import DEMO_PROFILE, Connection
    from kizen_tui.ui.app import KizenApp
    from kizen_tui.ui.settings_store import SettingsStore

    def build(target: str | None = "companies", *, read_only: bool = False,
              **kwargs: Any) -> KizenApp:
        client = client_for_app(sandbox_app, read_only=read_only, retry=FAST_RETRY)
        connection = Connection(client=client, profile=DEMO_PROFILE,
                                business_id=DEMO_CREDENTIALS.business_id,
                                base_url=DEMO_CREDENTIALS.base_url, is_demo=True,
                                read_only=read_only, default_object="companies")
        kwargs.setdefault("settings", SettingsStore.in_memory())
        return KizenApp(connection, target=parse_target(target), **kwargs)

    return build
