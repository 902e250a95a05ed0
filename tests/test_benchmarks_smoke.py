"""The benchmark harness still runs end to end (tiny mode) and reports every metric.

No timing is asserted: the numbers of a tiny run on a CI machine mean nothing. What is asserted
is that each group ran, that every metric row is there, and that the JSON report is complete.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: One fragment per metric row the harness must produce (in order).
EXPECTED = [
    "cold start to first page painted",
    "cold start to exit after the first page",
    "import time",
    "search keystroke to rows painted",
    "search requests typing 'industries' (no pause)",
    "stale pages shown while typing (no pause)",
    "search requests typing 'industries' (one 600 ms pause)",
    "stale pages shown while typing (one 600 ms pause)",
    "page flip to a prefetched page",
    "page flip to a page not fetched yet",
    "longest input stall holding page-down (demo",
    "edge press to next page painted while scrolling (demo",
    "peak RSS after scrolling (demo",
    "longest input stall holding page-down (app alone",
    "edge press to next page painted while scrolling (app alone",
    "peak RSS after scrolling (app alone",
    "open a record with",
    "open its edit form",
    "client overhead: search, page of 100 (ASGI",
    "client overhead: search, page of 10 (ASGI",
    "client overhead: get one record (ASGI",
    "client overhead: search, page of 100 (loopback",
    "client overhead: search, page of 10 (loopback",
    "client overhead: get one record (loopback",
    "seed the sandbox",
    "first request (count not cached)",
    "filtered+ordered search, page of 100 at 2,000: repeated",
    "PATCH round trip",
]


def test_tiny_run_reports_every_metric(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--tiny", "--json", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(report.read_text())
    assert data["mode"] == "tiny"
    assert {"nproc", "cpu", "memory", "python"} <= set(data["machine"])
    metrics = [row["metric"] for row in data["rows"]]
    assert len(metrics) == len(EXPECTED), metrics
    for fragment, metric in zip(EXPECTED, metrics, strict=True):
        assert fragment in metric
    for row in data["rows"]:
        assert row["status"] in {"PASS", "FAIL", "INFO", "n/a"}
        if "edit form" not in row["metric"]:
            assert row["value"] is not None, row  # measured, whatever the figure
    # the printed table has the same rows, with a result column
    assert "result" in proc.stdout.splitlines()[0]
    assert all(fragment.split(" (")[0] in proc.stdout for fragment in EXPECTED)


def test_first_page_mark_follows_the_painted_rows(tmp_path: Path) -> None:
    """The cold-start clock stops at a mark the app writes right behind the first page's frame."""
    from benchmarks.startup import child_env, run_in_pty
    from kizen_tui.ui.bench_hooks import FIRST_PAGE_MARK

    env = child_env(tmp_path, KIZEN_TUI_BENCH_EXIT_AFTER_FIRST_PAGE="1")
    mark = FIRST_PAGE_MARK.encode()
    run = run_in_pty([sys.executable, "-m", "kizen_tui", "--demo", "companies"], env, mark=mark)
    assert run.marked is not None, run.output[-2000:]
    assert 0 < run.marked <= run.elapsed
    before = run.output[:run.output.index(mark)]
    assert "1–100 of".encode() in before, "the status line of the first page precedes the mark"
    assert run.output.count(mark) == 1

