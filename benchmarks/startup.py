"""Cold start and import time, measured on fresh processes.

Cold start is wall time from spawning `kizen-tui --demo companies` in a 120×36 pseudo-terminal to
its exit, with `KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE=1` making it exit right after the first page
of 100 rows has been painted (`kizen_tui/ui/bench_hooks.py`). The baseline is a bare Textual app
that exits after its first paint, run the same way, interleaved run by run so that load from
other processes hits both alike. Both pay Python start-up and Textual's shutdown.
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

from benchmarks.core import ROOT, Budget, Mode, Row, median, ms, now

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


def run_in_pty(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, bytes]:
    """Spawn `argv` on a fresh pseudo-terminal; return (seconds to exit, what it wrote)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = now()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            close_fds=True, start_new_session=True)
    os.close(slave)
    output = bytearray()
    try:
        while now() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                output += chunk
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
    return elapsed, bytes(output)


def cold_start(mode: Mode, home: Path) -> list[Row]:
    """Process start to first page painted, against a bare Textual app's start to exit."""
    kizen = [sys.executable, "-m", "kizen_tui", "--demo", "companies"]
    bare = [sys.executable, "-c", BARE_APP]
    env = child_env(home, KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE="1")
    if mode.name != "tiny":
        run_in_pty(kizen, env)  # warm-up: writes bytecode caches, warms the page cache
        run_in_pty(bare, env)
    kizen_times, bare_times, painted = [], [], True
    for _ in range(mode.runs):
        elapsed, output = run_in_pty(kizen, env)
        kizen_times.append(elapsed)
        painted = painted and b"1\xe2\x80\x93100 of" in output  # the status line "1–100 of N"
        bare_times.append(run_in_pty(bare, env)[0])
    note = "" if painted else "first page not seen in the terminal output"
    return [Row("startup", "cold start to first page painted (demo, 120×36 pty)",
                ms(median(kizen_times)), "ms", ms(median(bare_times)), "bare Textual app",
                Budget("ratio", 1.5), note, [ms(t) for t in kizen_times])]


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
