"""`python -m benchmarks [--quick | --tiny] [--only GROUP ...] [--json PATH] [--markdown]`.

Runs every group of measurements, each in a fresh worker process, prints one table (metric,
value, baseline, ratio, budget, PASS/FAIL) and writes it as JSON to
`benchmarks/results/latest.json`. Full mode is the default; `--quick` scrolls 40 pages instead of
the whole object and repeats less; `--tiny` is a smoke check of the harness (small data, one run
each, under half a minute) whose numbers mean nothing.

The exit status is 0 even when budgets fail: the table is the result. It is 1 when a group
could not be measured at all.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.core import MODES, RESULTS, ROOT, Row, machine, markdown_table, now, table
from benchmarks.startup import child_env
from benchmarks.worker import GROUPS

#: Seconds a group may take before it is given up (full mode scrolls 1,000 pages).
TIMEOUTS = {"full": 1800, "quick": 600, "tiny": 120}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", const="quick", dest="mode",
                      help="fewer runs, scroll 40 pages (a couple of minutes)")
    size.add_argument("--tiny", action="store_const", const="tiny", dest="mode",
                      help="smoke check of the harness: tiny data, one run each")
    parser.add_argument("--only", nargs="+", choices=sorted(GROUPS), metavar="GROUP",
                        help=f"run only these groups ({', '.join(GROUPS)})")
    parser.add_argument("--json", type=Path, default=RESULTS / "latest.json",
                        help="where to write the JSON report (default %(default)s)")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the table as Markdown (for the README)")
    parser.set_defaults(mode="full")
    return parser.parse_args(argv)


def run_group(group: str, mode: str, home: Path) -> list[Row]:
    """Run one group in a worker process; a failure becomes a single n/a row."""
    out = home / f"{group}.json"
    started = now()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.worker", group, mode, str(out)],
                          cwd=ROOT, env=child_env(home / group), capture_output=True,
                          text=True, timeout=TIMEOUTS[mode])
    print(f"  {group}: {now() - started:.0f} s", file=sys.stderr)
    if proc.returncode != 0 or not out.exists():
        log = RESULTS / f"{group}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(proc.stdout + proc.stderr)
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return [Row(group, f"{group} (failed)", None, "",
                    note=f"error: {tail[0][:200]} (see {log.relative_to(ROOT)})")]
    return [Row.from_json(item) for item in json.loads(out.read_text())]


def main(argv: list[str] | None = None) -> int:
    """Run the groups, print the table, write the JSON report."""
    from benchmarks.core import write_report

    args = parse_args(sys.argv[1:] if argv is None else argv)
    mode = MODES[args.mode]
    started = now()
    info = machine()
    print(f"kizen-tui benchmarks, {mode.name} mode — {info['nproc']} CPUs, {info['memory']}, "
          f"{info['cpu']}, Python {info['python']}, commit {info['git_commit']}",
          file=sys.stderr)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kizen-bench-") as tmp:
        for group in args.only or list(GROUPS):
            rows += run_group(group, mode.name, Path(tmp))
    print(table(rows))
    if args.markdown:
        print()
        print(markdown_table(rows))
    write_report(args.json, mode, rows, started)
    print(f"\nwritten to {args.json} in {now() - started:.0f} s", file=sys.stderr)
    return 1 if any(r.metric.endswith("(failed)") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
