"""gc_rest: full collections wait for a rest, or for BUSY_LIMIT young ones while busy."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from kizen_tui.ui import gc_rest
from kizen_tui.ui.gc_rest import RestCollector


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    callbacks = list(gc.callbacks)
    yield
    gc.set_threshold(*threshold)
    gc.callbacks[:] = callbacks


def young_collection(collector: RestCollector) -> None:
    """What the `gc.callbacks` hook sees when CPython collects generation 1."""
    collector.on_collection("start", {"generation": 1})
    collector.on_collection("stop", {"generation": 1})


def test_busy_defers_until_the_limit_and_rest_collects() -> None:
    collector = RestCollector()
    now = 100.0
    young_collection(collector)
    assert not collector.due(now, pending=1), "young collections just ran: busy"
    for step in range(1, 10):  # still allocating every tick
        young_collection(collector)
        assert not collector.due(now + step * gc_rest.TICK, pending=1 + step)
    assert collector.due(now + 3, pending=gc_rest.BUSY_LIMIT), "busy for too long"
    later = now + 10
    assert not collector.due(later, pending=0), "nothing promoted since the last full one"
    young_collection(collector)
    assert not collector.due(later, pending=3)
    assert collector.due(later + gc_rest.REST, pending=3), "no young collection for REST s"


def test_full_collections_of_other_generations_are_not_counted() -> None:
    collector = RestCollector()
    collector.on_collection("stop", {"generation": 2})
    collector.on_collection("start", {"generation": 0})
    assert collector.young == 0
    collector.on_collection("stop", {"generation": 0})
    assert collector.young == 1


async def test_started_collector_owns_full_collections_and_runs_them_at_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_rest, "TICK", 0.01)
    monkeypatch.setattr(gc_rest, "REST", 0.02)
    collector = RestCollector()
    collector.start()
    try:
        assert gc.get_threshold()[2] > 10_000, "CPython no longer starts full collections"
        assert collector.on_collection in gc.callbacks
        gc.collect(1)  # something was promoted: a full collection is now pending
        assert gc.get_count()[2] >= 1
        for _ in range(500):
            if collector.full:
                break
            await asyncio.sleep(0.01)
        assert collector.full >= 1 and gc.get_count()[2] == 0
    finally:
        collector.stop()
    assert gc.get_threshold()[2] == 10 and collector.on_collection not in gc.callbacks
