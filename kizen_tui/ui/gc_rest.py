"""Full garbage collections while the user rests, not while a key is held.

A full collection walks every live object that is not frozen (`gc_tuning`): the pages in the
pager, the tables' render caches, the compositor's maps; 40-60 ms on a shared 2-CPU machine.
CPython starts one after every ten young collections once a quarter more objects survived, which
while page-down is held means every page or two, each time on top of a page flip or a repaint:
the longest input stalls of `benchmarks` (scroll) were such pairs.

Here automatic full collections are switched off, and a timer on the app's loop runs them:
- at rest: once no young collection has happened for `REST` seconds (the app allocates next to
  nothing while nobody types: the user is reading), if any ran since the last full one;
- while busy, at most every `BUSY_LIMIT` young collections (~35 pages of a held page-down), so
  cyclic garbage cannot pile up however long the user keeps going.

Young collections are untouched, and with `strip_cycles` installed little cyclic garbage is left
for the full ones to find (~400 objects per page of rows), so deferring them costs little memory.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

#: Young collections (each after ~700 allocations) between two full ones while the app is busy.
BUSY_LIMIT = 200
#: Seconds without a young collection after which a pending full collection runs.
REST = 0.5
#: How often the timer looks (seconds).
TICK = 0.25
#: Full collections start only when this many young ones ran since the last (CPython: 10).
_NEVER = 1 << 30


class RestCollector:
    """Counts young collections (a `gc.callbacks` hook) and runs full ones from a loop timer."""

    def __init__(self) -> None:
        self.young = 0
        """Young collections seen so far."""
        self.full = 0
        """Full collections this collector ran."""
        self._young_at_tick = 0
        self._quiet_since = time.monotonic()
        self._handle: asyncio.TimerHandle | None = None

    def on_collection(self, phase: str, info: dict[str, Any]) -> None:
        """`gc.callbacks` hook: note every finished young collection (any thread)."""
        if phase == "stop" and info["generation"] < 2:
            self.young += 1

    def due(self, now: float, pending: int) -> bool:
        """Whether a full collection should run now, `pending` young (generation 1) collections
        after the last full one."""
        if self.young != self._young_at_tick:
            self._young_at_tick, self._quiet_since = self.young, now
        return pending > 0 and (pending >= BUSY_LIMIT or now - self._quiet_since >= REST)

    def tick(self) -> None:
        """Collect if due, then look again in `TICK` seconds."""
        if self.due(time.monotonic(), gc.get_count()[2]):
            gc.collect()
            self.full += 1
        self._handle = asyncio.get_running_loop().call_later(TICK, self.tick)

    def start(self) -> None:
        """Switch automatic full collections off and start the timer on the running loop (a
        no-op outside one)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _NEVER)
        if self.on_collection not in gc.callbacks:
            gc.callbacks.append(self.on_collection)
        if self._handle is None:
            self._handle = asyncio.get_running_loop().call_later(TICK, self.tick)

    def stop(self, threshold: int = 10) -> None:
        """Stop the timer and give full collections back to CPython."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self.on_collection in gc.callbacks:
            gc.callbacks.remove(self.on_collection)
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, threshold)
