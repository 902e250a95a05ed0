"""Hooks that let the benchmarks observe the real app from outside its process.

A cold-start benchmark has to know when the first page of rows reached the terminal. With
`KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE=1` in the environment, once the screen has been repainted
following the first `BrowseScreen.RowsShown`, the app writes `FIRST_PAGE_MARK` to the terminal
and exits. The mark goes through Textual's output queue behind the frame that shows the rows, so
the moment the benchmark reads it from the pseudo-terminal is the moment the first page was
painted; "process start to exit" is also measured (it adds Textual's shutdown).

The browse screen calls `rows_shown` itself as it puts the rows in its grid and posts the
message, and the exit waits for that screen's next repaint: the one that shows the rows. (When
the app called it on receiving the bubbled message, the first page was often painted before the
message arrived, and the exit waited for a later repaint: the detail pane's, the footer's.)
Without the variable nothing here has any effect.
"""

from __future__ import annotations

import os
from typing import Any

#: Environment variable that makes the app exit once the first page of rows is painted.
EXIT_AFTER_FIRST_PAGE = "KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE"
#: Written to the terminal right after the first page is painted: an APC string, which
#: terminals ignore (and which is only ever written with the variable above set).
FIRST_PAGE_MARK = "\x1b_kizen-tui:first-page-painted\x1b\\"


def exit_after_first_page_enabled() -> bool:
    """Whether the benchmark exit hook is switched on for this process."""
    return os.environ.get(EXIT_AFTER_FIRST_PAGE, "") not in ("", "0")


def rows_shown(screen: Any) -> None:
    """Called by a screen for every page of rows it puts in its grid: mark the repaint that
    shows them and exit, when enabled.

    `call_after_refresh` runs the callback after the screen's next repaint, so the rows are on
    the terminal before the mark and the shutdown: the same mechanism the bare baseline app uses
    to exit after its first paint.
    """
    app = screen.app
    if exit_after_first_page_enabled() and not getattr(app, "_bench_exiting", False):
        app._bench_exiting = True
        screen.call_after_refresh(_painted, app)


def _painted(app: Any) -> None:
    # Textual has no public way to write raw bytes to the terminal; its driver's `write` is the
    # queue the frames themselves go through, which is what keeps the mark behind them.
    driver = getattr(app, "_driver", None)
    if driver is not None:
        driver.write(FIRST_PAGE_MARK)
    app.exit()
