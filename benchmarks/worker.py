"""One group of measurements in a fresh process: `python -m benchmarks.worker GROUP MODE OUT`.

Each group gets its own process so that peak RSS, the garbage collector's state and the
benchmark-only wide catalog (`benchmarks.wide`) never leak from one group into another.
The rows are written to OUT as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.core import MODES, Mode, Row


def startup(mode: Mode, home: Path) -> list[Row]:
    """Cold start and import time (fresh child processes)."""
    from benchmarks import startup as bench

    return bench.run(mode, home)


def browse(mode: Mode, home: Path) -> list[Row]:
    """Search-as-you-type and page flips on the big object, sandbox in-process."""
    from benchmarks import browse as bench
    from kizen_tui.sandbox import create_app

    return asyncio.run(bench.run(mode, create_app(records=mode.big_records)))


def scroll_demo(mode: Mode, home: Path) -> list[Row]:
    """Holding page-down through the big object with the sandbox in-process (--demo)."""
    from benchmarks import scroll
    from benchmarks.appkit import client_for
    from kizen_tui.sandbox import create_app

    client = client_for(create_app(records=mode.big_records))
    return asyncio.run(scroll.hold_page_down(client, mode, "demo, sandbox in-process"))


def scroll_app(mode: Mode, home: Path) -> list[Row]:
    """Holding page-down with the sandbox in another process, over loopback."""
    from benchmarks import scroll
    from benchmarks.appkit import client_for
    from benchmarks.client import served_sandbox

    with served_sandbox(mode.big_records, home) as url:
        client = client_for(base_url=url)
        return asyncio.run(scroll.hold_page_down(client, mode, "app alone, sandbox over loopback"))


def record(mode: Mode, home: Path) -> list[Row]:
    """The wide record and its edit form."""
    from benchmarks import record as bench
    from benchmarks import wide

    wide.widen()
    from kizen_tui.sandbox import create_app

    sandbox = create_app(records=mode.small_records)
    return asyncio.run(bench.run(mode, sandbox, wide.WIDE_OBJECT))


def client(mode: Mode, home: Path) -> list[Row]:
    """KizenClient against raw httpx, in-process and over loopback."""
    from benchmarks import client as bench
    from kizen_tui.sandbox import create_app

    rows = asyncio.run(bench.in_process(mode, create_app(records=mode.small_records)))
    return rows + asyncio.run(bench.over_loopback(mode, home))


def sandbox(mode: Mode, home: Path) -> list[Row]:
    """Seeding, filtered search and PATCH at the big size."""
    from benchmarks import sandbox as bench

    rows, app = bench.seed(mode)
    rows += asyncio.run(bench.search(mode, app))
    return rows + asyncio.run(bench.patch(mode, app))


GROUPS: dict[str, Callable[[Mode, Path], list[Row]]] = {
    "startup": startup, "browse": browse, "scroll-demo": scroll_demo, "scroll-app": scroll_app,
    "record": record, "client": client, "sandbox": sandbox,
}


def main(argv: list[str]) -> int:
    """Run one group and write its rows."""
    group, mode_name, out = argv
    with tempfile.TemporaryDirectory(prefix="kizen-bench-") as home:
        rows = GROUPS[group](MODES[mode_name], Path(home))
    Path(out).write_text(json.dumps([r.to_wire() for r in rows], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
