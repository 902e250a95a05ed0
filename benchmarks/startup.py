"""Cold start and import time, measured on fresh processes.

Cold start is wall time from spawning `kizen-tui --demo companies` in a 120×36 pseudo-terminal to
the first page of 100 rows painted: with `KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE=1` the app writes
a mark to the terminal right behind the frame that shows the rows, then exits
(`kizen_tui/ui/bench_hooks.py`); the time is taken when the mark is read from the terminal. The
baseline, as the budget in DESIGN.md names it, is the start-to-exit time of a bare Textual app that
exits after its first paint, run the same way, interleaved run by run so that load from other
processes hits both alike. A second row reports kizen-tui's start to exit after the first page
(which adds Textual's shutdown, 100-200 ms of waiting for its input thread): the stricter figure
this benchmark reported until the mark existed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from benchmarks.core import ROOT, Budget, Mode, Row, median, ms, now
from kizen_tui.ui.bench_hooks import FIRST_PAGE_MARK

BARE_APP = """\
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    def compose(self):
        yield Header()
        yield Label("hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run()
"""
#: What the demo imports before its first page (the CLI path, the sandbox, the browse screen).
KIZEN_IMPORTS = ("import kizen_tui.cli, kizen_tui.session, kizen_tui.sandbox, "
                 "kizen_tui.ui.app, kizen_tui.ui.screens.browse")
BARE_IMPORTS = "import textual.app, textual.widgets"
SIZE = (120, 36)


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured process: private kizen-tui dirs, bytecode caching on."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KIZEN_", "TEXTUAL")) and k != "PYTHONDONTWRITEBYTECODE"}
    for var, sub in (("KIZEN_TUI_CONFIG_DIR", "config"), ("KIZEN_TUI_DATA_DIR", "data"),
                     ("KIZEN_TUI_CACHE_DIR", "cache"), ("KIZEN_TUI_LOG_DIR", "log")):
        env[var] = str(home / sub)
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


class PtyRun(NamedTuple):
    """One process run on a pseudo-terminal."""

    elapsed: float
    """Seconds from spawn to exit."""
    output: bytes
    """Everything it wrote to the terminal."""
    marked: float | None
    """Seconds from spawn to the first time `mark` was read, or None (no mark, or not seen)."""


def run_in_pty(argv: list[str], env: dict[str, str], timeout: float = 60.0, *,
               mark: bytes | None = None) -> PtyRun:
    """Spawn `argv` on a fresh pseudo-terminal and read it until the process exits."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = now()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            close_fds=True, start_new_session=True)
    os.close(slave)
    output = bytearray()
    marked: float | None = None
    try:
        while now() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                output += chunk
                # Search only the tail the chunk could complete (the mark may be split).
                if mark and marked is None and mark in output[-(len(chunk) + len(mark)):]:
                    marked = now() - started
                if chunk:
                    continue
            if proc.poll() is not None:
                break
        else:
            proc.kill()
            raise TimeoutError(f"{argv} did not exit within {timeout} s")
        proc.wait()
        elapsed = now() - started
    finally:
        os.close(master)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv} exited with {proc.returncode}: {bytes(output[-2000:])!r}")
    return PtyRun(elapsed, bytes(output), marked)


def cold_start(mode: Mode, home: Path) -> list[Row]:
    """Process start to first page painted, against a bare Textual app's start to exit."""
    kizen = [sys.executable, "-m", "kizen_tui", "--demo", "companies"]
    bare = [sys.executable, "-c", BARE_APP]
    env = child_env(home, KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE="1")
    mark = FIRST_PAGE_MARK.encode()
    if mode.name != "tiny":
        run_in_pty(kizen, env, mark=mark)  # warm-up: bytecode caches, the page cache
        run_in_pty(bare, env)
    painted, exited, bare_times, notes = [], [], [], set()
    for _ in range(mode.runs):
        run = run_in_pty(kizen, env, mark=mark)
        exited.append(run.elapsed)
        if run.marked is None:
            notes.add("no first-page mark seen: timed to exit")
        painted.append(run.elapsed if run.marked is None else run.marked)
        if b"1\xe2\x80\x93100 of" not in run.output[:run.output.find(mark)]:
            notes.add("first page not seen in the terminal output before the mark")
        bare_times.append(run_in_pty(bare, env).elapsed)
    note = "; ".join(sorted(notes))
    baseline = ms(median(bare_times))
    return [
        Row("startup", "cold start to first page painted (demo, 120×36 pty)",
            ms(median(painted)), "ms", baseline, "bare Textual app, start to exit",
            Budget("ratio", 1.5), note, [ms(t) for t in painted]),
        Row("startup", "cold start to exit after the first page (adds Textual's shutdown)",
            ms(median(exited)), "ms", baseline, "bare Textual app, start to exit", None,
            "", [ms(t) for t in exited]),
    ]


def import_time(mode: Mode, home: Path) -> list[Row]:
    """Wall time of the demo's imports against Textual's, and what dominates them."""
    env = child_env(home)
    code = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    runs = mode.runs

    def timed(imports: str) -> float:
        out = subprocess.run([sys.executable, "-c", code.format(imports)], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return float(out.strip().splitlines()[-1])

    if mode.name != "tiny":
        timed(KIZEN_IMPORTS)  # warm-up (bytecode caches)
    kizen, bare = [], []
    for _ in range(runs):
        kizen.append(timed(KIZEN_IMPORTS))
        bare.append(timed(BARE_IMPORTS))
    top = dominant_imports(env)
    return [Row("startup", "import time (CLI + sandbox + browse screen)", ms(median(kizen)),
                "ms", ms(median(bare)), "import textual.app + widgets", None,
                f"self time by package: {top}", [ms(t) for t in kizen])]


def dominant_imports(env: dict[str, str], count: int = 6) -> str:
    """The packages with the most import self time (`python -X importtime`)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", KIZEN_IMPORTS], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=True)
    totals: dict[str, int] = defaultdict(int)
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", line)
        if match:
            package = match.group(2).split(".")[0]
            if package == "kizen_tui":
                package = ".".join(match.group(2).split(".")[:2])
            totals[package] += int(match.group(1))
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in ranked)


def run(mode: Mode, home: Path) -> list[Row]:
    """All start-up rows."""
    return [*cold_start(mode, home), *import_time(mode, home)]
