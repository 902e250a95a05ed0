"""Fault injection while browsing, over a real loopback socket.

For each fault of `fault_doc.FAULTS` the app goes through four phases, the fault armed on the
request of that phase only: opening the object (an empty grid, its first page), a page flip to a
page that was not prefetched, reloading an open record, and the object picker. Faults run in
three groups, each group in one app session. Each phase checks that

- the client made exactly the attempts its retry policy allows (Retry-After honoured);
- the user is told what happened and what to do (r to retry), or gets the data when the fault
  is transient;
- what was on screen stays;
- the app keeps processing keys (during the wait, for slow responses).

Each phase records a row for `docs/faults.md` (see conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from kizen_tui.api import RequestSummary
from kizen_tui.sandbox.testing import RunningSandbox
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.screens.object_picker import ObjectPicker
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import RecordGrid
from kizen_tui.ui.widgets.status_line import status_text
from tests.reliability.conftest import (
    EXPECTED_ROWS,
    FAULT_RETRY,
    FAULT_ROWS,
    PAGE_SIZE,
    FaultRow,
    SleepLog,
    settle,
    wait_until,
)
from tests.reliability.fault_doc import FAULTS, PHASES, FaultSpec

SIZE = (120, 36)
OBJECTS = "/api/custom-objects"
EXPECTED_ROWS.update((f.name, p) for f in FAULTS for p in PHASES)


def normalise(text: str) -> str:
    """A message without what changes between runs (request ids, ports, record ids)."""
    text = re.sub(r"request id [0-9a-f]{8,}", "request id …", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"received \d+ bytes, expected \d+", "received half the bytes", text)
    text = re.sub(r"/api/records/(deals|companies)/", "/api/records/OBJECT/", text)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", text)
    return " ".join(text.replace("|", "/").split())


class Session:
    """One app session on the loopback sandbox, with helpers to arm faults and observe."""

    def __init__(self, pilot: Any, sandbox: RunningSandbox, spec: FaultSpec,
                 sleeps: SleepLog, obj: str) -> None:
        self.obj = obj
        """The object this fault's phases browse (alternates, so each opening is a new one)."""
        self.search = f"/api/records/{obj}/search"
        self.pilot = pilot
        self.app = pilot.app
        self.sandbox = sandbox
        self.spec = spec
        self.sleeps = sleeps
        self.seen: set[int] = set()
        self.sleeps_before = 0

    def arm(self, method: str, path: str) -> None:
        """Arm the spec's fault on one kind of request; start counting from here."""
        self.seen = {id(r) for r in self.app.client.recent_requests}
        self.sleeps_before = len(self.sleeps.delays)
        self.sandbox.app.state.faults.add(self.spec.kind, method=method, path=path,
                                          **self.spec.options)

    def disarm(self) -> None:
        self.sandbox.app.state.faults.clear()

    def calls(self, method: str, pattern: str) -> list[RequestSummary]:
        """The calls since `arm` to `method` on paths matching the regex `pattern`."""
        return [r for r in self.app.client.recent_requests
                if id(r) not in self.seen and r.method == method and re.fullmatch(pattern, r.path)]

    @property
    def delays(self) -> list[float]:
        return self.sleeps.delays[self.sleeps_before:]

    def attempts_text(self, attempts: int) -> str:
        expected = self.spec.expected_attempts(FAULT_RETRY)
        assert attempts == expected, f"{attempts} attempts, the policy says {expected}"
        waits = [round(d, 2) for d in self.delays]
        if attempts == 1:
            return "1 (not retried)"
        honoured = self.spec.options.get("retry_after")
        if honoured is not None:
            assert waits and all(w == honoured for w in waits), waits
            return f"{attempts} (retried after Retry-After {honoured} s)"
        assert all(0 <= w <= FAULT_RETRY.max_delay for w in waits), waits
        return f"{attempts} (retried with backoff)"

    async def wait_idle(self) -> None:
        await wait_until(self.pilot, lambda: self.app.client.in_flight == 0)
        await settle(self.pilot)

    async def press_during_wait(self, key: str, changed: Callable[[], bool]) -> str:
        """Press a key while the slow request is in flight; it must take effect at once.

        Returns "" when the response came before the key could be sent (a loaded machine can
        spend the whole added latency handling the key that started the request); the phase
        then presses the key afterwards instead.
        """
        def answered() -> bool:
            return any(id(r) not in self.seen for r in self.app.client.recent_requests)

        await wait_until(self.pilot, lambda: self.app.client.in_flight > 0 or answered())
        if not self.app.client.in_flight:
            return ""
        await self.pilot.press(key)
        assert changed(), f"{key!r} did not take effect while a request was in flight"
        return f"yes, during the wait ({key})"

    def slow(self) -> bool:
        return self.spec.kind == "latency"


