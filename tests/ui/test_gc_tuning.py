"""Collections pause during start-up and resume exactly once, whatever ends start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from kizen_tui.ui import gc_tuning


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    """Leave the test process's collector as it was."""
    was_enabled = gc.isenabled()
    yield
    gc_tuning._paused = False
    gc_tuning._settle_pending = False
    if was_enabled:
        gc.enable()


def test_first_page_resumes_paused_collections() -> None:
    gc_tuning.pause_for_startup()
    assert not gc.isenabled() and gc_tuning.startup_paused()
    gc_tuning.first_page_shown()
    assert gc.isenabled() and not gc_tuning.startup_paused()
    gc.disable()  # someone else's choice later on is left alone
    gc_tuning.first_page_shown()
    gc_tuning.resume()
    assert not gc.isenabled()


def test_resume_after_the_app_ends_without_a_page() -> None:
    gc_tuning.pause_for_startup()
    gc_tuning.resume()
    assert gc.isenabled()


def test_nothing_changes_unless_paused_here() -> None:
    gc.disable()  # disabled by someone else: not ours to turn back on
    gc_tuning.pause_for_startup()
    assert not gc_tuning.startup_paused()
    gc_tuning.first_page_shown()
    assert not gc.isenabled()
    gc.enable()
    gc_tuning.first_page_shown()  # in a test process (no pause, no tuning): a no-op
    assert gc.isenabled()
