"""Result rows, budgets, modes, the table and the JSON report.

Every figure is a median of several runs and sits next to a baseline measured in the same run on
the same machine: absolute times on a shared machine are noise, a ratio to a neighbour measured a
moment earlier is much less so. Budgets come from DESIGN.md "Performance budget"; a budget is
either a ratio to the baseline or an absolute limit on the value.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


@dataclass(frozen=True)
class Budget:
    """A limit from DESIGN.md: on the ratio to the baseline, or on the value itself."""

    kind: Literal["ratio", "max"]
    limit: float

    def text(self, unit: str) -> str:
        """How the budget reads in the table."""
        if self.kind == "ratio":
            return f"≤ {self.limit:g}×"
        return f"≤ {self.limit:g} {unit}".rstrip()

    def met(self, value: float, ratio: float | None) -> bool:
        """Whether a measured value (and its ratio) is within the budget."""
        if self.kind == "ratio":
            return ratio is not None and ratio <= self.limit
        return value <= self.limit


@dataclass
class Row:
    """One metric of the report."""

    group: str
    metric: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    budget: Budget | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """value / baseline, when both are known and the baseline is not zero."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def status(self) -> str:
        """PASS / FAIL against the budget, INFO without one, n/a when not measured."""
        if self.value is None:
            return "n/a"
        if self.budget is None:
            return "INFO"
        return "PASS" if self.budget.met(self.value, self.ratio) else "FAIL"

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object (derived fields included)."""
        out = asdict(self)
        out["budget"] = self.budget.text(self.unit) if self.budget else None
        out["ratio"] = self.ratio
        out["status"] = self.status
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        """Rebuild a row written by `to_json` (budgets travel as kind/limit pairs)."""
        budget = data.get("budget_spec")
        return cls(group=data["group"], metric=data["metric"], value=data["value"],
                   unit=data["unit"], baseline=data.get("baseline"),
                   baseline_label=data.get("baseline_label", ""),
                   budget=Budget(budget[0], budget[1]) if budget else None,
                   note=data.get("note", ""), samples=list(data.get("samples", [])))

    def to_wire(self) -> dict[str, Any]:
        """The row as a worker process sends it to the runner."""
        out = self.to_json()
        out["budget_spec"] = [self.budget.kind, self.budget.limit] if self.budget else None
        return out


@dataclass(frozen=True)
class Mode:
    """How much work a run does."""

    name: str
    runs: int
    """Repetitions of each timed step (the median is reported)."""
    big_records: int
    """Size of the big object (`companies`) for browsing, scrolling and sandbox metrics."""
    small_records: int
    """Records per object where size does not matter (client overhead, wide record)."""
    scroll_pages: int | None
    """Pages to scroll through with page-down (None: to the last page)."""
    seed_runs: int
    """How many times the 100k seeding is timed."""
    pace: float = 1.0
    """Scale of human delays (typing, pauses); below 1 only to make the smoke check fast."""


MODES = {
    "full": Mode("full", runs=9, big_records=100_000, small_records=2_000, scroll_pages=None,
                 seed_runs=3),
    "quick": Mode("quick", runs=5, big_records=100_000, small_records=2_000, scroll_pages=40,
                  seed_runs=1),
    "tiny": Mode("tiny", runs=1, big_records=2_000, small_records=300, scroll_pages=2,
                 seed_runs=1, pace=0.4),
}


def median(values: Iterable[float]) -> float:
    """The median (raises on an empty sequence)."""
    return statistics.median(list(values))


def ms(seconds: float) -> float:
    """Seconds to milliseconds."""
    return seconds * 1000.0


def now() -> float:
    """A monotonic clock in seconds."""
    return time.perf_counter()


def fmt(value: float | None, unit: str) -> str:
    """A value with a sensible number of digits."""
    if value is None:
        return "—"
    if unit in ("×", "req"):
        return f"{value:.2f}{unit}" if unit == "×" else f"{value:g} {unit}"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {unit}"


def table(rows: Sequence[Row]) -> str:
    """The report as a fixed-width text table."""
    head = ["metric", "value", "baseline", "ratio", "budget", "result"]
    body = []
    for row in rows:
        value = fmt(row.value, row.unit) if row.value is not None else (row.note or "n/a")
        base = fmt(row.baseline, row.unit) if row.baseline is not None else "—"
        if row.baseline_label and row.baseline is not None:
            base = f"{base} ({row.baseline_label})"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        budget = row.budget.text(row.unit) if row.budget else "—"
        body.append([row.metric, value, base, ratio, budget, row.status])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: Sequence[Row]) -> str:
    """The report as a Markdown table (for the README)."""
    lines = ["| metric | value | baseline | ratio | budget | result |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        value = fmt(row.value, row.unit) if row.value is not None else (row.note or "n/a")
        base = fmt(row.baseline, row.unit) if row.baseline is not None else "—"
        if row.baseline_label and row.baseline is not None:
            base = f"{base} ({row.baseline_label})"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        budget = row.budget.text(row.unit) if row.budget else "—"
        lines.append(f"| {row.metric} | {value} | {base} | {ratio} | {budget} | {row.status} |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    return {"nproc": os.cpu_count(), "memory": _memory(), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average": list(os.getloadavg()), "git_commit": _git_commit()}


def _memory() -> str:
    try:
        out = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout
        return " ".join(out.splitlines()[1].split()[1:2]) + " total"
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "?"


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def write_report(path: Path, mode: Mode, rows: Sequence[Row], started: float) -> None:
    """Write the JSON report (rows plus the machine and the mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"mode": mode.name, "machine": machine(), "seconds": round(now() - started, 1),
              "rows": [r.to_json() for r in rows]}
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
