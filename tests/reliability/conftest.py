"""Fixtures of the reliability tests: the app on a real loopback socket, safety-aware screens,
hypothesis settings for CI, and the fault table writer (`docs/faults.md`).

- `hostile_settings`: derandomized hypothesis settings with modest example counts, so a CI run
  is repeatable and bounded in time.
- `loopback_app`: builds the real `KizenApp` whose client talks to `loopback_sandbox` over a real
  socket, with a fake `sleep` that records the retry delays (nothing really waits).
- `safety_screens`: makes the browse and record screens inherit `SafetyActions` for the test, in
  case they do not (yet) in the source.
- The fault tests record one row per fault and phase in `FAULT_ROWS`; when the whole matrix ran,
  the session end renders them into `docs/faults.md` (only written when the text changed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from kizen_tui.api import KizenClient, RetryPolicy, Timeouts
from kizen_tui.config import Settings
from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.testing import RunningSandbox
from kizen_tui.session import Connection
from tests import quiet

#: Hypothesis settings for the fuzz tests: fixed (derandomized) and bounded.
hostile_settings = settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
#: Retry policy of the app's client in the fault tests.
FAULT_RETRY = RetryPolicy(max_attempts=3)
#: Rows per page in these tests: small pages keep the many app sessions fast.
PAGE_SIZE = 25
#: Read timeout in the fault tests; the "timeout" fault sleeps longer than this. Well above
#: the "added latency" fault (0.3 s): on a loaded machine a 0.3 s answer can take a few hundred
#: ms more to be read, and with a thin margin it timed out and was retried (2 attempts, not 1).
FAULT_READ_TIMEOUT = 1.0


@dataclass
class SleepLog:
    """A fake `sleep` for the client: records each retry delay and returns at once."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def app_for(client: KizenClient, *, target: str | None = "companies", production: bool = False,
            base_url: str | None = None, **kwargs: Any) -> Any:
    """The real KizenApp on an existing client."""
    from kizen_tui.cli import parse_target
    from kizen_tui.ui.app import KizenApp
    from kizen_tui.ui.settings_store import SettingsStore

    connection = Connection(client=client, profile="loopback",
                            business_id=DEMO_CREDENTIALS.business_id,
                            base_url=base_url or client.base_url, production=production,
                            default_object="companies")
    kwargs.setdefault("settings", SettingsStore.in_memory(Settings(page_size=PAGE_SIZE)))
    return KizenApp(connection, target=parse_target(target), **kwargs)


@pytest.fixture
def sleeps() -> SleepLog:
    """The retry delays the loopback client asked for."""
    return SleepLog()


@pytest.fixture
def loopback_app(loopback_sandbox: RunningSandbox, sleeps: SleepLog) -> Callable[..., Any]:
    """Build the real app talking to the loopback sandbox over a real socket."""
    def build(target: str | None = "companies", *, production: bool = False,
              retry: RetryPolicy = FAULT_RETRY, **kwargs: Any) -> Any:
        client = KizenClient(
            api_key=DEMO_CREDENTIALS.api_key, business_id=DEMO_CREDENTIALS.business_id,
            user_id=DEMO_CREDENTIALS.user_id, base_url=loopback_sandbox.base_url, retry=retry,
            timeouts=Timeouts(connect=2.0, read=FAULT_READ_TIMEOUT, write=2.0, pool=2.0),
            sleep=sleeps)
        return app_for(client, target=target, production=production, **kwargs)

    return build


@pytest.fixture
def safety_screens(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Browse and record screens with the SafetyActions mixin (a no-op once they have it)."""
    import kizen_tui.ui.screens.browse as browse
    import kizen_tui.ui.screens.record as record
    from kizen_tui.ui.screens.safety_actions import SafetyActions

    for module, name in ((browse, "BrowseScreen"), (record, "RecordScreen")):
        base = getattr(module, name)
        if not issubclass(base, SafetyActions):
            monkeypatch.setattr(module, name, type(name, (base, SafetyActions), {}))
    yield


async def settle(pilot: Any) -> None:
    """Let workers and the messages they post finish (bounded: see `tests.quiet.settle`)."""
    await quiet.settle(pilot)


async def wait_until(pilot: Any, condition: Callable[[], bool], *,
                     limit: float = quiet.UNTIL_LIMIT) -> None:
    """Process events until `condition()` holds, then let the messages sent meanwhile be
    handled (fails after `limit` seconds: see `tests.quiet.until`)."""
    await quiet.until(pilot, condition, "the condition", limit)


# -- the fault table -------------------------------------------------------------------------

@dataclass(frozen=True)
class FaultRow:
    """One line of docs/faults.md."""

    fault: str
    phase: str
    attempts: str
    outcome: str
    kept: str
    responsive: str


FAULT_ROWS: dict[tuple[str, str], FaultRow] = {}
"""Rows recorded by the fault tests, keyed by (fault, phase)."""
EXPECTED_ROWS: set[tuple[str, str]] = set()
"""Every (fault, phase) the matrix defines; the table is written only when all ran."""
FAULTS_DOC = Path(__file__).resolve().parents[2] / "docs" / "faults.md"


def render_fault_table(rows: dict[tuple[str, str], FaultRow], order: list[str],
                       phases: list[str]) -> str:
    """docs/faults.md from the recorded rows (deterministic: no timings, ids or ports)."""
    from tests.reliability.fault_doc import HEADER

    lines = [HEADER, "| fault | phase | attempts (policy) | what the user sees | what stays on "
             "screen | keys processed |", "|---|---|---|---|---|---|"]
    for fault in order:
        for phase in phases:
            row = rows.get((fault, phase))
            if row is not None:
                lines.append(f"| {row.fault} | {row.phase} | {row.attempts} | {row.outcome} | "
                             f"{row.kept} | {row.responsive} |")
    return "\n".join(lines) + "\n"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write docs/faults.md when the whole fault matrix ran (and the text changed)."""
    if not EXPECTED_ROWS or not set(FAULT_ROWS) >= EXPECTED_ROWS:
        return
    from tests.reliability.fault_doc import FAULT_ORDER, PHASE_ORDER

    text = render_fault_table(FAULT_ROWS, FAULT_ORDER, PHASE_ORDER)
    if not FAULTS_DOC.exists() or FAULTS_DOC.read_text(encoding="utf-8") != text:
        FAULTS_DOC.parent.mkdir(parents=True, exist_ok=True)
        FAULTS_DOC.write_text(text, encoding="utf-8")


AsyncCheck = Callable[[Any], Awaitable[None]]
