"""Waiting for a Textual app in pilot tests on real conditions, not on the CPU clock.

Textual's pilot decides that a key press has been handled (and `pilot.pause()` that the app is
idle) with a heuristic: the process used under 1 ms of CPU in a 20 ms window. A process starved
of CPU by a loaded machine looks idle that way while its messages are still queued, so a test
would assert before the key reached its widget (the filter bar flakes seen under load). Here:

- `drain(app)`: returns once no message pump of the app has a message queued or in hand, seen
  on several loop turns in a row (a key goes app -> focused widget -> bindings through queues).
- `patch_pilot(monkeypatch)`: `Pilot.press` drains after each key, `Pilot.pause()` drains too;
  it also counts the messages being handled (Textual's queue keeps no such count).
- `until(pilot, condition)`: until a condition holds (bounded in time, not in rounds: a loaded
  machine makes rounds slow), then until the messages already sent are handled (a screen that
  was just pushed has composed its widgets by then).
- `settle(pilot)`: until no worker runs and no message is pending; bounded, and it names what
  was still busy when the limit is hit instead of hanging (a worker waiting on a modal screen
  never finishes, so this is not for use while one is open).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from time import monotonic
from typing import Any

import pytest
from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot

#: Loop turns in a row with every queue empty before the app counts as drained: a key sent by
#: the headless driver reaches the app's queue only a turn or two after it is sent.
QUIET_TURNS = 3
#: Seconds a drain may take before giving up (as Textual's own wait gives up after 1 s, but
#: long enough for a starved process to get through its queue).
DRAIN_LIMIT = 30.0
#: Seconds `settle` waits for workers and messages before failing the test.
SETTLE_LIMIT = 60.0
#: Seconds `until` waits for its condition before failing the test.
UNTIL_LIMIT = 30.0


_in_hand: dict[MessagePump, int] = {}
"""Messages each pump is handling right now (kept by the `_dispatch_message` wrapper)."""


def busy_pumps(app: App[Any]) -> list[MessagePump]:
    """The app's message pumps (app, screens, widgets) with a message queued or in hand."""
    busy = [pump for pump, count in _in_hand.items() if count]
    for pump in (app, *list(app._registry)):
        queue = pump.__dict__.get("_message_queue")  # created lazily: absent means unused
        if queue is not None and not queue.empty():
            busy.append(pump)
    return busy


async def drain(app: App[Any], limit: float = DRAIN_LIMIT) -> bool:
    """Wait until no message is pending anywhere in the app; False if `limit` ran out."""
    deadline = monotonic() + limit
    quiet = 0
    while quiet < QUIET_TURNS:
        if monotonic() > deadline:
            return False
        # Busy: a real (short) sleep, so a spinning test leaves the CPU and the GIL to the
        # work it waits for (the loopback sandbox runs in a thread of this process).
        await asyncio.sleep(0 if quiet else 0.001)
        quiet = 0 if busy_pumps(app) else quiet + 1
    return True


def active_workers(app: App[Any]) -> list[Any]:
    """Workers not finished (pending or running)."""
    return [worker for worker in app.workers if not worker.is_finished]


async def settle(pilot: Pilot[Any], limit: float = SETTLE_LIMIT) -> None:
    """Until no worker runs and no message is pending (a worker's messages may start another
    worker, which is waited for too); fails after `limit` seconds naming what was busy."""
    app = pilot.app
    deadline = monotonic() + limit
    while True:
        drained = await drain(app, max(deadline - monotonic(), 0.0))
        workers = active_workers(app)
        if drained and not workers:
            await pilot.pause()  # a refresh the last messages asked for
            if not active_workers(app) and not busy_pumps(app):
                return
        if monotonic() > deadline:
            raise AssertionError(f"app not settled after {limit:.0f} s: workers {workers}, "
                                 f"busy {busy_pumps(app)}, screens {app.screen_stack}")
        await asyncio.sleep(0.005)


async def until(pilot: Pilot[Any], condition: Callable[[], object], what: str = "condition",
                limit: float = UNTIL_LIMIT) -> None:
    """Process events until `condition()` holds, then drain; fails after `limit` seconds."""
    app = pilot.app
    deadline = monotonic() + limit
    while not condition():
        if monotonic() > deadline:
            client = getattr(app, "client", None) if getattr(app, "connection", None) else None
            raise AssertionError(f"timed out waiting for {what}; screens {app.screen_stack}, "
                                 f"focus {app.focused}, workers {active_workers(app)}, in "
                                 f"flight {getattr(client, 'in_flight', None)}")
        await asyncio.sleep(0.01)
    await drain(app)


def patch_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `Pilot.press` and `Pilot.pause()` wait for the app's queues to drain."""
    press, pause, dispatch = Pilot.press, Pilot.pause, MessagePump._dispatch_message

    async def counted_dispatch(self: MessagePump, message: Any) -> None:
        _in_hand[self] = _in_hand.get(self, 0) + 1
        try:
            await dispatch(self, message)
        finally:
            if _in_hand[self] == 1:
                del _in_hand[self]
            else:
                _in_hand[self] -= 1

    async def press_and_drain(self: Pilot[Any], *keys: str) -> None:
        for key in keys:  # one at a time: the next key must find the focus the last one set
            await press(self, key)
            await drain(self.app)

    async def pause_and_drain(self: Pilot[Any], delay: float | None = None) -> None:
        await pause(self, delay)
        if delay is None:
            await drain(self.app)

    monkeypatch.setattr(MessagePump, "_dispatch_message", counted_dispatch)
    monkeypatch.setattr(Pilot, "press", press_and_drain)
    monkeypatch.setattr(Pilot, "pause", pause_and_drain)