def record(spec: FaultSpec, phase: str, attempts: str, outcome: str, kept: str,
           responsive: str) -> None:
    FAULT_ROWS[(spec.name, phase)] = FaultRow(spec.name, phase, attempts, outcome, kept,
                                              responsive)


def browse(app: Any) -> BrowseScreen:
    screen = app.screen
    assert isinstance(screen, BrowseScreen), f"expected the browser, got {screen!r}"
    return screen


def grid_ids(app: Any) -> list[str]:
    return [r.id for r in browse(app).query_one(RecordGrid).records]


async def phase_grid_load(s: Session) -> None:
    """Open the object: an empty grid and the first page (what start-up and the picker do)."""
    screen = browse(s.app)
    s.arm("POST", s.search)
    screen.open_object(s.obj)
    pane = screen.show_pane
    responsive = ""
    if s.slow():
        responsive = await s.press_during_wait("p", lambda: screen.show_pane != pane)
    await s.wait_idle()
    calls = s.calls("POST", s.search)
    attempts = s.attempts_text(calls[0].attempts if calls else 0)
    if s.spec.recovers:
        assert grid_ids(s.app) and not screen.status.error
        outcome, kept = "the page is shown", "—"
    else:
        error = screen.status.error
        line = status_text(screen.status).plain
        assert error and "(r to retry)" in line and not grid_ids(s.app)
        assert any(error in n.message for n in s.app._notifications)
        outcome = normalise(line.strip("…⚠ "))
        kept = "empty grid; the error stays in the status line"
    if not responsive:
        await s.pilot.press("p")
        assert screen.show_pane != pane
        responsive = "yes (p)"
    record(s.spec, "grid load", attempts, outcome, kept, responsive)
    s.disarm()
    if not grid_ids(s.app):
        await s.pilot.press("r")  # the retry the message offers
        await s.wait_idle()
    assert len(grid_ids(s.app)) == PAGE_SIZE and not screen.status.error


async def phase_page_flip(s: Session) -> None:
    """Flip to a page the prefetch could not get (it hit the same fault)."""
    screen = browse(s.app)
    await s.wait_idle()
    start = screen.page
    s.arm("POST", s.search)
    await s.pilot.press("right_square_bracket")  # the next page, prefetched before the fault
    await s.wait_idle()
    assert screen.page == start + 1
    before = grid_ids(s.app)
    if not s.spec.recovers:  # count the flip's own request, not the failed prefetch before it
        s.seen = {id(r) for r in s.app.client.recent_requests}
        s.sleeps_before = len(s.sleeps.delays)
    pane = screen.show_pane
    responsive = ""
    await s.pilot.press("right_square_bracket")
    if s.slow() and s.app.client.in_flight:
        responsive = await s.press_during_wait("p", lambda: screen.show_pane != pane)
    await s.wait_idle()
    calls = s.calls("POST", s.search)
    if s.spec.recovers:
        # The prefetch of that page met the fault first (it runs as soon as the page before
        # it is shown); then the flip and the next prefetch are plain requests.
        attempts = s.attempts_text(max(c.attempts for c in calls))
        attempts += ", in the background prefetch"
    else:
        attempts = s.attempts_text(calls[-1].attempts)
    if s.spec.recovers:
        assert screen.page == start + 2 and grid_ids(s.app) != before
        outcome, kept = "the next page is shown", "—"
    else:
        line = status_text(screen.status).plain
        assert screen.page == start + 1 and grid_ids(s.app) == before, "the page must stay"
        assert screen.status.error and "(r to retry)" in line
        outcome, kept = normalise(line.strip("⚠ ")), f"the page shown ({len(before)} rows)"
    if not responsive:
        await s.pilot.press("p")
        assert screen.show_pane != pane
        responsive = "yes (p)"
    record(s.spec, "page flip", attempts, outcome, kept, responsive)
    s.disarm()


