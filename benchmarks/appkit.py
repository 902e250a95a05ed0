"""Driving the real app in-process: building it, sending keys, and seeing when rows are painted.

"Painted" means: the screen has been repainted after the message that says the rows are in the
widget (`BrowseScreen.RowsShown`), i.e. `call_after_refresh` has run — the same definition the
cold-start hook uses. Keys are posted the way the terminal driver posts them, without waiting
for the app, so a slow handler shows up as a stall instead of slowing the typist down.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from textual import events
from textual.app import App
from textual.message import Message

from benchmarks.core import now
from kizen_tui.api import KizenClient
from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.session import DEMO_PROFILE, Connection
from kizen_tui.threaded_asgi import ThreadedASGITransport
from kizen_tui.ui import gc_tuning
from kizen_tui.ui.app import KizenApp, StartTarget
from kizen_tui.ui.screens.browse import BrowseScreen
from kizen_tui.ui.settings_store import SettingsStore
from kizen_tui.ui.widgets.record_grid import RecordGrid

SIZE = (120, 36)


def client_for(sandbox: Starlette | None = None, base_url: str | None = None,
               threaded: bool = True) -> KizenClient:
    """The real client on the sandbox: in-process as `--demo` serves it, or over loopback.

    `threaded=False` serves the sandbox through plain httpx.ASGITransport, the transport the
    raw-httpx baseline of the client-overhead rows uses (so those rows compare clients only).
    """
    creds = DEMO_CREDENTIALS
    transport: httpx.AsyncBaseTransport | None = None
    if sandbox is not None:
        transport = ThreadedASGITransport(sandbox) if threaded else httpx.ASGITransport(sandbox)
    return KizenClient(api_key=creds.api_key, business_id=creds.business_id,
                       user_id=creds.user_id, base_url=base_url or creds.base_url,
                       transport=transport)


def build_app(client: KizenClient, object_name: str = "companies") -> KizenApp:
    """The real KizenApp on a client, opening `object_name`, with settings kept in memory.

    The garbage collector is tuned as the `kizen-tui` entry point tunes it.
    """
    gc_tuning.tune_for_interactive()
    connection = Connection(client=client, profile=DEMO_PROFILE,
                            business_id=DEMO_CREDENTIALS.business_id,
                            base_url=str(client.base_url), is_demo=True,
                            default_object=object_name)
    return KizenApp(connection, settings=SettingsStore.in_memory(),
                    target=StartTarget(object_name=object_name))


def send_key(app: KizenApp, key: str) -> None:
    """Post one key event as the terminal driver would (no waiting)."""
    char: str | None
    if len(key) == 1:
        char = key
    else:
        try:
            char = unicodedata.lookup(key.upper().replace("_", " "))
        except KeyError:
            char = None
    event = events.Key(key, char)
    event.set_sender(app)
    app.post_message(event)


@dataclass
class Painted:
    """A RowsShown message and when the screen had been repainted after it."""

    message: BrowseScreen.RowsShown
    dispatched: float
    painted: float


@dataclass
class Probe:
    """A `message_hook` that timestamps rows painted and edge-of-page requests."""

    app: KizenApp | None = None
    painted: list[Painted] = field(default_factory=list)
    edges: list[float] = field(default_factory=list)
    """When each RecordGrid.EdgeReached was handled (a page flip was asked for)."""
    _seen: set[int] = field(default_factory=set)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def hook(self, message: Message) -> None:
        """Called for every message any pump dispatches: keep it cheap."""
        if isinstance(message, BrowseScreen.RowsShown | RecordGrid.EdgeReached):
            if id(message) in self._seen:  # bubbling dispatches the same message again
                return
            self._seen.add(id(message))
            if isinstance(message, RecordGrid.EdgeReached):
                self.edges.append(now())
                return
            assert self.app is not None
            dispatched = now()
            self.app.screen.call_after_refresh(self._on_painted, message, dispatched)

    def _on_painted(self, message: BrowseScreen.RowsShown, dispatched: float) -> None:
        self.painted.append(Painted(message, dispatched, now()))
        self._changed.set()

    async def wait_for(self, accept: Callable[[BrowseScreen.RowsShown], bool],
                       since: int = 0, timeout: float = 60.0) -> Painted:
        """The first painted page at index >= `since` that `accept`s."""
        deadline = now() + timeout
        while True:
            for item in self.painted[since:]:
                if accept(item.message):
                    return item
            self._changed.clear()
            left = deadline - now()
            if left <= 0:
                raise TimeoutError("no matching page was painted")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue


async def painted_after(app: App[Any]) -> float:
    """Wait for the current screen's next repaint; returns when it happened."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def painted() -> None:
        if not done.done():
            done.set_result(now())

    app.screen.call_after_refresh(painted)
    return await done


async def wait_until(predicate: Callable[[], Any], timeout: float = 60.0) -> None:
    """Poll `predicate` every millisecond (for states no message announces)."""
    deadline = now() + timeout
    while not predicate():
        if now() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.001)


@dataclass
class LoopLag:
    """Measures how late the event loop wakes a 2 ms timer: the longest input stall.

    Keys from the terminal reach the app through this same loop, so while the loop is busy for
    N ms a key waits up to N ms before anything can react to it.
    """

    interval: float = 0.002
    lags: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start sampling."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = now()
            await asyncio.sleep(self.interval)
            self.lags.append(max(0.0, now() - before - self.interval))

    async def stop(self) -> None:
        """Stop sampling."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    @property
    def worst(self) -> float:
        """The longest stall seen, in seconds."""
        return max(self.lags, default=0.0)

    def percentile(self, share: float) -> float:
        """The stall that `share` of the samples stayed under, in seconds."""
        if not self.lags:
            return 0.0
        ordered = sorted(self.lags)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def browse_screen(app: KizenApp) -> BrowseScreen:
    """The browser (the bottom-most BrowseScreen of the stack)."""
    return next(s for s in app.screen_stack if isinstance(s, BrowseScreen))


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
