"""Garbage-collector settings for the interactive app (the `kizen-tui` entry point only).

CPython's full collections walk every tracked object. By the first page the demo holds ~100,000
of them (modules, classes, Textual's CSS and widgets, the sandbox), nearly all alive until the
process ends, so each full pass re-walks them for nothing: 50-70 ms per pass on a shared 2-CPU
machine, and one landed in the middle of start-up or of a page flip every few pages. Freezing
moves them to a permanent generation that collections skip (the stdlib's advice for
long-running processes, `gc.freeze`). Reference counting still frees them as usual; only cycles
among frozen objects that die later are never collected, a bounded one-off cost.

Before the first page there is nothing worth collecting at all: start-up builds the module
graph, the screens and the first page, and keeps nearly all of it. Yet ~250 collections ran
before the demo's first page (a full pass over the half-imported modules among them), 40-100 ms
of its cold start. So collections are paused from the start of the entry point until the
first page is shown (or `STARTUP_GRACE` seconds have passed without one), then everything built
so far is frozen and collections resume, the full ones left to `gc_rest` (they wait for the
user to rest).
"""

from __future__ import annotations

import gc

from kizen_tui.ui.gc_rest import RestCollector

#: Seconds after the app starts when collections resume even if no page was shown (the
#: connect screen, an object that fails to load).
STARTUP_GRACE = 5.0

_settle_pending = False
_paused = False
#: Runs the full collections while the user rests (started with the first page).
rest_collector = RestCollector()


def pause_for_startup() -> None:
    """At the start of the interactive entry point: no collections until start-up is over."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def startup_paused() -> bool:
    """Whether `pause_for_startup` paused collections that have not resumed yet."""
    return _paused


def tune_for_interactive() -> None:
    """Before the app starts: what start-up imported and built stays out of every collection,
    and painted lines stop making reference cycles (`strip_cycles`)."""
    global _settle_pending
    from kizen_tui.ui import strip_cycles  # imports Textual: not before the entry point needs it

    strip_cycles.install()
    gc.freeze()
    _settle_pending = True


def first_page_shown() -> None:
    """After the first page (or the start-up grace period): freeze the screens, styles and
    caches built to show it, resume collections and leave the full ones to `rest_collector`
    (`gc_rest`), once.

    Does nothing unless `tune_for_interactive` or `pause_for_startup` ran in this process.
    """
    global _settle_pending
    if _settle_pending:
        _settle_pending = False
        gc.freeze()
        rest_collector.start()
    resume()


def resume() -> None:
    """Resume the collections `pause_for_startup` paused (once; no-op otherwise)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