async def phase_record_reload(s: Session) -> None:
    """Reload an open record (r on the record screen)."""
    await s.pilot.press("enter")
    await s.wait_idle()
    screen = s.app.screen
    table = screen.query_one("#record-fields", FieldTable)
    title = str(screen.query_one("#record-title", Static).render())
    fields_before = len(table.rows_shown)
    assert fields_before
    s.arm("GET", f"/api/records/{s.obj}/*")
    names = screen.api_names
    responsive = ""
    await s.pilot.press("r")
    if s.slow():
        responsive = await s.press_during_wait("a", lambda: screen.api_names != names)
    await s.wait_idle()
    attempts = s.attempts_text(s.calls("GET", rf"/api/records/{s.obj}/[0-9a-f-]+")[-1].attempts)
    summary = str(screen.query_one("#record-summary", Static).render())
    assert str(screen.query_one("#record-title", Static).render()) == title
    assert len(table.rows_shown) == fields_before, "the fields shown must stay"
    if s.spec.recovers:
        outcome, kept = "the record is shown (reloaded)", "—"
    else:
        assert "retry" in summary or "does not exist" in summary, summary
        outcome, kept = normalise(summary), f"the record's title and {fields_before} fields"
    if not responsive:
        await s.pilot.press("a")
        assert screen.api_names != names
        responsive = "yes (a)"
    record(s.spec, "record reload", attempts, outcome, kept, responsive)
    s.disarm()
    await s.pilot.press("escape")
    await s.wait_idle()


async def phase_object_picker(s: Session) -> None:
    """Open the object picker (the object list is fetched the first time)."""
    before = grid_ids(s.app)
    s.app.require_schema().forget()  # the object list is fetched again, as in a new session
    s.arm("GET", OBJECTS)
    await s.pilot.press("colon")
    picker = s.app.screen
    assert isinstance(picker, ObjectPicker)
    responsive = ""
    if s.slow():
        box = picker.query_one("#object-filter", Input)
        responsive = await s.press_during_wait("d", lambda: box.value == "d")
        await s.pilot.press("backspace")
    await s.wait_idle()
    attempts = s.attempts_text(s.calls("GET", OBJECTS)[-1].attempts)
    options = picker.query_one("#object-options", OptionList)
    texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    if s.spec.recovers:
        assert "Companies" in " ".join(texts) and "Deals" in " ".join(texts)
        outcome = f"{len(texts)} objects listed"
    else:
        assert texts and texts[0].startswith("⚠"), texts
        outcome = normalise(texts[0])
    if not responsive:
        await s.pilot.press("d")
        assert picker.query_one("#object-filter", Input).value == "d"
        responsive = "yes (typing filters)"
    await s.pilot.press("escape")
    await s.wait_idle()
    assert grid_ids(s.app) == before
    record(s.spec, "object picker", attempts, outcome, "the grid under the picker", responsive)
    s.disarm()


GROUPS = [FAULTS[i::3] for i in range(3)]


@pytest.mark.parametrize("specs", GROUPS, ids=[f"group{i}" for i in range(len(GROUPS))])
async def test_browsing_survives(specs: list[FaultSpec], loopback_sandbox: RunningSandbox,
                                 loopback_app: Callable[..., Any], sleeps: SleepLog) -> None:
    """Each fault of the group in turn, in one app session (app start-ups are slow)."""
    app = loopback_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(grid_ids(app)) == PAGE_SIZE
        for index, spec in enumerate(specs):
            obj = ("deals", "companies")[index % 2]
            session = Session(pilot, loopback_sandbox, spec, sleeps, obj)
            for phase in (phase_grid_load, phase_page_flip, phase_record_reload,
                          phase_object_picker):
                try:
                    await phase(session)
                except AssertionError as error:
                    raise AssertionError(f"{spec.name!r}, {phase.__name__}: {error}") from error
