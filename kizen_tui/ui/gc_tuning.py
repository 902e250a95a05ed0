"""Garbage-collector settings for the interactive app (the `kizen-tui` entry point only).

CPython's full collections walk every tracked object. By the first page the demo holds ~100,000
of them (modules, classes, Textual's CSS and widgets, the sandbox), nearly all alive until the
process ends, so each full pass re-walks them for nothing: 50-70 ms per pass on a shared 2-CPU
machine, and one landed in the middle of start-up or of a page flip every few pages. Freezing
moves them to a permanent generation that collections skip (the stdlib's advice for
long-running processes, `gc.freeze`). Reference counting still frees them as usual; only cycles
among frozen objects that die later are never collected, a bounded one-off cost.
"""

from __future__ import annotations

import gc

_settle_pending = False


def tune_for_interactive() -> None:
    """Before the app starts: what start-up imported and built stays out of every collection."""
    global _settle_pending
    gc.freeze()
    _settle_pending = True


def first_page_shown() -> None:
    """After the first page: freeze the screens, styles and caches built to show it, once.

    Does nothing unless `tune_for_interactive` ran in this process.
    """
    global _settle_pending
    if _settle_pending:
        _settle_pending = False
        gc.freeze()
